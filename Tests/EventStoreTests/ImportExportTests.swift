import Testing
import Foundation
import KaiseiCore
import KaiseiEvents
import EventStore
import TestSupport

@Suite("Import and export of JSON Lines")
struct ImportExportTests {
    func lines(_ range: Range<Int>) -> String {
        range.map { EventJSON.canonicalLine(SampleEvents.event($0)) }.joined(separator: "\n") + "\n"
    }

    func run(_ text: String, _ log: SQLiteEventLog) throws -> JSONLImporter.Summary {
        try Array(text.utf8).withUnsafeBytes { try JSONLImporter(batchSize: 7).run($0, file: "t.jsonl", log: log) }
    }

    func export(_ log: SQLiteEventLog) throws -> [UInt8] {
        var out: [UInt8] = []
        try JSONLExporter.export(log) { out += $0 }
        return out
    }

    @Test("re-importing a file is a no-op")
    func reimport() throws {
        let s = try TemporaryStore()
        #expect(try run(lines(0..<30), s.log).appended == 30)
        let again = try run(lines(0..<30), s.log)
        #expect(again.appended == 0 && again.alreadyPresent == 30)
        #expect(try s.log.head().seq == 30)
    }

    @Test("a file that partly overlaps the store imports only the new events")
    func partialOverlap() throws {
        let s = try TemporaryStore()
        _ = try run(lines(0..<20), s.log)
        let r = try run(lines(10..<35), s.log)
        #expect(r.appended == 15 && r.alreadyPresent == 10)
        #expect(try s.log.head().seq == 35)
        #expect(try s.log.verifyChain().isIntact)
    }

    @Test("export → import into a new store → export is byte-identical")
    func roundTrip() throws {
        let a = try TemporaryStore()
        var text = lines(0..<40)
        for t in EventType.allCases { text += EventCatalogue.exampleLine(t) + "\n" }
        _ = try run(text, a.log)
        let first = try export(a.log)
        let b = try TemporaryStore()
        _ = try first.withUnsafeBytes { try JSONLImporter().run($0, file: "export", log: b.log) }
        let second = try export(b.log)
        #expect(first == second)
        #expect(try a.log.head().hash == b.log.head().hash, "the same history gives the same chain head")
    }

    @Test("blank lines and CRLF line ends are accepted; line numbers still match an editor's")
    func lineEnds() throws {
        let s = try TemporaryStore()
        let text = "\n" + EventJSON.canonicalLine(SampleEvents.event(0)) + "\r\n\r\n" + "not json\r\n"
        do {
            _ = try run(text, s.log)
            Issue.record("accepted a bad line")
        } catch JSONLImporter.Failure.invalid(let p, _) {
            #expect(p.map(\.line) == [4])
        }
    }

    @Test("events are written in batches, each one transaction")
    func batches() throws {
        let s = try TemporaryStore()
        let r = try run(lines(0..<30), s.log)
        #expect(r.batches == 5) // 30 events in batches of 7
    }
}
