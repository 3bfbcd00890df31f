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
            let handle: FileHandle
            if let output {
                guard FileManager.default.createFile(atPath: output + ".partial", contents: nil),
                      let h = FileHandle(forWritingAtPath: output + ".partial") else {
                    throw CLIFailure(message: "cannot write \(output)", code: 1)
                }
                handle = h
            } else {
                handle = .standardOutput
            }
            do {
                try JSONLExporter.export(log) { bytes in handle.write(Data(bytes)) }
            } catch { throw CLIFailure(message: "\(error)", code: 2) }
            if let output {
                // Written beside, then renamed: a reader never sees half an export.
                try handle.close()
                _ = try? FileManager.default.removeItem(atPath: output)
                try FileManager.default.moveItem(atPath: output + ".partial", toPath: output)
            }
        }
    }
}
