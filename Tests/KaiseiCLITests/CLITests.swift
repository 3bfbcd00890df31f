import Testing
import Foundation
import KaiseiCore
import KaiseiEvents
import TestSupport

@Suite("The kaisei command line")
final class CLITests {
    deinit { try? FileManager.default.removeItem(at: dir) }
    let dir: URL = {
        let d = FileManager.default.temporaryDirectory.appendingPathComponent("kaisei-cli-\(UUID().uuidString)")
        try? FileManager.default.createDirectory(at: d, withIntermediateDirectories: true)
        return d
    }()
    var store: String { dir.appendingPathComponent("s.sqlite").path }
    var fixture: URL { Bundle.module.url(forResource: "Fixtures/example-events", withExtension: "jsonl")! }

    @Test("the shipped example file imports, verifies, and exports canonically")
    func exampleFile() throws {
        let r = try KaiseiBinary.run(["import", "--store", store, fixture.path])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.hasPrefix("imported \(EventType.allCases.count + 6) events (0 already present)"))
        let v = try KaiseiBinary.run(["verify", "--store", store])
        #expect(v.status == 0)
        #expect(v.stdout.contains("chain intact"))
        let e = try KaiseiBinary.run(["export", "--store", store])
        #expect(e.stdout.split(separator: "\n").count == EventType.allCases.count + 6)
    }

    @Test("bad input prints FILE:LINE: field: reason, exits 1 and writes nothing")
    func badInput() throws {
        let bad = dir.appendingPathComponent("bad.jsonl")
        try Data(#"{"id":"a","city":"osaka","subject":"x","type":"ResidentDied","valid_date":"2020-01-01","payload":{}}"#.utf8).write(to: bad)
        let r = try KaiseiBinary.run(["import", "--store", store, bad.path])
        #expect(r.status == 1)
        #expect(r.stderr.contains("\(bad.path):1: city: unknown city \"osaka\" (expected okazaki | toyohashi)"))
        #expect(r.stderr.contains("nothing was imported"))
        let s = try KaiseiBinary.run(["stats", "--store", store])
        #expect(s.stdout.contains("events         0"))
    }

    @Test("the store path comes from KAISEI_STORE when --store is absent")
    func environmentStore() throws {
        let r = try KaiseiBinary.run(["import", "-"], stdin: EventCatalogue.exampleLine(.residentDied) + "\n", environment: ["KAISEI_STORE": store])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(FileManager.default.fileExists(atPath: store))
    }

    @Test("verify exits non-zero and names the first broken position")
    func tamperedStore() throws {
        _ = try KaiseiBinary.run(["import", "--store", store, fixture.path])
        let db = try SQLiteDatabaseOpener.open(store)
        try db.execute("DROP TRIGGER events_refuse_update")
        try db.execute("UPDATE events SET subject = 'okz-r-999999' WHERE seq = 3")
        let v = try KaiseiBinary.run(["verify", "--store", store])
        #expect(v.status == 3)
        #expect(v.stderr.contains("chain broken at seq 3"))
    }

    @Test("verify exits 3 for a store whose access log was dropped (it once reported such a store intact)")
    func droppedAccessLog() throws {
        _ = try KaiseiBinary.run(["import", "--store", store, fixture.path])
        #expect(try KaiseiBinary.run(["verify", "--store", store]).status == 0)
        let db = try SQLiteDatabaseOpener.open(store)
        try db.execute("DROP TABLE access_subjects; DROP TABLE access_log; DROP TABLE access_head")
        let v = try KaiseiBinary.run(["verify", "--store", store])
        #expect(v.status == 3, "\(v.stdout) \(v.stderr)")
        #expect(v.stderr.contains("access log"))
    }

    @Test("events lists a subject as known at a date, with a date meaning the end of that day in Japan")
    func eventsAsOf() throws {
        _ = try KaiseiBinary.run(["import", "--store", store, fixture.path])
        let all = try KaiseiBinary.run(["events", "--store", store, "--subject", "okz-r-100001", "--format", "json"])
        #expect(all.stdout.split(separator: "\n").count == 3)
        let before = try KaiseiBinary.run(["events", "--store", store, "--subject", "okz-r-100001", "--known-at", "2022-05-19"])
        #expect(before.stdout.split(separator: "\n").count == 2, "the 2022-05-20 correction was not yet known")
        let bad = try KaiseiBinary.run(["events", "--store", store, "--subject", "x", "--known-at", "yesterday"])
        #expect(bad.status == 64)
    }

    @Test("--help reads as a clerk's guide and lists every command")
    func help() throws {
        let r = try KaiseiBinary.run(["--help"])
        for word in ["import", "export", "events", "stats", "verify", "valid date", "recorded"] {
            #expect(r.stdout.contains(word), "missing \(word)")
        }
    }
}
