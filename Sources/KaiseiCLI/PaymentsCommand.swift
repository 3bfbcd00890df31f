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

        /// 納期 used by the simulation (typical Aichi dates; each city's real 納期 are revision
        /// data once NHI lands): resident tax 6/8/10/1, property 4/7/12/2, light vehicles 5.
        static func dueDates(_ tax: LevyTax, _ fy: Int) -> [CivilDate] {
            func d(_ y: Int, _ m: Int, _ day: Int) -> CivilDate { CivilDate(year: y, month: m, day: day)! }
            switch tax {
            case .residentTax: return [d(fy, 6, 30), d(fy, 8, 31), d(fy, 10, 31), d(fy + 1, 1, 31)]
            case .fixedAssetTax, .cityPlanningTax: return [d(fy, 4, 30), d(fy, 7, 31), d(fy, 12, 25), d(fy + 1, 2, 28)]
            case .lightVehicleTax: return [d(fy, 5, 31)]
            case .nhi: return (0..<8).map { d($0 < 6 ? fy : fy + 1, [7, 8, 9, 10, 11, 12, 1, 2][$0], 28) }
            }
        }

        func run() throws {
            try reporting {
                let log = try storeOptions.openForWriting(purpose: "payments")
                let now = try at.map { try RecordedTime.parseKnownAt($0) } ?? log.nowOrAfterHead()
                let head = try log.head()
                if now < head.recordedAt { throw CLIFailure(message: "--at: \(now) is before the newest event in the store (\(head.recordedAt))", code: 1) }
                let o = try snapshotOptions.replay(log, knownAt: now)
                let plan = SimulatedPayments.events(o.pops, fiscalYear: fiscalYear, seed: seed, arrearsPercent: arrearsPercent,
                                                    dueDates: Self.dueDates, until: now)
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
