/// Every kind of event Kaisei records, named in the past tense: each is a fact that happened.
///
/// The raw value is the stored type code. Codes are permanent: a type is never renumbered or
/// reused, only added. Fields and their meaning live in `EventType+Schema*.swift` and are
/// listed for people in `docs/events.md`.
public enum EventType: UInt16, CaseIterable, Sendable {
    // Residents and households (住民基本台帳)
    case residentRegistered = 1
    case residentMovedWithinCity = 2
    case residentMovedOut = 3
    case residentDied = 4
    case residentHouseholdChanged = 5
    case householdHeadDesignated = 6
    case relationshipStarted = 7
    case relationshipEnded = 8
    case disabilityStatusRecorded = 9
    case familyStatusRecorded = 10
    case workingStudentStatusRecorded = 11
    // 宛名 (names and addresses of every taxpayer: residents, corporations, co-owner groups)
    case nameRecorded = 12
    case addressRecorded = 13

    // Income, deductions and donations (個人住民税)
    case incomeDeclared = 20
    case incomeCorrected = 21
    case deductionsDeclared = 22
    case furusatoDonationMade = 23
    case oneStopExceptionLapsed = 24

    // Light vehicles (軽自動車税)
    case lightVehicleRegistered = 30
    case lightVehicleTransferred = 31
    case lightVehicleDeregistered = 32

    // Land and buildings (固定資産税・都市計画税)
    case landParcelRegistered = 40
    case landValued = 41
    case landUseRecorded = 42
    case propertyOwnershipTransferred = 43
    case vacantHouseRecommendationIssued = 44
    case vacantHouseRecommendationWithdrawn = 45
    case idleFarmlandRecommendationIssued = 46
    case idleFarmlandRecommendationWithdrawn = 47
    case landParcelClosed = 48
    case buildingRegistered = 50
    case buildingValued = 51
    case buildingDemolished = 52

    // National Health Insurance and national pension (国民健康保険・国民年金)
    case nhiMembershipStarted = 60
    case nhiMembershipEnded = 61
    case involuntaryUnemploymentRecorded = 62
    case maternityPeriodRecorded = 63
    case nationalPensionEnrolled = 70
    case nationalPensionLost = 71
    case pensionExemptionApplied = 72
    case pensionExemptionDecided = 73

    // Levies, payments, rule base, certificates
    case levyAssessed = 80
    case levyCorrected = 81
    case paymentReceived = 82
    case demandNoticeIssued = 83
    case overpaymentAppropriated = 84
    case overpaymentRefunded = 85
    case revisionAdopted = 90
    case certificateIssued = 91

    // Staff accounts of the counter service (who may look, and as what)
    case staffAccountAdded = 100
    case staffAccountDisabled = 101
    case staffPasswordReset = 102

    // Corporations (法人市民税, 事業所税): registration, offices in the city, returns
    case corporationRegistered = 110
    case officeOpened = 111
    case officeClosed = 112
    case corporateReturnFiled = 113

    /// The name used in JSON and documents: `ResidentRegistered`.
    public var name: String { schema.name }

    private static let byName: [String: EventType] = Dictionary(uniqueKeysWithValues: allCases.map { ($0.name, $0) })
    public init?(name: String) {
        guard let t = Self.byName[name] else { return nil }
        self = t
    }
}
