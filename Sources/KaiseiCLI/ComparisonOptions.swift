import ArgumentParser
import Foundation
import KaiseiCore
import Law
import Replay
import Simulation

/// What `simulate` and `compare` share: the year, the cities, the events' moment, and where the
/// outputs go.
struct ComparisonOptions: ParsableArguments {
    @Option(help: "The fiscal year (年度).")
    var fiscalYear: Int
    @Option(help: ArgumentHelp("okazaki or toyohashi (default: both).", valueName: "CITY"))
    var city: String?
    @Option(help: ArgumentHelp("Events as known at this time (default: everything). Rule sets without @TIME are also taken as adopted by then.", valueName: "TIME"))
    var knownAt: String?
    @Option(help: "text or json.")
    var format: String = "text"
    @Option(help: ArgumentHelp("Write the per-subject CSV (subject,city,tax,before,after,difference).", valueName: "FILE.csv"))
    var csv: String?
    @Option(help: ArgumentHelp("Write the meeting's report: one self-contained HTML file in Japanese, A4.", valueName: "FILE.html"))
    var report: String?
    @Option(help: ArgumentHelp("affected (taxes a changed parameter feeds) or all.", valueName: "WHICH"))
    var taxes: String = "affected"
    @Option(help: "How many of the largest individual changes to list per city and tax.")
    var top: Int = 20

    func validate(_ command: String) throws -> (cities: [City], asOf: RecordedTime, choice: Comparison.TaxChoice) {
        let cities = try City.parseOption(city).map { [$0] } ?? City.allCases
        guard ParameterCatalogue.years.contains(fiscalYear) else { throw CLIFailure(message: "--fiscal-year: must be between 2013 and 2027", code: 64) }
        try checkFormat(format)
        guard taxes == "affected" || taxes == "all" else { throw CLIFailure(message: "--taxes: expected affected or all, got \"\(taxes)\"", code: 64) }
        guard top >= 0 else { throw CLIFailure(message: "--top: must not be negative", code: 64) }
        return (cities, try RecordedTime.parseKnownAt(knownAt), taxes == "all" ? .all : .affected)
    }

    /// Replays the store, compares, and writes every output asked for.
    func run(before: (RuleBase, RecordedTime) throws -> RuleSet, after: (RuleBase, RecordedTime) throws -> RuleSet,
             store: StoreOptions, revisions: RevisionOptions, snapshots: SnapshotOptions, command: String) throws {
        let (cities, asOf, choice) = try validate(command)
        let rb = try revisions.load()
        let b: RuleSet, a: RuleSet
        do { b = try before(rb, asOf); a = try after(rb, asOf) } catch let e as RuleSet.SpecError { throw CLIFailure(message: e.description, code: 1) }
        let log = try store.open(readOnly: true)
        let replayed = try snapshots.replay(log, knownAt: asOf)
        let cmp = Comparison.run(replayed.pops, cities: cities, fiscalYear: fiscalYear, before: b, after: a,
                                 watermark: replayed.watermark, knownAt: asOf, taxes: choice, top: top)
        if let csv { try write(cmp.csv, to: csv, "--csv") }
        if let report { try write(cmp.html(command: command), to: report, "--report") }
        Terminal.out(format == "json" ? JSONWriter.canonical(cmp.json) : cmp.text)
        if let r = cmp.refused.first {
            throw CLIFailure.input("\(r.tax.japaneseName) of \(r.city.rawValue) FY\(fiscalYear) was not compared: the \(r.side) rules are incomplete: \(r.missing)\(cmp.refused.count > 1 ? " (and \(cmp.refused.count - 1) more)" : "")")
        }
    }

    func write(_ text: String, to path: String, _ flag: String) throws {
        try OutputFile.write(text, to: path, flag: flag)
    }
}

extension ComparisonOptions {
    /// The options that decide the figures, as they would be typed again (the report's
    /// "re-run" line; the store is named by the fingerprint's watermark, not by a path).
    var figureArguments: String {
        var a = ["--fiscal-year \(fiscalYear)"]
        if let city { a.append("--city \(city)") }
        if let knownAt { a.append("--known-at \(knownAt)") }
        if taxes != "affected" { a.append("--taxes \(taxes)") }
        return a.joined(separator: " ")
    }
}
