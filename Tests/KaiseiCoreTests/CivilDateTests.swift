import Testing
import KaiseiCore

@Suite("Civil dates: the unit of valid time")
struct CivilDateTests {
    @Test("impossible dates are refused", arguments: ["2023-02-29", "2024-02-30", "2023-13-01", "2023-00-10", "2023-04-31", "2023-4-1", "20230401", "2023-04-01T00:00:00Z", "１９９０-01-01"])
    func impossibleDates(text: String) {
        #expect(CivilDate(iso: text) == nil)
    }

    @Test("leap days exist only in leap years (1900 is not one, 2000 and 2024 are)")
    func leapDays() {
        #expect(CivilDate(iso: "2024-02-29") != nil)
        #expect(CivilDate(iso: "2000-02-29") != nil)
        #expect(CivilDate(iso: "1900-02-29") == nil)
    }

    @Test("days since epoch round-trip over three centuries")
    func epochRoundTrip() {
        var d = CivilDate(year: 1900, month: 1, day: 1)!
        let end = CivilDate(year: 2199, month: 12, day: 31)!.daysSinceEpoch
        var n = d.daysSinceEpoch
        while n < end {
            #expect(CivilDate(daysSinceEpoch: n) == d)
            n += 1; d = d.adding(days: 1)
        }
        #expect(CivilDate(year: 1970, month: 1, day: 1)!.daysSinceEpoch == 0)
    }

    @Test("年齢計算ニ関スル法律: a person born on 1 April is a year older on 31 March")
    func ageRule() {
        let born = CivilDate(year: 2000, month: 4, day: 1)!
        #expect(CivilDate(year: 2016, month: 3, day: 30)!.age(bornOn: born) == 15)
        #expect(CivilDate(year: 2016, month: 3, day: 31)!.age(bornOn: born) == 16)
        let leap = CivilDate(year: 2004, month: 2, day: 29)!
        #expect(CivilDate(year: 2005, month: 2, day: 27)!.age(bornOn: leap) == 0)
        #expect(CivilDate(year: 2005, month: 2, day: 28)!.age(bornOn: leap) == 1)
    }

    @Test("the fiscal year runs April to March")
    func fiscalYear() {
        #expect(CivilDate(year: 2020, month: 3, day: 31)!.fiscalYear == 2019)
        #expect(CivilDate(year: 2020, month: 4, day: 1)!.fiscalYear == 2020)
    }

    @Test("months parse strictly and do arithmetic across years")
    func months() {
        #expect(YearMonth(iso: "2003-10")?.packed == 200310)
        #expect(YearMonth(iso: "2003-13") == nil)
        #expect(YearMonth(year: 2019, month: 11)!.adding(months: 3) == YearMonth(year: 2020, month: 2)!)
    }
}
