import KaiseiCore

/// The resident tax of one person for one fiscal year, after every credit.
public struct ResidentTaxResult: Sendable, Equatable {
    public var cityIncomeLevy: Yen = .zero
    public var prefectureIncomeLevy: Yen = .zero
    public var cityPerCapita: Yen = .zero
    public var prefecturePerCapita: Yen = .zero
    public var forestEnvironmentTax: Yen = .zero
    public var total: Yen { cityIncomeLevy + prefectureIncomeLevy + cityPerCapita + prefecturePerCapita + forestEnvironmentTax }

    /// 合計所得金額 and 総所得金額等 (equal here: no separately taxed income is modelled yet).
    public var totalIncome: Yen = .zero
    public var taxableIncome: Yen = .zero
    /// 所得割 after 調整控除, before 税額控除: the base of the furusato cap.
    public var incomeLevyBeforeCredits: Yen = .zero
    public var perCapitaExempt = false
    public var incomeLevyExempt = false
    /// The largest furusato donation of the income year for which the person bears only the
    /// 2,000 yen floor, by the 総務省 formula.
    public var furusatoLimit: Yen = .zero
    /// 給与所得 (after 給与所得控除), and every 所得控除 as the calculation applied it: what a
    /// 所得・課税証明書 prints, which is not the same as what was claimed (a spouse earning too
    /// much gets no 配偶者控除; a dependant over the income ceiling is no 扶養親族).
    public var salaryIncome: Yen = .zero
    public var totalDeductions: Yen = .zero
    public var deductions: [AppliedDeduction] = []
    /// The spouse deduction allowed, if any (配偶者控除, 老人配偶者控除 or 配偶者特別控除).
    public var spouseDeduction: SpouseDeduction?
    /// 扶養親族 counted by class (地方税法第314条の2第1項第11号), 年少 included.
    public var dependants = DependantCounts()
    public var steps: [TraceStep] = []
    public init() {}
}

/// One 所得控除 as applied, under its statutory name.
public struct AppliedDeduction: Sendable, Equatable {
    public let name: String
    public let amount: Yen
}

public enum SpouseDeduction: String, Sendable, Equatable {
    case spouse = "配偶者控除", elderlySpouse = "配偶者控除 (老人)", special = "配偶者特別控除"
}

/// 扶養親族 by class as counted for the deductions: 一般, 特定 (19–22), 老人 (70 and over; 同居老親等
/// among them), and 年少 (under 16: counted for 非課税, no deduction since FY2012).
public struct DependantCounts: Sendable, Equatable {
    public var general = 0
    public var specified = 0
    public var elderly = 0
    public var cohabitingParents = 0
    public var young = 0
    public var total: Int { general + specified + elderly + young }
    public init() {}
}
