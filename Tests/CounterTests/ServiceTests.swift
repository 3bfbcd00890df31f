import Foundation
import Testing
import KaiseiCore
import KaiseiEvents
import Counter
import KaiseiServer
import TestSupport

/// The service as operators and other tools see it: health, readiness, metrics, the OpenAPI
/// document against the routes, problem answers for bad input, following the store, shutdown.
@Suite("kaisei serve", .serialized)
struct ServiceTests {
    let f = CounterFixture.shared

    @Test("the OpenAPI document names exactly the routes the router has")
    func openAPIMatchesRoutes() throws {
        let router = KaiseiService.makeRouter(f.service, logger: .init(label: "test"))
        // The API and the operations endpoints; the pages are documented in docs/service.md.
        let api = KaiseiService.routeList(router).filter { r in
            let path = String(r.split(separator: " ")[1])
            return path.hasPrefix("/api/") || ["/healthz", "/readyz", "/metrics", "/openapi.json"].contains(path)
        }
        #expect(api == KaiseiService.openAPIOperations)
        let served = try f.server().client().request("GET", "/openapi.json")
        let doc = try #require(try served.json() as? [String: Any])
        #expect(doc["openapi"] as? String == "3.1.0")
        #expect(Set((doc["paths"] as? [String: Any] ?? [:]).keys) == Set(KaiseiService.openAPIOperations.map { String($0.split(separator: " ")[1]) }))
    }

    @Test("healthz, readyz and metrics answer; metrics has a latency histogram per route and no personal data")
    func operations() throws {
        let server = try f.server()
        let c = server.client()
        #expect(try c.request("GET", "/healthz").status == 200)
        let ready = try c.request("GET", "/readyz")
        #expect(ready.status == 200 && ready.text.contains("\"ready\":true"))
        let (clerk, _) = try server.login(.okazaki, .clerk)
        let id = f.residents(.okazaki)[7]
        let answer = try clerk.request("GET", "/api/residents/\(id)")
        // Every answer carries the server's own handling time (W3C Server Timing), which the
        // serve benchmark reads: "app;dur=" and milliseconds with three decimals.
        let timing = try #require(answer.headers.first { $0.0 == "server-timing" }?.1)
        #expect(timing.wholeMatch(of: /app;dur=[0-9]+\.[0-9]{3}/) != nil, "\(timing)")
        // Hummingbird records a request's metrics once its body is written: wait for it.
        var metrics = ""
        for _ in 0..<40 {
            metrics = try c.request("GET", "/metrics").text
            if metrics.contains("/api/residents/{id}") { break }
            Thread.sleep(forTimeInterval: 0.05)
        }
        #expect(metrics.contains("_bucket"))
        #expect(metrics.contains("/api/residents/{id}"))
        #expect(!metrics.contains(id))
    }

    @Test("bad input answers 400 problem+json with a detail, never 500", arguments: [
        "/api/residents?q=a&known_at=yesterday", "/api/residents?q=a&birth_date=1990-02-30", "/api/residents?q=a&limit=many",
        "/api/residents/okz-r-0000001/assessment?fiscal_year=twenty", "/api/residents/okz-r-0000001/assessment",
        "/api/households/okz-h-0000001/nhi?fiscal_year=1800", "/api/residents?q=",
    ])
    func badInput(path: String) throws {
        let (c, _) = try f.server().login(.okazaki, .clerk)
        let r = try c.request("GET", path)
        #expect(r.status == 400, "\(path): \(r.status) \(r.text)")
        #expect(r.header("content-type") == "application/problem+json")
        #expect((try r.json() as? [String: Any])?["detail"] as? String != nil)
    }

    @Test("malformed bodies answer 400, unknown routes 404, as problem+json")
    func badBodies() throws {
        let (c, csrf) = try f.server().login(.toyohashi, .clerk)
        for body in ["{", "[]", #"{"kind":"passport","subject":"toy-r-0000001","fiscal_year":2025}"#, #"{"kind":"income","fiscal_year":"2025","subject":"x"}"#] {
            let r = try c.request("POST", "/api/certificates", headers: [("Content-Type", "application/json"), ("X-CSRF-Token", csrf)], body: Array(body.utf8))
            #expect(r.status == 400, "\(body): \(r.status) \(r.text)")
        }
        let verify = try c.request("POST", "/api/certificates/verify", headers: [("X-CSRF-Token", csrf)], body: Array("not a certificate".utf8))
        #expect(verify.status == 400)
        let missing = try c.request("GET", "/api/nothing-here")
        #expect(missing.status == 404 && missing.header("content-type") == "application/problem+json")
    }

    @Test("an event appended by another process (a name change imported) is visible within a second")
    func followsTheStore() throws {
        let server = try f.server()
        let (c, _) = try server.login(.okazaki, .clerk)
        let id = f.residents(.okazaki)[11]
        let line = #"{"city":"okazaki","id":"follow-test-name","payload":{"kana":"テスト　ハナコ","name":"試験　花子","reason":"correction"},"schema_version":1,"subject":"\#(id)","type":"NameRecorded","valid_date":"2027-12-01"}"#
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("follow-\(UUID().uuidString).jsonl")
        try Data((line + "\n").utf8).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        let imported = try KaiseiBinary.run(["import", file.path, "--store", f.store])
        #expect(imported.status == 0, "\(imported.stderr)")
        let start = Date()
        var seen = false
        while !seen && Date().timeIntervalSince(start) < 3 {
            seen = try c.request("GET", "/api/residents/\(id)?known_at=2099-01-01").text.contains("試験　花子")
            if !seen { Thread.sleep(forTimeInterval: 0.05) }
        }
        #expect(seen)
        #expect(Date().timeIntervalSince(start) < 1.0)
    }

    @Test("SIGTERM stops the service after the request in flight, and it exits 0")
    func gracefulShutdown() throws {
        let server = try CounterFixture.Server(store: f.store)
        let (c, _) = try server.login(.okazaki, .clerk)
        #expect(try c.request("GET", "/api/residents/\(f.residents(.okazaki)[0])").status == 200)
        server.process.terminate()
        server.process.waitUntilExit()
        #expect(server.process.terminationStatus == 0)
    }
}

/// The certificate as a PDF, printed by the server's headless Chromium. Runs where chromium and
/// poppler-utils are installed (CI installs them); elsewhere it is reported as skipped.
@Suite("Certificates as PDF")
struct CertificatePDFTests {
    let f = CounterFixture.shared
    static func tool(_ name: String) -> String? {
        ["/usr/bin/", "/usr/local/bin/"].map { $0 + name }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }
    static let available = tool("chromium") != nil && tool("pdftotext") != nil

    @Test("format pdf gives an A4 PDF whose text has the certificate's title, addressee and figures", .enabled(if: available))
    func pdf() throws {
        let (c, csrf) = try f.server().login(.okazaki, .clerk)
        let pop = f.view.pops[.okazaki]!
        let id = try #require(f.residents(.okazaki).first { pop.names[$0] != nil && pop.isResident($0, fiscalYear: 2025) })
        // One moment for both: "now" moves as the store grows (each issue is itself recorded).
        let knownAt = "2027-06-01"
        let json = try c.json("POST", "/api/certificates", ["kind": "income", "subject": id, "fiscal_year": 2025, "known_at": knownAt],
                              headers: [("X-CSRF-Token", csrf)])
        #expect(json.status == 200)
        let r = try c.json("POST", "/api/certificates", ["kind": "income", "subject": id, "fiscal_year": 2025, "format": "pdf", "known_at": knownAt],
                           headers: [("X-CSRF-Token", csrf)])
        #expect(r.status == 200, "\(r.text.prefix(300))")
        #expect(r.header("content-type") == "application/pdf")
        #expect(r.body.starts(with: Array("%PDF".utf8)))
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("kaisei-pdf-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("c.pdf")
        try Data(r.body).write(to: file)
        let p = Process()
        p.executableURL = URL(fileURLWithPath: Self.tool("pdftotext")!)
        p.arguments = ["-layout", file.path, "-"]
        let out = Pipe()
        p.standardOutput = out
        try p.run()
        let text = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        p.waitUntilExit()
        let name = pop.names[id]!.entries.last!.value.name
        let fingerprint = try #require(json.header("x-certificate-fingerprint"))
        let compact = text.filter { !$0.isWhitespace }
        #expect(compact.contains(id) && compact.contains(String(fingerprint.prefix(16))), "\(text.prefix(500))")
        #expect(text.contains("所得") && text.replacingOccurrences(of: " ", with: "").contains(name.replacingOccurrences(of: "\u{3000}", with: "")), "\(text.prefix(500))")
    }
}

@Suite("Pages: redirects and cached comparisons")
struct PageGateTests {
    let f = CounterFixture.shared

    @Test("after login only a path of this site is followed; anything else goes to the role's page", arguments: [
        ("/residents/okz-r-0000001", true), ("/", true), ("//evil.example", false), ("/\\evil.example", false), ("/\tevil", false),
        ("https://evil.example", false), ("/@evil.example", false), ("", false), ("residents", false),
    ])
    func nextIsLocal(path: String, local: Bool) {
        #expect(KaiseiService.isLocalRedirect(path) == local, "\(path)")
    }

    @Test("a comparison an analyst ran is not served from the cache to a clerk")
    func comparisonCacheKeepsTheGate() throws {
        let server = try f.server()
        let (analyst, _) = try server.login(.okazaki, .analyst)
        #expect(try analyst.request("GET", "/compare/summary.csv?fiscal_year=2026").status == 200)
        let (clerk, _) = try server.login(.okazaki, .clerk)
        let r = try clerk.request("GET", "/compare/summary.csv?fiscal_year=2026")
        #expect(r.status == 403)
        #expect(!r.text.contains("city,tax,group"))
    }
}
