#if canImport(Glibc)
import Glibc
#endif
import KaiseiCore

/// The import's fast path for a plain, valid event line: straight from the line's bytes to an
/// event, without the general JSON tree (`JSONValue`, a `String` for every key and an array
/// for every object), which was most of an import's check phase.
///
/// It only ever says yes to a line it understands completely: an object whose keys are the
/// envelope's, each once, whose strings have no escapes, whose numbers are plain integers (or a
/// plain decimal for an area), whose payload fields are the type's, each once, all required
/// ones present, and every value valid by the same functions the general path calls
/// (`CivilDate(iso:)`, `EventJSON.idProblem`, `EventType(name:)`…). For anything else — an
/// escape, an unknown or repeated field, a null, a fraction, a value out of range, broken JSON —
/// it returns nil, and the importer reads the line the general way (`JSONParser`,
/// `EventJSON.decode`), which accepts it or names its problems. So a line's outcome never
/// depends on which path read it; `EventLineDecoderTests` checks that on every line of a
/// generated population and on thousands of damaged lines.
public enum EventLineDecoder {
    public static func decode(_ line: UnsafeRawBufferPointer) -> DecodedEvent? {
        var c = Cursor(b: line)
        var id, city, subject, type, valid, recorded: Range<Int>?
        var schemaVersion: Int64?, expected: Int64?, payloadAt: Int?
        var seen: UInt16 = 0
        c.space()
        guard c.take(UInt8(ascii: "{")) else { return nil }
        c.space()
        if c.peek == UInt8(ascii: "}") { return nil }
        while true {
            c.space()
            guard let key = c.plainString() else { return nil }
            let slot = Envelope.slot(line, key)
            guard slot >= 0, seen & (1 << slot) == 0 else { return nil }
            seen |= 1 << slot
            c.space()
            guard c.take(UInt8(ascii: ":")) else { return nil }
            c.space()
            switch slot {
            case Envelope.id: guard let r = c.plainString() else { return nil }; id = r
            case Envelope.city: guard let r = c.plainString() else { return nil }; city = r
            case Envelope.subject: guard let r = c.plainString() else { return nil }; subject = r
            case Envelope.type: guard let r = c.plainString() else { return nil }; type = r
            case Envelope.validDate: guard let r = c.plainString() else { return nil }; valid = r
            case Envelope.recordedAt: guard let r = c.plainString() else { return nil }; recorded = r
            case Envelope.schemaVersion: guard let n = c.integer() else { return nil }; schemaVersion = n
            case Envelope.expectedVersion: guard let n = c.integer() else { return nil }; expected = n
            default:
                // The payload is read once the type is known (it may come first: export sorts keys).
                payloadAt = c.i
                guard c.skipValue(depth: 0) else { return nil }
            }
            c.space()
            if c.take(UInt8(ascii: ",")) { continue }
            if c.take(UInt8(ascii: "}")) { break }
            return nil
        }
        c.space()
        guard c.i == line.count else { return nil }

        guard let id, let city, let subject, let type, let valid, let payloadAt else { return nil }
        let idText = c.string(id)
        guard !idText.isEmpty, idText.utf8.count <= EventJSON.maxIdLength,
              !line[id].contains(where: { $0 < 0x20 || $0 == 0x7F }) else { return nil }
        guard let cityValue = City(rawValue: c.string(city)) else { return nil }
        let subjectText = c.string(subject)
        guard EventJSON.idProblem(subjectText) == nil else { return nil }
        guard let eventType = EventType(name: c.string(type)) else { return nil }
        guard let validDate = CivilDate(iso: c.string(valid)) else { return nil }
        var recordedAt: RecordedTime?
        if let recorded {
            guard let t = RecordedTime(iso: c.string(recorded)) else { return nil }
            recordedAt = t
        }
        var schema = 1
        if let schemaVersion {
            guard EventType.supportedSchemaVersions.contains(Int(schemaVersion)) else { return nil }
            schema = Int(schemaVersion)
        }
        if let expected, expected < 0 { return nil }
        c.i = payloadAt
        guard let payload = Self.payload(eventType, &c) else { return nil }
        if !EventJSON.crossFieldProblems(eventType, subject: subjectText, payload).isEmpty { return nil }
        let event = Event(id: idText, city: cityValue, subject: subjectText, type: eventType, validDate: validDate,
                          recordedAt: recordedAt, schemaVersion: schema, payload: payload)
        return DecodedEvent(event: event, expectedVersion: expected)
    }

    /// The payload object at the cursor, every field by `EventJSON.decodeValue`'s rules.
    static func payload(_ type: EventType, _ c: inout Cursor) -> Payload? {
        let schema = type.schema
        let names = FieldNames.of(type)
        var values = [FieldValue?](repeating: nil, count: schema.fields.count)
        guard c.take(UInt8(ascii: "{")) else { return nil }
        c.space()
        if !c.take(UInt8(ascii: "}")) {
            while true {
                c.space()
                guard let key = c.plainString() else { return nil }
                guard let k = names.firstIndex(where: { c.equals(key, $0) }), values[k] == nil else { return nil }
                c.space()
                guard c.take(UInt8(ascii: ":")) else { return nil }
                c.space()
                guard let v = value(schema.fields[k].kind, &c) else { return nil }
                values[k] = v
                c.space()
                if c.take(UInt8(ascii: ",")) { continue }
                if c.take(UInt8(ascii: "}")) { break }
                return nil
            }
        }
        for (k, f) in schema.fields.enumerated() where f.required && values[k] == nil { return nil }
        return Payload(values: values)
    }

    static func value(_ kind: FieldKind, _ c: inout Cursor) -> FieldValue? {
        switch kind {
        case .id:
            guard let r = c.plainString() else { return nil }
            let s = c.string(r)
            return EventJSON.idProblem(s) == nil ? .text(s) : nil
        case .idList:
            guard c.take(UInt8(ascii: "[")) else { return nil }
            var out: [String] = []
            c.space()
            if c.peek == UInt8(ascii: "]") { return nil }
            while true {
                c.space()
                guard let r = c.plainString() else { return nil }
                let s = c.string(r)
                guard EventJSON.idProblem(s) == nil, !out.contains(s) else { return nil }
                out.append(s)
                c.space()
                if c.take(UInt8(ascii: ",")) { continue }
                if c.take(UInt8(ascii: "]")) { return .list(out) }
                return nil
            }
        case .text(let maxLength):
            guard let r = c.plainString(), !r.isEmpty else { return nil }
            let s = c.string(r)
            // Characters never outnumber bytes: only a long text pays for counting them.
            guard r.count <= maxLength || s.count <= maxLength else { return nil }
            return .text(s)
        case .yen, .signedYen:
            guard let n = c.integer(), n <= EventJSON.maxYen, n >= -EventJSON.maxYen else { return nil }
            if kind == .yen && n < 0 { return nil }
            return .int(n)
        case .integer(let range):
            guard let n = c.integer(), range.contains(n) else { return nil }
            return .int(n)
        case .bool:
            if c.literal("true") { return .bool(true) }
            if c.literal("false") { return .bool(false) }
            return nil
        case .date:
            guard let r = c.plainString(), let d = CivilDate(iso: c.string(r)) else { return nil }
            return .int(Int64(d.packed))
        case .yearMonth:
            guard let r = c.plainString(), let m = YearMonth(iso: c.string(r)) else { return nil }
            return .int(Int64(m.packed))
        case .choice(let codes):
            guard let r = c.plainString(), let i = codes.firstIndex(of: c.string(r)) else { return nil }
            return .int(Int64(i))
        case .area:
            guard let r = c.plainDecimal(), let h = EventJSON.parseHundredths(c.string(r)) else { return nil }
            return .int(h)
        }
    }

    /// The envelope's keys, by slot.
    enum Envelope {
        static let id = 0, city = 1, subject = 2, type = 3, validDate = 4, recordedAt = 5
        static let schemaVersion = 6, expectedVersion = 7, payload = 8
        static let names: [[UInt8]] = ["id", "city", "subject", "type", "valid_date", "recorded_at",
                                       "schema_version", "expected_version", "payload"].map { Array($0.utf8) }

        static func slot(_ b: UnsafeRawBufferPointer, _ key: Range<Int>) -> Int {
            for (k, name) in names.enumerated() where name.count == key.count {
                if name.withUnsafeBytes({ n in memcmp(n.baseAddress!, b.baseAddress! + key.lowerBound, key.count) == 0 }) { return k }
            }
            return -1
        }
    }

    /// Each type's field names as bytes, by type code.
    enum FieldNames {
        static let table: [[[UInt8]]] = {
            var t = [[[UInt8]]](repeating: [], count: 128)
            for type in EventType.allCases { t[Int(type.rawValue)] = type.schema.fields.map { Array($0.name.utf8) } }
            return t
        }()
        static func of(_ type: EventType) -> [[UInt8]] { table[Int(type.rawValue)] }
    }

    /// A position in the line and the few JSON forms the fast path accepts.
    struct Cursor {
        let b: UnsafeRawBufferPointer
        var i = 0

        var peek: UInt8? { i < b.count ? b[i] : nil }

        mutating func space() {
            while i < b.count, b[i] == 0x20 || b[i] == 0x09 || b[i] == 0x0A || b[i] == 0x0D { i += 1 }
        }

        mutating func take(_ byte: UInt8) -> Bool {
            guard i < b.count, b[i] == byte else { return false }
            i += 1
            return true
        }

        mutating func literal(_ word: StaticString) -> Bool {
            let n = word.utf8CodeUnitCount
            guard i + n <= b.count, memcmp(b.baseAddress! + i, word.utf8Start, n) == 0 else { return false }
            i += n
            return true
        }

        /// A string with no escape and no control byte: the range of its contents. The line is
        /// valid UTF-8 (checked before), so the contents are too.
        mutating func plainString() -> Range<Int>? {
            guard take(UInt8(ascii: "\"")) else { return nil }
            let start = i
            // Eight bytes at a time up to the first word that may hold the closing quote, a
            // backslash or a control byte; the byte loop below decides from there.
            if let base = b.baseAddress {
                while i + 8 <= b.count, !Words.mayEndString(base.loadUnaligned(fromByteOffset: i, as: UInt64.self)) { i += 8 }
            }
            while i < b.count {
                let ch = b[i]
                if ch == UInt8(ascii: "\"") { i += 1; return start..<(i - 1) }
                if ch == UInt8(ascii: "\\") || ch < 0x20 { return nil }
                i += 1
            }
            return nil
        }

        /// `-?(0|[1-9][0-9]*)` of at most 18 digits, not followed by a fraction or exponent.
        mutating func integer() -> Int64? {
            var k = i
            let negative = k < b.count && b[k] == UInt8(ascii: "-")
            if negative { k += 1 }
            let first = k
            var n: Int64 = 0
            while k < b.count, b[k] >= 0x30, b[k] <= 0x39 {
                // Eighteen digits always fit; a longer literal is the general path's to read.
                if k - first == 18 { return nil }
                n = n * 10 + Int64(b[k] - 0x30)
                k += 1
            }
            let digits = k - first
            guard digits > 0, !(digits > 1 && b[first] == UInt8(ascii: "0")) else { return nil }
            if k < b.count, b[k] == UInt8(ascii: ".") || b[k] == UInt8(ascii: "e") || b[k] == UInt8(ascii: "E") { return nil }
            i = k
            return negative ? -n : n
        }

        /// `(0|[1-9][0-9]*)(\.[0-9]+)?` with no sign or exponent: the text of an area.
        mutating func plainDecimal() -> Range<Int>? {
            var k = i
            let start = k
            while k < b.count, b[k] >= 0x30, b[k] <= 0x39 { k += 1 }
            guard k > start, !(k - start > 1 && b[start] == UInt8(ascii: "0")) else { return nil }
            if k < b.count, b[k] == UInt8(ascii: ".") {
                k += 1
                let fraction = k
                while k < b.count, b[k] >= 0x30, b[k] <= 0x39 { k += 1 }
                guard k > fraction else { return nil }
            }
            if k < b.count, b[k] == UInt8(ascii: "e") || b[k] == UInt8(ascii: "E") { return nil }
            i = k
            return start..<k
        }

        /// Passes over one value (the payload, before its type is known), accepting only forms
        /// the payload's own reading may accept: objects, arrays, plain strings, numbers, true,
        /// false. Anything else declines the line.
        mutating func skipValue(depth: Int) -> Bool {
            guard depth < 4, let ch = peek else { return false }
            switch ch {
            case UInt8(ascii: "{"), UInt8(ascii: "["):
                let close = ch == UInt8(ascii: "{") ? UInt8(ascii: "}") : UInt8(ascii: "]")
                i += 1
                space()
                if take(close) { return true }
                while true {
                    space()
                    if ch == UInt8(ascii: "{") {
                        guard plainString() != nil else { return false }
                        space()
                        guard take(UInt8(ascii: ":")) else { return false }
                        space()
                    }
                    guard skipValue(depth: depth + 1) else { return false }
                    space()
                    if take(UInt8(ascii: ",")) { continue }
                    return take(close)
                }
            case UInt8(ascii: "\""): return plainString() != nil
            case UInt8(ascii: "t"): return literal("true")
            case UInt8(ascii: "f"): return literal("false")
            case UInt8(ascii: "-"), 0x30...0x39:
                while i < b.count, b[i] == UInt8(ascii: "-") || b[i] == UInt8(ascii: "+") || b[i] == UInt8(ascii: ".")
                        || b[i] == UInt8(ascii: "e") || b[i] == UInt8(ascii: "E") || (b[i] >= 0x30 && b[i] <= 0x39) { i += 1 }
                return true
            default: return false
            }
        }

        func string(_ r: Range<Int>) -> String {
            String(decoding: UnsafeRawBufferPointer(rebasing: b[r]), as: UTF8.self)
        }

        func equals(_ r: Range<Int>, _ name: [UInt8]) -> Bool {
            name.count == r.count && name.withUnsafeBytes { n in memcmp(n.baseAddress!, b.baseAddress! + r.lowerBound, r.count) == 0 }
        }
    }
}

/// Tests on eight bytes at once (SWAR): an importer's decode reads every byte of a migration
/// file, most of them inside plain strings.
public enum Words {
    static let ones: UInt64 = 0x0101_0101_0101_0101
    static let highs: UInt64 = 0x8080_8080_8080_8080

    /// Whether some byte of `w` is zero (exact: the borrow can only mark bytes above a zero).
    @inline(__always) static func hasZero(_ w: UInt64) -> Bool { (w &- ones) & ~w & highs != 0 }

    /// Whether some byte of `w` is below `n` (n ≤ 128; exact as `hasZero`).
    @inline(__always) static func hasLess(_ w: UInt64, _ n: UInt8) -> Bool { (w &- ones &* UInt64(n)) & ~w & highs != 0 }

    /// Whether `w` (eight bytes of a line, in memory order) holds a quote, a backslash or a control
    /// byte: where a plain JSON string could end or stop being plain.
    @inline(__always) public static func mayEndString(_ w: UInt64) -> Bool {
        hasZero(w ^ (ones &* 0x22)) || hasZero(w ^ (ones &* 0x5C)) || hasLess(w, 0x20)
    }

    /// Whether all eight bytes are ASCII.
    @inline(__always) public static func isASCII(_ w: UInt64) -> Bool { w & highs == 0 }
}
