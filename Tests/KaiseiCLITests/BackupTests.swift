import Foundation
import Testing
import TestSupport
import KaiseiEvents

/// `kaisei backup`: an online copy taken while another process appends verifies, restores to
/// a store whose export is the source's up to the backup's head, and a backup changed after it
/// was made is refused (exit 3).
@Suite("Backups", .serialized)
final class BackupTests {
    let dir: URL = {
        let d = FileManager.default.temporaryDirectory.appendingPathComponent("kaisei-backup-\(UUID().uuidString)")
        try? FileManager.default.createDirectory(at: d, withIntermediateDirectories: true)
        return d
    }()
    deinit { try? FileManager.default.removeItem(at: dir) }
    func path(_ name: String) -> String { dir.appendingPathComponent(name).path }

    @Test("a backup taken during an import verifies, restores, and exports as the source's first events")
    func onlineBackup() throws {
        let population = path("population.jsonl"), store = path("s.sqlite")
        #expect(try KaiseiBinary.run(["generate", "--seed", "9", "--scale", "0.002", "-o", population]).status == 0)
        #expect(try KaiseiBinary.run(["import", population, "--until", "2019-01-01", "--store", store]).status == 0)
        // The rest of the history goes in while the backup is taken.
        let importer = try KaiseiBinary.start(["import", population, "--store", store])
        let backup = try KaiseiBinary.run(["backup", "create", "--store", store, path("b.sqlite")])
        importer.waitUntilExit()
        #expect(importer.terminationStatus == 0)
        #expect(backup.status == 0, "\(backup.stderr)")
        let verify = try KaiseiBinary.run(["backup", "verify", path("b.sqlite")])
        #expect(verify.status == 0 && verify.stdout.hasPrefix("verified"), "\(verify.stderr)")
        let restore = try KaiseiBinary.run(["backup", "restore", path("b.sqlite"), "--to", path("r.sqlite")])
        #expect(restore.status == 0, "\(restore.stderr)")
        #expect(try KaiseiBinary.run(["verify", "--store", path("r.sqlite")]).status == 0)
        let restored = try KaiseiBinary.run(["export", "--store", path("r.sqlite")]).stdout.split(separator: "\n")
        let source = try KaiseiBinary.run(["export", "--store", store]).stdout.split(separator: "\n")
        #expect(!restored.isEmpty && restored.count <= source.count)
        #expect(Array(source.prefix(restored.count)) == restored)
        // A restore never replaces a store.
        #expect(try KaiseiBinary.run(["backup", "restore", path("b.sqlite"), "--to", store]).status == 1)
    }

    @Test("a backup changed after it was made, or with its manifest edited, fails verification with exit 3")
    func tampered() throws {
        let store = path("t.sqlite")
        let fixture = Bundle.module.url(forResource: "Fixtures/example-events", withExtension: "jsonl")!
        #expect(try KaiseiBinary.run(["import", fixture.path, "--store", store]).status == 0)
        #expect(try KaiseiBinary.run(["backup", "create", "--store", store, path("t-b.sqlite")]).status == 0)
        let db = try SQLiteDatabaseOpener.open(path("t-b.sqlite"))
        try db.execute("DROP TRIGGER events_refuse_update")
        try db.execute("UPDATE events SET valid_date = 20200101 WHERE seq = 3")
        let r = try KaiseiBinary.run(["backup", "verify", path("t-b.sqlite")])
        #expect(r.status == 3, "\(r.stdout) \(r.stderr)")
        #expect(try KaiseiBinary.run(["backup", "create", "--store", store, path("t-c.sqlite")]).status == 0)
        let manifest = path("t-c.sqlite.manifest.json")
        let text = try String(contentsOfFile: manifest, encoding: .utf8)
        try Data(text.replacingOccurrences(of: "\"events\":\(EventType.allCases.count + 6)", with: "\"events\":\(EventType.allCases.count + 5)").utf8).write(to: URL(fileURLWithPath: manifest))
        #expect(try KaiseiBinary.run(["backup", "verify", path("t-c.sqlite")]).status == 3)
    }
}
