import ArgumentParser
import Foundation
import KaiseiCore
import KaiseiEvents
import EventStore
import Law
import Replay
import Assessment
import Snapshots

struct AuditLeviesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audit-levies",
        abstract: "Plan every recorded levy run again from the events and rules it saw, and report each event that differs.",
        discussion: """
            Each LevyAssessed / LevyCorrected names the event watermark and the revision set it \
            was computed from. The audit replays the store up to that watermark, takes the rule \
            base as adopted when the levy was recorded, plans the run again on what it saw and \
            compares it event by event: amount, 法定納期限, the filing day a share names, 当初 or \
            更正. A difference, an event the plan has that the run did not record (an interrupted \
            run), or a rule base whose hash differs from the one recorded, is a bug or an \
            unrecorded rule change: each is listed and the exit status is 1.
            """)

    @OptionGroup var storeOptions: StoreOptions
    @OptionGroup var revisionOptions: RevisionOptions
    @OptionGroup var snapshotOptions: SnapshotOptions
    @Option(help: "Only this fiscal year.")
    var fiscalYear: Int?

    func run() throws {
        try reporting {
            let rb = try revisionOptions.load()
            let log = try storeOptions.open(readOnly: true)
            // Every recorded levy, grouped by the run it came from (watermark, time, year).
            struct Run: Hashable { let watermark: Int64; let at: RecordedTime; let fiscalYear: Int }
            var runs: [Run: [(city: City, subject: String, levy: RecordedLevy)]] = [:]
            var ledger: [City: LevyLedger] = [:]
            try log.replayScan { seq, e in
                // In place: taking the ledger out of the dictionary and putting it back copied
                // the whole ledger for every levy (hours at full scale's 1.2 M levies).
                if e.type == .levyAssessed || e.type == .levyCorrected {
                    ledger[e.city, default: LevyLedger()].applyForAudit(e, seq: seq)
                }
                return true
            }
            for (c, l) in ledger {
                for (subject, levies) in l.levies {
                    for levy in levies where fiscalYear == nil || levy.fiscalYear == fiscalYear {
                        runs[Run(watermark: levy.watermark, at: levy.recordedAt, fiscalYear: levy.fiscalYear), default: []].append((c, subject, levy))
                    }
                }
            }
            var audit = LevyRunAudit()
            for run in runs.keys.sorted(by: { ($0.watermark, $0.at, $0.fiscalYear) < ($1.watermark, $1.at, $1.fiscalYear) }) {
                let pops = try snapshotOptions.replay(log, knownAt: run.at, through: run.watermark).pops
                // Only the cities the run recorded something for: a run with --city plans one.
                var byCity: [City: [String: [RecordedLevy]]] = [:]
                for (c, subject, levy) in runs[run]! { byCity[c, default: [:]][subject, default: []].append(levy) }
                for c in City.allCases {
                    guard let recorded = byCity[c] else { continue }
                    let p = LevyParameters(ruleBase: rb, city: c, fiscalYear: run.fiscalYear, asOf: run.at)
                    var plan = LevyRunPlan()
                    plan.add(pops[c]!, fiscalYear: run.fiscalYear, p, watermark: run.watermark, at: run.at)
                    audit.compare(city: c, fiscalYear: run.fiscalYear, recorded: recorded, plan: plan, revisionSet: p.revisionSet(for:),
                                  legacyRevisionSet: p.legacyRevisionSet(for:))
                }
            }
            let (checked, problems) = (audit.checked, audit.differences)
            for p in problems { Terminal.out(p) }
            if audit.legacyFingerprints > 0 {
                Terminal.out("\(audit.legacyFingerprints) 法人市民税 and 事業所税 levies carry the individual taxes' revision set, as those recorded before 2026-12-05 do: that fingerprint does not cover the corporate rules; their amounts and 納期限 were compared")
            }
            Terminal.out("\(checked) recorded levies in \(runs.count) run(s) checked: \(problems.isEmpty ? "all reproduce exactly" : "\(problems.count) difference(s)")")
            if !problems.isEmpty { throw CLIFailure(message: "", code: 1) }
        }
    }
}
