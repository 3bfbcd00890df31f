import Testing
import KaiseiCore

@Suite("Recorded time: instants, shown in Japan time")
struct RecordedTimeTests {
    @Test("an instant has one canonical spelling in +09:00 whatever zone it was written in")
    func canonicalSpelling() throws {
        let a = try #require(RecordedTime(iso: "2020-06-01T00:00:00Z"))
        let b = try #require(RecordedTime(iso: "2020-06-01T09:00:00+09:00"))
        #expect(a == b)
        #expect(a.description == "2020-06-01T09:00:00+09:00")
        let c = try #require(RecordedTime(iso: "2020-06-01T09:00:00.25+09:00"))
        #expect(c.description == "2020-06-01T09:00:00.250000+09:00")
        #expect(RecordedTime(iso: c.description) == c)
    }

    @Test("a date alone means the end of that day in Japan, not in UTC")
    func dateMeansEndOfDay() throws {
        let t = try #require(RecordedTime(iso: "2021-06-01", dateMeansEndOfDay: true))
        #expect(t.description == "2021-06-01T23:59:59.999999+09:00")
        #expect(t.japanDate == CivilDate(year: 2021, month: 6, day: 1)!)
        #expect(RecordedTime(iso: "2021-06-01") == nil)
    }

    @Test("times without a zone or with impossible fields are refused", arguments: [
        "2020-06-01T09:00:00", "2020-06-01T24:00:00Z", "2020-06-01T09:60:00Z", "2020-02-30T09:00:00Z", "2020-06-01 09:00:00Z", "2020-06-01T09:00:00.1234567Z",
    ])
    func refused(text: String) { #expect(RecordedTime(iso: text) == nil) }

    @Test("a moment just after midnight JST falls on the Japanese date, the day after the UTC date")
    func japanDate() throws {
        let t = try #require(RecordedTime(iso: "2026-03-31T15:30:00Z"))
        #expect(t.japanDate == CivilDate(year: 2026, month: 4, day: 1)!)
    }
}
