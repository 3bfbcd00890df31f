import KaiseiCore
import KaiseiEvents
import Law

/// The replayed state of one city's subjects. `apply` is the single fold from events to state:
/// an explicit switch over event types, nothing discovered by naming convention.
public struct Population: Sendable {
    public let city: City
    public var residents = ResidentTable()
    public var vehicles: [String: VehicleState] = [:]
    public var parcels: [String: ParcelState] = [:]
    public var buildings: [String: BuildingState] = [:]
    /// Corporations on the city's register (法人市民税, 事業所税).
    public var corporations: [String: CorporationState] = [:]
    public var ledger = LevyLedger()
    /// 世帯主 of each household over valid time (the NHI levy payer).
    public var householdHeads: [String: Timeline<String>] = [:]
    /// 宛名 of every taxpayer (residents, corporations, co-owner groups) over valid time.
    public var names: [String: Timeline<RegisteredName>] = [:]
    public var addresses: [String: Timeline<RegisteredAddress>] = [:]
    /// The city's staff accounts by subject id (`okz-s-USER`).
    public var staff: [String: StaffAccount] = [:]
    /// The last log position folded in: the watermark outputs are fingerprinted with.
    public private(set) var watermark: Int64 = 0
    /// The latest recorded time folded in: "now" for a question asked as known at now, so that
    /// what the law deems from the passing of a day (a 予定申告 not filed by its deadline) is
    /// judged by the store's clock, not the machine's, and the answer is the same on any run.
    public private(set) var recordedThrough = RecordedTime.distantPast

    public init(city: City) {
        self.city = city
        // Resolves every field reference the fold reads, once per process: a misspelt name
        // stops the first replay here, naming the field, rather than reading nil later.
        _ = EventFields.shared
    }
    mutating func restoreWatermark(_ w: Int64) { watermark = w }
    mutating func restoreRecordedThrough(_ t: RecordedTime) { recordedThrough = t }

    /// Folds one event in. Fields are read by position through `EventFields` (resolved against
    /// the schemas once) and choices as their vocabulary's cases: no name is looked up per event.
    public mutating func apply(_ e: Event, seq: Int64) {
        guard e.city == city else { return }
        watermark = max(watermark, seq)
        if let r = e.recordedAt, r > recordedThrough { recordedThrough = r }
        let v = e.validDate
        // Mutate the subject's state in place (through Dictionary's modify accessor): copying a
        // ResidentState out and back would copy its timelines on every event.
        func update(_ body: (inout ResidentState) -> Void) { body(&residents[e.subject, default: ResidentState()]) }
        switch e.type {
        case .residentRegistered:
            let f = EventFields.shared.residentRegistered
            let birth = e[f.birthDate], household = e[f.household]
            let relationship = e[f.relationshipToHead]
            let female = e[f.sex] == .female, parent = relationship == .parent
            if relationship == .head, let household {
                householdHeads[household, default: Timeline()].set(e.subject, from: v, seq: seq)
            }
            update { r in
                r.birthDate = birth; r.female = female; r.linealAscendant = parent
                r.resident.set(true, from: v, seq: seq)
                if let household { r.household.set(household, from: v, seq: seq) }
            }
        case .residentMovedWithinCity, .residentHouseholdChanged:
            if let household = e[EventFields.shared.householdChange.household] {
                residents[e.subject, default: ResidentState()].household.set(household, from: v, seq: seq)
            }
        case .residentMovedOut, .residentDied:
            residents[e.subject, default: ResidentState()].resident.set(false, from: v, seq: seq)
        case .relationshipStarted, .relationshipEnded:
            let f = EventFields.shared.relationship
            guard let other = e[f.other] else { return }
            let started = e.type == .relationshipStarted
            let spouse = e[f.kind] == .spouse
            let cohabiting = started ? e[f.cohabiting] ?? true : true
            update { r in
                if spouse {
                    r.spouse.set(started ? other : nil, from: v, seq: seq)
                    if started { r.spouseCohabiting.set(cohabiting, from: v, seq: seq) }
                } else {
                    r.dependants[other, default: Timeline()].set(started, from: v, seq: seq)
                    if started { r.dependantCohabiting[other] = cohabiting }
                }
            }
        case .disabilityStatusRecorded:
            let d = e[EventFields.shared.disabilityStatusRecorded.status].map { Disability($0) } ?? Disability.none
            residents[e.subject, default: ResidentState()].disability.set(d, from: v, seq: seq)
        case .familyStatusRecorded:
            let status = e[EventFields.shared.familyStatusRecorded.status].map { FamilyStatus($0) } ?? FamilyStatus.none
            residents[e.subject, default: ResidentState()].familyStatus.set(status, from: v, seq: seq)
        case .workingStudentStatusRecorded:
            let student = e[EventFields.shared.workingStudentStatusRecorded.workingStudent] ?? false
            residents[e.subject, default: ResidentState()].workingStudent.set(student, from: v, seq: seq)
        case .incomeDeclared:
            let f = EventFields.shared.incomeDeclared
            guard let year = e[f.incomeYear] else { return }
            // 確定申告 > 住民税申告 > 給与支払報告書: a declaration does not replace one of higher precedence.
            let precedence = switch e[f.source] {
            case .salaryReport?: 1
            case .residentReturn?: 2
            case .finalReturn?: 3
            case nil: 0
            }
            let income = IncomeFacts(salary: e[f.salary] ?? .zero, pension: e[f.pension] ?? .zero,
                                     business: e[f.businessIncome] ?? .zero, other: e[f.otherIncome] ?? .zero)
            update { r in
                if let current = r.declaredIncome[Int(year)], current.precedence > precedence { return }
                r.declaredIncome[Int(year)] = (precedence, seq, income)
            }
        case .incomeCorrected:
            let f = EventFields.shared.incomeCorrected
            guard let year = e[f.incomeYear] else { return }
            residents[e.subject, default: ResidentState()].correctedIncome[Int(year)] =
                IncomeFacts(salary: e[f.salary] ?? .zero, pension: e[f.pension] ?? .zero,
                            business: e[f.businessIncome] ?? .zero, other: e[f.otherIncome] ?? .zero)
        case .deductionsDeclared:
            let f = EventFields.shared.deductionsDeclared
            guard let year = e[f.incomeYear] else { return }
            residents[e.subject, default: ResidentState()].deductions[Int(year)] = DeclaredDeductions(
                socialInsurance: e[f.socialInsurance] ?? .zero, lifeInsurance: e[f.lifeInsurance] ?? .zero,
                earthquakeInsurance: e[f.earthquakeInsurance] ?? .zero, medical: e[f.medical] ?? .zero,
                other: e[f.other] ?? .zero)
        case .furusatoDonationMade:
            let f = EventFields.shared.furusatoDonationMade
            let donation = Donation(date: v, amount: e[f.amount] ?? .zero, oneStop: e[f.oneStop] ?? false,
                                    municipality: e[f.receivingMunicipality] ?? "")
            residents[e.subject, default: ResidentState()].donations.append(donation)
        case .oneStopExceptionLapsed:
            if let year = e[EventFields.shared.oneStopExceptionLapsed.incomeYear] {
                residents[e.subject, default: ResidentState()].oneStopLapsed.insert(Int(year))
            }
        case .lightVehicleRegistered, .lightVehicleTransferred, .lightVehicleDeregistered,
             .landParcelRegistered, .landValued, .landUseRecorded, .propertyOwnershipTransferred,
             .vacantHouseRecommendationIssued, .vacantHouseRecommendationWithdrawn,
             .idleFarmlandRecommendationIssued, .idleFarmlandRecommendationWithdrawn, .landParcelClosed,
             .buildingRegistered, .buildingValued, .buildingDemolished:
            applyProperty(e, seq: seq)
        case .levyAssessed, .levyCorrected, .paymentReceived, .demandNoticeIssued, .overpaymentAppropriated, .overpaymentRefunded:
            ledger.apply(e, seq: seq)
        case .householdHeadDesignated:
            if let head = e[EventFields.shared.householdHeadDesignated.head] {
                householdHeads[e.subject, default: Timeline()].set(head, from: v, seq: seq)
            }
        case .nhiMembershipStarted:
            if let household = e[EventFields.shared.nhiMembershipStarted.household] {
                residents[e.subject, default: ResidentState()].nhi.set(household, from: v, seq: seq)
            }
        case .nhiMembershipEnded:
            let toElderly = e[EventFields.shared.nhiMembershipEnded.reason] == .lateElderlyInsurance
            update { r in
                if toElderly { r.nhiToElderlyOn = v }
                r.nhi.set(nil, from: v, seq: seq)
            }
        case .involuntaryUnemploymentRecorded:
            if let leftJobOn = e[EventFields.shared.involuntaryUnemploymentRecorded.leftJobOn] {
                residents[e.subject, default: ResidentState()].involuntaryJobLoss.append(leftJobOn)
            }
        case .maternityPeriodRecorded:
            let f = EventFields.shared.maternityPeriodRecorded
            if let d = e[f.expectedDelivery] {
                residents[e.subject, default: ResidentState()].maternity.append((d, e[f.multipleBirth] ?? false))
            }
        case .nationalPensionEnrolled, .nationalPensionLost:
            residents[e.subject, default: ResidentState()].pension.set(e.type == .nationalPensionEnrolled, from: v, seq: seq)
        case .pensionExemptionDecided:
            let f = EventFields.shared.pensionExemptionDecided
            guard let year = e[f.fiscalYear], let kind = e[f.kind] else { return }
            if e[f.approved] == true { residents[e.subject, default: ResidentState()].pensionExemptions[Int(year)] = kind.rawValue }
            else { residents[e.subject, default: ResidentState()].pensionExemptions.removeValue(forKey: Int(year)) }
        case .nameRecorded, .addressRecorded, .staffAccountAdded, .staffAccountDisabled, .staffPasswordReset:
            applyRegister(e, seq: seq)
        case .corporationRegistered, .officeOpened, .officeClosed, .corporateReturnFiled:
            applyCorporate(e, seq: seq)
        case .pensionExemptionApplied, .revisionAdopted, .certificateIssued:
            // Folded by the taxes that use them (later issues); the resident tax does not read them.
            break
        }
    }
}

// The vocabularies' cases as the calculators' types: exhaustive switches, so a code added to a
// vocabulary does not compile until it is given its meaning here.

private extension Disability {
    init(_ status: Vocabulary.DisabilityStatus) {
        switch status {
        case .none: self = .none
        case .general: self = .general
        case .special: self = .special
        }
    }
}

private extension FamilyStatus {
    init(_ status: Vocabulary.FamilyStatus) {
        switch status {
        case .none: self = .none
        case .widow: self = .widow
        case .singleParent: self = .singleParent
        case .widower: self = .widower
        case .specialWidow: self = .specialWidow
        }
    }
}
