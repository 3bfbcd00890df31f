import ArgumentParser
import Foundation
import EventStore

struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Write every event as canonical JSON Lines (sorted keys, stable spelling).",
        discussion: "Export, import into a new store and export again: the two files are byte-identical.")

    @OptionGroup var storeOptions: StoreOptions
    @Option(name: .shortAndLong, help: ArgumentHelp("Write to FILE instead of standard output.", valueName: "FILE"))
    var output: String?

    func run() throws {
        try reporting {
            let log = try storeOptions.open(readOnly: true)
            var file = try output.map { try OutputFile(path: $0, flag: "--output") }
            do {
                // Every link is checked on the way out: an export never launders altered rows
                // into a clean-looking file.
                try JSONLExporter.export(log, verifyingChain: true) { bytes in
                    if let file { try file.write(Data(bytes)) } else { Terminal.raw(Data(bytes)) }
                }
            } catch {
                file?.discard()
                throw CLIFailure.store(error)
            }
            try file?.commit()
        }
    }
}
