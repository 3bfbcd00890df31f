/// Every choice vocabulary of the event schemas, one enum each (see `ChoiceVocabulary`).
///
/// **The order of the cases is the stored code.** A payload stores a choice as its position, so
/// a case is never moved, removed or re-spelt; a new code is appended as the last case. Swift
/// case names may be renamed freely; raw values are the wire spellings.
///
/// The enums live in this namespace because the domain has types of the same names
/// (`Law.LandCategory`, `Certificates.CertificateKind`, `Replay.LevyTax`): a vocabulary is what an
/// event records, and the fold maps it to the domain type with an exhaustive `switch`.
public enum Vocabulary {
    // MARK: Residents and households

    /// `ResidentRegistered.reason`: how the person came onto the register.
    public enum RegistrationReason: String, ChoiceVocabulary {
        // Stored by position: append only, never reorder.
        case birth, moveIn = "move_in", existing
    }

    /// 続柄 to the head of household (`ResidentRegistered`, `ResidentMovedWithinCity`,
    /// `ResidentHouseholdChanged`).
    public enum RelationshipToHead: String, ChoiceVocabulary {
        // Stored by position: append only, never reorder.
        case head, spouse, child, parent, sibling, grandchild, other
    }

    /// `ResidentRegistered.sex`, as registered.
    public enum Sex: String, ChoiceVocabulary {
        // Stored by position: append only, never reorder.
        case female, male, unspecified
    }

    /// 配偶者 or 扶養親族 (`RelationshipStarted.kind`, `RelationshipEnded.kind`).
    public enum RelationshipKind: String, ChoiceVocabulary {
        // Stored by position: append only, never reorder.
        case spouse, dependant
    }

    /// `RelationshipEnded.reason`.
    public enum RelationshipEndReason: String, ChoiceVocabulary {
        // Stored by position: append only, never reorder.
        case divorce, death, independence, other
    }

    /// 障害の程度 (`DisabilityStatusRecorded.status`).
    public enum DisabilityStatus: String, ChoiceVocabulary {
        // Stored by position: append only, never reorder.
        case none, general, special
    }

    /// 寡婦 / ひとり親 status as declared (`FamilyStatusRecorded.status`).
    public enum FamilyStatus: String, ChoiceVocabulary {
        // Stored by position: append only, never reorder.
        case none, widow, singleParent = "single_parent", widower, specialWidow = "special_widow"
    }

    // MARK: Income and donations

    /// Where a declared income comes from (`IncomeDeclared.source`): 給与支払報告書, 確定申告, 住民税申告.
    public enum IncomeSource: String, ChoiceVocabulary {
        // Stored by position: append only, never reorder.
        case salaryReport = "salary_report", finalReturn = "final_return", residentReturn = "resident_return"
    }

    /// Why the one-stop 申告特例 lapsed (`OneStopExceptionLapsed.reason`).
    public enum OneStopLapseReason: String, ChoiceVocabulary {
        // Stored by position: append only, never reorder.
        case finalReturnFiled = "final_return_filed", residentReturnFiled = "resident_return_filed"
        case moreThanFiveMunicipalities = "more_than_five_municipalities"
    }

    // MARK: Light vehicles

    /// 車種区分 of 地方税法第463条の15 (`LightVehicleRegistered.class`).
    public enum LightVehicleClass: String, ChoiceVocabulary {
        // Stored by position: append only, never reorder.
        case moped50 = "moped_50", moped90 = "moped_90", moped125 = "moped_125", minicar
        case keiMotorcycle = "kei_motorcycle", smallMotorcycle = "small_motorcycle"
        case smallSpecialAgricultural = "small_special_agricultural", smallSpecialOther = "small_special_other"
        case keiThreeWheel = "kei_three_wheel"
        case keiPassengerPrivate = "kei_passenger_private", keiPassengerBusiness = "kei_passenger_business"
        case keiCargoPrivate = "kei_cargo_private", keiCargoBusiness = "kei_cargo_business"
        case keiTrailer = "kei_trailer"
    }

    /// 燃料の種類 (`LightVehicleRegistered.fuel`).
    public enum VehicleFuel: String, ChoiceVocabulary {
        // Stored by position: append only, never reorder.
        case gasoline, diesel, lpg, gasolineHybrid = "gasoline_hybrid", electric, naturalGas = "natural_gas"
        case methanol, fuelCell = "fuel_cell", none
    }

    /// 燃費基準 a fuel-economy achievement is measured against (`LightVehicleRegistered.fuel_economy_standard`).
    public enum FuelEconomyStandard: String, ChoiceVocabulary {
        // Stored by position: append only, never reorder.
        case h22 = "H22", h27 = "H27", r2 = "R2", r12 = "R12"
    }

    /// Why a light vehicle left the register (`LightVehicleDeregistered.reason`).
    public enum VehicleDeregistrationReason: String, ChoiceVocabulary {
        // Stored by position: append only, never reorder.
        case scrapped, exported, movedOut = "moved_out", stolen, other
    }

    // MARK: Land and buildings

    /// 現況地目 (`LandParcelRegistered.category`).
    public enum LandCategory: String, ChoiceVocabulary {
        // Stored by position: append only, never reorder.
        case residential, commercial, industrial, farmland, forest, miscellaneous
    }

    /// 住宅用地 status (`LandUseRecorded.use`).
    public enum LandUse: String, ChoiceVocabulary {
        // Stored by position: append only, never reorder.
        case nonResidential = "non_residential", residential, partlyResidential = "partly_residential"
    }

    /// 特定空家等 or 管理不全空家等 (`VacantHouseRecommendationIssued.category`, `…Withdrawn.category`).
    public enum VacantHouseCategory: String, ChoiceVocabulary {
        // Stored by position: append only, never reorder.
        case specified, poorlyManaged = "poorly_managed"
    }

    /// Why a parcel left the register (`LandParcelClosed.reason`).
    public enum ParcelClosureReason: String, ChoiceVocabulary {
        // Stored by position: append only, never reorder.
        case merged, divided, acquiredByPublicBody = "acquired_by_public_body", other
    }

    /// 用途 of a building (`BuildingRegistered.use`).
    public enum BuildingUse: String, ChoiceVocabulary {
        // Stored by position: append only, never reorder.
        case dwelling, nonDwelling = "non_dwelling", mixed
    }

    /// 構造 of a building (`BuildingRegistered.structure`).
    public enum BuildingStructure: String, ChoiceVocabulary {
        // Stored by position: append only, never reorder.
        case wooden, nonWooden = "non_wooden"
    }

    // MARK: National Health Insurance and national pension

    /// 資格取得事由 (`NhiMembershipStarted.reason`).
    public enum NhiEntryReason: String, ChoiceVocabulary {
        // Stored by position: append only, never reorder.
        case moveIn = "move_in", birth, leftEmployeeInsurance = "left_employee_insurance"
        case leftPublicAssistance = "left_public_assistance", other
    }

    /// 資格喪失事由 (`NhiMembershipEnded.reason`); `lateElderlyInsurance` is the 75th birthday.
    public enum NhiExitReason: String, ChoiceVocabulary {
        // Stored by position: append only, never reorder.
        case moveOut = "move_out", death, joinedEmployeeInsurance = "joined_employee_insurance"
        case lateElderlyInsurance = "late_elderly_insurance", publicAssistance = "public_assistance", other
    }

    /// 雇用保険受給資格者証の離職理由コード (`InvoluntaryUnemploymentRecorded.reason_code`):
    /// 特定受給資格者 11–32, 特定理由離職者 23, 33, 34.
    public enum JobLossReasonCode: String, ChoiceVocabulary {
        // Stored by position (not in numeric order): append only, never reorder.
        case code11 = "11", code12 = "12", code21 = "21", code22 = "22", code31 = "31", code32 = "32"
        case code23 = "23", code33 = "33", code34 = "34"
    }

    /// 国民年金 取得事由 (`NationalPensionEnrolled.reason`).
    public enum PensionEnrolmentReason: String, ChoiceVocabulary {
        // Stored by position: append only, never reorder.
        case turned20 = "turned_20", leftEmployment = "left_employment", moveIn = "move_in", other
    }

    /// 国民年金 喪失事由 (`NationalPensionLost.reason`).
    public enum PensionLossReason: String, ChoiceVocabulary {
        // Stored by position: append only, never reorder.
        case employment, turned60 = "turned_60", death, moveOut = "move_out", other
    }

    /// 全額・4分の3・半額・4分の1免除 or 学生納付特例 (`PensionExemptionApplied.kind`,
    /// `PensionExemptionDecided.kind`).
    public enum PensionExemptionKind: String, ChoiceVocabulary {
        // Stored by position: append only, never reorder.
        case full, threeQuarters = "three_quarters", half, quarter, student
    }

    // MARK: Levies, payments, rule base, certificates

    /// The levy of `LevyAssessed`, `LevyCorrected` and `PaymentReceived` (`tax`).
    /// `Replay.LevyTax` has the same codes in the same order; the ledger maps one to the other.
    public enum LevyTax: String, ChoiceVocabulary {
        // Stored by position: append only, never reorder.
        case residentTax = "resident_tax", lightVehicleTax = "light_vehicle_tax", fixedAssetTax = "fixed_asset_tax"
        case cityPlanningTax = "city_planning_tax", nhi
        case corporateTax = "corporate_tax", officeTax = "office_tax"
    }

    /// `CorporateReturnFiled.kind`: 予定申告 or 中間申告 for the first six months, 確定申告, or
    /// 修正申告 (a later return for the same 事業年度 that replaces the one before).
    public enum CorporateReturnKind: String, ChoiceVocabulary {
        // Stored by position: append only, never reorder.
        case interim, final, amended
    }

    /// `OfficeOpened.special_use` and `CorporateReturnFiled.special_use`: the use a part of an
    /// office (or of the payroll) is put to that earns 事業所税's 課税標準の特例 (地方税法第701条の41
    /// 第1項の表 and 第2項, 附則第33条第5項). Which share of the floor and of the payroll is
    /// deducted is law, so it is revision data (`office_tax.special.<code>.asset` / `.payroll`),
    /// not here; `OfficeTaxKeys.specialUses` names each use's row of the table.
    public enum OfficeSpecialUse: String, ChoiceVocabulary {
        // Stored by position: append only, never reorder.
        case cooperative, vocationalSchool = "vocational_school", pollutionControl = "pollution_control"
        case wasteBusiness = "waste_business", warehouse, lumberStorage = "lumber_storage", brewing, hotel
        // Added 2026-12-03: the rest of 第1項's table, 第2項 and 附則第33条第5項.
        case livestockMarket = "livestock_market", freshFoodMarket = "fresh_food_market", portFacility = "port_facility"
        case portStorage = "port_storage", containerTerminal = "container_terminal", portShed = "port_shed", taxi, airport
        case distributionFacility = "distribution_facility", distributionWarehouse = "distribution_warehouse"
        case letterDelivery = "letter_delivery", disabilityEmployment = "disability_employment", agriProcessing = "agri_processing"
    }

    /// What a `PaymentReceived` pays (`kind`; absent = the tax itself). A payment is applied to
    /// the tax first (本税優先); 延滞金 and 督促手数料 are paid as their own amounts.
    public enum PaymentKind: String, ChoiceVocabulary {
        // Stored by position: append only, never reorder.
        case tax, lateInterest = "late_interest", demandFee = "demand_fee"
    }

    /// `RevisionAdopted.status`, as the revision file says.
    public enum RevisionStatus: String, ChoiceVocabulary {
        // Stored by position: append only, never reorder.
        case enacted, draft
    }

    /// The certificate of `CertificateIssued.kind`. `Certificates.CertificateKind` has the same
    /// codes in the same order.
    public enum CertificateKind: String, ChoiceVocabulary {
        // Stored by position: append only, never reorder.
        case income, nonTaxation = "non-taxation", taxPayment = "tax-payment", vehicleInspection = "vehicle-inspection"
    }

    // MARK: 宛名 and staff

    /// Why a name was recorded (`NameRecorded.reason`).
    public enum NameReason: String, ChoiceVocabulary {
        // Stored by position: append only, never reorder.
        case registration, marriage, divorce, adoption, correction, other
    }

    /// What a staff account may do in the counter service (`StaffAccountAdded.role`).
    public enum StaffRole: String, ChoiceVocabulary {
        // Stored by position: append only, never reorder.
        case clerk, analyst, auditor, admin
    }
}
