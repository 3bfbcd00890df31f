import ArgumentParser
import Foundation
import KaiseiCore
import KaiseiEvents
import EventStore
import Law
import Replay
import Snapshots
import Synthetic
import Assessment

struct PaymentsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "payments",
        abstract: "Payments toward recorded levies (収納), 督促 and the 収納状況 report.",
        discussion: """
            Real payments come from the collection system as PaymentReceived events (kaisei import). \
            `simulate` makes them for a generated population: for every levy of the fiscal year \
            recorded in the store, the instalments due by --at, with a share of taxpayers in \
            arrears and a share paying late, so 納税証明書 and 継続検査用 certificates have something \
            to show. `demand` sends the 督促状 due by a day (DemandNoticeIssued events); `refund` \
            applies 過誤納金 to the taxpayer's arrears (充当) and refunds the rest with 還付加算金; \
            `status` prints the 収納状況 of a fiscal year per city and tax.
            """,
        subcommands: [Simulate.self, Demand.self, Refund.self, Status.self])

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
        @Option(help: "Percent of taxpayers who pay each instalment late: 1–90 days after its 納期限, so 延滞金 and 督促 arise.")
        var latePercent: Int = 5
        @Option(help: "Percent of taxpayers on a 分納 plan (納付誓約): nothing by the 納期限, then the levy in 3–8 monthly parts from a month or two after the first (default 3, or what the other two leave of 100).")
        var instalmentPlanPercent: Int?
        @Option(help: "Percent of on-time taxpayers' levies whose first instalment is paid twice (二重納付), 3–20 days apart: the 過誤納 that `payments refund` applies to arrears or refunds.")
        var doublePaymentPercent: Int = 1
        @Option(help: ArgumentHelp("Instalments due by this time are paid; also the recorded time (default now).", valueName: "TIME"))
        var at: String?

        @OptionGroup var revisionOptions: RevisionOptions

        func run() throws {
            try reporting {
                // The default is computed only from values already in range: 100 − (−2⁶³) overflows.
                let given = [arrearsPercent, latePercent] + (self.instalmentPlanPercent.map { [$0] } ?? [])
                guard given.allSatisfy({ (0...100).contains($0) }) else {
                    throw CLIFailure.usage("--arrears-percent, --late-percent and --instalment-plan-percent: each 0–100, together at most 100")
                }
                guard (0...100).contains(doublePaymentPercent) else { throw CLIFailure.usage("--double-payment-percent: 0–100") }
                let instalmentPlanPercent = self.instalmentPlanPercent ?? max(0, min(3, 100 - arrearsPercent - latePercent))
                guard [arrearsPercent, latePercent, instalmentPlanPercent].allSatisfy({ (0...100).contains($0) }),
                      arrearsPercent + latePercent + instalmentPlanPercent <= 100 else {
                    throw CLIFailure.usage("--arrears-percent, --late-percent and --instalment-plan-percent: each 0–100, together at most 100")
                }
                let log = try storeOptions.openForWriting(purpose: "payments")
                let now = try at.map { try RecordedTime.parseKnownAt($0) } ?? log.nowOrAfterHead()
                let head = try log.head()
                if now < head.recordedAt { throw CLIFailure(message: "--at: \(now) is before the newest event in the store (\(head.recordedAt))", code: 1) }
                let rb = try revisionOptions.load()
                let o = try snapshotOptions.replay(log, knownAt: now)
                let plan = SimulatedPayments.events(o.pops, fiscalYear: fiscalYear, seed: seed, arrearsPercent: arrearsPercent, latePercent: latePercent,
                                                    instalmentPlanPercent: instalmentPlanPercent, doublePaymentPercent: doublePaymentPercent,
                                                    calendars: Dictionary(uniqueKeysWithValues: City.allCases.map { ($0, CollectionCalendar(ruleBase: rb, city: $0, asOf: now)) }),
                                                    until: now)
                let requests = plan.events.map { AppendRequest($0) }
                let (levies, arrears) = (plan.levies, plan.arrears)
                do {
                    var written = 0
                    for start in stride(from: 0, to: requests.count, by: 50_000) { written += try log.append(Array(requests[start..<min(start + 50_000, requests.count)])).appended }
                    Terminal.out("FY\(fiscalYear): \(written) payments recorded for \(levies) levies (\(arrears) levies of taxpayers in arrears, \(plan.late) paid late, \(plan.instalmentPlans) on a 分納 plan, \(plan.doublePayments) with an instalment paid twice), due by \(now.japanDate)")
                } catch { throw CLIFailure.store(error) }
            }
        }
    }

    struct Demand: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Send the 督促状 due by a day: one for each instalment not paid in full by its 納期限.",
            discussion: """
                For every recorded levy, each instalment (期別) not paid in full by its 納期限 and not \
                paid by the city's 督促 day after it (collection.demand.days_after_due, within the \
                20 days of 地方税法第329条) gets one DemandNoticeIssued event dated that day, with \
                the 督促手数料 in force then (collection.demand.fee). Instalments already demanded \
                are skipped, so the run can be repeated. Prints counts only.
                """)
        @OptionGroup var options: CollectionRunOptions

        func run() throws {
            try reporting { try options.run(purpose: "demand run", notInFuture: "a letter is not sent in the future") { pops, rb, day, runAt in
                let result = DemandRun.run(pops, ruleBase: rb, through: day, at: runAt)
                return (result.events, { written in
                    "督促 through \(day) at \(runAt): \(result.levies) levies looked at, \(result.demanded) 督促状, \(written) events recorded"
                })
            } }
        }
    }

    struct Refund: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "充当・還付: apply each levy's 過誤納金 to the taxpayer's arrears, refund the rest with 還付加算金.",
            discussion: """
                For every levy paid beyond its amount by --through, the 過誤納金 goes first to the same \
                taxpayer's unpaid instalments past their 納期限, oldest first (OverpaymentAppropriated: \
                地方税法第17条の2, counted as paid on the 充当適状日), then to their unpaid 延滞金 and \
                督促手数料 (target_kind), and the rest is refunded with its 還付加算金 (OverpaymentRefunded: \
                第17条の4). Each 充当 carries its own 還付加算金 (interest), counted through its 充当適状日 \
                and paid out. A refund whose 還付加算金, or the taxpayer's 延滞金, needs a rate not yet in \
                the rules is held back and counted; when a 充当's 還付加算金 does, the taxpayer's whole \
                run is. Repeatable: what was settled is not settled again. \
                Prints counts only.
                """)
        @OptionGroup var options: CollectionRunOptions

        func run() throws {
            try reporting { try options.run(purpose: "refund run", notInFuture: "a refund is not decided in the future", refuse: { pops, day in
                // A run through an earlier day would not see the 充当・還付 recorded after it and
                // would settle the same 過誤納金 again.
                guard let last = RefundRun.lastSettled(pops), day < last else { return nil }
                return "\(day) is before the last 充当・還付 already recorded (\(last)); a refund run settles from there on"
            }) { pops, rb, day, runAt in
                let result = RefundRun.run(pops, ruleBase: rb, through: day, at: runAt)
                return (result.events, { written in
                    "充当・還付 through \(day) at \(runAt): \(result.overpaid) levies overpaid, \(result.appropriations) 充当, \(result.refunds) 還付"
                        + (result.heldBack > 0 ? ", \(result.heldBack) held back (a 還付加算金 or 延滞金 rate not in the rules)" : "") + "; \(written) events recorded"
                })
            } }
        }
    }

    struct Status: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "収納状況: 調定額, 収入額, 収納率 and 滞納繰越分 of a fiscal year, per city and tax.",
            discussion: """
                As known at --known-at (default: everything recorded), counting payments dated by its \
                day and by the end of the year's 出納整理期間 (31 May after the fiscal year). 滞納繰越分 \
                is what of earlier years' levies was unpaid at the end of the previous year's \
                出納整理期間, and what of it was paid since. City totals only.
                """)
        @OptionGroup var storeOptions: StoreOptions
        @OptionGroup var snapshotOptions: SnapshotOptions
        @Option(help: "The fiscal year (年度).")
        var fiscalYear: Int
        @Option(help: ArgumentHelp("okazaki or toyohashi (default: both).", valueName: "CITY"))
        var city: String?
        @Option(help: ArgumentHelp("As recorded by this time (default: everything).", valueName: "TIME"))
        var knownAt: String?
        @Option(help: "text or json.")
        var format: String = "text"
        @OptionGroup var revisionOptions: RevisionOptions

        func run() throws {
            try reporting {
                try checkFormat(format)
                let cities = try City.parseOption(city).map { [$0] } ?? City.allCases
                let log = try storeOptions.open()
                let asOf = try RecordedTime.parseKnownAt(knownAt)
                let replayed = try snapshotOptions.replay(log, knownAt: asOf)
                let day = knownAt == nil ? (try log.head().recordedAt.japanDate) : asOf.japanDate
                let rb = try revisionOptions.load()
                // Whether a year's 都市計画税 was collected with the 固定資産税, in the rules as known.
                let calendars = Dictionary(uniqueKeysWithValues: City.allCases.map { ($0, CollectionCalendar(ruleBase: rb, city: $0, asOf: asOf)) })
                let rows = CollectionStatus.report(replayed.pops.filter { cities.contains($0.key) }, fiscalYear: fiscalYear, day: day,
                                                   collectedTogether: { calendars[$0]!.collectsCityPlanningWithFixedAsset(fiscalYear: $1) })
                if format == "json" {
                    Terminal.out(JSONWriter.canonical(Self.json(rows, fiscalYear: fiscalYear, day: day, knownAt: knownAt == nil ? nil : asOf, watermark: replayed.watermark)))
                } else {
                    Terminal.out(Self.text(rows, fiscalYear: fiscalYear, day: day))
                }
            }
        }

        static func percent(_ f: CollectionStatus.Figures) -> String {
            guard let bp = f.rateBasisPoints else { return "—" }
            return "\(bp / 100).\(String(format: "%02lld", bp % 100))%"
        }

        static func figures(_ f: CollectionStatus.Figures) -> JSONValue {
            .object([("levies", .integer(Int64(f.levies))), ("levied", .integer(f.levied.amount)), ("received", .integer(f.received.amount)),
                     ("unpaid", .integer(f.unpaid.amount)), ("rate_basis_points", f.rateBasisPoints.map { .integer($0) } ?? .null)])
        }

        static func json(_ rows: [CollectionStatus.Row], fiscalYear: Int, day: CivilDate, knownAt: RecordedTime?, watermark: Int64) -> JSONValue {
            .object([
                ("fiscal_year", .integer(Int64(fiscalYear))), ("as_of", .string(day.description)),
                ("known_at", knownAt.map { .string($0.description) } ?? .null), ("watermark", .integer(watermark)),
                ("account_closes", .string(CollectionStatus.accountCloses(fiscalYear).description)),
                ("rows", .array(rows.map { r in
                    .object([("city", .string(r.city.rawValue)), ("tax", .string(r.tax.rawValue)),
                             ("current", figures(r.current)), ("carried_over", figures(r.carriedOver)), ("total", figures(r.total))])
                })),
            ])
        }

        static func text(_ rows: [CollectionStatus.Row], fiscalYear: Int, day: CivilDate) -> String {
            var out = ["収納状況 FY\(fiscalYear) (\(day) 現在, 出納整理期間末 \(CollectionStatus.accountCloses(fiscalYear)))"]
            for city in City.allCases {
                let mine = rows.filter { $0.city == city }
                guard !mine.isEmpty else { continue }
                out.append("")
                out.append(city.japaneseName)
                out.append("  税目                   区分           件数           調定額           収入額          未納額   収納率")
                func line(_ name: String, _ part: String, _ f: CollectionStatus.Figures) -> String {
                    func pad(_ s: String, _ n: Int) -> String { String(repeating: " ", count: max(0, n - s.count)) + s }
                    // Japanese characters take two columns in a terminal.
                    let width = name.unicodeScalars.reduce(0) { $0 + ($1.value < 0x1100 ? 1 : 2) }
                    let label = name + String(repeating: " ", count: max(0, 22 - width))
                    return "  \(label) \(part) \(pad(String(f.levies), 8)) \(pad(f.levied.grouped, 16)) \(pad(f.received.grouped, 16)) \(pad(f.unpaid.grouped, 15)) \(pad(percent(f), 8))"
                }
                var sum = (current: CollectionStatus.Figures(), carried: CollectionStatus.Figures())
                for r in mine {
                    out.append(line(r.tax.japaneseName, "現年度分  ", r.current))
                    if r.carriedOver.levies > 0 { out.append(line("", "滞納繰越分", r.carriedOver)) }
                    sum.current = sum.current + r.current; sum.carried = sum.carried + r.carriedOver
                }
                out.append(line("合計", "現年度分  ", sum.current))
                out.append(line("", "滞納繰越分", sum.carried))
                out.append(line("", "計        ", sum.current + sum.carried))
            }
            return out.joined(separator: "\n")
        }
    }
}

/// A collection run (督促, 充当・還付): one writer from its first check to its last batch; --at
/// not before the newest event, --through (default the run's day) not after it; the state
/// replayed as known at the run; the events `body` returns recorded in one transaction
/// (`appendRun`), then its summary printed with the number written.
struct CollectionRunOptions: ParsableArguments {
    @OptionGroup var storeOptions: StoreOptions
    @OptionGroup var snapshotOptions: SnapshotOptions
    @OptionGroup var revisionOptions: RevisionOptions
    @Option(help: ArgumentHelp("The run's day: letters due, or overpayments settled, by then (default: the day of --at).", valueName: "YYYY-MM-DD"))
    var through: String?
    @Option(help: ArgumentHelp("When the run happens (recorded time of its events; default now, or just after the newest event).", valueName: "TIME"))
    var at: String?

    func run(purpose: String, notInFuture: String, refuse: (([City: Population], CivilDate) -> String?)? = nil,
             _ body: ([City: Population], RuleBase, CivilDate, RecordedTime) -> (events: [Event], summary: (Int) -> String)) throws {
        let log = try storeOptions.openForWriting(purpose: purpose)
        let head = try log.head()
        let runAt = try at.map { try RecordedTime.parseKnownAt($0) } ?? log.nowOrAfterHead()
        if runAt < head.recordedAt {
            throw CLIFailure(message: "--at: \(runAt) is before the newest event in the store (\(head.recordedAt)); a run is recorded after what it saw", code: 1)
        }
        let day: CivilDate
        if let t = through {
            guard let d = CivilDate(iso: t) else { throw CLIFailure.usage("--through: \"\(t)\" is not a date (YYYY-MM-DD)") }
            day = d
        } else { day = runAt.japanDate }
        if day > runAt.japanDate { throw CLIFailure.usage("--through: \(day) is after the run's day \(runAt.japanDate); \(notInFuture)") }
        let rb = try revisionOptions.load()
        let replayed = try snapshotOptions.replay(log, knownAt: runAt)
        if let why = refuse?(replayed.pops, day) { throw CLIFailure.usage("--through: \(why)") }
        let (events, summary) = body(replayed.pops, rb, day, runAt)
        do {
            Terminal.out(summary(try appendRun(log, events)))
        } catch { throw CLIFailure.store(error) }
    }
}
