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
            // `payments` (延滞金) and `corporations` (法人市民税) stand beside the household, or alone.
            let blockKeys: Set<String> = ["payments", "corporations"]
            var householdJSON = json
            var blocks: [String: JSONValue] = [:]
            if case .object(let top) = json {
                for (k, v) in top where blockKeys.contains(k) { blocks[k] = v }
                householdJSON = .object(top.filter { !blockKeys.contains($0.0) })
            }
            let blocksOnly = !blocks.isEmpty && householdJSON["persons"] == nil
            var household: ModelHousehold?
            if !blocksOnly {
                switch ModelHousehold.parse(householdJSON) {
                case .success(let h): household = h
                case .failure(let p): throw CLIFailure(message: p.all.map(\.description).joined(separator: "\n"), code: 1)
                }
            }
            var city: City?
            if !blocks.isEmpty {
                guard case .string(let c)? = json["city"], let known = City(rawValue: c) else {
                    throw CLIFailure(message: "city: missing or unknown (expected okazaki | toyohashi)", code: 1)
                }
                city = known
                if blocksOnly, case .object(let top) = json {
                    for (k, _) in top where k != "city" && !blockKeys.contains(k) {
                        throw CLIFailure(message: "\(k): unknown field beside payments or corporations without persons (see docs/calc.md)", code: 1)
                    }
                }
            }
            var paymentsBlock: LateInterestCalc.Block?
            if let p = blocks["payments"], let city {
                switch LateInterestCalc.parse(p, city: city) {
                case .success(let b): paymentsBlock = b
                case .failure(let p): throw CLIFailure(message: p.all.map(\.description).joined(separator: "\n"), code: 1)
                }
            }
            var corporations: [CorporateTaxCalc.Corporation]?
            if let c = blocks["corporations"] {
                switch CorporateTaxCalc.parse(c) {
                case .success(let list): corporations = list
                case .failure(let p): throw CLIFailure(message: p.all.map(\.description).joined(separator: "\n"), code: 1)
                }
            }
            let asOf = try RecordedTime.parseKnownAt(knownAt)
            let rb = try revisionOptions.load()
            var fields: [(String, JSONValue)] = []
            if let household {
                do {
                    if case .object(let f) = try ModelHouseholdCalc.run(household, ruleBase: rb, asOf: asOf, explain: explain) { fields = f }
                } catch { throw CLIFailure.input("\(input): \(error)") }
            } else if let city {
                fields = [("city", .string(city.rawValue))]
            }
            do {
                if let corporations, let city {
                    fields.append(("corporations", try CorporateTaxCalc.run(corporations, city: city, ruleBase: rb, asOf: asOf, explain: explain)))
                    fields.append(("corporations_revision_set", .string(rb.revisionSetHash(asOf: asOf, scope: .corporate))))
                }
                if let paymentsBlock {
                    fields.append(("payments", try LateInterestCalc.run(paymentsBlock, ruleBase: rb, asOf: asOf, explain: explain)))
                }
            } catch { throw CLIFailure.input("\(input): not computed: \(error)") }
            Terminal.out(JSONWriter.canonical(.object(fields)))
        }
    }
}
