import ArgumentParser
import Foundation
import KaiseiCore
import Law
import Simulation

struct SimulateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "simulate",
        abstract: "A draft revision over the whole population: every affected levy with and without it.",
        discussion: """
            Computes every levy the draft's parameters feed, for every taxpayer of both cities (or \
            --city), twice in one pass over the replayed state: with the enacted rules as adopted by \
            --known-at (default: now) and with the draft on top. Prints per city and tax the revenue \
            before and after, who pays more, less or the same, who crosses a threshold, and the \
            largest changes; --csv writes every subject's figures and --report the meeting's HTML \
            report. A draft is a revision file with status: draft (see revisions/drafts/).
            """)

    @OptionGroup var storeOptions: StoreOptions
    @OptionGroup var revisionOptions: RevisionOptions
    @OptionGroup var snapshotOptions: SnapshotOptions
    @Option(name: .customLong("draft"), help: ArgumentHelp("A draft revision file (repeat for several).", valueName: "FILE"))
    var drafts: [String] = []
    @OptionGroup var options: ComparisonOptions

    func run() throws {
        try reporting {
            guard !drafts.isEmpty else { throw CLIFailure(message: "--draft FILE is required", code: 64) }
            try options.run(
                before: { rb, asOf in RuleSet(ruleBase: rb, adoptedBy: asOf, label: "enacted") },
                after: { rb, asOf in RuleSet(ruleBase: rb, adoptedBy: asOf, drafts: try drafts.map(RuleSet.loadDraft), label: (["enacted"] + drafts).joined(separator: "+")) },
                store: storeOptions, revisions: revisionOptions, snapshots: snapshotOptions,
                command: "kaisei simulate " + drafts.map { "--draft \($0) " }.joined() + options.figureArguments)
        }
    }
}

struct CompareCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "compare",
        abstract: "Any two rule sets over the whole population: two drafts, or the rules as adopted on two dates.",
        discussion: """
            A rule set is `enacted` (the enacted revisions adopted by --known-at, default now), \
            `enacted@TIME` (as adopted at TIME: "what did last month's parameter fix change?"), a \
            draft file, or parts joined by +: `enacted@2026-10-01+revisions/drafts/a.yaml`. The \
            outputs are simulate's.
            """)

    @OptionGroup var storeOptions: StoreOptions
    @OptionGroup var revisionOptions: RevisionOptions
    @OptionGroup var snapshotOptions: SnapshotOptions
    @Option(help: ArgumentHelp("The rule set before.", valueName: "SET"))
    var before: String
    @Option(help: ArgumentHelp("The rule set after.", valueName: "SET"))
    var after: String
    @OptionGroup var options: ComparisonOptions

    func run() throws {
        try reporting {
            try options.run(
                before: { rb, asOf in try RuleSet.parse(before, ruleBase: rb, defaultAdoptedBy: asOf) },
                after: { rb, asOf in try RuleSet.parse(after, ruleBase: rb, defaultAdoptedBy: asOf) },
                store: storeOptions, revisions: revisionOptions, snapshots: snapshotOptions,
                command: "kaisei compare --before \(before) --after \(after) " + options.figureArguments)
        }
    }
}
