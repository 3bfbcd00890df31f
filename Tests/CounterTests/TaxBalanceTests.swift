import Testing
import KaiseiCore
import Replay
import Assessment

/// The shortcuts a run over every open arrear takes (`LevyAccount.taxBalance`: the amount in
/// force against the payments summed; `LevyAccount.arrears`: the instalments due so far against
/// the same sum) against the account they skip (`LevyAccount.make`: the schedule of instalments
/// with each payment applied to the oldest still owing), levy by levy.
@Suite("Tax balance: a levy paid at least its amount has nothing open")
struct TaxBalanceTests {
    let f = CounterFixture.shared

    /// One levy on one day, with what a run reads of it.
    struct Case {
        let label: String, records: LevyAccount.Records, subject: String, tax: LevyTax, fiscalYear: Int
        let day: CivilDate, known: RecordedTime, calendar: CollectionCalendar
        /// The full account, with no 延滞金 worked out.
        var account: LevyAccount? {
            LevyAccount.make(records, subject: subject, tax: tax, fiscalYear: fiscalYear, day: day, known: known, calendar: calendar, interest: .none)
        }
    }

    /// Every levy (subject, tax, year) of the fixture's store in both cities on three days.
    func forEachLevy(_ body: (Case) -> Void) {
        for city in City.allCases {
            let ledger = f.view.pops[city]!.ledger
            for iso in ["2026-08-31", "2027-01-31", "2027-12-31"] {
                let day = CivilDate(iso: iso)!
                // The fixture records its simulated payments in January 2028: known as of then.
                let known = RecordedTime.endOfDayInJapan(CivilDate(iso: "2028-03-31")!)
                let calendar = CollectionCalendar(ruleBase: f.ruleBase, city: city, asOf: known)
                for (subject, levies) in ledger.levies {
                    let records = LevyAccount.Records(levies: levies, ledger, subject: subject)
                    for key in Set(levies.map { "\($0.tax.rawValue)|\($0.fiscalYear)" }).sorted() {
                        let p = key.split(separator: "|")
                        let (tax, fy) = (LevyTax(rawValue: String(p[0]))!, Int(p[1])!)
                        body(Case(label: "\(city) \(tax) FY\(fy) on \(iso)", records: records, subject: subject, tax: tax, fiscalYear: fy,
                                  day: day, known: known, calendar: calendar))
                    }
                }
            }
        }
    }

    @Test("on every levy of the fixture's store, on three days, paid at least the amount ⇔ the account leaves nothing unpaid")
    func balanceAgreesWithTheAccount() throws {
        var paidInFull = 0, owing = 0
        forEachLevy { c in
            // A 都市計画税 collected with its 固定資産税 has no account of its own, and no balance.
            let balance = LevyAccount.Scope.of(c.records, c.tax, c.fiscalYear, known: c.known, calendar: c.calendar)
                .flatMap { LevyAccount.taxBalance(c.records, scope: $0, fiscalYear: c.fiscalYear, day: c.day, known: c.known) }
            let account = c.account
            #expect((balance == nil) == (account == nil), "\(c.label)")
            guard let balance, let account else { return }
            #expect(balance.levied == account.levied)
            let full = balance.paid >= balance.levied
            #expect(full == (account.unpaid == .zero), "\(c.label): balance says \(full ? "paid" : "owing")")
            if balance.levied > .zero { if full { paidInFull += 1 } else { owing += 1 } }
        }
        #expect(paidInFull > 100 && owing > 100, "both kinds met: \(paidInFull) paid in full, \(owing) owing")
    }

    /// `LevyAccount.arrears` (the instalments due before the day summed against what was paid
    /// by it) against the account's own lines (each payment applied to the oldest instalment).
    @Test("on every levy of the fixture's store, on three days, an instalment due before the day is unpaid ⇔ paid below the sum of those instalments, and the same number of them")
    func arrearsAgreeWithTheAccount() throws {
        var open = 0, clear = 0
        forEachLevy { c in
            let check = LevyAccount.arrears(c.records, tax: c.tax, fiscalYear: c.fiscalYear, day: c.day, known: c.known, calendar: c.calendar)
            let account = c.account
            #expect((check == nil) == (account == nil), "\(c.label)")
            guard let check, let account else { return }
            let due = account.lines.filter { $0.instalment.dueDate < c.day }
            let unpaid = due.contains { $0.instalment.unpaid > .zero }
            #expect(check.dueInstalments == due.count, "\(c.label)")
            #expect(check.open == unpaid, "\(c.label): arrears says \(check.open ? "open" : "clear")")
            if !due.isEmpty { if unpaid { open += 1 } else { clear += 1 } }
        }
        #expect(open > 100 && clear > 100, "both kinds met: \(open) with an open instalment, \(clear) with none")
    }
}
