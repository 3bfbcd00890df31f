import KaiseiCore

/// A large import into an empty store (a city's history brought in at migration, 移行) builds
/// the two unique indexes once after the load instead of row by row: at 28 million events the
/// (city, subject, stream_version) index is far larger than the page cache, every batch
/// rewrote pages all over it, and the rate fell from 200,000 to 37,000 events a second.
///
/// No check is weakened. Stream versions come from this connection's own count (every stream
/// began empty and grew only here, under the writer lock); ids are checked against a set of
/// their hashes, a hit confirmed against the table; and the indexes are then built UNIQUE by
/// SQLite itself, in the transaction that also records the verified checkpoint. Rows are
/// committed batch by batch exactly as before, so a crash at any moment leaves whole batches
/// that verify; the first writer to open the store afterwards rebuilds the missing indexes
/// (`repairIndexes`), and a resumed import goes on from there.
extension SQLiteEventLog {
    /// The secondary indexes of migration 1, recreated by name after a bulk load or a crash
    /// during one. Dropping and creating an index never touches the rows or their chain.
    static let rebuildableIndexes: [(name: String, sql: String)] = [
        ("events_by_id", "CREATE UNIQUE INDEX events_by_id ON events(event_id)"),
        ("events_by_stream", "CREATE UNIQUE INDEX events_by_stream ON events(city, subject, stream_version)"),
    ]

    /// The page cache (KiB) while the indexes are built: the size of the sorter's runs.
    static let sorterCacheKiB = 8_192

    final class BulkLoad {
        let insert: SQLiteStatement
        /// Whether the store was verified up to its (empty) head when the load began: then the
        /// rows linked here are verified too, and the checkpoint moves with the new indexes.
        let verifiedFromStart: Bool
        /// SQLite's schema version once the indexes were dropped. Anything else that changes
        /// the schema before the load ends (a trigger dropped and put back by hand) moves it,
        /// and then the checkpoint is not moved: `verify` walks the loaded rows again.
        let schemaVersion: Int64
        /// The head as this load's own appends left it. The checkpoint moves at the end only if
        /// the store's head is still this one: rows another writer slipped in (around the lock,
        /// or after the last batch) were never checked here and must be walked by `verify`.
        var ownHead: ChainHead
        /// The hashes of the ids loaded so far, standing in for the id index.
        let ids = BulkIds()
        /// Each stream's version so far (every stream began empty and grew only in this load).
        let streams = BulkStreams()

        init(insert: SQLiteStatement, verifiedFromStart: Bool, schemaVersion: Int64, head: ChainHead) {
            self.insert = insert
            self.verifiedFromStart = verifiedFromStart
            self.schemaVersion = schemaVersion
            self.ownHead = head
        }
    }

    /// A bulk load's stream versions, counted like its ids by whichever thread walks a batch
    /// first (a probe of a million streams by a string key per event was the writer's next
    /// largest cost after the ids). The walk counts every event of the batch as written; the
    /// writer gives back those it did not write (repeats) once the walk is over.
    final class BulkStreams: @unchecked Sendable {
        private var versions: [StreamKey: Int64] = [:]

        /// The version the stream's next event takes, counted as taken.
        func take(_ key: StreamKey) -> Int64 {
            if let i = versions.index(forKey: key) {
                versions.values[i] += 1
                return versions.values[i]
            }
            versions[key] = 1
            return 1
        }

        func current(_ key: StreamKey) -> Int64 { versions[key] ?? 0 }

        /// Events counted by `take` and then not written.
        func giveBack(_ counts: [StreamKey: Int64]) {
            for (key, n) in counts { versions[key, default: 0] -= n }
        }
    }

    /// The 64-bit hashes of a bulk load's ids. An id is noted *before* its row is written, by
    /// whichever thread walks the batch first (`PreparedLinks` on the second core for a large
    /// batch: at full scale these probes of a set of 33 million were a tenth of the writer's
    /// time). A hash seen before is confirmed in the table (a full scan, so rare: a real repeat
    /// or a 64-bit collision). A hash noted for a row that is then not written (a repeat, or a
    /// batch that fails, which ends the bulk load) can only cause such a confirmation, never a
    /// missed repeat.
    final class BulkIds: @unchecked Sendable {
        /// Sized for a million ids and grown as the load goes: a load starts at the bulk
        /// threshold (200,000), and every one would otherwise zero a table sized for the largest.
        private var hashes = HashSlots<Void>(capacity: 1 << 20, empty: ())

        /// Notes `id`; whether its hash was there already (a repeat to confirm).
        func note(_ id: String) -> Bool { hashes.valueOrInsert(IdIndex.hash(id), ()) != nil }
    }

    public func beginBulkLoad() throws(StoreError) -> Bool {
        if bulk != nil { return true }
        try writerLock.acquire(purpose: "bulk load", timeout: writerWait)
        do {
            let head = try readHead()
            guard head.seq == 0 else { writerLock.release(); return false }
            let verified = try checkpointIsAt(head)
            // The baseline is read in the transaction that drops the indexes: no other change
            // of schema can slip in between.
            let schemaVersion = try db.transaction { () throws -> Int64 in
                for index in Self.rebuildableIndexes { try db.execute("DROP INDEX IF EXISTS \(index.name)") }
                return try db.scalar("PRAGMA schema_version") ?? 0
            }
            let insert = try db.prepare("INSERT INTO events(\(Self.insertColumns)) VALUES (?,?,?,?,?,?,?,?,?,?,?)")
            streamVersions.removeAll()
            cachedHead = head
            bulk = BulkLoad(insert: insert, verifiedFromStart: verified, schemaVersion: schemaVersion, head: head)
            return true
        } catch {
            writerLock.release()
            if let e = error as? StoreError { throw e }
            throw StoreError.database("cannot begin a bulk load: \(Self.plain(error))")
        }
    }

    public func endBulkLoad() throws(StoreError) {
        guard let state = bulk else { return }
        bulk = nil
        streamVersions.removeAll()
        defer { writerLock.release() }
        do {
            var schemaUnchanged = false
            try Self.buildIndexes(db, before: {
                schemaUnchanged = try db.scalar("PRAGMA schema_version") ?? 0 == state.schemaVersion
            }) {
                // Rows linked here from a verified empty head, under the schema as the load
                // left it, and nothing after them: the checkpoint moves to the head, under the
                // schema version the new indexes gave the store.
                let head = try readHead()
                guard state.verifiedFromStart, schemaUnchanged, head == state.ownHead else { return }
                let st = try db.prepare("UPDATE chain_checkpoint SET seq = ?, hash = ?, schema_version = (SELECT schema_version FROM pragma_schema_version) WHERE id = 1")
                st.bind(1, head.seq); st.bind(2, head.hash)
                try st.step()
            }
        } catch let e as StoreError { throw e } catch {
            throw StoreError.database("cannot build the store's indexes after a bulk load: \(Self.plain(error)); the next writer to open the store builds them")
        }
    }

    /// Creates whichever rebuildable indexes are missing, in one transaction with `then`.
    ///
    /// A *small* cache makes the build faster: SQLite's sorter cuts its input into runs of about
    /// the cache's size, and with `threads=2` a second thread sorts each run while the first reads
    /// on; with a 1 GiB cache a full-scale index was one or two runs sorted on one core. At full
    /// scale (33.3 million rows, `sqlite3` on a copy of the store) both indexes took 71.1 s with a
    /// 1 GiB cache and 41.1 s with 8 MiB (4 MiB: 41.5 s, 32 MiB: 42.1 s, 64 MiB: 47.3 s,
    /// 128 MiB: 55.6 s), and 40 MB of memory instead of 2.4 GB.
    static func buildIndexes(_ db: SQLiteDatabase, before: () throws -> Void = {}, then: () throws -> Void = {}) throws {
        try db.execute("PRAGMA threads=2")
        try db.execute("PRAGMA cache_size=-\(sorterCacheKiB)")
        defer { try? db.execute("PRAGMA cache_size=-131072") }
        try db.transaction {
            try before()
            for index in rebuildableIndexes {
                let present = try db.scalar("SELECT count(*) FROM sqlite_master WHERE type = 'index' AND name = '\(index.name)'") ?? 0
                if present == 0 { try db.execute(index.sql) }
            }
            try then()
        }
    }

    /// A store whose bulk load was interrupted has its rows but not its indexes: the first
    /// writer to open it builds them, under the writer lock (a load still running holds it,
    /// and this open then waits, or reports who holds it).
    static func repairIndexes(_ db: SQLiteDatabase, lock: WriterLock, writerWait: Double) throws(StoreError) {
        func missing() throws -> Bool {
            try db.scalar("SELECT count(*) FROM sqlite_master WHERE type = 'index' AND name IN ('events_by_id', 'events_by_stream')") ?? 0 < 2
        }
        do {
            guard try missing() else { return }
            try lock.acquire(purpose: "rebuild indexes", timeout: writerWait)
            defer { lock.release() }
            if try missing() { try buildIndexes(db) }
        } catch let e as StoreError { throw e } catch {
            throw StoreError.database("cannot rebuild the store's indexes: \(plain(error))")
        }
    }
}
