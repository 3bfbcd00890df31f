/// 収納管理 (collection): 延滞金 and 還付加算金. Units, descriptions and the years the law
/// requires each: `revisions/collection/index.yaml`. In that folder a year is a calendar year:
/// a rate is resolved with `ParameterSet(…, fiscalYear: calendarYear, …)`.
public enum CollectionKeys {
    public static let firstMonthRate = "collection.late_interest.first_month_rate"
    public static let laterRate = "collection.late_interest.later_rate"
    public static let refundRate = "collection.refund_interest.rate"
    public static let baseUnit = "collection.late_interest.base_unit"
    public static let minimumBase = "collection.late_interest.minimum_base"
    public static let amountUnit = "collection.late_interest.amount_unit"
    public static let minimumAmount = "collection.late_interest.minimum_amount"
    public static let daysInYear = "collection.days_in_year"
    /// 国民の祝日 (and 振替休日, 国民の休日) of a calendar year, and the cities' 年末年始 休日.
    public static let holidays = "collection.holidays"
    public static let closedDays = "collection.closed_days"
    /// 督促: days after the 納期限 a 督促状 is sent, and its 督促手数料 (by the calendar year sent).
    public static let demandDaysAfterDue = "collection.demand.days_after_due"
    public static let demandFee = "collection.demand.fee"

    public static let allKeys = [firstMonthRate, laterRate, refundRate, baseUnit, minimumBase, amountUnit, minimumAmount, daysInYear,
                                 holidays, closedDays, demandDaysAfterDue, demandFee]
}
