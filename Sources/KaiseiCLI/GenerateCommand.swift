import ArgumentParser
import Foundation
import KaiseiCore
import KaiseiEvents
import Synthetic

struct GenerateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "generate",
        abstract: "Generate a synthetic two-city population (FY2013–FY2027) as JSON Lines events.",
        discussion: """
            Deterministic: the same --seed and --scale give byte-identical output on any machine. \
            Scale 1.0 is both cities at their real size (Okazaki ~386,000, Toyohashi ~377,000 \
            residents); the tables are in tools/population/tables.json and documented in \
            docs/population.md. Events come in recorded-time order, ready for `kaisei import`.
            """)

    @Option(help: "Random seed.")
    var seed: UInt64 = 1
    @Option(help: "Population scale, 0.001 to 1.0.")
    var scale: Double = 0.02
    @Option(name: .shortAndLong, help: ArgumentHelp("Write to FILE, or - for standard output.", valueName: "FILE"))
    var output: String = "-"
    @Option(help: ArgumentHelp("The generator's tables.", valueName: "FILE"))
    var tables: String = "tools/population/tables.json"

    func run() throws {
        try reporting {
            guard (0.001...1.0).contains(scale) else { throw CLIFailure(message: "--scale: must be between 0.001 and 1.0, got \(scale)", code: 64) }
            let t: Tables
            do { t = try Tables.load(URL(fileURLWithPath: tables)) }
            catch { throw CLIFailure(message: "\(tables): cannot read the generator tables (\(error))", code: 1) }
            var file = output == "-" ? nil : try OutputFile(path: output, flag: "--output")
            var committed = false
            // A generation that fails midway leaves no temporary file (it can be gigabytes).
            defer { if !committed { file?.discard() } }
            func emit(_ bytes: [UInt8]) throws {
                if let file { try file.write(Data(bytes)) } else { Terminal.raw(Data(bytes)) }
            }
            let showProgress = output != "-"
            let started = Date()
            var buffer = [UInt8](); buffer.reserveCapacity(1 << 22)
            try Generator(tables: t, seed: seed, scale: scale).run(write: { events in
                for e in events {
                    buffer.append(contentsOf: EventJSON.canonicalLine(e).utf8); buffer.append(0x0A)
                    if buffer.count > 1 << 22 { try emit(buffer); buffer.removeAll(keepingCapacity: true) }
                }
            }, progress: { year, total in
                if showProgress {
                    Terminal.error(String(format: "  %d: %d events (%.1f s)", year, total, Date().timeIntervalSince(started)))
                }
            })
            try emit(buffer)
            if file != nil {
                try file!.commit()
                committed = true
                Terminal.error("wrote \(output)")
            }
        }
    }
}
