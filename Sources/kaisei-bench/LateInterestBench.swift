import Foundation
import KaiseiCore
import EventStore
import Replay
import Law
import Snapshots
import Assessment

/// 延滞金 for every open arrear of a store as of a day (issue 18: "≤ 1 s at full scale"): every
/// recorded levy split into its instalments on the city's 納期 (`revisions/due-dates/`, NHI's
/// own), the recorded payments applied oldest instalment first, and each instalment due before
/// the day and not paid by it computed with `LateInterest.compute`, one city per core.
///
///     kaisei-bench late-interest --store FILE.sqlite|postgres://… [--as-of YYYY-MM-DD] [--all-recorded] [--repeat N]
func lateInterestBench(arguments: [String]) throws {
    var store: String?
    var asOf = CivilDate(year: 2026, month: 12, day: 31)!
    var repeats = 3
    var allRecorded = false
    var args = ArraySlice(arguments)
    while let a = args.popFirst() {
        switch a {
        case "--store": store = args.popFirst()
        case "--as-of":
            guard let d = args.popFirst().flatMap(CivilDate.init(iso:)) else { throw BenchFailure("late-interest: --as-of expects YYYY-MM-DD") }
            asOf = d
        case "--repeat": repeats = max(1, Int(args.popFirst() ?? "") ?? repeats)
        // Levies and payments recorded after the day count too (a generated store whose levy
        // run was recorded at its last event's time, after every 納期 with a rate in force).
        case "--all-recorded": allRecorded = true
        default: print("usage: kaisei-bench late-interest --store FILE.sqlite|postgres://… [--as-of YYYY-MM-DD] [--all-recorded] [--repeat N]"); return
        }
    }
    guard let store else { throw BenchFailure("late-interest: --store FILE.sqlite or a postgres:// URL is required") }
    let rb: RuleBase
    switch RuleBase.load(directory: URL(fileURLWithPath: "revisions")) {
    case .success(let r): rb = r
    case .failure(let e): throw e
    }
    let log = try StoreBackend.open(StoreLocation(store), readOnly: true)
    let events = try log.head().seq
    var pops: [City: Population] = [:]
    let replaySeconds = try seconds { pops = try StoreReplay.foldEvents(log, knownAt: .distantFuture, from: nil).pops }
    print(String(format: "late-interest: %d events replayed in %.1f s (untimed); as of %@", events, replaySeconds, "\(asOf)"))
    let frozen = pops
    let day = asOf, everything = allRecorded
    for run in 1...repeats {
        let results = LockedResults()
        let s = seconds {
            DispatchQueue.concurrentPerform(iterations: City.allCases.count) { i in
                let city = City.allCases[i]
                guard let pop = frozen[city] else { return }
                results.add(lateInterestOfCity(pop.ledger, city: city, asOf: day, allRecorded: everything, ruleBase: rb))
            }
        }
        let t = results.total
        print(String(format: "run %d: %d levies (%d paid in full by then), %d instalments due by then in the others, %d open arrears, %d with 延滞金 due: %.3f s (%.0f open arrears/s)%@",
                     run, t.levies, t.paidInFull, t.instalments, t.open, t.charged, s, Double(t.open) / max(s, 1e-9),
                     t.refused > 0 ? ", \(t.refused) refused for missing law" : ""))
    }
    print(String(format: "peak RSS %.0f MB", peakRSSMB()))
}

struct LateInterestTally: Sendable {
    var levies = 0, paidInFull = 0, instalments = 0, open = 0, charged = 0, refused = 0
}

final class LockedResults: @unchecked Sendable {
    private let lock = NSLock()
    private var tally = LateInterestTally()
    func add(_ t: LateInterestTally) {
        lock.lock(); defer { lock.unlock() }
        tally.levies += t.levies; tally.paidInFull += t.paidInFull; tally.instalments += t.instalments; tally.open += t.open; tally.charged += t.charged; tally.refused += t.refused
    }
    var total: LateInterestTally { lock.lock(); defer { lock.unlock() }; return tally }
}

/// One city's open arrears and their 延滞金 (counts only: amounts are personal data), each levy
/// read through `LevyAccount` as the 納税証明書 reads it.
func lateInterestOfCity(_ ledger: LevyLedger, city: City, asOf: CivilDate, allRecorded: Bool, ruleBase rb: RuleBase) -> LateInterestTally {
    var tally = LateInterestTally()
    let known = allRecorded ? RecordedTime.distantFuture : RecordedTime.endOfDayInJapan(asOf)
    let calendar = CollectionCalendar(ruleBase: rb, city: city, asOf: known)
    // A subject's (tax, year) pairs already read: a few per subject, so a scan beats hashing.
    var seen: [Int] = []
    for (subject, levies) in ledger.levies {
        seen.removeAll(keepingCapacity: true)
        let records = LevyAccount.Records(levies: levies, ledger, subject: subject)
        for i in levies.indices where levies[i].recordedAt <= known {
            let tax = levies[i].tax, fy = levies[i].fiscalYear
            let key = fy * 8 + LevyTax.allCases.firstIndex(of: tax)!
            guard !seen.contains(key) else { continue }
            seen.append(key)
            // A 都市計画税 collected with its 固定資産税 is counted in that levy's account.
            guard let scope = LevyAccount.Scope.of(records, tax, fy, known: known, calendar: calendar) else { continue }
            // A levy paid in full by the day has no open arrear: its schedule is not worked out.
            guard let balance = LevyAccount.taxBalance(records, scope: scope, fiscalYear: fy, day: asOf, known: known), balance.levied > .zero else { continue }
            if balance.paid >= balance.levied { tally.levies += 1; tally.paidInFull += 1; continue }
            // Every instalment due so far paid: counted without building the account.
            if let due = LevyAccount.arrears(records, scope: scope, balance: balance, fiscalYear: fy, day: asOf, known: known, calendar: calendar), !due.open {
                tally.levies += 1; tally.instalments += due.dueInstalments; continue
            }
            guard let a = LevyAccount.make(records, subject: subject, scope: scope, fiscalYear: fy, day: asOf, known: known,
                                           calendar: calendar, interest: .openOnly), a.levied > .zero else { continue }
            tally.levies += 1
            for line in a.lines where line.instalment.dueDate < asOf {
                tally.instalments += 1
                guard line.instalment.unpaid > .zero else { continue }
                tally.open += 1
                if line.lateInterestMissing != nil { tally.refused += 1 } else if line.lateInterest > .zero { tally.charged += 1 }
            }
        }
    }
    return tally
}
