import KaiseiCore

/// The resident tax's parameters for one city and fiscal year, resolved once from a
/// `ParameterSet` into typed fields, so the calculator reads plain values on the hot path
/// (a million persons a second needs no dictionary lookups). `set` keeps the provenance for
/// traces. A class, so the population loop shares one instance instead of copying ~40 table
/// buffers (and their reference counts) per person. Generated from `ResidentTaxKeys`.
public final class ResidentTaxParameters: Sendable {
    typealias K = ResidentTaxKeys
    public let set: ParameterSet
    public let rateCity: Fraction
    public let ratePrefecture: Fraction
    public let perCapitaCity: Yen
    public let perCapitaPrefecture: Yen
    public let forestEnvironmentTax: Yen
    public let salaryDeduction: [YenBracket]
    public let salaryTableFrom: Yen
    public let salaryTableBelow: Yen
    public let salaryTableUnit: Yen
    public let salaryTableSteps: [YenStep]
    public let pensionUnder65: [YenMatrixRow]
    public let pension65: [YenMatrixRow]
    /// 所得金額調整控除 (措置法第41条の3の3, from FY2021); nil in the years the law has none.
    public let incomeAdjustment: IncomeAdjustment?
    public let basic: [YenBracket]
    public let spouse: [YenBracket]
    public let spouseElderly: [YenBracket]
    public let spouseSpecial: [YenMatrixRow]
    public let spouseTaxpayerLimit: Yen
    public let spouseIncomeCeiling: Yen
    public let dependantGeneral: Yen
    public let dependantSpecified: Yen
    public let dependantElderly: Yen
    public let dependantCohabitingParent: Yen
    public let dependantIncomeCeiling: Yen
    public let disabilityGeneral: Yen
    public let disabilitySpecial: Yen
    public let disabilitySpecialCohabiting: Yen
    public let widow: Yen
    public let widowIncomeLimit: Yen
    /// ひとり親控除 (FY2021 on); nil before.
    public let singleParent: Yen?
    /// 寡夫控除 and the 特別の寡婦 addition (until FY2020); nil after.
    public let widower: Yen?
    public let specialWidow: Yen?
    public let workingStudent: Yen
    public let workingStudentIncomeLimit: Yen
    /// 特定親族特別控除 (FY2026 on); nil before.
    public let specificRelative: [YenBracket]?
    public let adjustmentThreshold: Yen
    public let adjustmentRate: Fraction
    public let adjustmentMinimum: Yen
    public let adjustmentCityShare: Fraction
    /// 調整控除 only up to this 合計所得金額 (FY2021 on); nil before (no cut-off).
    public let adjustmentIncomeCutoff: Yen?
    public let ntPerCapitaBase: Yen
    public let ntPerCapitaDependantExtra: Yen
    public let ntIncomeLevyBase: Yen
    public let ntIncomeLevyDependantExtra: Yen
    public let ntAddition: Yen
    public let ntSpecialPersonLimit: Yen
    public let ntMinorAge: Int64
    public let furusatoFloor: Yen
    public let furusatoIncomeCap: Fraction
    public let furusatoSpecialCap: Fraction
    public let furusatoSpecialRates: [RateBracket]
    public let furusatoCityShare: Fraction
    public let furusatoOneStopFrom: CivilDate?
    /// 所得税の基礎控除額 by 合計所得 and the 48万 it is compared with: from FY2026 their
    /// difference is part of the furusato 人的控除差調整額 (nil in the rules before).
    public let furusatoIncomeTaxBasic: [YenBracket]?
    public let furusatoIncomeTaxBasicOffset: Yen?
    /// The 基礎控除's 人的控除差 counted in the furusato 人的控除差調整額 when no 基礎控除 is given
    /// (合計所得 over 2,500万); 0 in the rules as adopted before 2026-12-04 14:30 JST.
    public let furusatoBasicDifferenceWithoutBasic: Yen
    public let furusatoOneStopMax: Int64
    public let flatReductionPerPerson: Yen
    public let flatReductionIncomeLimit: Yen
    public let diffBasic: Yen
    public let diffDependantGeneral: Yen
    public let diffDependantSpecified: Yen
    public let diffDependantElderly: Yen
    public let diffDependantCohabitingParent: Yen
    public let diffDisabilityGeneral: Yen
    public let diffDisabilitySpecial: Yen
    public let diffDisabilitySpecialCohabiting: Yen
    public let diffWidow: Yen
    public let diffSpecialWidow: Yen
    public let diffWidower: Yen
    public let diffSingleParentMother: Yen
    public let diffSingleParentFather: Yen
    public let diffWorkingStudent: Yen
    public let diffSpouse: [YenBracket]
    public let diffSpouseElderly: [YenBracket]
    public let diffSpouseSpecial: [YenBracket]
    /// By the taxpayer's income too, where adopted (empty before: the old reading, see Deductions).
    public let diffSpouseSpecialByTaxpayer: [YenMatrixRow]

    /// Statutory ages (on 31 December of the income year) and the furusato base rate.
    public let ageDependantMinimum: Int
    public let ageSpecified: ClosedRange<Int>
    public let ageElderly: Int
    public let agePensionElderly: Int
    public let ageIncomeAdjustmentChildUnder: Int
    public let furusatoSpecialBase: Fraction

    /// Products used per person, computed once: 調整控除 shares of 市 and 県.
    public let adjustmentCityRate: Fraction
    public let adjustmentPrefectureRate: Fraction

    public init(_ p: ParameterSet) {
        set = p
        ageDependantMinimum = Int(p.count(K.ageDependantMinimum))
        ageSpecified = Int(p.count(K.ageSpecifiedFrom))...max(Int(p.count(K.ageSpecifiedFrom)), Int(p.count(K.ageSpecifiedTo)))
        ageElderly = Int(p.count(K.ageElderly))
        agePensionElderly = Int(p.count(K.agePensionElderly))
        ageIncomeAdjustmentChildUnder = Int(p.count(K.ageIncomeAdjustmentChildUnder))
        furusatoSpecialBase = p.rate(K.furusatoSpecialBase)
        let adjRate = p.rate(K.adjustmentRate), adjShare = p.rate(K.adjustmentCityShare)
        adjustmentCityRate = adjRate * adjShare
        adjustmentPrefectureRate = adjRate * (Fraction.one - adjShare)
        rateCity = p.rate(K.rateCity)
        ratePrefecture = p.rate(K.ratePrefecture)
        perCapitaCity = p.yen(K.perCapitaCity)
        perCapitaPrefecture = p.yen(K.perCapitaPrefecture)
        forestEnvironmentTax = p.yen(K.forestEnvironmentTax)
        salaryDeduction = p.brackets(K.salaryDeduction)
        salaryTableFrom = p.yen(K.salaryTableFrom)
        salaryTableBelow = p.yen(K.salaryTableBelow)
        salaryTableUnit = p.yen(K.salaryTableUnit)
        salaryTableSteps = p.steps(K.salaryTableSteps)
        pensionUnder65 = p.matrix(K.pensionUnder65)
        pension65 = p.matrix(K.pension65)
        incomeAdjustment = p.has(K.incomeAdjustmentRate)
            ? IncomeAdjustment(salaryFrom: p.yen(K.incomeAdjustmentSalaryFrom), salaryCap: p.yen(K.incomeAdjustmentSalaryCap),
                               rate: p.rate(K.incomeAdjustmentRate), pensionCap: p.yen(K.incomeAdjustmentPensionCap))
            : nil
        basic = p.brackets(K.basic)
        spouse = p.brackets(K.spouse)
        spouseElderly = p.brackets(K.spouseElderly)
        spouseSpecial = p.matrix(K.spouseSpecial)
        spouseTaxpayerLimit = p.yen(K.spouseTaxpayerLimit)
        spouseIncomeCeiling = p.yen(K.spouseIncomeCeiling)
        dependantGeneral = p.yen(K.dependantGeneral)
        dependantSpecified = p.yen(K.dependantSpecified)
        dependantElderly = p.yen(K.dependantElderly)
        dependantCohabitingParent = p.yen(K.dependantCohabitingParent)
        dependantIncomeCeiling = p.yen(K.dependantIncomeCeiling)
        disabilityGeneral = p.yen(K.disabilityGeneral)
        disabilitySpecial = p.yen(K.disabilitySpecial)
        disabilitySpecialCohabiting = p.yen(K.disabilitySpecialCohabiting)
        widow = p.yen(K.widow)
        widowIncomeLimit = p.yen(K.widowIncomeLimit)
        singleParent = p.has(K.singleParent) ? p.yen(K.singleParent) : nil
        widower = p.has(K.widower) ? p.yen(K.widower) : nil
        specialWidow = p.has(K.specialWidow) ? p.yen(K.specialWidow) : nil
        workingStudent = p.yen(K.workingStudent)
        workingStudentIncomeLimit = p.yen(K.workingStudentIncomeLimit)
        specificRelative = p.has(K.specificRelative) ? p.brackets(K.specificRelative) : nil
        adjustmentThreshold = p.yen(K.adjustmentThreshold)
        adjustmentRate = p.rate(K.adjustmentRate)
        adjustmentMinimum = p.yen(K.adjustmentMinimum)
        adjustmentCityShare = p.rate(K.adjustmentCityShare)
        adjustmentIncomeCutoff = p.has(K.adjustmentIncomeCutoff) ? p.yen(K.adjustmentIncomeCutoff) : nil
        ntPerCapitaBase = p.yen(K.ntPerCapitaBase)
        ntPerCapitaDependantExtra = p.yen(K.ntPerCapitaDependantExtra)
        ntIncomeLevyBase = p.yen(K.ntIncomeLevyBase)
        ntIncomeLevyDependantExtra = p.yen(K.ntIncomeLevyDependantExtra)
        ntAddition = p.yen(K.ntAddition)
        ntSpecialPersonLimit = p.yen(K.ntSpecialPersonLimit)
        ntMinorAge = p.count(K.ntMinorAge)
        furusatoFloor = p.yen(K.furusatoFloor)
        furusatoIncomeCap = p.rate(K.furusatoIncomeCap)
        furusatoSpecialCap = p.rate(K.furusatoSpecialCap)
        furusatoSpecialRates = p.rateBrackets(K.furusatoSpecialRates)
        furusatoCityShare = p.rate(K.furusatoCityShare)
        furusatoOneStopFrom = p.date(K.furusatoOneStopFrom)
        furusatoOneStopMax = p.count(K.furusatoOneStopMax)
        furusatoBasicDifferenceWithoutBasic = p.has(K.furusatoBasicDifferenceWithoutBasic) ? p.yen(K.furusatoBasicDifferenceWithoutBasic) : .zero
        if p.has(K.furusatoIncomeTaxBasic) && p.has(K.furusatoIncomeTaxBasicOffset) {
            furusatoIncomeTaxBasic = p.brackets(K.furusatoIncomeTaxBasic)
            furusatoIncomeTaxBasicOffset = p.yen(K.furusatoIncomeTaxBasicOffset)
        } else {
            furusatoIncomeTaxBasic = nil
            furusatoIncomeTaxBasicOffset = nil
        }
        flatReductionPerPerson = p.yen(K.flatReductionPerPerson)
        flatReductionIncomeLimit = p.yen(K.flatReductionIncomeLimit)
        diffBasic = p.yen(K.adjustmentDifferences + "basic")
        diffDependantGeneral = p.yen(K.adjustmentDifferences + "dependant_general")
        diffDependantSpecified = p.yen(K.adjustmentDifferences + "dependant_specified")
        diffDependantElderly = p.yen(K.adjustmentDifferences + "dependant_elderly")
        diffDependantCohabitingParent = p.yen(K.adjustmentDifferences + "dependant_cohabiting_parent")
        diffDisabilityGeneral = p.yen(K.adjustmentDifferences + "disability_general")
        diffDisabilitySpecial = p.yen(K.adjustmentDifferences + "disability_special")
        diffDisabilitySpecialCohabiting = p.yen(K.adjustmentDifferences + "disability_special_cohabiting")
        diffWidow = p.yen(K.adjustmentDifferences + "widow")
        diffSpecialWidow = p.yen(K.adjustmentDifferences + "special_widow")
        diffWidower = p.yen(K.adjustmentDifferences + "widower")
        diffSingleParentMother = p.yen(K.adjustmentDifferences + "single_parent_mother")
        diffSingleParentFather = p.yen(K.adjustmentDifferences + "single_parent_father")
        diffWorkingStudent = p.yen(K.adjustmentDifferences + "working_student")
        diffSpouse = p.brackets(K.adjustmentDifferences + "spouse")
        diffSpouseElderly = p.brackets(K.adjustmentDifferences + "spouse_elderly")
        diffSpouseSpecial = p.brackets(K.adjustmentDifferences + "spouse_special")
        diffSpouseSpecialByTaxpayer = p.matrix(K.differenceSpouseSpecialByTaxpayer)
    }
}

/// 所得金額調整控除's figures (措置法第41条の3の3): present together or not at all.
public struct IncomeAdjustment: Sendable {
    /// Case 1 applies to salary receipts above this.
    public let salaryFrom: Yen
    /// Salary receipts counted up to this.
    public let salaryCap: Yen
    public let rate: Fraction
    /// Case 2: salary and pension incomes each counted up to this.
    public let pensionCap: Yen
}
