import KaiseiCore

/// Incomes (所得) from receipts: 給与所得, 公的年金等の雑所得, 所得金額調整控除, 合計所得金額.
extension ResidentTax {
    typealias K = ResidentTaxKeys

    /// 給与所得 (所得税法第28条, 別表第五 as 地方税法第32条第2項・第313条第2項 apply it).
    /// Below the table's upper bound the receipts are first rounded down to the table step,
    /// and the irregular first steps of 別表第五 are data.
    static func salaryIncome(_ receipts: Yen, _ q: ResidentTaxParameters) -> Yen {
        let from = q.salaryTableFrom, below = q.salaryTableBelow
        if receipts < from, let step = q.salaryTableSteps.amount(at: receipts) { return step }
        var a = receipts
        if a >= from && a < below { a = StatutoryRounding.salaryTableReceipts(a, step: q.salaryTableUnit) }
        return (a - q.salaryDeduction.evaluate(a)).clampedAtZero
    }

    /// 公的年金等に係る雑所得 (所得税法第35条第4項, 措置法第41条の15の3): the deduction by age on
    /// 31 December of the income year and, from FY2021, by the other income.
    static func pensionIncome(_ receipts: Yen, age: Int, otherIncome: Yen, _ q: ResidentTaxParameters) -> Yen {
        guard receipts > .zero else { return .zero }
        let table = (age >= q.agePensionElderly ? q.pension65 : q.pensionUnder65)
        for row in table where row.upto == nil || otherIncome <= row.upto! {
            for b in row.brackets where b.upto == nil || receipts <= b.upto! {
                // The deduction's fraction of a yen is taken in full: the income is rounded down.
                let deduction = receipts.times(b.rate, .up) + b.add
                return (receipts - deduction).clampedAtZero
            }
        }
        return .zero
    }

    struct Incomes {
        var salary: Yen
        var pension: Yen
        var adjustment: Yen
        var total: Yen
    }

    /// 合計所得金額 of a person: salary and pension incomes after 所得金額調整控除 (措置法第41条の3の3,
    /// from FY2021), plus business and other income; a loss offsets, the total never below zero.
    /// 所得金額調整控除 case 1 (措置法第41条の3の3第1項, 令和6年改正後は第41条の3の11): salary above
    /// the threshold and the person a 特別障害者, or with a 扶養親族 under 23, or with a 特別障害者
    /// who is a 同一生計配偶者 or 扶養親族 — a relative counts only within the income ceiling that
    /// makes them one. NHI asks the same, for its 総所得金額 is the resident tax's.
    public static func incomeAdjustmentCase1(salary: Yen, specialDisability: Bool, spouse: RelativeFacts?, dependants: [RelativeFacts],
                                             fiscalYear fy: Int, _ q: ResidentTaxParameters) -> Bool {
        guard let rule = q.incomeAdjustment, salary > rule.salaryFrom else { return false }
        if specialDisability { return true }
        let yearEnd = CivilDate(year: fy - 1, month: 12, day: 31)!
        if let s = spouse, s.disability == .special, relativeIncome(of: s, fiscalYear: fy, q) <= q.spouseIncomeCeiling { return true }
        return dependants.contains { d in
            guard relativeIncome(of: d, fiscalYear: fy, q) <= q.dependantIncomeCeiling else { return false }
            return d.disability == .special || yearEnd.age(bornOn: d.birthDate) < q.ageIncomeAdjustmentChildUnder
        }
    }

    static func incomes(_ i: IncomeFacts, birthDate: CivilDate, fiscalYear: Int, adjustmentCase1: Bool, _ q: ResidentTaxParameters) -> Incomes {
        let yearEnd = CivilDate(year: fiscalYear - 1, month: 12, day: 31)!
        let salary = salaryIncome(i.salary, q)
        let pension = pensionIncome(i.pension, age: yearEnd.age(bornOn: birthDate), otherIncome: (salary + i.business + i.other).clampedAtZero, q)
        var adjustment = Yen.zero
        if let rule = q.incomeAdjustment {
            let threshold = rule.salaryFrom
            if adjustmentCase1 && i.salary > threshold {
                let counted = min(i.salary, rule.salaryCap)
                adjustment += (counted - threshold).times(rule.rate, .up)
            }
            let cap = rule.pensionCap
            if salary > .zero && pension > .zero {
                adjustment += (min(salary - adjustment, cap) + min(pension, cap) - cap).clampedAtZero
            }
        }
        let salaryNet = (salary - adjustment).clampedAtZero
        let total = (salaryNet + pension + i.business + i.other).clampedAtZero
        return Incomes(salary: salaryNet, pension: pension, adjustment: adjustment, total: total)
    }

    /// 合計所得金額 of a relative (for the income ceilings of spouse and dependants).
    static func relativeIncome(of r: RelativeFacts, fiscalYear: Int, _ q: ResidentTaxParameters) -> Yen {
        if r.income == IncomeFacts() { return .zero }  // most spouses and children: nothing to compute
        return incomes(r.income, birthDate: r.birthDate, fiscalYear: fiscalYear, adjustmentCase1: false, q).total
    }
}
