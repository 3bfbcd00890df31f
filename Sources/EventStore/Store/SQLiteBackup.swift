import Foundation
import KaiseiCore

/// Online backups of an SQLite store: a consistent copy taken while appends go on
/// (`VACUUM INTO` reads in one transaction), re-walked link by link before it counts, with a
/// manifest that names its chain heads and its SHA-256, so a restore can prove it is complete
/// up to that point and untouched since.
public enum SQLiteBackup {
    public struct Manifest: Sendable, Equatable {
        public let file: String
        public let createdAt: RecordedTime
        public let events: Int64
        public let head: ChainHead
        public let accessRecords: Int64
        public let accessHead: [UInt8]
        public let sha256: String
        public let bytes: Int64

        var json: JSONValue {
            .object([
                ("format", .string("kaisei-backup-1")), ("file", .string(file)), ("created_at", .string(createdAt.description)),
                ("events", .integer(events)),
                ("head", .object([("seq", .integer(head.seq)), ("hash", .string(head.hash.hexString)), ("recorded_at", .string(head.recordedAt.description))])),
                ("access_log", .object([("records", .integer(accessRecords)), ("head_hash", .string(accessHead.hexString))])),
                ("sha256", .string(sha256)), ("bytes", .integer(bytes)),
            ])
        }

        static func parse(_ text: String) -> Manifest? {
            guard let v = try? JSONParser.parse(text), case .string(let file)? = v["file"], case .string(let created)? = v["created_at"],
                  let createdAt = RecordedTime(iso: created), case .integer(let events)? = v["events"], let h = v["head"],
                  case .integer(let seq)? = h["seq"], case .string(let hash)? = h["hash"], case .string(let at)? = h["recorded_at"],
                  let recordedAt = RecordedTime(iso: at), let a = v["access_log"], case .integer(let records)? = a["records"],
                  case .string(let accessHash)? = a["head_hash"], case .string(let sha)? = v["sha256"], case .integer(let bytes)? = v["bytes"],
                  let headHash = hexBytes(hash), let accessHead = hexBytes(accessHash) else { return nil }
            return Manifest(file: file, createdAt: createdAt, events: events, head: ChainHead(seq: seq, hash: headHash, recordedAt: recordedAt),
                            accessRecords: records, accessHead: accessHead, sha256: sha, bytes: bytes)
        }
    }

    public enum Problem: Error, Sendable, CustomStringConvertible {
        case exists(String)
        case unreadable(String, String)
        case mismatch(String)
        case broken(String, ChainVerification.Break)
        public var description: String {
            switch self {
            case .exists(let p): return "\(p) already exists: choose another name (a backup never replaces a file)"
            case let .unreadable(p, why): return "\(p): \(why)"
            case .mismatch(let why): return why
            case let .broken(p, b): return "\(p): the backup's chain is broken: \(b)"
            }
        }
    }

    static func hexBytes(_ s: String) -> [UInt8]? {
        guard s.count % 2 == 0 else { return nil }
        var out: [UInt8] = []
        var i = s.startIndex
        while i < s.endIndex {
            let j = s.index(i, offsetBy: 2)
            guard let b = UInt8(s[i..<j], radix: 16) else { return nil }
            out.append(b)
            i = j
        }
        return out
    }

    public static func manifestPath(_ backup: String) -> String { backup + ".manifest.json" }

    /// Copies the store at `store` to `destination` (which must not exist), verifies the copy's
    /// two chains from the first link, and writes its manifest beside it.
    public static func create(store: String, destination: String, now: RecordedTime) throws -> Manifest {
        let fm = FileManager.default
        if fm.fileExists(atPath: destination) || fm.fileExists(atPath: manifestPath(destination)) { throw Problem.exists(destination) }
        let temporary = destination + ".partial"
        try? fm.removeItem(atPath: temporary)
        do {
            let db = try SQLiteDatabase(path: store, readOnly: true)
            try db.execute("VACUUM INTO '\(temporary.replacingOccurrences(of: "'", with: "''"))'")
        } catch {
            try? fm.removeItem(atPath: temporary)
            throw Problem.unreadable(store, "cannot copy the store (\(error))")
        }
        return try seal(temporary, as: destination, now: now)
    }

    /// Verifies a finished copy at `temporary`, gives it its name and writes its manifest
    /// (removing the copy if it does not verify).
    static func seal(_ temporary: String, as destination: String, now: RecordedTime) throws -> Manifest {
        do {
            let manifest = try inspect(temporary, name: (destination as NSString).lastPathComponent, now: now)
            // The copy is whole and verified: only now does it take its name, once its bytes are
            // on disk (VACUUM INTO does not sync; a power cut could leave a named, empty backup).
            try syncFile(temporary)
            guard rename(temporary, destination) == 0 else { throw Problem.unreadable(destination, "cannot rename the copy into place") }
            try writeAtomically(JSONWriter.canonical(manifest.json) + "\n", to: manifestPath(destination))
            return manifest
        } catch {
            for suffix in ["", "-wal", "-shm", "-writer"] { try? FileManager.default.removeItem(atPath: temporary + suffix) }
            throw error
        }
    }

    /// Re-walks a backup against its manifest: the file's SHA-256, then every link of both chains.
    public static func verify(_ backup: String) throws -> Manifest {
        guard let text = try? String(contentsOfFile: manifestPath(backup), encoding: .utf8) else {
            throw Problem.unreadable(manifestPath(backup), "no manifest beside the backup")
        }
        guard let manifest = Manifest.parse(text) else { throw Problem.unreadable(manifestPath(backup), "not a Kaisei backup manifest") }
        let found = try inspect(backup, name: manifest.file, now: manifest.createdAt)
        if found.sha256 != manifest.sha256 { throw Problem.mismatch("\(backup): its SHA-256 is not the manifest's: the file was changed after the backup") }
        if found.head != manifest.head || found.events != manifest.events {
            throw Problem.mismatch("\(backup): it ends at seq \(found.head.seq), the manifest says \(manifest.head.seq)")
        }
        if found.accessHead != manifest.accessHead || found.accessRecords != manifest.accessRecords {
            throw Problem.mismatch("\(backup): its access log is not the one the manifest names")
        }
        return manifest
    }

    /// Puts a verified backup in place as the store at `store`, which must not exist (a
    /// restore never overwrites a live store), and verifies the result.
    public static func restore(_ backup: String, to store: String) throws -> Manifest {
        let manifest = try verify(backup)
        let fm = FileManager.default
        for p in [store, store + "-wal", store + "-shm"] where fm.fileExists(atPath: p) {
            throw Problem.exists(p)
        }
        let temporary = store + ".restoring"
        try? fm.removeItem(atPath: temporary)
        do {
            try fm.copyItem(atPath: backup, toPath: temporary)
            try syncFile(temporary)
            guard rename(temporary, store) == 0 else { throw Problem.unreadable(store, "cannot rename the restored copy into place") }
            syncDirectory(of: store)
        } catch {
            try? fm.removeItem(atPath: temporary)
            throw error
        }
        let restored = try inspect(store, name: manifest.file, now: manifest.createdAt)
        guard restored.head == manifest.head, restored.sha256 == manifest.sha256, restored.accessHead == manifest.accessHead else {
            throw Problem.mismatch("\(store): the restored store is not the backup (its chain heads or bytes differ)")
        }
        return manifest
    }

    /// The manifest a file would have: its hash and size, and both chains walked from the first link.
    static func inspect(_ path: String, name: String, now: RecordedTime) throws -> Manifest {
        let log: SQLiteEventLog
        do { log = try SQLiteEventLog(path: path, readOnly: true) } catch { throw Problem.unreadable(path, "\(error)") }
        let events = try log.verifyChain()
        if let b = events.firstBreak { throw Problem.broken(path, b) }
        let head = try log.head()
        var accessRecords: Int64 = 0, accessHead = [UInt8](repeating: 0, count: 32)
        // A store from before the access log has none; one that has it must read and verify.
        if try hasAccessLog(path) {
            let access = try SQLiteAccessLog(path: path, readOnly: true)
            let a = try access.verifyAccessChain()
            if let b = a.firstBreak { throw Problem.broken(path + " (access log)", b) }
            accessRecords = a.checked
            accessHead = a.lastHash ?? accessHead
        }
        let (sha, bytes) = try fileDigest(path)
        return Manifest(file: name, createdAt: now, events: events.checked, head: head, accessRecords: accessRecords, accessHead: accessHead,
                        sha256: sha, bytes: bytes)
    }

    /// Whether the store has an access log; a store whose schema records the access log's
    /// migration but lacks its table was tampered with, and is not sealed as "no access log".
    static func hasAccessLog(_ path: String) throws -> Bool {
        let (table, migrated): (Int64, Int64)
        do {
            let db = try SQLiteDatabase(path: path, readOnly: true)
            table = try db.scalar("SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'access_log'") ?? 0
            migrated = try db.scalar("SELECT count(*) FROM schema_migrations WHERE name = 'access-log'") ?? 0
        } catch { throw Problem.unreadable(path, "\(error)") }
        if table == 0 && migrated > 0 {
            throw Problem.broken(path, .structure("the access log's tables were removed (the store's schema records migration 3, access-log)"))
        }
        return table > 0
    }

    static func fileDigest(_ path: String) throws -> (String, Int64) {
        guard let h = FileHandle(forReadingAtPath: path) else { throw Problem.unreadable(path, "cannot read it") }
        defer { try? h.close() }
        var hasher = SHA256()
        var bytes: Int64 = 0
        while let chunk = try h.read(upToCount: 8 << 20), !chunk.isEmpty {
            chunk.withUnsafeBytes { hasher.update($0) }
            bytes += Int64(chunk.count)
        }
        return (hasher.finalize().hexString, bytes)
    }

    static func writeAtomically(_ text: String, to path: String) throws {
        let temporary = path + ".partial"
        try Data(text.utf8).write(to: URL(fileURLWithPath: temporary))
        try syncFile(temporary)
        guard rename(temporary, path) == 0 else { throw Problem.unreadable(path, "cannot write the manifest") }
        syncDirectory(of: path)
    }

    /// Forces a file's bytes to disk; a file that cannot be synced is not called a backup.
    static func syncFile(_ path: String) throws {
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { throw Problem.unreadable(path, "cannot open it to sync it to disk") }
        defer { close(fd) }
        guard fsync(fd) == 0 else { throw Problem.unreadable(path, "cannot sync it to disk (errno \(errno))") }
    }

    /// Makes a rename in the folder durable (best effort: some file systems refuse a folder fsync).
    static func syncDirectory(of path: String) {
        let fd = open((path as NSString).deletingLastPathComponent.isEmpty ? "." : (path as NSString).deletingLastPathComponent, O_RDONLY)
        if fd >= 0 { _ = fsync(fd); close(fd) }
    }
}
