import KaiseiCore

/// 納期 by tax, city and fiscal year (`revisions/due-dates/`), moved off days the offices are
/// closed (`collection.holidays`, `collection.closed_days`).
public enum DueDateKeys {
    public static let residentTax = "due.resident_tax.instalments"
    public static let fixedAssetTax = "due.fixed_asset_tax.instalments"
    public static let lightVehicleTax = "due.light_vehicle_tax.instalments"
    public static let instalmentUnit = "due.instalment_unit"
    public static let noticeLeadDays = "due.notice_lead_days"
    public static let supplementaryDays = "due.supplementary_days"
    /// 都市計画税 collected together with 固定資産税 (地方税法第702条の8第1項): one account per 期.
    public static let cityPlanningWithFixedAsset = "due.city_planning_with_fixed_asset"
    public static let allKeys = [residentTax, fixedAssetTax, lightVehicleTax, instalmentUnit, noticeLeadDays, supplementaryDays, cityPlanningWithFixedAsset]
}

public enum DueDates {
    /// A 納期限 that falls on a Saturday, a Sunday, a 祝日 or the city's 休日 is the next day
    /// that is none of these (地方税法第20条の5第2項). `closed(year)` gives a calendar year's
    /// holidays and 休日 as MM-DD.
    public static func moved(_ day: CivilDate, closed: (Int) -> Set<String>) -> CivilDate {
        var d = day
        var cache: [Int: Set<String>] = [:]
        while true {
            let set = cache[d.year] ?? closed(d.year)
            cache[d.year] = set
            let weekday = ((d.daysSinceEpoch % 7) + 7 + 4) % 7   // 1970-01-01 was a Thursday (4); 0 = Sunday
            if weekday != 0 && weekday != 6 && !set.contains(monthDay(d)) { return d }
            d = d.adding(days: 1)
        }
    }

    /// "MM-DD" without Foundation's formatter (a collection run moves millions of dates).
    static func monthDay(_ d: CivilDate) -> String {
        let digits: [Character] = ["0", "1", "2", "3", "4", "5", "6", "7", "8", "9"]
        return String([digits[d.month / 10], digits[d.month % 10], "-", digits[d.day / 10], digits[d.day % 10]])
    }

    /// The MM-DD list of a fiscal year as dates: April–December in the year, January–March after.
    public static func dates(_ monthDays: [String], fiscalYear fy: Int) -> [CivilDate] {
        monthDays.compactMap { md -> CivilDate? in
            let parts = md.split(separator: "-").compactMap { Int($0) }
            guard parts.count == 2 else { return nil }
            let year = parts[0] >= 4 ? fy : fy + 1
            return CivilDate(year: year, month: parts[0], day: min(parts[1], CivilDate.daysIn(year: year, month: parts[0])))
        }
    }

    /// A levy's 納期限 for a fiscal year: the city's dates, each moved off closed days. The
    /// closed days come from the calendar year each date falls in (`calendar(year)`).
    public static func due(_ key: String, fiscalYear fy: Int, fiscal: ParameterSet, calendar: (Int) -> ParameterSet) -> [CivilDate] {
        dates(fiscal.names(key), fiscalYear: fy).map { day in
            moved(day) { year in
                let c = calendar(year)
                return Set(c.names(CollectionKeys.holidays) + c.names(CollectionKeys.closedDays))
            }
        }
    }
}
