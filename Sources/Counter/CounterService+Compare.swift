import Foundation
import KaiseiCore
import Law
import Replay
import Simulation

/// A draft law or a past rule base against the enacted one, over the analyst's city as known
/// now: the change-control meeting's comparison. Aggregates only: no subject is listed
/// (`top: 0`), so an analyst sees no individual data.
extension CounterService {
    /// The drafts an analyst may choose from: the files of `revisions/drafts/`, by file name.
    public func compare(_ caller: Caller?, fiscalYear: Int, beforeAt: RecordedTime?, afterAt: RecordedTime?, draft: String?,
                        drafts: [String: String]) throws -> Comparison {
        let caller = try Gate.authorize(caller, .aggregate)
        guard ParameterCatalogue.years.contains(fiscalYear) else {
            throw CounterError.badRequest(field: "fiscal_year", reason: "must be between \(ParameterCatalogue.years.lowerBound) and \(ParameterCatalogue.years.upperBound)")
        }
        let v = try view()
        let now = now(v)
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
        return Comparison.run(v.pops, cities: [caller.city], fiscalYear: fiscalYear, before: before, after: after,
                              watermark: v.head.seq, knownAt: now, taxes: .affected, top: 0)
    }
}
