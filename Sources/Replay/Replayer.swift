import KaiseiCore
import KaiseiEvents

/// Folds stored events into per-city state as known at a recorded time. The log is in
/// recorded order, so "known at T" is a prefix of it: replay stops at the first later event.
public enum Replayer {
    /// `scan` visits (seq, event) in log order; returns the populations of both cities.
    public static func replay(knownAt: RecordedTime, scan: ((Int64, Event) throws -> Bool) throws -> Void) rethrows -> [City: Population] {
        var pops: [City: Population] = [:]
        for c in City.allCases { pops[c] = Population(city: c) }
        try scan { seq, e in
            guard let at = e.recordedAt, at <= knownAt else { return false }
            pops[e.city]!.apply(e, seq: seq)
            return true
        }
        return pops
    }

    /// Replay with its watermark: the last log position folded in (any city), and optionally
    /// stopping after `through` (a recorded levy's watermark).
    /// `from`: a restored state and its watermark (a snapshot); `scan` then starts after it.
    public static func replayWithWatermark(knownAt: RecordedTime, through: Int64 = .max, from start: ([City: Population], Int64)? = nil,
                                           scan: ((Int64, Event) throws -> Bool) throws -> Void) rethrows -> (pops: [City: Population], watermark: Int64) {
        var pops: [City: Population] = start?.0 ?? Dictionary(uniqueKeysWithValues: City.allCases.map { ($0, Population(city: $0)) })
        var last = start?.1 ?? 0
        try scan { seq, e in
            guard seq <= through, let at = e.recordedAt, at <= knownAt else { return false }
            pops[e.city]!.apply(e, seq: seq)
            last = seq
            return true
        }
        return (pops, last)
    }
}
