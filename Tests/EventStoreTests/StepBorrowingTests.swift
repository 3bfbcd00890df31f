import Testing
import Foundation
import EventStore

/// `SQLiteStatement.stepBorrowing` binds text and blobs without a copy for the import's insert:
/// what it stores must be what `bind` stored, and it must leave nothing bound that points at
/// memory it no longer owns.
@Suite("SQLite: binding without a copy")
struct StepBorrowingTests {
    /// A database in a file of its own for one test, removed after it.
    func withDatabase(_ body: (SQLiteDatabase) throws -> Void) throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("kaisei-borrow-\(UUID().uuidString).sqlite").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        try body(try SQLiteDatabase(path: path))
    }

    @Test("texts and blobs bound in place are stored byte for byte, empty ones as empty (not NULL), non-ASCII text whole; afterwards the four are unbound")
    func storesWhatBindStores() throws { try withDatabase { db in
        try db.execute("CREATE TABLE t(n INTEGER, a TEXT, b TEXT, c BLOB, d BLOB)")
        let insert = try db.prepare("INSERT INTO t VALUES (?,?,?,?,?)")
        let rows: [(String, String, [UInt8], [UInt8])] = [
            ("okz-r-0000001", "岡崎市康生通西", [0, 1, 2, 255], Array(repeating: 7, count: 32)),
            ("", "", [], []),
            // Longer than a small string's inline room, and one that is a slice of a larger text.
            (String(repeating: "x", count: 100), String("abc-toy-r-9999999-def".dropFirst(4).dropLast(4)), Array(0...200).map(UInt8.init), [9]),
        ]
        for (n, r) in rows.enumerated() {
            insert.bind(1, n)
            try insert.stepBorrowing(text: 2, r.0, text: 3, r.1, blob: 4, r.2, blob: 5, r.3)
        }
        let read = try db.prepare("SELECT a, b, c, d, typeof(a), typeof(c) FROM t ORDER BY n")
        for r in rows {
            #expect(try read.step())
            #expect(read.text(0) == r.0 && read.text(1) == r.1)
            #expect(read.bytes(2) == r.2 && read.bytes(3) == r.3)
            #expect(read.text(4) == "text" && read.text(5) == "blob")
        }
        // Stepped again with only the integer bound, the row's texts and blobs are NULL: nothing
        // still points at the memory of the last call.
        insert.bind(1, 99)
        try insert.step()
        #expect(try db.scalar("SELECT count(*) FROM t WHERE n = 99 AND a IS NULL AND b IS NULL AND c IS NULL AND d IS NULL") == 1)
    } }

    @Test("a failed step names SQLite's error (read before the unbinding, which clears it), and the statement is usable after")
    func failureNamesTheError() throws { try withDatabase { db in
        try db.execute("CREATE TABLE t(n INTEGER PRIMARY KEY, a TEXT, b TEXT, c BLOB, d BLOB)")
        let insert = try db.prepare("INSERT INTO t VALUES (?,?,?,?,?)")
        insert.bind(1, 1)
        try insert.stepBorrowing(text: 2, "a", text: 3, "b", blob: 4, [1], blob: 5, [2])
        insert.bind(1, 1)
        let error = #expect(throws: SQLiteError.self) {
            try insert.stepBorrowing(text: 2, "a", text: 3, "b", blob: 4, [1], blob: 5, [2])
        }
        // SQLITE_CONSTRAINT_PRIMARYKEY (1555); until the review, error 0 "not an error".
        #expect(error?.code == 1555, "\(String(describing: error))")
        #expect(error?.message.contains("UNIQUE") == true, "\(String(describing: error))")
        insert.bind(1, 2)
        try insert.stepBorrowing(text: 2, "c", text: 3, "d", blob: 4, [], blob: 5, [])
        #expect(try db.scalar("SELECT count(*) FROM t") == 2)
    } }
}
