import Testing
import Foundation
import KaiseiCore
import KaiseiEvents
import EventStore
import TestSupport

/// Crashes during a PostgreSQL import, 20 times each way: the importer killed with SIGKILL, and
/// the server itself stopped as by a power cut (`pg_ctl stop -m immediate`). After every crash
/// the store must verify, hold a whole number of batches, and keep every batch the importer
/// had acknowledged ("N / T events written" on standard error is printed only after a commit).
/// Each run resumes the same import, as an operator would.
@Suite("PostgreSQL crash safety", .serialized,
       .enabled(if: PostgresTestServer.available, "no PostgreSQL server: start one with tools/pg-cluster start and set KAISEI_TEST_POSTGRES"))
struct PostgresCrashTests {
    static let batch = 500
    static let rounds = 20
    static let pgCluster = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("tools/pg-cluster").path

    /// The history every round imports (with `--progress`, the importer acknowledges each batch).
    static func bigFile(in dir: URL, count: Int) throws -> URL {
        let file = dir.appendingPathComponent("big.jsonl")
        let text = SampleEvents.mixed(count: count).map(EventJSON.canonicalLine).joined(separator: "\n") + "\n"
        try Data(text.utf8).write(to: file)
        return file
    }

    /// The events the importer said it had written, from its last progress line.
    static func acknowledged(_ stderr: URL) -> Int {
        let text = (try? String(contentsOf: stderr, encoding: .utf8)) ?? ""
        let last = text.split(separator: "\n").last { $0.contains("events written") }
        return last.flatMap { Int($0.trimmingCharacters(in: .whitespaces).split(separator: " ").first ?? "") } ?? 0
    }

    /// Starts an import and waits until it has acknowledged at least one batch past `floor`
    /// (or finished); returns the process.
    static func startImport(url: String, file: URL, stderr: URL) throws -> Process {
        try KaiseiBinary.start(["import", "--store", url, "--batch-size", "\(batch)", "--progress", "--quiet", file.path], stderrFile: stderr)
    }

    static func waitForProgress(_ p: Process, stderr: URL, timeout: Double = 60) {
        let deadline = Date().addingTimeInterval(timeout)
        while p.isRunning && Date() < deadline && acknowledged(stderr) == 0 { Thread.sleep(forTimeInterval: 0.005) }
    }

    /// What every crash must leave: an intact chain of whole batches holding every acknowledged event, in file order.
    static func check(url: String, acknowledgedTotal: Int, round: Int) throws -> Int64 {
        let log = try PostgresEventLog(url: url, readOnly: true)
        let report = try log.verifyChain()
        #expect(report.isIntact, "round \(round): \(String(describing: report.firstBreak))")
        #expect(report.checked % Int64(batch) == 0, "round \(round): \(report.checked) events is not a whole number of batches")
        #expect(report.checked >= Int64(acknowledgedTotal), "round \(round): \(acknowledgedTotal) acknowledged, \(report.checked) stored")
        var k = 0
        try log.scan(after: max(0, report.checked - 3)) { e in
            #expect(e.event.id == SampleEvents.id(Int(e.seq) - 1)); k += 1
        }
        return report.checked
    }

    @Test("kill -9 of the importer, 20 times: every acknowledged batch kept, whole batches, chain intact", .timeLimit(.minutes(6)))
    func killedImporter() throws {
        let store = try TemporaryPostgresStore()
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("kaisei-pgcrash-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let total = 30_000
        let file = try Self.bigFile(in: dir, count: total)
        var stored: Int64 = 0
        var killed = 0
        for round in 1...Self.rounds {
            let stderr = dir.appendingPathComponent("import-\(round).err")
            let p = try Self.startImport(url: store.url, file: file, stderr: stderr)
            Self.waitForProgress(p, stderr: stderr)
            kill(p.processIdentifier, SIGKILL)
            p.waitUntilExit()
            if p.terminationReason == .uncaughtSignal { killed += 1 }
            let acked = Int(stored) + Self.acknowledged(stderr)
            stored = try Self.check(url: store.url, acknowledgedTotal: acked, round: round)
            if stored == Int64(total) { break }
        }
        #expect(killed == Self.rounds, "the import finished before 20 kills: make the file larger")
        // And the import finishes when run again.
        let again = try KaiseiBinary.run(["import", "--store", store.url, "--quiet", file.path])
        #expect(again.status == 0, "\(again.stderr)")
        #expect(try Self.check(url: store.url, acknowledgedTotal: total, round: 0) == Int64(total))
    }

    @Test("the server stopped as by a power cut during an import, 20 times: every acknowledged batch kept, chain intact", .timeLimit(.minutes(8)))
    func serverCrash() throws {
        // A cluster of its own: stopping the shared one would fail every other test.
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("kaisei-pgcrash-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let port = LoopbackHTTPClient.freePort()
        let clusterDir = "/tmp/kaisei-pgcrash-\(port)"
        // posix_spawn and waitpid rather than Foundation's Process: the server that `start`
        // leaves running is a grandchild, and Foundation's child monitor was seen never to reap
        // the script that started it (the wait hung on a zombie).
        func cluster(_ verb: String) throws -> String {
            let out = dir.appendingPathComponent("cluster-\(verb).out").path
            // Only standard input, output and error go on to the script (and so to the server it
            // leaves running): a server holding the test runner's pipes would keep them open.
            let closeInherited = #"for f in /proc/$$/fd/*; do n=${f##*/}; [ "$n" -gt 2 ] && eval "exec $n>&-"; done 2>/dev/null; "#
            let command = closeInherited + "KAISEI_PG_DIR='\(clusterDir)' KAISEI_PG_PORT=\(port) /bin/bash '\(Self.pgCluster)' \(verb) > '\(out)' 2>&1 < /dev/null"
            var pid: pid_t = 0
            let argv: [UnsafeMutablePointer<CChar>?] = [strdup("/bin/bash"), strdup("-c"), strdup(command), nil]
            defer { argv.forEach { free($0) } }
            guard posix_spawn(&pid, "/bin/bash", nil, nil, argv, environ) == 0 else { throw StoreError.database("cannot start tools/pg-cluster") }
            var status: Int32 = 0
            while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
            let text = (try? String(contentsOfFile: out, encoding: .utf8)) ?? ""
            guard status == 0 else { throw StoreError.database("tools/pg-cluster \(verb) failed (\(status)): \(text)") }
            return text.trimmingCharacters(in: .whitespacesAndNewlines)
        }
        let server = try cluster("start")
        defer { _ = try? cluster("remove") }
        try PostgresAdmin.createDatabase(serverURL: server, name: "crash")
        let url = try PostgresAdmin.url(server, database: "crash")

        let total = 30_000
        let file = try Self.bigFile(in: dir, count: total)
        var stored: Int64 = 0
        var crashed = 0
        for round in 1...Self.rounds {
            let stderr = dir.appendingPathComponent("import-\(round).err")
            let p = try Self.startImport(url: url, file: file, stderr: stderr)
            Self.waitForProgress(p, stderr: stderr)
            let wasRunning = p.isRunning
            _ = try cluster("crash")
            p.waitUntilExit()
            if wasRunning && p.terminationStatus != 0 { crashed += 1 }
            _ = try cluster("start")
            let acked = Int(stored) + Self.acknowledged(stderr)
            stored = try Self.check(url: url, acknowledgedTotal: acked, round: round)
            if stored == Int64(total) { break }
        }
        #expect(crashed == Self.rounds, "the import finished before 20 crashes: make the file larger")
        let again = try KaiseiBinary.run(["import", "--store", url, "--quiet", file.path])
        #expect(again.status == 0, "\(again.stderr)")
        #expect(try Self.check(url: url, acknowledgedTotal: total, round: 0) == Int64(total))
    }
}
