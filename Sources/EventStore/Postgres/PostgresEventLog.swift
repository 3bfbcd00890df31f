#if canImport(Glibc)
import Glibc
#endif
import NIOCore
import PostgresNIO
import KaiseiCore
import KaiseiEvents

/// The shared cloud's event store: the same append-only, hash-chained log as `SQLiteEventLog`,
/// in PostgreSQL, behind the same `EventLog` contract (Tests/EventStoreTests/StoreContractTests
/// runs on both).
///
/// How the promises are kept here:
/// - **One writer.** `holdWriter` and every append take a session advisory lock (waiting up to
///   `writerWait`, then `.busy` naming the holder's `application_name` and pid); inside, the
///   append locks the `chain_head` row (`FOR UPDATE`), so even a writer that skipped the
///   advisory lock cannot interleave. Seqs therefore become visible as a prefix, and a reader
///   paging by seq never sees a hole that is later filled.
/// - **Atomic batches.** One transaction per `append`; any error rolls all of it back.
/// - **Append-only.** The application's roles hold no UPDATE, DELETE or TRUNCATE on `events`
///   (migration 3), and triggers refuse them anyway (migration 1).
/// - **Set-wise checks.** A batch's ids and stream versions are read in two queries, its rows
///   written with one `INSERT … SELECT FROM unnest(…)` (`COPY` in a bulk load) a slice at a
///   time: a 50,000-event import batch is a handful of round trips, not 50,000.
public final class PostgresEventLog: EventLog {
    public var clock: () -> RecordedTime
    /// How long a writer waits for another one before `.busy`.
    public var writerWait: Double
    public let readOnly: Bool
    let session: PostgresSession
    let url: PostgresURL

    var streamVersions: [StreamKey: Int64] = [:]
    var cachedHead: ChainHead
    private var writerDepth = 0
    /// Set while a bulk load runs on this connection (PostgresEventLog+BulkLoad.swift).
    var bulk: BulkLoad?

    struct StreamKey: Hashable { let city: UInt8; let subject: String }

    /// The advisory lock keys (per database): the writer, and migrations.
    static let lockClass: Int32 = 0x4B53  // "KS"
    static let writerKey: Int32 = 1
    static let migrationKey: Int32 = 2

    static let columns = "seq, event_id, city, subject, stream_version, type, valid_date, recorded_at, schema_version, payload, hash"
    /// Rows fetched per round trip by the scans: large enough that latency does not matter,
    /// small enough that a page is a few megabytes.
    static let page = 20_000

    /// Opens (a writer: creates and migrates) the store at `url`.
    public convenience init(url text: String, readOnly: Bool = false, clock: @escaping () -> RecordedTime = SQLiteEventLog.systemClock,
                writerWait: Double = 10) throws(StoreError) {
        let url = try PostgresURL(text)
        try self.init(url: url, readOnly: readOnly, clock: clock, writerWait: writerWait)
    }

    init(url: PostgresURL, readOnly: Bool, clock: @escaping () -> RecordedTime, writerWait: Double) throws(StoreError) {
        self.url = url
        self.readOnly = readOnly
        self.clock = clock
        self.writerWait = writerWait
        session = try PostgresSession(url, applicationName: readOnly ? "kaisei reader" : "kaisei")
        if readOnly {
            try session.execute("SET default_transaction_read_only = on")
            try Self.checkSchema(session, url: url)
        } else {
            try Self.migrate(session)
        }
        cachedHead = ChainHead(seq: 0, hash: HashChain.genesis, recordedAt: .distantPast)
        if !readOnly { try repairIndexes() }
        cachedHead = try readHead()
    }

    // MARK: Schema

    /// Brings the schema up to date. A store already current is left alone without a lock or
    /// any DDL: the service's writer role may append but holds no right to change the schema.
    static func migrate(_ s: PostgresSession) throws(StoreError) {
        if try s.scalar("SELECT CASE WHEN to_regclass('schema_migrations') IS NULL THEN -1 ELSE 0 END") == 0,
           let v = try s.scalar("SELECT COALESCE(MAX(version), 0) FROM schema_migrations"), v == Int64(PostgresMigrations.latest) {
            return
        }
        try s.execute("SET client_min_messages = warning")
        try s.query("SELECT pg_advisory_lock(\(lockClass), \(migrationKey))")
        defer { _ = try? s.query("SELECT pg_advisory_unlock(\(lockClass), \(migrationKey))") }
        try s.execute("""
            CREATE TABLE IF NOT EXISTS schema_migrations(
              version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())
            """)
        let current = try s.scalar("SELECT COALESCE(MAX(version), 0) FROM schema_migrations") ?? 0
        if current > Int64(PostgresMigrations.latest) {
            throw StoreError.schemaTooNew(storeVersion: Int(current), supported: PostgresMigrations.latest)
        }
        for m in PostgresMigrations.all where Int64(m.version) > current {
            do {
                try s.transaction {
                    for statement in m.statements { try s.execute(statement) }
                    try s.query("INSERT INTO schema_migrations(version, name) VALUES (\(m.version), \(m.name))")
                }
            } catch {
                throw StoreError.migrationFailed(version: m.version, name: m.name, reason: "\(error)")
            }
        }
    }

    static func checkSchema(_ s: PostgresSession, url: PostgresURL) throws(StoreError) {
        let tables = try s.scalar("""
            SELECT count(*) FROM information_schema.tables
            WHERE table_schema = current_schema() AND table_name IN ('events', 'chain_head', 'schema_migrations')
            """) ?? 0
        guard tables == 3 else { throw StoreError.notAStore(path: url.description, reason: "it has no event tables (open it once as its owner to create them)") }
        let version = try s.scalar("SELECT COALESCE(MAX(version), 0) FROM schema_migrations") ?? 0
        if version > Int64(PostgresMigrations.latest) {
            throw StoreError.schemaTooNew(storeVersion: Int(version), supported: PostgresMigrations.latest)
        }
    }

    // MARK: The writer lock

    public func holdWriter(purpose: String) throws(StoreError) {
        try acquireWriter(purpose: purpose)
    }

    public func releaseWriter() {
        guard writerDepth > 0 else { return }
        writerDepth -= 1
        if writerDepth == 0 { _ = try? session.query("SELECT pg_advisory_unlock(\(Self.lockClass), \(Self.writerKey))") }
    }

    func acquireWriter(purpose: String) throws(StoreError) {
        if readOnly { throw StoreError.database("\(url): opened read-only; nothing was written") }
        if writerDepth > 0 { writerDepth += 1; return }
        try session.query("SELECT set_config('application_name', \("kaisei \(purpose)"), false)")
        let deadline = SQLiteEventLog.systemClock().microseconds + Int64(writerWait * 1_000_000)
        while true {
            let rows = try session.query("SELECT pg_try_advisory_lock(\(Self.lockClass), \(Self.writerKey))")
            if let got = try? rows.first?.decode(Bool.self), got { break }
            if SQLiteEventLog.systemClock().microseconds >= deadline {
                throw StoreError.busy(holder: try describeHolder(), waitedSeconds: writerWait)
            }
            usleepMilliseconds(20)
        }
        writerDepth = 1
    }

    /// "another kaisei import (pid 1234) since …", from PostgreSQL's own view of the lock.
    private func describeHolder() throws(StoreError) -> String {
        let rows = try session.query("""
            SELECT a.application_name, a.pid::bigint, to_char(a.backend_start AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')
            FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
            WHERE l.locktype = 'advisory' AND l.granted AND l.classid = \(Int64(Self.lockClass)) AND l.objid = \(Int64(Self.writerKey))
              AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())
            """)
        guard let row = rows.first, let (name, pid, since) = try? row.decode((String, Int64, String).self) else { return "another writer" }
        return "another \(name) (pid \(pid)) since \(since)"
    }

    // MARK: Appending

    public func head() throws(StoreError) -> ChainHead { try readHead() }

    func readHead(forUpdate: Bool = false) throws(StoreError) -> ChainHead {
        let rows = try session.query(PostgresQuery(unsafeSQL: "SELECT seq, hash, recorded_at FROM chain_head WHERE id = 1" + (forUpdate ? " FOR UPDATE" : "")))
        guard let row = rows.first else { throw StoreError.database("\(url): the store has no chain head row") }
        do {
            let (seq, hash, at) = try row.decode((Int64, ByteBuffer, Int64).self)
            return ChainHead(seq: seq, hash: Array(hash.readableBytesView), recordedAt: RecordedTime(microseconds: at))
        } catch { throw PostgresSession.storeError(error) }
    }

    public func append(_ batch: [AppendRequest]) throws(StoreError) -> AppendResult {
        try acquireWriter(purpose: "append")
        defer { releaseWriter() }
        do {
            return try session.transaction { () throws -> AppendResult in
                try appendInTransaction(batch)
            }
        } catch {
            streamVersions.removeAll()
            cachedHead = (try? readHead()) ?? cachedHead
            // A bulk load's bookkeeping may hold rolled-back rows: end it (indexes rebuilt). If
            // the indexes cannot be built either, both failures are told.
            if bulk != nil {
                do { try endBulkLoad() } catch let end {
                    throw StoreError.database("\(PostgresSession.storeError(error)); and the bulk load could not end: \(end)")
                }
            }
            throw PostgresSession.storeError(error)
        }
    }

    private func appendInTransaction(_ batch: [AppendRequest]) throws -> AppendResult {
        // Another process may have appended since we last looked: start from the truth.
        let head = try readHead(forUpdate: true)
        let checkpointAtHead = try trustedCheckpoint().map { $0.seq == head.seq && $0.hash == head.hash } ?? false
        if head != cachedHead {
            // A bulk load counts stream versions itself, from an empty store it holds alone
            // (the advisory lock): rows it did not write would make those counts wrong.
            if bulk != nil {
                throw StoreError.database("another writer appended to the store during a bulk load (head \(cachedHead.seq) → \(head.seq)); the load stops with the rows it wrote, and the import can be run again")
            }
            streamVersions.removeAll(); cachedHead = head
        }
        var result = AppendResult()
        result.lastSeq = head.seq
        guard !batch.isEmpty else { return result }

        // Set-wise reads: which ids are stored, and the versions of the streams not cached. In a
        // bulk load every stream began empty and grew here, and only an id whose hash was seen
        // before is looked up (without its index, a scan: a repeat or a hash collision).
        let existing: [String: StoredEvent]
        // A bulk load hashes each id once, for this lookup and for the batch's own repeats below.
        let idHashes = bulk != nil ? batch.map { IdIndex.hash($0.event.id) } : []
        if let bulk {
            existing = try storedEvents(ids: batch.indices.filter { bulk.seen(hash: idHashes[$0]) }.map { batch[$0].event.id })
        } else {
            existing = try storedEvents(ids: batch.map(\.event.id))
            try loadVersions(Set(batch.map { StreamKey(city: $0.event.city.code, subject: $0.event.subject) }))
        }

        let prepared = batch.count >= PreparedLinks.threshold ? PreparedLinks(batch: batch, head: head, clock: clock) : nil
        defer { prepared?.finish() }
        var rows = Rows(session: session, copy: bulk != nil, expected: batch.count)
        // Whatever happens below, no slice is left queued behind this transaction's end.
        defer { rows.abandon() }
        var prevHash = head.hash
        var seq = head.seq
        var latest = head.recordedAt
        /// Events written earlier in this batch, by id: a batch may repeat an event. A bulk load
        /// keeps no such map (a dictionary growing by an event per row showed in the client's
        /// profile): its set of id hashes says when an id may have been written already, and
        /// only then is the batch searched (`earlier`).
        var inBatch: [String: (event: Event, seq: Int64)] = [:]
        var writtenAt: [(seq: Int64, recordedAt: RecordedTime)?] = []
        if bulk != nil { writtenAt.reserveCapacity(batch.count) }
        func earlier(_ i: Int, _ id: String, hash: UInt64) -> (event: Event, seq: Int64)? {
            guard let bulk else { return inBatch[id] }
            guard bulk.seen(hash: hash) else { return nil }
            for j in stride(from: i - 1, through: 0, by: -1) where batch[j].event.id == id {
                guard let w = writtenAt[j] else { continue }
                var stamped = batch[j].event
                stamped.recordedAt = w.recordedAt
                return (stamped, w.seq)
            }
            return nil
        }
        for (i, request) in batch.enumerated() {
            let e = request.event
            if bulk != nil { writtenAt.append(nil) }
            let link = prepared?.link(i)
            let key = StreamKey(city: e.city.code, subject: e.subject)
            let current = streamVersions[key] ?? 0
            let idHash = bulk != nil ? idHashes[i] : 0
            let stored = existing[e.id].map { (event: $0.event, seq: $0.seq) } ?? earlier(i, e.id, hash: idHash)
            if let expected = request.expectedVersion, expected != current {
                if let stored, stored.event.identityBytes == e.identityBytes,
                   e.recordedAt == nil || e.recordedAt == stored.event.recordedAt { result.alreadyPresent += 1; continue }
                throw StoreError.versionConflict(city: e.city, subject: e.subject, expected: expected, actual: current)
            }
            if let stored {
                let sameTime = e.recordedAt == nil || e.recordedAt == stored.event.recordedAt
                guard sameTime, stored.event.identityBytes == e.identityBytes else {
                    throw StoreError.conflictingDuplicate(eventId: e.id, storedSeq: stored.seq)
                }
                result.alreadyPresent += 1
                continue
            }
            let recordedAt = link?.recordedAt ?? RecordedStamp.recordedAt(e.recordedAt, after: latest, clock: clock)
            if recordedAt < latest {
                throw StoreError.recordedTimeRegression(eventId: e.id, recordedAt: recordedAt, storeLatest: latest)
            }
            let hash = link.flatMap { $0.previous == prevHash ? $0.hash : nil } ?? HashChain.link(prevHash, e, recordedAt)
            seq += 1
            rows.append(seq: seq, event: e, streamVersion: current + 1, recordedAt: recordedAt,
                        payload: link?.payload ?? e.payload.encoded(for: e.type), hash: hash)
            if let bulk {
                writtenAt[i] = (seq, recordedAt)
                bulk.added(hash: idHash)
            } else {
                var stamped = e
                stamped.recordedAt = recordedAt
                inBatch[e.id] = (stamped, seq)
            }
            latest = recordedAt
            prevHash = hash
            streamVersions[key] = current + 1
            result.appended += 1
        }
        if result.appended > 0 {
            try rows.finish()
            try session.query("UPDATE chain_head SET seq = \(seq), hash = \(ByteBuffer(bytes: prevHash)), recorded_at = \(latest.microseconds) WHERE id = 1")
            // Rows linked here from a verified head are verified too.
            if checkpointAtHead {
                try session.query("UPDATE chain_checkpoint SET seq = \(seq), hash = \(ByteBuffer(bytes: prevHash)) WHERE id = 1")
            }
        }
        result.lastSeq = seq
        cachedHead = ChainHead(seq: seq, hash: prevHash, recordedAt: latest)
        bulk?.ownHead = cachedHead
        return result
    }

    /// The stored events among `ids`, by id (one query per 10,000 ids).
    public func storedEvents(ids: [String]) throws(StoreError) -> [String: StoredEvent] {
        var out: [String: StoredEvent] = [:]
        var start = 0
        while start < ids.count {
            let chunk = Array(ids[start..<min(ids.count, start + 10_000)])
            for row in try session.query("SELECT \(unescaped: Self.columns) FROM events WHERE event_id = ANY(\(chunk))") {
                let e = try Self.decodeRow(row)
                out[e.event.id] = e
            }
            start += chunk.count
        }
        return out
    }

    /// Reads the versions of `keys` not yet cached (0 for a new stream), in one query per 10,000.
    private func loadVersions(_ keys: Set<StreamKey>) throws {
        let missing = keys.filter { streamVersions[$0] == nil }
        guard !missing.isEmpty else { return }
        for key in missing { streamVersions[key] = 0 }
        let list = Array(missing)
        var start = 0
        while start < list.count {
            let chunk = list[start..<min(list.count, start + 10_000)]
            let cities = chunk.map { Int64($0.city) }
            let subjects = chunk.map(\.subject)
            let rows = try session.query("""
                SELECT k.city::bigint, k.subject, (SELECT COALESCE(MAX(e.stream_version), 0) FROM events e WHERE e.city = k.city AND e.subject = k.subject)
                FROM unnest(\(cities)::smallint[], \(subjects)::text[]) AS k(city, subject)
                """)
            for row in rows {
                let (city, subject, version) = try row.decode((Int64, String, Int64).self)
                streamVersions[StreamKey(city: UInt8(truncatingIfNeeded: city), subject: subject)] = version
            }
            start += chunk.count
        }
    }

    // MARK: Reading one thing

    public func stored(eventId: String) throws(StoreError) -> StoredEvent? {
        do {
            guard let row = try session.query("SELECT \(unescaped: Self.columns) FROM events WHERE event_id = \(eventId)").first else { return nil }
            return try Self.decodeRow(row)
        } catch { throw PostgresSession.storeError(error) }
    }

    public func streamVersion(city: City, subject: String) throws(StoreError) -> Int64 {
        let v = try session.scalar("SELECT COALESCE(MAX(stream_version), 0) FROM events WHERE city = \(Int64(city.code)) AND subject = \(subject)") ?? 0
        return v
    }

    public func events(city: City?, subject: String, validOn: CivilDate?, knownAt: RecordedTime?) throws(StoreError) -> [StoredEvent] {
        let valid = Int64(validOn?.packed ?? 99_999_999)
        let known = knownAt?.microseconds ?? Int64.max
        let q: PostgresQuery
        if let city {
            q = """
                SELECT \(unescaped: Self.columns) FROM events
                WHERE city = \(Int64(city.code)) AND subject = \(subject) AND valid_date <= \(valid) AND recorded_at <= \(known)
                ORDER BY stream_version
                """
        } else {
            q = """
                SELECT \(unescaped: Self.columns) FROM events
                WHERE subject = \(subject) AND valid_date <= \(valid) AND recorded_at <= \(known)
                ORDER BY seq
                """
        }
        do { return try session.query(q).map { row throws(StoreError) in try Self.decodeRow(row) } }
        catch { throw PostgresSession.storeError(error) }
    }

    // MARK: Scans

    public func scan(after: Int64, through: Int64, _ body: (StoredEvent) throws -> Void) throws {
        var from = after
        while from < through {
            let rows = try session.query("""
                SELECT \(unescaped: Self.columns) FROM events WHERE seq > \(from) AND seq <= \(through) ORDER BY seq LIMIT \(Int64(Self.page))
                """)
            for row in rows {
                let e = try Self.decodeRow(row)
                try body(e)
                from = e.seq
            }
            if rows.count < Self.page { return }
        }
    }

    public func replayScan(after: Int64, _ body: (Int64, Event) throws -> Bool) throws {
        try replayPages(city: nil, after: after, through: .max, body)
    }

    public func replayScan(city: City, after: Int64, through: Int64, _ body: (Int64, Event) throws -> Bool) throws {
        try replayPages(city: city, after: after, through: through, body)
    }

    public func makeReader() throws(StoreError) -> (any EventLog)? {
        try PostgresEventLog(url: url, readOnly: true, clock: clock, writerWait: writerWait)
    }

    // MARK: Decoding

    static func decodeRow(_ row: PostgresRow) throws(StoreError) -> StoredEvent {
        let cols: (Int64, String, Int64, String, Int64, Int64, Int64, Int64, Int64, ByteBuffer, ByteBuffer)
        do { cols = try row.decode((Int64, String, Int64, String, Int64, Int64, Int64, Int64, Int64, ByteBuffer, ByteBuffer).self) }
        catch { throw StoreError.corruptRow(seq: -1, reason: "a row does not decode: \(PostgresSession.describe(error))") }
        let (seq, id, cityCode, subject, version, typeCode, validPacked, recorded, schema, payloadBytes, hash) = cols
        guard let city = City(code: UInt8(exactly: cityCode) ?? 0),
              let type = EventType(rawValue: UInt16(exactly: typeCode) ?? 0),
              let valid = CivilDate(packed: Int(validPacked)) else {
            throw StoreError.corruptRow(seq: seq, reason: "bad city, type or valid date")
        }
        let payload: Payload
        do {
            payload = try payloadBytes.withUnsafeReadableBytes { raw in
                var reader = ByteReader(raw)
                let p = try Payload.decode(type, from: &reader)
                guard reader.isAtEnd else { throw StoreError.corruptRow(seq: seq, reason: "trailing payload bytes") }
                return p
            }
        } catch let e as StoreError { throw e } catch { throw StoreError.corruptRow(seq: seq, reason: "payload does not decode") }
        let event = Event(id: id, city: city, subject: subject, type: type, validDate: valid,
                          recordedAt: RecordedTime(microseconds: recorded), schemaVersion: Int(schema), payload: payload)
        return StoredEvent(seq: seq, streamVersion: version, event: event, hash: Array(hash.readableBytesView))
    }
}

func usleepMilliseconds(_ ms: Int) {
    usleep(useconds_t(ms * 1000))
}
