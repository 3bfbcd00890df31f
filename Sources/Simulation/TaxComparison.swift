import KaiseiCore
import Replay

/// One city's one tax, before and after: the figures of the meeting's summary table.
public struct TaxComparison: Sendable {
    public let city: City
    public let tax: LevyTax
    public var revenueBefore = Yen.zero, revenueAfter = Yen.zero
    public var payersBefore = 0, payersAfter = 0
    /// Among subjects paying on either side.
    public var payMore = 0, payLess = 0, same = 0
    /// Threshold crossings: from nothing to something and back.
    public var becamePayer = 0, stoppedPaying = 0
    /// Status transitions (`from → to`, e.g. `7割 → 5割`, `non_taxable → taxable`), by count.
    public var statusChanges: [StatusChange] = []
    public var deciles: [GroupRow] = []
    public var householdTypes: [GroupRow] = []
    public var histogram: [HistogramBin] = []
    /// The largest changes by absolute amount (ties by subject id).
    public var largest: [SubjectChange] = []
    /// Subjects paying on either side whose income is not known in the city (no decile).
    public var withoutIncome = 0
    /// The values not yet confirmed by the cities that these figures read, on either side: each
    /// figure that depends on one is printed with a caveat.
    public var unverified: [Unverified] = []

    public var difference: Yen { revenueAfter - revenueBefore }

    public struct StatusChange: Sendable, Equatable { public let from: String, to: String, count: Int }

    /// A decile (label `1` … `10`, lowest income first) or a household type.
    public struct GroupRow: Sendable, Equatable {
        public let label: String
        public var incomeFrom: Yen? = nil, incomeTo: Yen? = nil
        public var subjects = 0
        public var before = Yen.zero, after = Yen.zero
        public var payMore = 0, payLess = 0
        public var difference: Yen { after - before }
        /// Mean change per subject in whole yen, truncated toward zero (a display figure, not a levy).
        public var meanChange: Yen { subjects == 0 ? .zero : Yen((after - before).amount / Int64(subjects)) }
    }

    public struct HistogramBin: Sendable, Equatable {
        public let label: String
        public let count: Int
    }

    /// Change bands in yen for the distribution chart: edges chosen for levies of a few
    /// thousand to a few hundred thousand yen.
    static let bands: [(label: String, upTo: Int64)] = [
        ("−10万円以下", -100_000), ("−10万〜−1万円", -10_000), ("−1万〜−1千円", -1_000), ("−1千円〜−1円", -1),
        ("変化なし", 0), ("+1円〜+1千円", 1_000), ("+1千〜+1万円", 10_000), ("+1万〜+10万円", 100_000), ("+10万円超", .max),
    ]

    public init(city: City, tax: LevyTax, changes: some Collection<SubjectChange>, top: Int = 20) {
        self.city = city; self.tax = tax
        var transitions: [String: Int] = [:]
        var bins = [Int](repeating: 0, count: Self.bands.count)
        var byType: [HouseholdType: GroupRow] = [:]
        var withIncome: [SubjectChange] = []
        for c in changes {
            revenueBefore += c.before; revenueAfter += c.after
            if c.before > .zero { payersBefore += 1 }
            if c.after > .zero { payersAfter += 1 }
            let d = c.difference.amount
            if d > 0 { payMore += 1 } else if d < 0 { payLess += 1 } else { same += 1 }
            if c.before == .zero && c.after > .zero { becamePayer += 1 }
            if c.before > .zero && c.after == .zero { stoppedPaying += 1 }
            if c.statusBefore != c.statusAfter { transitions["\(c.statusBefore)\u{1F}\(c.statusAfter)", default: 0] += 1 }
            bins[Self.bands.firstIndex { d <= $0.upTo }!] += 1
            var row = byType[c.household] ?? GroupRow(label: c.household.rawValue)
            row.add(c)
            byType[c.household] = row
            if c.income != nil { withIncome.append(c) } else { withoutIncome += 1 }
        }
        statusChanges = transitions.map { k, n in
            let p = k.split(separator: "\u{1F}", omittingEmptySubsequences: false)
            return StatusChange(from: String(p[0]), to: String(p[1]), count: n)
        }.sorted { ($0.count, $1.from, $1.to) > ($1.count, $0.from, $0.to) }
        histogram = zip(Self.bands, bins).map { HistogramBin(label: $0.0.label, count: $0.1) }
        householdTypes = HouseholdType.allCases.compactMap { byType[$0] }
        // Deciles by income, ties broken by subject id so the split never depends on order.
        withIncome.sort { ($0.income!, $0.subject) < ($1.income!, $1.subject) }
        let n = withIncome.count
        if n > 0 {
            deciles = (0..<10).compactMap { k in
                let lo = k * n / 10, hi = (k + 1) * n / 10
                guard lo < hi else { return nil }
                var row = GroupRow(label: String(k + 1), incomeFrom: withIncome[lo].income, incomeTo: withIncome[hi - 1].income)
                for c in withIncome[lo..<hi] { row.add(c) }
                return row
            }
        }
        largest = Array(changes.filter { $0.before != $0.after }
            .sorted { (abs($0.difference.amount), $1.subject) > (abs($1.difference.amount), $0.subject) }
            .prefix(top))
    }
}

extension TaxComparison.GroupRow {
    mutating func add(_ c: SubjectChange) {
        subjects += 1; before += c.before; after += c.after
        if c.after > c.before { payMore += 1 } else if c.after < c.before { payLess += 1 }
    }
}
