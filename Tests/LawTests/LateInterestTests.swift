import Testing
import KaiseiCore
import Law

/// 延滞金 (地方税法第326条 and its siblings, 附則第3条の2, 第20条の4の2). Golden cases are the
/// cities' own published worked examples; a day-by-day recount checks the way days are split.
@Suite("延滞金 (late-payment interest)")
struct LateInterestTests {
    func compute(_ amount: Int64, due: String, paid: [(String, Int64)], through: String, city: City = .toyohashi,
                 reduced: [(String, Int64)] = [], lowerRateUntil: String? = nil, excluded: (String, String)? = nil) throws -> LateInterest.Result {
        let instalment = LateInterest.Instalment(amount: Yen(amount), dueDate: date(due),
                                                 payments: paid.map { LateInterest.Payment(date: date($0.0), amount: Yen($0.1)) },
                                                 reductions: reduced.map { LateInterest.Payment(date: date($0.0), amount: Yen($0.1)) },
                                                 lowerRateUntil: lowerRateUntil.map(date), excluded: excluded.map { [LateInterest.ExcludedDays(date($0.0)...date($0.1), .amendedAfterAYear)] } ?? [])
        return try LateInterest.compute(instalment, through: date(through), city: city, asOf: .distantFuture, trace: true) { Repo.params(city, $0) }
    }

    /// 豊橋市 延滞金 (city.toyohashi.lg.jp, dd.aspx?menuid=10874): 令和3年度 固定資産税・都市計画税
    /// 第1期 65,000円, 納期限 2021-05-31, paid 2022-01-31: 133 + 2,883 + 480 = 3,496 → 3,400円.
    @Test("Toyohashi's worked example: across the one-month boundary and 1 January, 3,400 yen (地方税法第369条, 附則第3条の2)")
    func toyohashiExample() throws {
        let r = try compute(65_000, due: "2021-05-31", paid: [("2022-01-31", 65_000)], through: "2022-12-31")
        #expect(r.periods.map(\.days) == [30, 184, 31])
        #expect(r.periods.map(\.interest) == [Yen(133), Yen(2_883), Yen(480)])
        #expect(r.periods.map(\.rate) == [Fraction(25, 1000), Fraction(88, 1000), Fraction(87, 1000)])
        #expect(r.beforeRounding == Yen(3_496))
        #expect(r.amount == Yen(3_400))
        #expect(r.unpaid == .zero)
        #expect(r.periods.map(\.revision) == ["collection-rates-2021", "collection-rates-2021", "collection-rates-2022"])
        #expect(r.steps.last?.reference.contains("第20条の4の2") == true)
    }

    /// 大網白里市 市税の延滞金 (city.oamishirasato.lg.jp/0000011904.html): 令和3年度 市県民税
    /// 第1期 60,300円 (base 60,000), 納期限 2021-06-30, paid 2021-12-10; 7/1–7/31 (31日)
    /// 60,000 × 31 × 2.5% ÷ 365 = 127.
    @Test("Oamishirasato's worked example: the base cut to thousands and the first month of 31 days (地方税法第20条の4の2)")
    func oamishirasatoExample() throws {
        let r = try compute(60_300, due: "2021-06-30", paid: [("2021-12-10", 60_300)], through: "2021-12-31", city: .okazaki)
        #expect(r.periods.first?.base == Yen(60_000))
        #expect(r.periods.first?.days == 31)
        #expect(r.periods.first?.interest == Yen(127))
        // The rest follows from the same rule: 8/1–12/10, 132 days at 8.8%: 1,909; total 2,036.
        #expect(r.periods.count == 2 && r.periods[1].days == 132 && r.periods[1].interest == Yen(1_909))
        #expect(r.amount == Yen(2_000))
    }

    /// 福岡市 FAQ3274: 納期限 2025-09-01; the first month runs 2025-09-02 to 2025-10-01 (30 days).
    @Test("the first month ends the day before the same day of the next month, or at that month's end (地方税法第20条の5, 民法第143条)")
    func firstMonth() {
        #expect(LateInterest.firstMonthEnd(dueDate: date("2025-09-01")) == date("2025-10-01"))
        #expect(LateInterest.firstMonthEnd(dueDate: date("2021-05-31")) == date("2021-06-30"))
        #expect(LateInterest.firstMonthEnd(dueDate: date("2021-06-30")) == date("2021-07-31"))
        #expect(LateInterest.firstMonthEnd(dueDate: date("2024-01-30")) == date("2024-02-29"))
        #expect(LateInterest.firstMonthEnd(dueDate: date("2023-01-30")) == date("2023-02-28"))
        #expect(LateInterest.firstMonthEnd(dueDate: date("2025-12-31")) == date("2026-01-31"))
    }

    @Test("no interest on a tax under 2,000 yen, none when the total is under 1,000 yen, none when paid by the due date (地方税法第20条の4の2)")
    func thresholds() throws {
        #expect(try compute(1_999, due: "2024-05-31", paid: [], through: "2025-05-31").amount == .zero)
        // 10,000 yen paid 40 days late in 2024: 10,000 × 2.4% × 30/365 = 19, + 10,000 × 8.7% × 10/365 = 23: 42 yen → none.
        let small = try compute(10_000, due: "2024-05-31", paid: [("2024-07-10", 10_000)], through: "2024-12-31")
        #expect(small.beforeRounding == Yen(42) && small.amount == .zero)
        let onTime = try compute(500_000, due: "2024-05-31", paid: [("2024-05-31", 500_000)], through: "2024-12-31")
        #expect(onTime.periods.isEmpty && onTime.amount == .zero)
    }

    @Test("a partial payment lowers the base from the next day; the paid part bears interest on its day")
    func partialPayment() throws {
        // 100,000 due 2024-05-31; 60,000 paid 2024-06-10, the rest 2024-06-20 (all in the first month, 2.4%).
        let r = try compute(100_000, due: "2024-05-31", paid: [("2024-06-10", 60_000), ("2024-06-20", 40_000)], through: "2024-12-31")
        #expect(r.periods.map(\.days) == [10, 10])
        #expect(r.periods.map(\.base) == [Yen(100_000), Yen(40_000)])
        // 100,000 × 2.4% × 10/365 = 65.75 → 65; 40,000 × 2.4% × 10/365 = 26.3 → 26.
        #expect(r.periods.map(\.interest) == [Yen(65), Yen(26)])
        // Payments given out of order give the same result.
        let shuffled = try compute(100_000, due: "2024-05-31", paid: [("2024-06-20", 40_000), ("2024-06-10", 60_000)], through: "2024-12-31")
        #expect(shuffled == r)
    }

    /// 豊橋市's example with a 減額更正: 65,000 due 2021-05-31, lowered to 40,000 on 2021-09-01,
    /// paid 2022-01-31. 6/1–6/30 65,000 × 2.5% × 30/365 = 133; 7/1–8/31 65,000 × 8.8% × 62/365
    /// = 971; 9/1–12/31 40,000 × 8.8% × 122/365 = 1,176; 2022 1/1–1/31 40,000 × 8.7% × 31/365
    /// = 295 → 2,575 → 2,500 (the same days as the city's example, the base lower from the day).
    @Test("a 減額更正 lowers the base from its date; a reduction to what was paid ends the interest the day before")
    func reductionLowersBase() throws {
        let r = try compute(65_000, due: "2021-05-31", paid: [("2022-01-31", 40_000)], through: "2022-03-31", reduced: [("2021-09-01", 40_000)])
        #expect(r.periods.map(\.interest.amount) == [133, 971, 1_176, 295])
        #expect(r.amount.amount == 2_500)
        #expect(r.unpaid == .zero)
        // Paid 30,000 on 2021-07-15, then lowered to 30,000 on 2021-10-01: nothing is owed from 10/1.
        let s = try compute(65_000, due: "2021-05-31", paid: [("2021-07-15", 30_000)], through: "2022-03-31", reduced: [("2021-10-01", 30_000)])
        #expect(s.lastDay == date("2021-09-30"))
        #expect(s.periods.last?.through == date("2021-09-30"))
    }

    @Test("an instalment still unpaid accrues to the day asked about; later payments are not counted")
    func accruedSoFar() throws {
        let r = try compute(65_000, due: "2021-05-31", paid: [("2022-01-31", 65_000)], through: "2021-12-31")
        #expect(r.unpaid == Yen(65_000))
        #expect(r.lastDay == date("2021-12-31"))
        #expect(r.periods.map(\.interest) == [Yen(133), Yen(2_883)])
        #expect(r.amount == Yen(3_000))
    }

    @Test("a year whose rate is not in the rules refuses the computation instead of using 0 (MissingParameter)")
    func missingYear() {
        let error = #expect(throws: MissingParameter.self) { _ = try compute(65_000, due: "2026-11-30", paid: [], through: "2027-02-01") }
        // The folder's years are calendar years, and the message says so (no "FY").
        #expect(error?.description.contains("toyohashi 2027 in the rules") == true, "\(String(describing: error))")
    }

    /// 60,000 yen raised by a 修正申告 of 2025-09-01 on a return due 2024-05-31 and filed in time;
    /// paid 2025-10-31. 除算期間 2025-06-01–09-01 (地方税法第321条の12第2項; the count of days as
    /// zeirishi-miyake.jp/adviser/post-2642 gives it for 国税通則法第61条), the lower rate to
    /// 10-01 (one month after the 修正申告). By hand: 844.27 + 595.72 + 118.36 + 429.04 → 844 +
    /// 595 + 118 + 429 = 1,986 → 1,900; the days either side of the gap are separate periods.
    @Test("除算期間: the excluded days bear nothing and split the periods around them; 1,900 yen where 2,300 counts every day (地方税法第321条の12第2項)")
    func excludedDays() throws {
        let r = try compute(60_000, due: "2024-05-31", paid: [("2025-10-31", 60_000)], through: "2026-01-31",
                            lowerRateUntil: "2025-10-01", excluded: ("2025-06-01", "2025-09-01"))
        #expect(r.periods.map(\.days) == [214, 151, 30, 30])
        #expect(r.periods.map(\.interest) == [Yen(844), Yen(595), Yen(118), Yen(429)])
        #expect(r.periods.map(\.firstMonth) == [true, true, true, false])
        #expect(r.amount == Yen(1_900))
        #expect(r.steps.contains { $0.label.hasPrefix("除算期間 2025-06-01–2025-09-01") })
        let all = try compute(60_000, due: "2024-05-31", paid: [("2025-10-31", 60_000)], through: "2026-01-31", lowerRateUntil: "2025-10-01")
        #expect(all.amount == Yen(2_300))
        // A span that ends after the last day counted leaves nothing after it.
        let open = try compute(60_000, due: "2024-05-31", paid: [], through: "2025-08-01", lowerRateUntil: "2025-10-01", excluded: ("2025-06-01", "2025-09-01"))
        #expect(open.periods.map(\.days) == [214, 151])
    }

    /// An independent recount: every day on its own, with its own base and rate, then grouped
    /// into runs only where nothing changes. Run over many generated cases.
    @Test("day by day: the periods are exactly the runs of days with one base, one rate and one calendar year")
    func dayByDay() throws {
        var seed: UInt64 = 0x5EED
        func next(_ n: Int) -> Int { seed = seed &* 6364136223846793005 &+ 1442695040888963407; return Int((seed >> 33) % UInt64(n)) }
        for _ in 0..<200 {
            let due = CivilDate(year: 2014 + next(11), month: 1 + next(12), day: 1 + next(28))!
            let amount = Int64(2_000 + next(500_000))
            var payments: [(CivilDate, Int64)] = []
            var left = amount
            var day = due
            for _ in 0..<next(4) {
                day = day.adding(days: 1 + next(120))
                let part = Int64(1 + next(Int(max(1, left))))
                payments.append((day, part)); left -= part
                if left <= 0 { break }
            }
            // 減額更正 now and then: the tax lowered on a day, from that day.
            var reductions: [(CivilDate, Int64)] = []
            var lowered = amount
            for _ in 0..<(next(3) == 0 ? 1 + next(2) : 0) {
                lowered = Int64(next(Int(lowered)))
                reductions.append((due.adding(days: next(400) - 30), lowered))
            }
            let through = due.adding(days: 1 + next(900))
            // A 除算期間 now and then, anywhere from before the 納期限 to past the day asked about.
            var excluded: ClosedRange<CivilDate>?
            if next(3) == 0 { let from = due.adding(days: next(500) - 20); excluded = from...from.adding(days: next(200)) }
            guard through.year <= 2026 else { continue }
            let r = try compute(amount, due: "\(due)", paid: payments.map { ("\($0.0)", $0.1) }, through: "\(through)",
                                reduced: reductions.map { ("\($0.0)", $0.1) }, excluded: excluded.map { ("\($0.lowerBound)", "\($0.upperBound)") })
            // Recount: each day's unpaid tax on its own, until the first day nothing is unpaid.
            let monthEnd = LateInterest.firstMonthEnd(dueDate: due)
            let counted = payments.filter { $0.0 <= through }
            func unpaidOn(_ d: CivilDate) -> Int64 {
                let owed = reductions.filter { $0.0 <= d && $0.0 <= through }.map(\.1).min().map { min($0, amount) } ?? amount
                return max(0, owed - counted.filter { $0.0 < d }.reduce(0) { $0 + $1.1 })
            }
            var runs: [(key: String, days: Int)] = []
            var d = due.adding(days: 1)
            var gap = false
            while d <= through && unpaidOn(d) > 0 {
                if excluded?.contains(d) == true { gap = true; d = d.adding(days: 1); continue }
                let unpaid = unpaidOn(d)
                let base = unpaid < 2_000 ? 0 : unpaid / 1_000 * 1_000
                let key = "\(base) \(d <= monthEnd) \(d.year)"
                if let lastRun = runs.last, lastRun.key == key, !gap { runs[runs.count - 1].days += 1 } else { runs.append((key, 1)) }
                gap = false
                d = d.adding(days: 1)
            }
            #expect(r.periods.map(\.days) == runs.map(\.days), "due \(due), payments \(payments), reductions \(reductions), excluded \(String(describing: excluded)), through \(through)")
            #expect(r.periods.map { "\($0.base.amount) \($0.firstMonth) \($0.from.year)" } == runs.map(\.key))
        }
    }

    /// 第17条の4第1項第4号: from the day after "納付の日の翌日から起算して1月を経過する日". Paid
    /// twice on 2026-04-30: counted from 5-01, one month ends on 5-31, so interest runs from 6-01;
    /// decided 2026-06-30: 30 days × 1.3 % (2026) on 1,000,000 = 1,068 → 1,000 yen. Counting to
    /// the day-number of the payment itself (5-30) gave 31 days and 1,100 yen until 2026-12-03.
    @Test("還付加算金 after a payment on a month's last day: one month from the day after 4-30 ends on 5-31, 1,000 yen not 1,100 (地方税法第17条の4第1項第4号, 民法第143条)")
    func refundInterestAfterMonthEnd() throws {
        #expect(RefundInterest.monthsAfter(date("2026-04-30"), 1) == date("2026-05-31"))
        #expect(RefundInterest.monthsAfter(date("2026-02-28"), 1) == date("2026-03-31"))
        #expect(RefundInterest.monthsAfter(date("2026-01-31"), 1) == date("2026-02-28"))
        #expect(RefundInterest.monthsAfter(date("2026-08-10"), 3) == date("2026-11-10"))
        // The same phrase in the 延滞金's first month (第326条第1項) counts the same way.
        #expect(RefundInterest.monthsAfter(date("2026-04-30"), 1) == LateInterest.firstMonthEnd(dueDate: date("2026-04-30")))
        let refund = RefundInterest.Refund(amount: Yen(1_000_000), cause: .other, paid: date("2026-04-30"), decided: date("2026-06-30"))
        let r = try RefundInterest.compute(refund, city: .okazaki, asOf: .distantFuture, trace: false) { Repo.params(.okazaki, $0) }
        #expect(r.after == date("2026-05-31"))
        #expect(r.periods.map(\.days) == [30])
        #expect(r.amount == Yen(1_000))
    }
}
