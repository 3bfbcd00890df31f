import ArgumentParser
import Foundation
import KaiseiCore
import EventStore
import Law
import Replay
import Snapshots

/// Where snapshots are: `--snapshots DIR`, else `KAISEI_SNAPSHOTS`, else `./snapshots`.
struct SnapshotOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("The snapshot folder (a cache; deleting it loses nothing).", valueName: "DIR"))
    var snapshots: String?
    @Flag(help: "Replay from the first event, ignoring snapshots.")
    var noSnapshots = false

    var folder: SnapshotFolder {
        let path = snapshots ?? ProcessInfo.processInfo.environment["KAISEI_SNAPSHOTS"].flatMap { $0.isEmpty ? nil : $0 } ?? "snapshots"
        return SnapshotFolder(directory: URL(fileURLWithPath: path))
    }

    /// Replays the store as known at `knownAt` (up to `through`), from the newest usable
    /// snapshot; a snapshot passed over is reported on standard error, never trusted.
    func replay(_ log: any EventLog, knownAt: RecordedTime, through: Int64 = .max) throws -> StoreReplay.Outcome {
        let o = try StoreReplay.replay(log, knownAt: knownAt, through: through, snapshots: noSnapshots ? nil : folder)
        for w in o.warnings { Terminal.error("warning: snapshot \(w) — ignored; replaying from the events") }
        return o
    }
}

struct SnapshotCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "snapshot",
        abstract: "LZ4 snapshots of the replayed state: create, list, verify, prune.",
        subcommands: [Create.self, List.self, Verify.self, Prune.self])

    struct Create: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Save the state as known at a time (default: the whole store).")
        @OptionGroup var storeOptions: StoreOptions
        @OptionGroup var revisionOptions: RevisionOptions
        @OptionGroup var snapshotOptions: SnapshotOptions
        @Option(help: ArgumentHelp("The state as known at this time.", valueName: "TIME"))
        var knownAt: String?

        func run() throws {
            try reporting {
                let asOf = try RecordedTime.parseKnownAt(knownAt)
                let log = try storeOptions.open(readOnly: true)
                let rb = try revisionOptions.load()
                let started = Date()
                let o = try snapshotOptions.replay(log, knownAt: asOf)
                let replayed = Date()
                let folder = snapshotOptions.folder
                let (url, bytes, stateBytes) = try folder.write(o.pops, watermark: o.watermark, log: log, revisionSet: rb.revisionSetHash(asOf: asOf))
                let wrote = Date().timeIntervalSince(replayed)
                Terminal.out("wrote \(url.path): watermark \(o.watermark), \(stateBytes) bytes of state in \(bytes) bytes (LZ4), replay \(String(format: "%.2f", replayed.timeIntervalSince(started))) s\(o.snapshot.map { " from snapshot w\($0.watermark)" } ?? ""), write \(String(format: "%.2f", wrote)) s")
            }
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "The snapshots in the folder, newest last.")
        @OptionGroup var snapshotOptions: SnapshotOptions
        func run() throws {
            let folder = snapshotOptions.folder
            for url in folder.files {
                switch folder.header(url) {
                case .success(let (h, _, _)):
                    Terminal.out("\(url.lastPathComponent)  watermark \(h.watermark) (recorded \(h.watermarkRecordedAt))  state \(h.stateBytes) B → \(h.bodyBytes) B  revision set \(h.revisionSet.prefix(12))…")
                case .failure(let p): Terminal.out("\(url.lastPathComponent)  unusable: \(p.reason)")
                }
            }
        }
    }

    struct Verify: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Check every snapshot against the store: header, checksum, watermark hash, and that it equals a replay from the first event.")
        @OptionGroup var storeOptions: StoreOptions
        @OptionGroup var snapshotOptions: SnapshotOptions
        func run() throws {
            try reporting {
                let log = try storeOptions.open(readOnly: true)
                let folder = snapshotOptions.folder
                var bad = 0
                for url in folder.files {
                    switch folder.load(url, log: log) {
                    case .failure(let p): bad += 1; Terminal.out("\(url.lastPathComponent): unusable: \(p.reason)")
                    case .success(let (h, pops)):
                        let (fresh, _) = try Replayer.replayWithWatermark(knownAt: .distantFuture, through: h.watermark) { visit in try log.replayScan(visit) }
                        if StateCodec.encode(fresh) == StateCodec.encode(pops) {
                            Terminal.out("\(url.lastPathComponent): ok (equals a replay of seq 1…\(h.watermark))")
                        } else { bad += 1; Terminal.out("\(url.lastPathComponent): differs from a replay of seq 1…\(h.watermark)") }
                    }
                }
                if bad > 0 { throw CLIFailure(message: "\(bad) snapshot(s) unusable; they are ignored by every command", code: 1) }
            }
        }
    }

    struct Prune: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Delete all but the newest N snapshots, any unusable file, and pieces left by a write that was killed.")
        @OptionGroup var snapshotOptions: SnapshotOptions
        @Option(help: "How many to keep.")
        var keep: Int = 2
        func run() throws {
            let folder = snapshotOptions.folder
            var usable: [URL] = []
            for url in folder.files {
                if case .success = folder.header(url) { usable.append(url) } else { try? FileManager.default.removeItem(at: url); Terminal.out("removed \(url.lastPathComponent) (unusable)") }
            }
            for url in usable.dropLast(max(0, keep)) { try? FileManager.default.removeItem(at: url); Terminal.out("removed \(url.lastPathComponent)") }
            for url in folder.abandonedTemporaries { try? FileManager.default.removeItem(at: url); Terminal.out("removed \(url.lastPathComponent) (left by a write that did not finish)") }
        }
    }
}
