import NIOCore
import PostgresNIO
import KaiseiCore

/// The counter's access log in a PostgreSQL store (migration 4): the same records and chain as
/// `SQLiteAccessLog`, on a connection of its own. Appends lock the `access_head` row, so
/// several `kaisei serve` processes on one database keep one gap-free chain; a city's database
/// role reads only its own city's records (row-level security, as for the events).
public final class PostgresAccessLog: AccessLog {
    let session: PostgresSession

    /// Opens the access log of the store at `url`; the store must be migrated (open it as a
    /// `PostgresEventLog` writer first).
    public init(url text: String, readOnly: Bool = false) throws(StoreError) {
        let url = try PostgresURL(text)
        session = try PostgresSession(url, applicationName: readOnly ? "kaisei access reader" : "kaisei access")
        if readOnly { try session.execute("SET default_transaction_read_only = on") }
        let tables = try session.scalar("""
            SELECT count(*) FROM information_schema.tables
            WHERE table_schema = current_schema() AND table_name IN ('access_log', 'access_head')
            """) ?? 0
        guard tables == 2 else {
            // The schema recording the access log's migration means it existed: gone is tampering.
            let migrated = (try? session.scalar("SELECT count(*) FROM schema_migrations WHERE name = 'access-log'")) ?? 0
            if migrated > 0 { throw StoreError.chainBroken(.structure("the access log's tables were removed (the store's schema records its migration, access-log)")) }
            throw StoreError.notAStore(path: url.description, reason: "it has no access log (open it once for writing to migrate it)")
        }
    }

    public func appendAccess(_ records: [AccessRecord]) throws(StoreError) -> [Int64] {
        guard !records.isEmpty else { return [] }
        do {
            return try session.transaction { () throws -> [Int64] in
                guard let row = try session.query("SELECT seq, hash FROM access_head WHERE id = 1 FOR UPDATE").first else {
                    throw StoreError.database("the access log has no head row")
                }
                let (start, headHash) = try row.decode((Int64, ByteBuffer).self)
                var seq = start
                var hash = Array(headHash.readableBytesView)
                var seqs: [Int64] = [], ats: [Int64] = [], cities: [Int64] = [], staff: [String] = [], roles: [String] = []
                var purposes: [String] = [], routes: [String] = [], subjects: [String] = [], details: [String] = [], hashes: [ByteBuffer] = []
                for r in records {
                    seq += 1
                    hash = AccessRecord.link(hash, r, seq: seq)
                    seqs.append(seq); ats.append(r.at.microseconds); cities.append(Int64(r.city.code)); staff.append(r.staff)
                    roles.append(r.role); purposes.append(r.purpose); routes.append(r.route)
                    subjects.append(r.subjects.joined(separator: " ")); details.append(r.detail); hashes.append(ByteBuffer(bytes: hash))
                }
                try session.query("""
                    INSERT INTO access_log(seq, at, city, staff, role, purpose, route, subjects, detail, hash)
                    SELECT * FROM unnest(\(seqs)::bigint[], \(ats)::bigint[], \(cities)::smallint[], \(staff)::text[], \(roles)::text[],
                      \(purposes)::text[], \(routes)::text[], \(subjects)::text[], \(details)::text[], \(hashes)::bytea[])
                    """)
                try session.query("UPDATE access_head SET seq = \(seq), hash = \(ByteBuffer(bytes: hash)) WHERE id = 1")
                return seqs
            }
        } catch { throw PostgresSession.storeError(error) }
    }

    public func accessRecords(_ filter: AccessFilter) throws(StoreError) -> [StoredAccessRecord] {
        var conditions: [String] = []
        var binds = PostgresBindings()
        func add(_ sql: (Int) -> String, _ value: some PostgresNonThrowingEncodable) {
            binds.append(value)
            conditions.append(sql(binds.count))
        }
        if let c = filter.city { add({ "city = $\($0)" }, Int64(c.code)) }
        if let s = filter.staff { add({ "staff = $\($0)" }, s) }
        // The subjects column is space-separated ids; ids never hold spaces.
        if let s = filter.subject { add({ "$\($0) = ANY(string_to_array(subjects, ' '))" }, s) }
        if let f = filter.from { add({ "at >= $\($0)" }, f.microseconds) }
        if let t = filter.to { add({ "at <= $\($0)" }, t.microseconds) }
        if let b = filter.beforeSeq { add({ "seq < $\($0)" }, b) }
        let whereClause = conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ")
        let select = "SELECT seq, at, city, staff, role, purpose, route, subjects, detail, hash FROM access_log \(whereClause)"
        let sql = filter.latest
            ? "SELECT * FROM (\(select) ORDER BY seq DESC LIMIT \(max(0, filter.limit))) AS latest ORDER BY seq"
            : "\(select) ORDER BY seq LIMIT \(max(0, filter.limit))"
        do {
            return try session.query(PostgresQuery(unsafeSQL: sql, binds: binds)).map { row throws in try Self.decode(row) }
        } catch { throw PostgresSession.storeError(error) }
    }

    static func decode(_ row: PostgresRow) throws -> StoredAccessRecord {
        let (seq, at, cityCode, staff, role, purpose, route, subjects, detail, hash) =
            try row.decode((Int64, Int64, Int64, String, String, String, String, String, String, ByteBuffer).self)
        guard let city = City(code: UInt8(clamping: cityCode)) else { throw StoreError.corruptRow(seq: seq, reason: "access log: unknown city") }
        let record = AccessRecord(at: RecordedTime(microseconds: at), city: city, staff: staff, role: role, purpose: purpose, route: route,
                                  subjects: subjects.isEmpty ? [] : subjects.split(separator: " ").map(String.init), detail: detail)
        return StoredAccessRecord(seq: seq, record: record, hash: Array(hash.readableBytesView))
    }

    public func verifyAccessChain() throws(StoreError) -> ChainVerification {
        do {
            return try session.transaction("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY") { () throws -> ChainVerification in
                var walk = AccessChainWalk()
                var done = false
                while !done {
                    let rows = try session.query("""
                        SELECT seq, at, city, staff, role, purpose, route, subjects, detail, hash FROM access_log
                        WHERE seq >= \(walk.expected) ORDER BY seq LIMIT 20000
                        """)
                    done = rows.count < 20_000
                    for row in rows {
                        let seq = (try? row.first?.decode(Int64.self, context: .default)) ?? -1
                        guard walk.step(seq: seq, { try Self.decode(row) }) else { return walk.report }
                    }
                }
                guard let head = try session.query("SELECT seq, hash FROM access_head WHERE id = 1").first else { return walk.finish(head: nil) }
                let (headSeq, headHash) = try head.decode((Int64, ByteBuffer).self)
                return walk.finish(head: (headSeq, Array(headHash.readableBytesView)))
            }
        } catch { throw PostgresSession.storeError(error) }
    }
}
