import KaiseiCore
import KaiseiEvents
import Replay

extension SimulatedPayments {
    /// What `kaisei payments simulate` records: for every levy of the fiscal year in the
    /// replayed ledgers, the payments `plan` makes by `until` that are not recorded yet, as
    /// `PaymentReceived` events. A taxpayer in arrears is chosen by a hash of seed, year and
    /// subject, so runs are stable.
    public struct Recorded: Sendable {
        public var events: [Event] = []
        public var levies = 0
        /// Levies of taxpayers in arrears.
        public var arrears = 0
    }

    public static func events(_ pops: [City: Population], fiscalYear: Int, seed: UInt64, arrearsPercent: Int,
                              dueDates: (City, LevyTax, Int) -> [CivilDate], until now: RecordedTime) -> Recorded {
        var out = Recorded()
        for c in City.allCases {
            guard let ledger = pops[c]?.ledger else { continue }
            for subject in ledger.levies.keys.sorted() {
                let h = SHA256.hash(Array("\(seed)|\(fiscalYear)|\(subject)".utf8))
                let stops = Int(h[0]) * 100 / 256 < arrearsPercent
                for tax in LevyTax.allCases {
                    // Each payment is made after the levy it pays was notified and for no more
                    // than was known that day (`plan`).
                    let recorded = (ledger.levies[subject] ?? []).filter { $0.tax == tax && $0.fiscalYear == fiscalYear }
                    guard let latest = recorded.last, latest.amount > .zero else { continue }
                    out.levies += 1
                    if stops { out.arrears += 1 }
                    let already = (ledger.payments[subject] ?? []).filter { $0.tax == tax && $0.fiscalYear == fiscalYear }.count
                    let payments = plan(levies: recorded.map { Levy(amount: $0.amount.amount, noticeDate: $0.noticeDate, recordedAt: $0.recordedAt) },
                                        dueDates: dueDates(c, tax, fiscalYear), inArrears: stops, daysEarly: { Int(h[1 + $0 % 8] % 20) }, until: now)
                    for p in payments.dropFirst(already) {
                        out.events.append(Event(id: "pay-\(fiscalYear)\(tax.code)-\(subject)-\(p.key)", city: c, subject: subject, type: .paymentReceived,
                                                validDate: p.paidOn, recordedAt: now,
                                                payload: Payload(.paymentReceived, ["tax": .int(Int64(EventType.taxes.firstIndex(of: tax.rawValue)!)),
                                                                                    "fiscal_year": .int(Int64(fiscalYear)), "amount": .int(p.amount),
                                                                                    "instalment": .int(Int64(p.instalment))])))
                    }
                }
            }
        }
        return out
    }
}
