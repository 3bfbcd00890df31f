import KaiseiCore

/// The months the law gives to declare and pay 法人市民税 and 事業所税, from
/// `revisions/corporate-tax/deadlines-fy2013.yaml`. They fix the 法定納期限 from which 延滞金
/// runs, so they are law data like any rate: a change (a 申告期限 moved by a revision of the
/// statute) comes as a revision with its date, and a period keeps the months of the fiscal year
/// it starts in.
public struct CorporateDeadlineRules: Sendable, Hashable {
    /// 確定申告 of 法人市民税: months after the 事業年度's end (第321条の8).
    public var finalMonths: Int
    /// 予定・中間申告: the months of the period they cover, then `finalMonths` to declare.
    public var interimPeriodMonths: Int
    /// 事業所税 of a 法人: months after the 事業年度's end (第701条の46第1項).
    public var officeTaxFinalMonths: Int
    /// 事業所税 of a 個人事業者: this month and day of the year after (第701条の47第1項).
    public var individualMonth: Int
    public var individualDay: Int
    /// …or within these months of the day the business ended, or of the proprietor's death.
    public var individualEndedMonths: Int
    public var individualDiedMonths: Int

    public init(finalMonths: Int, interimPeriodMonths: Int, officeTaxFinalMonths: Int, individualMonth: Int, individualDay: Int,
                individualEndedMonths: Int, individualDiedMonths: Int) {
        self.finalMonths = finalMonths; self.interimPeriodMonths = interimPeriodMonths; self.officeTaxFinalMonths = officeTaxFinalMonths
        self.individualMonth = individualMonth; self.individualDay = individualDay
        self.individualEndedMonths = individualEndedMonths; self.individualDiedMonths = individualDiedMonths
    }

    /// Reads the months of a fiscal year's rules; a missing or out-of-range one is refused (a
    /// month count of 0 or a 30 February would give a wrong 法定納期限 silently), the latter
    /// naming its value and range.
    public init(_ p: ParameterSet) throws(MissingParameter) {
        func months(_ key: String, _ range: ClosedRange<Int64> = 1...24) throws(MissingParameter) -> Int {
            let resolved = try p.required(key)
            guard case .count(let n) = resolved.value else {
                throw MissingParameter(key: key, city: p.city, fiscalYear: p.fiscalYear, asOf: p.asOf, problem: "is not a whole number (revision \(resolved.revision))")
            }
            guard range.contains(n) else {
                throw MissingParameter(key: key, city: p.city, fiscalYear: p.fiscalYear, asOf: p.asOf,
                                       problem: "is \(n), outside \(range.lowerBound)–\(range.upperBound) (revision \(resolved.revision))")
            }
            return Int(n)
        }
        finalMonths = try months(CorporateTaxKeys.finalMonths)
        interimPeriodMonths = try months(CorporateTaxKeys.interimPeriodMonths, 1...11)
        officeTaxFinalMonths = try months(OfficeTaxKeys.finalMonths)
        individualMonth = try months(OfficeTaxKeys.individualMonth, 1...12)
        // A day every month has, so the date exists in every year.
        individualDay = try months(OfficeTaxKeys.individualDay, 1...28)
        individualEndedMonths = try months(OfficeTaxKeys.individualEndedMonths)
        individualDiedMonths = try months(OfficeTaxKeys.individualDiedMonths)
    }
}
