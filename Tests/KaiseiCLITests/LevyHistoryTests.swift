import Testing
import Foundation
import KaiseiCore
import TestSupport

/// A small generated history brought in as a city would live it: the events up to the annual
/// levy run of June 2026, the run, the rest of the history (late corrections among it), and a
/// correction run. Built once for the suites that read it.
final class History: @unchecked Sendable {
    static let shared = try! History()
    static let runAt = "2026-06-10T09:00:00+09:00"
    static let laterAt = "2028-01-10T09:00:00+09:00"
    let dir: URL
    var store: String { dir.appendingPathComponent("history.sqlite").path }
    var file: String { dir.appendingPathComponent("population.jsonl").path }
    let firstRun: KaiseiBinary.Result
    let correctionRun: KaiseiBinary.Result
    static let revisions = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("revisions").path

    init() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("kaisei-history-\(UUID().uuidString)")
        self.dir = dir
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        // `shared` lives as long as the process: its deinit never runs.
        RemoveAtExit.folder(dir)
        let store = dir.appendingPathComponent("history.sqlite").path
        func run(_ args: [String]) throws -> KaiseiBinary.Result {
            let r = try KaiseiBinary.run(args + ["--store", store])
            if r.status != 0 { Issue.record("kaisei \(args.joined(separator: " ")) failed: \(r.stderr)") }
            return r
        }
        let g = try KaiseiBinary.run(["generate", "--seed", "3", "--scale", "0.003", "-o", dir.appendingPathComponent("population.jsonl").path])
        if g.status != 0 { Issue.record("generate failed: \(g.stderr)") }
        _ = try run(["import", dir.appendingPathComponent("population.jsonl").path, "--until", Self.runAt])
        firstRun = try run(["levy-run", "--fiscal-year", "2026", "--at", Self.runAt, "--revisions", Self.revisions])
        _ = try run(["import", dir.appendingPathComponent("population.jsonl").path])
        correctionRun = try run(["levy-run", "--fiscal-year", "2026", "--at", Self.laterAt, "--revisions", Self.revisions])
    }
    deinit { try? FileManager.default.removeItem(at: dir) }

    func kaisei(_ args: [String]) throws -> KaiseiBinary.Result {
        try KaiseiBinary.run(args + ["--store", store])
    }
}

@Suite("Recorded levy runs and their audit")
struct LevyHistoryTests {
    let h = History.shared

    @Test("the June run assesses every levy; the later run corrects only what late events changed")
    func runs() {
        #expect(h.firstRun.stdout.contains("FY2026 levy run at 2026-06-10T09:00:00+09:00"), "\(h.firstRun.stdout)")
        #expect(h.firstRun.stdout.contains(" 0 corrected, 0 unchanged"))
        #expect(!h.firstRun.stdout.contains(": 0 assessed"))
        #expect(h.correctionRun.stdout.contains(" 0 assessed") == false || h.correctionRun.stdout.contains("corrected"))
        #expect(!h.correctionRun.stdout.contains(" 0 unchanged"), "\(h.correctionRun.stdout)")
    }

    @Test("running a levy run again with nothing changed records nothing")
    func idempotent() throws {
        let r = try h.kaisei(["levy-run", "--fiscal-year", "2026", "--at", "2028-01-11T09:00:00+09:00", "--revisions", History.revisions])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("0 assessed, 0 corrected"), "\(r.stdout)")
    }

    @Test("audit-levies reproduces every recorded levy exactly")
    func auditPasses() throws {
        let r = try h.kaisei(["audit-levies", "--revisions", History.revisions])
        #expect(r.status == 0, "\(r.stdout)\(r.stderr)")
        #expect(r.stdout.contains("in 2 run(s) checked: all reproduce exactly"), "\(r.stdout)")
    }

    @Test("a revision file changed after the run is reported, with the levies whose amount it changes")
    func auditFindsRuleChange() throws {
        let copy = FileManager.default.temporaryDirectory.appendingPathComponent("kaisei-rev-\(UUID().uuidString)")
        try FileManager.default.copyItem(atPath: History.revisions, toPath: copy.path)
        defer { try? FileManager.default.removeItem(at: copy) }
        let base = copy.appendingPathComponent("fixed-asset-tax/base-fy2013.yaml")
        let text = try String(contentsOf: base, encoding: .utf8).replacingOccurrences(of: "fixed_asset_tax.rate: {value: 1.4%", with: "fixed_asset_tax.rate: {value: 1.5%")
        try text.write(to: base, atomically: true, encoding: .utf8)
        let r = try h.kaisei(["audit-levies", "--revisions", copy.path])
        #expect(r.status == 1)
        #expect(r.stdout.contains("a revision file changed after the run"))
        #expect(r.stdout.contains("fixed_asset_tax: recorded ¥"), "\(r.stdout.prefix(2000))")
        #expect(!r.stdout.contains("light_vehicle_tax: recorded ¥"))
    }
}

@Suite("kaisei snapshot and replay from snapshots")
struct SnapshotCLITests {
    let h = History.shared

    @Test("create, list, verify; assess and audit answer the same from a snapshot; a damaged one is ignored with a warning")
    func snapshotCommands() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("kaisei-snaps-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: dir) }
        let snaps = ["--snapshots", dir.path]
        let c = try h.kaisei(["snapshot", "create", "--known-at", "2027-06-30", "--revisions", History.revisions] + snaps)
        #expect(c.status == 0, "\(c.stderr)")
        #expect(c.stdout.contains("wrote "))
        #expect(try KaiseiBinary.run(["snapshot", "list"] + snaps).stdout.contains("watermark"))
        let v = try h.kaisei(["snapshot", "verify"] + snaps)
        #expect(v.status == 0 && v.stdout.contains("ok (equals a replay"), "\(v.stdout)")
        let assess = ["assess", "--fiscal-year", "2026", "--format", "json", "--revisions", History.revisions]
        let plain = try h.kaisei(assess + ["--no-snapshots"])
        let fromSnapshot = try h.kaisei(assess + snaps)
        #expect(plain.status == 0 && fromSnapshot.stdout == plain.stdout)
        #expect(fromSnapshot.stderr.isEmpty)
        let audit = try h.kaisei(["audit-levies", "--revisions", History.revisions] + snaps)
        #expect(audit.status == 0, "\(audit.stdout)")
        // Damage the body: the answer stays the same, with a warning.
        let file = try #require(try FileManager.default.contentsOfDirectory(atPath: dir.path).first { $0.hasSuffix(".kss") })
        let url = dir.appendingPathComponent(file)
        var data = try Data(contentsOf: url)
        data[data.count - 10] ^= 0x55
        try data.write(to: url)
        let damaged = try h.kaisei(assess + snaps)
        #expect(damaged.stdout == plain.stdout)
        #expect(damaged.stderr.contains("warning: snapshot") && damaged.stderr.contains("ignored"), "\(damaged.stderr)")
        #expect(try h.kaisei(["snapshot", "verify"] + snaps).status == 1)
        let prune = try KaiseiBinary.run(["snapshot", "prune", "--keep", "0"] + snaps)
        #expect(prune.stdout.contains("removed"))
    }
}
