import Foundation
import KaiseiCore
import KaiseiEvents
import EventStore
import Replay
import Snapshots

/// Slots written from several threads, each by one.
final class LockedSlots<T>: @unchecked Sendable {
    private var values: [T]
    private let lock = NSLock()
    init(count: Int, initial: T) { values = Array(repeating: initial, count: count) }
    func set(_ i: Int, _ v: T) { lock.withLock { values[i] = v } }
    func get(_ i: Int) -> T { lock.withLock { values[i] } }
}

/// The service's picture of the store: both cities replayed once (from the newest snapshot),
/// then kept current by following the log, with the indexes the counter searches. Requests
/// read an immutable `View`; a follow step builds the next one beside it and swaps it in, so a
/// request never sees half an update.
public final class CounterState: @unchecked Sendable {
    public struct View: Sendable {
        public let pops: [City: Population]
        public let relations: [City: RelationIndex]
        public let search: [City: ResidentIndex]
        public let head: ChainHead
    }

    public let readers: ReaderPool
    private let snapshots: SnapshotFolder?
    private var current: View?
    private let lock = NSLock()
    /// Seconds the first replay took, and from which snapshot.
    public private(set) var startup: (seconds: Double, snapshotWatermark: Int64?)?

    public init(readers: ReaderPool, snapshots: SnapshotFolder?) {
        self.readers = readers
        self.snapshots = snapshots
    }

    /// The current view, or nil while the first replay runs (`/readyz` answers 503).
    public var view: View? { lock.withLock { current } }

    /// Replays the store (blocking): from the newest usable snapshot, then the events after it.
    public func load() throws {
        let started = Date()
        let outcome = try readers.with { log in try StoreReplay.replay(log, knownAt: .distantFuture, snapshots: snapshots) }
        let head = try readers.with { log in try log.head() }
        // The replay read up to the head it saw first; anything appended since is folded in by
        // the first follow step.
        let headAtReplay = try readers.with { log in try Self.chainHead(at: outcome.watermark, log: log, fallback: head) }
        let view = Self.makeView(outcome.pops, head: headAtReplay)
        lock.withLock { current = view }
        startup = (Date().timeIntervalSince(started), outcome.snapshot?.watermark)
    }

    /// Folds whatever was appended since the view (by any process) into a new view. Returns
    /// the number of events folded.
    /// One follow at a time (the follower thread and a staff change both call it): a slower
    /// one must not swap an older view in after a newer one.
    private let following = NSLock()

    @discardableResult
    public func follow() throws -> Int {
        following.lock()
        defer { following.unlock() }
        guard let base = view else { return 0 }
        let head = try readers.with { try $0.head() }
        guard head.seq > base.head.seq else { return 0 }
        var pops = base.pops
        var touched: Set<City> = []
        var folded = 0
        var reindex = false
        var last = base.head
        try readers.with { log in
            try log.scan(after: base.head.seq, through: head.seq) { stored in
                pops[stored.event.city]?.apply(stored.event, seq: stored.seq)
                touched.insert(stored.event.city)
                if Self.changesIndexes(stored.event.type) { reindex = true }
                folded += 1
                last = ChainHead(seq: stored.seq, hash: stored.hash, recordedAt: stored.recordedAt)
            }
        }
        var relations = base.relations, search = base.search
        for c in touched where reindex {
            relations[c] = RelationIndex(pops[c]!)
            search[c] = ResidentIndex(pops[c]!)
        }
        let next = View(pops: pops, relations: relations, search: search, head: last)
        lock.withLock { current = next }
        return folded
    }

    /// Whether an event type can change who is found by a search or who is linked to whom: a
    /// certificate issued or a payment does not, and rebuilding the indexes at full scale takes
    /// a second.
    static func changesIndexes(_ type: EventType) -> Bool {
        switch type {
        case .residentRegistered, .residentMovedWithinCity, .residentMovedOut, .residentDied, .residentHouseholdChanged,
             .householdHeadDesignated, .relationshipStarted, .relationshipEnded, .nameRecorded, .addressRecorded,
             .lightVehicleRegistered, .lightVehicleTransferred, .landParcelRegistered, .propertyOwnershipTransferred,
             .buildingRegistered, .nhiMembershipStarted, .nhiMembershipEnded, .levyAssessed, .levyCorrected:
            return true
        default:
            return false
        }
    }

    static func makeView(_ pops: [City: Population], head: ChainHead) -> View {
        var all = pops
        for c in City.allCases where all[c] == nil { all[c] = Population(city: c) }
        // The four indexes are independent: built side by side, one per core.
        let cities = City.allCases
        let built = LockedSlots<(RelationIndex?, ResidentIndex?)>(count: cities.count * 2, initial: (nil, nil))
        let frozen = all
        DispatchQueue.concurrentPerform(iterations: cities.count * 2) { i in
            let pop = frozen[cities[i / 2]]!
            built.set(i, i % 2 == 0 ? (RelationIndex(pop), nil) : (nil, ResidentIndex(pop)))
        }
        var relations: [City: RelationIndex] = [:], search: [City: ResidentIndex] = [:]
        for (n, c) in cities.enumerated() {
            relations[c] = built.get(n * 2).0
            search[c] = built.get(n * 2 + 1).1
        }
        return View(pops: all, relations: relations, search: search, head: head)
    }

    static func chainHead(at seq: Int64, log: any EventLog, fallback: ChainHead) throws -> ChainHead {
        guard seq > 0 else { return ChainHead(seq: 0, hash: [UInt8](repeating: 0, count: 32), recordedAt: .distantPast) }
        if seq == fallback.seq { return fallback }
        var found = fallback
        try log.scan(after: seq - 1, through: seq) { found = ChainHead(seq: $0.seq, hash: $0.hash, recordedAt: $0.recordedAt) }
        return found
    }
}
