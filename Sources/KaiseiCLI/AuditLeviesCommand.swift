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
        abstract: "Recompute every recorded levy from the events and rules it was computed with, and report any difference.",
        discussion: """
            Each LevyAssessed / LevyCorrected names the event watermark and the revision set it \
            was computed from. The audit replays the store up to that watermark, takes the rule \
            base as adopted when the levy was recorded, and recomputes. A different amount, or a \
            rule base whose hash differs from the one recorded, is a bug or an unrecorded rule \
            change: each is listed and the exit status is 1.
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
            var checked = 0
            var problems: [String] = []
            for run in runs.keys.sorted(by: { ($0.watermark, $0.at, $0.fiscalYear) < ($1.watermark, $1.at, $1.fiscalYear) }) {
                let pops = try snapshotOptions.replay(log, knownAt: run.at, through: run.watermark).pops
                var expected: [City: [String: Yen]] = [:]
                var dues: [City: [String: Set<CivilDate>]] = [:]
                var hashes: [City: String] = [:]
                for c in City.allCases {
                    let p = LevyParameters(ruleBase: rb, city: c, fiscalYear: run.fiscalYear, asOf: run.at)
                    hashes[c] = p.revisionSetHash
                    var m: [String: Yen] = [:]
                    var d: [String: Set<CivilDate>] = [:]
                    for l in pops[c]!.levyLines(fiscalYear: run.fiscalYear, p) {
                        m["\(l.subject)|\(l.tax.rawValue)"] = l.amount
                        if !l.parts.isEmpty { d["\(l.subject)|\(l.tax.rawValue)"] = Set(l.parts.map(\.dueDate)) }
                    }
                    expected[c] = m
                    dues[c] = d
                }
                // A levy with several 法定納期限 is recorded by one event per changed 納期限, each with
                // the running total: the last one of the run carries the levy's amount, the others
                // must name a 納期限 the recomputed levy has.
                let events = runs[run]!.sorted(by: { ($0.subject, $0.levy.seq) < ($1.subject, $1.levy.seq) })
                var last: [String: Int64] = [:]
                for (c, subject, levy) in events { last["\(c.rawValue)|\(subject)|\(levy.tax.rawValue)"] = levy.seq }
                for (c, subject, levy) in events {
                    checked += 1
                    let again = expected[c]!["\(subject)|\(levy.tax.rawValue)"] ?? .zero
                    if last["\(c.rawValue)|\(subject)|\(levy.tax.rawValue)"] != levy.seq {
                        if let d = levy.dueDate, dues[c]!["\(subject)|\(levy.tax.rawValue)"]?.contains(d) != true {
                            problems.append("seq \(levy.seq) \(c.rawValue) \(subject) FY\(levy.fiscalYear) \(levy.tax.rawValue): recorded a share due \(d), which no period of the recomputed levy is due on")
                        }
                        continue
                    }
                    if levy.revisionSet != hashes[c]! {
                        problems.append("seq \(levy.seq) \(c.rawValue) \(subject) FY\(levy.fiscalYear) \(levy.tax.rawValue): recorded with revision set \(levy.revisionSet.prefix(12))…, the rule base as adopted at \(levy.recordedAt) is now \(hashes[c]!.prefix(12))… (a revision file changed after the run)")
                    }
                    if again != levy.amount {
                        problems.append("seq \(levy.seq) \(c.rawValue) \(subject) FY\(levy.fiscalYear) \(levy.tax.rawValue): recorded ¥\(levy.amount.grouped), recomputed ¥\(again.grouped)")
                    }
                }
            }
            for p in problems { Terminal.out(p) }
            Terminal.out("\(checked) recorded levies in \(runs.count) run(s) checked: \(problems.isEmpty ? "all reproduce exactly" : "\(problems.count) difference(s)")")
            if !problems.isEmpty { throw CLIFailure(message: "", code: 1) }
        }
    }
}
