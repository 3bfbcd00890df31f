import Testing
import KaiseiCore
import KaiseiEvents
import EventStore
import TestSupport

@Suite("Append-only and tamper evidence")
struct IntegrityTests {
    func filledStore(_ n: Int = 20) throws -> TemporaryStore {
        let store = try TemporaryStore()
        _ = try store.log.append(SampleEvents.mixed(count: n).map { AppendRequest($0) })
        return store
    }

    @Test("the database itself refuses to update or delete an event")
    func triggersRefuse() throws {
        let store = try filledStore()
        let db = try SQLiteDatabase(path: store.path)
        #expect(throws: SQLiteError.self) { try db.execute("UPDATE events SET valid_date = 20000101 WHERE seq = 3") }
        #expect(throws: SQLiteError.self) { try db.execute("DELETE FROM events WHERE seq = 3") }
        do { try db.execute("DELETE FROM events WHERE seq = 3") } catch {
            #expect("\(error)".contains("append-only"))
        }
        #expect(try store.log.verifyChain().isIntact)
    }

    @Test("an intact store verifies every link")
    func intact() throws {
        let store = try filledStore(50)
        let report = try store.log.verifyChain()
        #expect(report.isIntact && report.checked == 50)
    }

    @Test("a city or type code moved out of range by 256 is a broken row, not read back as the old code (it once truncated, so verify passed while city queries lost the row)")
    func codeOutOfRange() throws {
        let store = try filledStore()
        let db = try SQLiteDatabase(path: store.path)
        try db.execute("DROP TRIGGER events_refuse_update")
        let city = try #require(try db.scalar("SELECT city FROM events WHERE seq = 5"))
        try db.execute("UPDATE events SET city = \(city + 256) WHERE seq = 5")
        guard case .undecodable(let seq, _)? = try store.log.verifyChain().firstBreak else { Issue.record("verify passed"); return }
        #expect(seq == 5)
        try db.execute("UPDATE events SET city = \(city), type = type + 65536 WHERE seq = 5")
        guard case .undecodable(5, _)? = try store.log.verifyChain().firstBreak else { Issue.record("verify passed a type out of range"); return }
    }

    @Test("an altered row is found at its position, even with the triggers dropped")
    func alteredRow() throws {
        let store = try filledStore()
        let db = try SQLiteDatabase(path: store.path)
        try db.execute("DROP TRIGGER events_refuse_update")
        try db.execute("UPDATE events SET valid_date = 20000101 WHERE seq = 7")
        #expect(try store.log.verifyChain().firstBreak == .hashMismatch(seq: 7))
    }

    @Test("a row whose stored hash was replaced is found at that row")
    func recomputedHash() throws {
        let store = try filledStore()
        let db = try SQLiteDatabase(path: store.path)
        try db.execute("DROP TRIGGER events_refuse_update")
        // Change row 5's payload and give it a fresh (but not chained-through) random hash.
        try db.execute("UPDATE events SET payload = payload, hash = randomblob(32) WHERE seq = 5")
        let report = try store.log.verifyChain()
        #expect(report.firstBreak == .hashMismatch(seq: 5))
    }

    @Test("a deleted row in the middle is found as a gap")
    func deletedMiddle() throws {
        let store = try filledStore()
        let db = try SQLiteDatabase(path: store.path)
        try db.execute("DROP TRIGGER events_refuse_delete")
        try db.execute("DELETE FROM events WHERE seq = 12")
        #expect(try store.log.verifyChain().firstBreak == .gap(expectedSeq: 12, foundSeq: 13))
    }

    @Test("deleting the newest rows is caught by the chain head")
    func deletedTail() throws {
        let store = try filledStore()
        let db = try SQLiteDatabase(path: store.path)
        try db.execute("DROP TRIGGER events_refuse_delete")
        try db.execute("DELETE FROM events WHERE seq > 18")
        #expect(try store.log.verifyChain().firstBreak == .headMismatch(headSeq: 20, lastSeq: 18))
    }

    @Test("a corrupted payload is reported, not decoded into nonsense")
    func corruptPayload() throws {
        let store = try filledStore()
        let db = try SQLiteDatabase(path: store.path)
        try db.execute("DROP TRIGGER events_refuse_update")
        try db.execute("UPDATE events SET payload = x'FFFFFFFFFFFFFFFFFFFF01' WHERE seq = 4")
        guard case .undecodable(let seq, _)? = try store.log.verifyChain().firstBreak else {
            Issue.record("expected an undecodable row"); return
        }
        #expect(seq == 4)
    }
}
