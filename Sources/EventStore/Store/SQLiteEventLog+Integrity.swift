import CKaiseiSQLite
#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif
import KaiseiCore
import KaiseiEvents

/// Checking the store before answering from it, cheaply: the store records how far its chain
/// was last verified (`chain_checkpoint`: rows 1…seq, and the database's schema version at that
/// moment), so a command walks only the rows appended since. Rows altered through SQL need the
/// append-only triggers dropped first, and any schema change (a dropped or recreated trigger, a
/// new table) moves SQLite's `schema_version`; a checkpoint taken under another schema version
/// is not trusted and the whole chain is walked again. Editing the file's bytes directly passes
/// unseen until the next full `kaisei verify`; docs/operations.md schedules one nightly.
extension SQLiteEventLog {
    struct Checkpoint { let seq: Int64; let hash: [UInt8]; let schemaVersion: Int64 }

    /// Walks the rows appended since the last verified point (all of them when there is none,
    /// or when the schema changed since), in one read snapshot; a writer records the new point.
    /// Throws `.chainBroken` at the first bad row.
    @discardableResult
    public func verifyIncrementally(record: Bool) throws(StoreError) -> ChainVerification {
        let report: ChainVerification
        let schemaVersion: Int64
        do {
            (report, schemaVersion) = try readSnapshot { () throws -> (ChainVerification, Int64) in
                let sv = try db.scalar("PRAGMA schema_version") ?? 0
                var start = Checkpoint(seq: 0, hash: Self.zeroHash, schemaVersion: sv)
                if let cp = try readCheckpoint(), cp.schemaVersion == sv { start = cp }
                return (try walkChain(from: start), sv)
            }
        } catch let e as StoreError { throw e } catch { throw StoreError.database(Self.plain(error)) }
        if let broken = report.firstBreak { throw StoreError.chainBroken(broken) }
        if record, let last = report.lastHash {
            do {
                try db.transaction {
                    let st = try db.prepare("""
                        UPDATE chain_checkpoint SET seq = ?, hash = ?, schema_version = ?
                        WHERE id = 1 AND (seq < ? OR schema_version != ?)
                        """)
                    st.bind(1, report.lastSeq); st.bind(2, last); st.bind(3, schemaVersion)
                    st.bind(4, report.lastSeq); st.bind(5, schemaVersion)
                    try st.step()
                }
            } catch { throw StoreError.database(Self.plain(error)) }
        }
        return report
    }

    /// Walks every row from the first, in one read snapshot (rows and chain head read together,
    /// so an import appending meanwhile is never mistaken for tampering).
    public func verifyChain() throws(StoreError) -> ChainVerification {
        do {
            return try readSnapshot {
                try walkChain(from: Checkpoint(seq: 0, hash: Self.zeroHash, schemaVersion: 0))
            }
        } catch let e as StoreError { throw e } catch { throw StoreError.database(Self.plain(error)) }
    }

    /// Links rows `start.seq + 1 …` from `start.hash`, then checks the recorded chain head.
    func walkChain(from start: Checkpoint) throws -> ChainVerification {
        var report = ChainVerification()
        if start.seq > 0 {
            // The verified point itself must still be there, with the hash it had.
            let st = try db.prepare("SELECT hash FROM events WHERE seq = ?")
            st.bind(1, start.seq)
            guard try st.step(), st.bytes(0) == start.hash else {
                report.firstBreak = .hashMismatch(seq: start.seq)
                return report
            }
        }
        var walk = ChainWalk(afterSeq: start.seq, hash: start.hash)
        let st = try db.prepare("SELECT \(Self.columns) FROM events WHERE seq > ? ORDER BY seq")
        st.bind(1, start.seq)
        while try st.step() {
            guard walk.step(seq: st.int(0), { try Self.decodeRow(st) }) else { return walk.report }
        }
        return walk.finish(head: try head())
    }

    /// Runs `body` inside one read transaction: every statement in it sees the same snapshot.
    func readSnapshot<T>(_ body: () throws -> T) throws -> T {
        try db.transaction(immediate: false, body)
    }

    func readCheckpoint() throws -> Checkpoint? {
        guard try db.scalar("SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'chain_checkpoint'") == 1 else { return nil }
        let st = try db.prepare("SELECT seq, hash, schema_version FROM chain_checkpoint WHERE id = 1")
        guard try st.step() else { return nil }
        return Checkpoint(seq: st.int(0), hash: st.bytes(1), schemaVersion: st.int(2))
    }

    /// Whether the verified point is the head an append starts from (then what it appends is verified too).
    func checkpointIsAt(_ head: ChainHead) throws -> Bool {
        guard let cp = try readCheckpoint() else { return false }
        let sv = try db.scalar("PRAGMA schema_version") ?? 0
        return cp.seq == head.seq && cp.hash == head.hash && cp.schemaVersion == sv
    }

    func recordCheckpoint(seq: Int64, hash: [UInt8]) throws {
        let st = try db.prepare("UPDATE chain_checkpoint SET seq = ?, hash = ? WHERE id = 1")
        st.bind(1, seq); st.bind(2, hash)
        try st.step()
    }

    static let zeroHash = [UInt8](repeating: 0, count: 32)

    /// Holds the store's writer lock until `releaseWriter()` or the end of the process: a
    /// command that validates against the store and then writes many batches (an import, a
    /// levy run) must not let another writer in between.
    public func holdWriter(purpose: String) throws(StoreError) {
        try writerLock.acquire(purpose: purpose, timeout: writerWait)
    }

    public func releaseWriter() { writerLock.release() }

    /// A reader opens any file it can read (a read-only copy, a restored backup) but refuses a
    /// file that is not a Kaisei store, or whose schema is newer than this build knows.
    static func checkReadable(_ path: String) throws(StoreError) {
        var st = stat()
        guard stat(path, &st) == 0 else { throw StoreError.notAStore(path: path, reason: "no such file") }
        guard st.st_mode & S_IFMT == S_IFREG else { throw StoreError.notAStore(path: path, reason: "it is not a regular file") }
    }

    /// Opens a store to read. A file this process may not write (a read-only copy, a store
    /// owned by another account) cannot get its WAL index; when no write-ahead log is pending,
    /// it is read as immutable instead of being refused as "damaged".
    static func openReader(_ path: String) throws -> SQLiteDatabase {
        let db = try SQLiteDatabase(path: path, readOnly: true)
        do {
            _ = try db.scalar("SELECT count(*) FROM sqlite_master")
            return db
        } catch {
            guard let e = error as? SQLiteError else { throw error }
            if e.code & 0xFF == SQLITE_NOTADB { throw StoreError.notAStore(path: path, reason: "it is not a database file") }
            guard SQLiteDatabase.isReadOnlyRefusal(e) else { throw error }
            var st = stat()
            if stat(path + "-wal", &st) == 0 && st.st_size > 0 {
                throw StoreError.database("\(path) is read-only and has a write-ahead log (\(path)-wal) not yet merged into it: open it once with write access, or copy the store with its -wal file to a writable folder")
            }
            // Immutable means SQLite never looks for another writer again. A shared-memory
            // index beside the file says a writer has it open (or crashed with it open): its
            // next checkpoint would change pages under this reader, so refuse rather than
            // answer from a file that may be half-rewritten. (A writer that opens the store
            // after this check is not seen: the check narrows the window, it cannot close it.)
            if stat(path + "-shm", &st) == 0 {
                throw StoreError.database("\(path) is read-only here and another process may be writing it (\(path)-shm exists): read it with write access to its folder, or read a backup or a copy of it")
            }
            return try SQLiteDatabase(path: path, readOnly: true, immutable: true)
        }
    }

    /// Whether every migration this build knows has been applied (then WAL is set too, as
    /// the first open set it before migrating): such a store opens without the writer lock.
    static func isSetUp(_ db: SQLiteDatabase) -> Bool {
        guard (try? db.scalar("SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'")) == 1,
              let version = try? db.scalar("SELECT COALESCE(MAX(version), 0) FROM schema_migrations") else { return false }
        return version >= Int64(Migration.eventStore.map(\.version).max() ?? 0)
    }

    static func checkSchema(_ db: SQLiteDatabase, path: String) throws(StoreError) {
        let tables: Int64
        do {
            tables = try db.scalar("SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name IN ('events', 'chain_head', 'schema_migrations')") ?? 0
        } catch { throw StoreError.notAStore(path: path, reason: plain(error)) }
        guard tables == 3 else { throw StoreError.notAStore(path: path, reason: "it has no event tables") }
        let version: Int64
        do { version = try db.scalar("SELECT COALESCE(MAX(version), 0) FROM schema_migrations") ?? 0 }
        catch { throw StoreError.notAStore(path: path, reason: plain(error)) }
        let known = Migration.eventStore.map(\.version).max() ?? 0
        if version > Int64(known) { throw StoreError.schemaTooNew(storeVersion: Int(version), supported: known) }
    }

    /// SQLite's own words, without the statement text: what a person at a terminal can act on.
    static func plain(_ error: Error) -> String {
        if let e = error as? SQLiteError { return e.message }
        return "\(error)"
    }
}
