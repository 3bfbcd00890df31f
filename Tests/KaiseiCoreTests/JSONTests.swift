import Testing
import KaiseiCore

@Suite("JSON: strict parsing and canonical output")
struct JSONTests {
    @Test("money-sized integers stay exact; fractions and huge numbers are kept verbatim")
    func numbers() throws {
        #expect(try JSONParser.parse("25000001") == .integer(25_000_001))
        #expect(try JSONParser.parse("165.29") == .number("165.29"))
        #expect(try JSONParser.parse("99999999999999999999") == .number("99999999999999999999"))
    }

    /// The parser reads an integer's digits as it goes (no text made for it); what it gives must
    /// be what Swift's own `Int64(text)` makes of the literal, at and beyond the 64-bit bounds.
    @Test("integer literals give Int64(text) when it fits, and the literal verbatim when it does not")
    func integerLiteralsAgreeWithInt64() throws {
        var literals = ["0", "-0", "7", "-7", "9223372036854775807", "-9223372036854775808", "9223372036854775808",
                        "-9223372036854775809", "18446744073709551616", "922337203685477580", "-922337203685477580",
                        "99999999999999999999", "-99999999999999999999", "1000000000000000000", "10000000000000000000"]
        var rng = SystemRandomNumberGenerator()
        for _ in 0..<2_000 {
            let digits = Int.random(in: 1...21, using: &rng)
            var text = (Int.random(in: 0...1, using: &rng) == 0 ? "" : "-") + String(Int.random(in: 1...9, using: &rng))
            for _ in 1..<digits { text += String(Int.random(in: 0...9, using: &rng)) }
            literals.append(text)
        }
        for text in literals {
            let expected: JSONValue = Int64(text).map { .integer($0) } ?? .number(text)
            #expect(try JSONParser.parse(text) == expected, "\(text)")
            #expect(try JSONParser.parse("{\"a\":[\(text)]}") == .object([("a", .array([expected]))]), "\(text) in an object")
        }
    }

    @Test("malformed documents are refused with a reason", arguments: [
        ("{\"a\":1,}", "not JSON"), ("{\"a\":1,\"a\":2}", "duplicate key"), ("[1 2]", "not JSON"),
        ("{\"a\":NaN}", "not JSON"), ("\"\\ud800\"", "unpaired surrogate"), ("{\"a\":\"x\ty\"}", "control character"),
        ("01", "unexpected text"), ("", "unexpected end"),
    ])
    func refused(text: String, reason: String) {
        #expect(throws: JSONParser.Failure.self) { try JSONParser.parse(text) }
        do { _ = try JSONParser.parse(text) } catch { #expect(error.reason.contains(reason), "\(error.reason)") }
    }

    @Test("canonical output sorts keys, keeps Japanese as UTF-8, and is stable through a round trip")
    func canonical() throws {
        let v = try JSONParser.parse(#"{"b":[1,"岡崎"],"a":{"z":null,"y":true},"c":"line\nbreak\u0001"}"#)
        let text = JSONWriter.canonical(v)
        #expect(text == #"{"a":{"y":true,"z":null},"b":[1,"岡崎"],"c":"line\nbreak\u0001"}"#)
        #expect(JSONWriter.canonical(try JSONParser.parse(text)) == text)
    }

    @Test("nesting beyond the bound is refused rather than exhausting the stack")
    func depth() {
        let deep = String(repeating: "[", count: 100) + String(repeating: "]", count: 100)
        #expect(throws: JSONParser.Failure.self) { try JSONParser.parse(deep) }
    }
}
