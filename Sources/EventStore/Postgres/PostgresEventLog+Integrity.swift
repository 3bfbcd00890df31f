import NIOCore
import PostgresNIO
import KaiseiCore
import KaiseiEvents

/// Walking the chain in PostgreSQL: every page of rows and the chain head are read in one
/// REPEATABLE READ transaction, so an import appending meanwhile is never taken for tampering.
///
/// The incremental check starts from `chain_checkpoint` (rows 1…seq verified) only when the
/// database's count of schema changes is what it was at that checkpoint (migration 2's event
/// trigger): altering a row through SQL needs the append-only trigger disabled first, which
/// moves the count. Without the event trigger (a store migrated by a non-superuser) there is
/// no count to compare, and the whole chain is walked every time. A superuser can still pass
/// unseen (`session_replication_role = replica` skips triggers, and the count is a table it can
/// write), as someone with the SQLite file can edit its bytes: the nightly full `kaisei verify`
/// (docs/operations.md) walks every row.
extension PostgresEventLog {
    struct Checkpoint { let seq: Int64; let hash: [UInt8]; var schemaChanges: Int64 = -1 }

    func checkpoint() throws(StoreError) -> Checkpoint? {
        guard let row = try session.query("SELECT seq, hash, schema_changes FROM chain_checkpoint WHERE id = 1").first else { return nil }
        do {
            let (seq, hash, changes) = try row.decode((Int64, ByteBuffer, Int64).self)
            return Checkpoint(seq: seq, hash: Array(hash.readableBytesView), schemaChanges: changes)
        } catch { throw PostgresSession.storeError(error) }
    }

    /// The database's count of schema changes, or nil when no enabled event trigger keeps it.
    func schemaChanges() throws(StoreError) -> Int64? {
        let active = try session.scalar("SELECT count(*) FROM pg_event_trigger WHERE evtname = 'kaisei_schema_changes' AND evtenabled <> 'D'") ?? 0
        guard active == 1 else { return nil }
        return try session.scalar("SELECT n FROM schema_changes WHERE id = 1")
    }

    /// The checkpoint, when it can be trusted now.
    func trustedCheckpoint() throws(StoreError) -> Checkpoint? {
        guard let cp = try checkpoint(), let changes = try schemaChanges(), cp.schemaChanges == changes else { return nil }
        return cp
    }

    public func verifyChain() throws(StoreError) -> ChainVerification {
        do {
            return try session.transaction("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY") {
                try walkChain(from: Checkpoint(seq: 0, hash: HashChain.genesis))
            }
        } catch { throw PostgresSession.storeError(error) }
    }

    @discardableResult
    public func verifyIncrementally(record: Bool) throws(StoreError) -> ChainVerification {
        let report: ChainVerification
        var changes: Int64 = -1
        do {
            report = try session.transaction("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY") {
                changes = try schemaChanges() ?? -1
                return try walkChain(from: try trustedCheckpoint() ?? Checkpoint(seq: 0, hash: HashChain.genesis))
            }
        } catch { throw PostgresSession.storeError(error) }
        if let broken = report.firstBreak { throw StoreError.chainBroken(broken) }
        if record, !readOnly, let last = report.lastHash {
            try session.query("""
                UPDATE chain_checkpoint SET seq = \(report.lastSeq), hash = \(ByteBuffer(bytes: last)), schema_changes = \(changes)
                WHERE id = 1 AND (seq < \(report.lastSeq) OR schema_changes <> \(changes))
                """)
        }
        return report
    }

    /// Links rows `start.seq + 1 …` from `start.hash`, then checks the recorded chain head.
    func walkChain(from start: Checkpoint) throws -> ChainVerification {
        var report = ChainVerification()
        if start.seq > 0 {
            // The verified point itself must still be there, with the hash it had.
            let rows = try session.query("SELECT hash FROM events WHERE seq = \(start.seq)")
            guard let row = rows.first, Array(try row.decode(ByteBuffer.self).readableBytesView) == start.hash else {
                report.firstBreak = .hashMismatch(seq: start.seq)
                return report
            }
        }
        var walk = ChainWalk(afterSeq: start.seq, hash: start.hash)
        var done = false
        while !done {
            let rows = try session.query("""
                SELECT \(unescaped: Self.columns) FROM events WHERE seq >= \(walk.expected) ORDER BY seq LIMIT \(Int64(Self.page))
                """)
            done = rows.count < Self.page
            for row in rows {
                let seq = (try? row.first?.decode(Int64.self, context: .default)) ?? -1
                guard walk.step(seq: seq, { try Self.decodeRow(row) }) else { return walk.report }
            }
        }
        return walk.finish(head: try head())
    }

    public func stats() throws(StoreError) -> StoreStats {
        var s = StoreStats()
        do {
            for row in try session.query("SELECT city::bigint, type::bigint, COUNT(*) FROM events GROUP BY city, type ORDER BY city, type") {
                let (cityCode, typeCode, count) = try row.decode((Int64, Int64, Int64).self)
                guard let c = City(code: UInt8(truncatingIfNeeded: cityCode)),
                      let t = EventType(rawValue: UInt16(truncatingIfNeeded: typeCode)) else { continue }
                s.rows.append(.init(city: c, type: t, count: count))
                s.totalEvents += count
            }
            s.subjects = try session.scalar("SELECT COUNT(*) FROM (SELECT DISTINCT city, subject FROM events) AS d") ?? 0
            if let row = try session.query("SELECT MIN(recorded_at), MAX(recorded_at) FROM events").first,
               let (first, last) = try? row.decode((Int64, Int64).self) {
                s.firstRecorded = RecordedTime(microseconds: first)
                s.lastRecorded = RecordedTime(microseconds: last)
            }
            s.fileBytes = try session.scalar("SELECT pg_total_relation_size('events')") ?? 0
            s.schemaVersion = try session.scalar("SELECT COALESCE(MAX(version), 0) FROM schema_migrations") ?? 0
            return s
        } catch { throw PostgresSession.storeError(error) }
    }
}
