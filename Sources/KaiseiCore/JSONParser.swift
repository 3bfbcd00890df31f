/// A strict JSON parser (RFC 8259) over UTF-8 bytes.
///
/// JSONL import reads millions of lines; Foundation's decoder manages about 170,000 small
/// events a second here and reports errors without the field a clerk needs. This parser is
/// strict (no trailing commas, no duplicate keys, no NaN), validates UTF-8, and says where.
public struct JSONParser {
    public struct Failure: Error, Equatable, Sendable {
        public let offset: Int
        public let reason: String
    }

    /// The deepest nesting accepted: event payloads are shallow, and a bound keeps a hostile
    /// line from exhausting the stack.
    public static let maxDepth = 32

    public static func parse(_ bytes: UnsafeRawBufferPointer) throws(Failure) -> JSONValue {
        var p = JSONParser(bytes: bytes)
        p.skipSpace()
        let v = try p.value(depth: 0)
        p.skipSpace()
        guard p.i == bytes.count else { throw p.fail("unexpected text after the JSON value") }
        return v
    }

    public static func parse(_ text: String) throws(Failure) -> JSONValue {
        let bytes = Array(text.utf8)
        let r: Result<JSONValue, Failure> = bytes.withUnsafeBytes { buf in Result { () throws(Failure) in try parse(buf) } }
        return try r.get()
    }

    private let b: UnsafeRawBufferPointer
    private var i = 0
    private init(bytes: UnsafeRawBufferPointer) { self.b = bytes }

    private func fail(_ reason: String) -> Failure { Failure(offset: i, reason: reason) }

    private mutating func skipSpace() {
        while i < b.count, b[i] == 0x20 || b[i] == 0x09 || b[i] == 0x0A || b[i] == 0x0D { i += 1 }
    }

    private mutating func value(depth: Int) throws(Failure) -> JSONValue {
        guard depth <= Self.maxDepth else { throw fail("nested deeper than \(Self.maxDepth) levels") }
        guard i < b.count else { throw fail("unexpected end of input") }
        switch b[i] {
        case UInt8(ascii: "{"): return try object(depth: depth)
        case UInt8(ascii: "["): return try array(depth: depth)
        case UInt8(ascii: "\""): return .string(try string())
        case UInt8(ascii: "t"): try literal("true"); return .bool(true)
        case UInt8(ascii: "f"): try literal("false"); return .bool(false)
        case UInt8(ascii: "n"): try literal("null"); return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return try number()
        default: throw fail("not JSON: unexpected character")
        }
    }

    private mutating func literal(_ word: StaticString) throws(Failure) {
        let n = word.utf8CodeUnitCount
        guard i + n <= b.count else { throw fail("not JSON: unexpected end of input") }
        for k in 0..<n where b[i + k] != word.utf8Start[k] { throw fail("not JSON: unexpected character") }
        i += n
    }

    private mutating func object(depth: Int) throws(Failure) -> JSONValue {
        i += 1
        var pairs: [(String, JSONValue)] = []
        // An event line's envelope has up to nine keys: one allocation, not four regrowths.
        pairs.reserveCapacity(10)
        skipSpace()
        if i < b.count, b[i] == UInt8(ascii: "}") { i += 1; return .object(pairs) }
        while true {
            skipSpace()
            guard i < b.count, b[i] == UInt8(ascii: "\"") else { throw fail("not JSON: expected a quoted key") }
            let key = try string()
            if pairs.contains(where: { $0.0 == key }) { throw fail("duplicate key \"\(key)\"") }
            skipSpace()
            guard i < b.count, b[i] == UInt8(ascii: ":") else { throw fail("not JSON: expected ':'") }
            i += 1
            skipSpace()
            pairs.append((key, try value(depth: depth + 1)))
            skipSpace()
            guard i < b.count else { throw fail("not JSON: unexpected end of input") }
            if b[i] == UInt8(ascii: ",") { i += 1; continue }
            if b[i] == UInt8(ascii: "}") { i += 1; return .object(pairs) }
            throw fail("not JSON: expected ',' or '}'")
        }
    }

    private mutating func array(depth: Int) throws(Failure) -> JSONValue {
        i += 1
        var items: [JSONValue] = []
        skipSpace()
        if i < b.count, b[i] == UInt8(ascii: "]") { i += 1; return .array(items) }
        while true {
            skipSpace()
            items.append(try value(depth: depth + 1))
            skipSpace()
            guard i < b.count else { throw fail("not JSON: unexpected end of input") }
            if b[i] == UInt8(ascii: ",") { i += 1; continue }
            if b[i] == UInt8(ascii: "]") { i += 1; return .array(items) }
            throw fail("not JSON: expected ',' or ']'")
        }
    }

    private mutating func number() throws(Failure) -> JSONValue {
        let start = i
        let negative = b[i] == UInt8(ascii: "-")
        if negative { i += 1 }
        guard i < b.count, isDigit(b[i]) else { throw fail("not JSON: malformed number") }
        // The integer part accumulated as it is read, negated so that Int64.min fits; nil once
        // it overflows. Most numbers of an import line are integers: no text is made for them.
        var negated: Int64? = 0
        if b[i] == UInt8(ascii: "0") { i += 1 } else {
            while i < b.count, isDigit(b[i]) {
                if let n = negated {
                    let (m, o1) = n.multipliedReportingOverflow(by: 10)
                    let (d, o2) = m.subtractingReportingOverflow(Int64(b[i] &- 0x30))
                    negated = o1 || o2 ? nil : d
                }
                i += 1
            }
        }
        var integral = true
        if i < b.count, b[i] == UInt8(ascii: ".") {
            integral = false; i += 1
            guard i < b.count, isDigit(b[i]) else { throw fail("not JSON: malformed number") }
            while i < b.count, isDigit(b[i]) { i += 1 }
        }
        if i < b.count, b[i] == UInt8(ascii: "e") || b[i] == UInt8(ascii: "E") {
            integral = false; i += 1
            if i < b.count, b[i] == UInt8(ascii: "+") || b[i] == UInt8(ascii: "-") { i += 1 }
            guard i < b.count, isDigit(b[i]) else { throw fail("not JSON: malformed number") }
            while i < b.count, isDigit(b[i]) { i += 1 }
        }
        if integral, let n = negated {
            if negative { return .integer(n) }
            if n != .min { return .integer(-n) }
        }
        let text = String(decoding: UnsafeRawBufferPointer(rebasing: b[start..<i]), as: UTF8.self)
        if integral, let v = Int64(text) { return .integer(v) }
        return .number(text)
    }

    @inline(__always) private func isDigit(_ c: UInt8) -> Bool { c >= 0x30 && c <= 0x39 }

    private mutating func string() throws(Failure) -> String {
        i += 1
        let start = i
        // Fast path: no escapes.
        while i < b.count {
            let c = b[i]
            if c == UInt8(ascii: "\"") {
                let raw = UnsafeRawBufferPointer(rebasing: b[start..<i])
                i += 1
                return try validatedUTF8(raw, at: start)
            }
            if c == UInt8(ascii: "\\") { break }
            if c < 0x20 { throw fail("control character in string") }
            i += 1
        }
        var out = Array(UnsafeRawBufferPointer(rebasing: b[start..<i]))
        while i < b.count {
            let c = b[i]
            if c == UInt8(ascii: "\"") {
                i += 1
                let r: Result<String, Failure> = out.withUnsafeBytes { buf in Result { () throws(Failure) in try validatedUTF8(buf, at: start) } }
                return try r.get()
            }
            if c < 0x20 { throw fail("control character in string") }
            if c != UInt8(ascii: "\\") { out.append(c); i += 1; continue }
            i += 1
            guard i < b.count else { break }
            let e = b[i]; i += 1
            switch e {
            case UInt8(ascii: "\""): out.append(0x22)
            case UInt8(ascii: "\\"): out.append(0x5C)
            case UInt8(ascii: "/"): out.append(0x2F)
            case UInt8(ascii: "b"): out.append(0x08)
            case UInt8(ascii: "f"): out.append(0x0C)
            case UInt8(ascii: "n"): out.append(0x0A)
            case UInt8(ascii: "r"): out.append(0x0D)
            case UInt8(ascii: "t"): out.append(0x09)
            case UInt8(ascii: "u"):
                var scalar = try hex4()
                if (0xD800..<0xDC00).contains(scalar) {
                    guard i + 1 < b.count, b[i] == UInt8(ascii: "\\"), b[i + 1] == UInt8(ascii: "u") else {
                        throw fail("unpaired surrogate in string")
                    }
                    i += 2
                    let low = try hex4()
                    guard (0xDC00..<0xE000).contains(low) else { throw fail("unpaired surrogate in string") }
                    scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                } else if (0xDC00..<0xE000).contains(scalar) {
                    throw fail("unpaired surrogate in string")
                }
                out.append(contentsOf: Array(String(Character(Unicode.Scalar(scalar)!)).utf8))
            default: throw fail("invalid escape in string")
            }
        }
        throw fail("not JSON: unterminated string")
    }

    private mutating func hex4() throws(Failure) -> UInt32 {
        guard i + 4 <= b.count else { throw fail("invalid \\u escape") }
        var v: UInt32 = 0
        for _ in 0..<4 {
            let c = b[i]
            let d: UInt32
            switch c {
            case 0x30...0x39: d = UInt32(c - 0x30)
            case 0x41...0x46: d = UInt32(c - 0x41 + 10)
            case 0x61...0x66: d = UInt32(c - 0x61 + 10)
            default: throw fail("invalid \\u escape")
            }
            v = v << 4 | d; i += 1
        }
        return v
    }

    private func validatedUTF8(_ raw: UnsafeRawBufferPointer, at start: Int) throws(Failure) -> String {
        // ASCII is by far the common case and needs no check.
        var ascii = true
        for c in raw where c >= 0x80 { ascii = false; break }
        if ascii { return String(decoding: raw, as: UTF8.self) }
        guard let s = String(validating: raw, as: UTF8.self) else {
            throw Failure(offset: start, reason: "invalid UTF-8 in string")
        }
        return s
    }
}
