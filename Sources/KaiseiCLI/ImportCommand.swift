import ArgumentParser
import Foundation
import EventStore
import KaiseiCore

struct ImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Import events from a JSON Lines file (one event per line).",
        discussion: """
            Every line is checked first; if any line is wrong, each problem is printed as \
            FILE:LINE: field: reason and nothing is written. Events already in the store (same id, \
            same content) are skipped, so importing a file twice is harmless. See docs/events.md.
            """)

    @OptionGroup var storeOptions: StoreOptions
    @Argument(help: ArgumentHelp("The file to import, or - for standard input.", valueName: "FILE"))
    var file: String
    @Option(help: "Events per transaction.")
    var batchSize: Int = 50_000
    @Option(help: ArgumentHelp("Import only events recorded at or before this time; the rest stay for a later import (a date means the end of that day in Japan).", valueName: "TIME"))
    var until: String?
    @Option(help: ArgumentHelp("From this many new events, an import into an empty store is a bulk load: the store builds its indexes once after the load (every check still made). 0: never.", valueName: "N"))
    var bulkThreshold: Int = JSONLImporter().bulkThreshold
    @Flag(help: "Print nothing but problems.")
    var quiet = false
    @Flag(help: "Print a line on standard error after every committed batch (\"N / T events written\"), whatever the file's size: what a migration script reads to know what is safely stored.")
    var progress = false

    func run() throws {
        try reporting {
            // A file is mapped, and its pages handed back as the import moves on; standard input
            // is read whole.
            var data = Data()
            var mapped: MappedFile?
            if file == "-" { data = FileHandle.standardInput.readDataToEndOfFile() } else {
                do { mapped = try MappedFile(path: file) } catch let e as MappedFile.Failure { throw CLIFailure.input(e.description) }
            }
            let size = mapped?.count ?? data.count
            let log = try storeOptions.openForWriting(purpose: "import")
            var importer = JSONLImporter(batchSize: max(1, batchSize))
            importer.bulkThreshold = bulkThreshold > 0 ? bulkThreshold : .max
            importer.until = try until.map { try RecordedTime.parseKnownAt($0) }
            let started = Date()
            // A progress line is printed only after its batch is committed: an acknowledgement.
            importer.release = mapped.map { m in { m.release(before: $0) } }
            if progress || (!quiet && size > 20_000_000) {
                importer.progress = { done, total in
                    Terminal.error("  \(done) / \(total) events written")
                }
                importer.notice = { Terminal.error("  \($0)") }
            }
            let name = file == "-" ? "<stdin>" : file
            let summary: JSONLImporter.Summary
            do {
                if let mapped {
                    summary = try importer.run(mapped.bytes, file: name, log: log)
                } else {
                    summary = try data.withUnsafeBytes { try importer.run($0, file: name, log: log) }
                }
            } catch JSONLImporter.Failure.invalid(let problems, let total) {
                for p in problems { Terminal.error(p.description) }
                if total > problems.count { Terminal.error("… and \(total - problems.count) more problems") }
                throw CLIFailure(message: "\(name): \(total) problem\(total == 1 ? "" : "s"); nothing was imported", code: 1)
            } catch JSONLImporter.Failure.store(let error, let committed) {
                let f = CLIFailure.store(error)
                throw CLIFailure(message: "\(name): \(f.message) (\(committed) events were committed in whole batches before this)", code: f.code)
            }
            if !quiet {
                let secs = Date().timeIntervalSince(started)
                Terminal.out("imported \(summary.appended) events (\(summary.alreadyPresent) already present) from \(summary.lines) lines\(summary.bulkLoad ? " as a bulk load (indexes built after)" : "")\(summary.later > 0 ? " (\(summary.later) recorded after --until left for later)" : "") into \(storeOptions.location) in \(String(format: "%.2f", secs)) s")
            }
        }
    }
}
