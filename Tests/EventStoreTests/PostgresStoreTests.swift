import Testing
import Foundation
import KaiseiCore
import KaiseiEvents
import EventStore
import TestSupport
import Synchronization
/// What only the PostgreSQL backend has to show, beyond the contract suite it shares with
/// SQLite: the database itself enforcing city isolation and append-only, several writers on
/// one server keeping one chain, and exports identical to SQLite's.
@Suite("PostgreSQL store", .enabled(if: PostgresTestServer.available, "no PostgreSQL server: start one with tools/pg-cluster start and set KAISEI_TEST_POSTGRES"))
struct PostgresStoreTests {
    @Test("a role of one city reads none of the other city's rows, whatever SQL it sends (row-level security)")
    func citySecurity() throws {
        let store = try TemporaryPostgresStore()
        let events = SampleEvents.mixed(count: 60)
        _ = try store.log.append(events.map { AppendRequest($0) })
        let okazakiCount = events.filter { $0.city == .okazaki }.count
        #expect(okazakiCount > 0 && okazakiCount < 60)

        let role = "kaisei_t_okz_" + String(store.database.suffix(8))
        try PostgresAdmin.createLoginRole(store.url, name: role, password: nil, groups: ["kaisei_city_okazaki"])
        defer { try? PostgresAdmin.execute(store.serverURL, ["DROP OWNED BY \(role) CASCADE", "DROP ROLE IF EXISTS \(role)"]) }
        let asOkazaki = try PostgresAdmin.url(store.url, user: role)

        // Raw SQL: the other city's rows do not exist for this role.
        #expect(try PostgresAdmin.scalar(asOkazaki, "SELECT count(*) FROM events WHERE city = 2") == 0)
        #expect(try PostgresAdmin.scalar(asOkazaki, "SELECT count(*) FROM events") == Int64(okazakiCount))
        // Through the store: a replay of Toyohashi as the Okazaki role finds nothing.
        let reader = try PostgresEventLog(url: asOkazaki, readOnly: true)
        var toyohashi = 0, okazaki = 0
        try reader.replayScan(city: .toyohashi, after: 0) { _, _ in toyohashi += 1; return true }
        try reader.replayScan(city: .okazaki, after: 0) { _, _ in okazaki += 1; return true }
        #expect(toyohashi == 0 && okazaki == okazakiCount)
        let someToyohashi = try #require(events.first { $0.city == .toyohashi })
        #expect(try reader.stored(eventId: someToyohashi.id) == nil)
        // And it cannot write at all: not an event, not the access log, not a chain head.
        for sql in ["INSERT INTO events(seq, event_id, city, subject, stream_version, type, valid_date, recorded_at, schema_version, payload, hash) VALUES (999, 'x', 1, 's', 1, 1, 20200101, 0, 1, '', '')",
                    "INSERT INTO access_log(seq, at, city, staff, role, purpose, route, subjects, detail, hash) VALUES (1, 0, 1, 's', 'clerk', 'p', 'r', '', '', '')",
                    "UPDATE access_head SET seq = 0", "UPDATE chain_head SET seq = 0", "UPDATE schema_changes SET n = 0"] {
            let outcome = Result { () throws(StoreError) in try PostgresAdmin.execute(asOkazaki, [sql]) }
            guard case .failure(let e) = outcome else { Issue.record("allowed for a city role: \(sql)"); continue }
            #expect("\(e)".contains("42501"), "\(sql): \(e)")
        }
    }

    @Test("the application's writer role may append but never update, delete or truncate an event")
    func writerRoleCannotChangeHistory() throws {
        let store = try TemporaryPostgresStore()
        let role = "kaisei_t_w_" + String(store.database.suffix(8))
        try PostgresAdmin.createLoginRole(store.url, name: role, password: nil, groups: ["kaisei_writer"])
        defer { try? PostgresAdmin.execute(store.serverURL, ["DROP OWNED BY \(role) CASCADE", "DROP ROLE IF EXISTS \(role)"]) }
        let asWriter = try PostgresAdmin.url(store.url, user: role)

        let writer = try PostgresEventLog(url: asWriter, clock: TestClock().next)
        #expect(try writer.append(SampleEvents.mixed(count: 12).map { AppendRequest($0) }).appended == 12)
        for sql in ["UPDATE events SET valid_date = 20000101 WHERE seq = 3", "DELETE FROM events WHERE seq = 12", "TRUNCATE events",
                    "ALTER TABLE events DISABLE TRIGGER events_refuse_update", "DROP TABLE events"] {
            let outcome = Result { () throws(StoreError) in try PostgresAdmin.execute(asWriter, [sql]) }
            guard case .failure(let e) = outcome else { Issue.record("\(sql) was allowed"); continue }
            #expect("\(e)".contains("42501"), "\(sql): \(e)")
        }
        // Even the owner is refused by the trigger.
        #expect(throws: StoreError.self) { try PostgresAdmin.execute(store.url, ["DELETE FROM events WHERE seq = 1"]) }
        let fresh = try PostgresEventLog(url: store.url, readOnly: true)
        let report = try fresh.verifyChain()
        #expect(report.isIntact && report.checked == 12)
    }

    @Test("two writers appending at once on one server keep one gap-free chain that verifies")
    func concurrentAppenders() throws {
        let store = try TemporaryPostgresStore()
        let url = store.url
        let perWriter = 60, batch = 5
        let failures = Mutex<[String]>([])
        // Two connections are two sessions to the server, exactly as two processes would be.
        DispatchQueue.concurrentPerform(iterations: 2) { w in
            do {
                let log = try PostgresEventLog(url: url, writerWait: 60)
                for b in 0..<(perWriter / batch) {
                    let events = (0..<batch).map { i in SampleEvents.event(w * 100_000 + b * batch + i) }
                    _ = try log.append(events.map { AppendRequest($0) })
                }
            } catch { failures.withLock { $0.append("\(error)") } }
        }
        #expect(failures.withLock { $0 } == [])
        let report = try store.log.verifyChain()
        #expect(report.isIntact)
        #expect(report.checked == Int64(2 * perWriter) && report.lastSeq == Int64(2 * perWriter))
        var seqs: [Int64] = []
        try store.log.scan(after: 0) { seqs.append($0.seq) }
        #expect(seqs == Array(1...Int64(2 * perWriter)))
    }

    @Test("an export of the same history is byte-identical from SQLite and from PostgreSQL, and both chains end in the same hash")
    func exportIdentical() throws {
        let sqlite = try TemporaryStore()
        let pg = try TemporaryPostgresStore()
        let events = SampleEvents.mixed(count: 3_000, recordedFrom: RecordedTime(japan: CivilDate(year: 2020, month: 4, day: 1)!, hour: 9))
        for chunk in stride(from: 0, to: events.count, by: 700) {
            let part = events[chunk..<min(events.count, chunk + 700)].map { AppendRequest($0) }
            _ = try sqlite.log.append(part)
            _ = try pg.log.append(part)
        }
        #expect(try sqlite.log.head() == pg.log.head())
        var a: [UInt8] = [], b: [UInt8] = []
        try JSONLExporter.export(sqlite.log) { a += $0 }
        try JSONLExporter.export(pg.log, verifyingChain: true) { b += $0 }
        #expect(a.count > 100_000)
        #expect(a == b)
    }

    @Test("a backup taken while another writer appends verifies, restores into PostgreSQL and into SQLite, and exports as the source up to its head")
    func backupWhileAppending() throws {
        let store = try TemporaryPostgresStore()
        let events = SampleEvents.mixed(count: 6_000, recordedFrom: RecordedTime(japan: CivilDate(year: 2020, month: 4, day: 1)!, hour: 9))
        _ = try store.log.append(events[0..<3_000].map { AppendRequest($0) })
        let access = try PostgresAccessLog(url: store.url)
        _ = try access.appendAccess((0..<25).map { i in
            AccessRecord(at: RecordedTime(microseconds: 1_700_000_000_000_000 + Int64(i)), city: i % 2 == 0 ? .okazaki : .toyohashi,
                         staff: "okz-s-clerk", role: "clerk", purpose: "resident", route: "GET /api/residents/{id}", subjects: ["okz-r-\(i)"])
        })
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("kaisei-pgbackup-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("backup.sqlite").path

        // Another connection appends the rest while the backup runs.
        let url = store.url
        let written = Mutex(0)
        let failures = Mutex<[String]>([])
        let finished = DispatchSemaphore(value: 0)
        let writer = Thread {
            defer { finished.signal() }
            do {
                let log = try PostgresEventLog(url: url, writerWait: 60)
                for start in stride(from: 3_000, to: 6_000, by: 100) {
                    let r = try log.append(events[start..<start + 100].map { AppendRequest($0) })
                    written.withLock { $0 += r.appended }
                }
            } catch { failures.withLock { $0.append("\(error)") } }
        }
        writer.start()
        let manifest = try PostgresBackup.create(url: store.url, destination: file, now: RecordedTime(microseconds: 1_800_000_000_000_000))
        #expect(finished.wait(timeout: .now() + 120) == .success)
        #expect(failures.withLock { $0 } == [] && written.withLock { $0 } == 3_000, "the other writer wrote all it had")
        #expect(try store.log.head().seq == 6_000)
        #expect(manifest.head.seq >= 3_000 && manifest.accessRecords == 25)
        #expect(try SQLiteBackup.verify(file) == manifest)

        // Into a new PostgreSQL database.
        let target = try TemporaryPostgresStore()
        #expect(try PostgresBackup.restore(file, to: target.url) == manifest)
        #expect(try target.log.head() == manifest.head)
        var restored: [UInt8] = [], source: [UInt8] = []
        try JSONLExporter.export(target.log) { restored += $0 }
        try JSONLExporter.export(store.log, through: manifest.head.seq) { source += $0 }
        #expect(restored == source)
        #expect(try PostgresAccessLog(url: target.url, readOnly: true).verifyAccessChain().checked == 25)
        // As a bulk load (indexes built after the load, as a full-scale restore is): the same
        // events, the indexes there again, the chain verified, and a second run a no-op.
        let bulkTarget = try TemporaryPostgresStore()
        let bulk = try PostgresBackup.restoreReporting(file, to: bulkTarget.url, bulkThreshold: 1)
        #expect(bulk.manifest == manifest && bulk.bulkLoad)
        var bulkRestored: [UInt8] = []
        try JSONLExporter.export(bulkTarget.log) { bulkRestored += $0 }
        #expect(bulkRestored == source)
        #expect(try PostgresBulkLoadTests.indexes(bulkTarget.url) == 2)
        #expect(try PostgresEventLog(url: bulkTarget.url, readOnly: true).verifyChain().isIntact)
        #expect(try PostgresBackup.restoreReporting(file, to: bulkTarget.url, bulkThreshold: 1).bulkLoad == false)
        // Run again, a restore completes what is there (here: nothing left to do); over other
        // history it is refused.
        #expect(try PostgresBackup.restore(file, to: target.url) == manifest)
        // A restore that stopped part way (here: the first 1,000 events in place) is completed.
        let partial = try TemporaryPostgresStore()
        _ = try partial.log.append(events[0..<1_000].map { AppendRequest($0) })
        #expect(try PostgresBackup.restore(file, to: partial.url) == manifest)
        #expect(try partial.log.head() == manifest.head)
        let other = try TemporaryPostgresStore()
        _ = try other.log.append([AppendRequest(SampleEvents.event(99_999))])
        #expect(throws: SQLiteBackup.Problem.self) { try PostgresBackup.restore(file, to: other.url) }

        // And into SQLite, from the same file.
        let sqlitePath = dir.appendingPathComponent("restored.sqlite").path
        _ = try SQLiteBackup.restore(file, to: sqlitePath)
        var fromSQLite: [UInt8] = []
        try JSONLExporter.export(try SQLiteEventLog(path: sqlitePath, readOnly: true)) { fromSQLite += $0 }
        #expect(fromSQLite == source)
    }
}

/// Store locations as messages print them: never with a password (these need no server).
@Suite("Store locations in messages")
struct StoreLocationTests {
    @Test("a PostgreSQL URL is printed without its password, whatever the password holds")
    func passwordHidden() {
        for (url, shown) in [
            ("postgres://kaisei:s3cret@db1:5432/kaisei", "postgres://kaisei:***@db1:5432/kaisei"),
            ("postgres://kaisei:ab/cd@db1/kaisei", "postgres://kaisei:***@db1/kaisei"),
            ("postgresql://kaisei:a@b@db1/kaisei", "postgresql://kaisei:***@db1/kaisei"),
            ("postgres://kaisei@db1/kaisei?password=s3cret&sslmode=require", "postgres://kaisei@db1/kaisei?password=***&sslmode=require"),
            ("postgres://kaisei@db1/kaisei", "postgres://kaisei@db1/kaisei"),
        ] {
            #expect(StoreLocation(url).description == shown)
            #expect(!StoreLocation(url).description.contains("s3cret") && !StoreLocation(url).description.contains("ab/cd"))
        }
        #expect(StoreLocation("/srv/kaisei.sqlite").description == "/srv/kaisei.sqlite")
    }
}
