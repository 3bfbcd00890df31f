import KaiseiCore

/// 国民健康保険料・税: one household, one fiscal year. For each part (医療, 支援, 介護, and 子ども from
/// FY2026): 所得割 on the 旧ただし書 base, 均等割 per member and 平等割 per household, each by the
/// months insured; 7/5/2割 軽減 of 均等割 and 平等割, the 未就学児 halving, the 賦課限度額, and
/// each part rounded down to 100 yen.
public enum NHI {
    typealias K = NHIKeys

    public static func assess(_ h: NHIHousehold, fiscalYear fy: Int, _ set: ParameterSet, trace enabled: Bool = false) -> NHIResult {
        assess(h, fiscalYear: fy, NHIParameters(set), trace: enabled)
    }

    public static func assess(_ h: NHIHousehold, fiscalYear fy: Int, _ q: NHIParameters, trace enabled: Bool = false) -> NHIResult {
        var t = Trace(enabled: enabled)
        let rt = q.residentTax, set = q.set
        let yearEnd = CivilDate(year: fy - 1, month: 12, day: 31)!
        let unemploymentShare = set.rate(K.unemploymentSalaryShare)
        // Incomes of the year before: the resident tax's own computation.
        func incomes(_ p: NHIPerson) -> (total: Yen, pension: Yen) {
            let i = ResidentTax.incomes(p.income, birthDate: p.birthDate, fiscalYear: fy, adjustmentCase1: false, rt)
            var total = i.total
            if p.involuntaryUnemployment && i.salary > .zero { total = total - i.salary + i.salary.times(unemploymentShare, .down) }
            return (total, i.pension)
        }
        // 軽減判定 (地方税法第703条の5, 国民健康保険法施行令第29条の7第5項).
        let judged = h.members + (h.nonMemberHead.map { [$0] } ?? []) + h.formerMembers
        var judgeIncome = Yen.zero, earners = 0
        for p in judged {
            let (total, pension) = incomes(p)
            let age = yearEnd.age(bornOn: p.birthDate)
            var x = total
            if age >= Int(set.count(K.pensionSpecialAge)) { x = x - min(pension, set.yen(K.pensionSpecialDeduction)) }
            judgeIncome += x.clampedAtZero
            if set.has(K.earnerSalaryOver) {
                let over = age >= 65 ? set.yen(K.earnerPensionOver65) : set.yen(K.earnerPensionOverUnder65)
                if p.income.salary > set.yen(K.earnerSalaryOver) || p.income.pension > over { earners += 1 }
            }
        }
        let n = Int64(h.members.count + h.formerMembers.count)
        let nFive = n - (h.nonMemberHead == nil && !set.flag(K.reductionFiveCountsHead) ? 1 : 0)
        let base = set.yen(K.reductionBase) + set.yen(K.reductionEarnerAddition) * Int64(max(0, earners - 1))
        var level = 0
        if judgeIncome <= base { level = 3 }
        else if judgeIncome <= base + set.yen(K.reductionFivePerPerson) * nFive { level = 2 }
        else if judgeIncome <= base + set.yen(K.reductionTwoPerPerson) * n { level = 1 }
        let reduction = set.rateSteps(K.reductionRates).rate(at: Fraction(Int64(level), 1)) ?? .zero
        t.add("軽減判定所得 (世帯, 給与所得者等 \(earners)人, 被保険者等 \(n)人) → \(["軽減なし", "2割軽減", "5割軽減", "7割軽減"][level])", judgeIncome, "地方税法第703条の5", set: set, K.reductionBase)

        let maternityFrom = set.date(K.maternityFrom)
        let careFrom = Int(set.count(K.careAgeFrom)), careUntil = Int(set.count(K.careAgeUntil))
        let preschoolCut = CivilDate(year: fy - 6, month: 4, day: 1)!
        let childCut = set.has(K.childWaiverAge) ? CivilDate(year: fy - Int(set.count(K.childWaiverAge)), month: 4, day: 1)! : nil
        let preschool = set.rate(K.preschoolReduction)
        let deduction = set.yen(K.baseDeduction)
        var parts: [NHIPart] = []
        for part in K.parts where set.has(K.incomeRate(part)) {
            let rate = set.rate(K.incomeRate(part)), perCapitaYear = set.yen(K.perCapita(part)), perHouseholdYear = set.yen(K.perHousehold(part))
            var incomeLevy = Yen.zero, perCapita = Yen.zero
            var householdMonths: UInt16 = 0
            for p in h.members {
                var months = p.months
                if part == "care" { months &= careMonths(p.birthDate, fy, careFrom, careUntil) }
                householdMonths |= months
                var exempt: UInt16 = 0
                if let from = maternityFrom { exempt = p.maternityMonths & monthsFrom(from, fy) }
                let charged = Int64((months & ~exempt).nonzeroBitCount)
                guard charged > 0 else { continue }
                let levyBase = (incomes(p).total - deduction).clampedAtZero
                incomeLevy += levyBase.times(rate * Fraction(unreduced: charged, 12), .down)
                var capita = perCapitaYear.times(Fraction(unreduced: charged, 12), .down)
                capita = capita - capita.times(reduction, .down)
                if p.birthDate > preschoolCut { capita = capita - capita.times(preschool, .down) }
                if part == "child", let cut = childCut, p.birthDate > cut { capita = .zero }
                perCapita += capita
            }
            var perHousehold = perHouseholdYear.times(Fraction(unreduced: Int64(householdMonths.nonzeroBitCount), 12), .down)
            // 特定世帯 (½) and 特定継続世帯 (¼) for the 医療 and 支援 平等割, before 軽減.
            if part == "medical" || part == "support", h.members.count == 1, let since = h.monthsSinceElderlyTransfer {
                let first = Int(set.count(K.specifiedMonths)), next = Int(set.count(K.continuingMonths))
                if since < first { perHousehold = perHousehold - perHousehold.times(set.rate(K.specifiedReduction), .down) }
                else if since < first + next { perHousehold = perHousehold - perHousehold.times(set.rate(K.continuingReduction), .down) }
            }
            perHousehold = perHousehold - perHousehold.times(reduction, .down)
            let sum = incomeLevy + perCapita + perHousehold
            let cap = set.yen(K.cap(part))
            let amount = StatutoryRounding.taxAmount(min(sum, cap))
            parts.append(NHIPart(part: part, incomeLevy: incomeLevy, perCapita: perCapita, perHousehold: perHousehold, capped: sum > cap, amount: amount))
            t.add("\(part): 所得割 \(incomeLevy.grouped) + 均等割 \(perCapita.grouped) + 平等割 \(perHousehold.grouped)\(sum > cap ? " → 賦課限度額" : "")", amount,
                  "国民健康保険法第76条 / 地方税法第703条の4", set: set, sum > cap ? K.cap(part) : K.incomeRate(part))
        }
        return NHIResult(parts: parts, reductionLevel: level, steps: t.steps)
    }

    /// The year's levy split over the 納期: equal instalments in whole units, the remainder
    /// with the first.
    public static func instalments(_ total: Yen, fiscalYear fy: Int, _ set: ParameterSet) -> [(due: CivilDate, amount: Yen)] {
        let dates = set.names(K.instalments).compactMap { md -> CivilDate? in
            let parts = md.split(separator: "-").compactMap { Int($0) }
            guard parts.count == 2 else { return nil }
            return CivilDate(year: parts[0] >= 4 ? fy : fy + 1, month: parts[0], day: parts[1])
        }
        guard !dates.isEmpty else { return [] }
        let unit = max(1, set.yen(K.instalmentUnit).amount), n = Int64(dates.count)
        let each = total.amount / n / unit * unit
        return dates.enumerated().map { (i, d) in (d, Yen(i == 0 ? total.amount - each * (n - 1) : each)) }
    }

    /// Months (bit 0 = April) in which a person is a 介護保険第2号被保険者: from the month of the
    /// day before the 40th birthday to the month before that of the day before the 65th.
    static func careMonths(_ birth: CivilDate, _ fy: Int, _ from: Int, _ until: Int) -> UInt16 {
        func monthIndex(_ d: CivilDate) -> Int { (d.year - fy) * 12 + d.month - 4 }
        // 年齢到達日 is the day before the birthday (年齢計算ニ関スル法律); 29 February counts as 1 March.
        func dayBefore(_ years: Int) -> CivilDate {
            (CivilDate(year: birth.year + years, month: birth.month, day: birth.day) ?? CivilDate(year: birth.year + years, month: 3, day: 1)!).adding(days: -1)
        }
        let start = monthIndex(dayBefore(from)), end = monthIndex(dayBefore(until))
        return NHIPerson.months(from: start, untilBefore: end)
    }

    static func monthsFrom(_ d: CivilDate, _ fy: Int) -> UInt16 {
        NHIPerson.months(from: (d.year - fy) * 12 + d.month - 4)
    }
}
