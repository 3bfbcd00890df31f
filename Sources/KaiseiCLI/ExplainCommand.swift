import ArgumentParser
import EventStore
import Foundation
import KaiseiCore
import KaiseiEvents
import Law
import Replay
import Assessment
import Simulation

struct ExplainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "explain",
        abstract: "One subject's levies side by side, step by step: under two rule sets, or as known at two times.",
        discussion: """
            Every levy of the subject (a person: resident tax, their vehicles, the NHI household \
            they pay for, their property; or a vehicle, parcel or building) is computed on both \
            sides and the steps are set side by side. Steps that differ are marked with * and \
            name their law reference and the revision on each side. Rule sets as in `compare`.

            With --vs-known-at, the sides are the store as known at --known-at and as known at \
            --vs-known-at (a 更正 of the facts), each under the rules adopted by its own time \
            unless --before/--after say otherwise; the events recorded in between that bear on \
            the subject are listed, those that changed the result marked * with the steps they \
            changed.

            Example: kaisei explain --subject okz-r-100001 --fiscal-year 2020 --known-at 2021-06-01 --vs-known-at 2022-06-01
            """)

    @OptionGroup var storeOptions: StoreOptions
    @OptionGroup var revisionOptions: RevisionOptions
    @OptionGroup var snapshotOptions: SnapshotOptions
    @Option(help: ArgumentHelp("A person, vehicle, parcel or building.", valueName: "ID"))
    var subject: String
    @Option(help: "The fiscal year (年度).")
    var fiscalYear: Int
    @Option(help: ArgumentHelp("The rule set before (with --vs-known-at, default: as adopted at --known-at).", valueName: "SET"))
    var before: String?
    @Option(help: ArgumentHelp("The rule set after (with --vs-known-at, default: as adopted at --vs-known-at).", valueName: "SET"))
    var after: String?
    @Option(help: ArgumentHelp("okazaki or toyohashi (default: wherever the subject is).", valueName: "CITY"))
    var city: String?
    @Option(help: ArgumentHelp("Events as known at this time (default: everything); with --vs-known-at, the earlier time.", valueName: "TIME"))
    var knownAt: String?
    @Option(help: ArgumentHelp("Compare with the events as known at this later time: what was recorded in between and what it changed.", valueName: "TIME"))
    var vsKnownAt: String?
    @Option(help: "text or json.")
    var format: String = "text"

    func run() throws {
        try reporting {
            let cities = try City.parseOption(city).map { [$0] } ?? City.allCases
            guard ParameterCatalogue.years.contains(fiscalYear) else { throw CLIFailure(message: "--fiscal-year: must be between 2013 and 2027", code: 64) }
            try checkFormat(format)
            if let vsKnownAt {
                try explainKnownAt(vsKnownAt, cities: cities)
                return
            }
            guard let before, let after else {
                throw CLIFailure(message: "--before and --after: both are needed to compare two rule sets (or give --known-at and --vs-known-at to compare two recorded times)", code: 64)
            }
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
            let corporate = found.contains { $0.1.contains { $0.tax.revisionScope == .corporate } }
            let fingerprint = "events through seq \(replayed.watermark), before \(b.hash), after \(a.hash)" + Self.corporateFingerprint(corporate, b, a)
            if format == "json" {
                Terminal.out(JSONWriter.canonical(.object([
                    ("subject", .string(subject)), ("fiscal_year", .integer(Int64(fiscalYear))),
                    ("before", Self.ruleSetJSON(b, corporate: corporate)),
                    ("after", Self.ruleSetJSON(a, corporate: corporate)),
                    ("cities", .array(found.map { c, pairs in .object([("city", .string(c.rawValue)), ("levies", .array(pairs.map(Self.json)))]) })),
                    ("fingerprint", .object([("watermark", .integer(replayed.watermark)), ("before_revision_set", .string(b.hash)), ("after_revision_set", .string(a.hash))]
                                            + Self.corporateFingerprintJSON(corporate, b, a))),
                ])))
                return
            }
            Terminal.out("\(subject) FY\(fiscalYear): \(b.label)  →  \(a.label)")
            Self.printLevies(found)
            Terminal.out("fingerprint: \(fingerprint)")
        }
    }

    /// The side-by-side levies of each city, differing steps marked `*` with their reference and revisions.
    static func printLevies(_ found: [(City, [SideBySide])]) {
        for (c, pairs) in found {
            Terminal.out("\(c.japaneseName) (\(c.rawValue))")
            for p in pairs {
                Terminal.out("\(p.differs ? "*" : " ") \(p.title): \(money(p.before)) → \(money(p.after))")
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
    }

    static func money(_ amount: Yen?) -> String { amount.map { "¥" + $0.grouped } ?? "—" }

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

// MARK: - Two recorded times (--vs-known-at)

extension ExplainCommand {
    /// Replays the store as known at --known-at, folds it forward to --vs-known-at through the
    /// library (`FactChange.explain`), and renders the answer. Parsing and rendering only.
    func explainKnownAt(_ vsText: String, cities: [City]) throws {
        guard let knownAt else {
            throw CLIFailure(message: "--vs-known-at: give the earlier time with --known-at", code: 64)
        }
        let earlier = try RecordedTime.parseKnownAt(knownAt)
        guard let later = RecordedTime(iso: vsText, dateMeansEndOfDay: true) else {
            throw CLIFailure(message: "--vs-known-at: not a time \"\(vsText)\" (expected YYYY-MM-DD or 2020-06-01T09:00:00+09:00)", code: 64)
        }
        guard earlier < later else {
            throw CLIFailure(message: "--vs-known-at: must be later than --known-at \(knownAt)", code: 64)
        }
        let rb = try revisionOptions.load()
        let b: RuleSet, a: RuleSet
        do {
            b = try before.map { try RuleSet.parse($0, ruleBase: rb, defaultAdoptedBy: earlier) } ?? RuleSet(ruleBase: rb, adoptedBy: earlier)
            a = try after.map { try RuleSet.parse($0, ruleBase: rb, defaultAdoptedBy: later) } ?? RuleSet(ruleBase: rb, adoptedBy: later)
        } catch let e as RuleSet.SpecError { throw CLIFailure(message: e.description, code: 1) }
        let log = try storeOptions.open(readOnly: true)
        let replayed = try snapshotOptions.replay(log, knownAt: earlier)
        let change = try FactChange.explain(subject: subject, fiscalYear: fiscalYear, cities: cities,
                                            knownAt: earlier, state: replayed.pops, watermark: replayed.watermark,
                                            vsKnownAt: later, before: b, after: a) { visit in
            try log.replayScan(after: replayed.watermark, visit)
        }
        guard !change.levies.isEmpty else {
            throw CLIFailure(message: "--subject: \(subject) has no levy for FY\(fiscalYear) in \(cities.map(\.rawValue).joined(separator: ", ")) as known at \(knownAt) or \(vsText), and nothing bearing on it was recorded in between", code: 1)
        }
        if format == "json" {
            Terminal.out(JSONWriter.canonical(Self.knownAtJSON(change)))
            return
        }
        Terminal.out("\(subject) FY\(fiscalYear): as known at \(knownAt) [\(b.label)]  →  as known at \(vsText) [\(a.label)]")
        Self.printLevies(change.levies.map { ($0.city, $0.levies) })
        let between = "between \(knownAt) and \(vsText)"
        if change.events.isEmpty {
            Terminal.out("events recorded \(between) that bear on this subject: none")
        } else {
            Terminal.out("events recorded \(between) that bear on this subject (* changed the result):")
            for e in change.events { Self.printEvent(e) }
        }
        for line in Self.verdictLines(change, between: between, earlier: knownAt, later: vsText) { Terminal.out(line) }
        let corporate = change.levies.contains { $0.levies.contains { $0.tax.revisionScope == .corporate } }
        Terminal.out("fingerprint: events through seq \(change.watermarkBefore) and seq \(change.watermarkAfter), before \(b.hash), after \(a.hash)" + Self.corporateFingerprint(corporate, b, a))
    }

    /// A corporation's levies carry the corporate group's revision set, which the individual set
    /// printed first does not cover: shown beside it when a corporate levy is explained.
    static func corporateFingerprint(_ corporate: Bool, _ b: RuleSet, _ a: RuleSet) -> String {
        corporate ? "; corporate before \(b.corporateHash), after \(a.corporateHash)" : ""
    }

    static func corporateFingerprintJSON(_ corporate: Bool, _ b: RuleSet, _ a: RuleSet) -> [(String, JSONValue)] {
        corporate ? [("before_corporate_revision_set", .string(b.corporateHash)), ("after_corporate_revision_set", .string(a.corporateHash))] : []
    }

    static func ruleSetJSON(_ r: RuleSet, corporate: Bool) -> JSONValue {
        .object([("label", .string(r.label)), ("revision_set", .string(r.hash))] + (corporate ? [("corporate_revision_set", .string(r.corporateHash))] : []))
    }

    /// One event: seq, the two clocks, type, subject and fields; under one that changed the
    /// result, each levy it changed with the steps.
    static func printEvent(_ e: FactChange.RecordedEvent) {
        let recorded = e.event.recordedAt.map(\.description) ?? "—"
        Terminal.out("\(e.changedResult ? "*" : " ") #\(e.seq)  valid \(e.event.validDate)  recorded \(recorded)  \(e.event.type.name)  \(e.event.subject)  \(EventSummary.fields(e.event))")
        for p in e.changedLevies {
            let steps = p.rows.filter(\.differs).map { $0.after?.label ?? $0.label }
            Terminal.out("      → \(p.title): \(money(p.before)) → \(money(p.after))\(steps.isEmpty ? "" : "; steps: " + steps.joined(separator: "; "))")
        }
    }

    /// What the comparison comes to, in plain words.
    static func verdictLines(_ change: FactChange, between: String, earlier: String, later: String) -> [String] {
        if change.verdict == .nothingRecorded {
            return ["nothing recorded \(between) changes this subject's levies"]
        }
        var lines: [String] = []
        let n = change.changingEvents.count
        if n == 0 {
            lines.append("no event recorded \(between) changed the result")
        } else {
            lines.append("\(n) event\(n == 1 ? "" : "s") recorded \(between) changed the result (marked *)")
            if change.verdict == .noChange {
                lines.append("their changes cancel out: the figures as known at \(later) are those as known at \(earlier)")
            }
        }
        if change.rulesChangeResult {
            lines.append("the rule sets differ and change the result by themselves: \(change.before.label) → \(change.after.label)")
        }
        if change.otherEventsChangeResult {
            lines.append("events not traced to this subject also changed the result")
        }
        return lines
    }

    static func knownAtJSON(_ change: FactChange) -> JSONValue {
        let beforeHash = change.before.hash, afterHash = change.after.hash
        let corporate = change.levies.contains { $0.levies.contains { $0.tax.revisionScope == .corporate } }
        let cities: [JSONValue] = change.levies.map { c in
            .object([("city", .string(c.city.rawValue)), ("levies", .array(c.levies.map(Self.json)))])
        }
        let events: [JSONValue] = change.events.map(Self.eventJSON)
        let fingerprint: JSONValue = .object([
            ("watermark_before", .integer(change.watermarkBefore)), ("watermark_after", .integer(change.watermarkAfter)),
            ("before_revision_set", .string(beforeHash)), ("after_revision_set", .string(afterHash)),
        ] + corporateFingerprintJSON(corporate, change.before, change.after))
        return .object([
            ("subject", .string(change.subject)), ("fiscal_year", .integer(Int64(change.fiscalYear))),
            ("known_at", .string(change.knownAt.description)), ("vs_known_at", .string(change.vsKnownAt.description)),
            ("before", ruleSetJSON(change.before, corporate: corporate)),
            ("after", ruleSetJSON(change.after, corporate: corporate)),
            ("cities", .array(cities)),
            ("events", .array(events)),
            ("rules_change_result", .bool(change.rulesChangeResult)),
            ("other_events_change_result", .bool(change.otherEventsChangeResult)),
            ("verdict", .string(change.verdict.rawValue)),
            ("fingerprint", fingerprint),
        ])
    }

    static func eventJSON(_ e: FactChange.RecordedEvent) -> JSONValue {
        let recorded: JSONValue = e.event.recordedAt.map { .string($0.description) } ?? .null
        return .object([
            ("seq", .integer(e.seq)), ("city", .string(e.event.city.rawValue)), ("subject", .string(e.event.subject)),
            ("type", .string(e.event.type.name)), ("valid_date", .string(e.event.validDate.description)),
            ("recorded_at", recorded), ("payload", EventJSON.payloadJSON(e.event)),
            ("changed_result", .bool(e.changedResult)),
            ("changed_levies", .array(e.changedLevies.map(Self.json))),
        ])
    }
}
