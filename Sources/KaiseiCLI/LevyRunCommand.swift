import ArgumentParser
import Foundation
import KaiseiCore
import KaiseiEvents
import EventStore
import Law
import Replay
import Assessment
import Snapshots

struct LevyRunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "levy-run",
        abstract: "Record a fiscal year's levies (当初賦課, or 更正 for what changed since) in the store.",
        discussion: """
            Computes every levy of the fiscal year for every taxpayer as known at --at (default: \
            now) with the rule base adopted by then, and records them: LevyAssessed for a taxpayer \
            with no levy of that tax yet, LevyCorrected where the amount differs from the one \
            recorded. Each event carries the amount, the revision-set hash and the event watermark \
            it was computed from, so `kaisei audit-levies` can reproduce it. Running it again with \
            nothing changed records nothing.
            """)

    @OptionGroup var storeOptions: StoreOptions
    @OptionGroup var revisionOptions: RevisionOptions
    @OptionGroup var snapshotOptions: SnapshotOptions
    @Option(help: ArgumentHelp("okazaki or toyohashi (default: both).", valueName: "CITY"))
    var city: String?
    @Option(help: "The fiscal year (年度).")
    var fiscalYear: Int
    @Option(help: ArgumentHelp("When the run happens (recorded time of its events; default now, or just after the newest event). It must not be earlier than the newest event in the store.", valueName: "TIME"))
    var at: String?

    func run() throws {
        try reporting {
            let cities = try City.parseOption(city).map { [$0] } ?? City.allCases
            guard ParameterCatalogue.years.contains(fiscalYear) else { throw CLIFailure(message: "--fiscal-year: must be between 2013 and 2027", code: 64) }
            let rb = try revisionOptions.load()
            let log = try storeOptions.openForWriting(purpose: "levy run")
            let head = try log.head()
            let runAt = try at.map { try RecordedTime.parseKnownAt($0) } ?? log.nowOrAfterHead()
            if runAt < head.recordedAt {
                throw CLIFailure(message: "--at: \(runAt) is before the newest event in the store (\(head.recordedAt)); a run is recorded after what it saw", code: 1)
            }
            let replayed = try snapshotOptions.replay(log, knownAt: runAt)
            let (pops, watermark) = (replayed.pops, replayed.watermark)
            var plan = LevyRunPlan()
            for c in cities {
                plan.add(pops[c]!, fiscalYear: fiscalYear, LevyParameters(ruleBase: rb, city: c, fiscalYear: fiscalYear, asOf: runAt),
                         watermark: watermark, at: runAt)
            }
            for key in plan.refused.keys.sorted() {
                let missing = plan.refused[key]!
                Terminal.error("warning: \(key) not assessed and nothing recorded for it: \(missing[0])\(missing.count > 1 ? " (and \(missing.count - 1) more)" : "")")
            }
            let (assessed, corrected, unchanged) = (plan.assessed, plan.corrected, plan.unchanged)
            do {
                let written = try appendRun(log, plan.events)
                Terminal.out("FY\(fiscalYear) levy run at \(runAt) (watermark \(watermark)): \(assessed) assessed, \(corrected) corrected, \(unchanged) unchanged; \(written) events recorded")
            } catch { throw CLIFailure.store(error) }
        }
    }
}
