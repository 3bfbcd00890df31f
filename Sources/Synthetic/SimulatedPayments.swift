import KaiseiCore

/// The payments (収納) a taxpayer makes toward one levy — one tax of one fiscal year — for
/// `kaisei payments simulate`: each on a day the levy was already notified, and for no more than
/// was known on that day.
///
/// The instalments fall on the 納期 (a few days early), but never sooner than ten days after the
/// first notice, as a 納税通知書 reaches the taxpayer at least ten days before its 納期限 (e.g.
/// 地方税法第364条第9項 for 固定資産税): a levy noticed in June pays its April instalment in late
/// June. Each instalment is the balance still due under the levy as known on its day, spread over
/// the instalments left, the remainder in the current one (端数は第1期). A 更正 that lowers the
/// levy lowers the instalments after it (nothing more is paid once the balance is covered; a
/// refund is not simulated); one that raises it after the last instalment is paid as a 随時
/// payment (期別 0) within a month of its notice. A taxpayer in arrears pays only the first of
/// several instalments, and nothing of a single one.
public enum SimulatedPayments {
    /// Days between a notice and the earliest 納期限 it can set.
    public static let noticeLeadDays = 10

    /// One recorded amount of the levy: the 当初賦課 (`LevyAssessed`) or a 更正 (`LevyCorrected`).
    public struct Levy: Sendable, Equatable {
        public let amount: Int64
        /// The notice's date (the event's valid date).
        public let noticeDate: CivilDate
        public let recordedAt: RecordedTime
        public init(amount: Int64, noticeDate: CivilDate, recordedAt: RecordedTime) {
            self.amount = amount; self.noticeDate = noticeDate; self.recordedAt = recordedAt
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
    ///   - inArrears: the taxpayer pays only the first of several instalments, nothing of one.
    ///   - daysEarly: how many days (0–19) before its 納期 the payment numbered by the argument is
    ///     made (0-based: the instalments, then the 随時 payments).
    ///   - until: the simulation's moment; nothing is paid after its day.
    ///
    /// A plan is stable: run later, it starts with the same payments (so the ones already
    /// recorded can be skipped by count), as long as no levy is recorded with a past time.
    public static func plan(levies: [Levy], dueDates: [CivilDate], inArrears: Bool,
                            daysEarly: (Int) -> Int, until: RecordedTime) -> [Payment] {
        guard let first = levies.first, !dueDates.isEmpty else { return [] }
        let lastDay = until.japanDate
        // The first day after the notice was both dated and recorded.
        let earliest = max(first.noticeDate, first.recordedAt.japanDate).adding(days: 1)
        let earliestDue = first.noticeDate.adding(days: noticeLeadDays)
        func known(on day: CivilDate) -> Levy? {
            let endOfDay = RecordedTime.endOfDayInJapan(day)
            return levies.last { $0.recordedAt <= endOfDay && $0.noticeDate <= day }
        }
        var out: [Payment] = []
        var paid: Int64 = 0
        var previousDay = earliest
        let count = dueDates.count
        for (k, due) in dueDates.enumerated() {
            if inArrears && (count == 1 || k > 0) { return out }
            let early = min(max(daysEarly(k), 0), 19)
            let day = max(max(due, earliestDue).adding(days: -early), previousDay)
            guard day <= lastDay else { return out }
            previousDay = day
            guard let levy = known(on: day) else { continue }
            let balance = levy.amount - paid
            guard balance > 0 else { continue }
            let remaining = Int64(count - k)
            let part = balance / remaining / 100 * 100
            let amount = balance - part * (remaining - 1)
            out.append(Payment(instalment: k + 1, key: String(k + 1), paidOn: day, amount: amount))
            paid += amount
        }
        if inArrears { return out }
        // 更正 not yet known on the last 納期: the balance of a raised levy, within a month of its notice.
        let lastInstalmentDay = previousDay
        let settledThrough = RecordedTime.endOfDayInJapan(lastInstalmentDay)
        for (n, levy) in levies.enumerated() where levy.recordedAt > settledThrough || levy.noticeDate > lastInstalmentDay {
            let noticed = max(levy.noticeDate, levy.recordedAt.japanDate)
            let early = min(max(daysEarly(count + n), 0), 19)
            let day = max(noticed.adding(days: 30 - early), previousDay)
            guard day <= lastDay else { return out }
            previousDay = day
            guard let current = known(on: day) else { continue }
            let balance = current.amount - paid
            guard balance > 0 else { continue }
            out.append(Payment(instalment: 0, key: "0.\(n + 1)", paidOn: day, amount: balance))
            paid += balance
        }
        return out
    }
}
