import KaiseiCore

/// One fact, as recorded: the envelope (who, what, and the two clocks) and its typed payload.
///
/// Events are values and never change once stored. A correction is another event whose valid
/// date may lie in the past; the schema of its type says what it supersedes.
public struct Event: Sendable, Equatable {
    /// Caller-supplied unique id: the idempotency key of import and append.
    public var id: String
    public var city: City
    public var subject: String
    public var type: EventType
    /// Valid time: the day the fact holds in the world.
    public var validDate: CivilDate
    /// Recorded time: when the system learned the fact. `nil` until the store assigns it at
    /// append; set when migrated history carries the source system's time.
    public var recordedAt: RecordedTime?
    public var schemaVersion: Int
    public var payload: Payload

    public init(id: String, city: City, subject: String, type: EventType, validDate: CivilDate,
                recordedAt: RecordedTime? = nil, schemaVersion: Int = 1, payload: Payload) {
        self.id = id; self.city = city; self.subject = subject; self.type = type
        self.validDate = validDate; self.recordedAt = recordedAt
        self.schemaVersion = schemaVersion; self.payload = payload
    }
}

/// Field values in the order of the type's schema; `nil` where an optional field is absent.
public struct Payload: Sendable, Equatable {
    public var values: [FieldValue?]
    public init(values: [FieldValue?]) { self.values = values }

    /// Builds a payload by field name, checking names against the schema (for code and tests
    /// that construct events directly rather than from JSON).
    public init(_ type: EventType, _ fields: [String: FieldValue]) {
        let schema = type.schema
        var values = [FieldValue?](repeating: nil, count: schema.fields.count)
        for (name, value) in fields {
            guard let i = schema.index(of: name) else { preconditionFailure("\(schema.name) has no field \(name)") }
            values[i] = value
        }
        self.values = values
    }

    public subscript(_ index: Int) -> FieldValue? { index < values.count ? values[index] : nil }
}

extension Event {
    /// A field by name, for code off the hot path (reports, tests).
    public func field(_ name: String) -> FieldValue? {
        guard let i = type.schema.index(of: name) else { return nil }
        return payload[i]
    }
}
