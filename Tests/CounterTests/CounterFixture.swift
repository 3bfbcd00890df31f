import Foundation
import Testing
import KaiseiCore
import KaiseiEvents
import EventStore
import Law
import Replay
import Counter
import KaiseiServer
import TestSupport

/// One generated two-city store for the counter's tests, built once: the annual levy runs of
/// FY2021–FY2026, each in June of its year on the history known then (so a resident's page has
/// the current year and the four before it), the rest of the history, a FY2026 correction run
/// and payments of every year; staff of every role in both cities. The in-process service reads it; `server()` starts `kaisei serve`
/// on it as a separate process, as the cities run it.
final class CounterFixture: @unchecked Sendable {
    static let shared = try! CounterFixture()
    static let runAt = "2026-06-10T09:00:00+09:00"
    static let laterAt = "2028-01-10T09:00:00+09:00"
    /// The fiscal years levied before FY2026's run, each at its own June.
    static let earlierYears = Array(2021...2025)
    static let revisions = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("revisions").path
    static let roles = Vocabulary.StaffRole.allCases
    /// Tests only: bcrypt at its minimum cost, so 8 accounts and many logins take milliseconds.
    static let environment = ["KAISEI_BCRYPT_COST": "4", "KAISEI_REVISIONS": revisions]

    let dir: URL
    var store: String { dir.appendingPathComponent("counter.sqlite").path }
    let ruleBase: RuleBase
    let service: CounterService
    /// The newest event as the fixture left it: tests that compare two paths ask about moments
    /// before it, since tests running beside them append (certificates issued, staff added).
    let headAtCreation: ChainHead

    init() throws {
        setenv("KAISEI_BCRYPT_COST", "4", 1)
        dir = FileManager.default.temporaryDirectory.appendingPathComponent("kaisei-counter-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        RemoveAtExit.folder(dir)
        let population = dir.appendingPathComponent("population.jsonl").path
        let store = dir.appendingPathComponent("counter.sqlite").path
        func run(_ args: [String], stdin: String? = nil) throws {
            let r = try KaiseiBinary.run(args, stdin: stdin, environment: Self.environment)
            if r.status != 0 { Issue.record("kaisei \(args.joined(separator: " ")) failed: \(r.stderr)") }
        }
        try run(["generate", "--seed", "5", "--scale", "0.003", "-o", population])
        for fy in Self.earlierYears {
            let at = "\(fy)-06-10T09:00:00+09:00"
            try run(["import", population, "--until", at, "--store", store])
            try run(["levy-run", "--fiscal-year", String(fy), "--at", at, "--store", store, "--revisions", Self.revisions])
        }
        try run(["import", population, "--until", Self.runAt, "--store", store])
        try run(["levy-run", "--fiscal-year", "2026", "--at", Self.runAt, "--store", store, "--revisions", Self.revisions])
        try run(["import", population, "--store", store])
        try run(["levy-run", "--fiscal-year", "2026", "--at", Self.laterAt, "--store", store, "--revisions", Self.revisions])
        for fy in Self.earlierYears + [2026] {
            try run(["payments", "simulate", "--fiscal-year", String(fy), "--store", store, "--at", Self.laterAt, "--no-snapshots"])
        }
        for city in City.allCases {
            for role in Self.roles {
                try run(["staff", "add", "--store", store, "--city", city.rawValue, "--role", role.rawValue,
                         "--user", Self.user(city, role), "--password-stdin"], stdin: Self.password(city, role))
            }
        }
        ruleBase = Checkout.ruleBase
        headAtCreation = try StoreBackend.open(.sqlite(path: store), readOnly: true).head()
        service = try KaiseiService.makeCounter(.sqlite(path: store), ruleBase: ruleBase, snapshots: nil)
        try service.state.load()
    }
    deinit { try? FileManager.default.removeItem(at: dir) }

    static func user(_ city: City, _ role: Vocabulary.StaffRole) -> String { "\(city.idPrefix)-\(role.rawValue)" }
    static func password(_ city: City, _ role: Vocabulary.StaffRole) -> String { "pw-\(city.rawValue)-\(role.rawValue)-0123" }

    func caller(_ city: City, _ role: Vocabulary.StaffRole) -> Caller {
        Caller(user: Self.user(city, role), staffId: city.staffId(Self.user(city, role)), city: city, role: role)
    }

    var view: CounterState.View { service.state.view! }

    /// A counter service over a store of its own holding one subject's `events` (each the
    /// envelope's type and valid date as JSON members, and the payload), recorded a second apart
    /// from 09:00:00 of `day`: for facts the generated population does not have.
    func service(of subject: String, in city: City, _ events: [(envelope: String, payload: String)], recordedOn day: String) throws -> CounterService {
        let dir = self.dir.appendingPathComponent("own-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let lines = events.enumerated().map { i, e in
            #"{"id":"own-\#(i)","city":"\#(city.rawValue)","subject":"\#(subject)",\#(e.envelope),"recorded_at":"\#(day)T09:00:\#(String(format: "%02d", i))+09:00","payload":\#(e.payload)}"#
        }
        let file = dir.appendingPathComponent("events.jsonl"), store = dir.appendingPathComponent("s.sqlite").path
        try Data((lines.joined(separator: "\n") + "\n").utf8).write(to: file)
        let imported = try KaiseiBinary.run(["import", file.path, "--store", store])
        guard imported.status == 0 else { throw LoopbackHTTPError("import: \(imported.stderr)") }
        let service = try KaiseiService.makeCounter(.sqlite(path: store), ruleBase: ruleBase, snapshots: nil)
        try service.state.load()
        return service
    }

    /// Resident ids of a city, sorted.
    func residents(_ city: City) -> [String] { view.pops[city]!.residents.keys.sorted() }

    func accessCount() throws -> Int {
        try SQLiteAccessLog(path: store, readOnly: true).accessRecords(AccessFilter(limit: 10_000_000)).count
    }

    /// Servers still running when the test process exits are stopped then (a `kaisei serve`
    /// left behind would keep its port and its memory).
    nonisolated(unsafe) static var started: [Int32] = []
    static let stopAtExit: Void = { atexit { for pid in CounterFixture.started { kill(pid, SIGTERM) } } }()

    /// `kaisei serve` on the fixture's store, on a free loopback port, until `stop()`.
    final class Server: @unchecked Sendable {
        let process: Process
        let port: Int
        init(store: String) throws {
            port = LoopbackHTTPClient.freePort()
            process = try KaiseiBinary.start(["serve", "--store", store, "--bind", "127.0.0.1:\(port)", "--no-snapshots"],
                                             environment: CounterFixture.environment.merging(["LOG_LEVEL": "warning"]) { $1 })
            _ = CounterFixture.stopAtExit
            CounterFixture.started.append(process.processIdentifier)
            guard LoopbackHTTPClient.waitUntilReady(port: port, timeout: 60) else {
                process.terminate()
                throw LoopbackHTTPError("kaisei serve did not become ready on port \(port)")
            }
        }
        func client() -> LoopbackHTTPClient { LoopbackHTTPClient(port: port) }

        /// A client logged in as the role of the city, with its CSRF token.
        func login(_ city: City, _ role: Vocabulary.StaffRole) throws -> (LoopbackHTTPClient, String) {
            let c = client()
            let r = try c.json("POST", "/api/session", ["user": CounterFixture.user(city, role), "password": CounterFixture.password(city, role)])
            guard r.status == 200, let body = try r.json() as? [String: Any], let token = body["csrf_token"] as? String else {
                throw LoopbackHTTPError("login as \(city) \(role) failed: \(r.status) \(r.text)")
            }
            return (c, token)
        }
        /// A new account of its own (added by another process, as an admin would), logged in once
        /// the service has followed the store to it.
        func loginNew(_ user: String, _ city: City, _ role: Vocabulary.StaffRole, store: String) throws -> (LoopbackHTTPClient, String) {
            let password = "password-of-\(user)"
            let add = try KaiseiBinary.run(["staff", "add", "--store", store, "--city", city.rawValue, "--role", role.rawValue, "--user", user, "--password-stdin"],
                                           stdin: password, environment: CounterFixture.environment)
            if add.status != 0 { throw LoopbackHTTPError("staff add \(user): \(add.stderr)") }
            // Wait until the service has followed the store to the new account (failed logins
            // meanwhile would count against it and lock it).
            let head = try StoreBackend.open(.sqlite(path: store), readOnly: true).head().seq
            let c = client()
            let start = Date()
            while Date().timeIntervalSince(start) < 30 {
                let ready = try c.request("GET", "/readyz")
                if let w = (try? ready.json() as? [String: Any])?["watermark"] as? Int, w >= head { break }
                Thread.sleep(forTimeInterval: 0.05)
            }
            let r = try c.json("POST", "/api/session", ["user": user, "password": password])
            if r.status == 200, let token = (try r.json() as? [String: Any])?["csrf_token"] as? String { return (c, token) }
            throw LoopbackHTTPError("\(user) could not log in after the service followed the store: \(r.status) \(r.text)")
        }
        func stop() {
            process.terminate()
            process.waitUntilExit()
        }
    }

    private var running: Server?
    private let lock = NSLock()
    /// One server for the suites that only read; suites that stop or disturb it start their own.
    func server() throws -> Server {
        try lock.withLock {
            if let running { return running }
            let s = try Server(store: store)
            running = s
            return s
        }
    }
}
