import Foundation
import Testing
import KaiseiCore
import EventStore
import TestSupport

/// The counter service on the shared cloud's store: two `kaisei serve` processes on one
/// PostgreSQL database, as the cities run several application servers. Each follows what a
/// third process imports, and the access records of both land in one verifiable chain.
@Suite("The counter service on PostgreSQL", .serialized,
       .enabled(if: PostgresTestServer.available, "no PostgreSQL server: start one with tools/pg-cluster start and set KAISEI_TEST_POSTGRES"))
struct PostgresServiceTests {
    static let example = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("KaiseiCLITests/Fixtures/example-events.jsonl").path

    @Test("two services on one database both follow a name imported by a third process, and record into one chain")
    func twoServersFollowOneStore() throws {
        let store = try TemporaryPostgresStore()
        let env = CounterFixture.environment
        func kaisei(_ args: [String], stdin: String? = nil) throws {
            let r = try KaiseiBinary.run(args, stdin: stdin, environment: env)
            #expect(r.status == 0, "kaisei \(args.first ?? ""): \(r.stderr)")
        }
        try kaisei(["import", "--store", store.url, "--quiet", Self.example])
        try kaisei(["staff", "add", "--store", store.url, "--city", "okazaki", "--role", "clerk", "--user", "pgclerk", "--password-stdin"],
                   stdin: "password-of-pgclerk")
        let servers = try (0..<2).map { _ in try CounterFixture.Server(store: store.url) }
        defer { servers.forEach { $0.stop() } }

        var clients: [LoopbackHTTPClient] = []
        for server in servers {
            let c = server.client()
            let login = try c.json("POST", "/api/session", ["user": "pgclerk", "password": "password-of-pgclerk"])
            #expect(login.status == 200, "\(login.text)")
            clients.append(c)
            #expect(try c.request("GET", "/api/residents/okz-r-000001").status == 200)
            #expect(try c.request("GET", "/api/residents/toy-r-200001").status == 404, "the other city's resident does not exist")
        }

        // A third process records a change of name; both services must show it.
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("kaisei-pg-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let line = #"{"city":"okazaki","id":"pg-rename-1","payload":{"kana":"オカザキ　ハナコ","name":"岡崎　花子","reason":"correction"},"schema_version":1,"subject":"okz-r-000001","type":"NameRecorded","valid_date":"2013-04-01"}"#
        let file = dir.appendingPathComponent("rename.jsonl")
        try Data((line + "\n").utf8).write(to: file)
        try kaisei(["import", "--store", store.url, "--quiet", file.path])
        let head = try PostgresEventLog(url: store.url, readOnly: true).head().seq

        for (i, c) in clients.enumerated() {
            let start = Date()
            var followed = false
            while Date().timeIntervalSince(start) < 10 {
                if let w = (try? c.request("GET", "/readyz").json() as? [String: Any])?["watermark"] as? Int, w >= head { followed = true; break }
                Thread.sleep(forTimeInterval: 0.05)
            }
            #expect(followed, "service \(i) did not follow the store to seq \(head) within 10 s")
            let r = try c.request("GET", "/api/residents/okz-r-000001")
            #expect(r.status == 200 && r.text.contains("岡崎　花子"), "service \(i) shows the new name")
        }

        // Both services wrote access records into the one chain of the store.
        let access = try PostgresAccessLog(url: store.url, readOnly: true)
        let records = try access.accessRecords(AccessFilter(subject: "okz-r-000001"))
        #expect(records.count >= 4)
        // The audit page's read: the newest matching records, oldest first, and the page before them.
        let latest = try access.accessRecords(AccessFilter(subject: "okz-r-000001", limit: 2, latest: true))
        #expect(latest.map(\.seq) == records.suffix(2).map(\.seq))
        let earlier = try access.accessRecords(AccessFilter(subject: "okz-r-000001", limit: 2, beforeSeq: latest[0].seq, latest: true))
        #expect(earlier.map(\.seq) == records.dropLast(2).suffix(2).map(\.seq))
        #expect(try access.verifyAccessChain().isIntact)
        let verify = try KaiseiBinary.run(["verify", "--store", store.url], environment: env)
        #expect(verify.status == 0 && verify.stdout.contains("access log"), "\(verify.stdout)\(verify.stderr)")
    }

    @Test("on a streaming standby, kaisei serve --read-only answers, says it is degraded, refuses writes, follows the primary; promoted, the standby takes writes")
    func standby() throws {
        let primary = try PostgresCluster.start()
        defer { primary.remove() }
        try PostgresAdmin.createDatabase(serverURL: primary.url, name: "kaisei")
        let primaryURL = try primary.url(database: "kaisei")
        let env = CounterFixture.environment
        func kaisei(_ args: [String], stdin: String? = nil) throws {
            let r = try KaiseiBinary.run(args, stdin: stdin, environment: env)
            #expect(r.status == 0, "kaisei \(args.prefix(2).joined(separator: " ")): \(r.stderr)")
        }
        try kaisei(["import", "--store", primaryURL, "--quiet", Self.example])
        for (user, role) in [("stbclerk", "clerk"), ("stbadmin", "admin")] {
            try kaisei(["staff", "add", "--store", primaryURL, "--city", "okazaki", "--role", role, "--user", user, "--password-stdin"],
                       stdin: "password-of-\(user)")
        }
        let standby = try PostgresCluster.standby(of: primary)
        defer { standby.remove() }
        let standbyURL = try standby.url(database: "kaisei")
        #expect(try PostgresAdmin.scalar(standbyURL, "SELECT CASE WHEN pg_is_in_recovery() THEN 1 ELSE 0 END") == 1)

        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("kaisei-standby-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let trail = dir.appendingPathComponent("trail.sqlite").path
        let port = LoopbackHTTPClient.freePort()
        let p = try KaiseiBinary.start(["serve", "--store", standbyURL, "--read-only", "--audit-log", trail, "--bind", "127.0.0.1:\(port)", "--no-snapshots"],
                                       environment: env)
        CounterFixture.started.append(p.processIdentifier)
        defer { p.terminate(); p.waitUntilExit() }
        #expect(LoopbackHTTPClient.waitUntilReady(port: port, timeout: 60))
        let clerk = LoopbackHTTPClient(port: port)
        #expect(try clerk.json("POST", "/api/session", ["user": "stbclerk", "password": "password-of-stbclerk"]).status == 200)
        let page = try clerk.request("GET", "/residents/okz-r-000001")
        #expect(page.status == 200 && page.text.contains("縮退環境（読み取り専用）"))
        #expect(page.header("x-kaisei-degraded")?.hasPrefix("read-only") == true)
        let admin = LoopbackHTTPClient(port: port)
        let login = try admin.json("POST", "/api/session", ["user": "stbadmin", "password": "password-of-stbadmin"])
        let csrf = (try login.json() as? [String: Any])?["csrf_token"] as? String ?? ""
        let add = try admin.json("POST", "/api/staff", ["user": "new-clerk", "role": "clerk", "password": "long-enough-password"], headers: [("X-CSRF-Token", csrf)])
        #expect(add.status == 503 && add.text.contains("read-only"))

        // What the primary records reaches the standby and the service on it.
        let line = #"{"city":"okazaki","id":"stb-rename-1","payload":{"kana":"オカザキ　ジロウ","name":"岡崎　次郎","reason":"correction"},"schema_version":1,"subject":"okz-r-000001","type":"NameRecorded","valid_date":"2013-04-01"}"#
        let file = dir.appendingPathComponent("rename.jsonl")
        try Data((line + "\n").utf8).write(to: file)
        try kaisei(["import", "--store", primaryURL, "--quiet", file.path])
        let head = try PostgresEventLog(url: primaryURL, readOnly: true).head().seq
        let start = Date()
        var followed = false
        while Date().timeIntervalSince(start) < 15 {
            if let w = (try? clerk.request("GET", "/readyz").json() as? [String: Any])?["watermark"] as? Int, w >= head { followed = true; break }
            Thread.sleep(forTimeInterval: 0.05)
        }
        #expect(followed, "the service on the standby did not reach seq \(head)")
        #expect(try clerk.request("GET", "/api/residents/okz-r-000001").text.contains("岡崎　次郎"))

        // The switch: the primary is lost, the standby is promoted and takes writes.
        try primary.crash()
        try standby.promote()
        try kaisei(["staff", "add", "--store", standbyURL, "--city", "okazaki", "--role", "clerk", "--user", "after-switch", "--password-stdin"],
                   stdin: "password-of-after-switch")
        let verify = try KaiseiBinary.run(["verify", "--store", standbyURL], environment: env)
        #expect(verify.status == 0, "\(verify.stderr)")
    }
}
