import KaiseiCore

/// The stored encoding. Payloads are a presence bitmap followed by the present values in schema
/// order, each in the smallest form its kind allows; no field names are stored, so a typical
/// event costs a few dozen bytes and decodes without touching a dictionary.
extension Payload {
    public func encode(for type: EventType, into w: inout ByteWriter) {
        let fields = type.schema.fields
        var bitmap: UInt64 = 0
        for (i, v) in values.enumerated() where v != nil { bitmap |= 1 << UInt64(i) }
        w.unsigned(bitmap)
        for (i, v) in values.enumerated() {
            guard let v else { continue }
            switch (fields[i].kind, v) {
            case (.bool, .bool(let b)): w.byte(b ? 1 : 0)
            case (.id, .text(let s)), (.text, .text(let s)): w.string(s)
            case (.idList, .list(let l)):
                w.unsigned(UInt64(l.count))
                for s in l { w.string(s) }
            case (_, .int(let n)): w.signed(n)
            default: preconditionFailure("\(type.name).\(fields[i].name): value \(v) does not match \(fields[i].kind)")
            }
        }
    }

    public func encoded(for type: EventType) -> [UInt8] {
        var w = ByteWriter(capacity: 48)
        encode(for: type, into: &w)
        return w.bytes
    }

    public static func decode(_ type: EventType, from r: inout ByteReader) throws(ByteReader.Malformed) -> Payload {
        var values: [FieldValue?] = []
        try decode(type, from: &r, into: &values)
        return Payload(values: values)
    }

    /// Decodes into `values`, reusing its storage when no one else holds it: replay decodes
    /// tens of millions of payloads one after another, each dropped once folded, so one buffer
    /// serves them all instead of an allocation per event.
    public static func decode(_ type: EventType, from r: inout ByteReader, into values: inout [FieldValue?]) throws(ByteReader.Malformed) {
        let fields = type.schema.fields
        let bitmap = try r.unsigned()
        guard bitmap >> UInt64(fields.count) == 0 else { throw ByteReader.Malformed() }
        values.removeAll(keepingCapacity: true)
        values.append(contentsOf: repeatElement(nil, count: fields.count))
        for i in 0..<fields.count where bitmap & (1 << UInt64(i)) != 0 {
            switch fields[i].kind {
            case .bool: values[i] = .bool(try r.byte() != 0)
            case .id, .text: values[i] = .text(try r.string())
            case .idList:
                let n = Int(try r.unsigned())
                guard n <= 1024 else { throw ByteReader.Malformed() }
                var l: [String] = []; l.reserveCapacity(n)
                for _ in 0..<n { l.append(try r.string()) }
                values[i] = .list(l)
            case .yen, .signedYen, .integer, .date, .yearMonth, .choice, .area:
                values[i] = .int(try r.signed())
            }
        }
    }
}

extension Event {
    /// The canonical bytes the hash chain covers: every envelope field and the payload, in a
    /// fixed order. Any change to a stored event changes these bytes.
    public func contentBytes(recordedAt: RecordedTime, prefix: [UInt8] = []) -> [UInt8] {
        var w = ByteWriter(capacity: 160)
        w.bytes.append(contentsOf: prefix)
        w.byte(1) // content layout version
        w.string(id)
        w.byte(city.code)
        w.string(subject)
        w.unsigned(UInt64(type.rawValue))
        w.unsigned(UInt64(validDate.packed))
        w.signed(recordedAt.microseconds)
        w.unsigned(UInt64(schemaVersion))
        payload.encode(for: type, into: &w)
        return w.bytes
    }

    /// The bytes that decide whether two events with the same id are "the same content" for
    /// idempotent import: everything but the store-assigned recorded time.
    public var identityBytes: [UInt8] {
        var w = ByteWriter(capacity: 96)
        w.string(id)
        w.byte(city.code)
        w.string(subject)
        w.unsigned(UInt64(type.rawValue))
        w.unsigned(UInt64(validDate.packed))
        w.unsigned(UInt64(schemaVersion))
        payload.encode(for: type, into: &w)
        return w.bytes
    }
}
