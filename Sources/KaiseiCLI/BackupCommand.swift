import ArgumentParser
import Foundation
import KaiseiCore
import EventStore

struct BackupCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "backup",
        abstract: "Online backups of a store (SQLite or PostgreSQL) into one verified file: create (while appends go on), verify, restore (into either backend).",
        discussion: "Each backup is verified link by link when made and has a manifest (FILE.manifest.json) with its chain heads and SHA-256. A restore never overwrites an existing store. Exit 3 when a backup's chain is broken or it was changed after it was made. See docs/operations.md.",
        subcommands: [Create.self, Verify.self, Restore.self])

    /// A backup problem as the exit statuses say: broken or changed is 3, in the way is 1.
    static func run(_ body: () throws -> Void) throws {
            do { try body() } catch let p as SQLiteBackup.Problem {
                switch p {
                case .broken, .mismatch: throw CLIFailure(message: p.description, code: ExitStatus.tampered)
                case .exists: throw CLIFailure.input(p.description)
                case .unreadable: throw CLIFailure(message: p.description, code: ExitStatus.store)
                }
            }
    }

    static func report(_ verb: String, _ path: String, _ m: SQLiteBackup.Manifest) {
        Terminal.out("\(verb) \(path): \(m.events) events to seq \(m.head.seq) (hash \(m.head.hash.hexString.prefix(16))…, recorded \(m.head.recordedAt)), "
                     + "access log \(m.accessRecords) records, \(m.bytes) bytes, SHA-256 \(m.sha256.prefix(16))…")
    }

    struct Create: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Copy the store to FILE while it stays in use, verify the copy, write its manifest.")
        @OptionGroup var storeOptions: StoreOptions
        @Argument(help: ArgumentHelp("The backup file to create (must not exist).", valueName: "FILE")) var file: String

        func run() throws {
            try reporting { try BackupCommand.run {
                _ = try storeOptions.open()
                let started = Date()
                let m: SQLiteBackup.Manifest
                switch storeOptions.location {
                case .sqlite(let path): m = try SQLiteBackup.create(store: path, destination: file, now: RecordedTime.now())
                case .postgres(let url): m = try PostgresBackup.create(url: url, destination: file, now: RecordedTime.now())
                }
                BackupCommand.report(String(format: "backed up in %.1f s to", Date().timeIntervalSince(started)), file, m)
            } }
        }
    }

    struct Verify: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Re-walk a backup's chains and check it against its manifest.")
        @Argument(help: ArgumentHelp("The backup file.", valueName: "FILE")) var file: String
        func run() throws {
            try reporting { try BackupCommand.run { BackupCommand.report("verified", file, try SQLiteBackup.verify(file)) } }
        }
    }

    struct Restore: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Verify a backup, then put it in place as a new store (never over an existing one).")
        @Argument(help: ArgumentHelp("The backup file.", valueName: "FILE")) var file: String
        @Option(help: ArgumentHelp("The store to create from it: a new file, or an empty PostgreSQL database (postgres://USER@HOST:PORT/DB).", valueName: "PATH|URL")) var to: String
        @Option(help: ArgumentHelp("PostgreSQL: from this many events into an empty database, the indexes are built once after the load (every check still made). 0: never.",
                                   valueName: "N")) var bulkThreshold: Int64 = 200_000
        func run() throws {
            try reporting { try BackupCommand.run {
                let location = StoreLocation(to)
                let m: SQLiteBackup.Manifest
                var how = ""
                switch location {
                case .sqlite: m = try SQLiteBackup.restore(file, to: to)
                case .postgres(let url):
                    let r = try PostgresBackup.restoreReporting(file, to: url, bulkThreshold: bulkThreshold)
                    m = r.manifest
                    if r.bulkLoad { how = " as a bulk load (indexes built after)" }
                }
                BackupCommand.report("restored to \(location)\(how) from", file, m)
            } }
        }
    }
}
