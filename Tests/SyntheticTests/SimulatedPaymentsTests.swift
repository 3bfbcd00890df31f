import Testing
import KaiseiCore
import Synthetic

/// Simulated payments (`kaisei payments simulate`) pay what was known on the day they were made.
@Suite("Simulated payments toward recorded levies")
struct SimulatedPaymentsTests {
    typealias Levy = SimulatedPayments.Levy

    static func day(_ iso: String) -> CivilDate { CivilDate(iso: iso)! }
    /// A levy-run moment: 09:00 Japan time on the day.
    static func morning(_ iso: String) -> RecordedTime { RecordedTime(japan: day(iso), hour: 9) }
    static func levy(_ amount: Int64, noticed iso: String) -> Levy { Levy(amount: amount, noticeDate: day(iso), recordedAt: morning(iso)) }

    /// 固定資産税 4/30, 7/31, 12/25, 2/28 and 個人住民税 6/30, 8/31, 10/31, 1/31 of FY2026.
    static let propertyDues = ["2026-04-30", "2026-07-31", "2026-12-25", "2027-02-28"].map { SimulatedPaymentsTests.day($0) }
    static let residentDues = ["2026-06-30", "2026-08-31", "2026-10-31", "2027-01-31"].map { SimulatedPaymentsTests.day($0) }

    /// The levy as known at the end of a day: the last recorded by then and noticed by then.
    static func known(_ levies: [Levy], on date: CivilDate) -> Levy? {
        levies.last { $0.recordedAt <= RecordedTime.endOfDayInJapan(date) && $0.noticeDate <= date }
    }

    @Test("a levy noticed after its first 納期 is paid only after the notice, ten days' notice given, and in full by the last 納期")
    func paidAfterTheNotice() {
        let levies = [Self.levy(100_050, noticed: "2026-06-10")]
        let plan = SimulatedPayments.plan(levies: levies, dueDates: Self.propertyDues, behaviour: .onTime,
                                          daysEarly: { _ in 5 }, until: Self.morning("2027-03-31"))
        #expect(plan.map(\.paidOn) == ["2026-06-15", "2026-07-26", "2026-12-20", "2027-02-23"].map(Self.day))
        #expect(plan.map(\.amount) == [25_050, 25_000, 25_000, 25_000], "the remainder in the first instalment")
        #expect(plan.map(\.instalment) == [1, 2, 3, 4])
    }

    @Test("each instalment is for no more than the levy known on its day: a lowering 更正 lowers the last instalments first (未到来の期別から)")
    func lowerCorrection() {
        let levies = [Self.levy(100_000, noticed: "2026-06-10"), Self.levy(60_000, noticed: "2026-09-01")]
        let plan = SimulatedPayments.plan(levies: levies, dueDates: Self.residentDues, behaviour: .onTime,
                                          daysEarly: { _ in 0 }, until: Self.morning("2027-03-31"))
        // 40,000 less: the fourth instalment (25,000) goes, the third falls to 10,000.
        #expect(plan.map(\.amount) == [25_000, 25_000, 10_000])
        #expect(plan.reduce(0) { $0 + $1.amount } == 60_000)
    }

    @Test("a late payer pays each instalment the drawn number of days after its 納期限, still no more than known")
    func latePayer() {
        let levies = [Self.levy(100_000, noticed: "2026-06-10")]
        let plan = SimulatedPayments.plan(levies: levies, dueDates: Self.residentDues, behaviour: .late,
                                          daysEarly: { _ in 0 }, daysLate: { [40, 1, 90, 5][$0] }, until: Self.morning("2027-03-31"))
        #expect(plan.map(\.paidOn) == ["2026-08-09", "2026-09-01", "2027-01-29", "2027-02-05"].map(Self.day))
        #expect(plan.map(\.amount) == [25_000, 25_000, 25_000, 25_000])
    }

    @Test("a 更正 raising the levy after the last 納期 is paid as a 随時 payment within a month of its notice, not before")
    func raisedCorrectionAfterTheLastInstalment() throws {
        let levies = [Self.levy(40_000, noticed: "2026-06-10"), Self.levy(48_000, noticed: "2028-01-10")]
        let early = SimulatedPayments.plan(levies: levies, dueDates: Self.residentDues, behaviour: .onTime,
                                           daysEarly: { _ in 0 }, until: Self.morning("2028-01-12"))
        #expect(early.map(\.amount) == [10_000, 10_000, 10_000, 10_000])
        let later = SimulatedPayments.plan(levies: levies, dueDates: Self.residentDues, behaviour: .onTime,
                                           daysEarly: { _ in 0 }, until: Self.morning("2028-03-01"))
        #expect(later.count == 5 && Array(later.prefix(4)) == early)
        let extra = try #require(later.last)
        #expect(extra.instalment == 0 && extra.key == "0.2")
        #expect(extra.amount == 8_000 && extra.paidOn == Self.day("2028-02-09"))
        let lowered = [Self.levy(40_000, noticed: "2026-06-10"), Self.levy(30_000, noticed: "2028-01-10")]
        #expect(SimulatedPayments.plan(levies: lowered, dueDates: Self.residentDues, behaviour: .onTime,
                                       daysEarly: { _ in 0 }, until: Self.morning("2028-03-01")).count == 4)
    }

    @Test("a taxpayer in arrears pays only the first of several instalments, and nothing of a single one")
    func arrears() {
        let levies = [Self.levy(100_000, noticed: "2026-06-10")]
        let several = SimulatedPayments.plan(levies: levies, dueDates: Self.residentDues, behaviour: .arrears,
                                             daysEarly: { _ in 0 }, until: Self.morning("2027-03-31"))
        #expect(several.map(\.instalment) == [1])
        let single = SimulatedPayments.plan(levies: levies, dueDates: [Self.day("2026-05-31")], behaviour: .arrears,
                                            daysEarly: { _ in 0 }, until: Self.morning("2027-03-31"))
        #expect(single.isEmpty)
    }

    @Test("a taxpayer on a 分納 plan pays nothing by the 納期限, then the levy in monthly whole thousands from 30–59 days after the first, the last part the rest, past the 出納閉鎖 when the plan runs long")
    func instalmentPlan() {
        let levies = [Self.levy(100_000, noticed: "2026-06-10")]
        // 3 + 5 % 6 = 8 parts, from 30 + 12 days after 30 June.
        let whole = SimulatedPayments.plan(levies: levies, dueDates: Self.residentDues, behaviour: .instalmentPlan,
                                           daysEarly: { _ in 0 }, daysLate: { [5, 12][$0] }, until: Self.morning("2027-06-30"))
        #expect(whole.map(\.paidOn) == ["2026-08-11", "2026-09-11", "2026-10-11", "2026-11-11", "2026-12-11", "2027-01-11", "2027-02-11", "2027-03-11"].map(Self.day))
        #expect(whole.map(\.amount) == [12_000, 12_000, 12_000, 12_000, 12_000, 12_000, 12_000, 16_000])
        // Each part names the 期別 it starts to fill (25,000 each): 0, 12,000, 24,000 paid before → 第1期; 36,000 → 第2期 …
        #expect(whole.map(\.instalment) == [1, 1, 1, 2, 2, 3, 3, 4])
        #expect(whole.allSatisfy { $0.paidOn > Self.day("2026-06-30") }, "nothing by the first 納期限")
        // Asked in January, the plan so far is the same plan's first six parts.
        let soFar = SimulatedPayments.plan(levies: levies, dueDates: Self.residentDues, behaviour: .instalmentPlan,
                                           daysEarly: { _ in 0 }, daysLate: { [5, 12][$0] }, until: Self.morning("2027-01-15"))
        #expect(soFar == Array(whole.prefix(6)))
        // A levy noticed on 10 January (the 期別 already past fall due ten days after the notice,
        // on 20 January) on 6 parts from 59 days after: the last three are paid after 31 May
        // 2027, FY2026's 出納閉鎖, as 滞納繰越分.
        let late = SimulatedPayments.plan(levies: [Self.levy(90_500, noticed: "2027-01-10")], dueDates: Self.residentDues, behaviour: .instalmentPlan,
                                          daysEarly: { _ in 0 }, daysLate: { [3, 29][$0] }, until: Self.morning("2027-12-31"))
        #expect(late.map(\.paidOn) == ["2027-03-20", "2027-04-20", "2027-05-20", "2027-06-20", "2027-07-20", "2027-08-20"].map(Self.day))
        #expect(late.map(\.amount) == [15_000, 15_000, 15_000, 15_000, 15_000, 15_500])
        #expect(late.filter { $0.paidOn > Self.day("2027-05-31") }.count == 3)
    }

    @Test("over many levy histories, what is paid up to any payment's day never exceeds the levy known that day, and a later run only adds payments")
    func neverMoreThanKnown() {
        var rng = SplitMix(seed: 2026)
        let schedules: [[CivilDate]] = [Self.propertyDues, Self.residentDues, [Self.day("2026-05-31")],
                         (0..<8).map { CivilDate(year: $0 < 6 ? 2026 : 2027, month: [7, 8, 9, 10, 11, 12, 1, 2][$0], day: 28)! }]
        var payments = 0
        for _ in 0..<400 {
            // A notice between April 2026 and March 2027, then up to three 更正, each recorded
            // on its notice day or up to two days later, in recorded order.
            let noticed = Self.day("2026-04-01").adding(days: rng.below(365))
            var levies = [Levy(amount: Int64(rng.below(5_000)) * 100, noticeDate: noticed,
                               recordedAt: RecordedTime(japan: noticed, hour: 9 + rng.below(8)))]
            for _ in 0..<rng.below(4) {
                let noticed = levies[levies.count - 1].recordedAt.japanDate.adding(days: 1 + rng.below(240))
                levies.append(Levy(amount: Int64(rng.below(5_000)) * 100, noticeDate: noticed,
                                   recordedAt: RecordedTime(japan: noticed.adding(days: rng.below(3)), hour: 9 + rng.below(8))))
            }
            let dues = schedules[rng.below(schedules.count)]
            let behaviour: SimulatedPayments.Behaviour = rng.chance(0.1) ? .arrears : rng.chance(0.2) ? .late : rng.chance(0.15) ? .instalmentPlan : .onTime
            let inArrears = behaviour == .arrears
            let shift = rng.below(20)
            let first = RecordedTime(japan: levies[0].noticeDate.adding(days: rng.below(900)), hour: 18)
            let second = RecordedTime(japan: first.japanDate.adding(days: rng.below(400)), hour: 18)
            let before = SimulatedPayments.plan(levies: levies.filter { $0.recordedAt <= first }, dueDates: dues, behaviour: behaviour,
                                                daysEarly: { ($0 * 7 + shift) % 20 }, daysLate: { 1 + ($0 * 13 + shift) % 90 }, until: first)
            let after = SimulatedPayments.plan(levies: levies.filter { $0.recordedAt <= second }, dueDates: dues, behaviour: behaviour,
                                               daysEarly: { ($0 * 7 + shift) % 20 }, daysLate: { 1 + ($0 * 13 + shift) % 90 }, until: second)
            #expect(Array(after.prefix(before.count)) == before, "a later run changed earlier payments: \(levies)")
            var paid: Int64 = 0
            for p in after {
                paid += p.amount
                let levy = Self.known(levies, on: p.paidOn)
                #expect(p.amount > 0)
                #expect(p.paidOn > levies[0].noticeDate && p.paidOn <= second.japanDate)
                #expect(paid <= levy?.amount ?? 0, "paid \(paid) by \(p.paidOn), known \(String(describing: levy)) of \(levies)")
            }
            #expect(zip(after, after.dropFirst()).allSatisfy { pair in pair.0.paidOn <= pair.1.paidOn })
            if inArrears { #expect(after.count <= (dues.count > 1 ? 1 : 0)) }
            payments += after.count
        }
        #expect(payments > 500)
    }
}
