import Testing
import Foundation
import KaiseiCore
import EventStore
import TestSupport

/// "Who looked at me" is answered from the access log's subject index, which its hash chain does
/// not cover, and `kaisei verify` once passed a store whose access log had been dropped. Each
/// case here alters the store behind the application's back, as someone with the file could.
@Suite("The access log cannot be hidden or rewritten without verify saying so")
final class AccessLogTamperTests {
    let dir: URL
    let path: String

    init() throws {
        dir = FileManager.default.temporaryDirectory.appendingPathComponent("kaisei-access-tamper-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        path = dir.appendingPathComponent("s.sqlite").path
        _ = try SQLiteEventLog(path: path)
        let log = try SQLiteAccessLog(path: path)
        _ = try log.appendAccess([
            AccessRecord(at: RecordedTime(microseconds: 1_000_000), city: .okazaki, staff: "okz-s-1", role: "clerk",
                         purpose: "counter", route: "/residents/okz-r-0000001", subjects: ["okz-r-0000001"]),
            AccessRecord(at: RecordedTime(microseconds: 2_000_000), city: .okazaki, staff: "okz-s-2", role: "clerk",
                         purpose: "counter", route: "/households/okz-h-1/nhi", subjects: ["okz-r-0000001", "okz-r-0000002", "okz-r-0000001"]),
        ])
    }

    deinit { try? FileManager.default.removeItem(at: dir) }

    func lookedAt(_ subject: String) throws -> [Int64] {
        try SQLiteAccessLog(path: path, readOnly: true).accessRecords(AccessFilter(subject: subject, limit: 100)).map(\.seq)
    }

    @Test("an intact log verifies, and each resident's looks are found (a subject named twice in one record counts once)")
    func intact() throws {
        #expect(try SQLiteAccessLog(path: path, readOnly: true).verifyAccessChain().isIntact)
        #expect(try lookedAt("okz-r-0000001") == [1, 2])
        #expect(try lookedAt("okz-r-0000002") == [2])
    }

    @Test("rewriting the subject index is refused by the store")
    func updateRefused() throws {
        let db = try SQLiteDatabaseOpener.open(path)
        #expect(throws: (any Error).self) { try db.execute("UPDATE access_subjects SET subject = 'okz-r-0000009' WHERE seq = 1") }
        #expect(try lookedAt("okz-r-0000001") == [1, 2])
    }

    @Test("a look moved onto another resident in the index (trigger dropped) is found by verify and pinned on no one")
    func movedLook() throws {
        let db = try SQLiteDatabaseOpener.open(path)
        try db.execute("DROP TRIGGER access_subjects_refuse_update")
        try db.execute("UPDATE access_subjects SET subject = 'okz-r-0000009' WHERE seq = 1")
        let v = try SQLiteAccessLog(path: path, readOnly: true).verifyAccessChain()
        guard case .structure(let why)? = v.firstBreak else { Issue.record("verify passed: \(v)"); return }
        #expect(why.contains("subject index"))
        #expect(try lookedAt("okz-r-0000009").isEmpty, "the record never named okz-r-0000009")
    }

    @Test("a row added to the index, or one deleted with its trigger dropped, is found by verify")
    func addedOrRemoved() throws {
        let db = try SQLiteDatabaseOpener.open(path)
        try db.execute("INSERT INTO access_subjects(subject, seq) VALUES ('okz-r-0000002', 1)")
        #expect(try SQLiteAccessLog(path: path, readOnly: true).verifyAccessChain().firstBreak != nil)
        #expect(try lookedAt("okz-r-0000002") == [2], "the added pointer does not pin record 1 on okz-r-0000002")
        try db.execute("DROP TRIGGER access_subjects_refuse_delete")
        try db.execute("DELETE FROM access_subjects WHERE subject = 'okz-r-0000002' AND seq = 1")
        #expect(try SQLiteAccessLog(path: path, readOnly: true).verifyAccessChain().isIntact)
        try db.execute("DELETE FROM access_subjects WHERE subject = 'okz-r-0000002'")
        #expect(try SQLiteAccessLog(path: path, readOnly: true).verifyAccessChain().firstBreak != nil)
    }

    @Test("a dropped access log is tampering, not an old store: opening it says so and a backup refuses to seal it")
    func droppedLog() throws {
        let db = try SQLiteDatabaseOpener.open(path)
        try db.execute("DROP TABLE access_subjects; DROP TABLE access_log; DROP TABLE access_head")
        do {
            _ = try SQLiteAccessLog(path: path, readOnly: true)
            Issue.record("opened a store whose access log was dropped")
        } catch {
            guard case .chainBroken(.structure) = error else { Issue.record("\(error)"); return }
        }
        #expect(throws: SQLiteBackup.Problem.self) {
            _ = try SQLiteBackup.create(store: path, destination: dir.appendingPathComponent("b.sqlite").path, now: RecordedTime(microseconds: 3_000_000))
        }
    }
}
