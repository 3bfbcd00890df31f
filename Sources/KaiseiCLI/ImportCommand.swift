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
    @Flag(help: "Print nothing but problems.")
    var quiet = false
    @Flag(help: "Print a line on standard error after every committed batch (\"N / T events written\"), whatever the file's size: what a migration script reads to know what is safely stored.")
    var progress = false

    func run() throws {
        try reporting {
            let data: Data
            do {
                data = file == "-" ? FileHandle.standardInput.readDataToEndOfFile()
                                   : try Data(contentsOf: URL(fileURLWithPath: file), options: .alwaysMapped)
            } catch { throw CLIFailure.input("cannot read \(file): no such file, or not readable") }
            let log = try storeOptions.openForWriting(purpose: "import")
            var importer = JSONLImporter(batchSize: max(1, batchSize))
            importer.until = try until.map { try RecordedTime.parseKnownAt($0) }
            let started = Date()
            // A progress line is printed only after its batch is committed: an acknowledgement.
            if progress || (!quiet && data.count > 20_000_000) {
                importer.progress = { done, total in
                    Terminal.error("  \(done) / \(total) events written")
                }
            }
            let name = file == "-" ? "<stdin>" : file
            let summary: JSONLImporter.Summary
            do {
                summary = try data.withUnsafeBytes { try importer.run($0, file: name, log: log) }
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
                Terminal.out("imported \(summary.appended) events (\(summary.alreadyPresent) already present) from \(summary.lines) lines\(summary.later > 0 ? " (\(summary.later) recorded after --until left for later)" : "") into \(storeOptions.location) in \(String(format: "%.2f", secs)) s")
            }
        }
    }
}
