import Foundation
import KaiseiCore
import Law
import Replay
import Assessment

/// Two rule sets over the whole population of one fiscal year: per city and tax, the summary,
/// and every subject's before and after. Deterministic: the same state and rule sets give the
/// same figures and the same bytes in every output.
public struct Comparison: Sendable {
    public let fiscalYear: Int
    public let before: RuleSetInfo
    public let after: RuleSetInfo
    /// Log position of the last event folded into the state compared.
    public let watermark: Int64
    /// The moment the events are known at (`now` when nil).
    public let knownAt: RecordedTime
    public let cities: [City]
    public let taxes: [LevyTax]
    public let summaries: [TaxComparison]
    public let parameterChanges: [ParameterChange]
    /// Every subject paying on either side, by city, tax and subject.
    public let changes: [(city: City, change: SubjectChange)]
    /// Taxes not compared because a side's rules lack a required parameter: never shown as ¥0.
    public var refused: [Refusal] = []

    public struct Refusal: Sendable {
        public let city: City
        public let tax: LevyTax
        /// "before" or "after".
        public let side: String
        public let missing: MissingParameter
    }

    public struct RuleSetInfo: Sendable {
        public let label: String
        public let hash: String
        /// The corporate group's set: printed only when a corporate tax is compared.
        public let corporateHash: String
        public let drafts: [(id: String, title: String, law: String)]
    }

    /// Whether a corporate tax (法人市民税, 事業所税) is among those compared: then the outputs
    /// print the corporate revision sets too, which the individual `hash` does not cover.
    public var comparesCorporateTaxes: Bool { taxes.contains { $0.revisionScope == .corporate } }

    /// Which taxes to compute: those a differing parameter feeds, or all.
    public enum TaxChoice: Sendable { case affected, all }

    public static func run(_ pops: [City: Population], cities: [City], fiscalYear fy: Int, before: RuleSet, after: RuleSet,
                           watermark: Int64, knownAt: RecordedTime, taxes choice: TaxChoice = .affected, top: Int = 20) -> Comparison {
        let paramChanges = cities.flatMap { ParameterChange.between(before, after, city: $0, fiscalYear: fy) }
        let taxes: Set<LevyTax> = choice == .all ? Set(LevyTax.allCases) : Set(paramChanges.flatMap(\.taxes))
        let results = LockedArray<[SubjectChange]>(count: cities.count, [])
        let refusals = LockedArray<[Refusal]>(count: cities.count, [])
        // One city per core: their states are independent.
        DispatchQueue.concurrentPerform(iterations: cities.count) { i in
            let c = cities[i]
            let pb = LevyParameters(ruleBase: before.ruleBase, city: c, fiscalYear: fy, asOf: before.adoptedBy, drafts: before.drafts)
            let pa = LevyParameters(ruleBase: after.ruleBase, city: c, fiscalYear: fy, asOf: after.adoptedBy, drafts: after.drafts)
            results.set(i, pops[c]!.compareLevies(fiscalYear: fy, before: pb, after: pa, taxes: taxes))
            var refused: [Refusal] = []
            for t in LevyTax.allCases where taxes.contains(t) {
                if let m = pb.refused[t]?.first { refused.append(Refusal(city: c, tax: t, side: "before", missing: m)) }
                if let m = pa.refused[t]?.first { refused.append(Refusal(city: c, tax: t, side: "after", missing: m)) }
            }
            refusals.set(i, refused)
        }
        var summaries: [TaxComparison] = []
        var all: [(City, SubjectChange)] = []
        let orderedTaxes = LevyTax.allCases.filter(taxes.contains)
        let perCity = results.values
        for (i, c) in cities.enumerated() {
            let changes = perCity[i]
            var start = changes.startIndex
            // Each side's parameters by year, shared by the taxes (the property taxes read every year).
            var beforeSets: [Int: ParameterSet] = [:], afterSets: [Int: ParameterSet] = [:]
            let refusedHere = Set(refusals.values[i].map(\.tax))
            for t in orderedTaxes where !refusedHere.contains(t) {
                // `changes` is sorted by tax, so each tax is one slice.
                let end = changes[start...].firstIndex { $0.tax != t } ?? changes.endIndex
                var summary = TaxComparison(city: c, tax: t, changes: changes[start..<end], top: top)
                let unverifiedBefore = UnverifiedValue.used(by: t, city: c, fiscalYear: fy, ruleBase: before.ruleBase, drafts: before.drafts) { year in
                    if let set = beforeSets[year] { return set }
                    let set = before.parameters(city: c, fiscalYear: year)
                    beforeSets[year] = set
                    return set
                }
                let unverifiedAfter = UnverifiedValue.used(by: t, city: c, fiscalYear: fy, ruleBase: after.ruleBase, drafts: after.drafts) { year in
                    if let set = afterSets[year] { return set }
                    let set = after.parameters(city: c, fiscalYear: year)
                    afterSets[year] = set
                    return set
                }
                summary.unverified = TaxComparison.Unverified.merge(before: unverifiedBefore, after: unverifiedAfter)
                summaries.append(summary)
                start = end
            }
            all += changes.map { (c, $0) }
        }
        func info(_ r: RuleSet) -> RuleSetInfo { RuleSetInfo(label: r.label, hash: r.hash, corporateHash: r.corporateHash, drafts: r.drafts.map { ($0.id, $0.title, $0.law) }) }
        var out = Comparison(fiscalYear: fy, before: info(before), after: info(after), watermark: watermark, knownAt: knownAt, cities: cities,
                             taxes: orderedTaxes, summaries: summaries, parameterChanges: paramChanges, changes: all)
        out.refused = refusals.values.flatMap { $0 }
        return out
    }
}
