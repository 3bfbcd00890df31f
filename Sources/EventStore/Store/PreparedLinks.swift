import Dispatch
import Synchronization
import KaiseiCore
import KaiseiEvents

/// The chain links of a large batch, computed on the second core while the first writes rows.
///
/// Encoding a payload and hashing a link touch no database state, so a producer thread walks the
/// batch ahead of the SQLite writer, chunk by chunk, assuming every event is new. The writer
/// checks each link's `previous` against the real chain; where an event turned out to be a
/// duplicate (and was skipped), the links after it are recomputed in line. Speculation can
/// only save time, never change a hash.
final class PreparedLinks: @unchecked Sendable {
    struct Link {
        let recordedAt: RecordedTime
        let payload: [UInt8]
        let previous: [UInt8]
        let hash: [UInt8]
        /// In a SQLite bulk load: whether the id's hash was among the load's ids already.
        let idSeen: Bool
        /// In a SQLite bulk load: the stream version this event takes if every event of the
        /// batch before it is written.
        let streamVersion: Int64?
    }

    static let chunk = 1_024
    /// Below this many events the thread hand-off costs more than it saves.
    static let threshold = 4_096

    private var links: [Link?]
    private let ready: [DispatchSemaphore]
    private let finished = DispatchSemaphore(value: 0)
    private let cancelled = Atomic<Bool>(false)

    /// `ids`, `streams`: a SQLite bulk load's id hashes and stream versions, noted and counted
    /// here for every event of the batch (the writer reads `idSeen` and `streamVersion`).
    init(batch: [AppendRequest], head: ChainHead, clock: @escaping () -> RecordedTime,
         ids: SQLiteEventLog.BulkIds? = nil, streams: SQLiteEventLog.BulkStreams? = nil) {
        links = [Link?](repeating: nil, count: batch.count)
        let chunks = (batch.count + Self.chunk - 1) / Self.chunk
        ready = (0..<chunks).map { _ in DispatchSemaphore(value: 0) }
        nonisolated(unsafe) let clock = clock
        DispatchQueue.global(qos: .userInitiated).async { [self] in
            var previous = head.hash
            var latest = head.recordedAt
            for c in 0..<chunks {
                if cancelled.load(ordering: .relaxed) { break }
                for i in (c * Self.chunk)..<min(batch.count, (c + 1) * Self.chunk) {
                    let e = batch[i].event
                    let at = RecordedStamp.recordedAt(e.recordedAt, after: latest, clock: clock)
                    let hash = HashChain.link(previous, e, at)
                    links[i] = Link(recordedAt: at, payload: e.payload.encoded(for: e.type), previous: previous, hash: hash,
                                    idSeen: ids?.note(e.id) ?? false,
                                    streamVersion: streams?.take(SQLiteEventLog.StreamKey(city: e.city.code, subject: e.subject)))
                    previous = hash
                    if at > latest { latest = at }
                }
                ready[c].signal()
            }
            finished.signal()
        }
    }

    /// The prepared link of event `i`, waiting for its chunk if the producer is behind.
    /// Events must be asked for in order.
    func link(_ i: Int) -> Link {
        if i % Self.chunk == 0 { ready[i / Self.chunk].wait() }
        return links[i]!
    }

    /// Stops the producer (if the writer gave up early) and waits for it to let go of the batch
    /// (and of a bulk load's counts). Later calls return at once.
    func finish() {
        guard !isFinished else { return }
        isFinished = true
        cancelled.store(true, ordering: .relaxed)
        finished.wait()
    }
    /// Read and set by the writer's thread only.
    private var isFinished = false
}
