/// 国民健康保険料 (岡崎市) / 国民健康保険税 (豊橋市): one set of keys, each city's values as overlays.
public enum NHIKeys {
    static let all = 2013...2027
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

    static func s(_ key: String, _ unit: ParameterUnit, _ d: String, _ required: ClosedRange<Int>? = all) -> ParameterSpec {
        ParameterSpec(key: key, unit: unit, required: required, description: d)
    }

    static var specs: [ParameterSpec] {
        var out: [ParameterSpec] = []
        for p in parts {
            let years = p == "child" ? 2026...2027 : all
            out += [
                s(incomeRate(p), .rate, "所得割率 (\(p)), on 総所得金額等 − 基礎控除 (旧ただし書)", years),
                s(perCapita(p), .yen, "均等割 per member a year (\(p))", years),
                s(perHousehold(p), .yen, "平等割 per household a year (\(p))", years),
                s(cap(p), .yen, "賦課限度額 (\(p); 地方税法施行令第56条の88の2 / 国民健康保険法施行令第29条の7)", years),
            ]
        }
        out += [
            s(baseDeduction, .yen, "旧ただし書: 基礎控除 taken from 総所得金額等"),
            s(reductionBase, .yen, "軽減判定: the 7割 threshold (基礎控除額)"),
            s(reductionEarnerAddition, .yen, "軽減判定: added per 給与所得者等 beyond the first (FY2021 on; 0 before)"),
            s(reductionFivePerPerson, .yen, "軽減判定 5割: per 被保険者 (and 特定同一世帯所属者)"),
            s(reductionTwoPerPerson, .yen, "軽減判定 2割: per 被保険者 (and 特定同一世帯所属者)"),
            s(reductionFiveCountsHead, .flag, "軽減判定 5割: a head who is a member counts as a person"),
            s(reductionRates, .rateSteps, "軽減割合 by level (1 = 2割, 2 = 5割, 3 = 7割), as {from: level, rate}"),
            s(pensionSpecialDeduction, .yen, "軽減判定: 公的年金等所得 − this for those 65 or over"),
            s(pensionSpecialAge, .count, "軽減判定: the pension special deduction from this age (on 1 January)"),
            s(earnerSalaryOver, .yen, "給与所得者等: 給与収入 over this", 2021...2027),
            s(earnerPensionOverUnder65, .yen, "給与所得者等: 公的年金等収入 over this, under 65", 2021...2027),
            s(earnerPensionOver65, .yen, "給与所得者等: 公的年金等収入 over this, 65 or over", 2021...2027),
            s(preschoolReduction, .rate, "未就学児の均等割 reduction (after 軽減; 0 before FY2022)"),
            s(preschoolAge, .count, "未就学児: until the 31 March after this age (小学校就学の始期)"),
            s(careAgeFrom, .count, "介護納付金分: from the month of this age (第2号被保険者)"),
            s(careAgeUntil, .count, "介護納付金分: until the month before this age"),
            s(childWaiverAge, .count, "子ども・子育て支援金分: 均等割 waived until the 31 March after this age", 2026...2027),
            s(unemploymentSalaryShare, .rate, "非自発的失業者: 給与所得 counted at this share"),
            s(unemploymentAgeUnder, .count, "非自発的失業者: under this age on the day of leaving"),
            s(maternityFrom, .date, "産前産後: months from this one are exempt (所得割・均等割)", 2023...2027),
            s(form, .text, "料 (by ordinance) or 税 (国民健康保険税): the word each city uses"),
            s(specifiedReduction, .rate, "特定世帯: 平等割 (医療・支援) reduced by this"),
            s(specifiedMonths, .count, "特定世帯: for this many months after a member moved to 後期高齢者医療"),
            s(continuingReduction, .rate, "特定継続世帯: 平等割 reduced by this (FY2018 on)", 2018...2027),
            s(continuingMonths, .count, "特定継続世帯: for this many months after the 特定世帯 period", 2018...2027),
            s(instalments, .names, "納期 (普通徴収): due dates MM-DD, April–December in the fiscal year, January–March after"),
            s(instalmentUnit, .yen, "each instalment in whole multiples of this; the remainder goes to the first (地方税法第20条の4の2第6項)"),
        ]
        return out
    }
}
