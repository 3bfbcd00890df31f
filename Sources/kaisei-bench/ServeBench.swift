import Foundation
#if canImport(Glibc)
import Glibc
#endif
import KaiseiCore
import KaiseiEvents
import EventStore
import Synthetic
import TestSupport

/// `kaisei serve` under load, as a counter's clerks would use it: the real server binary as a
/// child process on loopback, started from a snapshot of an existing (full-scale) store, and N
/// client threads, each logged in as a clerk of its city, asking for residents, searching by
/// kana and issuing income certificates until the time is up.
///
///     kaisei generate --scale 1.0 --store pop.sqlite          (once; half an hour)
///     kaisei-bench serve --store pop.sqlite [--clients 32] [--seconds 30] [--rate R] [--port P] [--seed N] [--json FILE]
///
/// Without `--rate` each client sends its next request as soon as the last is answered (a
/// saturation test: the figures are mostly waiting in line on two cores). With `--rate R` the
/// clients together send R requests a second at seeded random (Poisson) times, as a counter's
/// clerks do, and a request's latency counts from when it was due, so a slow answer is not
/// hidden by the requests it delayed. Every answer's own server time is read from its
/// `Server-Timing` header (the handling inside `kaisei serve`, from the first middleware to the
/// finished response), with its size: the page figures the web pages' issue names.
///
/// Untimed preparation: a clerk, an auditor, an analyst and an admin account per city
/// (`bench-okz`, `bench-toy`, `bench-okz-audit`, `bench-toy-audit`, `bench-okz-analyst`,
/// `bench-toy-analyst`, `bench-okz-admin`, `bench-toy-admin`; kept if they exist) and
/// a snapshot (`kaisei snapshot create`) in `KAISEI_SNAPSHOTS`, or `FILE-snapshots/` beside the
/// store, which the server is given through the same variable. Timed: startup (launch until
/// `GET /readyz` answers 200), every request's latency by route, and graceful shutdown
/// (SIGTERM until the process exits). The server's peak RSS is read from /proc before it stops.
func serveBench(arguments: [String]) throws {
    var storeArgument: String?
    var clients = 32
    var runSeconds = 30.0
    var portArgument: Int?
    var seed: UInt64 = 1
    var jsonPath: String?
    var askedRate: Double?
    let usage = "usage: kaisei-bench serve --store FILE.sqlite [--clients N] [--seconds S] [--rate REQUESTS_PER_S] [--port P] [--seed N] [--json FILE]"
    var args = ArraySlice(arguments)
    while let a = args.popFirst() {
        switch a {
        case "--store": storeArgument = args.popFirst()
        case "--clients": clients = max(1, Int(args.popFirst() ?? "") ?? clients)
        case "--seconds": runSeconds = max(1, Double(args.popFirst() ?? "") ?? runSeconds)
        case "--port": portArgument = Int(args.popFirst() ?? "")
        case "--seed": seed = UInt64(args.popFirst() ?? "") ?? seed
        case "--json": jsonPath = args.popFirst()
        case "--rate":
            guard let r = args.popFirst().flatMap(Double.init), r > 0, r.isFinite else { throw BenchFailure("serve: --rate expects requests a second, more than 0") }
            askedRate = r
        case "--help", "-h": print(usage); return
        default: FileHandle.standardError.write(Data("unknown argument \(a)\n\(usage)\n".utf8)); exit(64)
        }
    }
    guard let storeArgument else {
        throw BenchFailure("serve: --store FILE.sqlite is required: an existing store, made with `kaisei generate --scale 1.0 --store FILE.sqlite`")
    }
    let storeURL = URL(fileURLWithPath: storeArgument).standardizedFileURL
    let store = storeURL.path
    guard FileManager.default.fileExists(atPath: store) else {
        throw BenchFailure("serve: no store at \(store). Generate one first (once, about half an hour):\n  kaisei generate --scale 1.0 --store \(storeArgument)")
    }
    if let portArgument, !(1...65_535).contains(portArgument) { throw BenchFailure("serve: --port must be 1…65535") }
    let kaisei = try serveBenchKaiseiExecutable()

    // The population: residents registered per city, from the store's counts by event type (ids
    // are contiguous per city: `okz-r-0000000` …, numbered from 0 as `Synthetic.Generator` does).
    let population = try serveBenchResidentsPerCity(store)
    let corporations = try serveBenchCorporations(store)
    for city in City.allCases where (population[city] ?? 0) == 0 {
        throw BenchFailure("serve: the store has no ResidentRegistered events for \(city.rawValue); generate a population into it first")
    }

    let workDir = FileManager.default.temporaryDirectory.appendingPathComponent("kaisei-bench-serve-\(getpid())")
    try FileManager.default.createDirectory(at: workDir, withIntermediateDirectories: true)
    var keepWorkDir = true
    defer {
        if keepWorkDir { print("  (server log and work files kept in \(workDir.path))") } else { try? FileManager.default.removeItem(at: workDir) }
    }

    let inherited = ProcessInfo.processInfo.environment
    let snapshots = inherited["KAISEI_SNAPSHOTS"].flatMap { $0.isEmpty ? nil : $0 }
        ?? storeURL.deletingPathExtension().path + "-snapshots"
    var environment = inherited
    environment.removeValue(forKey: "KAISEI_STORE")
    environment["KAISEI_BCRYPT_COST"] = "10"
    environment["KAISEI_SNAPSHOTS"] = snapshots

    func f(_ v: Double, _ d: Int = 0) -> String { v.isFinite ? String(format: "%.\(d)f", v) : "n/a" }
    print("kaisei-bench: serve, store \(store) (\(population[.okazaki] ?? 0) Okazaki and \(population[.toyohashi] ?? 0) Toyohashi residents registered), \(clients) clients, \(f(runSeconds)) s, \(ProcessInfo.processInfo.activeProcessorCount) cores, \(kaisei.path)")

    // Untimed: clerk and auditor accounts, then a snapshot holding everything in the store.
    let password = "bench-password-1"
    let accounts: [(City, String, String)] = [(.okazaki, "bench-okz", "clerk"), (.toyohashi, "bench-toy", "clerk"),
                                              (.okazaki, "bench-okz-audit", "auditor"), (.toyohashi, "bench-toy-audit", "auditor"),
                                              (.okazaki, "bench-okz-analyst", "analyst"), (.toyohashi, "bench-toy-analyst", "analyst"),
                                              (.okazaki, "bench-okz-admin", "admin"), (.toyohashi, "bench-toy-admin", "admin")]
    for (city, user, role) in accounts {
        let r = try serveBenchRun(kaisei, ["staff", "add", "--store", store, "--city", city.rawValue, "--role", role, "--user", user, "--password-stdin"],
                                  stdin: password, environment: environment, workDir: workDir)
        if r.status != 0 {
            guard (r.stderr + r.stdout).lowercased().contains("already") else {
                throw BenchFailure("serve: `kaisei staff add --user \(user)` failed (exit \(r.status)): \(r.stderr)\(r.stdout)")
            }
            print("  staff \(user): already present")
        } else {
            print("  staff \(user): added")
        }
    }
    let snapshotStart = DispatchTime.now().uptimeNanoseconds
    let snap = try serveBenchRun(kaisei, ["snapshot", "create", "--store", store, "--snapshots", snapshots],
                                 stdin: nil, environment: environment, workDir: workDir)
    guard snap.status == 0 else {
        throw BenchFailure("serve: `kaisei snapshot create --store \(store) --snapshots \(snapshots)` failed (exit \(snap.status)): \(snap.stderr)\(snap.stdout)")
    }
    print("  snapshot (untimed, \(f(serveBenchSeconds(since: snapshotStart), 1)) s): \(snap.stdout.trimmingCharacters(in: .whitespacesAndNewlines))")

    // The server, as a child process; startup is launch until /readyz answers 200.
    let port = portArgument ?? LoopbackHTTPClient.freePort()
    let logURL = workDir.appendingPathComponent("serve.log")
    FileManager.default.createFile(atPath: logURL.path, contents: nil)
    let logHandle = try FileHandle(forWritingTo: logURL)
    defer { try? logHandle.close() }
    let server = Process()
    server.executableURL = kaisei
    server.arguments = ["serve", "--store", store, "--bind", "127.0.0.1:\(port)"]
    server.environment = environment
    server.standardInput = FileHandle.nullDevice
    server.standardOutput = logHandle
    server.standardError = logHandle
    let launched = DispatchTime.now().uptimeNanoseconds
    try server.run()
    defer {
        if server.isRunning {
            kill(server.processIdentifier, SIGKILL)
            server.waitUntilExit()
        }
    }
    let ready = LoopbackHTTPClient.waitUntilReady(port: port, path: "/readyz", timeout: 600, stillStarting: { server.isRunning })
    let startupSeconds = serveBenchSeconds(since: launched)
    guard ready else {
        let why = server.isRunning ? "did not answer 200 on GET /readyz within 600 s" : "exited (status \(server.terminationStatus)) before answering on /readyz"
        throw BenchFailure("serve: `kaisei serve --bind 127.0.0.1:\(port)` \(why). The end of its log (\(logURL.path)):\n\(serveBenchTail(logURL))")
    }
    print("  startup (launch → GET /readyz 200)  \(f(startupSeconds, 2)) s   (port \(port))")

    // The clients: half Okazaki, half Toyohashi; each logs in, waits for the others, then runs
    // its mix until the deadline.
    let shared = ServeBenchShared()
    func clerkIndex(_ i: Int) -> Bool { i % 8 != 7 && i % 16 != 6 && i % 16 != 13 }
    var adminIndex = -1
    if clients >= 4 { adminIndex = (0..<clients).reversed().first(where: clerkIndex) ?? -1 }
    for i in 0..<clients {
        let city: City = i % 2 == 0 ? .okazaki : .toyohashi
        // One client in eight is an auditor of its city reading the audit trail page (the
        // newest 200 records: the heaviest page); one in eight, of each city in turn, an analyst
        // asking for the FY2027 drafts' comparisons (each a whole city assessed twice, computed
        // beside the counter's requests); the rest are clerks.
        // The last client that is neither is an admin reading the staff page.
        let auditor = i % 8 == 7
        let analyst = !auditor && (i % 16 == 6 || i % 16 == 13)
        let admin = i == adminIndex
        let plan = ServeClientPlan(index: i, port: port, city: city,
                                   user: (city == .okazaki ? "bench-okz" : "bench-toy") + (auditor ? "-audit" : analyst ? "-analyst" : admin ? "-admin" : ""),
                                   auditor: auditor, analyst: analyst, admin: admin,
                                   password: password, population: population[city] ?? 1, corporations: corporations[city] ?? [],
                                   seed: seed &* 1_000_003 &+ UInt64(i),
                                   intervalNanos: askedRate.map { Double(clients) / $0 * 1e9 })
        let thread = Thread { serveBenchClient(plan, shared) }
        thread.start()
    }
    shared.waitForLogins(clients)
    let loginFailures = shared.loginFailures
    if loginFailures.count == clients {
        shared.start(deadline: 0)
        shared.waitForFinish(clients)
        throw BenchFailure("serve: no client could log in; the first answer: \(loginFailures.first ?? "")\nThe end of the server's log (\(logURL.path)):\n\(serveBenchTail(logURL))")
    }
    let runStart = DispatchTime.now().uptimeNanoseconds
    shared.start(deadline: runStart + UInt64(runSeconds * 1e9))
    shared.waitForFinish(clients)
    let measured = serveBenchSeconds(since: runStart)

    // After the run: /metrics once, the server's memory, then a graceful stop.
    var metricsBytes: Int?
    var metricsStatus = 0
    if let m = try? LoopbackHTTPClient(port: port).request("GET", "/metrics") {
        metricsStatus = m.status
        metricsBytes = m.body.count
    }
    let serverDiedEarly = !server.isRunning
    let (peakRSS, endRSS) = serveBenchProcessMemoryMB(server.processIdentifier)
    let stopStart = DispatchTime.now().uptimeNanoseconds
    var stoppedGracefully = false
    if server.isRunning {
        kill(server.processIdentifier, SIGTERM)
        let grace: UInt64 = 120 * 1_000_000_000
        while server.isRunning && DispatchTime.now().uptimeNanoseconds - stopStart < grace { usleep(2_000) }
        stoppedGracefully = !server.isRunning
    }
    let shutdownSeconds = serveBenchSeconds(since: stopStart)
    if server.isRunning {
        kill(server.processIdentifier, SIGKILL)
        server.waitUntilExit()
    }
    let exitStatus = server.terminationStatus

    // The figures.
    let results = shared.results
    var tallies = ServeRoute.allCases.map { _ in RouteTally() }
    var relogins = 0
    var lastErrors: [String] = ServeRoute.allCases.map { _ in "" }
    for r in results {
        for route in ServeRoute.allCases {
            tallies[route.rawValue].merge(r.tallies[route.rawValue])
            if !r.lastErrors[route.rawValue].isEmpty { lastErrors[route.rawValue] = r.lastErrors[route.rawValue] }
        }
        relogins += r.relogins
    }
    let totalRequests = tallies.reduce(0) { $0 + $1.latencies.count }
    let totalErrors = tallies.reduce(0) { $0 + $1.errors }
    let rate = Double(totalRequests) / measured
    struct RouteFigures {
        let name: String; let count: Int; let perSecond: Double; let p50, p90, p99, max: Double; let statuses: [(Int, Int)]; let errors: Int; let lastError: String
        let server50, server90, server99, serverMax: Double; let bytesMax: Int
        let okCount: Int; let ok99: Double
    }
    let figures: [RouteFigures] = ServeRoute.allCases.map { route in
        let t = tallies[route.rawValue]
        let sorted = t.latencies.sorted(), server = t.serverMicros.sorted(), ok = t.okServerMicros.sorted()
        /// The q-quantile of sorted values, in milliseconds (`perMs`: values in a millisecond).
        func quantile(_ values: [UInt64], _ q: Double, perMs: Double) -> Double {
            values.isEmpty ? .nan : Double(values[min(values.count - 1, Int(Double(values.count) * q))]) / perMs
        }
        func pct(_ q: Double) -> Double { quantile(sorted, q, perMs: 1e6) }
        func serverPct(_ q: Double) -> Double { quantile(server, q, perMs: 1e3) }
        return RouteFigures(name: route.name, count: sorted.count, perSecond: Double(sorted.count) / measured,
                            p50: pct(0.50), p90: pct(0.90), p99: pct(0.99), max: sorted.last.map { Double($0) / 1e6 } ?? .nan,
                            statuses: t.statuses.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }, errors: t.errors, lastError: lastErrors[route.rawValue],
                            server50: serverPct(0.50), server90: serverPct(0.90), server99: serverPct(0.99), serverMax: server.last.map { Double($0) / 1e3 } ?? .nan,
                            bytesMax: t.bytesMax, okCount: ok.count, ok99: quantile(ok, 0.99, perMs: 1e3))
    }
    func pad(_ s: String, _ n: Int) -> String { s.count >= n ? s : s + String(repeating: " ", count: n - s.count) }
    var lines: [String] = []
    lines.append("  population             \(population[.okazaki] ?? 0) Okazaki, \(population[.toyohashi] ?? 0) Toyohashi residents registered")
    lines.append("  load                   \(askedRate.map { "\(f($0)) requests/s asked (open loop, Poisson arrivals; latency from when each was due)" } ?? "closed loop: each client asks again as soon as answered")")
    lines.append("  clients                \(clients) (\(clients - loginFailures.count) logged in\(loginFailures.isEmpty ? "" : "; \(loginFailures.count) could not: \(loginFailures[0])"))\(relogins > 0 ? ", \(relogins) logged in again after a 401" : "")")
    lines.append("  run                    \(f(measured, 2)) s (asked \(f(runSeconds)) s)")
    lines.append("  total                  \(totalRequests) requests, \(f(rate)) req/s\(totalErrors > 0 ? ", \(totalErrors) transport errors" : "")")
    for r in figures {
        let statuses = r.statuses.map { "\($0.0)×\($0.1)" }.joined(separator: " ")
        lines.append("  \(pad(r.name, 22)) \(r.count) (\(f(r.perSecond)) req/s)   p50 \(f(r.p50, 2)) / p90 \(f(r.p90, 2)) / p99 \(f(r.p99, 2)) / max \(f(r.max, 2)) ms   status \(statuses.isEmpty ? "-" : statuses)\(r.errors > 0 ? "   \(r.errors) transport errors (last: \(r.lastError))" : "")")
        lines.append("  \(pad("", 22)) server time p50 \(f(r.server50, 2)) / p90 \(f(r.server90, 2)) / p99 \(f(r.server99, 2)) / max \(f(r.serverMax, 2)) ms (200 answers: \(r.okCount), p99 \(f(r.ok99, 2)) ms)   largest answer \(r.bytesMax) bytes")
    }
    // The web pages' targets (issue 16): every page's server p99 under 50 ms, every answer under 200 KB.
    // Judged on the answers with status 200 (an error page is quick and small); a page with none
    // is not measured.
    let pages = figures.filter { r in ServeRoute.allCases.first { $0.name == r.name }?.isPage == true && r.okCount > 0 }
    let slow = pages.filter { !($0.ok99 < 50) }, heavy = pages.filter { $0.bytesMax >= 200_000 }
    let failing = pages.filter { $0.errors > 0 }
    let unmeasured = ServeRoute.allCases.filter { route in route.isPage && !pages.contains { $0.name == route.name } }.map(\.name)
    lines.append("  page targets           server p99 of 200 answers < 50 ms: \(slow.isEmpty ? "met" : "NOT met (" + slow.map { "\($0.name) \(f($0.ok99, 1)) ms" }.joined(separator: ", ") + ")")"
                 + "; answers < 200 KB: \(heavy.isEmpty ? "met" : "NOT met (" + heavy.map { "\($0.name) \($0.bytesMax) bytes" }.joined(separator: ", ") + ")")"
                 + "; transport errors: \(failing.isEmpty ? "none" : failing.map(\.name).joined(separator: ", "))"
                 + " — \(pages.count) pages measured\(unmeasured.isEmpty ? "" : "; not asked in this run: " + unmeasured.joined(separator: ", "))")
    lines.append("  startup                \(f(startupSeconds, 2)) s (launch → /readyz 200, from the snapshot)")
    lines.append("  /metrics               \(metricsBytes.map { "\($0) bytes (HTTP \(metricsStatus))" } ?? "no answer")")
    lines.append("  server RSS             peak \(f(peakRSS)) MB, at the end \(f(endRSS)) MB")
    if serverDiedEarly {
        lines.append("  shutdown               the server had already exited (status \(exitStatus)) before SIGTERM")
    } else {
        lines.append("  shutdown               \(f(shutdownSeconds, 2)) s (SIGTERM → exit\(stoppedGracefully ? ", exit status \(exitStatus)" : "; still running after 120 s, killed"))")
    }
    print(lines.joined(separator: "\n"))

    if let jsonPath {
        func num(_ v: Double, _ d: Int) -> JSONValue { v.isFinite ? .number(String(format: "%.\(d)f", v)) : .null }
        let routes: [(String, JSONValue)] = figures.map { r in
            (r.name, JSONValue.object([
                ("count", .integer(Int64(r.count))),
                ("requests_per_s", num(r.perSecond, 1)),
                ("p50_ms", num(r.p50, 3)), ("p90_ms", num(r.p90, 3)), ("p99_ms", num(r.p99, 3)), ("max_ms", num(r.max, 3)),
                ("server_p50_ms", num(r.server50, 3)), ("server_p90_ms", num(r.server90, 3)), ("server_p99_ms", num(r.server99, 3)),
                ("server_max_ms", num(r.serverMax, 3)), ("bytes_max", .integer(Int64(r.bytesMax))),
                ("ok_count", .integer(Int64(r.okCount))), ("ok_server_p99_ms", num(r.ok99, 3)),
                ("statuses", .object(r.statuses.map { (String($0.0), JSONValue.integer(Int64($0.1))) })),
                ("transport_errors", .integer(Int64(r.errors))),
            ]))
        }
        let asked: JSONValue = askedRate.map { num($0, 1) } ?? .null
        let load: [(String, JSONValue)] = [
            ("residents_okazaki", .integer(Int64(population[.okazaki] ?? 0))),
            ("residents_toyohashi", .integer(Int64(population[.toyohashi] ?? 0))),
            ("clients", .integer(Int64(clients))),
            ("asked_requests_per_s", asked),
        ]
        let obj: JSONValue = .object(load + [
            ("clients_logged_in", .integer(Int64(clients - loginFailures.count))),
            ("seconds", num(runSeconds, 1)),
            ("measured_seconds", num(measured, 3)),
            ("requests", .integer(Int64(totalRequests))),
            ("requests_per_s", num(rate, 1)),
            ("transport_errors", .integer(Int64(totalErrors))),
            ("routes", .object(routes)),
            ("page_targets_met", .bool(slow.isEmpty && heavy.isEmpty && failing.isEmpty && unmeasured.isEmpty)),
            ("startup_seconds", num(startupSeconds, 3)),
            ("metrics_bytes", metricsBytes.map { JSONValue.integer(Int64($0)) } ?? JSONValue.null),
            ("server_peak_rss_mb", num(peakRSS, 0)),
            ("server_end_rss_mb", num(endRSS, 0)),
            ("shutdown_seconds", serverDiedEarly ? .null : num(shutdownSeconds, 3)),
            ("shutdown_graceful", .bool(stoppedGracefully)),
            ("shutdown_exit_status", .integer(Int64(exitStatus))),
        ])
        try Data((JSONWriter.canonical(obj) + "\n").utf8).write(to: URL(fileURLWithPath: jsonPath))
    }
    keepWorkDir = serverDiedEarly || !stoppedGracefully || totalErrors > 0
}

// MARK: - Preparation

/// `$KAISEI_BIN`, else the `kaisei` beside this executable (both are built into the same
/// `.build/<configuration>/`).
private func serveBenchKaiseiExecutable() throws -> URL {
    if let env = ProcessInfo.processInfo.environment["KAISEI_BIN"], !env.isEmpty {
        let url = URL(fileURLWithPath: env)
        guard FileManager.default.isExecutableFile(atPath: url.path) else { throw BenchFailure("serve: KAISEI_BIN=\(env) is not an executable file") }
        return url
    }
    var me = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
    if !me.hasPrefix("/") { me = FileManager.default.currentDirectoryPath + "/" + me }
    let candidate = URL(fileURLWithPath: me).resolvingSymlinksInPath().deletingLastPathComponent().appendingPathComponent("kaisei")
    guard FileManager.default.isExecutableFile(atPath: candidate.path) else {
        throw BenchFailure("serve: no kaisei executable at \(candidate.path); build it beside kaisei-bench (swift build -c release) or set KAISEI_BIN")
    }
    return candidate
}

/// ResidentRegistered events per city, from the store's counts by city and type (one
/// registration per person in a generated population).
private func serveBenchResidentsPerCity(_ path: String) throws -> [City: Int] {
    try serveBenchSubjectsPerCity(path, registeredBy: .residentRegistered)
}

/// Subjects per city registered by one event type (residents: ids contiguous from 0).
private func serveBenchSubjectsPerCity(_ path: String, registeredBy type: EventType) throws -> [City: Int] {
    let log = try StoreBackend.open(.sqlite(path: path), readOnly: true)
    let stats = try log.stats()
    var counts: [City: Int] = [:]
    for row in stats.rows where row.type == type { counts[row.city, default: 0] += Int(row.count) }
    return counts
}

/// Each city's corporation ids, read off the stream index (`okz-c-…` and `toy-c-…` share one
/// numbering, so a city's are not contiguous): every stream's first event, by subject prefix.
private func serveBenchCorporations(_ path: String) throws -> [City: [String]] {
    let db = try SQLiteDatabase(path: path, readOnly: true)
    var out: [City: [String]] = [:]
    for city in City.allCases {
        let prefix = city == .okazaki ? "okz" : "toy"
        let s = try db.prepare("SELECT subject FROM events WHERE city = ?1 AND subject >= ?2 AND subject < ?3 AND stream_version = 1 ORDER BY subject")
        s.bind(1, Int64(city.code)); s.bind(2, prefix + "-c-"); s.bind(3, prefix + "-c.")
        var ids: [String] = []
        while try s.step() { ids.append(s.text(0)) }
        out[city] = ids
    }
    return out
}

/// Runs `kaisei` to the end: standard input from a file (never a pipe the child might not
/// read), standard output and error to files.
private func serveBenchRun(_ kaisei: URL, _ arguments: [String], stdin: String?, environment: [String: String], workDir: URL) throws -> (status: Int32, stdout: String, stderr: String) {
    let tag = UUID().uuidString
    let inURL = workDir.appendingPathComponent("in-\(tag)"), outURL = workDir.appendingPathComponent("out-\(tag)"), errURL = workDir.appendingPathComponent("err-\(tag)")
    FileManager.default.createFile(atPath: inURL.path, contents: Data((stdin ?? "").utf8))
    FileManager.default.createFile(atPath: outURL.path, contents: nil)
    FileManager.default.createFile(atPath: errURL.path, contents: nil)
    defer { for u in [inURL, outURL, errURL] { try? FileManager.default.removeItem(at: u) } }
    let input = try FileHandle(forReadingFrom: inURL)
    let output = try FileHandle(forWritingTo: outURL)
    let errors = try FileHandle(forWritingTo: errURL)
    defer { try? input.close(); try? output.close(); try? errors.close() }
    let p = Process()
    p.executableURL = kaisei
    p.arguments = arguments
    p.environment = environment
    p.standardInput = input
    p.standardOutput = output
    p.standardError = errors
    try p.run()
    p.waitUntilExit()
    let out = (try? Data(contentsOf: outURL)) ?? Data()
    let err = (try? Data(contentsOf: errURL)) ?? Data()
    return (p.terminationStatus, String(decoding: out, as: UTF8.self), String(decoding: err, as: UTF8.self))
}

private func serveBenchSeconds(since start: UInt64) -> Double {
    Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
}

/// The last lines of the server's log, for a failure message.
private func serveBenchTail(_ url: URL, lines: Int = 30) -> String {
    guard let data = try? Data(contentsOf: url) else { return "(no log)" }
    let text = String(decoding: data, as: UTF8.self)
    let all = text.split(separator: "\n", omittingEmptySubsequences: false)
    return all.suffix(lines).joined(separator: "\n")
}

/// The child's peak (VmHWM) and current (VmRSS) resident set, in MB; NaN when unreadable.
private func serveBenchProcessMemoryMB(_ pid: Int32) -> (peak: Double, current: Double) {
    guard let status = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8) else { return (.nan, .nan) }
    func mb(_ key: String) -> Double {
        for line in status.split(separator: "\n") where line.hasPrefix(key) {
            // "VmHWM:\t  1932 kB": the digits, however the kernel pads them.
            return (Double(String(line.filter(\.isNumber))) ?? .nan) / 1024
        }
        return .nan
    }
    return (mb("VmHWM:"), mb("VmRSS:"))
}

// MARK: - The clients

private enum ServeRoute: Int, CaseIterable, Sendable {
    case resident, search, certificate, residentPage, searchPage, assessmentPage, householdPage, certificateForm, certificatePage, auditPage, comparePage
    case loginPage, verifyForm, verifyPage, corporationPage, staffPage, compareReport, compareCSV
    var name: String {
        switch self {
        case .resident: return "resident"
        case .search: return "search"
        case .certificate: return "certificate"
        case .residentPage: return "page:resident"
        case .searchPage: return "page:search"
        case .assessmentPage: return "page:assessment"
        case .householdPage: return "page:household-nhi"
        case .certificateForm: return "page:certificate-form"
        case .certificatePage: return "page:certificate"
        case .auditPage: return "page:audit"
        case .comparePage: return "page:compare"
        case .loginPage: return "page:login"
        case .verifyForm: return "page:verify-form"
        case .verifyPage: return "page:verify"
        case .corporationPage: return "page:corporation"
        case .staffPage: return "page:staff"
        case .compareReport: return "page:compare-report"
        case .compareCSV: return "download:compare-csv"
        }
    }

    /// Routes the web pages' issue holds to its targets (server p99 under 50 ms, under 200 KB).
    var isPage: Bool { name.hasPrefix("page:") }

    /// The mix, in percent: what a counter clerk asks for while serving residents.
    static func pick(_ roll: Int) -> ServeRoute {
        let shares: [(ServeRoute, Int)] = [(.resident, 20), (.search, 12), (.certificate, 10), (.residentPage, 15), (.searchPage, 10),
                                           (.assessmentPage, 7), (.householdPage, 7), (.certificateForm, 4), (.certificatePage, 5),
                                           (.verifyForm, 2), (.verifyPage, 3), (.corporationPage, 3), (.loginPage, 2)]
        var acc = 0
        for (route, share) in shares {
            acc += share
            if roll < acc { return route }
        }
        return .resident
    }
}

/// One route's answers: each latency (nanoseconds), the server's own time of each
/// (microseconds, from `Server-Timing`), the largest body, statuses, transport errors.
private struct RouteTally: Sendable {
    var latencies: [UInt64] = []
    var serverMicros: [UInt64] = []
    /// The server times of the answers with status 200 only: what the pages' targets are judged
    /// on (an error page — a certificate refused, an id of no household — is quick and small).
    var okServerMicros: [UInt64] = []
    var bytesMax = 0
    var statuses: [Int: Int] = [:]
    var errors = 0

    mutating func merge(_ other: RouteTally) {
        latencies.append(contentsOf: other.latencies)
        serverMicros.append(contentsOf: other.serverMicros)
        okServerMicros.append(contentsOf: other.okServerMicros)
        bytesMax = max(bytesMax, other.bytesMax)
        for (s, n) in other.statuses { statuses[s, default: 0] += n }
        errors += other.errors
    }
}

private struct ServeClientResult: Sendable {
    var tallies = ServeRoute.allCases.map { _ in RouteTally() }
    var lastErrors = ServeRoute.allCases.map { _ in "" }
    var relogins = 0
}

private struct ServeClientPlan: Sendable {
    let index: Int
    let port: Int
    let city: City
    let user: String
    let auditor: Bool
    let analyst: Bool
    let admin: Bool
    let password: String
    let population: Int
    /// The city's corporation ids (numbered across both cities, so not contiguous per city).
    let corporations: [String]
    let seed: UInt64
    /// With `--rate`: the mean time between this client's requests.
    let intervalNanos: Double?

    func residentId(_ n: Int) -> String {
        let digits = String(n)
        return (city == .okazaki ? "okz" : "toy") + "-r-" + String(repeating: "0", count: max(0, 7 - digits.count)) + digits
    }
}

/// What the client threads and the main thread share: the start gate (every client logged in,
/// then one deadline for all), and the results.
private final class ServeBenchShared: @unchecked Sendable {
    private let condition = NSCondition()
    private var loggedIn = 0
    private var finished = 0
    private var deadline: UInt64?
    private var _results: [ServeClientResult] = []
    private var _loginFailures: [String] = []

    var results: [ServeClientResult] { condition.lock(); defer { condition.unlock() }; return _results }
    var loginFailures: [String] { condition.lock(); defer { condition.unlock() }; return _loginFailures }

    func loginDone(failure: String?) {
        condition.lock()
        loggedIn += 1
        if let failure { _loginFailures.append(failure) }
        condition.broadcast()
        condition.unlock()
    }

    func waitForLogins(_ n: Int) {
        condition.lock()
        while loggedIn < n { condition.wait() }
        condition.unlock()
    }

    func start(deadline d: UInt64) {
        condition.lock()
        deadline = d
        condition.broadcast()
        condition.unlock()
    }

    func waitForStart() -> UInt64 {
        condition.lock()
        while deadline == nil { condition.wait() }
        let d = deadline ?? 0
        condition.unlock()
        return d
    }

    func finish(_ result: ServeClientResult?) {
        condition.lock()
        if let result { _results.append(result) }
        finished += 1
        condition.broadcast()
        condition.unlock()
    }

    func waitForFinish(_ n: Int) {
        condition.lock()
        while finished < n { condition.wait() }
        condition.unlock()
    }
}

/// POST /api/session; the answer's `csrf_token` goes with every later POST (the session
/// cookie is in the client's jar).
private func serveBenchLogin(_ client: LoopbackHTTPClient, _ plan: ServeClientPlan) throws -> String {
    let body: [String: Any] = ["user": plan.user, "password": plan.password]
    let r = try client.json("POST", "/api/session", body)
    guard (200..<300).contains(r.status) else {
        throw BenchFailure("login as \(plan.user): HTTP \(r.status) \(r.text.prefix(300))")
    }
    guard let object = (try? r.json()) as? [String: Any], let token = object["csrf_token"] as? String else {
        throw BenchFailure("login as \(plan.user): no csrf_token in \(r.text.prefix(300))")
    }
    return token
}

/// One client thread: log in, wait for the start, then its role's requests (a clerk the mix of
/// `ServeRoute.pick`, an auditor the audit page, an analyst the comparison page) from its own
/// seeded generator until the deadline.
private func serveBenchClient(_ plan: ServeClientPlan, _ shared: ServeBenchShared) {
    let client = LoopbackHTTPClient(port: plan.port)
    var csrf: String
    do {
        csrf = try serveBenchLogin(client, plan)
    } catch {
        shared.loginDone(failure: "\(error)")
        shared.finish(nil)
        return
    }
    shared.loginDone(failure: nil)
    let deadline = shared.waitForStart()
    var rng = SplitMix(seed: plan.seed)
    var result = ServeClientResult()
    var lastKana: String?
    var lastHousehold: String?
    /// The last certificate page, which the verify page is given back (pasted).
    var lastCertificate: String?
    /// The analyst's drafts whose comparison the page already showed: their report and CSV
    /// answer from the finished computation, as they do for a person following the page's links.
    var compared: Set<String> = []
    let accept: [(String, String)] = [("Accept", "application/json")]
    var due = DispatchTime.now().uptimeNanoseconds
    func nextGap() -> UInt64 {
        guard let mean = plan.intervalNanos else { return 0 }
        // Exponential gaps (Poisson arrivals): -ln(U) × mean, U in (0, 1].
        let u = (Double(rng.below(1 << 30)) + 1) / Double(1 << 30)
        return UInt64(-log(u) * mean)
    }
    if plan.intervalNanos != nil { due += nextGap() }
    while DispatchTime.now().uptimeNanoseconds < deadline {
        if plan.intervalNanos != nil {
            if due >= deadline { break }
            while true {
                let now = DispatchTime.now().uptimeNanoseconds
                guard due > now else { break }
                usleep(UInt32(min(1_000_000, (due - now) / 1_000 + 1)))
            }
        }
        let roll = rng.below(100)
        // The API and the pages the counter staff use (server time is what the SLA counts).
        let drafts = ["rt-salary-deduction-fy2027", "rt-salary-deduction-fy2027-without-temporary", "lv-green-business-50-fy2027", "nhi-okazaki-rates-fy2027"]
        let draft = drafts[roll % drafts.count]
        var route = plan.auditor ? .auditPage : plan.admin ? .staffPage : plan.analyst ? .comparePage : ServeRoute.pick(roll)
        if route == .comparePage && compared.contains(draft) { route = [.comparePage, .compareReport, .compareCSV][(roll / 4) % 3] }
        if route == .verifyPage && lastCertificate == nil { route = .verifyForm }
        if route == .corporationPage && plan.corporations.isEmpty { route = .residentPage }
        let id = plan.residentId(rng.below(plan.population))
        let started = plan.intervalNanos != nil ? due : DispatchTime.now().uptimeNanoseconds
        due += nextGap()
        do {
            let response: LoopbackResponse
            switch route {
            case .resident:
                response = try client.request("GET", "/api/residents/\(id)", headers: accept)
            case .search:
                let q = lastKana ?? id
                response = try client.request("GET", "/api/residents?q=\(LoopbackHTTPClient.percentEncode(q))", headers: accept)
            case .certificate:
                let body: [String: Any] = ["kind": "income", "subject": id, "fiscal_year": 2026, "format": "json"]
                response = try client.json("POST", "/api/certificates", body, headers: [("X-CSRF-Token", csrf)])
            case .residentPage:
                response = try client.request("GET", "/residents/\(id)")
            case .searchPage:
                let q = lastKana ?? id
                response = try client.request("GET", "/residents?q=\(LoopbackHTTPClient.percentEncode(q))")
            case .assessmentPage:
                response = try client.request("GET", "/residents/\(id)/assessment?fiscal_year=2026")
            case .householdPage:
                response = try client.request("GET", "/households/\(lastHousehold ?? id)/nhi")
            case .certificateForm:
                response = try client.request("GET", "/certificates/new?subject=\(id)")
            case .auditPage:
                response = try client.request("GET", "/audit")
            case .comparePage:
                // The page answers at once: the result, or "計算中" while it is computed.
                response = try client.request("GET", "/compare?fiscal_year=2027&draft=\(draft)")
                if response.status == 200 && response.text.contains("<iframe") { compared.insert(draft) }
            case .compareReport:
                response = try client.request("GET", "/compare/report?fiscal_year=2027&draft=\(draft)")
            case .compareCSV:
                response = try client.request("GET", "/compare/summary.csv?fiscal_year=2027&draft=\(draft)")
            case .loginPage:
                response = try client.request("GET", "/login")
            case .verifyForm:
                response = try client.request("GET", "/certificates/verify")
            case .verifyPage:
                let form = "csrf_token=\(LoopbackHTTPClient.percentEncode(csrf))&certificate=\(LoopbackHTTPClient.percentEncode(lastCertificate ?? ""))"
                response = try client.request("POST", "/certificates/verify", headers: [("Content-Type", "application/x-www-form-urlencoded")], body: Array(form.utf8))
            case .corporationPage:
                response = try client.request("GET", "/corporations/\(plan.corporations[rng.below(plan.corporations.count)])")
            case .staffPage:
                response = try client.request("GET", "/staff")
            case .certificatePage:
                let form = "csrf_token=\(LoopbackHTTPClient.percentEncode(csrf))&subject=\(id)&kind=income&fiscal_year=2026&format=html"
                response = try client.request("POST", "/certificates", headers: [("Content-Type", "application/x-www-form-urlencoded")], body: Array(form.utf8))
                if response.status == 200 { lastCertificate = response.text }
            }
            let elapsed = DispatchTime.now().uptimeNanoseconds - started
            result.tallies[route.rawValue].latencies.append(elapsed)
            if let micros = serveBenchServerMicros(response) {
                result.tallies[route.rawValue].serverMicros.append(micros)
                if response.status == 200 { result.tallies[route.rawValue].okServerMicros.append(micros) }
            }
            result.tallies[route.rawValue].bytesMax = max(result.tallies[route.rawValue].bytesMax, response.body.count)
            result.tallies[route.rawValue].statuses[response.status, default: 0] += 1
            if route == .resident && response.status == 200, let json = try? response.json() {
                if let kana = serveBenchKanaPrefix(json) { lastKana = kana }
                if let h = serveBenchFindString("household", in: json, depth: 0) { lastHousehold = h }
            }
            if response.status == 401, let token = try? serveBenchLogin(client, plan) {
                csrf = token
                result.relogins += 1
            }
        } catch {
            result.tallies[route.rawValue].errors += 1
            result.lastErrors[route.rawValue] = "\(error)"
            client.disconnect()
            usleep(10_000)   // a server that went away must not turn the loop into a spin
        }
    }
    shared.finish(result)
}

/// The first two characters of the first `kana` string in a resident page (at the top level
/// or nested, keys in sorted order so a seed always picks the same one).
private func serveBenchKanaPrefix(_ json: Any) -> String? {
    guard let kana = serveBenchFindString("kana", in: json, depth: 0) else { return nil }
    let prefix = String(kana.trimmingCharacters(in: .whitespaces).prefix(2))
    return prefix.isEmpty ? nil : prefix
}

private func serveBenchFindString(_ key: String, in value: Any, depth: Int) -> String? {
    if depth > 8 { return nil }
    if let object = value as? [String: Any] {
        if let s = object[key] as? String { return s }
        for k in object.keys.sorted() {
            if let v = object[k], let s = serveBenchFindString(key, in: v, depth: depth + 1) { return s }
        }
    } else if let array = value as? [Any] {
        for v in array {
            if let s = serveBenchFindString(key, in: v, depth: depth + 1) { return s }
        }
    }
    return nil
}

/// The server's own time of an answer, from `Server-Timing: app;dur=MILLISECONDS`, in microseconds.
private func serveBenchServerMicros(_ response: LoopbackResponse) -> UInt64? {
    guard let value = response.headers.first(where: { $0.0 == "server-timing" })?.1,
          let range = value.range(of: "dur="), let ms = Double(value[range.upperBound...].prefix { $0.isNumber || $0 == "." }) else { return nil }
    return UInt64(ms * 1_000)
}
