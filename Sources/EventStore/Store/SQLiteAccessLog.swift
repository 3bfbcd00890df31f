import CKaiseiSQLite
#if canImport(Glibc)
import Glibc
#endif
import KaiseiCore

/// The access log in an SQLite store: its own connection (the service writes it from its own
/// thread while replay reads on another), `BEGIN IMMEDIATE` per batch so two processes never
/// fork the chain, and SQLite's busy wait rather than the event writer's lock, so a long
/// import does not stop the counter from answering.
public final class SQLiteAccessLog: AccessLog {
    let db: SQLiteDatabase
    public let path: String

    /// Opens the store at `path` for the access log; the store must exist and be migrated
    /// (open it as an `SQLiteEventLog` writer first).
    public init(path: String, readOnly: Bool = false) throws(StoreError) {
        do {
            // A reader opens it as the event log's reader does, so a read-only copy of a store
            // verifies its access log too (this once failed and was skipped as "no access log").
            db = readOnly ? try SQLiteEventLog.openReader(path) : try SQLiteDatabase(path: path, readOnly: false)
            let tables = try db.scalar("SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name IN ('access_log', 'access_head', 'access_subjects')") ?? 0
            guard tables == 3 else {
                // A store whose schema records the access log's migration had it: its tables
                // gone is tampering, not an old store (`kaisei verify` must not pass it).
                let migrated = (try? db.scalar("SELECT count(*) FROM schema_migrations WHERE name = 'access-log'")) ?? 0
                if migrated > 0 { throw StoreError.chainBroken(.structure("the access log's tables were removed (the store's schema records migration 3, access-log)")) }
                throw StoreError.notAStore(path: path, reason: "it has no access log (open it once for writing to migrate it)")
            }
        } catch let e as StoreError { throw e
        } catch { throw StoreError.database("cannot open the access log of \(path): \(SQLiteEventLog.plain(error))") }
        self.path = path
    }

    public func appendAccess(_ records: [AccessRecord]) throws(StoreError) -> [Int64] {
        guard !records.isEmpty else { return [] }
        do {
            return try db.transaction { () throws -> [Int64] in
                let head = try db.prepare("SELECT seq, hash FROM access_head WHERE id = 1")
                guard try head.step() else { throw StoreError.database("the access log has no head row") }
                var seq = head.int(0)
                var hash = head.bytes(1)
                let insert = try db.prepare("""
                    INSERT INTO access_log(seq, at, city, staff, role, purpose, route, subjects, detail, hash)
                    VALUES (?,?,?,?,?,?,?,?,?,?)
                    """)
                let index = try db.prepare("INSERT OR IGNORE INTO access_subjects(subject, seq) VALUES (?, ?)")
                var seqs: [Int64] = []
                for r in records {
                    seq += 1
                    hash = AccessRecord.link(hash, r, seq: seq)
                    insert.reset()
                    insert.bind(1, seq); insert.bind(2, r.at.microseconds); insert.bind(3, Int64(r.city.code))
                    insert.bind(4, r.staff); insert.bind(5, r.role); insert.bind(6, r.purpose); insert.bind(7, r.route)
                    insert.bind(8, r.subjects.joined(separator: " ")); insert.bind(9, r.detail); insert.bind(10, hash)
                    _ = try insert.step()
                    for s in Set(r.subjects) {
                        index.reset(); index.bind(1, s); index.bind(2, seq)
                        _ = try index.step()
                    }
                    seqs.append(seq)
                }
                let move = try db.prepare("UPDATE access_head SET seq = ?, hash = ? WHERE id = 1")
                move.bind(1, seq); move.bind(2, hash)
                _ = try move.step()
                return seqs
            }
        } catch let e as StoreError { throw e
        } catch { throw StoreError.database("access log: \(SQLiteEventLog.plain(error))") }
    }

    /// With readers always active (the counter service holds a few dozen at once) SQLite never
    /// finds a moment to start its WAL over, so the file grew by about 60 MB a second at full
    /// scale (1.5 GB within a minute) and every read looked pages up in an ever longer WAL
    /// index. A TRUNCATE checkpoint copies what is left into the database, waits for the readers
    /// of old frames (milliseconds: new readers then read the database file) and empties the WAL.
    /// Skipped, without waiting, while another writer (an import) holds the store.
    public func maintainJournal() {
        var st = stat()
        guard stat(path + "-wal", &st) == 0, Int64(st.st_size) > journalLimitBytes else { return }
        do {
            try db.execute("PRAGMA busy_timeout=250")
            defer { try? db.execute("PRAGMA busy_timeout=10000") }
            _ = try db.scalar("PRAGMA wal_checkpoint(TRUNCATE)")
        } catch {}
    }

    /// The WAL size above which the audit trail's writer empties it between batches.
    public var journalLimitBytes: Int64 = 64 << 20

    public func accessRecords(_ filter: AccessFilter) throws(StoreError) -> [StoredAccessRecord] {
        var conditions: [String] = []
        var binds: [(Int32, SQLiteStatement) -> Void] = []
        func add(_ sql: String, _ bind: @escaping (Int32, SQLiteStatement) -> Void) {
            conditions.append(sql); binds.append(bind)
        }
        if let c = filter.city { add("a.city = ?") { $1.bind($0, Int64(c.code)) } }
        if let s = filter.staff { add("a.staff = ?") { $1.bind($0, s) } }
        // The index finds the records; the record's own (chained) subject list must name the
        // subject too, so a row slipped into the index cannot pin a look on someone.
        if let s = filter.subject {
            add("a.seq IN (SELECT seq FROM access_subjects WHERE subject = ?)") { $1.bind($0, s) }
            add("instr(' ' || a.subjects || ' ', ' ' || ? || ' ') > 0") { $1.bind($0, s) }
        }
        if let f = filter.from { add("a.at >= ?") { $1.bind($0, f.microseconds) } }
        if let t = filter.to { add("a.at <= ?") { $1.bind($0, t.microseconds) } }
        if let b = filter.beforeSeq { add("a.seq < ?") { $1.bind($0, b) } }
        let whereClause = conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ")
        // The newest first without a subject: walk the table back from its end and stop at the
        // limit. Left to itself SQLite reads the city's whole (city, at) index and sorts it by
        // seq, which grows with the trail (130 ms a page at 42,000 records).
        let walkBack = filter.latest && filter.subject == nil ? " NOT INDEXED" : ""
        let select = "SELECT a.seq, a.at, a.city, a.staff, a.role, a.purpose, a.route, a.subjects, a.detail, a.hash FROM access_log a\(walkBack) \(whereClause)"
        let sql = filter.latest
            ? "SELECT seq, at, city, staff, role, purpose, route, subjects, detail, hash FROM (\(select) ORDER BY a.seq DESC LIMIT \(max(0, filter.limit))) ORDER BY seq"
            : "\(select) ORDER BY a.seq LIMIT \(max(0, filter.limit))"
        do {
            let st = try db.prepare(sql)
            for (i, bind) in binds.enumerated() { bind(Int32(i + 1), st) }
            var out: [StoredAccessRecord] = []
            while try st.step() { out.append(try Self.decode(st)) }
            return out
        } catch let e as StoreError { throw e
        } catch { throw StoreError.database("access log: \(SQLiteEventLog.plain(error))") }
    }

    static func decode(_ st: SQLiteStatement) throws(StoreError) -> StoredAccessRecord {
        guard let city = City(code: UInt8(clamping: st.int(2))) else { throw StoreError.corruptRow(seq: st.int(0), reason: "access log: unknown city") }
        let subjects = st.text(7)
        let record = AccessRecord(at: RecordedTime(microseconds: st.int(1)), city: city, staff: st.text(3), role: st.text(4),
                                  purpose: st.text(5), route: st.text(6),
                                  subjects: subjects.isEmpty ? [] : subjects.split(separator: " ").map(String.init), detail: st.text(8))
        return StoredAccessRecord(seq: st.int(0), record: record, hash: st.bytes(9))
    }

    public func verifyAccessChain() throws(StoreError) -> ChainVerification {
        do {
            return try db.transaction(immediate: false) { () throws -> ChainVerification in
                let st = try db.prepare("SELECT seq, at, city, staff, role, purpose, route, subjects, detail, hash FROM access_log ORDER BY seq")
                var walk = AccessChainWalk()
                var indexed: Int64 = 0
                while try st.step() {
                    guard walk.step(seq: st.int(0), { try Self.decode(st) }) else { return walk.report }
                    let subjects = st.text(7)
                    if !subjects.isEmpty { indexed += Int64(Set(subjects.split(separator: " ")).count) }
                }
                let head = try db.prepare("SELECT seq, hash FROM access_head WHERE id = 1")
                var report = walk.finish(head: try head.step() ? (head.int(0), head.bytes(1)) : nil)
                guard report.isIntact else { return report }
                // "Who looked at me" reads `access_subjects`, outside the chain: it must hold
                // exactly one row per (subject, record) of the chained records, no more, no less.
                let index = try db.prepare("""
                    SELECT count(*), COALESCE(sum(a.seq IS NOT NULL AND instr(' ' || a.subjects || ' ', ' ' || s.subject || ' ') > 0), 0)
                    FROM access_subjects s LEFT JOIN access_log a ON a.seq = s.seq
                    """)
                _ = try index.step()
                let (rows, matching) = (index.int(0), index.int(1))
                if rows != matching || rows != indexed {
                    report.firstBreak = .structure("the access log's subject index disagrees with its records: \(rows) index rows, \(matching) of them naming a subject of their record, \(indexed) expected (a row was added, altered or removed)")
                }
                return report
            }
        } catch let e as StoreError { throw e
        } catch { throw StoreError.database("access log: \(SQLiteEventLog.plain(error))") }
    }
}
