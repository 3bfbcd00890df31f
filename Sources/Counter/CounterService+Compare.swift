import Foundation
import KaiseiCore
import EventStore
import Law
import Replay
import Simulation

/// A draft law or a past rule base against the enacted one, over the analyst's city as known
/// now or at an earlier moment: the change-control meeting's comparison. Aggregates only: no
/// subject is listed (`top: 0`), so an analyst sees no individual data.
extension CounterService {
    /// The drafts an analyst may choose from: the files of `revisions/drafts/`, by file name.
    ///
    /// `knownAt` (the 記録時点): the city's records as known then, as `kaisei compare --known-at`
    /// reads them; rule sets without a date of their own are then those adopted by that moment,
    /// as on the command line. The service holds only the newest state, so a past moment is a
    /// replay of the caller's city from its first event (one core; at full scale about a
    /// minute on the comparisons' idle-class thread, and that city's state once more in memory
    /// until it is done).
    public func compare(_ caller: Caller?, fiscalYear: Int, beforeAt: RecordedTime?, afterAt: RecordedTime?, draft: String?,
                        drafts: [String: String], knownAt requested: RecordedTime? = nil) throws -> Comparison {
        let caller = try Gate.authorize(caller, .aggregate)
        guard ParameterCatalogue.years.contains(fiscalYear) else {
            throw CounterError.badRequest(field: "fiscal_year", reason: "must be between \(ParameterCatalogue.years.lowerBound) and \(ParameterCatalogue.years.upperBound)")
        }
        let v = try view()
        // The clock read once: a second reading is later, and "now" would look like a past moment.
        let current = self.now(v)
        let now = requested.map { min($0, current) } ?? current
        var afterDrafts: [Revision] = []
        if let draft {
            guard let path = drafts[draft] else { throw CounterError.badRequest(field: "draft", reason: "no draft \(draft) in revisions/drafts/") }
            do { afterDrafts = [try RuleSet.loadDraft(path)] } catch { throw CounterError.refused("the draft \(draft) does not load: \(error)") }
        }
        func label(_ at: RecordedTime?, _ d: String?) -> String {
            (at.map { "enacted@\($0.japanDate)" } ?? "enacted") + (d.map { "+\($0)" } ?? "")
        }
        let before = RuleSet(ruleBase: ruleBase, adoptedBy: beforeAt ?? now, label: label(beforeAt, nil))
        let after = RuleSet(ruleBase: ruleBase, adoptedBy: afterAt ?? now, drafts: afterDrafts, label: label(afterAt, draft))
        guard now < current else {
            return Comparison.run(v.pops, cities: [caller.city], fiscalYear: fiscalYear, before: before, after: after,
                                  watermark: v.head.seq, knownAt: now, taxes: .affected, top: 0)
        }
        let (pop, watermark) = try state.readers.with { log in try Self.population(of: caller.city, knownAt: now, log: log, after: v.head) }
        return Comparison.run([caller.city: pop], cities: [caller.city], fiscalYear: fiscalYear, before: before, after: after,
                              watermark: watermark, knownAt: now, taxes: .affected, top: 0)
    }

    /// One city's state as known at a past moment, from the store, and the log position it
    /// reaches (the last event of either city recorded by then: the same watermark as a replay
    /// of both cities).
    static func population(of city: City, knownAt: RecordedTime, log: any EventLog, after known: ChainHead) throws -> (Population, Int64) {
        let w = try ScopedReplay.watermark(knownAt: knownAt, head: try log.head(), log: log, after: known)
        var pop = Population(city: city)
        try log.replayScan(city: city, after: 0, through: w.seq) { seq, e in
            guard let at = e.recordedAt, at <= knownAt else { return false }
            pop.apply(e, seq: seq)
            return true
        }
        return (pop, w.seq)
    }
}
