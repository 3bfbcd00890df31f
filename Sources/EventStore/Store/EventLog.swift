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
}

/// The append-only event log behind Kaisei. SQLite is the embedded default; a shared-cloud
/// deployment puts PostgreSQL behind the same protocol, partitioned by city.
public protocol EventLog: AnyObject {
    /// Appends a batch atomically: all of it, or (on any error) none of it.
    func append(_ batch: [AppendRequest]) throws(StoreError) -> AppendResult
    func stored(eventId: String) throws(StoreError) -> StoredEvent?
    func streamVersion(city: City, subject: String) throws(StoreError) -> Int64
    func head() throws(StoreError) -> ChainHead
    /// Visits events in log order with `seq` in `(after, through]`.
    func scan(after: Int64, through: Int64, _ body: (StoredEvent) throws -> Void) throws
    /// A subject's events known at a recorded time and valid on or before a date, in log order.
    func events(city: City?, subject: String, validOn: CivilDate?, knownAt: RecordedTime?) throws(StoreError) -> [StoredEvent]
}
