import ArgumentParser
import Foundation
import KaiseiCore
import Law
import Replay
import Simulation

struct ExplainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "explain",
        abstract: "One subject's levies under two rule sets, side by side, step by step.",
        discussion: """
            Every levy of the subject (a person: resident tax, their vehicles, the NHI household \
            they pay for, their property; or a vehicle, parcel or building) is computed with both \
            rule sets and the steps are set side by side. Steps that differ are marked with * and \
            name their law reference and the revision on each side. Rule sets as in `compare`.
            """)

    @OptionGroup var storeOptions: StoreOptions
    @OptionGroup var revisionOptions: RevisionOptions
    @OptionGroup var snapshotOptions: SnapshotOptions
    @Option(help: ArgumentHelp("A person, vehicle, parcel or building.", valueName: "ID"))
    var subject: String
    @Option(help: "The fiscal year (年度).")
    var fiscalYear: Int
    @Option(help: ArgumentHelp("The rule set before.", valueName: "SET"))
    var before: String
    @Option(help: ArgumentHelp("The rule set after.", valueName: "SET"))
    var after: String
    @Option(help: ArgumentHelp("okazaki or toyohashi (default: wherever the subject is).", valueName: "CITY"))
    var city: String?
    @Option(help: ArgumentHelp("Events as known at this time (default: everything).", valueName: "TIME"))
    var knownAt: String?
    @Option(help: "text or json.")
    var format: String = "text"

    func run() throws {
        try reporting {
            let cities = try City.parseOption(city).map { [$0] } ?? City.allCases
            guard ParameterCatalogue.years.contains(fiscalYear) else { throw CLIFailure(message: "--fiscal-year: must be between 2013 and 2027", code: 64) }
            try checkFormat(format)
            let asOf = try RecordedTime.parseKnownAt(knownAt)
            let rb = try revisionOptions.load()
            let b: RuleSet, a: RuleSet
            do {
                b = try RuleSet.parse(before, ruleBase: rb, defaultAdoptedBy: asOf)
                a = try RuleSet.parse(after, ruleBase: rb, defaultAdoptedBy: asOf)
            } catch let e as RuleSet.SpecError { throw CLIFailure(message: e.description, code: 1) }
            let log = try storeOptions.open(readOnly: true)
            let replayed = try snapshotOptions.replay(log, knownAt: asOf)
            var found: [(City, [SideBySide])] = []
            for c in cities {
                let pop = replayed.pops[c]!
                let pb = LevyParameters(ruleBase: rb, city: c, fiscalYear: fiscalYear, asOf: b.adoptedBy, drafts: b.drafts)
                let pa = LevyParameters(ruleBase: rb, city: c, fiscalYear: fiscalYear, asOf: a.adoptedBy, drafts: a.drafts)
                let pairs = SideBySide.pair(before: pop.tracedLevies(of: subject, fiscalYear: fiscalYear, pb), after: pop.tracedLevies(of: subject, fiscalYear: fiscalYear, pa))
                if !pairs.isEmpty { found.append((c, pairs)) }
            }
            guard !found.isEmpty else {
                throw CLIFailure(message: "--subject: \(subject) has no levy for FY\(fiscalYear) in \(cities.map(\.rawValue).joined(separator: ", ")) as known at \(asOf == .distantFuture ? "now" : asOf.description)", code: 1)
            }
            let fingerprint = "events through seq \(replayed.watermark), before \(b.hash), after \(a.hash)"
            if format == "json" {
                Terminal.out(JSONWriter.canonical(.object([
                    ("subject", .string(subject)), ("fiscal_year", .integer(Int64(fiscalYear))),
                    ("before", .object([("label", .string(b.label)), ("revision_set", .string(b.hash))])),
                    ("after", .object([("label", .string(a.label)), ("revision_set", .string(a.hash))])),
                    ("cities", .array(found.map { c, pairs in .object([("city", .string(c.rawValue)), ("levies", .array(pairs.map(Self.json)))]) })),
                    ("fingerprint", .object([("watermark", .integer(replayed.watermark)), ("before_revision_set", .string(b.hash)), ("after_revision_set", .string(a.hash))])),
                ])))
                return
            }
            Terminal.out("\(subject) FY\(fiscalYear): \(b.label)  →  \(a.label)")
            for (c, pairs) in found {
                Terminal.out("\(c.japaneseName) (\(c.rawValue))")
                for p in pairs {
                    Terminal.out("\(p.differs ? "*" : " ") \(p.title): \(p.before.map { "¥" + $0.grouped } ?? "—") → \(p.after.map { "¥" + $0.grouped } ?? "—")")
                    for r in p.rows {
                        let label = r.label.count >= 28 ? r.label : r.label.padding(toLength: 28, withPad: "　", startingAt: 0)
                        let bAmount = r.before.map { $0.amount.grouped } ?? "—", aAmount = r.after.map { $0.amount.grouped } ?? "—"
                        Terminal.out("  \(r.differs ? "*" : " ") \(label) \(bAmount.leftPadded(12)) \(aAmount.leftPadded(12))")
                        if let b = r.before, let a = r.after, b.label != a.label { Terminal.out("      → \(a.label)") }
                        if r.differs {
                            let ref = r.after?.reference ?? r.before?.reference ?? ""
                            Terminal.out("      \(ref)  [\(r.before?.revision ?? "—") → \(r.after?.revision ?? "—")]")
                        }
                    }
                }
            }
            Terminal.out("fingerprint: \(fingerprint)")
        }
    }

    static func json(_ p: SideBySide) -> JSONValue {
        func step(_ s: TraceStep?) -> JSONValue {
            guard let s else { return .null }
            return .object([("amount", .integer(s.amount.amount)), ("reference", .string(s.reference)), ("revision", s.revision.map { .string($0) } ?? .null)])
        }
        return .object([
            ("title", .string(p.title)), ("tax", .string(p.tax.rawValue)),
            ("before", p.before.map { .integer($0.amount) } ?? .null), ("after", p.after.map { .integer($0.amount) } ?? .null), ("differs", .bool(p.differs)),
            ("steps", .array(p.rows.map { r in .object([("label", .string(r.label)), ("before", step(r.before)), ("after", step(r.after)), ("differs", .bool(r.differs))]) })),
        ])
    }
}
