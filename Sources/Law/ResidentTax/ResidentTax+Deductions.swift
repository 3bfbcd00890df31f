import KaiseiCore

/// 所得控除 (地方税法第314条の2) and the 人的控除差 that 調整控除 and the furusato rate use.
extension ResidentTax {
    struct Deductions {
        var total: Yen = .zero
        /// Σ 人的控除差 (地方税法第314条の6, 附則第5条の4の6 for the furusato rate).
        var differences: Yen = .zero
        /// 同一生計配偶者 and 扶養親族 (all ages), for 非課税 and 定額減税.
        var familyCount: Int64 = 0
        /// 控除対象配偶者 and 扶養親族 (all ages) for 定額減税.
        var flatReductionCount: Int64 = 1
    }

    static func deductions(_ f: TaxpayerFacts, totalIncome: Yen, fiscalYear fy: Int, _ p: ParameterSet, _ t: inout Trace) -> Deductions {
        var d = Deductions()
        let yearEnd = CivilDate(year: fy - 1, month: 12, day: 31)!
        let diff = K.adjustmentDifferences
        func add(_ label: String, _ amount: Yen, _ ref: String, _ key: String, difference: Yen) {
            guard amount > .zero else { return }
            d.total += amount
            d.differences += difference
            t.add(label, amount, ref, p, key)
        }
        for (label, amount) in [("社会保険料控除", f.socialInsurance), ("生命保険料控除", f.lifeInsurance),
                                ("地震保険料控除", f.earthquakeInsurance), ("医療費控除", f.medical), ("その他の所得控除", f.otherDeductions)]
            where amount > .zero {
            d.total += amount
            t.add(label, amount, "地方税法第314条の2第1項")
        }
        add("基礎控除", p.brackets(K.basic).evaluate(totalIncome), "地方税法第314条の2第2項", K.basic, difference: p.yen(diff + "basic"))

        // Spouse: 配偶者控除 within the ceiling, 配偶者特別控除 above it.
        if let s = f.spouse {
            let si = relativeIncome(of: s, fiscalYear: fy, p)
            let elderly = yearEnd.age(bornOn: s.birthDate) >= 70
            if si <= p.yen(K.spouseIncomeCeiling) {
                d.familyCount += 1
                let key = elderly ? K.spouseElderly : K.spouse
                let amount = p.brackets(key).evaluate(totalIncome)
                if amount > .zero { d.flatReductionCount += 1 }
                add(elderly ? "配偶者控除 (老人)" : "配偶者控除", amount, "地方税法第314条の2第1項第9号", key,
                    difference: p.brackets(diff + (elderly ? "spouse_elderly" : "spouse")).evaluate(totalIncome))
                addDisability(of: s, &d, p, &t)
            } else if totalIncome <= p.yen(K.spouseTaxpayerLimit) {
                let amount = p.matrix(K.spouseSpecial).evaluate(select: totalIncome, at: si)
                add("配偶者特別控除", amount, "地方税法第314条の2第1項第10号の2", K.spouseSpecial,
                    difference: amount > .zero && totalIncome <= p.brackets(K.spouse).firstBound ? p.brackets(diff + "spouse_special").evaluate(si) : .zero)
            }
        }
        for dep in f.dependants {
            let di = relativeIncome(of: dep, fiscalYear: fy, p)
            let age = yearEnd.age(bornOn: dep.birthDate)
            if di <= p.yen(K.dependantIncomeCeiling) {
                d.familyCount += 1
                d.flatReductionCount += 1
                addDisability(of: dep, &d, p, &t)
                if age < 16 { continue }  // 年少扶養親族: counted, no deduction (FY2012 onward)
                if (19...22).contains(age) {
                    add("扶養控除 (特定)", p.yen(K.dependantSpecified), "地方税法第314条の2第1項第11号", K.dependantSpecified, difference: p.yen(diff + "dependant_specified"))
                } else if age >= 70 && dep.cohabiting && dep.linealAscendant {
                    add("扶養控除 (同居老親等)", p.yen(K.dependantCohabitingParent), "地方税法第314条の2第1項第11号, 附則第5条の2", K.dependantCohabitingParent, difference: p.yen(diff + "dependant_cohabiting_parent"))
                } else if age >= 70 {
                    add("扶養控除 (老人)", p.yen(K.dependantElderly), "地方税法第314条の2第1項第11号", K.dependantElderly, difference: p.yen(diff + "dependant_elderly"))
                } else {
                    add("扶養控除 (一般)", p.yen(K.dependantGeneral), "地方税法第314条の2第1項第11号", K.dependantGeneral, difference: p.yen(diff + "dependant_general"))
                }
            } else if p.has(K.specificRelative) && (19...22).contains(age) {
                // 特定親族特別控除 (FY2026): a student-age relative earning above the ceiling.
                add("特定親族特別控除", p.brackets(K.specificRelative).evaluate(di), "地方税法第314条の2第1項第11号の2 (令和7年改正)", K.specificRelative, difference: .zero)
            }
        }
        switch f.disability {
        case .none: break
        case .general: add("障害者控除 (本人)", p.yen(K.disabilityGeneral), "地方税法第314条の2第1項第6号", K.disabilityGeneral, difference: p.yen(diff + "disability_general"))
        case .special: add("特別障害者控除 (本人)", p.yen(K.disabilitySpecial), "地方税法第314条の2第1項第6号", K.disabilitySpecial, difference: p.yen(diff + "disability_special"))
        }
        if totalIncome <= p.yen(K.widowIncomeLimit) {
            switch f.familyStatus {
            case .none: break
            case .widow: add("寡婦控除", p.yen(K.widow), "地方税法第314条の2第1項第8号", K.widow, difference: p.yen(diff + "widow"))
            case .singleParent:
                if p.has(K.singleParent) {
                    add("ひとり親控除", p.yen(K.singleParent), "地方税法第314条の2第1項第8号の2", K.singleParent,
                        difference: p.yen(diff + (f.female ? "single_parent_mother" : "single_parent_father")))
                } else if f.female {
                    add("寡婦控除 (特別)", p.yen(K.specialWidow), "地方税法第314条の2第1項第8号 (令和2年改正前), 附則第5条の5", K.specialWidow, difference: p.yen(diff + "special_widow"))
                } else {
                    add("寡夫控除", p.yen(K.widower), "地方税法第314条の2第1項第8号の2 (令和2年改正前)", K.widower, difference: p.yen(diff + "widower"))
                }
            case .widower:
                let key = p.has(K.widower) ? K.widower : K.singleParent
                add("寡夫控除", p.yen(key), "地方税法第314条の2第1項第8号の2 (令和2年改正前)", key, difference: p.yen(diff + "widower"))
            case .specialWidow:
                let key = p.has(K.specialWidow) ? K.specialWidow : K.singleParent
                add("寡婦控除 (特別)", p.yen(key), "地方税法附則第5条の5 (令和2年改正前)", key, difference: p.yen(diff + "special_widow"))
            }
        }
        if f.workingStudent && totalIncome <= p.yen(K.workingStudentIncomeLimit) {
            add("勤労学生控除", p.yen(K.workingStudent), "地方税法第314条の2第1項第9号", K.workingStudent, difference: p.yen(diff + "working_student"))
        }
        return d
    }

    private static func addDisability(of r: RelativeFacts, _ d: inout Deductions, _ p: ParameterSet, _ t: inout Trace) {
        let diff = K.adjustmentDifferences
        let (key, dkey, label): (String, String, String)
        switch (r.disability, r.cohabiting) {
        case (.none, _): return
        case (.general, _): (key, dkey, label) = (K.disabilityGeneral, "disability_general", "障害者控除 (親族)")
        case (.special, true): (key, dkey, label) = (K.disabilitySpecialCohabiting, "disability_special_cohabiting", "同居特別障害者控除")
        case (.special, false): (key, dkey, label) = (K.disabilitySpecial, "disability_special", "特別障害者控除 (親族)")
        }
        d.total += p.yen(key)
        d.differences += p.yen(diff + dkey)
        t.add(label, p.yen(key), "地方税法第314条の2第1項第6号", p, key)
    }
}

extension Array where Element == YenBracket {
    /// The first row's bound: for spouse tables, the taxpayer income up to which the full
    /// amount (and the 人的控除差 of 配偶者特別控除) applies.
    var firstBound: Yen { first?.upto ?? Yen(Int64.max) }
}
