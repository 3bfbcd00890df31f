import Foundation
import Testing
import KaiseiCore
import EventStore
import Counter
import TestSupport

/// Every look at a person's data leaves exactly one access record, committed before the answer
/// leaves; the trail is hash-chained and `kaisei verify` finds an altered record.
@Suite("The audit trail", .serialized)
struct AuditTrailTests {
    let f = CounterFixture.shared

    @Test("each personal-data route leaves exactly one access record naming the staff, purpose, route and subjects")
    func oneRecordPerLook() throws {
        let server = try f.server()
        // An account of its own, so records of tests running beside this one are not counted.
        let (c, csrf) = try server.loginNew("audit-probe", .okazaki, .clerk, store: f.store)
        func mine() throws -> [StoredAccessRecord] {
            try SQLiteAccessLog(path: f.store, readOnly: true).accessRecords(AccessFilter(staff: "okz-s-audit-probe", limit: 10_000_000))
        }
        let id = f.residents(.okazaki).first { f.view.pops[.okazaki]!.names[$0] != nil }!
        let household = f.view.pops[.okazaki]!.residents[id]!.household.entries.last!.value
        let issued = try c.json("POST", "/api/certificates", ["kind": "income", "subject": id, "fiscal_year": 2025], headers: [("X-CSRF-Token", csrf)])
        let calls: [(purpose: String, route: String, call: () throws -> LoopbackResponse)] = [
            ("search", "GET /api/residents", { try c.request("GET", "/api/residents?q=\(id)") }),
            ("resident", "GET /api/residents/{id}", { try c.request("GET", "/api/residents/\(id)") }),
            ("resident", "GET /api/residents/{id}", { try c.request("GET", "/api/residents/\(id)?known_at=2022-01-01") }),
            ("assessment", "GET /api/residents/{id}/assessment", { try c.request("GET", "/api/residents/\(id)/assessment?fiscal_year=2025") }),
            ("household-nhi", "GET /api/households/{id}/nhi", { try c.request("GET", "/api/households/\(household)/nhi?fiscal_year=2025") }),
            ("certificate-issue", "POST /api/certificates", {
                try c.json("POST", "/api/certificates", ["kind": "income", "subject": id, "fiscal_year": 2025, "format": "html"], headers: [("X-CSRF-Token", csrf)])
            }),
            ("certificate-verify", "POST /api/certificates/verify", {
                try c.request("POST", "/api/certificates/verify", headers: [("X-CSRF-Token", csrf)], body: issued.body)
            }),
        ]
        for call in calls {
            let before = try mine().count
            let r = try call.call()
            #expect(r.status == 200, "\(call.route): \(r.status) \(r.text.prefix(200))")
            let records = try mine()
            #expect(records.count == before + 1, "\(call.route) left \(records.count - before) records")
            let last = records.last!.record
            #expect(last.purpose == call.purpose && last.route == call.route && last.staff == "okz-s-audit-probe" && last.city == .okazaki)
            #expect(last.subjects.contains(call.purpose == "household-nhi" ? household : id))
        }
    }

    @Test("an answer that is refused (unknown id, wrong role, no session) leaves no access record")
    func refusalsLeaveNone() throws {
        let server = try f.server()
        let (clerk, _) = try server.loginNew("refusal-clerk", .toyohashi, .clerk, store: f.store)
        let (analyst, _) = try server.loginNew("refusal-analyst", .toyohashi, .analyst, store: f.store)
        func mine() throws -> Int {
            try SQLiteAccessLog(path: f.store, readOnly: true).accessRecords(AccessFilter(city: .toyohashi, limit: 10_000_000))
                .filter { $0.record.staff.hasPrefix("toy-s-refusal-") }.count
        }
        let before = try mine()
        #expect(try clerk.request("GET", "/api/residents/toy-r-9999999").status == 404)
        #expect(try analyst.request("GET", "/api/residents/\(f.residents(.toyohashi)[0])").status == 403)
        #expect(try server.client().request("GET", "/api/residents/\(f.residents(.toyohashi)[0])").status == 401)
        #expect(try mine() == before)
    }

    @Test("auditors read their city's trail as JSON and CSV; kaisei audit-log prints it")
    func auditorsRead() throws {
        let server = try f.server()
        let (clerk, _) = try server.login(.okazaki, .clerk)
        let id = f.residents(.okazaki)[5]
        _ = try clerk.request("GET", "/api/residents/\(id)")
        let (auditor, _) = try server.login(.okazaki, .auditor)
        let r = try auditor.request("GET", "/api/audit?subject=\(id)")
        #expect(r.status == 200)
        let records = try #require((try r.json() as? [String: Any])?["records"] as? [[String: Any]])
        #expect(records.contains { ($0["subjects"] as? [String])?.contains(id) == true && $0["staff"] as? String == "okz-s-okz-clerk" })
        let csv = try auditor.request("GET", "/api/audit?subject=\(id)&format=csv")
        #expect(csv.header("content-type")?.hasPrefix("text/csv") == true && csv.text.contains(id))
        let cli = try KaiseiBinary.run(["audit-log", "--store", f.store, "--subject", id, "--format", "json"])
        #expect(cli.status == 0 && cli.stdout.contains(id))
    }

    @Test("a tampered access record makes kaisei verify fail with exit 3 and name the record")
    func tamperedTrailFailsVerify() throws {
        // A copy of the store, so the shared one stays intact.
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("kaisei-tamper-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        _ = try f.service.search(f.caller(.okazaki, .clerk), SearchQuery(text: "カ"), knownAt: nil, route: "test")
        let copy = dir.appendingPathComponent("copy.sqlite").path
        let backup = try SQLiteDatabaseOpener.open(f.store)
        try backup.execute("VACUUM INTO '\(copy)'")
        #expect(try KaiseiBinary.run(["verify", "--store", copy]).status == 0)
        let db = try SQLiteDatabaseOpener.open(copy)
        try db.execute("DROP TRIGGER access_refuse_update")
        try db.execute("UPDATE access_log SET staff = 'okz-s-someone-else' WHERE seq = 1")
        let r = try KaiseiBinary.run(["verify", "--store", copy])
        #expect(r.status == 3)
        #expect(r.stderr.contains("access log") && r.stderr.contains("1"))
    }
}
