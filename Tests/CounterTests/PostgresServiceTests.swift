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
        #expect(try access.verifyAccessChain().isIntact)
        let verify = try KaiseiBinary.run(["verify", "--store", store.url], environment: env)
        #expect(verify.status == 0 && verify.stdout.contains("access log"), "\(verify.stdout)\(verify.stderr)")
    }
}
