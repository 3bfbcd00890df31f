/// 法人市民税 (地方税法第292条・第312条・第314条の4…). Units, descriptions and the years the law
/// requires each: `revisions/corporate-tax/index.yaml`. A period's parameters are those of the
/// fiscal year its 事業年度 starts in; a rate that changed within a fiscal year names the start
/// date from which it applies (`taxLevyRateFrom`) and keeps the one before (`taxLevyPreviousRate`).
public enum CorporateTaxKeys {
    /// 均等割 (年額) by 資本金等の額, for corporations with at most `perCapitaEmployeeLimit` employees in the city.
    public static let perCapitaSmall = "corporate.per_capita.up_to_limit"
    /// The same, for more employees than the limit.
    public static let perCapitaLarge = "corporate.per_capita.over_limit"
    public static let perCapitaEmployeeLimit = "corporate.per_capita.employee_limit"
    /// 公益法人等 and 資本金等の額のない法人.
    public static let perCapitaMinimum = "corporate.per_capita.minimum"
    public static let taxLevyRate = "corporate.tax_levy.rate"
    public static let taxLevyPreviousRate = "corporate.tax_levy.previous_rate"
    public static let taxLevyRateFrom = "corporate.tax_levy.rate_applies_from"
    public static let baseUnit = "corporate.base_unit"
    public static let amountUnit = "corporate.amount_unit"
    /// The national 中間申告's threshold the 予定申告 follows (法人税法第71条第1項ただし書).
    public static let interimThreshold = "corporate.interim.national_threshold"
    /// 予定申告 (前期実績): the previous 法人税割 × this ÷ its months (第321条の8第1項: 6).
    public static let interimFactor = "corporate.interim.months_factor"
    /// The same for the first 事業年度 starting on or after `taxLevyRateFrom` (a rate cut's
    /// transitional measure: 4.7 in 2014, 3.7 in 2019).
    public static let interimFirstPeriodFactor = "corporate.interim.first_period_factor"

    /// 確定申告: months after the period's end (`CorporateDeadlineRules`).
    public static let finalMonths = "corporate.deadline.final_months"
    /// 予定・中間申告: the months of the period they cover.
    public static let interimPeriodMonths = "corporate.deadline.interim_period_months"

    public static let allKeys = [perCapitaSmall, perCapitaLarge, perCapitaEmployeeLimit, perCapitaMinimum,
                                 taxLevyRate, taxLevyPreviousRate, taxLevyRateFrom, baseUnit, amountUnit, interimThreshold,
                                 interimFactor, interimFirstPeriodFactor, finalMonths, interimPeriodMonths]
}
