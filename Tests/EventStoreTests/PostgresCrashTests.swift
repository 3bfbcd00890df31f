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
        // The stored events are exactly the file's first lines, in order.
        var k: Int64 = 0
        try log.scan(after: 0) { e in
            k += 1
            if e.event.id != SampleEvents.id(Int(e.seq) - 1) { Issue.record("round \(round): seq \(e.seq) holds \(e.event.id)") }
        }
        #expect(k == report.checked)
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

    @Test("kill -9 of a bulk load (rows sent by COPY), 20 times, each into an empty database: every acknowledged batch kept, whole batches, chain intact; the next owner rebuilds the indexes and the import completes", .timeLimit(.minutes(8)))
    func killedBulkLoad() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("kaisei-pgcrash-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let total = 30_000
        let file = try Self.bigFile(in: dir, count: total)
        var killed = 0
        for round in 1...Self.rounds {
            // A bulk load needs an empty store: a database of its own each round.
            let store = try TemporaryPostgresStore()
            let stderr = dir.appendingPathComponent("bulk-\(round).err")
            let p = try KaiseiBinary.start(["import", "--store", store.url, "--batch-size", "\(Self.batch)", "--bulk-threshold", "1",
                                            "--progress", "--quiet", file.path], stderrFile: stderr)
            Self.waitForProgress(p, stderr: stderr)
            kill(p.processIdentifier, SIGKILL)
            p.waitUntilExit()
            if p.terminationReason == .uncaughtSignal { killed += 1 }
            _ = try Self.check(url: store.url, acknowledgedTotal: Self.acknowledged(stderr), round: round)
            // Killed inside the load: it had dropped the indexes (a reader does not rebuild them).
            #expect(try PostgresBulkLoadTests.indexes(store.url) == 0, "round \(round): not a bulk load")
            if round % 5 == 0 {
                // The owner's next open builds the indexes the load had dropped; the import then completes.
                _ = try PostgresEventLog(url: store.url)
                #expect(try PostgresBulkLoadTests.indexes(store.url) == 2, "round \(round)")
                let again = try KaiseiBinary.run(["import", "--store", store.url, "--quiet", file.path])
                #expect(again.status == 0, "\(again.stderr)")
                #expect(try Self.check(url: store.url, acknowledgedTotal: total, round: round) == Int64(total))
            }
        }
        #expect(killed == Self.rounds, "the bulk load finished before it was killed: make the file larger")
    }

    @Test("the server stopped as by a power cut during an import, 20 times: every acknowledged batch kept, chain intact", .timeLimit(.minutes(8)))
    func serverCrash() throws {
        // A cluster of its own: stopping the shared one would fail every other test.
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("kaisei-pgcrash-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let cluster = try PostgresCluster.start()
        defer { cluster.remove() }
        try PostgresAdmin.createDatabase(serverURL: cluster.url, name: "crash")
        let url = try cluster.url(database: "crash")

        let total = 30_000
        let file = try Self.bigFile(in: dir, count: total)
        var stored: Int64 = 0
        var crashed = 0
        for round in 1...Self.rounds {
            let stderr = dir.appendingPathComponent("import-\(round).err")
            let p = try Self.startImport(url: url, file: file, stderr: stderr)
            Self.waitForProgress(p, stderr: stderr)
            let wasRunning = p.isRunning
            try cluster.crash()
            p.waitUntilExit()
            if wasRunning && p.terminationStatus != 0 { crashed += 1 }
            try cluster.restart()
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
