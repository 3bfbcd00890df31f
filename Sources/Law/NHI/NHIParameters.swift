import KaiseiCore

/// The parameters an NHI levy reads, resolved once per city and fiscal year into typed fields
/// (150,000 households a second needs no dictionary lookups or key strings per household), and
/// the resident tax's, whose income computation the 所得割 base uses.
public final class NHIParameters: Sendable {
    typealias K = NHIKeys
    public let set: ParameterSet
    let residentTax: ResidentTaxParameters
    struct Part: Sendable { let name: String; let rate: Fraction; let perCapita: Yen; let perHousehold: Yen; let cap: Yen }
    let parts: [Part]
    let baseDeduction, reductionBase, earnerAddition, fivePerPerson, twoPerPerson, pensionSpecialDeduction: Yen
    let fiveCountsHead: Bool
    let reductionRates: [RateStep]
    let pensionSpecialAge: Int
    let earnerSalaryOver, earnerPensionUnder65, earnerPension65: Yen?
    let preschool, unemploymentShare, specifiedReduction, continuingReduction: Fraction
    let careFrom, careUntil, specifiedMonths, continuingMonths: Int
    let childWaiverAge: Int?
    let preschoolAge: Int
    let unemploymentAgeUnder: Int
    let maternityFrom: CivilDate?
    /// 産前産後期間 (from FY2024 as the law requires it; nil when the rules asked have none).
    public let maternityWindow: MaternityWindow?

    /// 所得金額調整控除 case 1 applies to salaries above this (nil: no such rule in these rules):
    /// the family facts it looks at need building only for those.
    public var incomeAdjustmentSalaryFrom: Yen? { residentTax.incomeAdjustment?.salaryFrom }

    public init(_ s: ParameterSet) {
        set = s
        residentTax = ResidentTaxParameters(s)
        parts = K.parts.filter { s.has(K.incomeRate($0)) }.map {
            Part(name: $0, rate: s.rate(K.incomeRate($0)), perCapita: s.yen(K.perCapita($0)), perHousehold: s.yen(K.perHousehold($0)), cap: s.yen(K.cap($0)))
        }
        baseDeduction = s.yen(K.baseDeduction); reductionBase = s.yen(K.reductionBase); earnerAddition = s.yen(K.reductionEarnerAddition)
        fivePerPerson = s.yen(K.reductionFivePerPerson); twoPerPerson = s.yen(K.reductionTwoPerPerson)
        pensionSpecialDeduction = s.yen(K.pensionSpecialDeduction); pensionSpecialAge = Int(s.count(K.pensionSpecialAge))
        fiveCountsHead = s.flag(K.reductionFiveCountsHead); reductionRates = s.rateSteps(K.reductionRates)
        earnerSalaryOver = s.has(K.earnerSalaryOver) ? s.yen(K.earnerSalaryOver) : nil
        earnerPensionUnder65 = s.has(K.earnerPensionOverUnder65) ? s.yen(K.earnerPensionOverUnder65) : nil
        earnerPension65 = s.has(K.earnerPensionOver65) ? s.yen(K.earnerPensionOver65) : nil
        preschool = s.rate(K.preschoolReduction); unemploymentShare = s.rate(K.unemploymentSalaryShare)
        specifiedReduction = s.rate(K.specifiedReduction); continuingReduction = s.rate(K.continuingReduction)
        careFrom = Int(s.count(K.careAgeFrom)); careUntil = Int(s.count(K.careAgeUntil))
        specifiedMonths = Int(s.count(K.specifiedMonths)); continuingMonths = Int(s.count(K.continuingMonths))
        childWaiverAge = s.has(K.childWaiverAge) ? Int(s.count(K.childWaiverAge)) : nil
        preschoolAge = Int(s.count(K.preschoolAge))
        unemploymentAgeUnder = Int(s.count(K.unemploymentAgeUnder))
        maternityFrom = s.date(K.maternityFrom)
        // The window is the statute's (below); it applies once `nhi.maternity.from` is law.
        maternityWindow = s.has(K.maternityFrom) ? .statutory : nil
    }
}

/// 産前産後期間: the months around an expected delivery whose 所得割 and 均等割 are exempt: the
/// month before the expected month and four in all; for a multiple birth, three months before
/// and six in all (国民健康保険法施行令第29条の7の3, 令和5年政令第257号; 岡崎市
/// city.okazaki.lg.jp/1100/1107/1147/p039797.html). Held in the law layer, not the fold; it is
/// not yet a revision parameter because adding one with a past adoption date would change the
/// rule base as adopted then (and every certificate issued since): see docs/revisions.md.
public struct MaternityWindow: Sendable, Equatable {
    public static let statutory = MaternityWindow(monthsBefore: 1, months: 4, monthsBeforeMultiple: 3, monthsMultiple: 6)

    public let monthsBefore: Int
    public let months: Int
    public let monthsBeforeMultiple: Int
    public let monthsMultiple: Int

    /// The exempt months of a delivery expected in `expected`, in order.
    /// `exemptMonths(expected: 2024-05, multiple: false)` is 2024-04 … 2024-07.
    public func exemptMonths(expected: YearMonth, multiple: Bool) -> [YearMonth] {
        let first = expected.adding(months: -(multiple ? monthsBeforeMultiple : monthsBefore))
        return (0..<max(0, multiple ? monthsMultiple : months)).map { first.adding(months: $0) }
    }
}
