import Testing
import Foundation
import KaiseiCore
import KaiseiEvents
import EventStore
import TestSupport

/// Concurrency and trust at the store's edge: writers serialised, migrations safe when two
/// processes create a store at once, verification reading one snapshot, a checked chain before
/// any answer. Each of these failed on the code before issue 13's fixes.
@Suite("Store safety: one writer, consistent reads, checked before answering")
struct StoreSafetyTests {
    func newPath() throws -> (dir: URL, path: String) {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("kaisei-safety-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return (dir, dir.appendingPathComponent("s.sqlite").path)
    }

    @Test("two connections creating a new store at once both open it; migration 1 runs once")
    func concurrentCreation() throws {
        for _ in 0..<5 {
            let (dir, path) = try newPath()
            defer { try? FileManager.default.removeItem(at: dir) }
            let errors = LockedBox<[String]>([])
            DispatchQueue.concurrentPerform(iterations: 4) { _ in
                do { _ = try SQLiteEventLog(path: path) } catch { errors.mutate { $0.append("\(error)") } }
            }
            #expect(errors.value.isEmpty, "\(errors.value)")
            let db = try SQLiteDatabase(path: path)
            #expect(try db.scalar("SELECT COUNT(*) FROM schema_migrations") == Int64(Migration.eventStore.count))
        }
    }

    @Test("a writer holding the store makes another writer wait, then fail with .busy naming it, before writing anything")
    func busyWriter() throws {
        let store = try TemporaryStore()
        try store.log.holdWriter(purpose: "import")
        defer { store.log.releaseWriter() }
        let other = try SQLiteEventLog(path: store.path, writerWait: 0.2)
        #expect(throws: StoreError.self) { try other.append([AppendRequest(SampleEvents.mixed(count: 1)[0])]) }
        let outcome = Result { () throws(StoreError) in try other.append([AppendRequest(SampleEvents.mixed(count: 1)[0])]) }
        guard case .failure(.busy(let holder, _)) = outcome else { Issue.record("expected busy, got \(outcome)"); return }
        #expect(holder.contains("another import (pid \(getpid()))"), "\(holder)")
        #expect(try other.head().seq == 0)
    }

    @Test("verify while another connection appends batch after batch never reports a healthy store as tampered")
    func verifyDuringAppends() throws {
        let store = try TemporaryStore()
        let path = store.path
        let events = SampleEvents.mixed(count: 4_000)
        let breaks = LockedBox<[String]>([])
        let done = LockedBox(false)
        DispatchQueue.concurrentPerform(iterations: 2) { worker in
            if worker == 0 {
                do {
                    let writer = try SQLiteEventLog(path: path, clock: TestClock().next)
                    for start in stride(from: 0, to: events.count, by: 100) {
                        _ = try writer.append(events[start..<start + 100].map { AppendRequest($0) })
                    }
                } catch { breaks.mutate { $0.append("append: \(error)") } }
                done.mutate { $0 = true }
            } else {
                var rounds = 0
                while !done.value || rounds < 3 {
                    rounds += 1
                    do {
                        let reader = try SQLiteEventLog(path: path, readOnly: true)
                        let report = try reader.verifyChain()
                        if let b = report.firstBreak { breaks.mutate { $0.append("\(b)") } }
                    } catch { breaks.mutate { $0.append("verify: \(error)") } }
                }
            }
        }
        #expect(breaks.value.isEmpty, "\(breaks.value.prefix(3))")
    }

    @Test("the incremental check walks only what was appended since the last verified point, and catches an altered row after a schema change")
    func incrementalCheck() throws {
        let store = try TemporaryStore()
        _ = try store.log.append(SampleEvents.mixed(count: 30).map { AppendRequest($0) })
        let first = try store.log.verifyIncrementally(record: true)
        #expect(first.firstBreak == nil)
        _ = try store.log.append(SampleEvents.mixed(count: 10, startingAt: 30).map { AppendRequest($0) })
        // The append advanced the verified point itself: nothing left to walk.
        #expect(try store.log.verifyIncrementally(record: true).checked == 0)
        let db = try SQLiteDatabase(path: store.path)
        try db.execute("DROP TRIGGER events_refuse_update")
        try db.execute("UPDATE events SET valid_date = 20000101 WHERE seq = 7")
        let reader = try SQLiteEventLog(path: store.path, readOnly: true)
        #expect(throws: StoreError.chainBroken(.hashMismatch(seq: 7))) { try reader.verifyIncrementally(record: false) }
    }

    @Test("rows appended behind the store's back (head not moved) are found by the incremental check")
    func trailingRowsFound() throws {
        let store = try TemporaryStore()
        _ = try store.log.append(SampleEvents.mixed(count: 10).map { AppendRequest($0) })
        try store.log.verifyIncrementally(record: true)
        let db = try SQLiteDatabase(path: store.path)
        try db.execute("""
            INSERT INTO events(seq, event_id, city, subject, stream_version, type, valid_date, recorded_at, schema_version, payload, hash)
            SELECT seq + 1, event_id || 'x', city, subject, stream_version + 100, type, valid_date, recorded_at, schema_version, payload, hash
            FROM events WHERE seq = 10
            """)
        #expect(throws: StoreError.chainBroken(.hashMismatch(seq: 11))) { try store.log.verifyIncrementally(record: false) }
    }

    @Test("a file that is not a Kaisei store is named as such, not as damaged")
    func notAStore() throws {
        let (dir, path) = try newPath()
        defer { try? FileManager.default.removeItem(at: dir) }
        try Data("hello".utf8).write(to: URL(fileURLWithPath: path))
        let outcome = Result { () throws(StoreError) in try SQLiteEventLog(path: path, readOnly: true) }
        guard case .failure(.notAStore(_, let reason)) = outcome else { Issue.record("expected notAStore, got \(outcome)"); return }
        #expect(reason.contains("not a database"), "\(reason)")
    }
}

/// A value shared between the threads of a test.
final class LockedBox<T>: @unchecked Sendable {
    private var stored: T
    private let lock = NSLock()
    init(_ value: T) { stored = value }
    var value: T { lock.lock(); defer { lock.unlock() }; return stored }
    func mutate(_ body: (inout T) -> Void) { lock.lock(); body(&stored); lock.unlock() }
}
