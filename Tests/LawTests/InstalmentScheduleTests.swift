import Testing
import KaiseiCore
import Law

/// 期別 of a levy after its notices, and how payments fill them (`InstalmentSchedule`).
@Suite("Instalment schedule: 期別, 更正 and payments")
struct InstalmentScheduleTests {
    static func day(_ iso: String) -> CivilDate { CivilDate(iso: iso)! }
    static let dues = ["2026-06-30", "2026-08-31", "2026-11-02", "2027-02-01"].map(day)
    static let rules = InstalmentSchedule.Rules(unit: Yen(1000), leadDays: 10, supplementaryDays: 30)
    static func notice(_ amount: Int64, _ iso: String) -> InstalmentSchedule.Notice { .init(amount: Yen(amount), date: day(iso)) }
    static func schedule(_ notices: [InstalmentSchedule.Notice]) -> [InstalmentSchedule.Instalment] {
        InstalmentSchedule.instalments(notices: notices, dueDates: dues, rules: rules, moved: { $0 })
    }

    @Test("当初: whole thousands per 期, the remainder on the first (地方税法第20条の4の2第6項)")
    func split() {
        let s = Self.schedule([Self.notice(102_400, "2026-06-10")])
        #expect(s.map(\.amount) == [Yen(27_400), Yen(25_000), Yen(25_000), Yen(25_000)])
        #expect(s.map(\.number) == [1, 2, 3, 4])
    }

    /// 申告納付: an interim return's 104,200 due 2024-11-30 (a Saturday, moved by the caller), the
    /// final 208,500 due 2025-05-31 recorded weeks after it, then a 修正 down to 90,000 in
    /// December: the 法定納期限 stand whatever the recording day; the lowering comes off the
    /// latest one first, and after its 納期限 it is a recorded reduction.
    @Test("申告納付: each record's 法定納期限 is its instalment's 納期限, even when recorded after it (地方税法第321条の12); a raise on the same 納期限 joins it; a lowering after it is a reduction")
    func selfAssessed() {
        func n(_ amount: Int64, _ iso: String, due: String) -> InstalmentSchedule.Notice { .init(amount: Yen(amount), date: Self.day(iso), dueDate: Self.day(due)) }
        let moved: (CivilDate) -> CivilDate = { $0 == Self.day("2024-11-30") ? Self.day("2024-12-02") : $0 }
        let s = InstalmentSchedule.instalments(notices: [n(104_200, "2024-12-10", due: "2024-11-30"), n(208_500, "2025-06-20", due: "2025-05-31"),
                                                         n(210_000, "2025-07-01", due: "2025-05-31")], dueDates: [], rules: Self.rules, moved: moved)
        #expect(s.map(\.dueDate) == [Self.day("2024-12-02"), Self.day("2025-05-31")])
        #expect(s.map(\.amount) == [Yen(104_200), Yen(105_800)])
        let lowered = InstalmentSchedule.instalments(notices: [n(104_200, "2024-12-10", due: "2024-11-30"), n(208_500, "2025-06-20", due: "2025-05-31"),
                                                               n(90_000, "2025-12-01", due: "2025-05-31")], dueDates: [], rules: Self.rules, moved: moved)
        #expect(lowered.map(\.amount) == [Yen(90_000), Yen(0)])
        #expect(lowered[1].reductions.map(\.amount) == [Yen(0)] && lowered[1].original == Yen(104_300))
        #expect(lowered[0].reductions.map(\.amount) == [Yen(90_000)])
    }

    /// Two 事業年度 due in one year: 760,000 due 2025-06-02, then 120,000 more due 2026-03-02.
    /// A 修正 of the first period down by 60,000 (recorded with its own 納期限, 2025-06-02) comes
    /// off the first instalment, not off the later one as a plain lowering would.
    @Test("申告納付 with two 法定納期限: a lowering of one period's tax comes off its own 納期限's instalment first")
    func loweringOwnDue() {
        func n(_ amount: Int64, _ iso: String, due: String) -> InstalmentSchedule.Notice { .init(amount: Yen(amount), date: Self.day(iso), dueDate: Self.day(due)) }
        let s = InstalmentSchedule.instalments(notices: [n(760_000, "2026-02-25", due: "2025-06-02"), n(880_000, "2026-02-25", due: "2026-03-02"),
                                                         n(820_000, "2026-05-10", due: "2025-06-02")], dueDates: [], rules: Self.rules, moved: { $0 })
        #expect(s.map(\.dueDate) == [Self.day("2025-06-02"), Self.day("2026-03-02")])
        #expect(s.map(\.amount) == [Yen(700_000), Yen(120_000)])
        // A lowering named for the later 納期限 still comes off the later one.
        let t = InstalmentSchedule.instalments(notices: [n(760_000, "2026-02-25", due: "2025-06-02"), n(880_000, "2026-02-25", due: "2026-03-02"),
                                                         n(820_000, "2026-05-10", due: "2026-03-02")], dueDates: [], rules: Self.rules, moved: { $0 })
        #expect(t.map(\.amount) == [Yen(760_000), Yen(60_000)])
    }

    /// 地方税法第321条の12第2項 (as 第72条の45第2項 words it): 「申告書を提出した日（提出期限前に提出
    /// された場合には、当該提出期限）の翌日から1年を経過する日後に修正申告書を提出したとき … 当該1年を
    /// 経過する日の翌日から当該修正申告書を提出した日までの期間」 is not counted.
    @Test("除算期間: from the day after the year that follows the return (or its 提出期限) to the 修正申告's filing; none within the year; a leap day's year ends on 28 February (民法第143条)")
    func exclusion() {
        let d = Self.day
        #expect(InstalmentSchedule.exclusion(returnFiled: d("2024-05-20"), dueDate: d("2024-05-31"), amendedOn: d("2025-09-01")) == d("2025-06-01")...d("2025-09-01"))
        #expect(InstalmentSchedule.exclusion(returnFiled: d("2024-05-20"), dueDate: d("2024-05-31"), amendedOn: d("2025-05-31")) == nil)
        #expect(InstalmentSchedule.exclusion(returnFiled: d("2024-05-20"), dueDate: d("2024-05-31"), amendedOn: d("2025-06-01")) == d("2025-06-01")...d("2025-06-01"))
        // 期限後申告 on 2024-08-20: its own year ends 2025-08-20.
        #expect(InstalmentSchedule.exclusion(returnFiled: d("2024-08-20"), dueDate: d("2024-05-31"), amendedOn: d("2025-09-01")) == d("2025-08-21")...d("2025-09-01"))
        // Filed 2023-02-28: the day after is 2023-03-01, its year ends 2024-02-29 (a leap year);
        // filed 2024-02-28: from 2024-02-29, whose day does not exist in 2025: ends 2025-02-28.
        #expect(InstalmentSchedule.exclusion(returnFiled: d("2023-02-28"), dueDate: d("2023-02-28"), amendedOn: d("2024-03-10")) == d("2024-03-01")...d("2024-03-10"))
        #expect(InstalmentSchedule.exclusion(returnFiled: d("2024-02-28"), dueDate: d("2024-02-28"), amendedOn: d("2025-03-10")) == d("2025-03-01")...d("2025-03-10"))
    }

    @Test("申告納付: only a raise from a later return more than a year on gets a 除算期間; the return's own tax, a late first return and a raise within the year do not")
    func selfAssessedExclusion() {
        func n(_ amount: Int64, _ iso: String, filed: String) -> InstalmentSchedule.Notice {
            .init(amount: Yen(amount), date: Self.day(iso), dueDate: Self.day("2024-05-31"), filed: Self.day(filed))
        }
        let s = InstalmentSchedule.instalments(notices: [n(349_400, "2024-06-10", filed: "2024-05-20"), n(409_400, "2025-09-10", filed: "2025-09-01")],
                                               dueDates: [], rules: Self.rules, moved: { $0 })
        #expect(s.map(\.amount) == [Yen(349_400), Yen(60_000)])
        #expect(s.map(\.excluded) == [[], [LateInterest.ExcludedDays(Self.day("2025-06-01")...Self.day("2025-09-01"), .amendedAfterAYear)]])
        #expect(s[1].lowerRateUntil == Self.day("2025-10-01"))
        let within = InstalmentSchedule.instalments(notices: [n(349_400, "2024-06-10", filed: "2024-05-20"), n(409_400, "2025-04-10", filed: "2025-04-01")],
                                                    dueDates: [], rules: Self.rules, moved: { $0 })
        #expect(within.map(\.excluded) == [[], []])
        // A late first return, then the same return recorded again with a higher figure (a rule or
        // fact change, not a new return): nothing excluded.
        let late = InstalmentSchedule.instalments(notices: [n(349_400, "2024-09-10", filed: "2024-08-20"), n(409_400, "2025-09-10", filed: "2024-08-20")],
                                                  dueDates: [], rules: Self.rules, moved: { $0 })
        #expect(late.map(\.excluded) == [[], []])
    }

    @Test("a notice sent later than ten days before a 納期 moves that 納期限 to ten days after the notice")
    func lateNotice() {
        let s = Self.schedule([Self.notice(100_000, "2026-08-25")])
        #expect(s.map(\.dueDate) == ["2026-09-04", "2026-09-04", "2026-11-02", "2027-02-01"].map(Self.day))
    }

    @Test("a raising 更正 spreads over the 期 at least ten days ahead; after the last, it is one 随時 期 due thirty days after the notice")
    func raise() {
        let s = Self.schedule([Self.notice(100_000, "2026-06-10"), Self.notice(130_000, "2026-10-01")])
        #expect(s.map(\.amount) == [Yen(25_000), Yen(25_000), Yen(40_000), Yen(40_000)])
        let late = Self.schedule([Self.notice(100_000, "2026-06-10"), Self.notice(108_000, "2027-01-25")])
        #expect(late.count == 5 && late.last?.number == 0 && late.last?.amount == Yen(8_000) && late.last?.dueDate == Self.day("2027-02-24"))
        #expect(late.last?.notice == 1)
    }

    @Test("a lowering 更正 takes from the last 期 back; one lowered after its 納期限 keeps its first amount and records the 減額 from the notice's day")
    func lower() {
        let s = Self.schedule([Self.notice(100_000, "2026-06-10"), Self.notice(20_000, "2026-09-15")])
        #expect(s.map(\.amount) == [Yen(20_000), Yen(0), Yen(0), Yen(0)])
        #expect(s[0].original == Yen(25_000) && s[0].reductions == [LateInterest.Payment(date: Self.day("2026-09-15"), amount: Yen(20_000))])
        #expect(s[1].original == Yen(25_000) && s[1].reductions.count == 1, "the second 期 was past its 納期限 on 09-15")
        #expect(s[2].original == Yen(0) && s[2].reductions.isEmpty, "not yet due: simply lower")
    }

    @Test("payments fill the oldest 期 still owing, whatever order they are listed in; what is paid beyond the levy is 過誤納")
    func payments() {
        let notices = [Self.notice(100_000, "2026-06-10")]
        let ps = [InstalmentSchedule.Payment(date: Self.day("2026-07-10"), amount: Yen(30_000)),
                  InstalmentSchedule.Payment(date: Self.day("2026-06-29"), amount: Yen(10_000)),
                  InstalmentSchedule.Payment(date: Self.day("2026-12-01"), amount: Yen(70_000))]
        let a = InstalmentSchedule.account(notices: notices, payments: ps, dueDates: Self.dues, rules: Self.rules, moved: { $0 })
        let b = InstalmentSchedule.account(notices: notices, payments: ps.reversed(), dueDates: Self.dues, rules: Self.rules, moved: { $0 })
        #expect(a == b)
        #expect(a.instalments[0].payments == [LateInterest.Payment(date: Self.day("2026-06-29"), amount: Yen(10_000)),
                                              LateInterest.Payment(date: Self.day("2026-07-10"), amount: Yen(15_000))])
        #expect(a.instalments[0].paidInFullOn == Self.day("2026-07-10"))
        #expect(a.instalments[1].paid == Yen(25_000) && a.instalments[3].paid == Yen(25_000))
        #expect(a.overpaid == Yen(10_000) && a.unpaid == .zero && a.levied == Yen(100_000))
    }

    @Test("a refund (a negative payment) takes back the 過誤納 first, then what was paid last: a raise after it is owed in full (地方税法第17条)")
    func refundThenRaise() {
        // 100,000 paid on 06-29; lowered to 60,000 on 09-10 (第4期 to 0, 第3期 to 10,000); the
        // 40,000 overpaid refunded on 10-01; raised back to 100,000 on 12-01 (第4期, 2027-02-01).
        let notices = [Self.notice(100_000, "2026-06-10"), Self.notice(60_000, "2026-09-10"), Self.notice(100_000, "2026-12-01")]
        let ps = [InstalmentSchedule.Payment(date: Self.day("2026-06-29"), amount: Yen(100_000)),
                  InstalmentSchedule.Payment(date: Self.day("2026-10-01"), amount: Yen(-40_000))]
        let a = InstalmentSchedule.account(notices: notices, payments: ps, dueDates: Self.dues, rules: Self.rules, moved: { $0 })
        #expect(a == InstalmentSchedule.account(notices: notices, payments: ps.reversed(), dueDates: Self.dues, rules: Self.rules, moved: { $0 }))
        #expect(a.instalments.map(\.amount) == [25_000, 25_000, 10_000, 40_000].map { Yen($0) })
        #expect(a.instalments.map(\.unpaid) == [0, 0, 0, 40_000].map { Yen($0) })
        #expect(a.paid == Yen(60_000) && a.overpaid == .zero)
        // Without the raise the refund empties the 過誤納 and leaves the instalments paid.
        let b = InstalmentSchedule.account(notices: Array(notices.prefix(2)), payments: ps, dueDates: Self.dues, rules: Self.rules, moved: { $0 })
        #expect(b.paid == Yen(60_000) && b.overpaid == .zero && b.unpaid == .zero)
        // Half refunded, the rest still 過誤納; a payment and a refund of one day: the payment first.
        let c = InstalmentSchedule.account(notices: Array(notices.prefix(2)),
                                           payments: [ps[0], .init(date: Self.day("2026-10-01"), amount: Yen(-15_000)), .init(date: Self.day("2026-10-01"), amount: Yen(5_000))],
                                           dueDates: Self.dues, rules: Self.rules, moved: { $0 })
        #expect(c.paid == Yen(60_000) && c.overpaid == Yen(30_000))
    }

    @Test("an instalment paid in full before its 納期限 and lowered after it holds what was paid until the 減額, then passes the excess on: no 延滞金 (地方税法第326条), the excess 過誤納")
    func paidThenLowered() throws {
        // 第3期 (25,000, due 11-02) paid 10-30; lowered to 10,000 on 11-20 (第4期 to 0 before its 納期限).
        let notices = [Self.notice(100_000, "2026-06-10"), Self.notice(60_000, "2026-11-20")]
        let ps = [("2026-06-30", 25_000), ("2026-08-31", 25_000), ("2026-10-30", 25_000)].map { InstalmentSchedule.Payment(date: Self.day($0.0), amount: Yen(Int64($0.1))) }
        let a = InstalmentSchedule.account(notices: notices, payments: ps, dueDates: Self.dues, rules: Self.rules, moved: { $0 })
        #expect(a.instalments.map(\.paid) == [25_000, 25_000, 10_000, 0].map { Yen($0) })
        #expect(a.overpaid == Yen(15_000) && a.unpaid == .zero)
        #expect(a.instalments[2].payments == [.init(date: Self.day("2026-10-30"), amount: Yen(25_000)), .init(date: Self.day("2026-11-20"), amount: Yen(-15_000))])
        let r = try LateInterest.compute(a.instalments[2].lateInterestInput, through: Self.day("2026-12-31"), city: .okazaki, asOf: .distantFuture, trace: false,
                                         parameters: { Repo.params(.okazaki, $0) })
        #expect(r.amount == .zero && r.periods.isEmpty)
        // Paid 10,000 of it only: 15,000 unpaid from 11-03, lowered to nothing unpaid on 11-20.
        let part = InstalmentSchedule.account(notices: notices, payments: Array(ps.prefix(2)) + [.init(date: Self.day("2026-10-30"), amount: Yen(10_000))],
                                              dueDates: Self.dues, rules: Self.rules, moved: { $0 })
        #expect(part.instalments[2].payments == [.init(date: Self.day("2026-10-30"), amount: Yen(10_000))] && part.overpaid == .zero)
        let q = try LateInterest.compute(part.instalments[2].lateInterestInput, through: Self.day("2026-12-31"), city: .okazaki, asOf: .distantFuture, trace: false,
                                         parameters: { Repo.params(.okazaki, $0) })
        #expect(q.periods.map(\.from) == [Self.day("2026-11-03")] && q.periods.map(\.through) == [Self.day("2026-11-19")] && q.periods.map(\.base) == [Yen(15_000)])
    }

    @Test("申告納付: a 修正申告 after a 減額更正 of paid tax — the part up to what was paid and lowered is its own instalment, not counted from its payment to the 減額更正 nor from a year after it to the 修正申告 (地方税法第321条の12, 減額更正後の修正申告); the rest an ordinary raise (第2項)")
    func raiseAfterLoweringOfPaidTax() {
        func n(_ amount: Int64, _ iso: String, filed: String) -> InstalmentSchedule.Notice {
            .init(amount: Yen(amount), date: Self.day(iso), dueDate: Self.day("2024-05-31"), filed: Self.day(filed))
        }
        let d = Self.day
        let notices = [n(349_400, "2024-06-10", filed: "2024-05-20"), n(289_400, "2024-09-10", filed: "2024-09-02"), n(409_400, "2026-03-10", filed: "2026-03-02")]
        let paid = [InstalmentSchedule.Payment(date: d("2024-05-30"), amount: Yen(349_400))]
        let s = InstalmentSchedule.instalments(notices: notices, dueDates: [], rules: Self.rules, moved: { $0 }, payments: paid)
        #expect(s.map(\.amount) == [Yen(289_400), Yen(60_000), Yen(60_000)])
        // Paid 05-30, before the 納期限: from 06-01. The 減額更正's year ends 2025-09-10.
        #expect(s[1].excluded == [.init(d("2024-06-01")...d("2024-09-10"), .paidUntilLowered), .init(d("2025-09-11")...d("2026-03-02"), .loweredUntilAmended)])
        #expect(s[2].excluded == [.init(d("2025-06-01")...d("2026-03-02"), .amendedAfterAYear)])
        #expect(s[1].lowerRateUntil == d("2026-04-02") && s[2].lowerRateUntil == d("2026-04-02"))
        // Half of it paid (late, 07-15): 289,400 of the lowered tax kept, 0 of the 60,000 paid.
        let half = InstalmentSchedule.instalments(notices: notices, dueDates: [], rules: Self.rules, moved: { $0 },
                                                  payments: [.init(date: d("2024-07-15"), amount: Yen(289_400))])
        #expect(half.map(\.amount) == [Yen(289_400), Yen(120_000)])
        // 319,400 paid on 07-15: 30,000 of the lowered part, counted from 07-16.
        let some = InstalmentSchedule.instalments(notices: notices, dueDates: [], rules: Self.rules, moved: { $0 },
                                                  payments: [.init(date: d("2024-07-15"), amount: Yen(319_400))])
        #expect(some.map(\.amount) == [Yen(289_400), Yen(30_000), Yen(90_000)])
        #expect(some[1].excluded.first == .init(d("2024-07-16")...d("2024-09-10"), .paidUntilLowered))
        // Without payments (the schedule of what fell due, as the 延滞金 run's count of arrears reads it): one raise.
        #expect(InstalmentSchedule.instalments(notices: notices, dueDates: [], rules: Self.rules, moved: { $0 }).map(\.amount) == [Yen(289_400), Yen(120_000)])
    }

    @Test("over random histories, the 期 always add up to the levy in force and nothing is paid twice")
    func sums() {
        var seed: UInt64 = 7
        func next(_ n: Int) -> Int { seed = seed &* 6364136223846793005 &+ 1442695040888963407; return Int((seed >> 33) % UInt64(n)) }
        for _ in 0..<500 {
            var notices = [Self.notice(Int64(next(3_000)) * 100, "2026-05-01")]
            for _ in 0..<next(4) { notices.append(.init(amount: Yen(Int64(next(3_000)) * 100), date: notices.last!.date.adding(days: 1 + next(200)))) }
            var payments = (0..<next(6)).map { _ in InstalmentSchedule.Payment(date: Self.day("2026-06-01").adding(days: next(300)), amount: Yen(Int64(next(800)) * 100)) }
            // Refunds that never take out more than is in (as the refund run makes them): at most
            // the lowest running balance from the refund's day on.
            for _ in 0..<next(3) {
                let on = Self.day("2026-06-01").adding(days: next(300))
                let ordered = payments.sorted(by: InstalmentSchedule.Payment.precedes)
                let before = ordered.filter { $0.date < on }.reduce(Yen.zero) { $0 + $1.amount }
                var balance = Yen.zero, most = before
                for p in ordered {
                    balance += p.amount
                    if p.date >= on { most = min(most, balance) }
                }
                if most > .zero { payments.append(.init(date: on, amount: .zero - Yen(Int64(next(Int(most.amount / 100) + 1)) * 100))) }
            }
            let a = InstalmentSchedule.account(notices: notices, payments: payments, dueDates: Self.dues, rules: Self.rules, moved: { $0 })
            #expect(a.levied == notices.last!.amount)
            #expect(a.paid + a.overpaid == payments.reduce(Yen.zero) { $0 + $1.amount })
            #expect(a.instalments.allSatisfy { $0.paid <= $0.amount && $0.amount >= .zero })
        }
    }
}
