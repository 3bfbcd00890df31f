/// Every parameter the calculators read. A revision file may set only these keys, in these
/// units; the coverage ranges say where a value must exist for every city.
public enum ParameterCatalogue {
    /// The fiscal years Kaisei covers.
    public static let years: ClosedRange<Int> = 2013...2027

    public static let all: [ParameterSpec] = ResidentTaxKeys.specs + LightVehicleKeys.specs + FixedAssetKeys.specs + NHIKeys.specs + NationalPensionKeys.specs + CertificateKeys.specs
    public static let keys: Set<String> = Set(all.map(\.key))

    static let byKey: [String: ParameterSpec] = Dictionary(uniqueKeysWithValues: all.map { ($0.key, $0) })
    public static func spec(_ key: String) -> ParameterSpec? { byKey[key] }
}

/// The resident tax's parameter keys, one constant each so code never spells a key twice.
public enum ResidentTaxKeys {
    static let all = ParameterCatalogue.years
    static func s(_ key: String, _ unit: ParameterUnit, _ d: String, _ required: ClosedRange<Int>? = all) -> ParameterSpec {
        ParameterSpec(key: key, unit: unit, required: required, description: d)
    }

    public static let rateCity = "resident_tax.rate.city"
    public static let ratePrefecture = "resident_tax.rate.prefecture"
    public static let perCapitaCity = "resident_tax.per_capita.city"
    public static let perCapitaPrefecture = "resident_tax.per_capita.prefecture"
    public static let forestEnvironmentTax = "resident_tax.forest_environment_tax"
    public static let salaryDeduction = "resident_tax.salary.deduction"
    public static let salaryTableFrom = "resident_tax.salary.table_rounding_from"
    public static let salaryTableBelow = "resident_tax.salary.table_rounding_below"
    public static let salaryTableUnit = "resident_tax.salary.table_rounding_unit"
    public static let salaryTableSteps = "resident_tax.salary.table_steps"
    public static let pensionUnder65 = "resident_tax.pension.deduction_under_65"
    public static let pension65 = "resident_tax.pension.deduction_65_and_over"
    public static let incomeAdjustmentSalaryFrom = "resident_tax.income_adjustment.salary_threshold"
    public static let incomeAdjustmentSalaryCap = "resident_tax.income_adjustment.salary_cap"
    public static let incomeAdjustmentRate = "resident_tax.income_adjustment.rate"
    public static let incomeAdjustmentPensionCap = "resident_tax.income_adjustment.salary_pension_cap"
    public static let basic = "resident_tax.deduction.basic"
    public static let spouse = "resident_tax.deduction.spouse"
    public static let spouseElderly = "resident_tax.deduction.spouse_elderly"
    public static let spouseSpecial = "resident_tax.deduction.spouse_special"
    public static let spouseTaxpayerLimit = "resident_tax.deduction.spouse_taxpayer_income_limit"
    public static let spouseIncomeCeiling = "resident_tax.deduction.spouse_income_ceiling"
    public static let dependantGeneral = "resident_tax.deduction.dependant_general"
    public static let dependantSpecified = "resident_tax.deduction.dependant_specified"
    public static let dependantElderly = "resident_tax.deduction.dependant_elderly"
    public static let dependantCohabitingParent = "resident_tax.deduction.dependant_cohabiting_parent"
    public static let dependantIncomeCeiling = "resident_tax.deduction.dependant_income_ceiling"
    public static let disabilityGeneral = "resident_tax.deduction.disability_general"
    public static let disabilitySpecial = "resident_tax.deduction.disability_special"
    public static let disabilitySpecialCohabiting = "resident_tax.deduction.disability_special_cohabiting"
    public static let widow = "resident_tax.deduction.widow"
    public static let widowIncomeLimit = "resident_tax.deduction.widow_income_limit"
    public static let singleParent = "resident_tax.deduction.single_parent"
    public static let widower = "resident_tax.deduction.widower"
    public static let specialWidow = "resident_tax.deduction.special_widow"
    public static let workingStudent = "resident_tax.deduction.working_student"
    public static let workingStudentIncomeLimit = "resident_tax.deduction.working_student_income_limit"
    public static let specificRelative = "resident_tax.deduction.specific_relative"
    public static let adjustmentDifferences = "resident_tax.adjustment.difference."
    public static let differenceBasic = "resident_tax.adjustment.difference.basic"
    public static let adjustmentThreshold = "resident_tax.adjustment.threshold"
    public static let adjustmentRate = "resident_tax.adjustment.rate"
    public static let adjustmentMinimum = "resident_tax.adjustment.minimum"
    public static let adjustmentCityShare = "resident_tax.adjustment.city_share"
    public static let adjustmentIncomeCutoff = "resident_tax.adjustment.income_cutoff"
    public static let ntPerCapitaBase = "resident_tax.non_taxable.per_capita_base"
    public static let ntPerCapitaDependantExtra = "resident_tax.non_taxable.per_capita_dependant_extra"
    public static let ntIncomeLevyBase = "resident_tax.non_taxable.income_levy_base"
    public static let ntIncomeLevyDependantExtra = "resident_tax.non_taxable.income_levy_dependant_extra"
    public static let ntAddition = "resident_tax.non_taxable.addition"
    public static let ntSpecialPersonLimit = "resident_tax.non_taxable.special_person_limit"
    public static let ntMinorAge = "resident_tax.non_taxable.minor_age"
    public static let furusatoFloor = "resident_tax.furusato.floor"
    public static let furusatoIncomeCap = "resident_tax.furusato.income_cap_rate"
    public static let furusatoSpecialCap = "resident_tax.furusato.special_cap_rate"
    public static let furusatoSpecialRates = "resident_tax.furusato.special_rate_table"
    public static let furusatoCityShare = "resident_tax.furusato.special_city_share"
    public static let furusatoOneStopFrom = "resident_tax.furusato.one_stop_from"
    public static let furusatoOneStopMax = "resident_tax.furusato.one_stop_max_municipalities"
    public static let ageDependantMinimum = "resident_tax.age.dependant_minimum"
    public static let ageSpecifiedFrom = "resident_tax.age.specified_dependant_from"
    public static let ageSpecifiedTo = "resident_tax.age.specified_dependant_to"
    public static let ageElderly = "resident_tax.age.elderly"
    public static let agePensionElderly = "resident_tax.age.pension_elderly"
    public static let ageIncomeAdjustmentChildUnder = "resident_tax.age.income_adjustment_child_under"
    public static let furusatoSpecialBase = "resident_tax.furusato.special_base_rate"
    public static let flatReductionPerPerson = "resident_tax.flat_reduction.per_person"
    public static let flatReductionIncomeLimit = "resident_tax.flat_reduction.income_limit"

    /// 人的控除差 (地方税法第314条の6) for each personal deduction, as `difference.<name>`.
    public static let differenceNames = [
        "basic",
        "dependant_general", "dependant_specified", "dependant_elderly", "dependant_cohabiting_parent",
        "disability_general", "disability_special", "disability_special_cohabiting",
        "widow", "special_widow", "widower", "single_parent_mother", "single_parent_father", "working_student",
    ]

    static var specs: [ParameterSpec] {
        var out: [ParameterSpec] = [
            s(rateCity, .rate, "所得割の税率 (市町村民税)"),
            s(ratePrefecture, .rate, "所得割の税率 (道府県民税)"),
            s(perCapitaCity, .yen, "均等割 (市町村民税), with any surcharge in force"),
            s(perCapitaPrefecture, .yen, "均等割 (道府県民税), with あいち森と緑づくり税 and any surcharge"),
            s(forestEnvironmentTax, .yen, "森林環境税 (national, collected with 均等割)"),
            s(salaryDeduction, .yenBrackets, "給与所得控除 as a function of 給与収入"),
            s(salaryTableFrom, .yen, "receipts from which 所得税法別表第五 rounds to the table unit"),
            s(salaryTableBelow, .yen, "receipts below which 別表第五 applies"),
            s(salaryTableUnit, .yen, "別表第五 step"),
            s(salaryTableSteps, .yenSteps, "別表第五's irregular first steps: 給与所得 for receipts from each bound"),
            s(pensionUnder65, .yenMatrix, "公的年金等控除 under 65, by other income (column) and pension receipts (row)"),
            s(pension65, .yenMatrix, "公的年金等控除 at 65 or over, by other income (column) and pension receipts (row)"),
            s(incomeAdjustmentSalaryFrom, .yen, "所得金額調整控除 (子ども・特別障害者等): salary above which it applies", 2021...2027),
            s(incomeAdjustmentSalaryCap, .yen, "所得金額調整控除: salary counted at most", 2021...2027),
            s(incomeAdjustmentRate, .rate, "所得金額調整控除: rate", 2021...2027),
            s(incomeAdjustmentPensionCap, .yen, "所得金額調整控除 (給与と年金): each income counted at most", 2021...2027),
            s(basic, .yenBrackets, "基礎控除 by 合計所得金額"),
            s(spouse, .yenBrackets, "配偶者控除 (一般) by the taxpayer's 合計所得金額"),
            s(spouseElderly, .yenBrackets, "配偶者控除 (老人) by the taxpayer's 合計所得金額"),
            s(spouseSpecial, .yenMatrix, "配偶者特別控除: taxpayer's income (column), spouse's income (row)"),
            s(spouseTaxpayerLimit, .yen, "taxpayer 合計所得 above which no 配偶者特別控除"),
            s(spouseIncomeCeiling, .yen, "控除対象配偶者 / 同一生計配偶者: the spouse's 合計所得 at most"),
            s(dependantGeneral, .yen, "扶養控除 (一般)"),
            s(dependantSpecified, .yen, "扶養控除 (特定扶養親族, 19–22)"),
            s(dependantElderly, .yen, "扶養控除 (老人扶養親族, 70+)"),
            s(dependantCohabitingParent, .yen, "扶養控除 (同居老親等)"),
            s(dependantIncomeCeiling, .yen, "扶養親族: the dependant's 合計所得 at most"),
            s(disabilityGeneral, .yen, "障害者控除"),
            s(disabilitySpecial, .yen, "特別障害者控除"),
            s(disabilitySpecialCohabiting, .yen, "同居特別障害者控除"),
            s(widow, .yen, "寡婦控除"),
            s(widowIncomeLimit, .yen, "寡婦 / ひとり親: the taxpayer's 合計所得 at most"),
            s(singleParent, .yen, "ひとり親控除", 2021...2027),
            s(widower, .yen, "寡夫控除 (until FY2020)", 2013...2020),
            s(specialWidow, .yen, "特別寡婦控除 (until FY2020)", 2013...2020),
            s(workingStudent, .yen, "勤労学生控除"),
            s(workingStudentIncomeLimit, .yen, "勤労学生: 合計所得 at most"),
            s(specificRelative, .yenBrackets, "特定親族特別控除 by the relative's 合計所得", 2026...2027),
            s(adjustmentThreshold, .yen, "調整控除: 合計課税所得 above which the difference is reduced"),
            s(adjustmentRate, .rate, "調整控除: rate (市 + 県)"),
            s(adjustmentMinimum, .yen, "調整控除: minimum when 合計課税所得 exceeds the threshold"),
            s(adjustmentCityShare, .rate, "調整控除: the city's share"),
            s(adjustmentIncomeCutoff, .yen, "調整控除: none above this 合計所得", 2021...2027),
            s(ntPerCapitaBase, .yen, "均等割 非課税限度: base per person (級地)"),
            s(ntPerCapitaDependantExtra, .yen, "均等割 非課税限度: added when there are dependants"),
            s(ntIncomeLevyBase, .yen, "所得割 非課税限度: base per person"),
            s(ntIncomeLevyDependantExtra, .yen, "所得割 非課税限度: added when there are dependants"),
            s(ntAddition, .yen, "非課税限度: the FY2021 addition (0 before)"),
            s(ntSpecialPersonLimit, .yen, "障害者・未成年者・寡婦・ひとり親 非課税: 合計所得 at most"),
            s(ntMinorAge, .count, "未成年者: under this age on 1 January"),
            s(furusatoFloor, .yen, "寄附金税額控除: the amount borne by the donor (適用下限額)"),
            s(furusatoIncomeCap, .rate, "寄附金税額控除 基本控除: donations counted up to this share of 総所得金額等"),
            s(furusatoSpecialCap, .rate, "特例控除: at most this share of 所得割 (after 調整控除)"),
            s(furusatoSpecialRates, .rateBrackets, "特例控除の割合 by 課税総所得金額 − 人的控除差調整額"),
            s(furusatoCityShare, .rate, "特例控除 and 申告特例控除: the city's share"),
            s(furusatoOneStopFrom, .date, "申告特例 (one-stop) applies to donations from this date"),
            s(furusatoOneStopMax, .count, "申告特例: at most this many municipalities"),
            s(ageDependantMinimum, .count, "扶養控除: dependants of at least this age (on 31 December) give a deduction"),
            s(ageSpecifiedFrom, .count, "特定扶養親族: from this age"),
            s(ageSpecifiedTo, .count, "特定扶養親族 (and 特定親族特別控除): up to this age"),
            s(ageElderly, .count, "老人控除対象配偶者・老人扶養親族: from this age"),
            s(agePensionElderly, .count, "公的年金等控除: the 65-and-over table from this age"),
            s(ageIncomeAdjustmentChildUnder, .count, "所得金額調整控除: a dependant under this age qualifies", 2021...2027),
            s(furusatoSpecialBase, .rate, "特例控除の割合: the base from which the income-tax rate is subtracted (90%)"),
            s(flatReductionPerPerson, .yen, "定額減税 per qualifying person (FY2024; 0 otherwise)"),
            s(flatReductionIncomeLimit, .yen, "定額減税: 合計所得 at most", 2024...2024),
        ]
        for name in differenceNames {
            out.append(s(adjustmentDifferences + name, .yen, "人的控除差: \(name)"))
        }
        out.append(s(adjustmentDifferences + "spouse", .yenBrackets, "人的控除差: 配偶者控除 (一般) by the taxpayer's 合計所得"))
        out.append(s(adjustmentDifferences + "spouse_elderly", .yenBrackets, "人的控除差: 配偶者控除 (老人) by the taxpayer's 合計所得"))
        out.append(s(adjustmentDifferences + "spouse_special", .yenBrackets, "人的控除差: 配偶者特別控除 by the spouse's 合計所得"))
        return out
    }
}

/// The words each city prints on its certificates.
public enum CertificateKeys {
    public static let issuer = "certificate.issuer"
    public static func title(_ kind: String) -> String { "certificate.title.\(kind.replacingOccurrences(of: "-", with: "_"))" }
    public static let kinds = ["income", "non-taxation", "tax-payment", "vehicle-inspection"]
    public static let purposeNote = "certificate.vehicle_inspection.note"
    static var specs: [ParameterSpec] {
        [ParameterSpec(key: issuer, unit: .text, required: ParameterCatalogue.years, description: "証明者 (the mayor's title as printed)"),
         ParameterSpec(key: purposeNote, unit: .text, required: ParameterCatalogue.years, description: "継続検査用: the note on its use")]
        + kinds.map { ParameterSpec(key: title($0), unit: .text, required: ParameterCatalogue.years, description: "the title of the \($0) certificate") }
    }
}
