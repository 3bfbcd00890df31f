import Testing
import Foundation
import KaiseiCore
import KaiseiEvents
import EventStore
import TestSupport

/// The PostgreSQL side of `BulkLoadTests`: the same file through a bulk load into PostgreSQL
/// and through SQLite's row-by-row path must give the same export, and an interrupted load must
/// be repaired by the next writer allowed to.
@Suite("PostgreSQL bulk load", .enabled(if: PostgresTestServer.available, "no PostgreSQL server: start one with tools/pg-cluster start and set KAISEI_TEST_POSTGRES"))
struct PostgresBulkLoadTests {
    static func indexes(_ url: String) throws -> Int64 {
        return try PostgresAdmin.scalar(url, """
            SELECT count(*) FROM pg_indexes WHERE schemaname = current_schema() AND tablename = 'events'
              AND indexname IN ('events_by_id', 'events_by_stream')
            """) ?? -1
    }

    func importFile(_ bytes: [UInt8], into log: any EventLog, bulkThreshold: Int) throws -> JSONLImporter.Summary {
        var importer = JSONLImporter(batchSize: 1_000)
        importer.bulkThreshold = bulkThreshold
        return try bytes.withUnsafeBytes { try importer.run($0, file: "bulk.jsonl", log: log) }
    }

    @Test("a bulk load into PostgreSQL exports byte-identically to SQLite's row-by-row import; indexes back, chain verified, checks still refuse")
    func sameAsSQLite() throws {
        var events = SampleEvents.mixed(count: 5_000, recordedFrom: RecordedTime(japan: CivilDate(year: 2020, month: 1, day: 1)!, hour: 9))
        events.insert(events[7], at: 3_000)
        let file = BulkLoadTests.jsonl(events)
        let pg = try TemporaryPostgresStore()
        try pg.log.verifyIncrementally(record: true)
        let sqlite = try TemporaryStore()
        let a = try importFile(file, into: pg.log, bulkThreshold: 1)
        let b = try importFile(file, into: sqlite.log, bulkThreshold: .max)
        #expect(a.bulkLoad && a.appended == 5_000 && a.alreadyPresent == 1)
        #expect(try BulkLoadTests.export(pg.log) == BulkLoadTests.export(sqlite.log))
        #expect(try Self.indexes(pg.url) == 2)
        #expect(try pg.log.verifyChain().isIntact)
        #expect(try pg.log.verifyIncrementally(record: false).checked == 0, "the checkpoint moved with the load")
        #expect(try pg.log.append([AppendRequest(events[0])]).alreadyPresent == 1)
        let e = events[1]
        let changed = Event(id: e.id, city: e.city, subject: e.subject, type: .residentMovedWithinCity, validDate: e.validDate,
                            payload: Payload(.residentMovedWithinCity, ["household": .text("okz-h-x")]))
        #expect(throws: StoreError.self) { _ = try pg.log.append([AppendRequest(changed)]) }
    }

    @Test("rows written during a PostgreSQL bulk load by a writer that ignored the lock stop the load before it numbers a stream twice, and are not vouched for")
    func anotherWriterDuringTheLoad() throws {
        let pg = try TemporaryPostgresStore()
        try pg.log.verifyIncrementally(record: true)
        #expect(try pg.log.beginBulkLoad())
        #expect(try pg.log.append(SampleEvents.mixed(count: 100).map { AppendRequest($0) }).appended == 100)
        // okz-r-0 holds versions 1–4; a row chained correctly, written around the lock, adds 5.
        let intruder = Event(id: "x-intruder", city: .okazaki, subject: "okz-r-0", type: .residentMovedWithinCity,
                             validDate: CivilDate(year: 2020, month: 1, day: 1)!,
                             payload: Payload(.residentMovedWithinCity, ["household": .text("okz-h-1")]))
        let head = try pg.log.head()
        let at = RecordedTime(microseconds: head.recordedAt.microseconds + 1)
        let hash = HashChain.link(head.hash, intruder, at)
        func hex(_ b: [UInt8]) -> String { "decode('" + b.map { String(format: "%02x", $0) }.joined() + "', 'hex')" }
        try PostgresAdmin.execute(pg.url, [
            """
            INSERT INTO events(seq, event_id, city, subject, stream_version, type, valid_date, recorded_at, schema_version, payload, hash)
            VALUES (\(head.seq + 1), 'x-intruder', \(intruder.city.code), 'okz-r-0', 5, \(intruder.type.rawValue), \(intruder.validDate.packed),
                    \(at.microseconds), \(intruder.schemaVersion), \(hex(intruder.payload.encoded(for: intruder.type))), \(hex(hash)))
            """,
            "UPDATE chain_head SET seq = \(head.seq + 1), hash = \(hex(hash)), recorded_at = \(at.microseconds) WHERE id = 1",
        ])
        var next = intruder
        next.id = "x-next"
        let error = #expect(throws: StoreError.self) { _ = try pg.log.append([AppendRequest(next)]) }
        #expect("\(String(describing: error))".contains("during a bulk load"))
        #expect(try Self.indexes(pg.url) == 2)
        #expect(try pg.log.verifyChain().isIntact)
        #expect(try pg.log.verifyIncrementally(record: false).checked == 101, "the intruder's row is walked, not vouched for")
        #expect(try pg.log.append([AppendRequest(next, expectedVersion: 5)]).appended == 1)
    }

    @Test("a schema changed behind a PostgreSQL bulk load's back is not vouched for: the checkpoint stays, and verify walks the loaded rows")
    func schemaChangedDuringTheLoad() throws {
        let pg = try TemporaryPostgresStore()
        try pg.log.verifyIncrementally(record: true)
        #expect(try pg.log.beginBulkLoad())
        #expect(try pg.log.append(SampleEvents.mixed(count: 100).map { AppendRequest($0) }).appended == 100)
        // Say a trigger was dropped and put back meanwhile; any schema change counts.
        try PostgresAdmin.execute(pg.url, ["CREATE TABLE someone_elses(a int)"])
        try pg.log.endBulkLoad()
        #expect(try pg.log.verifyIncrementally(record: false).checked == 100)
        #expect(try Self.indexes(pg.url) == 2)
    }

    @Test("a PostgreSQL bulk load that stops before its indexes (a crash) leaves whole batches; the next owner's open rebuilds them")
    func interruptedLoadIsRepaired() throws {
        let pg = try TemporaryPostgresStore()
        do {
            let log = try PostgresEventLog(url: pg.url, clock: TestClock().next)
            #expect(try log.beginBulkLoad())
            for k in 0..<3 { _ = try log.append(SampleEvents.mixed(count: 400, startingAt: k * 400).map { AppendRequest($0) }) }
            // The process dies: its connection closes, the advisory lock goes with it.
        }
        #expect(try Self.indexes(pg.url) == 0)
        let reader = try PostgresEventLog(url: pg.url, readOnly: true)
        #expect(try reader.events(city: .okazaki, subject: "okz-r-0", validOn: nil, knownAt: nil).count == 4)
        let log = try PostgresEventLog(url: pg.url, clock: TestClock().next)
        #expect(try Self.indexes(pg.url) == 2)
        let report = try log.verifyChain()
        #expect(report.isIntact && report.checked == 1_200)
        let s = try importFile(BulkLoadTests.jsonl(SampleEvents.mixed(count: 2_000)), into: log, bulkThreshold: 1)
        #expect(!s.bulkLoad && s.appended == 800 && s.alreadyPresent == 1_200)
        #expect(try log.verifyChain().isIntact)
    }

    @Test("a role that does not own the table (the service's writer) imports by the ordinary path, indexes kept")
    func notTheOwner() throws {
        let pg = try TemporaryPostgresStore()
        let role = "kaisei_t_b_" + String(pg.database.suffix(8))
        try PostgresAdmin.createLoginRole(pg.url, name: role, password: nil, groups: ["kaisei_writer"])
        defer { try? PostgresAdmin.execute(pg.serverURL, ["DROP OWNED BY \(role) CASCADE", "DROP ROLE IF EXISTS \(role)"]) }
        let writer = try PostgresEventLog(url: try PostgresAdmin.url(pg.url, user: role), clock: TestClock().next)
        let s = try importFile(BulkLoadTests.jsonl(SampleEvents.mixed(count: 1_500)), into: writer, bulkThreshold: 1)
        #expect(!s.bulkLoad && s.appended == 1_500)
        #expect(try Self.indexes(pg.url) == 2)
        #expect(try writer.verifyChain().isIntact)
    }
}
