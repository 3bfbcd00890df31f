import Foundation
import Testing
import KaiseiCore
import KaiseiEvents
import Replay
import Counter
import TestSupport

/// The pages in a real browser: Debian's headless Chromium driven through chromedriver
/// (WebDriver), against `kaisei serve` on the generated store. Each page is checked for
/// horizontal overflow at 1366×768, unrendered Japanese (tofu), unlabelled inputs, text
/// contrast below 4.5:1 and assets from elsewhere, and photographed into
/// .build/test-artifacts/screenshots (or $KAISEI_ARTIFACTS). Without chromium and
/// chromium-driver the suite is reported as skipped.
@Suite("Web pages in headless Chromium", .serialized, .enabled(if: ChromeDriver.available()))
final class BrowserTests {
    let f = CounterFixture.shared
    let driver: ChromeDriver
    let browser: BrowserSession
    let server: CounterFixture.Server
    var base: String { "http://127.0.0.1:\(server.port)" }

    init() throws {
        server = try f.server()
        driver = try ChromeDriver()
        browser = try driver.newSession(width: 1366, height: 768)
    }
    deinit {
        try? browser.quit()
        driver.stop()
    }

    /// Photographs the page and runs every check on it.
    func check(_ name: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        browser.saveScreenshot(name: name)
        for problem in PageChecks.horizontalOverflow(browser) + PageChecks.tofu(browser) + PageChecks.unlabelledInputs(browser)
            + PageChecks.lowContrast(browser) + PageChecks.externalResources(browser) {
            Issue.record("\(name): \(problem)", sourceLocation: sourceLocation)
        }
    }

    func login(_ city: City, _ role: Vocabulary.StaffRole) throws {
        try browser.navigate(base + "/login")
        try browser.find("#user").sendKeys(CounterFixture.user(city, role))
        try browser.find("#password").sendKeys(CounterFixture.password(city, role))
        try browser.find("form[action='/login'] button[type=submit]").click()
        try browser.waitUntil("the home page of \(role)") { try !browser.currentURL().contains("/login") }
    }

    func logout() throws {
        try browser.find("form[action='/logout'] button").click()
        try browser.waitUntil("the login page") { try browser.currentURL().contains("/login") }
    }

    /// A resident of the city with exactly one correction (更正) among their levies, and when it was recorded.
    func correctedResident(_ city: City) throws -> (id: String, correctedAt: RecordedTime) {
        let pop = f.view.pops[city]!
        for id in f.residents(city) {
            let levies = pop.ledger.levies[id] ?? []
            let corrected = levies.filter(\.corrected)
            if corrected.count == 1, pop.names[id] != nil { return (id, corrected[0].recordedAt) }
        }
        throw WebDriverError(error: "fixture", message: "no resident with one correction in \(city)")
    }

    @Test("each role of each city logs in, lands on its page, and logs out; the pages pass the checks")
    func everyRoleLogsIn() throws {
        for city in City.allCases {
            for role in CounterFixture.roles {
                try login(city, role)
                let path = URL(string: try browser.currentURL())!.path
                #expect(path == ["clerk": "/residents", "analyst": "/compare", "auditor": "/audit", "admin": "/staff"][role.rawValue])
                #expect(try browser.pageSource().contains(city.japaneseName))
                try check("home-\(city.rawValue)-\(role.rawValue)")
                try logout()
            }
        }
        try check("login")
    }

    @Test("a clerk searches by kana, opens a resident, switches the known-at date and sees the correction appear")
    func clerkJourney() throws {
        try login(.okazaki, .clerk)
        let (id, correctedAt) = try correctedResident(.okazaki)
        let pop = f.view.pops[.okazaki]!
        let kana = pop.names[id]!.entries.last!.value.kana
        let hiragana = String(kana.unicodeScalars.map { Character(Unicode.Scalar($0.value >= 0x30A1 && $0.value <= 0x30F6 ? $0.value - 0x60 : $0.value)!) })
        try browser.navigate(base + "/residents")
        try browser.find("#q").sendKeys(String(hiragana.prefix(while: { $0 != "\u{3000}" })))
        // A date input types in the browser's locale order: set it as a date picker would.
        if let b = pop.residents[id]?.birthDate { try browser.executeScript("document.getElementById('birth_date').value = arguments[0]", [b.description]) }
        try browser.find("form[role=search] button").click()
        let link = try browser.waitFor("a[href^='/residents/\(id)']")
        try check("search-results")
        try link.click()
        try browser.waitUntil("the resident page") { try browser.currentURL().contains("/residents/\(id)") }
        try check("resident")
        let now = try browser.pageSource()
        #expect(now.components(separatedBy: "<td>更正</td>").count - 1 == 1, "the correction shows as known now")
        // As known the day before the correction was recorded: the 当初 amount only.
        let before = correctedAt.japanDate.adding(days: -1).description
        try browser.navigate(base + "/residents/\(id)?known_at=\(before)")
        let then = try browser.pageSource()
        #expect(!then.contains("<td>更正</td>"), "as known on \(before) there was no correction yet")
        #expect(then.contains("\(before) 時点の記録で表示中"))
        try check("resident-known-at")
        try logout()
    }

    @Test("a clerk finds a corporation by its name, opens its page (法人市民税 with payments and 延滞金) and reaches its 納税証明書 form; the pages pass the checks")
    func clerkFindsCorporation() throws {
        let pop = f.view.pops[.okazaki]!
        let id = try #require(pop.corporations.keys.sorted().first { id in
            (pop.ledger.levies[id] ?? []).contains { $0.tax == .corporateTax } && pop.names[id] != nil
        })
        let name = pop.names[id]!.entries.last!.value.name
        try login(.okazaki, .clerk)
        try browser.navigate(base + "/residents")
        try browser.find("#q").sendKeys(String(name.dropFirst(name.hasPrefix("株式会社") ? 4 : 6)))
        try browser.find("form[role=search] button").click()
        let link = try browser.waitFor("a[href^='/corporations/\(id)']")
        try check("search-corporation")
        try link.click()
        try browser.waitUntil("the corporation page") { try browser.currentURL().contains("/corporations/\(id)") }
        #expect(try browser.pageSource().contains("法人市民税"))
        try check("corporation")
        try browser.find("a.button[href^='/certificates/new']").click()
        try browser.waitUntil("the certificate form") { try browser.currentURL().contains("/certificates/new") }
        #expect(try browser.find("#kind").property("value") as? String == "tax-payment")
        try check("certificate-form-corporation")
        try logout()
    }

    @Test("a clerk issues a certificate, prints it to PDF, and verifies it; an altered copy does not verify")
    func certificates() throws {
        try login(.toyohashi, .clerk)
        let pop = f.view.pops[.toyohashi]!
        let id = try #require(f.residents(.toyohashi).first { pop.names[$0] != nil && pop.isResident($0, fiscalYear: 2025) })
        try browser.navigate(base + "/certificates/new?subject=\(id)")
        try check("certificate-form")
        try browser.find("#fiscal_year").clear()
        try browser.find("#fiscal_year").sendKeys("2025")
        try browser.find("button[value=html]").click()
        try browser.waitUntil("the certificate") { try browser.pageSource().contains("kaisei-certificate") }
        try check("certificate")
        let pdf = try browser.printPDF()
        #expect(pdf.starts(with: Array("%PDF".utf8)))
        let text = try PDFText.extract(pdf)
        let name = pop.names[id]!.entries.last!.value.name.replacingOccurrences(of: "\u{3000}", with: "")
        #expect(text.replacingOccurrences(of: " ", with: "").contains(name), "\(text.prefix(400))")
        #expect(text.contains(id))
        // The same certificate through the API (same request, same bytes), presented for verification as a file.
        let (api, csrf) = try server.login(.toyohashi, .clerk)
        let printedKnownAt = try knownAtOfPage()
        let knownAt = try #require(printedKnownAt)
        let issued = try api.json("POST", "/api/certificates", ["kind": "income", "subject": id, "fiscal_year": 2025, "format": "html",
                                                                "known_at": knownAt], headers: [("X-CSRF-Token", csrf)])
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("certificate-\(UUID().uuidString).html")
        try Data(issued.body).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        try browser.navigate(base + "/certificates/verify")
        try check("verify-form")
        try browser.find("#file").sendKeys(file.path)
        try browser.find("form[action='/certificates/verify'] button").click()
        _ = try browser.waitFor(".ok, .notice")
        #expect(try browser.pageSource().contains("一致しました"))
        try check("verify-match")
        // An altered figure: not a match, and the page says which line.
        let altered = issued.text.replacingOccurrences(of: "<th>合計所得金額</th><td>", with: "<th>合計所得金額</th><td>1")
        try Data(altered.utf8).write(to: file)
        try browser.navigate(base + "/certificates/verify")
        try browser.find("#file").sendKeys(file.path)
        try browser.find("form[action='/certificates/verify'] button").click()
        _ = try browser.waitFor(".ok, .notice")
        let result = try browser.pageSource()
        #expect(result.contains("一致しません") && result.contains("合計所得金額"))
        try check("verify-mismatch")
        try logout()
    }

    /// The known-at time the certificate page printed (its embedded content's `known_at`).
    func knownAtOfPage() throws -> String? {
        let source = try browser.pageSource()
        guard let r = source.range(of: #""known_at":""#) else { return nil }
        return String(source[r.upperBound...].prefix { $0 != "\"" })
    }

    @Test("the other city's resident, by URL, does not exist; an unknown page is a page that says what to do")
    func otherCity() throws {
        try login(.okazaki, .clerk)
        let foreign = f.residents(.toyohashi)[3]
        try browser.navigate(base + "/residents/\(foreign)")
        let source = try browser.pageSource()
        #expect(source.contains("見つかりません") && !source.contains("Traceback") && !source.contains("Error:"))
        try check("not-found")
        try browser.navigate(base + "/households/\(f.view.pops[.toyohashi]!.householdHeads.keys.sorted()[0])/nhi")
        #expect(try browser.pageSource().contains("見つかりません"))
        try logout()
    }

    @Test("a household's NHI page shows members by month, 軽減 and the parts")
    func householdPage() throws {
        try login(.okazaki, .clerk)
        let pop = f.view.pops[.okazaki]!
        let member = try #require(f.residents(.okazaki).first { pop.residents[$0]!.nhi.entries.contains { $0.value != nil } })
        let household = pop.residents[member]!.nhi.entries.compactMap(\.value).first!
        let year = pop.residents[member]!.nhi.entries.first { $0.value != nil }!.valid.fiscalYear
        try browser.navigate(base + "/households/\(household)/nhi?fiscal_year=\(max(2013, min(2027, year)))")
        let source = try browser.pageSource()
        #expect(source.contains("世帯賦課状況") && source.contains("●"))
        try check("household-nhi")
        try logout()
    }

    @Test("keyboard only: search → resident → certificate")
    func keyboardOnly() throws {
        try login(.okazaki, .clerk)
        let (id, _) = try correctedResident(.okazaki)
        let kana = f.view.pops[.okazaki]!.names[id]!.entries.last!.value.kana
        try browser.navigate(base + "/residents")
        try tab(until: "the search box") { try $0.attribute("id") == "q" }
        try browser.activeElement().sendKeys(kana)
        try browser.pressKeys([BrowserSession.enter])
        _ = try browser.waitFor("table")
        try tab(until: "the result \(id)") { try ($0.attribute("href") ?? "").hasPrefix("/residents/\(id)") }
        try browser.pressKeys([BrowserSession.enter])
        try browser.waitUntil("the resident page") { try browser.currentURL().contains("/residents/\(id)") }
        try tab(until: "the certificate link") { try ($0.attribute("href") ?? "").hasPrefix("/certificates/new?subject=") }
        try browser.pressKeys([BrowserSession.enter])
        _ = try browser.waitFor("#kind")
        try tab(until: "the issue button") { try $0.attribute("value") == "html" }
        browser.saveScreenshot(name: "keyboard-certificate-form")
        try browser.pressKeys([BrowserSession.enter])
        try browser.waitUntil("the certificate") { try browser.pageSource().contains("kaisei-certificate") }
        try browser.navigate(base + "/residents")
        try logout()
    }

    func tab(until what: String, max: Int = 40, _ matches: (BrowserSession.Element) throws -> Bool) throws {
        for _ in 0..<max {
            try browser.pressKeys([BrowserSession.tab])
            if try matches(browser.activeElement()) { return }
        }
        throw WebDriverError(error: "keyboard", message: "\(what) was not reached with \(max) presses of Tab (at \(try browser.activeElementDescription()))")
    }

    @Test("an analyst compares the FY2027 salary-deduction draft with the enacted rules and downloads the table")
    func analystCompares() throws {
        try login(.okazaki, .analyst)
        try check("compare-form")
        try browser.find("#fiscal_year").clear()
        try browser.find("#fiscal_year").sendKeys("2027")
        try browser.executeScript("document.getElementById('draft').value = arguments[0]", ["rt-salary-deduction-fy2027"])
        try browser.find("#compare-form button").click()
        _ = try browser.waitFor("iframe", timeout: 60)
        let source = try browser.pageSource()
        #expect(source.contains("個人市民税・県民税") && source.contains("rt-salary-deduction-fy2027"))
        try check("compare-result")
        let (api, _) = try server.login(.okazaki, .analyst)
        let csv = try api.request("GET", "/compare/summary.csv?fiscal_year=2027&draft=rt-salary-deduction-fy2027")
        #expect(csv.status == 200 && csv.text.hasPrefix("city,tax,group") && !csv.text.contains("okz-r-"))
        // Analysts see no individual data.
        #expect(try api.request("GET", "/residents/\(f.residents(.okazaki)[0])").text.contains("権限がありません"))
        try logout()
    }

    @Test("an auditor filters the city's trail and downloads it")
    func auditorReads() throws {
        try login(.toyohashi, .auditor)
        try browser.find("#staff").sendKeys("toy-s-toy-clerk")
        try browser.find("form[action='/audit'] button").click()
        _ = try browser.waitFor("table")
        #expect(try browser.pageSource().contains("toy-s-toy-clerk"))
        try check("audit")
        try logout()
    }
}
