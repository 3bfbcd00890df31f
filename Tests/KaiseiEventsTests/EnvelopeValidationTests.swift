import Testing
import Foundation
import KaiseiCore
import KaiseiEvents

@Suite("Validating an event line")
struct EnvelopeValidationTests {
    func problems(_ line: String) throws -> [String] {
        switch EventJSON.decode(try JSONParser.parse(line)) {
        case .success: return []
        case .failure(let p): return p.all.map(\.description)
        }
    }

    @Test("every problem of a line is reported, not just the first")
    func collectsAll() throws {
        let p = try problems(#"{"id":"","city":"nagoya","subject":"x","type":"IncomeDeclared","valid_date":"2020-02-30","payload":{"income_year":2019,"source":"salary_report","salary":-1}}"#)
        #expect(p == [
            "id: must not be empty",
            "city: unknown city \"nagoya\" (expected okazaki | toyohashi)",
            "valid_date: not a real date \"2020-02-30\" (expected YYYY-MM-DD, 1870–2200)",
            "payload.salary: must be ≥ 0 (the amount is negative)",
        ])
    }

    /// `EventJSON.decode` picks the envelope's fields up by name in one switch; a key added to
    /// `envelopeKeys` but not to the switch would be refused as unknown.
    @Test("every envelope key is read as a field of the line, never reported as unknown; another key is")
    func envelopeKeysAreRead() throws {
        for key in EventJSON.envelopeKeys.sorted() {
            let p = try problems("{\"\(key)\":\"x\"}")
            #expect(!p.contains { $0.hasPrefix("\(key): unknown field") }, "\(key): \(p)")
        }
        #expect(try problems(#"{"ids":"x"}"#).contains { $0.hasPrefix("ids: unknown field") })
    }

    @Test("a business loss may be negative; a salary may not")
    func signedAmounts() throws {
        #expect(try problems(#"{"id":"a","city":"okazaki","subject":"x","type":"IncomeDeclared","valid_date":"2020-03-15","payload":{"income_year":2019,"source":"final_return","business_income":-350000}}"#).isEmpty)
    }

    @Test("areas keep two decimals exactly")
    func areas() throws {
        let line = #"{"id":"a","city":"okazaki","subject":"l1","type":"LandParcelRegistered","valid_date":"2020-01-01","payload":{"area_m2":165.29,"category":"residential","owners":["r1"]}}"#
        guard case .success(let d) = EventJSON.decode(try JSONParser.parse(line)) else { Issue.record("did not decode"); return }
        #expect(d.event.field("area_m2") == .int(16529))
        #expect(try problems(line.replacingOccurrences(of: "165.29", with: "165.291")) == ["payload.area_m2: expected m² ≥ 0 with at most 2 decimals, got 165.291"])
    }
}
