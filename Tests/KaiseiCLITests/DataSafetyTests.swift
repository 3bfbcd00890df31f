import Testing
import Foundation
import KaiseiCore
import TestSupport
import KaiseiEvents
import EventStore

/// The data-loss and untrusted-data paths of issue 13, each through the real binary as a clerk's
/// shell or a city's script would meet it. Every test here failed on the code before the fix.
@Suite("Data safety: nothing destroyed, nothing answered from an altered store")
final class DataSafetyTests {
    let dir: URL
    var store: String { dir.appendingPathComponent("s.sqlite").path }
    let fixture = Bundle.module.url(forResource: "example-events", withExtension: "jsonl", subdirectory: "Fixtures")!

    init() throws {
        dir = FileManager.default.temporaryDirectory.appendingPathComponent("kaisei-safety-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let r = try KaiseiBinary.run(["import", "--store", store, fixture.path])
        if r.status != 0 { Issue.record("import: \(r.stderr)") }
    }
    deinit { try? FileManager.default.removeItem(at: dir) }

    /// A folder with a file in it, standing where a careless `-o` points.
    func precious() throws -> URL {
        let d = dir.appendingPathComponent("precious-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: d, withIntermediateDirectories: true)
        try Data("keep me".utf8).write(to: d.appendingPathComponent("inside.txt"))
        return d
    }

    func stillThere(_ d: URL) -> Bool {
        (try? String(contentsOf: d.appendingPathComponent("inside.txt"), encoding: .utf8)) == "keep me"
    }

    @Test("export -o DIR refuses a directory and removes nothing (it used to delete the folder)")
    func exportToDirectory() throws {
        let d = try precious()
        let r = try KaiseiBinary.run(["export", "--store", store, "-o", d.path])
        #expect(r.status == 64, "\(r.stderr)")
        #expect(r.stderr.contains("is a directory"), "\(r.stderr)")
        #expect(stillThere(d))
    }

    @Test("generate -o DIR refuses a directory and removes nothing")
    func generateToDirectory() throws {
        let d = try precious()
        let r = try KaiseiBinary.run(["generate", "--scale", "0.001", "-o", d.path, "--tables", Self.tables])
        #expect(r.status == 64, "\(r.stderr)")
        #expect(stillThere(d))
    }

    @Test("certificate -o, and simulate's --csv and --report, refuse a directory")
    func otherOutputsRefuseDirectories() throws {
        let d = try precious()
        let c = try KaiseiBinary.run(["certificate", "income", "--store", store, "--subject", "okz-r-100001", "--fiscal-year", "2020",
                                      "--revisions", Self.revisions, "--no-snapshots", "-o", d.path])
        #expect(c.status == 64 || c.status == 1, "\(c.stderr)")
        #expect(stillThere(d))
        for flag in ["--csv", "--report"] {
            let s = try KaiseiBinary.run(["compare", "--store", store, "--before", "enacted", "--after", "enacted", "--fiscal-year", "2020",
                                          "--revisions", Self.revisions, "--no-snapshots", flag, d.path])
            #expect(s.status == 64, "\(flag): \(s.stderr)")
            #expect(stillThere(d), "\(flag)")
        }
    }

    @Test("an export replaces an existing file whole, and leaves no temporary file beside it")
    func exportReplacesFile() throws {
        let out = dir.appendingPathComponent("out.jsonl")
        try Data("old".utf8).write(to: out)
        let r = try KaiseiBinary.run(["export", "--store", store, "-o", out.path])
        #expect(r.status == 0, "\(r.stderr)")
        let text = try String(contentsOf: out, encoding: .utf8)
        #expect(text.hasPrefix("{") && text.split(separator: "\n").count == EventType.allCases.count + 6)
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { $0.contains(".kaisei-") }
        #expect(leftovers.isEmpty, "\(leftovers)")
    }

    @Test("a second writer waits, then stops with 'store is busy' naming the import that holds it, writing nothing")
    func busyStore() throws {
        // This process plays the running import: it holds the store's writer lock.
        let holder = try SQLiteEventLog(path: store)
        try holder.holdWriter(purpose: "import")
        defer { holder.releaseWriter() }
        let before = try KaiseiBinary.run(["stats", "--store", store])
        let started = Date()
        let r = try KaiseiBinary.run(["import", "--store", store, fixture.path], environment: ["KAISEI_WRITER_WAIT": "0.5"])
        #expect(Date().timeIntervalSince(started) >= 0.5, "it waited before giving up")
        #expect(r.status == 2, "\(r.stderr)")
        #expect(r.stderr.contains("store is busy: another import (pid \(getpid()))"), "\(r.stderr)")
        #expect(try KaiseiBinary.run(["stats", "--store", store]).stdout == before.stdout)
    }

    @Test("two imports of the two halves of one history, started together, never interleave: the store verifies and holds whole halves")
    func concurrentImports() throws {
        let fresh = dir.appendingPathComponent("race.sqlite").path
        let g = dir.appendingPathComponent("race.jsonl")
        let gen = try KaiseiBinary.run(["generate", "--seed", "5", "--scale", "0.001", "-o", g.path, "--tables", Self.tables])
        try #require(gen.status == 0, "\(gen.stderr)")
        let lines = try String(contentsOf: g, encoding: .utf8).split(separator: "\n")
        let half = lines.count / 2
        let first = dir.appendingPathComponent("first.jsonl"), second = dir.appendingPathComponent("second.jsonl")
        try (lines[..<half].joined(separator: "\n") + "\n").write(to: first, atomically: true, encoding: .utf8)
        try (lines[half...].joined(separator: "\n") + "\n").write(to: second, atomically: true, encoding: .utf8)
        // Both processes race on a new store: migrations and batches must not collide.
        final class Results: @unchecked Sendable { var runs: [KaiseiBinary.Result?] = [nil, nil]; let lock = NSLock() }
        let results = Results()
        DispatchQueue.concurrentPerform(iterations: 2) { i in
            let r = try? KaiseiBinary.run(["import", "--store", fresh, "--batch-size", "500", (i == 0 ? first : second).path],
                                          environment: ["KAISEI_WRITER_WAIT": "120"])
            results.lock.lock(); results.runs[i] = r; results.lock.unlock()
        }
        let a = try #require(results.runs[0]), b = try #require(results.runs[1])
        #expect(!a.stderr.contains("already exists") && !b.stderr.contains("already exists"), "\(a.stderr)\(b.stderr)")
        let v = try KaiseiBinary.run(["verify", "--store", fresh])
        #expect(v.status == 0, "\(v.stderr)")
        let count = try KaiseiBinary.run(["export", "--store", fresh]).stdout.split(separator: "\n").count
        // Either both landed (older half first), or the older half was refused whole after the newer one.
        if a.status == 0 && b.status == 0 {
            #expect(count == lines.count)
        } else {
            #expect(a.status == 1 && b.status == 0, "\(a.stderr)\(b.stderr)")
            #expect(count == lines.count - half, "the refused half wrote nothing")
            #expect(a.stderr.contains("nothing was imported"), "\(a.stderr)")
        }
    }

    /// The fixture store with one salary altered through SQL, the way the issue found it.
    func tamper() throws {
        let db = try SQLiteDatabaseOpener.open(store)
        try db.execute("DROP TRIGGER events_refuse_update")
        try db.execute("UPDATE events SET payload = payload || x'00' WHERE seq = 4")
        try db.execute("""
            CREATE TRIGGER events_refuse_update BEFORE UPDATE ON events
              BEGIN SELECT RAISE(ABORT, 'events are append-only: update refused'); END;
            """)
    }

    @Test("commands refuse to answer from a store altered behind its back, even with its trigger put back (exit 3)")
    func alteredStoreRefused() throws {
        // A command that verified the store records how far; the tampering comes after that.
        #expect(try KaiseiBinary.run(["levy-run", "--fiscal-year", "2020", "--store", store, "--revisions", Self.revisions, "--no-snapshots"]).status == 0)
        try tamper()
        let out = dir.appendingPathComponent("laundered.jsonl")
        let commands: [[String]] = [
            ["assess", "--fiscal-year", "2020", "--revisions", Self.revisions, "--no-snapshots"],
            ["certificate", "income", "--subject", "okz-r-100001", "--fiscal-year", "2020", "--revisions", Self.revisions, "--no-snapshots"],
            ["export", "-o", out.path],
            ["levy-run", "--fiscal-year", "2021", "--revisions", Self.revisions, "--no-snapshots"],
            ["import", fixture.path],
            ["events", "--subject", "okz-r-100001"],
        ]
        for c in commands {
            let r = try KaiseiBinary.run(c + ["--store", store])
            #expect(r.status == 3, "\(c[0]): \(r.status) \(r.stderr)")
            #expect(r.stderr.contains("altered behind its back"), "\(c[0]): \(r.stderr)")
        }
        #expect(!FileManager.default.fileExists(atPath: out.path), "export wrote nothing")
        let v = try KaiseiBinary.run(["verify", "--store", store])
        #expect(v.status == 3 && v.stderr.contains("seq 4"), "\(v.stderr)")
    }

    static let canRunAsNobody = getuid() == 0 && FileManager.default.isExecutableFile(atPath: "/usr/sbin/runuser")

    @Test("a read-only store is read (not called damaged), by a user who may not write it or its folder; not while a writer may have it open",
          .enabled(if: DataSafetyTests.canRunAsNobody, "needs root and runuser to read as another user"))
    func readOnlyStore() throws {
        let ro = URL(fileURLWithPath: "/tmp/kaisei-ro-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: ro, withIntermediateDirectories: true)
        defer {
            try? FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: ro.path)
            try? FileManager.default.removeItem(at: ro)
        }
        let file = ro.appendingPathComponent("s.sqlite").path
        try FileManager.default.copyItem(atPath: store, toPath: file)
        try FileManager.default.setAttributes([.posixPermissions: 0o444], ofItemAtPath: file)
        try FileManager.default.setAttributes([.posixPermissions: 0o555], ofItemAtPath: ro.path)
        func verifyAsNobody() throws -> (status: Int32, out: String, err: String)? {
            let p = Process()
            p.executableURL = URL(fileURLWithPath: "/usr/sbin/runuser")
            p.arguments = ["-u", "nobody", "--", KaiseiBinary.url.path, "verify", "--store", file]
            let out = Pipe(), err = Pipe()
            p.standardOutput = out; p.standardError = err
            try p.run()
            let o = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            let e = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            p.waitUntilExit()
            if e.contains("Permission denied") && e.contains(KaiseiBinary.url.lastPathComponent) {
                Issue.record("the binary is not executable by nobody here: \(e)"); return nil
            }
            return (p.terminationStatus, o, e)
        }
        guard let read = try verifyAsNobody() else { return }
        #expect(read.status == 0, "\(read.err)")
        #expect(read.out.contains("\(EventType.allCases.count + 6) events, chain intact"), "\(read.out)\(read.err)")

        // A shared-memory index beside it: a writer may have the store open, and a reader that
        // cannot take part in its locking would read pages as that writer's checkpoint rewrites
        // them. Refused, saying why, instead of read as immutable.
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: ro.path)
        _ = FileManager.default.createFile(atPath: file + "-shm", contents: Data())
        try FileManager.default.setAttributes([.posixPermissions: 0o555], ofItemAtPath: ro.path)
        guard let refused = try verifyAsNobody() else { return }
        #expect(refused.status != 0 && refused.err.contains("-shm exists"), "\(refused.status) \(refused.out)\(refused.err)")
        #expect(!refused.out.contains("chain intact"))
    }

    static let revisions = History.revisions
    static let tables = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("tools/population/tables.json").path
}
