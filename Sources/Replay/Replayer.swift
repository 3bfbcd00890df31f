import Foundation
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

extension Replayer {
    /// The same replay with each city folded on its own core. A city's state depends only on its
    /// own events and the log's recorded times never go backwards, so "known at T" and
    /// "through seq N" cut each city's events exactly where they cut the whole log: the
    /// answer is the sequential one (the tests compare the bytes).
    ///
    /// `scan(city, after, visit)` visits that city's events after `after` in log order, and is
    /// called from two threads at once: give each city its own store connection.
    public static func replayByCity(knownAt: RecordedTime, through: Int64 = .max, from start: ([City: Population], Int64)? = nil,
                                    scan: @Sendable (City, Int64, (Int64, Event) throws -> Bool) throws -> Void) throws -> (pops: [City: Population], watermark: Int64) {
        let cities = City.allCases
        let results = LockedArray<Result<(Population, Int64), Error>?>(count: cities.count, nil)
        DispatchQueue.concurrentPerform(iterations: cities.count) { i in
            let c = cities[i]
            var pop = start?.0[c] ?? Population(city: c)
            var last = start?.1 ?? 0
            results.set(i, Result {
                try scan(c, start?.1 ?? 0) { seq, e in
                    guard seq <= through, let at = e.recordedAt, at <= knownAt else { return false }
                    pop.apply(e, seq: seq)
                    last = seq
                    return true
                }
                return (pop, last)
            })
        }
        var pops: [City: Population] = [:]
        var watermark = start?.1 ?? 0
        for (i, c) in cities.enumerated() {
            let (p, last) = try results.values[i]!.get()
            pops[c] = p
            watermark = max(watermark, last)
        }
        return (pops, watermark)
    }
}
