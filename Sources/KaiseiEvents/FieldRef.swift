import KaiseiCore

/// A Swift type a payload field is read as: each kind of field has one (`Yen` for amounts,
/// `CivilDate` for dates, `String` for ids and text, …), so a reference to a field of another
/// kind is refused when it is resolved instead of reading nil.
public protocol PayloadValue: Sendable {
    /// Whether a field of this kind holds values of this type.
    static func isStored(as kind: FieldKind) -> Bool
    /// The value a stored field holds, or nil if it holds another type.
    static func value(of stored: FieldValue) -> Self?
}

extension Int64: PayloadValue {
    /// Counts, years, percentages (`integer`) and areas in hundredths of a m² (`area`).
    public static func isStored(as kind: FieldKind) -> Bool {
        switch kind {
        case .integer, .area: return true
        default: return false
        }
    }
    @inlinable public static func value(of stored: FieldValue) -> Int64? {
        if case .int(let n) = stored { return n }
        return nil
    }
}

extension Yen: PayloadValue {
    public static func isStored(as kind: FieldKind) -> Bool { kind == .yen || kind == .signedYen }
    @inlinable public static func value(of stored: FieldValue) -> Yen? {
        if case .int(let n) = stored { return Yen(n) }
        return nil
    }
}

extension CivilDate: PayloadValue {
    public static func isStored(as kind: FieldKind) -> Bool { kind == .date }
    @inlinable public static func value(of stored: FieldValue) -> CivilDate? {
        if case .int(let n) = stored { return CivilDate(packed: Int(n)) }
        return nil
    }
}

extension YearMonth: PayloadValue {
    public static func isStored(as kind: FieldKind) -> Bool { kind == .yearMonth }
    @inlinable public static func value(of stored: FieldValue) -> YearMonth? {
        if case .int(let n) = stored { return YearMonth(packed: Int(n)) }
        return nil
    }
}

extension Bool: PayloadValue {
    public static func isStored(as kind: FieldKind) -> Bool { kind == .bool }
    @inlinable public static func value(of stored: FieldValue) -> Bool? {
        if case .bool(let b) = stored { return b }
        return nil
    }
}

extension String: PayloadValue {
    /// Subject ids and free text.
    public static func isStored(as kind: FieldKind) -> Bool {
        switch kind {
        case .id, .text: return true
        default: return false
        }
    }
    @inlinable public static func value(of stored: FieldValue) -> String? {
        if case .text(let s) = stored { return s }
        return nil
    }
}

extension Array: PayloadValue where Element == String {
    /// Lists of subject ids (co-owners).
    public static func isStored(as kind: FieldKind) -> Bool { kind == .idList }
    @inlinable public static func value(of stored: FieldValue) -> [String]? {
        if case .list(let l) = stored { return l }
        return nil
    }
}

/// What a field reference reports about itself (for tests and messages).
public protocol FieldReference: Sendable {
    /// The field's position in the payload of every type it is read from.
    var index: Int { get }
    /// The event types the field is read from; it has the same position in each.
    var eventTypes: [EventType] { get }
    /// Whether a field of this kind can be read through this reference.
    func canRead(_ kind: FieldKind) -> Bool
}

extension FieldReference {
    /// The field's name in the schemas.
    public var name: String { eventTypes.first.map { $0.schema.fields[index].name } ?? "?" }
}

/// A payload field of one or more event types, looked up by name once and read by position.
///
/// Made once per process (see `EventFields`), it checks that every type has the field, of a kind
/// stored as `Value`, at the same position; if not, it stops the process with a message naming
/// the field, so a misspelt name fails the first replay in the tests rather than reading nil.
/// Reading is then a bounds check and an array read: no name comparison, no dictionary.
///
///     let salary = FieldRef<Yen>("salary", of: .incomeDeclared)
///     let amount = event[salary] ?? .zero
public struct FieldRef<Value: PayloadValue>: FieldReference {
    public let index: Int
    @usableFromInline let types: EventTypeSet

    /// Resolves `name` against the schemas of `types`, or stops the process saying why.
    public init(_ name: StaticString, of types: EventType..., file: StaticString = #fileID, line: UInt = #line) {
        do { self = try Self.resolve(name, of: types) }
        catch { fatalError("field reference: \(error)", file: file, line: line) }
    }

    /// Resolves `name` against the schemas of `types`, or throws what is wrong: the way to check a
    /// reference without stopping the process.
    public static func resolve(_ name: StaticString, of types: [EventType]) throws(FieldReferenceError) -> FieldRef {
        let index = try resolvedIndex(name, of: types, readAs: "\(Value.self)") { Value.isStored(as: $0) }
        return FieldRef(index: index, types: EventTypeSet(types))
    }

    private init(index: Int, types: EventTypeSet) { self.index = index; self.types = types }

    public func canRead(_ kind: FieldKind) -> Bool { Value.isStored(as: kind) }

    /// Whether this field is read from events of `type`.
    @inlinable public func reads(_ type: EventType) -> Bool { types.contains(type) }

    public var eventTypes: [EventType] { EventType.allCases.filter(types.contains) }
}

/// A choice field read as its vocabulary's case: `event[source] == .salaryReport`.
///
/// Resolving it also checks that the schema lists exactly the vocabulary's codes, in order. The
/// cases are kept in a table made once and never freed, so a reference is a plain value: reading
/// a choice is a range check and a table read, with no reference counting on the hot path.
public struct ChoiceRef<Choice: ChoiceVocabulary>: FieldReference, @unchecked Sendable {
    public let index: Int
    @usableFromInline let types: EventTypeSet
    /// `Choice.allCases`, by stored code. Written once before the reference is returned, read-only
    /// after and never deallocated: that is what makes sharing it between threads safe.
    @usableFromInline let cases: UnsafeBufferPointer<Choice>

    /// Resolves `name` against the schemas of `types`, or stops the process saying why.
    public init(_ name: StaticString, of types: EventType..., file: StaticString = #fileID, line: UInt = #line) {
        do { self = try Self.resolve(name, of: types) }
        catch { fatalError("field reference: \(error)", file: file, line: line) }
    }

    /// Resolves `name` against the schemas of `types`, or throws what is wrong.
    public static func resolve(_ name: StaticString, of types: [EventType]) throws(FieldReferenceError) -> ChoiceRef {
        let index = try resolvedIndex(name, of: types, readAs: "\(Choice.self)") { kind in
            if case .choice = kind { return true }
            return false
        }
        for type in types {
            if case .choice(let listed) = type.schema.fields[index].kind, listed != Choice.codes {
                throw FieldReferenceError.choicesDiffer(type: type, field: name.description,
                                                        schema: listed, vocabulary: Choice.codes)
            }
        }
        let table = UnsafeMutableBufferPointer<Choice>.allocate(capacity: Choice.allCases.count)
        _ = table.initialize(fromContentsOf: Choice.allCases)
        return ChoiceRef(index: index, types: EventTypeSet(types), cases: UnsafeBufferPointer(table))
    }

    private init(index: Int, types: EventTypeSet, cases: UnsafeBufferPointer<Choice>) {
        self.index = index; self.types = types; self.cases = cases
    }

    public func canRead(_ kind: FieldKind) -> Bool { kind == .choice(Choice.codes) }

    /// Whether this field is read from events of `type`.
    @inlinable public func reads(_ type: EventType) -> Bool { types.contains(type) }

    public var eventTypes: [EventType] { EventType.allCases.filter(types.contains) }
}

extension Event {
    /// The value of a field, or nil when the event does not carry it (an optional field).
    @inlinable public subscript<Value: PayloadValue>(field: FieldRef<Value>) -> Value? {
        assert(field.reads(type), "\(field.name) is not resolved for \(type.name)")
        guard field.index < payload.values.count, let stored = payload.values[field.index] else { return nil }
        return Value.value(of: stored)
    }

    /// The case of a choice field, or nil when the event does not carry it.
    @inlinable public subscript<Choice: ChoiceVocabulary>(field: ChoiceRef<Choice>) -> Choice? {
        assert(field.reads(type), "\(field.name) is not resolved for \(type.name)")
        guard field.index < payload.values.count, case .int(let code)? = payload.values[field.index],
              code >= 0, code < Int64(field.cases.count) else { return nil }
        return field.cases[Int(code)]
    }
}

/// Why a field reference does not resolve. Only a programming error produces one: the schemas
/// and the references are both code.
public enum FieldReferenceError: Error, Equatable, CustomStringConvertible {
    case noEventType(field: String)
    case unknownField(type: EventType, field: String)
    case wrongKind(type: EventType, field: String, kind: FieldKind, readAs: String)
    case differentPositions(field: String, types: [EventType])
    case choicesDiffer(type: EventType, field: String, schema: [String], vocabulary: [String])

    public var description: String {
        switch self {
        case let .noEventType(field):
            return "\"\(field)\" names no event type to be read from"
        case let .unknownField(type, field):
            let known = type.schema.fields.map(\.name).joined(separator: ", ")
            return "\(type.name) has no field \"\(field)\" (its fields: \(known.isEmpty ? "none" : known))"
        case let .wrongKind(type, field, kind, readAs):
            return "\(type.name).\(field) holds \(kind.jsonDescription), which is not read as \(readAs)"
        case let .differentPositions(field, types):
            let names = types.map(\.name).joined(separator: ", ")
            return "\"\(field)\" is at different positions in \(names): give each type its own reference"
        case let .choicesDiffer(type, field, schema, vocabulary):
            let listed = schema.joined(separator: " | "), cases = vocabulary.joined(separator: " | ")
            return "\(type.name).\(field) lists \(listed), but its vocabulary has \(cases)"
        }
    }
}

/// The position of `name` in every schema of `types`, checked to be one position of a kind
/// `accepts` takes.
private func resolvedIndex(_ name: StaticString, of types: [EventType], readAs: String,
                           accepts: (FieldKind) -> Bool) throws(FieldReferenceError) -> Int {
    let field = name.description
    var found: Int?
    for type in types {
        let schema = type.schema
        guard let i = schema.index(of: field) else { throw FieldReferenceError.unknownField(type: type, field: field) }
        let kind = schema.fields[i].kind
        guard accepts(kind) else { throw FieldReferenceError.wrongKind(type: type, field: field, kind: kind, readAs: readAs) }
        if let earlier = found, earlier != i { throw FieldReferenceError.differentPositions(field: field, types: types) }
        found = i
    }
    guard let index = found else { throw FieldReferenceError.noEventType(field: field) }
    return index
}

/// A set of event types as a bit mask (type codes are below 128), so a reference stays a plain
/// value that is copied without reference counting.
@usableFromInline struct EventTypeSet: Sendable {
    @usableFromInline let low: UInt64
    @usableFromInline let high: UInt64

    init(_ types: [EventType]) {
        var low: UInt64 = 0, high: UInt64 = 0
        for type in types {
            let code = Int(type.rawValue)
            precondition(code < 128, "event type codes are below 128")
            if code < 64 { low |= 1 << UInt64(code) } else { high |= 1 << UInt64(code - 64) }
        }
        self.low = low; self.high = high
    }

    @inlinable func contains(_ type: EventType) -> Bool {
        let code = Int(type.rawValue)
        if code < 64 { return low >> UInt64(code) & 1 == 1 }
        return code < 128 && high >> UInt64(code - 64) & 1 == 1
    }
}
