/// The description of one event type (a class: replay reads it per event, and a reference is
/// one retain where a struct copy was one per field): the subject kind it concerns, what its valid date means,
/// its fields, and what a later event of the same kind supersedes.
public final class EventSchema: Sendable {
    public let name: String
    public let subjectKind: SubjectKind
    public let summary: String
    /// What the envelope's valid date means for this type ("the day of birth or move-in").
    public let validDateMeaning: String
    /// How a later-recorded event of this type relates to earlier ones (corrections never edit).
    public let supersedes: String
    public let fields: [FieldSpec]
    /// An example for `docs/events.md`: subject, valid date and payload JSON. A test builds a
    /// full JSONL line from each and imports it, so the documented examples always validate.
    public let example: (subject: String, validDate: String, payload: String)

    private let indexByName: [String: Int]

    public init(_ name: String, _ subjectKind: SubjectKind, _ summary: String, valid: String,
                supersedes: String = "Nothing: each event is an independent fact.",
                fields: [FieldSpec], example: (subject: String, validDate: String, payload: String)) {
        self.name = name; self.subjectKind = subjectKind; self.summary = summary
        self.validDateMeaning = valid; self.supersedes = supersedes
        self.fields = fields; self.example = example
        self.indexByName = Dictionary(uniqueKeysWithValues: fields.enumerated().map { ($1.name, $0) })
        precondition(fields.count <= 63, "the presence bitmap holds 63 fields")
    }

    /// A field's position. Schemas have at most a dozen fields, so comparing names in order is
    /// faster than hashing the name (replay asks this several times per event).
    public func index(of field: String) -> Int? {
        if fields.count <= 16 {
            for (i, f) in fields.enumerated() where f.name == field { return i }
            return nil
        }
        return indexByName[field]
    }
}

extension EventType {
    /// Schemas are looked up by type code in constant time.
    private static let schemas: [EventSchema?] = {
        var table = [EventSchema?](repeating: nil, count: 128)
        for t in EventType.allCases { table[Int(t.rawValue)] = t.makeSchema() }
        return table
    }()

    public var schema: EventSchema { Self.schemas[Int(rawValue)]! }

    /// The schema versions this build reads. Version 1 is the first released vocabulary.
    public static let supportedSchemaVersions: ClosedRange<Int> = 1...1

    private func makeSchema() -> EventSchema {
        switch self {
        case .residentRegistered, .residentMovedWithinCity, .residentMovedOut, .residentDied,
             .residentHouseholdChanged, .householdHeadDesignated, .relationshipStarted, .relationshipEnded,
             .disabilityStatusRecorded, .familyStatusRecorded, .workingStudentStatusRecorded:
            return residentSchema()
        case .incomeDeclared, .incomeCorrected, .deductionsDeclared, .furusatoDonationMade, .oneStopExceptionLapsed:
            return incomeSchema()
        case .lightVehicleRegistered, .lightVehicleTransferred, .lightVehicleDeregistered:
            return vehicleSchema()
        case .landParcelRegistered, .landValued, .landUseRecorded, .propertyOwnershipTransferred,
             .vacantHouseRecommendationIssued, .vacantHouseRecommendationWithdrawn,
             .idleFarmlandRecommendationIssued, .idleFarmlandRecommendationWithdrawn, .landParcelClosed,
             .buildingRegistered, .buildingValued, .buildingDemolished:
            return propertySchema()
        case .nhiMembershipStarted, .nhiMembershipEnded, .involuntaryUnemploymentRecorded, .maternityPeriodRecorded,
             .nationalPensionEnrolled, .nationalPensionLost, .pensionExemptionApplied, .pensionExemptionDecided:
            return insuranceSchema()
        case .levyAssessed, .levyCorrected, .paymentReceived, .demandNoticeIssued, .overpaymentAppropriated, .overpaymentRefunded,
             .revisionAdopted, .certificateIssued:
            return levySchema()
        case .nameRecorded, .addressRecorded:
            return registerSchema()
        case .staffAccountAdded, .staffAccountDisabled, .staffPasswordReset:
            return staffSchema()
        case .corporationRegistered, .officeOpened, .officeClosed, .corporateReturnFiled:
            return corporateSchema()
        }
    }
}
