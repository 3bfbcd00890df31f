import KaiseiCore

/// What can go wrong in the store, with the facts as fields. Messages are made once, at the
/// edge (the CLI), from these cases; no personal data is put into them.
public enum StoreError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The same event id was appended before with different content.
    case conflictingDuplicate(eventId: String, storedSeq: Int64)
    /// Optimistic concurrency: the subject's stream was not at the version the writer expected.
    case versionConflict(city: City, subject: String, expected: Int64, actual: Int64)
    /// History must be appended in recorded order.
    case recordedTimeRegression(eventId: String, recordedAt: RecordedTime, storeLatest: RecordedTime)
    case schemaTooNew(storeVersion: Int, supported: Int)
    case migrationFailed(version: Int, name: String, reason: String)
    /// A stored row that cannot be decoded: corruption or tampering.
    case corruptRow(seq: Int64, reason: String)
    case database(String)
    /// Another process holds the store's writer lock (an import, a levy run) past the wait.
    case busy(holder: String, waitedSeconds: Double)
    /// The hash chain does not hold: the store was altered behind its back. Nothing is answered from it.
    case chainBroken(ChainVerification.Break)
    /// The file is not a Kaisei store (no events table), or not a database at all.
    case notAStore(path: String, reason: String)

    public var description: String {
        switch self {
        case let .conflictingDuplicate(id, seq):
            return "event id \"\(id)\" is already stored (seq \(seq)) with different content"
        case let .versionConflict(city, subject, expected, actual):
            return "version conflict on \(city.rawValue)/\(subject): expected version \(expected), actual \(actual)"
        case let .recordedTimeRegression(id, at, latest):
            return "event \"\(id)\": recorded_at \(at) is earlier than the store's latest recorded time \(latest); history is appended in recorded order"
        case let .schemaTooNew(v, s):
            return "the store has schema version \(v) but this build knows only up to \(s): use a newer kaisei"
        case let .migrationFailed(v, name, reason):
            return "migration \(v) (\(name)) failed and was rolled back: \(reason)"
        case let .corruptRow(seq, reason):
            return "stored event at seq \(seq) is corrupt: \(reason)"
        case let .database(msg):
            return msg
        case let .busy(holder, waited):
            return "store is busy: \(holder) is writing (waited \(Int(waited)) s); nothing was written, try again when it has finished"
        case let .chainBroken(b):
            return "the store was altered behind its back: \(b); nothing is answered from it (run `kaisei verify`, then restore a backup)"
        case let .notAStore(path, reason):
            return "\(path) is not a Kaisei store: \(reason)"
        }
    }
}
