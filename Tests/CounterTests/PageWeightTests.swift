import Foundation
import Testing
import KaiseiCore
import Counter
import TestSupport

/// Page weight needs no browser: the pages are read over HTTP from `kaisei serve` on the
/// fixture, as each role sees them, and each must stay under 200 KB (an old office PC on the
/// city's network).
@Suite("Page weight", .serialized)
struct PageWeightTests {
    let f = CounterFixture.shared

    func weigh(_ c: LoopbackHTTPClient, _ paths: [String], sourceLocation: SourceLocation = #_sourceLocation) throws {
        for path in paths {
            let r = try c.request("GET", path)
            #expect(r.status == 200, "\(path): \(r.status)", sourceLocation: sourceLocation)
            #expect(PageChecks.pageWeight(html: r.body) < 200_000, "\(path): \(r.body.count) bytes", sourceLocation: sourceLocation)
        }
    }

    @Test("every page of every role weighs under 200 KB")
    func everyPage() throws {
        let server = try f.server()
        let (clerk, csrf) = try server.login(.okazaki, .clerk)
        let id = f.residents(.okazaki)[2]
        let pop = f.view.pops[.okazaki]!
        let corporation = pop.corporations.keys.sorted().first ?? id
        let household = pop.householdHeads.keys.sorted().first ?? id
        try weigh(clerk, ["/residents?q=%E3%82%B9", "/residents/\(id)", "/corporations/\(corporation)", "/residents/\(id)/assessment?fiscal_year=2025",
                          "/households/\(household)/nhi?fiscal_year=2026", "/certificates/new?subject=\(id)", "/certificates/verify", "/login"])
        // The verify page with its answer.
        let issued = try clerk.json("POST", "/api/certificates", ["kind": "income", "subject": id, "fiscal_year": 2025, "format": "html"],
                                    headers: [("X-CSRF-Token", csrf)])
        let form = "csrf_token=\(csrf)&certificate=" + LoopbackHTTPClient.percentEncode(issued.text)
        let verified = try clerk.request("POST", "/certificates/verify", headers: [("Content-Type", "application/x-www-form-urlencoded")], body: Array(form.utf8))
        #expect(verified.status == 200 && verified.text.contains("一致しました"))
        #expect(PageChecks.pageWeight(html: verified.body) < 200_000, "verify answer: \(verified.body.count) bytes")
        // The certificate's own A4 page, as the issue form answers it.
        let printed = try clerk.request("POST", "/certificates", headers: [("Content-Type", "application/x-www-form-urlencoded")],
                                        body: Array("csrf_token=\(csrf)&subject=\(id)&kind=income&fiscal_year=2025&format=html".utf8))
        #expect(printed.status == 200 && printed.text.contains("kaisei-certificate"))
        #expect(PageChecks.pageWeight(html: printed.body) < 200_000, "certificate page: \(printed.body.count) bytes")
        let (auditor, _) = try server.login(.okazaki, .auditor)
        try weigh(auditor, ["/audit"])
        let (admin, _) = try server.login(.okazaki, .admin)
        try weigh(admin, ["/staff"])
        // The comparison's report is a page of its own (waits for the computation).
        let (analyst, _) = try server.login(.okazaki, .analyst)
        try weigh(analyst, ["/compare", "/compare/report?fiscal_year=2027&draft=rt-salary-deduction-fy2027"])
        // The comparison page with its result (the report above waited for it).
        let compared = try analyst.request("GET", "/compare?fiscal_year=2027&draft=rt-salary-deduction-fy2027")
        #expect(compared.status == 200 && compared.text.contains("<iframe"))
        #expect(PageChecks.pageWeight(html: compared.body) < 200_000, "compare with its result: \(compared.body.count) bytes")
    }
}
