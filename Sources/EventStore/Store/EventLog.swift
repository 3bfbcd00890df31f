import KaiseiCore
import KaiseiEvents

/// An event as stored: its place in the log and in its subject's stream, and its chain hash.
public struct StoredEvent: Sendable, Equatable {
    public let seq: Int64
    public let streamVersion: Int64
    /// `recordedAt` is always set on a stored event.
    public let event: Event
    public let hash: [UInt8]
    public var recordedAt: RecordedTime { event.recordedAt! }
}

public struct AppendRequest: Sendable {
    public var event: Event
    /// When set, the append fails unless the subject's stream is at exactly this version.
    public var expectedVersion: Int64?
    public init(_ event: Event, expectedVersion: Int64? = nil) { self.event = event; self.expectedVersion = expectedVersion }
}

public struct AppendResult: Sendable, Equatable {
    public var appended = 0
    /// Events whose id and content were already stored: idempotent no-ops.
    public var alreadyPresent = 0
    public var lastSeq: Int64 = 0
    public init() {}
}

/// The newest link of the hash chain. Printed on reports so that anyone can later check that
/// the history up to it was not rewritten.
public struct ChainHead: Sendable, Equatable {
    public let seq: Int64
    public let hash: [UInt8]
    public let recordedAt: RecordedTime
    public init(seq: Int64, hash: [UInt8], recordedAt: RecordedTime) { self.seq = seq; self.hash = hash; self.recordedAt = recordedAt }
}

/// The store interface every backend implements: the append-only, hash-chained event log
/// behind Kaisei. SQLite (`SQLiteEventLog`) is the embedded default; the shared cloud puts
/// PostgreSQL behind the same protocol. Import, export, replay, snapshots, certificates and the
/// commands use only this protocol (`StoreBackend.open` is the one place that picks a backend),
/// and `Tests/EventStoreTests/StoreContractTests.swift` checks every backend against the
/// promises below, written once.
///
/// What every backend promises:
/// - **One log, in recorded order.** `seq` runs from 1 without gaps; an event recorded earlier
///   than the newest stored one is refused (`.recordedTimeRegression`), so "the log up to seq N"
///   and "what was known at time T" are the same kind of cut.
/// - **Atomic batches.** `append` writes all of a batch or (on any error) none of it.
/// - **Idempotency.** The same id with the same content (recorded time compared only when the
///   request carries one) is a no-op counted in `alreadyPresent`; with other content it is
///   `.conflictingDuplicate` naming the stored seq.
/// - **Optimistic concurrency.** A request's `expectedVersion` must equal the subject's stream
///   version, else `.versionConflict` carrying expected and actual.
/// - **A hash chain** (`HashChain.link`) over every row, with a chain head that moves with the
///   rows; stored rows are never changed or removed by the backend.
/// - **One writer per store** across processes (`holdWriter`); a second writer waits, then
///   gets `.busy` before writing anything. Readers take no lock.
///
/// Errors are `StoreError` (typed where the method can name them); the scans throw whatever
/// their `body` throws as well. An instance is used from one thread at a time: a task on
/// another thread asks for its own connection with `makeReader()`.
public protocol EventLog: AnyObject {
    // MARK: Writing

    /// Appends a batch atomically: all of it, or (on any error) none of it. This is also bulk
    /// import's path (the importer sends batches of 50,000; a backend may prepare links ahead).
    func append(_ batch: [AppendRequest]) throws(StoreError) -> AppendResult
    /// Holds the store's writer lock until `releaseWriter()` (or the end of the process), so a
    /// command that validates against the store and then writes many batches has no other
    /// writer in between. Nested holds release at the outermost. Throws `.busy` after the wait.
    func holdWriter(purpose: String) throws(StoreError)
    func releaseWriter()
    /// Where recorded time comes from when an event does not carry its own; injectable so tests
    /// and replays are deterministic.
    var clock: () -> RecordedTime { get }

    /// Prepares a large import into an empty store: the backend may defer its secondary
    /// indexes and build them once in `endBulkLoad`, keeping every promise above (ids, stream
    /// versions, chain) by other means meanwhile. Returns false, changing nothing, when the store
    /// is not empty or the backend has no such path. Holds the writer lock until `endBulkLoad`,
    /// which the caller must reach whatever happens (a crash instead leaves the indexes to the
    /// next writer that opens the store).
    func beginBulkLoad() throws(StoreError) -> Bool
    func endBulkLoad() throws(StoreError)

    // MARK: Reading one thing

    /// The stored event with this id (the idempotency key), if any.
    func stored(eventId: String) throws(StoreError) -> StoredEvent?
    /// The stored events among `ids`, by id: what an import resuming over a large file asks
    /// for each chunk of lines (one query on a networked store rather than one per line).
    func storedEvents(ids: [String]) throws(StoreError) -> [String: StoredEvent]
    /// The subject's stream version: how many events its stream holds (0 for none).
    func streamVersion(city: City, subject: String) throws(StoreError) -> Int64
    /// The newest link of the chain (seq 0 and a zero hash for an empty store).
    func head() throws(StoreError) -> ChainHead
    /// A subject's events known at a recorded time and valid on or before a date, in log
    /// order; `nil` leaves that clock (or the city) unfiltered.
    func events(city: City?, subject: String, validOn: CivilDate?, knownAt: RecordedTime?) throws(StoreError) -> [StoredEvent]
    /// Counts per city and event type, subjects, recorded-time range, size.
    func stats() throws(StoreError) -> StoreStats

    // MARK: Scans (the hot paths: one call per scan, then only `body` per event)

    /// Visits whole stored events (with id, stream version and chain hash) in log order, `seq`
    /// in `(after, through]`.
    func scan(after: Int64, through: Int64, _ body: (StoredEvent) throws -> Void) throws
    /// Replay's scan: (seq, event) in log order from `after + 1`, without each row's id (the
    /// event's id is "") or chain hash; stops when `body` returns false.
    func replayScan(after: Int64, _ body: (Int64, Event) throws -> Bool) throws
    /// One city's events with `seq` in `(after, through]`, in log order, as `replayScan`: the
    /// per-city half of a replay that folds each city on its own core. `through` is the
    /// watermark every city's scan shares, so no city reads past the head seen first.
    func replayScan(city: City, after: Int64, through: Int64, _ body: (Int64, Event) throws -> Bool) throws
    /// An independent, read-only connection to the same store, for use on another thread
    /// (create it on this one, then hand it over). `nil` when the store cannot be opened twice
    /// (an in-memory database): the caller then reads on this connection alone.
    func makeReader() throws(StoreError) -> (any EventLog)?

    // MARK: Integrity

    /// Walks every row from the first in one consistent read, and reports the first break
    /// (a gap, an altered or undecodable row, a chain head that does not match the last row).
    func verifyChain() throws(StoreError) -> ChainVerification
    /// Walks only the rows appended since the last verified point the store recorded (all of
    /// them when it cannot trust that point); throws `.chainBroken` at the first bad row. With
    /// `record`, a writer moves the verified point to what it checked.
    @discardableResult
    func verifyIncrementally(record: Bool) throws(StoreError) -> ChainVerification
}

extension EventLog {
    public func beginBulkLoad() throws(StoreError) -> Bool { false }
    public func endBulkLoad() throws(StoreError) {}

    /// One lookup per id: right for an embedded store, where a lookup is a B-tree probe.
    public func storedEvents(ids: [String]) throws(StoreError) -> [String: StoredEvent] {
        var out: [String: StoredEvent] = [:]
        for id in ids { if let e = try stored(eventId: id) { out[id] = e } }
        return out
    }

    /// Every event after `after`, whole, in log order.
    public func scan(after: Int64, _ body: (StoredEvent) throws -> Void) throws {
        try scan(after: after, through: .max, body)
    }

    /// Replay's scan from the first event.
    public func replayScan(_ body: (Int64, Event) throws -> Bool) throws {
        try replayScan(after: 0, body)
    }

    /// One city's events after `after`, to the end of the log.
    public func replayScan(city: City, after: Int64, _ body: (Int64, Event) throws -> Bool) throws {
        try replayScan(city: city, after: after, through: .max, body)
    }
}
