import Foundation
import Testing
import KaiseiCore
import Counter
import TestSupport

/// The degraded environment: `kaisei serve --read-only` on a restored backup that nobody may
/// write answers searches, pages and certificates, records every look in its own trail,
/// refuses changes with a clear message and says on every page how current it is.
@Suite("kaisei serve --read-only on a restored backup", .serialized)
struct DegradedTests {
    let f = CounterFixture.shared

    @Test("answers reads, keeps its own trail, refuses writes, and every page says it is the degraded environment")
    func readOnly() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("kaisei-degraded-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let backup = dir.appendingPathComponent("b.sqlite").path, restored = dir.appendingPathComponent("r.sqlite").path
        #expect(try KaiseiBinary.run(["backup", "create", "--store", f.store, backup]).status == 0)
        #expect(try KaiseiBinary.run(["backup", "restore", backup, "--to", restored]).status == 0)
        try FileManager.default.setAttributes([.posixPermissions: 0o444], ofItemAtPath: restored)
        let trail = dir.appendingPathComponent("trail.sqlite").path
        let port = LoopbackHTTPClient.freePort()
        let p = try KaiseiBinary.start(["serve", "--store", restored, "--read-only", "--audit-log", trail, "--bind", "127.0.0.1:\(port)", "--no-snapshots"],
                                       environment: CounterFixture.environment)
        CounterFixture.started.append(p.processIdentifier)
        defer { p.terminate(); p.waitUntilExit() }
        #expect(LoopbackHTTPClient.waitUntilReady(port: port, timeout: 60))
        let c = LoopbackHTTPClient(port: port)
        let ready = try c.request("GET", "/readyz")
        #expect(ready.text.contains("\"read_only\":true"))
        let login = try c.json("POST", "/api/session", ["user": "okz-clerk", "password": CounterFixture.password(.okazaki, .clerk)])
        #expect(login.status == 200)
        let csrf = try #require((try login.json() as? [String: Any])?["csrf_token"] as? String)
        let id = f.residents(.okazaki)[4]
        let page = try c.request("GET", "/residents/\(id)")
        #expect(page.status == 200 && page.text.contains("縮退環境（読み取り専用）"))
        #expect(page.header("x-kaisei-degraded")?.hasPrefix("read-only") == true)
        let cert = try c.json("POST", "/api/certificates", ["kind": "tax-payment", "subject": id, "fiscal_year": 2026], headers: [("X-CSRF-Token", csrf)])
        #expect(cert.status == 200 || cert.status == 422, "\(cert.text.prefix(200))")
        let (admin, adminCSRF): (LoopbackHTTPClient, String) = try {
            let a = LoopbackHTTPClient(port: port)
            let r = try a.json("POST", "/api/session", ["user": "okz-admin", "password": CounterFixture.password(.okazaki, .admin)])
            return (a, (try r.json() as? [String: Any])?["csrf_token"] as? String ?? "")
        }()
        let add = try admin.json("POST", "/api/staff", ["user": "new-clerk", "role": "clerk", "password": "long-enough-password"], headers: [("X-CSRF-Token", adminCSRF)])
        #expect(add.status == 503 && add.text.contains("read-only"))
        // The looks were recorded in the trail of its own; the restored store is untouched.
        let trailLog = try KaiseiBinary.run(["audit-log", "--store", trail, "--format", "json"])
        #expect(trailLog.status == 0 && trailLog.stdout.contains(id))
        #expect(try KaiseiBinary.run(["backup", "verify", backup]).status == 0)
        let verify = try KaiseiBinary.run(["verify", "--store", restored])
        #expect(verify.status == 0)
    }
}
