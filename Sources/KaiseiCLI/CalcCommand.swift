import ArgumentParser
import Foundation
import KaiseiCore
import KaiseiEvents
import Law
import Replay
import Assessment

struct CalcCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "calc",
        abstract: "Compute the taxes of one model household given as JSON (see docs/calc.md).",
        discussion: """
            The household is turned into events and replayed through the same engine as the \
            population. Output is JSON: per person, the resident tax (市民税・県民税の所得割と均等割, \
            森林環境税) after every credit, and the ふるさと納税 upper limit. --explain adds each \
            step with its law reference and the revision it used.
            """)

    @OptionGroup var revisionOptions: RevisionOptions
    @Option(help: ArgumentHelp("The household JSON, or - for standard input.", valueName: "FILE"))
    var input: String
    @Flag(help: "Add every step of the computation.")
    var explain = false
    @Option(help: ArgumentHelp("Use the rule base as adopted at this time (default: now).", valueName: "TIME"))
    var knownAt: String?

    func run() throws {
        try reporting {
            let data: Data
            do {
                data = input == "-" ? FileHandle.standardInput.readDataToEndOfFile() : try Data(contentsOf: URL(fileURLWithPath: input))
            } catch { throw CLIFailure(message: "cannot read \(input)", code: 1) }
            let json: JSONValue
            do { json = try data.withUnsafeBytes { try JSONParser.parse($0) } }
            catch let e as JSONParser.Failure { throw CLIFailure(message: "(input): \(e.reason) at byte \(e.offset + 1)", code: 1) }
            let household: ModelHousehold
            switch ModelHousehold.parse(json) {
            case .success(let h): household = h
            case .failure(let p): throw CLIFailure(message: p.all.map(\.description).joined(separator: "\n"), code: 1)
            }
            let asOf = try RecordedTime.parseKnownAt(knownAt)
            let rb = try revisionOptions.load()
            let out: JSONValue
            do { out = try ModelHouseholdCalc.run(household, ruleBase: rb, asOf: asOf, explain: explain) }
            catch { throw CLIFailure.input("\(input): \(error)") }
            Terminal.out(JSONWriter.canonical(out))
        }
    }
}
