import Testing
import Foundation
import KaiseiCore
import Counter
import TestSupport

/// The comparison page's 記録時点: the service keeps only the newest state, so a comparison as
/// known at a past moment replays the analyst's city from the store. Checked against the
/// command line's own replay (`kaisei compare --known-at`, both cities folded from the first
/// event in another process), not against the service's code.
@Suite("The analysts' comparison as known at a past moment")
struct CompareKnownAtTests {
    let f = CounterFixture.shared
    /// Before the import of everything recorded after the FY2026 levy run (CounterFixture).
    static let day = "2026-06-09"
    static let at = "2026-06-09T23:59:59.999999+09:00"
    static let draft = "rt-salary-deduction-fy2027"
    static var draftPath: String { URL(fileURLWithPath: CounterFixture.revisions).appendingPathComponent("drafts/\(draft).yaml").path }

    @Test("a comparison as known at a 記録時点 has `kaisei compare --known-at`'s figures and watermark, and not those known now")
    func asKnownAtIsTheCommandLines() throws {
        let knownAt = try #require(RecordedTime(iso: Self.at))
        let analyst = f.caller(.okazaki, .analyst)
        let drafts = [Self.draft: Self.draftPath]
        let past = try f.service.compare(analyst, fiscalYear: 2027, beforeAt: nil, afterAt: nil, draft: Self.draft, drafts: drafts, knownAt: knownAt)
        let now = try f.service.compare(analyst, fiscalYear: 2027, beforeAt: nil, afterAt: nil, draft: Self.draft, drafts: drafts)
        let store = f.dir.appendingPathComponent("counter.sqlite").path
        let cli = try KaiseiBinary.run(["compare", "--store", store, "--revisions", CounterFixture.revisions, "--no-snapshots",
                                        "--fiscal-year", "2027", "--city", "okazaki", "--before", "enacted", "--after", "enacted+\(Self.draftPath)",
                                        "--known-at", Self.at, "--top", "0", "--format", "json"], environment: CounterFixture.environment)
        // Exit 1 names a tax the rules adopted by then could not assess (FY2027's NHI caps were not
        // adopted by June 2026); the figures of the others are printed all the same.
        try #require(cli.status == 0 || (cli.status == 1 && cli.stderr.contains("was not compared")), "kaisei compare: \(cli.stderr)")
        let expected = try JSONParser.parse(cli.stdout)
        // The parser keeps keys sorted; the result builds them in the report's order.
        let got = try JSONParser.parse(JSONWriter.canonical(past.json))
        #expect(got["cities"] != nil && got["cities"] == expected["cities"], "the figures of the city as known then")
        for key in ["watermark", "known_at", "before_revision_set", "after_revision_set"] {
            #expect(got["fingerprint"]?[key] == expected["fingerprint"]?[key], "fingerprint.\(key)")
        }
        // Not the newest state under another name: the 2026 salaries were recorded after the day.
        #expect(past.watermark < now.watermark)
        #expect(got["cities"] != (try JSONParser.parse(JSONWriter.canonical(now.json)))["cities"])
        #expect(past.cities == [City.okazaki])
        #expect(got["refused"] == expected["refused"], "the same taxes refused, for the same missing values, as on the command line")
    }

    @Test("the comparison page carries its 記録時点: the picker on the page, the day in the result, and on the report and CSV links")
    func pageCarriesTheKnownAt() throws {
        let server = try f.server()
        let (analyst, _) = try server.login(.okazaki, .analyst)
        let query = "fiscal_year=2027&draft=\(Self.draft)&known_at=\(Self.day)"
        // The CSV waits for the result; the page then shows it.
        let csv = try analyst.request("GET", "/compare/summary.csv?\(query)")
        #expect(csv.status == 200 && csv.text.hasPrefix("city,tax,group"))
        let csvNow = try analyst.request("GET", "/compare/summary.csv?fiscal_year=2027&draft=\(Self.draft)")
        #expect(csvNow.status == 200 && csvNow.text != csv.text, "as known at the day, not now")
        let page = try analyst.request("GET", "/compare?\(query)")
        #expect(page.status == 200)
        #expect(page.text.contains("id=\"known_at\"") && page.text.contains("value=\"\(Self.day)\""), "the frame's 記録時点 picker, set to the day")
        #expect(page.text.contains("\(Self.day) 時点、事象番号"), "the result names the day it was known at")
        #expect(page.text.contains("/compare/summary.csv?") && page.text.contains("known_at=\(Self.day)"), "the links carry the day")
        let report = try analyst.request("GET", "/compare/report?\(query)")
        #expect(report.status == 200 && report.text.contains("--known-at"), "the report's re-run line names the moment")
        #expect(try analyst.request("GET", "/compare?fiscal_year=2027&known_at=not-a-day").status == 400)
    }
}
