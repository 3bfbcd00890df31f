import Testing
import Foundation
import KaiseiCore
import KaiseiEvents
import EventStore
import TestSupport

/// Bad input is refused before anything is written, with one `FILE:LINE: field: reason` per
/// problem. Each case states its exact messages; each run proves the store did not change.
@Suite("Import refuses bad input and writes nothing")
struct BadInputTests {
    static let good = #"{"id":"x1","city":"okazaki","subject":"okz-r-1","type":"IncomeDeclared","valid_date":"2020-01-31","payload":{"income_year":2019,"source":"salary_report","salary":3000000}}"#
    static func good(_ replacing: String, with: String) -> String { good.replacingOccurrences(of: replacing, with: with) }

    struct Case: CustomTestStringConvertible, Sendable {
        let name: String
        let input: [UInt8]
        let expected: [String]
        var testDescription: String { name }
        init(_ name: String, _ text: String, _ expected: [String]) { self.name = name; self.input = Array(text.utf8); self.expected = expected }
        init(_ name: String, bytes: [UInt8], _ expected: [String]) { self.name = name; self.input = bytes; self.expected = expected }
    }

    static let envelopeKeys = "city, expected_version, id, payload, recorded_at, schema_version, subject, type, valid_date"

    static let cases: [Case] = [
        Case("not JSON", "this is not json", ["in.jsonl:1: (line): not JSON: unexpected character at byte 1"]),
        Case("truncated JSON", #"{"id":"x1""#, ["in.jsonl:1: (line): not JSON: unexpected end of input at byte 11"]),
        Case("an array instead of an object", "[1,2]", ["in.jsonl:1: (line): expected a JSON object, got array"]),
        Case("missing id", good("\"id\":\"x1\",", with: ""), ["in.jsonl:1: id: missing"]),
        Case("empty id", good("\"id\":\"x1\"", with: "\"id\":\"\""), ["in.jsonl:1: id: must not be empty"]),
        Case("id of the wrong type", good("\"id\":\"x1\"", with: "\"id\":17"), ["in.jsonl:1: id: expected a string, got number"]),
        Case("unknown event type", good("IncomeDeclared", with: "IncomeDeclard"), ["in.jsonl:1: type: unknown event type \"IncomeDeclard\" (see docs/events.md)"]),
        Case("unknown city", good("okazaki", with: "nagoya"), ["in.jsonl:1: city: unknown city \"nagoya\" (expected okazaki | toyohashi)"]),
        Case("impossible date", good("2020-01-31", with: "2019-02-29"), ["in.jsonl:1: valid_date: not a real date \"2019-02-29\" (expected YYYY-MM-DD, 1870–2200)"]),
        Case("negative amount", good("3000000", with: "-1"), ["in.jsonl:1: payload.salary: must be ≥ 0 (the amount is negative)"]),
        Case("fractional yen", good("3000000", with: "1000.5"), ["in.jsonl:1: payload.salary: expected whole yen (no fraction or exponent)"]),
        Case("amount as a string", good("3000000", with: "\"3000000\""), ["in.jsonl:1: payload.salary: expected integer yen ≥ 0, got string"]),
        Case("absurd amount", good("3000000", with: "1000000000000000"), ["in.jsonl:1: payload.salary: out of range (|amount| ≤ 999999999999)"]),
        Case("unknown envelope field", good("{\"id\"", with: "{\"colour\":\"red\",\"id\""), ["in.jsonl:1: colour: unknown field (expected one of: \(envelopeKeys))"]),
        Case("unknown payload field", good("\"salary\":3000000", with: "\"salary\":3000000,\"bonus\":1"),
             ["in.jsonl:1: payload.bonus: unknown field for IncomeDeclared (expected: income_year, source, salary, pension, business_income, other_income)"]),
        Case("missing required payload field", good("\"source\":\"salary_report\",", with: ""), ["in.jsonl:1: payload.source: missing (required for IncomeDeclared)"]),
        Case("unknown code", good("salary_report", with: "payslip"), ["in.jsonl:1: payload.source: unknown value \"payslip\" (expected salary_report | final_return | resident_return)"]),
        Case("year out of range", good("2019", with: "1850"), ["in.jsonl:1: payload.income_year: must be between 1990 and 2100, got 1850"]),
        Case("payload not an object", good(#"{"income_year":2019,"source":"salary_report","salary":3000000}"#, with: "[]"), ["in.jsonl:1: payload: expected an object, got array"]),
        Case("subject with spaces", good("okz-r-1", with: "okz r 1"), ["in.jsonl:1: subject: may contain only A–Z a–z 0–9 . _ : - (got \"okz r 1\")"]),
        Case("recorded time without a zone", good("{\"id\"", with: "{\"recorded_at\":\"2020-02-01T09:00:00\",\"id\""),
             ["in.jsonl:1: recorded_at: expected an ISO 8601 time with zone, such as 2020-06-01T09:00:00+09:00"]),
        Case("unsupported schema version", good("{\"id\"", with: "{\"schema_version\":2,\"id\""), ["in.jsonl:1: schema_version: unsupported (this build reads 1…1)"]),
        Case("duplicate JSON key", good("{\"id\":\"x1\"", with: "{\"id\":\"x1\",\"id\":\"x2\""), ["in.jsonl:1: (line): duplicate key \"id\" at byte 16"]),
        Case("bad month", #"{"id":"v1","city":"okazaki","subject":"okz-v-1","type":"LightVehicleRegistered","valid_date":"2010-05-20","payload":{"class":"kei_passenger_private","first_inspection":"2010-13","fuel":"gasoline","new_vehicle":true,"owner":"okz-r-1"}}"#,
             ["in.jsonl:1: payload.first_inspection: not a month \"2010-13\" (expected YYYY-MM)"]),
        Case("same id, different content, within the file", good + "\n" + good("3000000", with: "3100000"),
             ["in.jsonl:2: id: duplicate id \"x1\" with different content (first at line 1)"]),
        Case("same id as a stored event, different content", good("\"x1\"", with: "\"stored-1\""),
             ["in.jsonl:1: id: event id \"stored-1\" is already stored (seq 1) with different content"]),
        Case("recorded times out of order", good("{\"id\"", with: "{\"recorded_at\":\"2026-05-01T09:00:00+09:00\",\"id\"") + "\n"
                + good("{\"id\":\"x1\"", with: "{\"recorded_at\":\"2026-04-15T09:00:00+09:00\",\"id\":\"x2\""),
             ["in.jsonl:2: recorded_at: 2026-04-15T09:00:00+09:00 is earlier than line 1's 2026-05-01T09:00:00+09:00; history is imported in recorded order"]),
        Case("recorded time before the store's history", good("{\"id\"", with: "{\"recorded_at\":\"2020-02-01T09:00:00+09:00\",\"id\""),
             ["in.jsonl:1: recorded_at: 2020-02-01T09:00:00+09:00 is earlier than the store's latest 2026-04-01T09:00:00+09:00; history is imported in recorded order"]),
        Case("stale expected version", good("{\"id\"", with: "{\"expected_version\":3,\"id\""),
             ["in.jsonl:1: expected_version: version conflict on okazaki/okz-r-1: expected 3, actual 0"]),
        Case("oversized line", good("okz-r-1\"", with: "okz-r-1\",\"pad\":\"" + String(repeating: "x", count: 70_000) + "\""),
             ["in.jsonl:1: (line): longer than 65536 bytes (70180)"]),
        Case("invalid UTF-8", bytes: Array(good("okazaki\",\"subject", with: "okazaki\",\"x\":\"").utf8.prefix(40)) + [0xFF, 0xFE] + Array("\"}".utf8),
             ["in.jsonl:1: (line): invalid UTF-8 at byte 41"]),
        Case("a person as their own spouse", #"{"id":"s1","city":"okazaki","subject":"okz-r-1","type":"RelationshipStarted","valid_date":"2010-10-10","payload":{"kind":"spouse","other":"okz-r-1"}}"#,
             ["in.jsonl:1: payload.other: a person cannot be their own spouse or dependant"]),
        Case("one bad line among good ones", good + "\n" + good("\"x1\"", with: "\"x2\"") + "\n" + good("\"x1\"", with: "\"x3\"").replacingOccurrences(of: "2019", with: "twenty"),
             ["in.jsonl:3: (line): not JSON: unexpected character at byte 124"]),
    ]

    @Test("each kind of bad input gets its exact message and the store is unchanged", arguments: cases)
    func refused(_ c: Case) throws {
        let store = try TemporaryStore()
        var stored = SampleEvents.event(0); stored.id = "stored-1"
        _ = try store.log.append([AppendRequest(stored)])
        let before = try exportBytes(store.log)
        let headBefore = try store.log.head()

        var messages: [String] = []
        do {
            _ = try c.input.withUnsafeBytes { try JSONLImporter().run($0, file: "in.jsonl", log: store.log) }
            Issue.record("\(c.name): accepted")
        } catch JSONLImporter.Failure.invalid(let problems, _) {
            messages = problems.map(\.description)
        }
        #expect(messages == c.expected)
        #expect(try store.log.head() == headBefore)
        #expect(try exportBytes(store.log) == before)
    }

    @Test("at least twenty kinds of bad input are covered")
    func coverage() { #expect(Self.cases.count >= 20) }

    func exportBytes(_ log: SQLiteEventLog) throws -> [UInt8] {
        var out: [UInt8] = []
        try JSONLExporter.export(log) { out += $0 }
        return out
    }
}
