import KaiseiCore

/// 所得控除 (地方税法第314条の2) and the 人的控除差 that 調整控除 and the furusato rate use.
extension ResidentTax {
    struct Deductions {
        var total: Yen = .zero
        /// Σ 人的控除差 (地方税法第314条の6, 附則第5条の4の6 for the furusato rate).
        var differences: Yen = .zero
        /// The 基礎控除's 5万 when no 基礎控除 is given (合計所得 over 2,500万): 第37条第1号イ, which
        /// the furusato 人的控除差調整額 reads (第37条の2第11項第1号), is "五万円に" the table's
        /// rows, whatever the income; only 調整控除 itself stops above 2,500万.
        var furusatoBasicDifference: Yen = .zero
        /// 同一生計配偶者 and 扶養親族 (all ages), for 非課税 and 定額減税.
        var familyCount: Int64 = 0
        /// 控除対象配偶者 and 扶養親族 (all ages) for 定額減税.
        var flatReductionCount: Int64 = 1
        /// What was applied, for the certificate (ResidentTaxResult).
        var applied: [AppliedDeduction] = []
        var spouse: SpouseDeduction?
        var dependants = DependantCounts()
    }

    static func deductions(_ f: TaxpayerFacts, totalIncome: Yen, fiscalYear fy: Int, _ q: ResidentTaxParameters, _ t: inout Trace) -> Deductions {
        var d = Deductions()
        let yearEnd = CivilDate(year: fy - 1, month: 12, day: 31)!
        let diff = K.adjustmentDifferences
        func add(_ label: String, _ amount: Yen, _ ref: String, _ key: String, difference: Yen) {
            guard amount > .zero else { return }
            d.total += amount
            d.applied.append(AppliedDeduction(name: label, amount: amount))
            d.differences += difference
            t.add(label, amount, ref, q, key)
        }
        for (label, amount) in [("社会保険料控除", f.socialInsurance), ("生命保険料控除", f.lifeInsurance),
                                ("地震保険料控除", f.earthquakeInsurance), ("医療費控除", f.medical), ("その他の所得控除", f.otherDeductions)]
            where amount > .zero {
            d.total += amount
            d.applied.append(AppliedDeduction(name: label, amount: amount))
            t.add(label, amount, "地方税法第314条の2第1項")
        }
        let basic = q.basic.evaluate(totalIncome)
        add("基礎控除", basic, "地方税法第314条の2第2項", K.basic, difference: q.diffBasic)
        if basic == .zero { d.furusatoBasicDifference = q.furusatoBasicDifferenceWithoutBasic }

        // Spouse: 配偶者控除 within the ceiling, 配偶者特別控除 above it.
        if let s = f.spouse {
            let si = relativeIncome(of: s, fiscalYear: fy, q)
            let elderly = yearEnd.age(bornOn: s.birthDate) >= q.ageElderly
            if si <= q.spouseIncomeCeiling {
                d.familyCount += 1
                let key = elderly ? K.spouseElderly : K.spouse
                let amount = (elderly ? q.spouseElderly : q.spouse).evaluate(totalIncome)
                if amount > .zero { d.flatReductionCount += 1; d.spouse = elderly ? .elderlySpouse : .spouse }
                add(elderly ? "配偶者控除 (老人)" : "配偶者控除", amount, "地方税法第314条の2第1項第9号", key,
                    difference: (elderly ? q.diffSpouseElderly : q.diffSpouse).evaluate(totalIncome))
                addDisability(of: s, &d, q, &t)
            } else if totalIncome <= q.spouseTaxpayerLimit {
                let amount = q.spouseSpecial.evaluate(select: totalIncome, at: si)
                // The 人的控除差 depends on both incomes (第314条の6第1号イ); the rules as adopted
                // before 2026-12-04 had only the ≤900万 column and gave 0 above it.
                let difference: Yen
                if amount == .zero { difference = .zero }
                else if !q.diffSpouseSpecialByTaxpayer.isEmpty { difference = q.diffSpouseSpecialByTaxpayer.evaluate(select: totalIncome, at: si) }
                else { difference = totalIncome <= q.spouse.firstBound ? q.diffSpouseSpecial.evaluate(si) : .zero }
                add("配偶者特別控除", amount, "地方税法第314条の2第1項第10号の2", K.spouseSpecial, difference: difference)
                if amount > .zero { d.spouse = .special }
            }
        }
        for dep in f.dependants {
            let di = relativeIncome(of: dep, fiscalYear: fy, q)
            let age = yearEnd.age(bornOn: dep.birthDate)
            if di <= q.dependantIncomeCeiling {
                d.familyCount += 1
                d.flatReductionCount += 1
                addDisability(of: dep, &d, q, &t)
                if age < q.ageDependantMinimum { d.dependants.young += 1; continue }  // 年少扶養親族: counted, no deduction (FY2012 onward)
                if q.ageSpecified.contains(age) {
                    d.dependants.specified += 1
                    add("扶養控除 (特定)", q.dependantSpecified, "地方税法第314条の2第1項第11号", K.dependantSpecified, difference: q.diffDependantSpecified)
                } else if age >= q.ageElderly && dep.cohabiting && dep.linealAscendant {
                    d.dependants.elderly += 1; d.dependants.cohabitingParents += 1
                    add("扶養控除 (同居老親等)", q.dependantCohabitingParent, "地方税法第314条の2第1項第11号, 附則第5条の2", K.dependantCohabitingParent, difference: q.diffDependantCohabitingParent)
                } else if age >= q.ageElderly {
                    d.dependants.elderly += 1
                    add("扶養控除 (老人)", q.dependantElderly, "地方税法第314条の2第1項第11号", K.dependantElderly, difference: q.diffDependantElderly)
                } else {
                    d.dependants.general += 1
                    add("扶養控除 (一般)", q.dependantGeneral, "地方税法第314条の2第1項第11号", K.dependantGeneral, difference: q.diffDependantGeneral)
                }
            } else if let specific = q.specificRelative, q.ageSpecified.contains(age) {
                // 特定親族特別控除 (FY2026): a student-age relative earning above the ceiling.
                add("特定親族特別控除", specific.evaluate(di), "地方税法第314条の2第1項第11号の2 (令和7年改正)", K.specificRelative, difference: .zero)
            }
        }
        switch f.disability {
        case .none: break
        case .general: add("障害者控除 (本人)", q.disabilityGeneral, "地方税法第314条の2第1項第6号", K.disabilityGeneral, difference: q.diffDisabilityGeneral)
        case .special: add("特別障害者控除 (本人)", q.disabilitySpecial, "地方税法第314条の2第1項第6号", K.disabilitySpecial, difference: q.diffDisabilitySpecial)
        }
        if totalIncome <= q.widowIncomeLimit {
            switch f.familyStatus {
            case .none: break
            case .widow: add("寡婦控除", q.widow, "地方税法第314条の2第1項第8号", K.widow, difference: q.diffWidow)
            case .singleParent:
                if let singleParent = q.singleParent {
                    add("ひとり親控除", singleParent, "地方税法第314条の2第1項第8号の2", K.singleParent,
                        difference: (f.female ? q.diffSingleParentMother : q.diffSingleParentFather))
                } else if f.female {
                    add("寡婦控除 (特別)", q.specialWidow ?? .zero, "地方税法第314条の2第1項第8号 (令和2年改正前), 附則第5条の5", K.specialWidow, difference: q.diffSpecialWidow)
                } else {
                    add("寡夫控除", q.widower ?? .zero, "地方税法第314条の2第1項第8号の2 (令和2年改正前)", K.widower, difference: q.diffWidower)
                }
            case .widower:
                let key = q.widower != nil ? K.widower : K.singleParent
                add("寡夫控除", q.widower ?? q.singleParent ?? .zero, "地方税法第314条の2第1項第8号の2 (令和2年改正前)", key, difference: q.diffWidower)
            case .specialWidow:
                let key = q.specialWidow != nil ? K.specialWidow : K.singleParent
                add("寡婦控除 (特別)", q.specialWidow ?? q.singleParent ?? .zero, "地方税法附則第5条の5 (令和2年改正前)", key, difference: q.diffSpecialWidow)
            }
        }
        if f.workingStudent && totalIncome <= q.workingStudentIncomeLimit {
            add("勤労学生控除", q.workingStudent, "地方税法第314条の2第1項第9号", K.workingStudent, difference: q.diffWorkingStudent)
        }
        return d
    }

    private static func addDisability(of r: RelativeFacts, _ d: inout Deductions, _ q: ResidentTaxParameters, _ t: inout Trace) {
        let (key, amount, difference, label): (String, Yen, Yen, String)
        switch (r.disability, r.cohabiting) {
        case (.none, _): return
        case (.general, _): (key, amount, difference, label) = (K.disabilityGeneral, q.disabilityGeneral, q.diffDisabilityGeneral, "障害者控除 (親族)")
        case (.special, true): (key, amount, difference, label) = (K.disabilitySpecialCohabiting, q.disabilitySpecialCohabiting, q.diffDisabilitySpecialCohabiting, "同居特別障害者控除")
        case (.special, false): (key, amount, difference, label) = (K.disabilitySpecial, q.disabilitySpecial, q.diffDisabilitySpecial, "特別障害者控除 (親族)")
        }
        d.total += amount
        d.differences += difference
        d.applied.append(AppliedDeduction(name: label, amount: amount))
        t.add(label, amount, "地方税法第314条の2第1項第6号", q, key)
    }
}

extension Array where Element == YenBracket {
    /// The first row's bound: for spouse tables, the taxpayer income up to which the full
    /// amount (and the 人的控除差 of 配偶者特別控除) applies.
    var firstBound: Yen { first?.upto ?? Yen(Int64.max) }
}
