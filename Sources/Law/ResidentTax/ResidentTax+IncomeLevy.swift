import KaiseiCore

/// 所得割: the rates, 調整控除, 寄附金税額控除 (furusato), rounding, and 定額減税.
extension ResidentTax {
    static func incomeLevy(_ f: TaxpayerFacts, inc: Incomes, d: Deductions, fiscalYear fy: Int, _ q: ResidentTaxParameters,
                           _ r: inout ResidentTaxResult, _ t: inout Trace) {
        let taxable = r.taxableIncome
        var city = taxable.times(q.rateCity, .down)
        var pref = taxable.times(q.ratePrefecture, .down)
        t.add("算出所得割 (市民税)", city, "地方税法第314条の3", q, K.rateCity)
        t.add("算出所得割 (県民税)", pref, "地方税法第35条", q, K.ratePrefecture)

        // 調整控除 (地方税法第314条の6, 第37条): 5 % (市 3 / 県 2) of the 人的控除差, reduced above
        // the threshold, with a minimum; none above the FY2021 income cut-off.
        let cutoff = q.adjustmentIncomeCutoff ?? Yen(Int64.max)
        if inc.total <= cutoff {
            let threshold = q.adjustmentThreshold
            let rate = q.adjustmentRate, cityShare = q.adjustmentCityShare
            var cityAdj: Yen, prefAdj: Yen
            if taxable <= threshold {
                let base = min(d.differences, taxable)
                cityAdj = StatutoryRounding.credit(base, q.adjustmentCityRate)
                prefAdj = StatutoryRounding.credit(base, q.adjustmentPrefectureRate)
            } else {
                let base = d.differences - (taxable - threshold)
                let minimum = q.adjustmentMinimum
                if base.times(rate, .down) < minimum {
                    cityAdj = minimum.times(cityShare, .up)
                    prefAdj = minimum - cityAdj
                } else {
                    cityAdj = StatutoryRounding.credit(base, q.adjustmentCityRate)
                    prefAdj = StatutoryRounding.credit(base, q.adjustmentPrefectureRate)
                }
            }
            cityAdj = min(cityAdj, city); prefAdj = min(prefAdj, pref)
            city -= cityAdj; pref -= prefAdj
            t.add("人的控除差の合計", d.differences, "地方税法第314条の6第1号", q, K.differenceBasic)
            t.add("調整控除 (市民税)", cityAdj, "地方税法第314条の6", q, K.adjustmentRate)
            t.add("調整控除 (県民税)", prefAdj, "地方税法第37条", q, K.adjustmentRate)
        }
        r.incomeLevyBeforeCredits = city + pref
        let before = (city: city, pref: pref)

        // 寄附金税額控除 (地方税法第314条の7, 第37条の2) for donations of the income year.
        let personal = personalDifferenceAdjustment(d, totalIncome: inc.total, q)
        let special = specialRate(taxable: taxable, differences: personal.amount, q)
        let donations = f.donations.filter { $0.date.year == fy - 1 }
        let total = donations.reduce(Yen.zero) { $0 + $1.amount }
        let floor = q.furusatoFloor
        if total > floor {
            // The band's income is explained whenever it is not 課税総所得 − 人的控除差の合計.
            if let incomeTaxBasic = personal.incomeTaxBasic {
                t.add("所得税の基礎控除額 (前年分)", incomeTaxBasic, "所得税法第86条, 租税特別措置法第41条の16の2", q, K.furusatoIncomeTaxBasic)
                t.add("人的控除差調整額", personal.amount, "地方税法第314条の7第11項第1号, 第37条の2第11項第1号", q, K.furusatoIncomeTaxBasicOffset)
            } else if personal.amount != d.differences {
                t.add("人的控除差調整額", personal.amount, "地方税法第314条の7第11項第1号, 第37条第1号イ (基礎控除の差5万円)", q, K.furusatoBasicDifferenceWithoutBasic)
            }
            let counted = min(total, inc.total.times(q.furusatoIncomeCap, .down))
            let basicBase = (counted - floor).clampedAtZero
            let basicCity = StatutoryRounding.credit(basicBase, q.rateCity)
            let basicPref = StatutoryRounding.credit(basicBase, q.ratePrefecture)
            t.add("寄附金税額控除 基本控除 (市民税)", basicCity, "地方税法第314条の7第1項", q, K.furusatoIncomeCap)
            t.add("寄附金税額控除 基本控除 (県民税)", basicPref, "地方税法第37条の2第1項", q, K.furusatoIncomeCap)
            let specialBase = total - floor
            let cityShare = q.furusatoCityShare
            let cap = q.furusatoSpecialCap
            let specialCity = min(StatutoryRounding.credit(specialBase, special * cityShare), before.city.times(cap, .down))
            let specialPref = min(StatutoryRounding.credit(specialBase, special * (Fraction.one - cityShare)), before.pref.times(cap, .down))
            t.add("寄附金税額控除 特例控除 (市民税)", specialCity, "地方税法第314条の7第11項", q, K.furusatoSpecialRates)
            t.add("寄附金税額控除 特例控除 (県民税)", specialPref, "地方税法第37条の2第11項", q, K.furusatoSpecialRates)
            var oneStopCity = Yen.zero, oneStopPref = Yen.zero
            if oneStopApplies(f, donations, q), special < q.furusatoSpecialBase {
                // 申告特例控除 (附則第5条の6): the income-tax share handed to the resident tax,
                // (base − rate) / rate of the special credit.
                let b = q.furusatoSpecialBase
                let ratio = Fraction(unreduced: b.numerator * special.denominator - special.numerator * b.denominator, special.numerator * b.denominator)
                oneStopCity = StatutoryRounding.credit(specialCity, ratio)
                oneStopPref = StatutoryRounding.credit(specialPref, ratio)
                t.add("申告特例控除 (市民税)", oneStopCity, "地方税法附則第5条の6", q, K.furusatoOneStopFrom)
                t.add("申告特例控除 (県民税)", oneStopPref, "地方税法附則第5条の6", q, K.furusatoOneStopFrom)
            }
            city = (city - basicCity - specialCity - oneStopCity).clampedAtZero
            pref = (pref - basicPref - specialPref - oneStopPref).clampedAtZero
        }

        // 定額減税 (令和6年度, 地方税法附則第5条の8): after every other credit, at most the 所得割,
        // split in proportion with the prefecture's part rounded up (第2項). It is a credit like
        // the others, taken from the 所得割 before the 100-yen cut of the 確定金額 (第20条の4の2
        // 第3項); subtracting it after the cut left amounts that were not whole hundreds.
        let perPerson = q.flatReductionPerPerson
        if perPerson > .zero && inc.total <= q.flatReductionIncomeLimit && city + pref > .zero {
            let reduction = min(perPerson * d.flatReductionCount, city + pref)
            let prefPart = reduction.times(Fraction(unreduced: pref.amount, (city + pref).amount), .up)
            t.add("定額減税", reduction, "地方税法附則第5条の8, 第5条の9", q, K.flatReductionPerPerson)
            city -= reduction - prefPart
            pref -= prefPart
        }
        city = StatutoryRounding.taxAmount(city)
        pref = StatutoryRounding.taxAmount(pref)
        r.cityIncomeLevy = city
        r.prefectureIncomeLevy = pref
        t.add("所得割 (市民税, 百円未満切捨て)", city, "地方税法第20条の4の2第3項")
        t.add("所得割 (県民税, 百円未満切捨て)", pref, "地方税法第20条の4の2第3項")

        // ふるさと納税の上限 (総務省の目安): the donation whose 特例控除 exactly reaches its cap.
        if before.city + before.pref > .zero && special > .zero {
            let capped = (before.city + before.pref).times(q.furusatoSpecialCap, .down)
            r.furusatoLimit = capped.times(Fraction(unreduced: special.denominator, special.numerator), .down) + floor
        }
    }

    /// 人的控除差調整額 (地方税法第37条の2第11項第1号, 第314条の7第11項第1号): 第37条第1号イ's
    /// amount (the 基礎控除's 5万 and the table's rows) and, from FY2026, what the income tax's
    /// 基礎控除 gives above 48万: since 2025 it is 58万 and more (所得税法第86条, 措置法第41条の16の2)
    /// while the resident tax's stayed 43万, so the marginal income-tax rate is found on a
    /// smaller income than 課税総所得 − 5万.
    static func personalDifferenceAdjustment(_ d: Deductions, totalIncome: Yen, _ q: ResidentTaxParameters) -> (amount: Yen, incomeTaxBasic: Yen?) {
        let fromTable = d.differences + d.furusatoBasicDifference
        guard let table = q.furusatoIncomeTaxBasic, let offset = q.furusatoIncomeTaxBasicOffset else { return (fromTable, nil) }
        let incomeTaxBasic = table.evaluate(totalIncome)
        return (fromTable + (incomeTaxBasic - offset).clampedAtZero, incomeTaxBasic)
    }

    /// 特例控除の割合 (地方税法第314条の7第11項, 附則第5条の5): 90 % less the income-tax rate
    /// (× 1.021 while the reconstruction surtax lasts), chosen by 課税総所得金額 − 人的控除差調整額.
    static func specialRate(taxable: Yen, differences: Yen, _ q: ResidentTaxParameters) -> Fraction {
        q.furusatoSpecialRates.rate(at: taxable - differences)
    }

    /// The one-stop exception holds when every donation of the year was made on or after its
    /// start date with an application, to at most the permitted number of municipalities, and
    /// no return was filed.
    static func oneStopApplies(_ f: TaxpayerFacts, _ donations: [Donation], _ q: ResidentTaxParameters) -> Bool {
        guard !f.oneStopLapsed, !donations.isEmpty, let from = q.furusatoOneStopFrom else { return false }
        guard donations.allSatisfy({ $0.oneStop && $0.date >= from }) else { return false }
        return Set(donations.map(\.municipality)).count <= Int(q.furusatoOneStopMax)
    }
}
