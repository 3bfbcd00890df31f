import KaiseiCore

/// 個人住民税 (市町村民税 + 道府県民税) of one person for one fiscal year: the one entry point
/// from facts and parameters to an assessment. Pure: the same facts and parameter set give
/// the same yen and the same trace, on any machine.
public enum ResidentTax {
    /// Convenience for one-off computations; population runs build `ResidentTaxParameters` once.
    public static func assess(_ f: TaxpayerFacts, fiscalYear fy: Int, _ p: ParameterSet, explain: Bool = false) -> ResidentTaxResult {
        assess(f, fiscalYear: fy, ResidentTaxParameters(p), explain: explain)
    }

    public static func assess(_ f: TaxpayerFacts, fiscalYear fy: Int, _ q: ResidentTaxParameters, explain: Bool = false) -> ResidentTaxResult {
        var t = Trace(enabled: explain)
        var r = ResidentTaxResult()
        let yearEnd = CivilDate(year: fy - 1, month: 12, day: 31)!
        let jan1 = CivilDate(year: fy, month: 1, day: 1)!

        // 1. Incomes. 所得金額調整控除 case 1 asks about the family before deductions are known.
        let case1 = incomeAdjustmentCase1(salary: f.income.salary, specialDisability: f.disability == .special,
                                          spouse: f.spouse, dependants: f.dependants, fiscalYear: fy, q)
        let inc = incomes(f.income, birthDate: f.birthDate, fiscalYear: fy, adjustmentCase1: case1, q)
        if f.income.salary > .zero {
            t.add("給与収入", f.income.salary, "地方税法第317条の6第1項 (給与支払報告書), 第317条の2 (申告)")
            t.add("給与所得", salaryIncome(f.income.salary, q), "所得税法第28条・別表第五 (地方税法第32条第2項)", q, K.salaryDeduction)
        }
        if inc.adjustment > .zero { t.add("所得金額調整控除", inc.adjustment, "租税特別措置法第41条の3の3 (地方税法附則第3条の3の2)", q, K.incomeAdjustmentRate) }
        if f.income.pension > .zero {
            t.add("公的年金等の収入", f.income.pension, "地方税法第317条の6第4項 (公的年金等支払報告書), 第317条の2 (申告)")
            t.add("公的年金等に係る雑所得", inc.pension, "所得税法第35条第4項", q, yearEnd.age(bornOn: f.birthDate) >= q.agePensionElderly ? K.pension65 : K.pensionUnder65)
        }
        if f.income.business != .zero { t.add("事業所得", f.income.business, "地方税法第32条第2項") }
        if f.income.other != .zero { t.add("その他の所得", f.income.other, "地方税法第32条第2項") }
        r.totalIncome = inc.total
        t.add("合計所得金額 (総所得金額等)", inc.total, "地方税法第292条第1項第13号")

        // 2. Deductions and the taxable base.
        let d = deductions(f, totalIncome: inc.total, fiscalYear: fy, q, &t)
        t.add("所得控除の合計", d.total, "地方税法第314条の2")
        r.salaryIncome = f.income.salary > .zero ? salaryIncome(f.income.salary, q) : .zero
        r.totalDeductions = d.total
        r.deductions = d.applied
        r.spouseDeduction = d.spouse
        r.dependants = d.dependants
        r.taxableIncome = StatutoryRounding.taxBase(inc.total - d.total)
        t.add("課税総所得金額 (千円未満切捨て)", r.taxableIncome, "地方税法第314条の3, 第20条の4の2第1項")

        // 3. 非課税 (地方税法第295条, 附則第3条の3; 令第47条の3).
        let n = d.familyCount
        let minor = jan1.age(bornOn: f.birthDate) < Int(q.ntMinorAge)
        let specialPerson = f.disability != .none || minor || f.familyStatus != .none
        if specialPerson && inc.total <= q.ntSpecialPersonLimit {
            r.perCapitaExempt = true; r.incomeLevyExempt = true
            t.add("非課税 (障害者・未成年者・寡婦・ひとり親)", q.ntSpecialPersonLimit, "地方税法第295条第1項第2号", q, K.ntSpecialPersonLimit)
        }
        let perCapitaLimit = q.ntPerCapitaBase * (1 + n) + (n > 0 ? q.ntPerCapitaDependantExtra : .zero) + q.ntAddition
        if !r.perCapitaExempt && inc.total <= perCapitaLimit {
            r.perCapitaExempt = true; r.incomeLevyExempt = true
            t.add("均等割 非課税限度額", perCapitaLimit, "地方税法第295条第3項, 施行令第47条の3 (条例)", q, K.ntPerCapitaBase)
        }
        let incomeLevyLimit = q.ntIncomeLevyBase * (1 + n) + (n > 0 ? q.ntIncomeLevyDependantExtra : .zero) + q.ntAddition
        if !r.incomeLevyExempt && inc.total <= incomeLevyLimit {
            r.incomeLevyExempt = true
            t.add("所得割 非課税限度額", incomeLevyLimit, "地方税法附則第3条の3第4項", q, K.ntIncomeLevyBase)
        }

        // 4. 所得割, 調整控除, 税額控除.
        if !r.incomeLevyExempt {
            incomeLevy(f, inc: inc, d: d, fiscalYear: fy, q, &r, &t)
        }

        // 5. 均等割 and 森林環境税.
        if !r.perCapitaExempt {
            r.cityPerCapita = q.perCapitaCity
            r.prefecturePerCapita = q.perCapitaPrefecture
            r.forestEnvironmentTax = q.forestEnvironmentTax
            t.add("均等割 (市民税)", r.cityPerCapita, "地方税法第310条 (市税条例)", q, K.perCapitaCity)
            t.add("均等割 (県民税)", r.prefecturePerCapita, "地方税法第38条 (愛知県県税条例, あいち森と緑づくり税)", q, K.perCapitaPrefecture)
            if r.forestEnvironmentTax > .zero { t.add("森林環境税", r.forestEnvironmentTax, "森林環境税及び森林環境譲与税に関する法律第4条", q, K.forestEnvironmentTax) }
        }
        t.add("合計", r.total, "地方税法第41条第1項 (県民税は市民税と併せて賦課), 森林環境税及び森林環境譲与税に関する法律第7条第1項")
        r.steps = t.steps
        return r
    }
}
