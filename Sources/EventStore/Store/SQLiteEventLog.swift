import CKaiseiSQLite
#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif
import KaiseiCore
import KaiseiEvents

/// The embedded event store: one SQLite file in WAL mode, append-only by trigger, every row
/// chained to the previous one by SHA-256.
public final class SQLiteEventLog: EventLog {
    public let db: SQLiteDatabase
    /// Where recorded time comes from when an event does not carry its own; injectable so tests
    /// and replays are deterministic.
    public var clock: () -> RecordedTime

    /// Prepared at the first append: its ON CONFLICT names the id index, which a reader may
    /// find missing while a bulk load runs.
    private var insertStmtCache: SQLiteStatement?
    private let byIdStmt: SQLiteStatement
    private let maxVersionStmt: SQLiteStatement
    /// Stream versions known to this connection; dropped whenever another writer moved the head.
    var streamVersions: [StreamKey: Int64] = [:]
    var cachedHead: ChainHead
    /// Set while a bulk load runs on this connection (SQLiteEventLog+BulkLoad.swift).
    var bulk: BulkLoad?

    struct StreamKey: Hashable { let city: UInt8; let subject: String }

    public static func systemClock() -> RecordedTime {
        var ts = timespec()
        clock_gettime(CLOCK_REALTIME, &ts)
        return RecordedTime(microseconds: Int64(ts.tv_sec) * 1_000_000 + Int64(ts.tv_nsec / 1000))
    }

    /// The file this connection is on.
    public private(set) var path = ""

    /// The one-writer-per-store lock (see `WriterLock`): held by an import for its whole run,
    /// and by every other append for the length of its transaction.
    let writerLock: WriterLock
    /// How long a writer waits for another one to finish before it gives up with `.busy`.
    public var writerWait: Double = 10

    public init(path: String, readOnly: Bool = false, clock: @escaping () -> RecordedTime = SQLiteEventLog.systemClock,
                writerWait: Double = 10) throws(StoreError) {
        let lock = WriterLock(storePath: path)
        writerLock = lock
        self.writerWait = writerWait
        if readOnly { try Self.checkReadable(path) }
        var locked = false
        defer { if locked { lock.release() } }
        do {
            db = readOnly ? try Self.openReader(path) : try SQLiteDatabase(path: path, readOnly: false)
            if !readOnly && !Self.isSetUp(db) {
                // Creating the file, setting WAL and migrating happen under the writer lock: two
                // processes opening a new store at once must not both run migration 1.
                try lock.acquire(purpose: "open", timeout: writerWait)
                locked = true
            }
            if !readOnly {
                // Larger pages: fewer B-tree levels and splits for the id and stream indexes. Only
                // takes effect when the file is created.
                try db.execute("PRAGMA page_size=8192")
                try db.execute("PRAGMA journal_mode=WAL")
                // FULL: the WAL is synced at every commit, so an event acknowledged to a clerk or
                // a script survives a power cut too, not only a process crash (NORMAL could lose
                // the last commits). One fsync per commit; an import commits 50,000 at a time.
                try db.execute("PRAGMA synchronous=FULL")
                // Checkpoint every ~64 MB of WAL rather than 4 MB: fewer fsyncs during bulk import.
                try db.execute("PRAGMA wal_autocheckpoint=16384")
                try db.execute("PRAGMA cache_size=-131072")
            }
            try db.execute("PRAGMA foreign_keys=ON")
        } catch let e as StoreError { throw e
        } catch { throw StoreError.database("cannot open store \(path): \(Self.plain(error))") }
        if !readOnly {
            try Migrator(Migration.eventStore).migrate(db)
            try Self.repairIndexes(db, lock: lock, writerWait: writerWait)
        } else { try Self.checkSchema(db, path: path) }
        do {
            byIdStmt = try db.prepare("SELECT \(Self.columns) FROM events WHERE event_id = ?")
            maxVersionStmt = try db.prepare("SELECT COALESCE(MAX(stream_version), 0) FROM events WHERE city = ? AND subject = ?")
        } catch { throw StoreError.notAStore(path: path, reason: "its tables cannot be read (\(Self.plain(error)))") }
        self.clock = clock
        self.cachedHead = ChainHead(seq: 0, hash: [UInt8](repeating: 0, count: 32), recordedAt: .distantPast)
        self.cachedHead = try readHead()
        self.path = path
    }

    static let columns = "seq, event_id, city, subject, stream_version, type, valid_date, recorded_at, schema_version, payload, hash"
    /// Replay reads only what the fold uses: SQLite materialises every selected column of every
    /// row, so leaving out the id, the stream version and the chain hash saves work per event.
    static let replayColumns = "seq, city, subject, type, valid_date, recorded_at, schema_version, payload"

    public func head() throws(StoreError) -> ChainHead { try readHead() }

    func readHead() throws(StoreError) -> ChainHead {
        do {
            let st = try db.prepare("SELECT seq, hash, recorded_at FROM chain_head WHERE id = 1")
            guard try st.step() else { throw StoreError.database("the store has no chain head row") }
            return ChainHead(seq: st.int(0), hash: st.bytes(1), recordedAt: RecordedTime(microseconds: st.int(2)))
        } catch let e as StoreError { throw e } catch { throw StoreError.database("\(error)") }
    }

    private func insertStatement() throws -> SQLiteStatement {
        if let bulk { return bulk.insert }
        if let st = insertStmtCache { return st }
        let st = try db.prepare("""
            INSERT INTO events(\(Self.insertColumns)) VALUES (?,?,?,?,?,?,?,?,?,?,?) ON CONFLICT(event_id) DO NOTHING
            """)
        insertStmtCache = st
        return st
    }

    static let insertColumns = "seq, event_id, city, subject, stream_version, type, valid_date, recorded_at, schema_version, payload, hash"

    public func append(_ batch: [AppendRequest]) throws(StoreError) -> AppendResult {
        try writerLock.acquire(purpose: "append", timeout: writerWait)
        defer { writerLock.release() }
        let outcome: AppendResult
        do {
            let insertStmt = try insertStatement()
            outcome = try db.transaction { () throws -> AppendResult in
                // Another process may have appended since we last looked: start from the truth.
                let head = try readHead()
                let checkpointAtHead = try checkpointIsAt(head)
                if head != cachedHead {
                    // A bulk load counts stream versions itself, from an empty store it holds
                    // alone: rows it did not write (a writer that ignored the lock) would make
                    // those counts wrong, so the load stops here rather than number a stream twice.
                    if bulk != nil {
                        throw StoreError.database("another writer appended to the store during a bulk load (head \(cachedHead.seq) → \(head.seq)); the load stops with the rows it wrote, and the import can be run again")
                    }
                    streamVersions.removeAll(); cachedHead = head
                }
                var prevHash = head.hash
                var seq = head.seq
                var latest = head.recordedAt
                var result = AppendResult()
                let prepared = batch.count >= PreparedLinks.threshold ? PreparedLinks(batch: batch, head: head, clock: clock, ids: bulk?.ids, streams: bulk?.streams) : nil
                defer { prepared?.finish() }
                // Events the producer counted in their streams and this loop did not write.
                var notWritten: [StreamKey: Int64] = [:]
                for (i, request) in batch.enumerated() {
                    let e = request.event
                    let link = prepared?.link(i)
                    let key = StreamKey(city: e.city.code, subject: e.subject)
                    // The cache is updated in place; any failure below clears it, so it never
                    // holds a version from a rolled-back transaction. Its entry is found once and
                    // updated through that index below (nothing changes the dictionary in
                    // between when the key was there): one hash and one probe per event. A bulk
                    // load, in which every stream began empty and grew through this connection,
                    // counts its own (`BulkStreams`), on the producer's thread for a large batch.
                    var slot: Dictionary<StreamKey, Int64>.Index?
                    let current: Int64
                    if let bulk {
                        if let taken = link?.streamVersion {
                            current = taken - 1 - (notWritten.isEmpty ? 0 : notWritten[key] ?? 0)
                        } else {
                            current = bulk.streams.current(key)
                        }
                    } else {
                        slot = streamVersions.index(forKey: key)
                        current = try slot.map { streamVersions.values[$0] } ?? loadVersion(key)
                    }
                    // This event is not written: a count taken for it by the producer is given back.
                    func skip() { if link?.streamVersion != nil { notWritten[key, default: 0] += 1 } }
                    if let expected = request.expectedVersion, expected != current {
                        // Unless this exact event is already stored (a retried append), with
                        // the recorded time it carries, as for any repeated id below.
                        if let existing = try stored(eventId: e.id), existing.event.identityBytes == e.identityBytes,
                           e.recordedAt == nil || e.recordedAt == existing.event.recordedAt { result.alreadyPresent += 1; skip(); continue }
                        throw StoreError.versionConflict(city: e.city, subject: e.subject, expected: expected, actual: current)
                    }
                    let recordedAt = link?.recordedAt ?? RecordedStamp.recordedAt(e.recordedAt, after: latest, clock: clock)
                    // A prepared link counts only if it was built on the chain as it really is.
                    let hash = link.flatMap { $0.previous == prevHash ? $0.hash : nil } ?? Self.link(prevHash, e, recordedAt)
                    let st = insertStmt
                    st.bind(1, seq + 1); st.bind(3, Int64(e.city.code))
                    st.bind(5, current + 1); st.bind(6, Int64(e.type.rawValue)); st.bind(7, e.validDate.packed)
                    st.bind(8, recordedAt.microseconds); st.bind(9, e.schemaVersion)
                    // A bulk load has no id index to conflict on: its own set of ids stands in.
                    var isNew = true
                    if let bulk, link?.idSeen ?? bulk.ids.note(e.id) { isNew = try stored(eventId: e.id) == nil }
                    // The id, subject, payload and hash are bound where they lie (no copy) for the step.
                    if isNew {
                        try st.stepBorrowing(text: 2, e.id, text: 4, e.subject, blob: 10, link?.payload ?? e.payload.encoded(for: e.type), blob: 11, hash)
                    }
                    if !isNew || sqlite3_changes(db.handle) == 0 {
                        // The id exists: a no-op if the content is the same, an error otherwise.
                        guard let existing = try stored(eventId: e.id) else { throw StoreError.database("event \(e.id) vanished during append") }
                        let sameTime = e.recordedAt == nil || e.recordedAt == existing.event.recordedAt
                        guard sameTime, existing.event.identityBytes == e.identityBytes else {
                            throw StoreError.conflictingDuplicate(eventId: e.id, storedSeq: existing.seq)
                        }
                        result.alreadyPresent += 1
                        skip()
                        continue
                    }
                    // Recorded order is the log's order: refuse to write history out of it.
                    if recordedAt < latest {
                        throw StoreError.recordedTimeRegression(eventId: e.id, recordedAt: recordedAt, storeLatest: latest)
                    }
                    latest = recordedAt
                    seq += 1
                    prevHash = hash
                    if let bulk {
                        if link?.streamVersion == nil { _ = bulk.streams.take(key) }
                    } else if let slot {
                        streamVersions.values[slot] = current + 1
                    } else {
                        streamVersions[key] = current + 1
                    }
                    result.appended += 1
                }
                if let bulk, !notWritten.isEmpty {
                    prepared?.finish()
                    bulk.streams.giveBack(notWritten)
                }
                if result.appended > 0 {
                    let st = try db.prepare("UPDATE chain_head SET seq = ?, hash = ?, recorded_at = ? WHERE id = 1")
                    st.bind(1, seq); st.bind(2, prevHash); st.bind(3, latest.microseconds)
                    try st.step()
                    // Rows linked here from a verified head are verified too.
                    if checkpointAtHead { try recordCheckpoint(seq: seq, hash: prevHash) }
                }
                result.lastSeq = seq
                cachedHead = ChainHead(seq: seq, hash: prevHash, recordedAt: latest)
                bulk?.ownHead = cachedHead
                return result
            }
        } catch {
            streamVersions.removeAll()
            cachedHead = (try? readHead()) ?? cachedHead
            // A bulk load's bookkeeping may hold rolled-back rows: end it (indexes rebuilt). If
            // the indexes cannot be built either, both failures are told.
            if bulk != nil {
                do { try endBulkLoad() } catch let end {
                    throw StoreError.database("\(Self.plain(error)); and the bulk load could not end: \(end)")
                }
            }
            if let e = error as? StoreError { throw e }
            throw StoreError.database("\(error)")
        }
        return outcome
    }

    /// The chain link of `event` after `previous` (`HashChain.link`, the same in every backend).
    public static func link(_ previous: [UInt8], _ event: Event, _ recordedAt: RecordedTime) -> [UInt8] {
        HashChain.link(previous, event, recordedAt)
    }

    private func loadVersion(_ key: StreamKey) throws -> Int64 {
        let st = maxVersionStmt
        st.bind(1, Int64(key.city)); st.bind(2, key.subject)
        defer { st.reset() }
        guard try st.step() else { return 0 }
        let v = st.int(0)
        streamVersions[key] = v
        return v
    }

    public func streamVersion(city: City, subject: String) throws(StoreError) -> Int64 {
        do { return try loadVersion(StreamKey(city: city.code, subject: subject)) }
        catch { throw StoreError.database("\(error)") }
    }

    public func stored(eventId: String) throws(StoreError) -> StoredEvent? {
        let st = byIdStmt
        st.bind(1, eventId)
        defer { st.reset() }
        do {
            guard try st.step() else { return nil }
            return try Self.decodeRow(st)
        } catch let e as StoreError { throw e } catch { throw StoreError.database("\(error)") }
    }

    /// Decodes the row under the statement's cursor (columns in `columns` order).
    static func decodeRow(_ st: SQLiteStatement, withHash: Bool = true) throws(StoreError) -> StoredEvent {
        let seq = st.int(0)
        guard let city = City(code: UInt8(exactly: st.int(2)) ?? 0),
              let type = EventType(rawValue: UInt16(exactly: st.int(5)) ?? 0),
              let valid = CivilDate(packed: Int(st.int(6))) else {
            throw StoreError.corruptRow(seq: seq, reason: "bad city, type or valid date")
        }
        var reader = ByteReader(st.blob(9))
        let payload: Payload
        do { payload = try Payload.decode(type, from: &reader) } catch { throw StoreError.corruptRow(seq: seq, reason: "payload does not decode") }
        guard reader.isAtEnd else { throw StoreError.corruptRow(seq: seq, reason: "trailing payload bytes") }
        let event = Event(id: st.text(1), city: city, subject: st.text(3), type: type, validDate: valid,
                          recordedAt: RecordedTime(microseconds: st.int(7)), schemaVersion: Int(st.int(8)), payload: payload)
        return StoredEvent(seq: seq, streamVersion: st.int(4), event: event, hash: withHash ? st.bytes(10) : [])
    }

    /// Decodes a row of `replayColumns`; the event's id is "" (state is folded from content).
    static func decodeReplayRow(_ st: SQLiteStatement, scratch: inout [FieldValue?]) throws(StoreError) -> (Int64, Event) {
        let seq = st.int(0)
        guard let city = City(code: UInt8(exactly: st.int(1)) ?? 0),
              let type = EventType(rawValue: UInt16(exactly: st.int(3)) ?? 0),
              let valid = CivilDate(packed: Int(st.int(4))) else {
            throw StoreError.corruptRow(seq: seq, reason: "bad city, type or valid date")
        }
        var reader = ByteReader(st.blob(7))
        do { try Payload.decode(type, from: &reader, into: &scratch) } catch { throw StoreError.corruptRow(seq: seq, reason: "payload does not decode") }
        guard reader.isAtEnd else { throw StoreError.corruptRow(seq: seq, reason: "trailing payload bytes") }
        return (seq, Event(id: "", city: city, subject: st.text(2), type: type, validDate: valid,
                           recordedAt: RecordedTime(microseconds: st.int(5)), schemaVersion: Int(st.int(6)), payload: Payload(values: scratch)))
    }

    public func scan(after: Int64, through: Int64, _ body: (StoredEvent) throws -> Void) throws {
        let st = try db.prepare("SELECT \(Self.columns) FROM events WHERE seq > ? AND seq <= ? ORDER BY seq")
        st.bind(1, after); st.bind(2, through)
        while try st.step() { try body(try Self.decodeRow(st)) }
    }

    /// Replay's scan: events in log order with their seq, without each row's chain hash or id;
    /// stops when `body` returns false (the first event recorded after the moment asked about).
    public func replayScan(after: Int64, _ body: (Int64, Event) throws -> Bool) throws {
        let st = try db.prepare("SELECT \(Self.replayColumns) FROM events WHERE seq > ? ORDER BY seq")
        st.bind(1, after)
        defer { st.reset() }
        var scratch: [FieldValue?] = []
        while try st.step() {
            let (seq, event) = try Self.decodeReplayRow(st, scratch: &scratch)
            if try !body(seq, event) { return }
        }
    }

    /// One city's events within (after, through], in log order: the per-city half of a replay
    /// that folds the two cities on two cores. NOT INDEXED keeps SQLite on the table's rowid
    /// order (a sequential read, skipping the other city's rows in C) rather than the
    /// (city, subject) index, which would visit rows in subject order and seek for each.
    public func replayScan(city: City, after: Int64, through: Int64, _ body: (Int64, Event) throws -> Bool) throws {
        let st = try db.prepare("SELECT \(Self.replayColumns) FROM events NOT INDEXED WHERE seq > ? AND seq <= ? AND city = ? ORDER BY seq")
        st.bind(1, after); st.bind(2, through); st.bind(3, Int64(city.code))
        defer { st.reset() }
        var scratch: [FieldValue?] = []
        while try st.step() {
            let (seq, event) = try Self.decodeReplayRow(st, scratch: &scratch)
            if try !body(seq, event) { return }
        }
    }

    /// A read-only connection to the same file, for another thread (replay folds each city on
    /// its own core, each from its own connection). An in-memory database cannot be opened
    /// twice: nil, and the caller reads on this connection.
    public func makeReader() throws(StoreError) -> (any EventLog)? {
        guard !path.isEmpty, path != ":memory:", !path.hasPrefix("file::memory:") else { return nil }
        return try SQLiteEventLog(path: path, readOnly: true, clock: clock, writerWait: writerWait)
    }

    public func events(city: City?, subject: String, validOn: CivilDate?, knownAt: RecordedTime?) throws(StoreError) -> [StoredEvent] {
        do {
            // With a city, the (city, subject, stream_version) index answers it: the counter asks
            // this for every subject of a page, and a scan of the log would take seconds.
            let st = try db.prepare(city == nil ? """
                SELECT \(Self.columns) FROM events
                WHERE subject = ? AND valid_date <= ? AND recorded_at <= ?
                ORDER BY seq
                """ : """
                SELECT \(Self.columns) FROM events
                WHERE city = ? AND subject = ? AND valid_date <= ? AND recorded_at <= ?
                ORDER BY stream_version
                """)
            var i: Int32 = 1
            if let city { st.bind(i, Int64(city.code)); i += 1 }
            st.bind(i, subject)
            st.bind(i + 1, validOn?.packed ?? 99_999_999)
            st.bind(i + 2, knownAt?.microseconds ?? Int64.max)
            var out: [StoredEvent] = []
            while try st.step() { out.append(try Self.decodeRow(st)) }
            return out
        } catch let e as StoreError { throw e } catch { throw StoreError.database("\(error)") }
    }
}

