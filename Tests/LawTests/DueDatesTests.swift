import Foundation
import Testing
import KaiseiCore
import Law

/// 納期限 from `revisions/due-dates/`, moved off Saturdays, Sundays, 祝日 and the cities'
/// 休日 (地方税法第20条の5第2項).
@Suite("納期限 and the days offices are closed")
struct DueDatesTests {
    func date(_ s: String) -> CivilDate { CivilDate(iso: s)! }
    func closed(_ city: City) -> (Int) -> Set<String> {
        { year in
            let p = Repo.params(city, year)
            return Set(p.names(CollectionKeys.holidays) + p.names(CollectionKeys.closedDays))
        }
    }

    @Test("a date on a weekend moves to Monday, and the weekday agrees with Foundation's Gregorian calendar for 20 years of days")
    func weekends() {
        #expect(DueDates.moved(date("2024-08-31"), closed: { _ in [] }) == date("2024-09-02"))
        #expect(DueDates.moved(date("2024-06-30"), closed: { _ in [] }) == date("2024-07-01"))
        #expect(DueDates.moved(date("2021-05-31"), closed: { _ in [] }) == date("2021-05-31"))
        // An independent path: Foundation's calendar says which days are Saturdays and Sundays.
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "Asia/Tokyo")!
        var d = date("2013-01-01")
        while d <= date("2032-12-31") {
            let day = calendar.date(from: DateComponents(year: d.year, month: d.month, day: d.day, hour: 12))!
            let weekend = [1, 7].contains(calendar.component(.weekday, from: day))
            #expect((DueDates.moved(d, closed: { _ in [] }) != d) == weekend, "\(d)")
            d = d.adding(days: 1)
        }
    }

    @Test("the 2019 golden week holidays move a 30 April due date to 7 May; 31 December moves past the 年末年始 休日 and the weekend to 6 January 2025; 2028 (FY2027's last 納期) has its 祝日 too")
    func holidaysAndYearEnd() {
        #expect(DueDates.moved(date("2019-04-30"), closed: closed(.okazaki)) == date("2019-05-07"))
        #expect(DueDates.moved(date("2024-12-31"), closed: closed(.okazaki)) == date("2025-01-06"))
        // 2021's Olympic holidays: 22 and 23 July (Thursday, Friday), then the weekend.
        #expect(DueDates.moved(date("2021-07-22"), closed: closed(.toyohashi)) == date("2021-07-26"))
        // A 国民の休日 between 敬老の日 and 秋分の日 in 2026.
        #expect(DueDates.moved(date("2026-09-21"), closed: closed(.toyohashi)) == date("2026-09-24"))
        // FY2027's last 納期 and 法定納期限 fall in 2028: its 成人の日 (10 January, a Monday) and
        // 春分の日 (20 March, a Monday) are holidays, not working days.
        #expect(DueDates.moved(date("2028-01-08"), closed: closed(.okazaki)) == date("2028-01-11"))
        #expect(DueDates.moved(date("2028-03-20"), closed: closed(.toyohashi)) == date("2028-03-21"))
    }

    @Test("each city's 納期 come from revisions/due-dates/: Toyohashi's first 固定資産税 instalment of FY2021 is due 31 May 2021 (豊橋市 延滞金 example)")
    func revisionData() {
        func due(_ city: City, _ key: String, _ fy: Int) -> [CivilDate] {
            DueDates.due(key, fiscalYear: fy, fiscal: Repo.params(city, fy), calendar: { Repo.params(city, $0) })
        }
        #expect(due(.toyohashi, DueDateKeys.fixedAssetTax, 2021).first == date("2021-05-31"))
        #expect(due(.okazaki, DueDateKeys.fixedAssetTax, 2021) == [date("2021-04-30"), date("2021-08-02"), date("2021-12-27"), date("2022-02-28")])
        #expect(due(.okazaki, DueDateKeys.residentTax, 2024) == [date("2024-07-01"), date("2024-09-02"), date("2024-10-31"), date("2025-01-31")])
        #expect(due(.okazaki, DueDateKeys.lightVehicleTax, 2025) == [date("2025-06-02")])
        for year in 2013...2028 {
            let h = Repo.params(.okazaki, year).names(CollectionKeys.holidays)
            #expect(h.contains("01-01") && h.contains("05-03") && h.contains("11-03"), "\(year)")
        }
    }
}
