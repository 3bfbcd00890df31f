import ArgumentParser
import Foundation
import KaiseiCore
import KaiseiEvents
import Law
import Replay

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
            let params = ParameterSet(ruleBase: rb, city: household.city, fiscalYear: household.fiscalYear, asOf: asOf)
            let pop = household.population()
            var persons: [JSONValue] = []
            for id in household.personIds {
                var result = ResidentTaxResult()
                if pop.isResident(id, fiscalYear: household.fiscalYear), let facts = pop.taxpayerFacts(id, fiscalYear: household.fiscalYear) {
                    result = ResidentTax.assess(facts, fiscalYear: household.fiscalYear, params, explain: explain)
                }
                var entry: [(String, JSONValue)] = [
                    ("id", .string(id)),
                    ("resident_tax", .object([
                        ("city_income_levy", .integer(result.cityIncomeLevy.amount)),
                        ("prefecture_income_levy", .integer(result.prefectureIncomeLevy.amount)),
                        ("city_per_capita", .integer(result.cityPerCapita.amount)),
                        ("prefecture_per_capita", .integer(result.prefecturePerCapita.amount)),
                        ("forest_environment_tax", .integer(result.forestEnvironmentTax.amount)),
                        ("total", .integer(result.total.amount)),
                    ])),
                    ("furusato_limit", .integer(result.furusatoLimit.amount)),
                    ("total_income", .integer(result.totalIncome.amount)),
                    ("taxable_income", .integer(result.taxableIncome.amount)),
                ]
                if explain {
                    entry.append(("steps", .array(result.steps.map { s in
                        .object([("label", .string(s.label)), ("amount", .integer(s.amount.amount)),
                                 ("reference", .string(s.reference)), ("revision", s.revision.map { .string($0) } ?? .null)])
                    })))
                }
                persons.append(.object(entry))
            }
            let out: JSONValue = .object([
                ("city", .string(household.city.rawValue)), ("fiscal_year", .integer(Int64(household.fiscalYear))),
                ("revision_set", .string(params.revisionSetHash)), ("persons", .array(persons)),
            ])
            Terminal.out(JSONWriter.canonical(out))
        }
    }
}
