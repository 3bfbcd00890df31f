import KaiseiCore

/// The payload fields code reads, by event type, as typed references resolved against the
/// schemas once per process: `EventFields.shared` resolves all of them together the first time
/// it is used (replay touches it when a `Population` is made), so a misspelt name or a field read
/// as the wrong type stops the first replay of any test with a message naming the field.
///
/// Add a field here before reading it; read it as `event[EventFields.shared.incomeDeclared.salary]`.
/// A reference shared by several types (`household` of a move and of a household change) is
/// checked to sit at the same position in each.
public struct EventFields: Sendable {
    public static let shared = EventFields()

    public let residentRegistered = ResidentRegistered()
    public let householdChange = HouseholdChange()
    public let relationship = Relationship()
    public let disabilityStatusRecorded = DisabilityStatusRecorded()
    public let familyStatusRecorded = FamilyStatusRecorded()
    public let workingStudentStatusRecorded = WorkingStudentStatusRecorded()
    public let householdHeadDesignated = HouseholdHeadDesignated()
    public let incomeDeclared = IncomeDeclared()
    public let incomeCorrected = IncomeCorrected()
    public let deductionsDeclared = DeductionsDeclared()
    public let furusatoDonationMade = FurusatoDonationMade()
    public let oneStopExceptionLapsed = OneStopExceptionLapsed()
    public let nhiMembershipStarted = NhiMembershipStarted()
    public let nhiMembershipEnded = NhiMembershipEnded()
    public let involuntaryUnemploymentRecorded = InvoluntaryUnemploymentRecorded()
    public let maternityPeriodRecorded = MaternityPeriodRecorded()
    public let pensionExemptionDecided = PensionExemptionDecided()
    public let lightVehicleRegistered = LightVehicleRegistered()
    public let lightVehicleTransferred = LightVehicleTransferred()
    public let landParcelRegistered = LandParcelRegistered()
    public let propertyValued = PropertyValued()
    public let landUseRecorded = LandUseRecorded()
    public let propertyOwnershipTransferred = PropertyOwnershipTransferred()
    public let vacantHouseRecommendationIssued = VacantHouseRecommendationIssued()
    public let buildingRegistered = BuildingRegistered()
    public let levy = Levy()
    public let demand = Demand()
    public let settlement = Settlement()
    public let nameRecorded = NameRecorded()
    public let addressRecorded = AddressRecorded()
    public let staff = Staff()
    public let corporation = Corporation()

    // MARK: Residents and households

    public struct ResidentRegistered: Sendable {
        public let birthDate = FieldRef<CivilDate>("birth_date", of: .residentRegistered)
        public let household = FieldRef<String>("household", of: .residentRegistered)
        public let relationshipToHead = ChoiceRef<Vocabulary.RelationshipToHead>("relationship_to_head", of: .residentRegistered)
        public let sex = ChoiceRef<Vocabulary.Sex>("sex", of: .residentRegistered)
    }

    /// ResidentMovedWithinCity and ResidentHouseholdChanged.
    public struct HouseholdChange: Sendable {
        public let household = FieldRef<String>("household", of: .residentMovedWithinCity, .residentHouseholdChanged)
    }

    /// RelationshipStarted and RelationshipEnded (`cohabiting` is RelationshipStarted's only).
    public struct Relationship: Sendable {
        public let kind = ChoiceRef<Vocabulary.RelationshipKind>("kind", of: .relationshipStarted, .relationshipEnded)
        public let other = FieldRef<String>("other", of: .relationshipStarted, .relationshipEnded)
        public let cohabiting = FieldRef<Bool>("cohabiting", of: .relationshipStarted)
    }

    public struct DisabilityStatusRecorded: Sendable {
        public let status = ChoiceRef<Vocabulary.DisabilityStatus>("status", of: .disabilityStatusRecorded)
    }

    public struct FamilyStatusRecorded: Sendable {
        public let status = ChoiceRef<Vocabulary.FamilyStatus>("status", of: .familyStatusRecorded)
    }

    public struct WorkingStudentStatusRecorded: Sendable {
        public let workingStudent = FieldRef<Bool>("working_student", of: .workingStudentStatusRecorded)
    }

    public struct HouseholdHeadDesignated: Sendable {
        public let head = FieldRef<String>("head", of: .householdHeadDesignated)
    }

    // MARK: Income, deductions and donations

    public struct IncomeDeclared: Sendable {
        public let incomeYear = FieldRef<Int64>("income_year", of: .incomeDeclared)
        public let source = ChoiceRef<Vocabulary.IncomeSource>("source", of: .incomeDeclared)
        public let salary = FieldRef<Yen>("salary", of: .incomeDeclared)
        public let pension = FieldRef<Yen>("pension", of: .incomeDeclared)
        public let businessIncome = FieldRef<Yen>("business_income", of: .incomeDeclared)
        public let otherIncome = FieldRef<Yen>("other_income", of: .incomeDeclared)
    }

    /// The same names as IncomeDeclared at other positions: a reference of its own.
    public struct IncomeCorrected: Sendable {
        public let incomeYear = FieldRef<Int64>("income_year", of: .incomeCorrected)
        public let salary = FieldRef<Yen>("salary", of: .incomeCorrected)
        public let pension = FieldRef<Yen>("pension", of: .incomeCorrected)
        public let businessIncome = FieldRef<Yen>("business_income", of: .incomeCorrected)
        public let otherIncome = FieldRef<Yen>("other_income", of: .incomeCorrected)
    }

    public struct DeductionsDeclared: Sendable {
        public let incomeYear = FieldRef<Int64>("income_year", of: .deductionsDeclared)
        public let socialInsurance = FieldRef<Yen>("social_insurance", of: .deductionsDeclared)
        public let lifeInsurance = FieldRef<Yen>("life_insurance", of: .deductionsDeclared)
        public let earthquakeInsurance = FieldRef<Yen>("earthquake_insurance", of: .deductionsDeclared)
        public let medical = FieldRef<Yen>("medical", of: .deductionsDeclared)
        public let other = FieldRef<Yen>("other", of: .deductionsDeclared)
    }

    public struct FurusatoDonationMade: Sendable {
        public let amount = FieldRef<Yen>("amount", of: .furusatoDonationMade)
        public let receivingMunicipality = FieldRef<String>("receiving_municipality", of: .furusatoDonationMade)
        public let oneStop = FieldRef<Bool>("one_stop", of: .furusatoDonationMade)
    }

    public struct OneStopExceptionLapsed: Sendable {
        public let incomeYear = FieldRef<Int64>("income_year", of: .oneStopExceptionLapsed)
    }

    // MARK: National Health Insurance and national pension

    public struct NhiMembershipStarted: Sendable {
        public let household = FieldRef<String>("household", of: .nhiMembershipStarted)
        public let reason = ChoiceRef<Vocabulary.NhiEntryReason>("reason", of: .nhiMembershipStarted)
    }

    public struct NhiMembershipEnded: Sendable {
        public let reason = ChoiceRef<Vocabulary.NhiExitReason>("reason", of: .nhiMembershipEnded)
    }

    public struct InvoluntaryUnemploymentRecorded: Sendable {
        public let leftJobOn = FieldRef<CivilDate>("left_job_on", of: .involuntaryUnemploymentRecorded)
    }

    public struct MaternityPeriodRecorded: Sendable {
        public let expectedDelivery = FieldRef<CivilDate>("expected_delivery", of: .maternityPeriodRecorded)
        public let multipleBirth = FieldRef<Bool>("multiple_birth", of: .maternityPeriodRecorded)
    }

    public struct PensionExemptionDecided: Sendable {
        public let fiscalYear = FieldRef<Int64>("fiscal_year", of: .pensionExemptionDecided)
        public let kind = ChoiceRef<Vocabulary.PensionExemptionKind>("kind", of: .pensionExemptionDecided)
        public let approved = FieldRef<Bool>("approved", of: .pensionExemptionDecided)
    }

    // MARK: Light vehicles

    public struct LightVehicleRegistered: Sendable {
        public let owner = FieldRef<String>("owner", of: .lightVehicleRegistered)
        public let vehicleClass = ChoiceRef<Vocabulary.LightVehicleClass>("class", of: .lightVehicleRegistered)
        public let firstInspection = FieldRef<YearMonth>("first_inspection", of: .lightVehicleRegistered)
        public let firstInspectionYearOnly = FieldRef<Bool>("first_inspection_year_only", of: .lightVehicleRegistered)
        public let fuel = ChoiceRef<Vocabulary.VehicleFuel>("fuel", of: .lightVehicleRegistered)
        public let emissionStars = FieldRef<Int64>("emission_stars", of: .lightVehicleRegistered)
        public let fuelEconomyStandard = ChoiceRef<Vocabulary.FuelEconomyStandard>("fuel_economy_standard", of: .lightVehicleRegistered)
        public let fuelEconomyAchievementPercent = FieldRef<Int64>("fuel_economy_achievement_percent", of: .lightVehicleRegistered)
        public let newVehicle = FieldRef<Bool>("new_vehicle", of: .lightVehicleRegistered)
    }

    public struct LightVehicleTransferred: Sendable {
        public let newOwner = FieldRef<String>("new_owner", of: .lightVehicleTransferred)
    }

    // MARK: Land and buildings

    public struct LandParcelRegistered: Sendable {
        public let owners = FieldRef<[String]>("owners", of: .landParcelRegistered)
        public let category = ChoiceRef<Vocabulary.LandCategory>("category", of: .landParcelRegistered)
        /// Hundredths of a m².
        public let areaM2 = FieldRef<Int64>("area_m2", of: .landParcelRegistered)
        public let urbanizationArea = FieldRef<Bool>("urbanization_area", of: .landParcelRegistered)
    }

    /// LandValued and BuildingValued.
    public struct PropertyValued: Sendable {
        public let assessmentYear = FieldRef<Int64>("assessment_year", of: .landValued, .buildingValued)
        public let value = FieldRef<Yen>("value", of: .landValued, .buildingValued)
    }

    public struct LandUseRecorded: Sendable {
        public let use = ChoiceRef<Vocabulary.LandUse>("use", of: .landUseRecorded)
        public let dwellings = FieldRef<Int64>("dwellings", of: .landUseRecorded)
        public let residentialFloorSharePercent = FieldRef<Int64>("residential_floor_share_percent", of: .landUseRecorded)
        public let floors = FieldRef<Int64>("floors", of: .landUseRecorded)
    }

    public struct PropertyOwnershipTransferred: Sendable {
        public let owners = FieldRef<[String]>("owners", of: .propertyOwnershipTransferred)
    }

    public struct VacantHouseRecommendationIssued: Sendable {
        public let category = ChoiceRef<Vocabulary.VacantHouseCategory>("category", of: .vacantHouseRecommendationIssued)
    }

    public struct BuildingRegistered: Sendable {
        public let parcel = FieldRef<String>("parcel", of: .buildingRegistered)
        public let owners = FieldRef<[String]>("owners", of: .buildingRegistered)
        public let use = ChoiceRef<Vocabulary.BuildingUse>("use", of: .buildingRegistered)
        /// Hundredths of a m², as is `dwellingFloorAreaM2`.
        public let floorAreaM2 = FieldRef<Int64>("floor_area_m2", of: .buildingRegistered)
        public let dwellingFloorAreaM2 = FieldRef<Int64>("dwelling_floor_area_m2", of: .buildingRegistered)
        public let dwellings = FieldRef<Int64>("dwellings", of: .buildingRegistered)
        public let structure = ChoiceRef<Vocabulary.BuildingStructure>("structure", of: .buildingRegistered)
        public let storeys = FieldRef<Int64>("storeys", of: .buildingRegistered)
        public let newlyBuilt = FieldRef<Bool>("newly_built", of: .buildingRegistered)
        public let longLifeQuality = FieldRef<Bool>("long_life_quality", of: .buildingRegistered)
    }

    // MARK: Levies and payments

    // MARK: 宛名 and staff

    public struct NameRecorded: Sendable {
        public let name = FieldRef<String>("name", of: .nameRecorded)
        public let kana = FieldRef<String>("kana", of: .nameRecorded)
        public let reason = ChoiceRef<Vocabulary.NameReason>("reason", of: .nameRecorded)
    }

    public struct AddressRecorded: Sendable {
        public let town = FieldRef<String>("town", of: .addressRecorded)
        public let block = FieldRef<String>("block", of: .addressRecorded)
        public let building = FieldRef<String>("building", of: .addressRecorded)
        public let postalCode = FieldRef<String>("postal_code", of: .addressRecorded)
    }

    /// StaffAccountAdded, StaffAccountDisabled and StaffPasswordReset.
    public struct Staff: Sendable {
        public let user = FieldRef<String>("user", of: .staffAccountAdded)
        public let role = ChoiceRef<Vocabulary.StaffRole>("role", of: .staffAccountAdded)
        public let addedPasswordHash = FieldRef<String>("password_hash", of: .staffAccountAdded)
        public let resetPasswordHash = FieldRef<String>("password_hash", of: .staffPasswordReset)
    }

    /// LevyAssessed, LevyCorrected and PaymentReceived (`revisionSet` and `watermark` are the
    /// levies' only).
    public struct Levy: Sendable {
        public let tax = ChoiceRef<Vocabulary.LevyTax>("tax", of: .levyAssessed, .levyCorrected, .paymentReceived)
        public let fiscalYear = FieldRef<Int64>("fiscal_year", of: .levyAssessed, .levyCorrected, .paymentReceived)
        public let amount = FieldRef<Yen>("amount", of: .levyAssessed, .levyCorrected, .paymentReceived)
        public let revisionSet = FieldRef<String>("revision_set", of: .levyAssessed, .levyCorrected)
        public let watermark = FieldRef<Int64>("watermark", of: .levyAssessed, .levyCorrected)
        public let paymentKind = ChoiceRef<Vocabulary.PaymentKind>("kind", of: .paymentReceived)
        public let instalment = FieldRef<Int64>("instalment", of: .paymentReceived)
        /// Each type's own reference: the field sits after the others of its type.
        public let dueDateAssessed = FieldRef<CivilDate>("due_date", of: .levyAssessed)
        public let dueDateCorrected = FieldRef<CivilDate>("due_date", of: .levyCorrected)
        public let returnFiledAssessed = FieldRef<CivilDate>("return_filed", of: .levyAssessed)
        public let returnFiledCorrected = FieldRef<CivilDate>("return_filed", of: .levyCorrected)
        public let fraudForeseenAssessed = FieldRef<Bool>("fraud_foreseen", of: .levyAssessed)
        public let fraudForeseenCorrected = FieldRef<Bool>("fraud_foreseen", of: .levyCorrected)
    }

    /// OverpaymentAppropriated and OverpaymentRefunded.
    public struct Settlement: Sendable {
        public let tax = ChoiceRef<Vocabulary.LevyTax>("tax", of: .overpaymentAppropriated, .overpaymentRefunded)
        public let fiscalYear = FieldRef<Int64>("fiscal_year", of: .overpaymentAppropriated, .overpaymentRefunded)
        public let amount = FieldRef<Yen>("amount", of: .overpaymentAppropriated, .overpaymentRefunded)
        public let targetTax = ChoiceRef<Vocabulary.LevyTax>("target_tax", of: .overpaymentAppropriated)
        public let targetFiscalYear = FieldRef<Int64>("target_fiscal_year", of: .overpaymentAppropriated)
        public let deemedPaidOn = FieldRef<CivilDate>("deemed_paid_on", of: .overpaymentAppropriated)
        public let targetKind = ChoiceRef<Vocabulary.PaymentKind>("target_kind", of: .overpaymentAppropriated)
        public let interest = FieldRef<Yen>("interest", of: .overpaymentRefunded)
        /// A 充当's 還付加算金 (absent: none); at a different place than a refund's.
        public let appropriatedInterest = FieldRef<Yen>("interest", of: .overpaymentAppropriated)
        /// What of the levy was overpaid (absent: its tax); at a different place in each type.
        public let appropriatedKind = ChoiceRef<Vocabulary.PaymentKind>("kind", of: .overpaymentAppropriated)
        public let refundedKind = ChoiceRef<Vocabulary.PaymentKind>("kind", of: .overpaymentRefunded)
    }

    /// DemandNoticeIssued.
    public struct Demand: Sendable {
        public let tax = ChoiceRef<Vocabulary.LevyTax>("tax", of: .demandNoticeIssued)
        public let fiscalYear = FieldRef<Int64>("fiscal_year", of: .demandNoticeIssued)
        public let instalment = FieldRef<Int64>("instalment", of: .demandNoticeIssued)
        public let dueDate = FieldRef<CivilDate>("due_date", of: .demandNoticeIssued)
        public let fee = FieldRef<Yen>("fee", of: .demandNoticeIssued)
    }

    // MARK: Corporations

    /// CorporationRegistered, OfficeOpened, OfficeClosed and CorporateReturnFiled.
    public struct Corporation: Sendable {
        public let corporateNumber = FieldRef<String>("corporate_number", of: .corporationRegistered)
        public let publicInterest = FieldRef<Bool>("public_interest", of: .corporationRegistered)
        public let individual = FieldRef<Bool>("individual", of: .corporationRegistered)
        public let office = FieldRef<String>("office", of: .officeOpened, .officeClosed)
        public let floor = FieldRef<Int64>("floor_m2", of: .officeOpened)
        public let shared = FieldRef<Int64>("shared_m2", of: .officeOpened)
        public let allExclusive = FieldRef<Int64>("all_exclusive_m2", of: .officeOpened)
        public let exempt = FieldRef<Int64>("exempt_m2", of: .officeOpened)
        public let specialUse = ChoiceRef<Vocabulary.OfficeSpecialUse>("special_use", of: .officeOpened)
        public let specialArea = FieldRef<Int64>("special_m2", of: .officeOpened)
        public let kind = ChoiceRef<Vocabulary.CorporateReturnKind>("kind", of: .corporateReturnFiled)
        public let periodStart = FieldRef<CivilDate>("period_start", of: .corporateReturnFiled)
        public let periodEnd = FieldRef<CivilDate>("period_end", of: .corporateReturnFiled)
        public let capital = FieldRef<Yen>("capital", of: .corporateReturnFiled)
        public let nationalCorporateTax = FieldRef<Yen>("national_corporate_tax", of: .corporateReturnFiled)
        public let employeesInCity = FieldRef<Int64>("employees_in_city", of: .corporateReturnFiled)
        public let employeesTotal = FieldRef<Int64>("employees_total", of: .corporateReturnFiled)
        public let divisionEmployeesInCity = FieldRef<Int64>("division_employees_in_city", of: .corporateReturnFiled)
        public let divisionEmployeesTotal = FieldRef<Int64>("division_employees_total", of: .corporateReturnFiled)
        public let officeTaxEmployees = FieldRef<Int64>("office_tax_employees", of: .corporateReturnFiled)
        public let payroll = FieldRef<Yen>("payroll", of: .corporateReturnFiled)
        public let exemptPayroll = FieldRef<Yen>("exempt_payroll", of: .corporateReturnFiled)
        public let payrollSpecialUse = ChoiceRef<Vocabulary.OfficeSpecialUse>("special_use", of: .corporateReturnFiled)
        public let specialPayroll = FieldRef<Yen>("special_payroll", of: .corporateReturnFiled)
        public let fraudForeseen = FieldRef<Bool>("fraud_foreseen", of: .corporateReturnFiled)
        public let proprietorDied = FieldRef<Bool>("proprietor_died", of: .corporateReturnFiled)
    }
}
