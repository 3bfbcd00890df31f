/// 国民健康保険料 (岡崎市) / 国民健康保険税 (豊橋市): one set of keys, each city's values as overlays.
/// Units, descriptions and the years the law requires each: `revisions/nhi/index.yaml`.
public enum NHIKeys {
    /// Every NHI key starts so (the 国民年金 keys filed beside them in `nhi/` do not).
    public static let prefix = "nhi."
    /// 医療分, 後期高齢者支援金分, 介護納付金分, and 子ども・子育て支援金分 (from FY2026).
    public static let parts = ["medical", "support", "care", "child"]
    public static func incomeRate(_ part: String) -> String { "nhi.\(part).income_rate" }
    public static func perCapita(_ part: String) -> String { "nhi.\(part).per_capita" }
    public static func perHousehold(_ part: String) -> String { "nhi.\(part).per_household" }
    public static func cap(_ part: String) -> String { "nhi.\(part).cap" }
    public static let baseDeduction = "nhi.base_deduction"
    public static let reductionBase = "nhi.reduction.base"
    public static let reductionEarnerAddition = "nhi.reduction.earner_addition"
    public static let reductionFivePerPerson = "nhi.reduction.five_per_person"
    public static let reductionTwoPerPerson = "nhi.reduction.two_per_person"
    public static let reductionFiveCountsHead = "nhi.reduction.five_counts_head"
    public static let reductionRates = "nhi.reduction.rates"
    public static let pensionSpecialDeduction = "nhi.reduction.pension_special_deduction"
    public static let pensionSpecialAge = "nhi.reduction.pension_special_age"
    public static let earnerSalaryOver = "nhi.reduction.earner_salary_over"
    public static let earnerPensionOverUnder65 = "nhi.reduction.earner_pension_over_under_65"
    public static let earnerPensionOver65 = "nhi.reduction.earner_pension_over_65"
    public static let preschoolReduction = "nhi.preschool_reduction"
    public static let careAgeFrom = "nhi.age.care_from"
    public static let careAgeUntil = "nhi.age.care_until"
    public static let childWaiverAge = "nhi.age.child_waiver_until"
    public static let preschoolAge = "nhi.age.preschool_until"
    public static let unemploymentSalaryShare = "nhi.unemployment.salary_share"
    public static let unemploymentAgeUnder = "nhi.unemployment.age_under"
    public static let maternityFrom = "nhi.maternity.from"
    public static let form = "nhi.form"
    public static let instalments = "nhi.instalments"
    public static let specifiedReduction = "nhi.specified_household.reduction"
    public static let specifiedMonths = "nhi.specified_household.months"
    public static let continuingReduction = "nhi.specified_continuing.reduction"
    public static let continuingMonths = "nhi.specified_continuing.months"
    public static let instalmentUnit = "nhi.instalment_unit"

    /// Every key above, for every part (`ParameterFolder.swiftKeys`; a test checks it equals the index).
    public static var allKeys: [String] {
        let perPart: [String] = parts.flatMap { [incomeRate($0), perCapita($0), perHousehold($0), cap($0)] }
        return perPart + [
            baseDeduction, reductionBase, reductionEarnerAddition, reductionFivePerPerson,
            reductionTwoPerPerson, reductionFiveCountsHead, reductionRates, pensionSpecialDeduction,
            pensionSpecialAge, earnerSalaryOver, earnerPensionOverUnder65, earnerPensionOver65,
            preschoolReduction, careAgeFrom, careAgeUntil, childWaiverAge,
            preschoolAge, unemploymentSalaryShare, unemploymentAgeUnder, maternityFrom,
            form, instalments, specifiedReduction, specifiedMonths,
            continuingReduction, continuingMonths, instalmentUnit,
        ]
    }
}

extension NationalPensionKeys {
    /// Every 国民年金 key (`ParameterFolder.swiftKeys`; declared in `revisions/nhi/index.yaml`).
    public static var allKeys: [String] { [monthlyPremium] + kinds.map(dueShare) }
}
