import KaiseiCore
import Law
import Replay

/// One taxpayer's amount of one tax under the two rule sets, with what a meeting needs to read
/// it: the status on each side (taxable or not, which reduction), the income the decile is taken
/// from, and the household type.
public struct SubjectChange: Sendable, Equatable {
    public let subject: String
    public let tax: LevyTax
    public let before: Yen
    public let after: Yen
    /// A short code per tax: resident tax `non_taxable` / `per_capita_only` / `taxable`; NHI
    /// `none` / `2割` / `5割` / `7割` (軽減); light vehicle the best basis among the owner's
    /// vehicles (`green_t75` …, `standard`, `surcharge`); property `exempt` / `taxable`.
    public let statusBefore: String
    public let statusAfter: String
    /// 収入 of the income year (calendar year before the fiscal year), the same on both sides so
    /// a subject stays in its decile: the person's, the NHI household's, the first owner's. nil
    /// when the subject has no resident record in the city.
    public let income: Yen?
    public let household: HouseholdType

    public var difference: Yen { after - before }
}

extension IncomeFacts {
    /// Gross receipts of every kind: a measure the rules being compared do not change.
    var gross: Yen { salary + pension + business + other }
}
