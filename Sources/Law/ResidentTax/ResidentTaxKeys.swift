/// The resident tax's parameter keys, one constant each: the only place Swift spells them. Their
/// units, descriptions and the fiscal years the law requires them are in
/// `revisions/resident-tax/index.yaml`.
public enum ResidentTaxKeys {
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
    /// 人的控除差 of 配偶者特別控除 by the taxpayer's 合計所得 (row) and the spouse's (brackets):
    /// 第314条の6第1号イ gives 5万/4万/2万 and 3万/2万/1万 for ≤900万/≤950万/≤1,000万.
    public static let differenceSpouseSpecialByTaxpayer = "resident_tax.adjustment.difference.spouse_special_by_taxpayer"
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
    public static let furusatoIncomeTaxBasic = "resident_tax.furusato.income_tax_basic_deduction"
    public static let furusatoIncomeTaxBasicOffset = "resident_tax.furusato.income_tax_basic_offset"
    public static let furusatoBasicDifferenceWithoutBasic = "resident_tax.furusato.basic_difference_without_basic_deduction"
    public static let flatReductionPerPerson = "resident_tax.flat_reduction.per_person"
    public static let flatReductionIncomeLimit = "resident_tax.flat_reduction.income_limit"

    /// 人的控除差 (地方税法第314条の6) for each personal deduction, as `difference.<name>`.
    public static let differenceNames = [
        "basic",
        "dependant_general", "dependant_specified", "dependant_elderly", "dependant_cohabiting_parent",
        "disability_general", "disability_special", "disability_special_cohabiting",
        "widow", "special_widow", "widower", "single_parent_mother", "single_parent_father", "working_student",
    ]
    /// 人的控除差 of the spouse deductions, tables by income (`yen_brackets`), as `difference.<name>`.
    public static let differenceTableNames = ["spouse", "spouse_elderly", "spouse_special"]

    /// The key of one 人的控除差: `resident_tax.adjustment.difference.<name>`.
    public static func difference(_ name: String) -> String { adjustmentDifferences + name }

    /// The income rules NHI shares (給与所得, 公的年金等控除, 所得金額調整控除, and the ages they
    /// turn on): its 所得割 base and 軽減 are computed from incomes the resident tax's way.
    public static var incomeRules: [String] {
        let shared = ["resident_tax.salary.", "resident_tax.pension.", "resident_tax.income_adjustment.", "resident_tax.age."]
        return allKeys.filter { key in shared.contains { key.hasPrefix($0) } }
    }

    /// Every key above (`ParameterFolder.swiftKeys`; a test checks it equals the index).
    public static var allKeys: [String] {
        let named: [String] = [
            rateCity, ratePrefecture, perCapitaCity, perCapitaPrefecture,
            forestEnvironmentTax, salaryDeduction, salaryTableFrom, salaryTableBelow,
            salaryTableUnit, salaryTableSteps, pensionUnder65, pension65,
            incomeAdjustmentSalaryFrom, incomeAdjustmentSalaryCap, incomeAdjustmentRate, incomeAdjustmentPensionCap,
            basic, spouse, spouseElderly, spouseSpecial,
            spouseTaxpayerLimit, spouseIncomeCeiling, dependantGeneral, dependantSpecified,
            dependantElderly, dependantCohabitingParent, dependantIncomeCeiling, disabilityGeneral,
            disabilitySpecial, disabilitySpecialCohabiting, widow, widowIncomeLimit,
            singleParent, widower, specialWidow, workingStudent,
            workingStudentIncomeLimit, specificRelative, adjustmentThreshold, adjustmentRate,
            adjustmentMinimum, adjustmentCityShare, adjustmentIncomeCutoff, ntPerCapitaBase,
            ntPerCapitaDependantExtra, ntIncomeLevyBase, ntIncomeLevyDependantExtra, ntAddition,
            ntSpecialPersonLimit, ntMinorAge, furusatoFloor, furusatoIncomeCap,
            furusatoSpecialCap, furusatoSpecialRates, furusatoCityShare, furusatoOneStopFrom,
            furusatoOneStopMax, ageDependantMinimum, ageSpecifiedFrom, ageSpecifiedTo,
            ageElderly, agePensionElderly, ageIncomeAdjustmentChildUnder, furusatoSpecialBase,
            flatReductionPerPerson, flatReductionIncomeLimit, differenceSpouseSpecialByTaxpayer,
            furusatoIncomeTaxBasic, furusatoIncomeTaxBasicOffset, furusatoBasicDifferenceWithoutBasic,
        ]
        return named + (differenceNames + differenceTableNames).map(difference)
    }
}
