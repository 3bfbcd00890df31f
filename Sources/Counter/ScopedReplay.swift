import KaiseiCore
import KaiseiEvents
import EventStore
import Replay

/// One subject's world as known at a moment, rebuilt from the store in milliseconds instead of
/// a whole city's replay: the subjects a person's levies and certificates read (spouse,
/// dependants, the members and heads of every household they were in, their vehicles, parcels
/// and buildings and the parcels and buildings beside them, the co-owner groups they belong
/// to), each subject's own events recorded by then, folded by the same `Population.apply`.
///
/// The neighbourhood comes from the current state (`RelationIndex`), which holds every link
/// ever known; a link not yet known at the moment asked simply has no events then. Tests check
/// the result against a full replay as known at the same moment (ScopedReplayTests).
public enum ScopedReplay {
    /// The ids whose events a person's (or a vehicle's) levies and certificates read.
    public static func neighbourhood(of id: String, in pop: Population, relations: RelationIndex) -> Set<String> {
        var out: Set<String> = [id]
        if let v = pop.vehicles[id] {
            for e in v.owner.entries {
                out.insert(e.value)
                out.formUnion(relations.taxpayerGroups[e.value] ?? [])
            }
            return out
        }
        guard let r = pop.residents[id] else { return out }
        for e in r.spouse.entries { if let s = e.value { out.insert(s) } }
        out.formUnion(r.dependants.keys)
        var households = Set(r.household.entries.map(\.value))
        for e in r.nhi.entries { if let h = e.value { households.insert(h) } }
        if let t = r.nhiToElderly { households.insert(t.household) }
        households.formUnion(relations.householdsHeaded[id] ?? [])
        for h in households {
            out.insert(h)
            out.formUnion(relations.householdMembers[h] ?? [])
            for e in pop.householdHeads[h]?.entries ?? [] { out.insert(e.value) }
        }
        out.formUnion(relations.vehiclesOwned[id] ?? [])
        var parcels = relations.parcelsOwned[id] ?? []
        var buildings = relations.buildingsOwned[id] ?? []
        for b in buildings { if let p = pop.buildings[b]?.parcel { parcels.insert(p) } }
        for p in parcels { buildings.formUnion(pop.parcels[p]?.buildings ?? []) }
        out.formUnion(parcels)
        out.formUnion(buildings)
        out.formUnion(relations.taxpayerGroups[id] ?? [])
        return out
    }

    /// The subjects' events recorded by `knownAt`, folded in log order into a fresh state of
    /// the city.
    public static func population(_ subjects: Set<String>, city: City, knownAt: RecordedTime, log: any EventLog) throws -> Population {
        try fold(subjects, city: city, knownAt: knownAt, log: log).population
    }

    /// The same, with each folded event's recorded time by log position (a page shows both
    /// clocks of every change).
    public static func fold(_ subjects: Set<String>, city: City, knownAt: RecordedTime, log: any EventLog)
        throws -> (population: Population, recordedAt: [Int64: RecordedTime]) {
        var events: [StoredEvent] = []
        for s in subjects.sorted() {
            events.append(contentsOf: try log.events(city: city, subject: s, validOn: nil, knownAt: knownAt))
        }
        events.sort { $0.seq < $1.seq }
        var pop = Population(city: city)
        var recorded: [Int64: RecordedTime] = [:]
        for e in events {
            pop.apply(e.event, seq: e.seq)
            recorded[e.seq] = e.recordedAt
        }
        return (pop, recorded)
    }

    /// The log position of the last event recorded by `knownAt` (0 before the first): the
    /// watermark a full replay as known then would reach. Recorded time never goes back along
    /// the log, so a binary search over positions finds it.
    public static func watermark(knownAt: RecordedTime, head: ChainHead, log: any EventLog, after known: ChainHead? = nil) throws -> (seq: Int64, hash: [UInt8]) {
        if knownAt >= head.recordedAt { return (head.seq, head.hash) }
        // Recorded time never goes back along the log: an event known to be recorded by then (the
        // service's view of the head) is a lower bound, so only what was appended since is searched.
        var lo: Int64 = known.flatMap { $0.recordedAt <= knownAt && $0.seq <= head.seq ? $0.seq : nil } ?? 0, hi = head.seq
        // invariant: recordedAt(lo) ≤ knownAt (lo = 0 means none), recordedAt(hi) > knownAt
        while hi - lo > 1 {
            let mid = lo + (hi - lo) / 2
            var at = RecordedTime.distantFuture
            try log.scan(after: mid - 1, through: mid) { at = $0.recordedAt }
            if at <= knownAt { lo = mid } else { hi = mid }
        }
        guard lo > 0 else { return (0, [UInt8](repeating: 0, count: 32)) }
        var hash = [UInt8](repeating: 0, count: 32)
        try log.scan(after: lo - 1, through: lo) { hash = $0.hash }
        return (lo, hash)
    }
}
