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
    public var steps: [TraceStep] = []
    public init() {}
}
