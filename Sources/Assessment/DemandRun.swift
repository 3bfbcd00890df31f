import KaiseiCore
import KaiseiEvents
import Law
import Replay

/// 督促状の一括発付: for every instalment of every recorded levy that was not paid in full by its
/// 納期限, a 督促状 on the city's day after it (`collection.demand.days_after_due`: 地方税法第329条
/// and the like, within 20 days), charging the 督促手数料 in force that day — unless it was paid in
/// full by then, or a 督促状 was already sent for it. Run on any day, it sends what is due by that
/// day and not yet sent; run again, it sends nothing twice (the event id names the instalment).
public enum DemandRun {
    public struct Result: Sendable {
        public var events: [Event] = []
        /// Levies looked at, and instalments demanded (counts only: amounts are personal data).
        public var levies = 0
        public var demanded = 0
        public var fees = Yen.zero
    }

    /// The 督促状 due by `through` (the run's day) for every levy recorded by `at`, as events
    /// recorded at `at`, one city after the other in subject order.
    public static func run(_ pops: [City: Population], ruleBase: RuleBase, through: CivilDate, at: RecordedTime) -> Result {
        var out = Result()
        for city in City.allCases {
            guard let pop = pops[city] else { continue }
            let calendar = CollectionCalendar(ruleBase: ruleBase, city: city, asOf: at)
            let ledger = pop.ledger
            for subject in ledger.levies.keys.sorted() {
                let records = LevyAccount.Records(ledger, subject: subject)
                var seen: Set<String> = []
                for levy in records.levies where seen.insert("\(levy.tax.rawValue)|\(levy.fiscalYear)").inserted {
                    out.levies += 1
                    // The account on the run's day, without 延滞金: only which instalments were paid when.
                    guard let account = LevyAccount.make(records, subject: subject, tax: levy.tax, fiscalYear: levy.fiscalYear, day: through,
                                                             known: at, calendar: calendar, interest: .none) else { continue }
                    for line in account.lines where line.demand == nil && line.instalment.amount > .zero {
                        let i = line.instalment
                        // A late return's tax is payable from its filing day: the letter counts from
                        // there (until 2026-12-03 it counted from the 法定納期限, dating letters
                        // before the return existed).
                        let (sendOn, fee) = calendar.demand(after: i.demandBasis)
                        guard sendOn <= through, !Self.paidInFull(i, by: sendOn) else { continue }
                        out.demanded += 1
                        out.fees += fee
                        // A 都市計画税 collected with the 固定資産税: one letter for the 期, named by the 固定資産税's account.
                        out.events.append(event(city: city, subject: subject, tax: account.tax, fiscalYear: levy.fiscalYear, instalment: i,
                                                sentOn: sendOn, fee: fee, at: at))
                    }
                }
            }
        }
        return out
    }

    /// Paid in full by the day a 督促状 would be sent (payments after the 納期限 but before the
    /// letter stop it; its 延滞金 is still due).
    static func paidInFull(_ i: InstalmentSchedule.Instalment, by day: CivilDate) -> Bool {
        i.payments.filter { $0.date <= day }.reduce(Yen.zero) { $0 + $1.amount } >= i.amount
    }

    public static func event(city: City, subject: String, tax: LevyTax, fiscalYear fy: Int, instalment i: InstalmentSchedule.Instalment,
                             sentOn: CivilDate, fee: Yen, at: RecordedTime) -> Event {
        let taxCode = Int64(EventType.taxes.firstIndex(of: tax.rawValue)!)
        return Event(id: "demand-\(fy)\(tax.code)-\(subject)-\(i.number)-\(i.dueDate)", city: city, subject: subject, type: .demandNoticeIssued,
                     validDate: sentOn, recordedAt: at,
                     payload: Payload(.demandNoticeIssued, ["tax": .int(taxCode), "fiscal_year": .int(Int64(fy)), "instalment": .int(Int64(i.number)),
                                                             "due_date": .int(Int64(i.dueDate.packed)), "fee": .int(fee.amount)]))
    }
}
