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
        // Incomes of the year before, once per person: the resident tax's own computation.
        func incomes(_ p: NHIPerson) -> (total: Yen, pension: Yen) {
            let case1 = p.family.map { ResidentTax.incomeAdjustmentCase1(salary: p.income.salary, specialDisability: $0.specialDisability,
                                                                         spouse: $0.spouse, dependants: $0.dependants, fiscalYear: fy, rt) } ?? false
            let i = ResidentTax.incomes(p.income, birthDate: p.birthDate, fiscalYear: fy, adjustmentCase1: case1, rt)
            var total = i.total
            if i.salary > .zero, let left = p.involuntaryJobLoss, unemploymentApplies(left, p.birthDate, fy, q) {
                total = total - i.salary + i.salary.times(q.unemploymentShare, .down)
            }
            return (total, i.pension)
        }
        let memberIncomes = h.members.map { $0.income == IncomeFacts() ? (Yen.zero, Yen.zero) : incomes($0) }
        // 軽減判定 (地方税法第703条の5, 国民健康保険法施行令第29条の7第5項): the household as on the
        // 賦課期日, 1 April, or for a household insured from later in the year its first insured
        // month; a member who joins afterwards (a newborn in January) neither counts nor adds
        // income. Who was insured on that day is the caller's to say (`NHIPerson.judged`, from the
        // membership's dates); with months alone, the end of the first insured month stands in.
        let judged: [Int]
        if h.members.contains(where: { $0.judged != nil }) {
            judged = h.members.indices.filter { h.members[$0].judged == true }
        } else {
            let judgedMonth = h.members.reduce(UInt16(0)) { $0 | $1.months }.trailingZeroBitCount
            judged = h.members.indices.filter { judgedMonth < 12 && h.members[$0].months & (1 << UInt16(judgedMonth)) != 0 }
        }
        var judgeIncome = Yen.zero, earners = 0
        func judge(_ p: NHIPerson, _ inc: (total: Yen, pension: Yen)) {
            let age = yearEnd.age(bornOn: p.birthDate)
            var x = inc.total
            if age >= q.pensionSpecialAge { x = x - min(inc.pension, q.pensionSpecialDeduction) }
            judgeIncome += x.clampedAtZero
            if let salaryOver = q.earnerSalaryOver, let under65 = q.earnerPensionUnder65, let over65 = q.earnerPension65 {
                if p.income.salary > salaryOver || p.income.pension > (age >= q.pensionSpecialAge ? over65 : under65) { earners += 1 }
            }
        }
        for i in judged { judge(h.members[i], memberIncomes[i]) }
        // The 世帯主's income always counts; a head who joined after the judgement day is, on
        // that day, a head who is not insured (擬制世帯主): income, not a person.
        let headCounted = h.nonMemberHead == nil && judged.contains(0)
        if h.nonMemberHead == nil && !h.members.isEmpty && !headCounted { judge(h.members[0], memberIncomes[0]) }
        for p in (h.nonMemberHead.map { [$0] } ?? []) + h.formerMembers + h.judgedOnly { judge(p, incomes(p)) }
        let n = Int64(judged.count + h.formerMembers.count + h.judgedOnly.count)
        let nFive = n - (headCounted && !q.fiveCountsHead ? 1 : 0)
        let base = q.reductionBase + q.earnerAddition * Int64(max(0, earners - 1))
        var level = 0
        if judgeIncome <= base { level = 3 }
        else if judgeIncome <= base + q.fivePerPerson * nFive { level = 2 }
        else if judgeIncome <= base + q.twoPerPerson * n { level = 1 }
        let reduction = level == 0 ? Fraction.zero : (q.reductionRates.rate(at: Fraction(unreduced: Int64(level), 1)) ?? .zero)
        t.add("軽減判定所得 (世帯, 給与所得者等 \(earners)人, 被保険者等 \(n)人) → \(["軽減なし", "2割軽減", "5割軽減", "7割軽減"][level])", judgeIncome, "地方税法第703条の5", set: set, K.reductionBase)

        let preschoolCut = CivilDate(year: fy - q.preschoolAge, month: 4, day: 1)!
        let childCut = q.childWaiverAge.map { CivilDate(year: fy - $0, month: 4, day: 1)! }
        let maternityMask = q.maternityFrom.map { monthsFrom($0, fy) } ?? 0
        let levyBases = memberIncomes.map { ($0.0 - q.baseDeduction).clampedAtZero }
        var parts: [NHIPart] = []
        parts.reserveCapacity(q.parts.count)
        for part in q.parts {
            var incomeLevy = Yen.zero, perCapita = Yen.zero
            var householdMonths: UInt16 = 0
            let care = part.name == "care", child = part.name == "child"
            for (i, p) in h.members.enumerated() {
                var months = p.months
                if care { months &= careMonths(p.birthDate, fy, q.careFrom, q.careUntil) }
                householdMonths |= months
                let charged = Int64((months & ~(p.maternityMonths & maternityMask)).nonzeroBitCount)
                guard charged > 0 else { continue }
                if levyBases[i] > .zero { incomeLevy += levyBases[i].times(part.rate * Fraction(unreduced: charged, 12), .down) }
                var capita = charged == 12 ? part.perCapita : part.perCapita.times(Fraction(unreduced: charged, 12), .down)
                capita = capita - capita.times(reduction, .down)
                if p.birthDate > preschoolCut { capita = capita - capita.times(q.preschool, .down) }
                if child, let cut = childCut, p.birthDate > cut { capita = .zero }
                perCapita += capita
            }
            let hm = Int64(householdMonths.nonzeroBitCount)
            var perHousehold = hm == 12 ? part.perHousehold : part.perHousehold.times(Fraction(unreduced: hm, 12), .down)
            // 特定世帯 (½) and 特定継続世帯 (¼) for the 医療 and 支援 平等割, before 軽減.
            if part.name == "medical" || part.name == "support", h.members.count == 1, let since = h.monthsSinceElderlyTransfer {
                if since < q.specifiedMonths { perHousehold = perHousehold - perHousehold.times(q.specifiedReduction, .down) }
                else if since < q.specifiedMonths + q.continuingMonths { perHousehold = perHousehold - perHousehold.times(q.continuingReduction, .down) }
            }
            perHousehold = perHousehold - perHousehold.times(reduction, .down)
            let sum = incomeLevy + perCapita + perHousehold
            let amount = StatutoryRounding.taxAmount(min(sum, part.cap))
            parts.append(NHIPart(part: part.name, incomeLevy: incomeLevy, perCapita: perCapita, perHousehold: perHousehold, cap: part.cap, capped: sum > part.cap, amount: amount))
            t.add("\(part.name): 所得割 \(incomeLevy.grouped) + 均等割 \(perCapita.grouped) + 平等割 \(perHousehold.grouped)\(sum > part.cap ? " → 賦課限度額" : "")", amount,
                  "国民健康保険法第76条 / 地方税法第703条の4", set: set, sum > part.cap ? K.cap(part.name) : K.incomeRate(part.name))
        }
        return NHIResult(parts: parts, reductionLevel: level, steps: t.steps)
    }

    /// 非自発的失業: from the day after leaving (離職の日の翌日) to the end of the next fiscal year
    /// (国民健康保険法施行令第29条の7の2; olympus-kenpo.or.jp keigen: 離職の翌日から翌年度末まで),
    /// for those under the age limit on the day of leaving. A job left on 2024-03-15 is counted
    /// from March, in FY2023, so the period ends with FY2024 (until 2026-12-03 it was counted from
    /// the month after the month of leaving: April, FY2024 and FY2025).
    public static func unemploymentFirstYear(_ left: CivilDate) -> Int { left.adding(days: 1).fiscalYear }

    static func unemploymentApplies(_ left: CivilDate, _ birth: CivilDate, _ fy: Int, _ q: NHIParameters) -> Bool {
        let start = unemploymentFirstYear(left)
        return (fy == start || fy == start + 1) && left.age(bornOn: birth) < q.unemploymentAgeUnder
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
        let amounts = StatutoryRounding.instalments(total, count: dates.count, unit: set.yen(K.instalmentUnit))
        return Array(zip(dates, amounts)).map { (due: $0.0, amount: $0.1) }
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
