import KaiseiCore

/// An event read from a JSONL line, with what the line asked of the store.
public struct DecodedEvent: Sendable {
    public var event: Event
    /// Optimistic concurrency: the stream version the writer expects the subject to be at.
    public var expectedVersion: Int64?
}

/// Turning JSON into events and back. Decoding collects every problem of a line rather than
/// stopping at the first, so a clerk fixes a file in one pass.
public enum EventJSON {
    public static let envelopeKeys: Set<String> = [
        "id", "city", "subject", "type", "valid_date", "recorded_at", "schema_version", "payload", "expected_version",
    ]
    /// Yen amounts above this are refused as input errors: no single fact the cities record
    /// approaches a trillion yen, and the bound keeps every sum far from overflow.
    public static let maxYen: Int64 = 999_999_999_999
    public static let maxIdLength = 128

    public static func decode(_ json: JSONValue) -> Result<DecodedEvent, FieldProblems> {
        guard case .object(let pairs) = json else {
            return .failure(FieldProblems([FieldProblem("(line)", "expected a JSON object, got \(json.typeName)")]))
        }
        var problems: [FieldProblem] = []
        // One pass over the keys (a line has at most nine): each envelope field picked up by
        // name, the rest reported as unknown in the line's order, as before.
        var idV, cityV, subjectV, typeV, validV, recordedV, schemaV, payloadV, expectedV: JSONValue?
        for (key, value) in pairs {
            switch key {
            case "id": idV = value
            case "city": cityV = value
            case "subject": subjectV = value
            case "type": typeV = value
            case "valid_date": validV = value
            case "recorded_at": recordedV = value
            case "schema_version": schemaV = value
            case "payload": payloadV = value
            case "expected_version": expectedV = value
            default:
                problems.append(FieldProblem(key, "unknown field (expected one of: \(envelopeKeys.sorted().joined(separator: ", ")))"))
            }
        }
        func str(_ key: String, _ v: JSONValue?) -> String? {
            guard let v else { problems.append(FieldProblem(key, "missing")); return nil }
            guard case .string(let s) = v else { problems.append(FieldProblem(key, "expected a string, got \(v.typeName)")); return nil }
            return s
        }

        let id = str("id", idV)
        if let id {
            if id.isEmpty { problems.append(FieldProblem("id", "must not be empty")) }
            else if id.utf8.count > maxIdLength { problems.append(FieldProblem("id", "longer than \(maxIdLength) bytes")) }
            else if id.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) {
                problems.append(FieldProblem("id", "contains a control character"))
            }
        }
        var city: City?
        if let c = str("city", cityV) {
            city = City(rawValue: c)
            if city == nil { problems.append(FieldProblem("city", "unknown city \"\(c)\" (expected okazaki | toyohashi)")) }
        }
        let subject = str("subject", subjectV)
        if let subject, let reason = idProblem(subject) { problems.append(FieldProblem("subject", reason)) }
        var type: EventType?
        if let t = str("type", typeV) {
            type = EventType(name: t)
            if type == nil { problems.append(FieldProblem("type", "unknown event type \"\(t)\" (see docs/events.md)")) }
        }
        var validDate: CivilDate?
        if let d = str("valid_date", validV) {
            validDate = CivilDate(iso: d)
            if validDate == nil { problems.append(FieldProblem("valid_date", "not a real date \"\(d)\" (expected YYYY-MM-DD, \(CivilDate.supportedYears.lowerBound)–\(CivilDate.supportedYears.upperBound))")) }
        }
        var recordedAt: RecordedTime?
        if let v = recordedV {
            if case .string(let s) = v, let t = RecordedTime(iso: s) { recordedAt = t }
            else { problems.append(FieldProblem("recorded_at", "expected an ISO 8601 time with zone, such as 2020-06-01T09:00:00+09:00")) }
        }
        var schemaVersion = 1
        if let v = schemaV {
            if case .integer(let n) = v, EventType.supportedSchemaVersions.contains(Int(n)) { schemaVersion = Int(n) }
            else { problems.append(FieldProblem("schema_version", "unsupported (this build reads \(EventType.supportedSchemaVersions.lowerBound)…\(EventType.supportedSchemaVersions.upperBound))")) }
        }
        var expectedVersion: Int64?
        if let v = expectedV {
            if case .integer(let n) = v, n >= 0 { expectedVersion = n }
            else { problems.append(FieldProblem("expected_version", "expected an integer ≥ 0")) }
        }
        var payload: Payload?
        if let type {
            switch payloadV {
            case nil: problems.append(FieldProblem("payload", "missing"))
            case .object(let fields)?:
                let (p, fieldProblems) = decodePayload(type, fields)
                payload = p
                problems += fieldProblems
            case let other?: problems.append(FieldProblem("payload", "expected an object, got \(other.typeName)"))
            }
        }
        if let type, let subject, let payload { problems += crossFieldProblems(type, subject: subject, payload) }
        guard problems.isEmpty, let id, let city, let subject, let type, let validDate, let payload else {
            return .failure(FieldProblems(problems))
        }
        let event = Event(id: id, city: city, subject: subject, type: type, validDate: validDate,
                          recordedAt: recordedAt, schemaVersion: schemaVersion, payload: payload)
        return .success(DecodedEvent(event: event, expectedVersion: expectedVersion))
    }

    /// What one event's fields say against each other, whichever path read the line (the fast
    /// path refuses a line with any, so the general one names them).
    public static func crossFieldProblems(_ type: EventType, subject: String, _ payload: Payload) -> [FieldProblem] {
        switch type {
        case .relationshipStarted, .relationshipEnded:
            if let i = type.schema.index(of: "other"), payload[i]?.text == subject {
                return [FieldProblem("payload.other", "a person cannot be their own spouse or dependant")]
            }
        case .corporationRegistered:
            // A 個人事業者 has neither a 法人番号 nor the 公益法人等 standing: either would make one
            // register entry say two things about who owes 法人市民税.
            if let i = type.schema.index(of: "individual"), payload[i] == .bool(true) {
                return ["public_interest", "corporate_number"].compactMap { other in
                    guard let j = type.schema.index(of: other), let v = payload[j], v != .bool(false) else { return nil }
                    return FieldProblem("payload.\(other)", "not for an individual (a 個人事業者 is not a corporation)")
                }
            }
        default:
            break
        }
        return []
    }

    public static func idProblem(_ s: String) -> String? {
        if s.isEmpty { return "must not be empty" }
        if s.utf8.count > 64 { return "longer than 64 characters" }
        let ok = s.utf8.allSatisfy { c in
            (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5A) || (c >= 0x61 && c <= 0x7A)
                || c == UInt8(ascii: ".") || c == UInt8(ascii: "_") || c == UInt8(ascii: ":") || c == UInt8(ascii: "-")
        }
        return ok ? nil : "may contain only A–Z a–z 0–9 . _ : - (got \"\(s)\")"
    }

    public static func decodePayload(_ type: EventType, _ fields: [(String, JSONValue)]) -> (Payload, [FieldProblem]) {
        let schema = type.schema
        var values = [FieldValue?](repeating: nil, count: schema.fields.count)
        var problems: [FieldProblem] = []
        for (name, value) in fields {
            guard let i = schema.index(of: name) else {
                let known = schema.fields.map(\.name).joined(separator: ", ")
                problems.append(FieldProblem("payload.\(name)", "unknown field for \(schema.name) (expected: \(known.isEmpty ? "none" : known))"))
                continue
            }
            switch decodeValue(schema.fields[i].kind, value) {
            case .success(let v): values[i] = v
            case .failure(let reason): problems.append(FieldProblem("payload.\(name)", reason))
            }
        }
        for (i, f) in schema.fields.enumerated() where f.required && values[i] == nil
            && !problems.contains(where: { $0.field == "payload.\(f.name)" }) {
            problems.append(FieldProblem("payload.\(f.name)", "missing (required for \(schema.name))"))
        }
        return (Payload(values: values), problems)
    }

    static func decodeValue(_ kind: FieldKind, _ v: JSONValue) -> Result<FieldValue, FieldProblem.Reason> {
        func bad(_ text: String) -> Result<FieldValue, FieldProblem.Reason> { .failure(FieldProblem.Reason(text)) }
        func expected() -> Result<FieldValue, FieldProblem.Reason> { bad("expected \(kind.jsonDescription), got \(v.typeName)") }
        switch kind {
        case .id:
            guard case .string(let s) = v else { return expected() }
            if let r = idProblem(s) { return bad(r) }
            return .success(.text(s))
        case .idList:
            guard case .array(let items) = v else { return expected() }
            if items.isEmpty { return bad("must name at least one subject") }
            var out: [String] = []
            for item in items {
                guard case .string(let s) = item else { return bad("expected subject ids (strings), got \(item.typeName)") }
                if let r = idProblem(s) { return bad(r) }
                if out.contains(s) { return bad("names \"\(s)\" twice") }
                out.append(s)
            }
            return .success(.list(out))
        case .text(let maxLength):
            guard case .string(let s) = v else { return expected() }
            if s.isEmpty { return bad("must not be empty") }
            if s.count > maxLength { return bad("longer than \(maxLength) characters") }
            return .success(.text(s))
        case .yen, .signedYen:
            switch v {
            case .integer(let n):
                if kind == .yen && n < 0 { return bad("must be ≥ 0 (the amount is negative)") }
                if n > maxYen || n < -maxYen { return bad("out of range (|amount| ≤ \(maxYen))") }
                return .success(.int(n))
            case .number(let s):
                // A person's amount is not echoed into the message (it reaches logs); the rule is named.
                return bad(s.contains(".") || s.lowercased().contains("e") ? "expected whole yen (no fraction or exponent)" : "out of range (|amount| ≤ \(maxYen))")
            default: return expected()
            }
        case .integer(let range):
            guard case .integer(let n) = v else {
                if case .number(let s) = v { return bad("expected an integer, got \(s)") }
                return expected()
            }
            if !range.contains(n) { return bad("must be between \(range.lowerBound) and \(range.upperBound), got \(n)") }
            return .success(.int(n))
        case .bool:
            guard case .bool(let b) = v else { return expected() }
            return .success(.bool(b))
        case .date:
            guard case .string(let s) = v else { return expected() }
            guard let d = CivilDate(iso: s) else { return bad("not a real date \"\(s)\" (expected YYYY-MM-DD)") }
            return .success(.int(Int64(d.packed)))
        case .yearMonth:
            guard case .string(let s) = v else { return expected() }
            guard let m = YearMonth(iso: s) else { return bad("not a month \"\(s)\" (expected YYYY-MM)") }
            return .success(.int(Int64(m.packed)))
        case .choice(let codes):
            guard case .string(let s) = v else { return expected() }
            guard let i = codes.firstIndex(of: s) else { return bad("unknown value \"\(s)\" (expected \(codes.joined(separator: " | ")))") }
            return .success(.int(Int64(i)))
        case .area:
            let text: String
            switch v {
            case .integer(let n): text = String(n)
            case .number(let s): text = s
            default: return expected()
            }
            guard let hundredths = parseHundredths(text) else { return bad("expected m² ≥ 0 with at most 2 decimals, got \(text)") }
            return .success(.int(hundredths))
        }
    }

    /// `165.29` → 16529, exactly; refuses exponents, negatives and a third decimal.
    static func parseHundredths(_ s: String) -> Int64? {
        let parts = s.split(separator: ".", omittingEmptySubsequences: false)
        // Digits only: "-0.5" must not pass as 0 and a half (Int64("-0") is 0).
        guard parts.count <= 2, !parts[0].isEmpty, parts[0].allSatisfy({ $0.isASCII && $0.isNumber }),
              let whole = Int64(parts[0]), whole < 1_000_000_000 else { return nil }
        var frac: Int64 = 0
        if parts.count == 2 {
            let f = parts[1]
            guard (1...2).contains(f.count), f.allSatisfy({ $0.isASCII && $0.isNumber }), let v = Int64(f) else { return nil }
            frac = f.count == 1 ? v * 10 : v
        }
        return whole * 100 + frac
    }

    /// The canonical export line of an event (sorted keys, stable spelling), without newline.
    public static func canonicalLine(_ e: Event) -> String {
        var pairs: [(String, JSONValue)] = [
            ("id", .string(e.id)), ("city", .string(e.city.rawValue)), ("subject", .string(e.subject)),
            ("type", .string(e.type.name)), ("valid_date", .string(e.validDate.description)),
            ("schema_version", .integer(Int64(e.schemaVersion))), ("payload", payloadJSON(e)),
        ]
        if let r = e.recordedAt { pairs.append(("recorded_at", .string(r.description))) }
        return JSONWriter.canonical(.object(pairs))
    }

    public static func payloadJSON(_ e: Event) -> JSONValue {
        let fields = e.type.schema.fields
        var pairs: [(String, JSONValue)] = []
        for (i, v) in e.payload.values.enumerated() {
            guard let v else { continue }
            pairs.append((fields[i].name, jsonValue(fields[i].kind, v)))
        }
        return .object(pairs)
    }

    static func jsonValue(_ kind: FieldKind, _ v: FieldValue) -> JSONValue {
        switch (kind, v) {
        case (.bool, .bool(let b)): return .bool(b)
        case (.idList, .list(let l)): return .array(l.map { .string($0) })
        case (_, .text(let s)): return .string(s)
        case (.date, .int(let n)): return .string(CivilDate(packed: Int(n))?.description ?? String(n))
        case (.yearMonth, .int(let n)): return .string(YearMonth(packed: Int(n))?.description ?? String(n))
        case (.choice(let codes), .int(let n)): return .string(codes.indices.contains(Int(n)) ? codes[Int(n)] : String(n))
        case (.area, .int(let n)):
            // The shortest exact spelling: 165, 165.3, 165.29.
            let frac = n % 100
            if frac == 0 { return .number(String(n / 100)) }
            if frac % 10 == 0 { return .number("\(n / 100).\(frac / 10)") }
            return .number("\(n / 100).\(frac < 10 ? "0" : "")\(frac)")
        case (_, .int(let n)): return .integer(n)
        default: return .null
        }
    }
}

extension FieldProblem {
    /// A reason without a field yet: the caller knows which field it was checking.
    public struct Reason: Error, Sendable {
        public let text: String
        public init(_ text: String) { self.text = text }
    }
    init(_ field: String, _ reason: Reason) { self.init(field, reason.text) }
}
