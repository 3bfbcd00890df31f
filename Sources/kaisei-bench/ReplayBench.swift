import Foundation
import KaiseiCore
import KaiseiEvents
import EventStore
import Replay
import Assessment
import Law
import Snapshots

/// Replay alone on an existing store (one kept by `population --keep DIR`), repeated: for
/// profiling the read, decode and fold path without regenerating a population.
func replayBench(arguments: [String]) throws {
    var store: String?
    var repeats = 3
    var args = ArraySlice(arguments)
    while let a = args.popFirst() {
        switch a {
        case "--store": store = args.popFirst()
        case "--repeat": repeats = max(1, Int(args.popFirst() ?? "") ?? repeats)
        default: print("usage: kaisei-bench replay --store FILE.sqlite|postgres://… [--repeat N]"); return
        }
    }
    guard let store else { throw BenchFailure("replay: --store FILE.sqlite or a postgres:// URL is required") }
    let log = try StoreBackend.open(StoreLocation(store), readOnly: true)
    print("replay from \(StoreLocation(store))")
    let events = try log.head().seq
    let onlyByCity = ProcessInfo.processInfo.environment["REPLAY_BY_CITY_ONLY"] != nil
    for (name, run) in [("one core", { _ = try Replayer.replay(knownAt: .distantFuture) { visit in try log.replayScan(visit) } }),
                        ("by city", { _ = try StoreReplay.foldEvents(log, knownAt: .distantFuture, from: nil) })] as [(String, () throws -> Void)] {
        if onlyByCity && name == "one core" { continue }
        var best = Double.infinity
        for _ in 0..<repeats {
            let s = try seconds(run)
            best = min(best, s)
            print(String(format: "replay (%@) %d events: %.2f s, %.0f events/s", name, events, s, Double(events) / s))
        }
        print(String(format: "replay (%@) best of %d: %.0f events/s", name, repeats, Double(events) / best))
    }
    // One fiscal year of every levy on the replayed state, repeated (for profiling the assessment).
    if let assess = ProcessInfo.processInfo.environment["ASSESS_REPEAT"].flatMap(Int.init) {
        let rb: RuleBase
        switch RuleBase.load(directory: URL(fileURLWithPath: "revisions")) {
        case .success(let r): rb = r
        case .failure(let e): throw e
        }
        let pops = try StoreReplay.foldEvents(log, knownAt: .distantFuture, from: nil).pops
        // This machine's runs of one binary spread by a third: the best and the median of the
        // repeats are the figures to compare, never a single run.
        var all: [Double] = []
        for _ in 0..<assess {
            let s = seconds { _ = FiscalYearLevies.run(pops, fiscalYear: 2027, ruleBase: rb, asOf: .distantFuture) }
            all.append(s)
            print(String(format: "assess FY2027 all levies both cities: %.3f s", s))
        }
        all.sort()
        print(String(format: "assess FY2027 all levies both cities, %d runs: best %.3f s, median %.3f s", all.count, all[0], all[all.count / 2]))
        // Each tax alone, a city per core: where the assessment's time goes.
        let params = City.allCases.map { LevyParameters(ruleBase: rb, city: $0, fiscalYear: 2027, asOf: .distantFuture) }
        for tax in LevyTax.allCases where assess > 0 {
            let n = LockedArray<Int>(count: City.allCases.count, 0)
            var best = Double.infinity
            for _ in 0..<assess {
                best = min(best, seconds {
                    DispatchQueue.concurrentPerform(iterations: City.allCases.count) { i in
                        var count = 0
                        Assessor(pops[City.allCases[i]]!, fiscalYear: 2027).forEachLevy(under: [params[i]], taxes: [tax]) { _, _ in count += 1 }
                        n.set(i, count)
                    }
                })
            }
            print(String(format: "  %@ alone: best of %d %.3f s (%d levies)", tax.rawValue, assess, best, n.values.reduce(0, +)))
        }
    }
    print(String(format: "peak RSS %.0f MB", peakRSSMB()))
}
