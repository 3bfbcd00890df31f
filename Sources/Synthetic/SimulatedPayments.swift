import KaiseiCore
import Law

/// The payments (収納) a taxpayer makes toward one levy — one tax of one fiscal year — for
/// `kaisei payments simulate`: each on a day the levy was already notified, and for no more than
/// was known on that day.
///
/// The instalments and their 納期限 are the levy's `InstalmentSchedule` (the one the 納税証明書,
/// 督促 and 延滞金 read): never sooner than ten days after the first notice, so a levy noticed in
/// June pays its April instalment in late June. Each payment is what the schedule known on its
/// day asks by that 納期限, less what was paid before: a 更正 that lowers the levy lowers the last
/// instalments (nothing more is paid once they are covered; a refund is not simulated), one that
/// raises it spreads over the instalments ahead or is a 随時 instalment (期別 0) a month after its
/// notice. An on-time taxpayer pays a few days before each 納期限; a late one 1–90 days after it
/// (延滞金 and 督促 arise); one in arrears pays only the first of several instalments, and
/// nothing of a single one; one on a 分納 plan (納付誓約) pays nothing by the 納期限 and then the
/// whole levy in 3–8 monthly parts from a month or two after the first, often past the 出納閉鎖
/// of 31 May, so the city collects 滞納繰越分.
public enum SimulatedPayments {
    /// How a taxpayer pays.
    public enum Behaviour: Sendable, Equatable { case onTime, late, arrears, instalmentPlan }

    /// The rules the tests use when they do not name any (`due.*` of `revisions/due-dates/`
    /// give the real ones).
    public static let testRules = InstalmentSchedule.Rules(unit: Yen(100), leadDays: 10, supplementaryDays: 30)

    /// One recorded amount of the levy: the 当初賦課 (`LevyAssessed`) or a 更正 (`LevyCorrected`).
    public struct Levy: Sendable, Equatable {
        public let amount: Int64
        /// The notice's date (the event's valid date).
        public let noticeDate: CivilDate
        public let recordedAt: RecordedTime
        /// 法定納期限 of a 申告納付 levy: paid with the return, before the levy run records it.
        public var dueDate: CivilDate? = nil
        public init(amount: Int64, noticeDate: CivilDate, recordedAt: RecordedTime, dueDate: CivilDate? = nil) {
            self.amount = amount; self.noticeDate = noticeDate; self.recordedAt = recordedAt; self.dueDate = dueDate
        }
    }

    /// One payment, for a `PaymentReceived` event.
    public struct Payment: Sendable, Equatable {
        /// 期別: 1 for the first 納期, …; 0 for a 随時 payment after a 更正.
        public let instalment: Int
        /// Unique among the levy's payments, for the event id: the 期別, or `0.n` for the 随時
        /// payment after the n-th recorded amount.
        public let key: String
        /// 領収日 (the event's valid date).
        public let paidOn: CivilDate
        public let amount: Int64
    }

    /// The levy's payments made by `until`, in the order they were paid.
    ///
    /// - Parameters:
    ///   - levies: the levy's recorded amounts in recorded order (all recorded by `until`).
    ///   - dueDates: the 納期 of the tax and fiscal year, in order.
    ///   - rules, moved: the schedule's rules and the city's closed days.
    ///   - daysEarly: how many days (0–19) before its 納期限 the payment numbered by the argument is
    ///     made (0-based: the instalments, then the 随時 payments); `daysLate` (1–90) the same
    ///     after it, for a late payer.
    ///   - until: the simulation's moment; nothing is paid after its day.
    ///
    /// A plan is stable: run later, it starts with the same payments (so the ones already
    /// recorded can be skipped by count), as long as no levy is recorded with a past time.
    public static func plan(levies: [Levy], dueDates: [CivilDate], rules: InstalmentSchedule.Rules = testRules,
                            moved: (CivilDate) -> CivilDate = { $0 }, behaviour: Behaviour,
                            daysEarly: (Int) -> Int, daysLate: (Int) -> Int = { _ in 30 }, until: RecordedTime) -> [Payment] {
        guard let first = levies.first, !dueDates.isEmpty || first.dueDate != nil else { return [] }
        let selfAssessed = first.dueDate != nil
        let lastDay = until.japanDate
        // The first day after the notice was both dated and recorded; a 申告納付 tax is paid with
        // its return, before any levy run records it.
        let earliest = selfAssessed ? CivilDate(year: 1900, month: 1, day: 1)! : max(first.noticeDate, first.recordedAt.japanDate).adding(days: 1)
        func known(on day: CivilDate) -> [Levy] {
            if selfAssessed { return levies.filter { $0.recordedAt <= until } }
            let endOfDay = RecordedTime.endOfDayInJapan(day)
            return levies.filter { $0.recordedAt <= endOfDay && $0.noticeDate <= day }
        }
        func schedule(_ ls: [Levy]) -> [InstalmentSchedule.Instalment] {
            InstalmentSchedule.instalments(notices: ls.map { .init(amount: Yen($0.amount), date: $0.noticeDate, dueDate: $0.dueDate) }, dueDates: dueDates,
                                           rules: rules, moved: moved)
        }
        // The instalments as known at the end: the 期別, then the 随時 ones in notice order.
        let final = schedule(levies.filter { $0.recordedAt <= until })
        let regular = final.filter { $0.number > 0 }.sorted { $0.number < $1.number }
        let extra = final.filter { $0.number == 0 }.sorted { $0.notice < $1.notice }
        let count = regular.count
        var out: [Payment] = []
        var paid: Int64 = 0
        if behaviour == .instalmentPlan {
            // 分納: whole thousands a month (the last part the rest), each no more than the levy
            // known on its day asks, from 30–59 days after the first 納期限, on the same day of
            // each following month (the 28th at most, so every month has it).
            guard let firstDue = (regular + extra).map(\.dueDate).min() else { return [] }
            let parts = 3 + daysLate(0) % 6
            let start = max(firstDue.adding(days: 30 + daysLate(1) % 30), earliest)
            for k in 0..<parts {
                let m = start.month - 1 + k
                guard let day = CivilDate(year: start.year + m / 12, month: m % 12 + 1, day: min(start.day, 28)).map({ k == 0 ? start : $0 }),
                      day <= lastDay else { break }
                // A 申告納付 levy as recorded by that day too (a 修正申告 between two runs must not
                // change a part already paid, or a later run is no longer the earlier one and more).
                let ls = selfAssessed ? levies.filter { $0.recordedAt <= RecordedTime.endOfDayInJapan(day) } : known(on: day)
                let owed = schedule(ls).sorted { $0.dueDate < $1.dueDate }
                let total = owed.reduce(Int64(0)) { $0 + $1.amount.amount }
                let remaining = total - paid
                guard remaining > 0, !owed.isEmpty else { continue }
                let amount = k == parts - 1 ? remaining : min(remaining, max(1_000, total / Int64(parts) / 1_000 * 1_000))
                // The 期別 it starts to fill: the first not yet covered by what was paid before.
                var covered: Int64 = 0
                let into = owed.first { covered += $0.amount.amount; return covered > paid } ?? owed[owed.count - 1]
                out.append(Payment(instalment: into.number, key: "b\(k + 1)", paidOn: day, amount: amount))
                paid += amount
            }
            return out
        }
        var previousDay = earliest
        for (k, inst) in (regular + extra).enumerated() {
            if behaviour == .arrears && (count == 1 || k > 0) { return out }
            let day: CivilDate
            if behaviour == .late {
                day = max(inst.dueDate.adding(days: min(max(daysLate(k), 1), 90)), previousDay)
            } else {
                day = max(inst.dueDate.adding(days: -min(max(daysEarly(k), 0), 19)), previousDay)
            }
            guard day <= lastDay else { return out }
            previousDay = day
            let ls = known(on: day)
            guard !ls.isEmpty else { continue }
            // What the schedule known that day asks by this 納期限 (the 随時 one of a notice not yet
            // known asks nothing yet).
            let owed = schedule(ls).filter { $0.dueDate <= inst.dueDate }.reduce(Int64(0)) { $0 + $1.amount.amount }
            let amount = owed - paid
            guard amount > 0 else { continue }
            let key = inst.number > 0 ? String(inst.number) : "0.\(inst.notice + 1)"
            out.append(Payment(instalment: inst.number, key: key, paidOn: day, amount: amount))
            paid += amount
        }
        return out
    }
}
