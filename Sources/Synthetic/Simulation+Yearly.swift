import KaiseiCore
import KaiseiEvents

extension Simulation {
    // MARK: Incomes of the previous year, declared January to March

    /// Salary grows a little each year; the factor is per mille.
    func salary(_ p: CityModel.Person, incomeYear: Int) -> Int64 {
        let a = incomeYear - p.birth.year
        if p.partTime && a >= 20 && a < 65 { return tables.income.part_time_salary * p.salaryFactor / 1000 / 1000 * 1000 }
        let base = tables.income.median_salary_by_age.yen(at: a)
        let grown = base * Int64(1000 + tables.income.salary_growth_per_year_permille * (incomeYear - 2012)) / 1000
        return grown * p.salaryFactor / 1000 / 1000 * 1000
    }

    func employed(_ p: CityModel.Person, incomeYear: Int, _ rng: inout SplitMix) -> Bool {
        rng.chance(tables.income.employment_rate_by_age.rate(at: incomeYear - p.birth.year))
    }

    mutating func declareIncomes(_ m: inout CityModel, _ rng: inout SplitMix, _ sink: inout EventSink) {
        let incomeYear = year - 1
        for i in m.people.indices where m.people[i].resident {
            let p = m.people[i]
            let a = incomeYear - p.birth.year
            guard a >= 15 else { continue }
            var fields: [String: FieldValue] = ["income_year": .int(Int64(incomeYear))]
            var any = false
            if employed(p, incomeYear: incomeYear, &rng) { fields["salary"] = .int(salary(p, incomeYear: incomeYear)); any = true }
            if a >= 65 {
                fields["pension"] = .int(tables.income.median_pension_65 * p.salaryFactor / 1000 / 1000 * 1000); any = true
            }
            var source = 0 // 給与支払報告書
            if p.business && a >= 20 {
                fields["business_income"] = .int(tables.income.median_business_income * p.salaryFactor / 1000 / 1000 * 1000 - (rng.chance(0.1) ? 3_000_000 : 0))
                source = 1; any = true // 確定申告
            } else if fields["salary"] == nil && any {
                source = 2 // 住民税申告 (pension only)
            }
            guard any else { continue }
            fields["source"] = .int(Int64(source))
            m.people[i].remember(CityModel.Declaration(incomeYear: incomeYear, kind: source == 1 ? .business : source == 2 ? .pension : .salary,
                                                       salary: fields["salary"]?.int, pension: fields["pension"]?.int,
                                                       businessIncome: fields["business_income"]?.int))
            let valid = source == 0 ? date(1, 31) : date(3, 15)
            let recorded = at(source == 0 ? date(1, 15 + rng.below(14)) : date(2, 16 + rng.below(12)), &rng)
            sink.emit(m.city, m.personId(i), .incomeDeclared, valid: valid, recorded: recorded, fields)
            if case .int(let s)? = fields["salary"], s > 0 {
                sink.emit(m.city, m.personId(i), .deductionsDeclared, valid: valid, recorded: recorded,
                          ["income_year": .int(Int64(incomeYear)), "social_insurance": .int(s * Int64(tables.income.social_insurance_percent) / 100),
                           "life_insurance": .int(Int64(rng.below(3)) * 14_000)])
            }
        }
    }

    // MARK: ふるさと納税 of the previous year: notices arrive in January, returns void one-stop in March

    mutating func donations(_ m: inout CityModel, _ rng: inout SplitMix, _ sink: inout EventSink) {
        let incomeYear = year - 1
        let t = tables.furusato
        let share = t.donor_share_2013 + (t.donor_share_2027 - t.donor_share_2013) * Double(incomeYear - 2012) / Double(2027 - 2013)
        let towns = ["北海道紋別市", "宮崎県都城市", "北海道根室市", "大阪府泉佐野市", "静岡県焼津市", "北海道白糠町", "山形県寒河江市"]
        for i in m.people.indices where m.people[i].resident {
            let p = m.people[i]
            guard incomeYear - p.birth.year >= 25, rng.chance(share) else { continue }
            let n = 1 + rng.below(t.max_donations)
            let oneStop = incomeYear >= 2015 && n <= 5 && rng.chance(t.one_stop_share)
            for k in 0..<n {
                let day = CivilDate(year: incomeYear, month: oneStop ? 4 + rng.below(9) : 1 + rng.below(12), day: 1 + rng.below(28))!
                sink.emit(m.city, m.personId(i), .furusatoDonationMade, valid: day, recorded: at(date(1, 10 + rng.below(20)), &rng),
                          ["amount": .int(Int64(1 + rng.below(10)) * 10_000), "receiving_municipality": .text(towns[(k + rng.below(towns.count)) % towns.count]),
                           "one_stop": .bool(oneStop)])
            }
            if oneStop && rng.chance(t.lapse_share) {
                sink.emit(m.city, m.personId(i), .oneStopExceptionLapsed, valid: date(3, 10), recorded: at(date(3, 10 + rng.below(15)), &rng),
                          ["income_year": .int(Int64(incomeYear)), "reason": .int(0)])
            }
        }
    }

    // MARK: 更正: corrections of an income two years back, arriving late with an early valid date

    /// A 税務署 更正 of a declared income: the income the declaration was about (a 確定申告's
    /// business income, a 住民税申告's pension, a 給与支払報告書's salary) moves by 1–6 % up or
    /// down; the other incomes stay as declared, since the correction supersedes the whole
    /// declaration (`IncomeCorrected`). Only a declared, non-zero income is corrected.
    mutating func corrections(_ m: inout CityModel, _ rng: inout SplitMix, _ sink: inout EventSink) {
        guard year >= 2015 else { return }
        let incomeYear = year - 2
        for i in m.people.indices where m.people[i].resident && rng.chance(tables.income.correction_share) {
            guard let declared = m.people[i].declaration(of: incomeYear) else { continue }
            let permille = Int64(10 + rng.below(51)) * (rng.chance(0.5) ? 1 : -1)
            var fields: [String: FieldValue] = ["income_year": .int(Int64(incomeYear)), "reason": .text("税務署からの更正通知")]
            if let s = declared.salary { fields["salary"] = .int(s) }
            if let p = declared.pension { fields["pension"] = .int(p) }
            if let b = declared.businessIncome { fields["business_income"] = .int(b) }
            let (field, amount) = declared.correctable
            guard amount != 0 else { continue }
            fields[field] = .int(corrected(amount, permille: permille))
            sink.emit(m.city, m.personId(i), .incomeCorrected, valid: CivilDate(year: incomeYear + 1, month: 3, day: 15)!,
                      recorded: at(date(4 + rng.below(8), 1 + rng.below(28)), &rng), fields)
        }
    }

    /// An income moved up (`permille` > 0) or down by `permille` of its size, to the thousand yen:
    /// by at least 1,000 yen, and never to zero (a gross receipt stays positive; a business
    /// income may stay a loss).
    func corrected(_ amount: Int64, permille: Int64) -> Int64 {
        var change = abs(amount) * permille / 1000 / 1000 * 1000
        if change == 0 { change = permille > 0 ? 1000 : -1000 }
        return amount + change == 0 ? amount - change : amount + change
    }
}
