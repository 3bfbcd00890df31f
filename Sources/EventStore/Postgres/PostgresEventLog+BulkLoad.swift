import NIOCore
import PostgresNIO
import KaiseiCore

/// A large import into an empty PostgreSQL store builds the two unique indexes once after the
/// load, as `SQLiteEventLog+BulkLoad.swift` does and for the same reason (every batch otherwise
/// updates B-trees far larger than memory). Dropping an index needs the table's owner: the
/// role that migrates a city's history in is the owner; under any other role the import simply
/// takes the ordinary path.
///
/// Meanwhile the checks are made here: stream versions from this connection's own count, ids
/// against a set of their hashes (a hit looked up in the table), and the indexes are built
/// UNIQUE by the server in the transaction that also moves the verified checkpoint. A crash
/// leaves whole batches and no indexes; the next writer that may create them does.
extension PostgresEventLog {
    static let rebuildableIndexes: [(name: String, sql: String)] = [
        ("events_by_id", "CREATE UNIQUE INDEX IF NOT EXISTS events_by_id ON events(event_id)"),
        ("events_by_stream", "CREATE UNIQUE INDEX IF NOT EXISTS events_by_stream ON events(city, subject, stream_version)"),
    ]

    final class BulkLoad {
        let verifiedFromStart: Bool
        /// The database's schema-change count once the indexes were dropped: any other change
        /// before the load ends (a trigger dropped and put back) moves it, and then the
        /// checkpoint is not moved, so `verify` walks the loaded rows again.
        let schemaChanges: Int64?
        /// The head as this load's own appends left it: the checkpoint moves at the end only
        /// if the store's head is still this one (rows another writer slipped in were never
        /// checked here).
        var ownHead: ChainHead
        private var idHashes = Set<UInt64>(minimumCapacity: 1 << 20)
        init(verifiedFromStart: Bool, schemaChanges: Int64?, head: ChainHead) {
            self.verifiedFromStart = verifiedFromStart
            self.schemaChanges = schemaChanges
            self.ownHead = head
        }
        func seen(hash: UInt64) -> Bool { idHashes.contains(hash) }
        func added(hash: UInt64) { idHashes.insert(hash) }
    }

    public func beginBulkLoad() throws(StoreError) -> Bool {
        if bulk != nil { return true }
        try acquireWriter(purpose: "bulk load")
        do {
            let head = try readHead()
            guard head.seq == 0 else { releaseWriter(); return false }
            // Not the table's owner: the ordinary path, indexes kept up row by row.
            guard try ownsEvents() else { releaseWriter(); return false }
            let verified = try trustedCheckpoint().map { $0.seq == 0 } ?? false
            // The baseline is read in the transaction that drops the indexes.
            var changes: Int64?
            try session.transaction {
                for index in Self.rebuildableIndexes { try session.execute("DROP INDEX IF EXISTS \(index.name)") }
                changes = try schemaChanges()
            }
            streamVersions.removeAll()
            cachedHead = head
            bulk = BulkLoad(verifiedFromStart: verified, schemaChanges: changes, head: head)
            return true
        } catch {
            releaseWriter()
            throw PostgresSession.storeError(error)
        }
    }

    public func endBulkLoad() throws(StoreError) {
        guard let state = bulk else { return }
        bulk = nil
        streamVersions.removeAll()
        defer { releaseWriter() }
        do {
            var schemaUnchanged = false
            try buildIndexes(before: {
                let now = try schemaChanges()
                schemaUnchanged = now != nil && now == state.schemaChanges
            }) {
                // Rows linked here from a verified empty head, and nothing after them: the
                // checkpoint moves to the head, under the schema-change count the new indexes left.
                let head = try readHead()
                guard state.verifiedFromStart, schemaUnchanged, head == state.ownHead else { return }
                try session.query("""
                    UPDATE chain_checkpoint SET seq = \(head.seq), hash = \(ByteBuffer(bytes: head.hash)),
                      schema_changes = COALESCE((SELECT n FROM schema_changes WHERE id = 1), -1) WHERE id = 1
                    """)
            }
        } catch {
            throw StoreError.database("cannot build the store's indexes after a bulk load: \(PostgresSession.storeError(error)); the next writer to open the store as its owner builds them")
        }
    }

    /// Whether this role may drop and create the table's indexes (it owns it, or is a member of
    /// the owner role).
    func ownsEvents() throws(StoreError) -> Bool {
        (try session.scalar("""
            SELECT pg_has_role(current_user, t.tableowner, 'USAGE')::int FROM pg_tables t
            WHERE t.schemaname = current_schema() AND t.tablename = 'events'
            """) ?? 0) == 1
    }

    /// Creates whichever rebuildable indexes are missing, in one transaction with `then`, with
    /// memory enough to sort them in one pass.
    func buildIndexes(before: () throws -> Void = {}, then: () throws -> Void = {}) throws {
        try session.transaction {
            try before()
            try session.execute("SET LOCAL maintenance_work_mem = '1GB'")
            for index in Self.rebuildableIndexes { try session.execute(index.sql) }
            try then()
        }
    }

    /// After an interrupted bulk load the rows are there without their indexes: the first
    /// writer that may create them does, under the writer lock. A role that may not (the
    /// service's) reads and appends correctly without them, only slower.
    func repairIndexes() throws(StoreError) {
        func missing() throws(StoreError) -> Bool {
            (try session.scalar("""
                SELECT count(*) FROM pg_indexes WHERE schemaname = current_schema() AND tablename = 'events'
                  AND indexname IN ('events_by_id', 'events_by_stream')
                """) ?? 0) < 2
        }
        guard try missing(), try ownsEvents() else { return }
        try acquireWriter(purpose: "rebuild indexes")
        defer { releaseWriter() }
        guard try missing() else { return }
        do { try buildIndexes() } catch {
            throw StoreError.database("cannot rebuild the store's indexes: \(PostgresSession.storeError(error))")
        }
    }
}
