import KaiseiCore
import Law
import Replay

/// A parameter value the cities have not confirmed yet (`verified: false` in its revision file,
/// what `kaisei revisions --unverified` lists) that a levy's figures depend on: what a caveat
/// printed next to such a figure names.
public struct UnverifiedValue: Sendable, Equatable {
    /// The city whose levy reads it (the entry itself may be for both cities).
    public let city: City
    public let key: String
    /// As the report's tables print it (`ParameterValue.display`).
    public let value: String
    /// The revision's id, its file (`revisions/nhi/rates-fy2024.yaml`, or a draft as given on the
    /// command line) and the entry's line.
    public let revision: String
    public let file: String
    public let line: Int
    public let reference: String
    /// What was assumed, as the revision file says.
    public let note: String?
    /// The fiscal years whose parameters take this value: the levy's own, and for the property
    /// taxes any earlier year of the 課税標準額 history.
    public let fiscalYears: [Int]

    /// `file:line`, as `kaisei revisions --unverified` prints it.
    public var location: String { "\(file):\(line)" }

    /// The revision entry: the same for both cities when it is not a city overlay.
    var entryID: String { "\(file):\(line) \(key)" }
}

extension UnverifiedValue {
    /// Every unverified value that `tax` of `city` for `fiscalYear` reads, as the rule base stood
    /// at `asOf` with `drafts` applied (the lookup `ParameterSet` makes for the calculators).
    /// One per revision entry, in catalogue order; empty when every value read is confirmed.
    ///
    ///     UnverifiedValue.used(by: .nhi, city: .toyohashi, fiscalYear: 2024, ruleBase: rb, asOf: .distantFuture)
    ///     // nhi.medical.income_rate 6.74% (revisions/nhi/rates-fy2024.yaml:…), …
    public static func used(by tax: LevyTax, city: City, fiscalYear: Int, ruleBase: RuleBase, asOf: RecordedTime,
                            drafts: [Revision] = []) -> [UnverifiedValue] {
        var sets: [Int: ParameterSet] = [:]
        return used(by: tax, city: city, fiscalYear: fiscalYear, ruleBase: ruleBase, drafts: drafts) { year in
            if let set = sets[year] { return set }
            let set = ParameterSet(ruleBase: ruleBase, city: city, fiscalYear: year, asOf: asOf, drafts: drafts)
            sets[year] = set
            return set
        }
    }

    /// The same, reading the parameter sets from `parameters` (one per fiscal year), so a caller
    /// looking at several taxes resolves each year once.
    static func used(by tax: LevyTax, city: City, fiscalYear fy: Int, ruleBase: RuleBase, drafts: [Revision],
                     parameters: (Int) -> ParameterSet) -> [UnverifiedValue] {
        var found: [String: UnverifiedValue] = [:]
        for year in tax.parameterYears(fiscalYear: fy) {
            let set = parameters(year)
            for key in tax.parameterKeys where year == fy || LevyTax.readsEarlierYears(key) {
                guard let resolved = set.resolved(key), !resolved.verified else { continue }
                // The entry the lookup took: the revision's overlay for the city, else its entry for both.
                let revision = drafts.first(where: { $0.id == resolved.revision })
                    ?? ruleBase.revisions.first(where: { $0.id == resolved.revision })
                let entry = revision.flatMap { r in
                    r.entries.first(where: { $0.key == key && $0.city == city }) ?? r.entries.first(where: { $0.key == key && $0.city == nil })
                }
                let value = UnverifiedValue(city: city, key: key, value: resolved.value.display, revision: resolved.revision,
                                            file: revision?.file ?? resolved.revision, line: entry?.line ?? 0,
                                            reference: resolved.reference, note: resolved.note, fiscalYears: [year])
                found[value.entryID] = found[value.entryID].map { $0.adding(years: [year]) } ?? value
            }
        }
        return found.values.sorted(by: Self.catalogueOrder)
    }

    /// Catalogue order of the key, then the first year, then the file and line: stable bytes.
    static func catalogueOrder(_ a: UnverifiedValue, _ b: UnverifiedValue) -> Bool {
        let ia = keyIndex[a.key] ?? Int.max, ib = keyIndex[b.key] ?? Int.max
        if ia != ib { return ia < ib }
        if a.fiscalYears.first != b.fiscalYears.first { return (a.fiscalYears.first ?? 0) < (b.fiscalYears.first ?? 0) }
        return (a.file, a.line) < (b.file, b.line)
    }

    static let keyIndex: [String: Int] = Dictionary(ParameterCatalogue.all.enumerated().map { ($0.element.key, $0.offset) },
                                                    uniquingKeysWith: { first, _ in first })

    func adding(years: [Int]) -> UnverifiedValue {
        UnverifiedValue(city: city, key: key, value: value, revision: revision, file: file, line: line, reference: reference, note: note,
                        fiscalYears: Array(Set(fiscalYears + years)).sorted())
    }

    /// `FY2024`, or `FY2013–FY2024` / `FY2013–FY2020, FY2024` for a history.
    public var fiscalYearsText: String { RuleBase.compress(fiscalYears) }
}

extension RuleSet {
    /// The unverified values `tax` of `city` for `fiscalYear` reads under this rule set.
    public func unverifiedValues(for tax: LevyTax, city: City, fiscalYear: Int) -> [UnverifiedValue] {
        UnverifiedValue.used(by: tax, city: city, fiscalYear: fiscalYear, ruleBase: ruleBase, asOf: adoptedBy, drafts: drafts)
    }
}

extension TaxComparison {
    /// An unverified value one of the summary's figures depends on, and on which side: the
    /// figures before (`before`), after (`after`) or both read it.
    public struct Unverified: Sendable, Equatable {
        public let value: UnverifiedValue
        public let before: Bool
        public let after: Bool

        /// Both sides' values as one list, each revision entry once, in catalogue order.
        static func merge(before: [UnverifiedValue], after: [UnverifiedValue]) -> [Unverified] {
            var byEntry: [String: Unverified] = [:]
            for v in before { byEntry[v.entryID] = Unverified(value: v, before: true, after: false) }
            for v in after {
                if let b = byEntry[v.entryID] {
                    byEntry[v.entryID] = Unverified(value: b.value.adding(years: v.fiscalYears), before: true, after: true)
                } else {
                    byEntry[v.entryID] = Unverified(value: v, before: false, after: true)
                }
            }
            return byEntry.values.sorted { UnverifiedValue.catalogueOrder($0.value, $1.value) }
        }
    }
}
