import ArgumentParser
import Foundation
import KaiseiCore
import KaiseiEvents
import EventStore
import Law
import Replay
import Snapshots
import Synthetic

struct PaymentsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "payments",
        abstract: "Payments toward recorded levies (収納).",
        discussion: """
            Real payments come from the collection system as PaymentReceived events (kaisei import). \
            `simulate` makes them for a generated population: for every levy of the fiscal year \
            recorded in the store, the instalments due by --at, with a share of taxpayers in \
            arrears, so 納税証明書 and 継続検査用 certificates have something to show.
            """,
        subcommands: [Simulate.self])

    struct Simulate: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Record simulated payments for the recorded levies of a fiscal year.")
        @OptionGroup var storeOptions: StoreOptions
        @OptionGroup var snapshotOptions: SnapshotOptions
        @Option(help: "The fiscal year of the levies.")
        var fiscalYear: Int
        @Option(help: "Seed: the same seed gives the same payments.")
        var seed: UInt64 = 1
        @Option(help: "Percent of taxpayers in arrears: they pay only the first of several instalments, and nothing of a single one.")
        var arrearsPercent: Int = 6
        @Option(help: ArgumentHelp("Instalments due by this time are paid; also the recorded time (default now).", valueName: "TIME"))
        var at: String?

        @OptionGroup var revisionOptions: RevisionOptions

        /// 納期 from `revisions/due-dates/` (NHI's from `nhi.instalments`), moved off weekends,
        /// holidays and the city's 休日 (地方税法第20条の5第2項), as the law known at `asOf` has them:
        /// worked out once per city and tax, then looked up for every levy.
        static func dueDates(_ rb: RuleBase, fiscalYear fy: Int, asOf: RecordedTime) -> (City, LevyTax, Int) -> [CivilDate] {
            var table: [City: [LevyTax: [CivilDate]]] = [:]
            for city in City.allCases {
                let fiscal = ParameterSet(ruleBase: rb, city: city, fiscalYear: fy, asOf: asOf)
                var calendars: [Int: ParameterSet] = [:]
                let calendar = { (year: Int) -> ParameterSet in
                    if let c = calendars[year] { return c }
                    let c = ParameterSet(ruleBase: rb, city: city, fiscalYear: year, asOf: asOf)
                    calendars[year] = c
                    return c
                }
                for tax in LevyTax.allCases {
                    let key: String
                    switch tax {
                    case .residentTax: key = DueDateKeys.residentTax
                    case .fixedAssetTax, .cityPlanningTax: key = DueDateKeys.fixedAssetTax
                    case .lightVehicleTax: key = DueDateKeys.lightVehicleTax
                    case .nhi: key = NHIKeys.instalments
                    }
                    table[city, default: [:]][tax] = DueDates.due(key, fiscalYear: fy, fiscal: fiscal, calendar: calendar)
                }
            }
            return { city, tax, year in year == fy ? table[city]?[tax] ?? [] : [] }
        }

        func run() throws {
            try reporting {
                let log = try storeOptions.openForWriting(purpose: "payments")
                let now = try at.map { try RecordedTime.parseKnownAt($0) } ?? log.nowOrAfterHead()
                let head = try log.head()
                if now < head.recordedAt { throw CLIFailure(message: "--at: \(now) is before the newest event in the store (\(head.recordedAt))", code: 1) }
                let rb = try revisionOptions.load()
                let o = try snapshotOptions.replay(log, knownAt: now)
                let plan = SimulatedPayments.events(o.pops, fiscalYear: fiscalYear, seed: seed, arrearsPercent: arrearsPercent,
                                                    dueDates: Self.dueDates(rb, fiscalYear: fiscalYear, asOf: now), until: now)
                let requests = plan.events.map { AppendRequest($0) }
                let (levies, arrears) = (plan.levies, plan.arrears)
                do {
                    var written = 0
                    for start in stride(from: 0, to: requests.count, by: 50_000) { written += try log.append(Array(requests[start..<min(start + 50_000, requests.count)])).appended }
                    Terminal.out("FY\(fiscalYear): \(written) payments recorded for \(levies) levies (\(arrears) levies of taxpayers in arrears), due by \(now.japanDate)")
                } catch { throw CLIFailure.store(error) }
            }
        }
    }
}
