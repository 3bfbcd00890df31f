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
