import KaiseiCore
import KaiseiEvents
import Replay
import Law
import Assessment

extension SimulatedPayments {
    /// What `kaisei payments simulate` records: for every levy of the fiscal year in the
    /// replayed ledgers, the payments `plan` makes by `until` that are not recorded yet, as
    /// `PaymentReceived` events. A taxpayer in arrears, or one who pays late, is chosen by a hash
    /// of seed, year and subject, so runs are stable. `calendars` give each city's 納期 and
    /// schedule rules as known at the run.
    public struct Recorded: Sendable {
        public var events: [Event] = []
        public var levies = 0
        /// Levies of taxpayers in arrears, and of those who pay late.
        public var arrears = 0
        public var late = 0
    }

    public static func events(_ pops: [City: Population], fiscalYear: Int, seed: UInt64, arrearsPercent: Int, latePercent: Int = 0,
                              calendars: [City: CollectionCalendar], until now: RecordedTime) -> Recorded {
        var out = Recorded()
        for c in City.allCases {
            guard let ledger = pops[c]?.ledger, let calendar = calendars[c] else { continue }
            for subject in ledger.levies.keys.sorted() {
                let h = SHA256.hash(Array("\(seed)|\(fiscalYear)|\(subject)".utf8))
                let draw = Int(h[0]) * 100 / 256
                let behaviour: Behaviour = draw < arrearsPercent ? .arrears : draw < arrearsPercent + latePercent ? .late : .onTime
                for tax in LevyTax.allCases {
                    // Each payment is made after the levy it pays was notified and for no more
                    // than was known that day (`plan`).
                    let recorded = (ledger.levies[subject] ?? []).filter { $0.tax == tax && $0.fiscalYear == fiscalYear }
                    guard let latest = recorded.last, latest.amount > .zero else { continue }
                    out.levies += 1
                    if behaviour == .arrears { out.arrears += 1 }
                    if behaviour == .late { out.late += 1 }
                    let already = (ledger.payments[subject] ?? []).filter { $0.tax == tax && $0.fiscalYear == fiscalYear && $0.kind == .tax }.count
                    let (dates, rules) = calendar.schedule(tax, fiscalYear: fiscalYear)
                    let payments = plan(levies: recorded.map { Levy(amount: $0.amount.amount, noticeDate: $0.noticeDate, recordedAt: $0.recordedAt) },
                                        dueDates: dates, rules: rules, moved: calendar.moved, behaviour: behaviour,
                                        daysEarly: { Int(h[1 + $0 % 8] % 20) }, daysLate: { 1 + Int(h[9 + $0 % 8]) % 90 }, until: now)
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
