import KaiseiCore
import KaiseiEvents
import Law

/// The replayed state of one city's subjects. `apply` is the single fold from events to state:
/// an explicit switch over event types, nothing discovered by naming convention.
public struct Population: Sendable {
    public let city: City
    public var residents: [String: ResidentState] = [:]
    public var vehicles: [String: VehicleState] = [:]
    public var parcels: [String: ParcelState] = [:]
    public var buildings: [String: BuildingState] = [:]
    public var ledger = LevyLedger()
    /// 世帯主 of each household over valid time (the NHI levy payer).
    public var householdHeads: [String: Timeline<String>] = [:]
    /// The last log position folded in: the watermark outputs are fingerprinted with.
    public private(set) var watermark: Int64 = 0

    public init(city: City) { self.city = city }
    mutating func restoreWatermark(_ w: Int64) { watermark = w }

    static let incomeSources = EventType.incomeDeclared.schema.fields[1]
    /// Positions of the fields of the two commonest event types (half of all events).
    static let incomeFields = ["income_year", "source", "salary", "pension", "business_income", "other_income"].map { EventType.incomeDeclared.schema.index(of: $0)! }
    static let deductionFields = ["income_year", "social_insurance", "life_insurance", "earthquake_insurance", "medical", "other"].map { EventType.deductionsDeclared.schema.index(of: $0)! }

    public mutating func apply(_ e: Event, seq: Int64) {
        guard e.city == city else { return }
        watermark = max(watermark, seq)
        let p = e.payload
        let s = e.type.schema
        func int(_ name: String) -> Int64? { s.index(of: name).flatMap { p[$0]?.int } }
        func text(_ name: String) -> String? { s.index(of: name).flatMap { p[$0]?.text } }
        func bool(_ name: String) -> Bool? { s.index(of: name).flatMap { p[$0]?.bool } }
        func yen(_ name: String) -> Yen { Yen(int(name) ?? 0) }
        func choice(_ name: String) -> String? {
            guard let i = s.index(of: name), let v = p[i]?.int, case .choice(let codes) = s.fields[i].kind else { return nil }
            return codes[Int(v)]
        }
        let v = e.validDate
        // Mutate the subject's state in place (through Dictionary's modify accessor): copying a
        // ResidentState out and back would copy its timelines on every event.
        func update(_ body: (inout ResidentState) -> Void) { body(&residents[e.subject, default: ResidentState()]) }
        switch e.type {
        case .residentRegistered:
            let birth = int("birth_date").flatMap { CivilDate(packed: Int($0)) }
            let female = choice("sex") == "female", parent = choice("relationship_to_head") == "parent"
            let household = text("household")
            if choice("relationship_to_head") == "head", let household { householdHeads[household, default: Timeline()].set(e.subject, from: v, seq: seq) }
            update { r in
                r.birthDate = birth; r.female = female; r.linealAscendant = parent
                r.resident.set(true, from: v, seq: seq)
                if let household { r.household.set(household, from: v, seq: seq) }
            }
        case .residentMovedWithinCity, .residentHouseholdChanged:
            if let h = text("household") { residents[e.subject, default: ResidentState()].household.set(h, from: v, seq: seq) }
        case .residentMovedOut, .residentDied:
            residents[e.subject, default: ResidentState()].resident.set(false, from: v, seq: seq)
        case .relationshipStarted, .relationshipEnded:
            guard let other = text("other") else { return }
            let started = e.type == .relationshipStarted
            let spouse = choice("kind") == "spouse", cohabiting = bool("cohabiting") ?? true
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
            let d = Disability(rawValue: choice("status") ?? "none") ?? .none
            residents[e.subject, default: ResidentState()].disability.set(d, from: v, seq: seq)
        case .familyStatusRecorded:
            let f = FamilyStatus(rawValue: choice("status") ?? "none") ?? .none
            residents[e.subject, default: ResidentState()].familyStatus.set(f, from: v, seq: seq)
        case .workingStudentStatusRecorded:
            residents[e.subject, default: ResidentState()].workingStudent.set(bool("working_student") ?? false, from: v, seq: seq)
        case .incomeDeclared:
            // The commonest event: fields by position resolved once, not by name per event.
            let f = Self.incomeFields
            guard let year = p[f[0]]?.int else { return }
            // A switch, not a dictionary literal: the literal was built and hashed on every event.
            let precedence = switch choice("source") {
            case "salary_report": 1
            case "resident_return": 2
            case "final_return": 3
            default: 0
            }
            func at(_ i: Int) -> Yen { Yen(p[f[i]]?.int ?? 0) }
            let income = IncomeFacts(salary: at(2), pension: at(3), business: at(4), other: at(5))
            update { r in
                if let current = r.declaredIncome[Int(year)], current.precedence > precedence { return }
                r.declaredIncome[Int(year)] = (precedence, seq, income)
            }
        case .incomeCorrected:
            guard let year = int("income_year") else { return }
            residents[e.subject, default: ResidentState()].correctedIncome[Int(year)] =
                IncomeFacts(salary: yen("salary"), pension: yen("pension"), business: yen("business_income"), other: yen("other_income"))
        case .deductionsDeclared:
            let f = Self.deductionFields
            guard let year = p[f[0]]?.int else { return }
            func at(_ i: Int) -> Yen { Yen(p[f[i]]?.int ?? 0) }
            residents[e.subject, default: ResidentState()].deductions[Int(year)] = DeclaredDeductions(
                socialInsurance: at(1), lifeInsurance: at(2), earthquakeInsurance: at(3), medical: at(4), other: at(5))
        case .furusatoDonationMade:
            residents[e.subject, default: ResidentState()].donations.append(
                Donation(date: v, amount: yen("amount"), oneStop: bool("one_stop") ?? false, municipality: text("receiving_municipality") ?? ""))
        case .oneStopExceptionLapsed:
            if let year = int("income_year") { residents[e.subject, default: ResidentState()].oneStopLapsed.insert(Int(year)) }
        case .lightVehicleRegistered, .lightVehicleTransferred, .lightVehicleDeregistered,
             .landParcelRegistered, .landValued, .landUseRecorded, .propertyOwnershipTransferred,
             .vacantHouseRecommendationIssued, .vacantHouseRecommendationWithdrawn,
             .idleFarmlandRecommendationIssued, .idleFarmlandRecommendationWithdrawn, .landParcelClosed,
             .buildingRegistered, .buildingValued, .buildingDemolished:
            applyProperty(e, seq: seq)
        case .levyAssessed, .levyCorrected, .paymentReceived:
            ledger.apply(e, seq: seq)
        case .householdHeadDesignated:
            if let head = text("head") { householdHeads[e.subject, default: Timeline()].set(head, from: v, seq: seq) }
        case .nhiMembershipStarted:
            if let h = text("household") { residents[e.subject, default: ResidentState()].nhi.set(h, from: v, seq: seq) }
        case .nhiMembershipEnded:
            let toElderly = choice("reason") == "late_elderly_insurance"
            update { r in
                if toElderly { r.nhiToElderlyOn = v }
                r.nhi.set(nil, from: v, seq: seq)
            }
        case .involuntaryUnemploymentRecorded:
            if let d = int("left_job_on").flatMap({ CivilDate(packed: Int($0)) }) { residents[e.subject, default: ResidentState()].involuntaryJobLoss.append(d) }
        case .maternityPeriodRecorded:
            if let d = int("expected_delivery").flatMap({ CivilDate(packed: Int($0)) }) {
                residents[e.subject, default: ResidentState()].maternity.append((d, bool("multiple_birth") ?? false))
            }
        case .nationalPensionEnrolled, .nationalPensionLost:
            residents[e.subject, default: ResidentState()].pension.set(e.type == .nationalPensionEnrolled, from: v, seq: seq)
        case .pensionExemptionDecided:
            guard let year = int("fiscal_year"), let kind = choice("kind") else { return }
            if bool("approved") == true { residents[e.subject, default: ResidentState()].pensionExemptions[Int(year)] = kind }
            else { residents[e.subject, default: ResidentState()].pensionExemptions.removeValue(forKey: Int(year)) }
        case .pensionExemptionApplied, .revisionAdopted, .certificateIssued:
            // Folded by the taxes that use them (later issues); the resident tax does not read them.
            break
        }
    }
}
