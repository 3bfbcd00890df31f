import Law
import Replay

extension LevyTax {
    /// The parameter keys this levy reads, in catalogue order: the inverse of
    /// `ParameterChange.taxes(of:)`, the notion `simulate` uses to choose the affected taxes.
    /// NHI reads the resident tax's income rules (給与所得, 公的年金等控除, …) as well as its own.
    public var parameterKeys: [String] { Self.keysByTax[self] ?? [] }

    static let keysByTax: [LevyTax: [String]] = Dictionary(uniqueKeysWithValues: LevyTax.allCases.map { tax in
        (tax, ParameterCatalogue.all.map(\.key).filter { ParameterChange.taxes(of: $0).contains(tax) })
    })

    /// The fiscal years whose parameters a levy of `fiscalYear` reads. 負担調整 (地方税法附則
    /// 第18条・第19条; 都市計画税は附則第25条) takes last year's 課税標準額, computed from the
    /// start of Kaisei's history, so the property taxes read every year up to theirs; the others
    /// read their own year only.
    public func parameterYears(fiscalYear: Int) -> ClosedRange<Int> {
        switch self {
        case .fixedAssetTax, .cityPlanningTax: return min(ParameterCatalogue.years.lowerBound, fiscalYear)...fiscalYear
        // A corporate levy covers the 事業年度 due in its year, each under the rules of the year
        // it starts in: up to two years before.
        case .corporateTax, .officeTax: return max(ParameterCatalogue.years.lowerBound, fiscalYear - 2)...fiscalYear
        case .residentTax, .lightVehicleTax, .nhi: return fiscalYear...fiscalYear
        }
    }

    /// Whether a levy reads `key` as it stood in a year before its own (the property taxes'
    /// 課税標準額 history, both 固定資産税's and 都市計画税's).
    public static func readsEarlierYears(_ key: String) -> Bool {
        key.hasPrefix("fixed_asset_tax.") || key.hasPrefix("city_planning_tax.") || key.hasPrefix("corporate.") || key.hasPrefix("office_tax.")
    }

    /// The first year whose value of `key` a levy of `fiscalYear` reads.
    public static func earliestYearRead(_ key: String, fiscalYear fy: Int) -> Int {
        if key.hasPrefix("fixed_asset_tax.") || key.hasPrefix("city_planning_tax.") { return ParameterCatalogue.years.lowerBound }
        if key.hasPrefix("corporate.") || key.hasPrefix("office_tax.") { return fy - 2 }
        return fy
    }
}
