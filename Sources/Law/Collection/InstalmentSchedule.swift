import KaiseiCore

/// 期別: how one levy (a tax of a fiscal year) falls into instalments with their 納期限, after
/// its 当初賦課 and each 更正, and how its payments fill them. The 納税証明書, the 延滞金 of open
/// arrears, the 督促 run and the payment simulator all read the levy through this one schedule,
/// so they agree on what was due when.
///
/// - 当初: the amount over the city's 納期 (`revisions/due-dates/`), each a multiple of
///   `due.instalment_unit`, the remainder on the first (地方税法第320条 and the like; the cities'
///   市税条例). A 納期限 is never sooner than `due.notice_lead_days` after the notice (the 納税通知書
///   reaches the taxpayer at least ten days before it, 地方税法第319条の2第3項 and the like).
/// - 更正 that raises the levy: the difference over the instalments still at least that many
///   days ahead, in the same way; when none is left, one 随時 instalment (期別 0), due
///   `due.supplementary_days` after the notice.
/// - 更正 that lowers it: taken from the last instalment backwards (未到来の期別から). An
///   instalment lowered after its 納期限 keeps its first amount and records the 減額 from the
///   correction's day, which lowers its 延滞金 base from then (`LateInterest.Instalment.reductions`).
/// - Payments of the tax fill the oldest instalment still owing (by 納期限), each in full before
///   the next; what is paid beyond the levy is 過誤納 (`overpaid`).
public enum InstalmentSchedule {
    /// One recorded amount of the levy: its 当初賦課 or a 更正.
    public struct Notice: Sendable, Equatable {
        public let amount: Yen
        /// The notice's date.
        public let date: CivilDate
        /// 申告納付 (法人市民税, 事業所税): the 法定納期限 the record names. The tax is due on it
        /// whenever it was recorded (a late return does not move it, 地方税法第321条の12), and a
        /// raise (修正申告) is due on its own 法定納期限 — the same day for the same period.
        public let dueDate: CivilDate?
        /// 申告納付: the day the return behind this record was filed.
        public let filed: CivilDate?
        /// That return is a 修正申告 filed after 偽りその他不正の行為, foreseeing a 更正: no 除算期間
        /// (地方税法第321条の12第2項), and only the first period of the 減額更正 rule.
        public let fraudForeseen: Bool
        public init(amount: Yen, date: CivilDate, dueDate: CivilDate? = nil, filed: CivilDate? = nil, fraudForeseen: Bool = false) {
            self.amount = amount; self.date = date; self.dueDate = dueDate; self.filed = filed; self.fraudForeseen = fraudForeseen
        }
    }

    public struct Instalment: Sendable, Equatable {
        /// 期別: 1 for the first 納期, …; 0 for a 随時 instalment after a 更正.
        public let number: Int
        public let dueDate: CivilDate
        /// The notice that set it: 0 for the 当初's 期別, n for the n-th notice's 随時 instalment.
        public var notice = 0
        /// The amount first set for this instalment (the 延滞金 base before any 減額).
        public internal(set) var original: Yen
        /// The amount after every 更正.
        public internal(set) var amount: Yen
        /// 減額 after the 納期限: the amount from each correction's day.
        public internal(set) var reductions: [LateInterest.Payment] = []
        /// The payments that went to this instalment (their part of each).
        public internal(set) var payments: [LateInterest.Payment] = []
        public var paid: Yen { payments.reduce(.zero) { $0 + $1.amount } }
        public var unpaid: Yen { (amount - paid).clampedAtZero }
        /// The day it was paid in full, if it was.
        public var paidInFullOn: CivilDate? {
            guard amount > .zero else { return nil }
            var sum = Yen.zero
            for p in payments.sorted(by: { $0.date < $1.date }) { sum += p.amount; if sum >= amount { return p.date } }
            return nil
        }
        /// As `LateInterest.compute` takes it.
        public var lateInterestInput: LateInterest.Instalment {
            LateInterest.Instalment(amount: original, dueDate: dueDate, payments: payments, reductions: reductions, lowerRateUntil: lowerRateUntil,
                                    excluded: excluded)
        }
        /// A late or amended return's tax: the lower 延滞金 rate runs until this day (one month
        /// after the return was filed) rather than one month after the 納期限.
        public var lowerRateUntil: CivilDate? = nil
        /// A late or amended return's tax: the day the return was filed. It is payable from then
        /// (its 具体的納期限), so a 督促状 for it counts from that day, not from the 法定納期限 the
        /// 延滞金 runs from (地方税法第329条; 国税通則法第35条第2項).
        public var returnFiled: CivilDate? = nil
        /// The day a 督促状 counts its days from: the 納期限, or the late return's filing day.
        public var demandBasis: CivilDate { max(dueDate, returnFiled ?? dueDate) }
        /// 除算期間: of a 修正申告's raise filed more than a year after the return it amends, or of
        /// tax paid, lowered and owed again (`LateInterest.ExcludedDays`).
        public var excluded: [LateInterest.ExcludedDays] = []
    }

    public struct Rules: Sendable, Equatable {
        /// Each instalment a multiple of this, the remainder on the first.
        public var unit: Yen
        /// Days between a notice and the earliest 納期限 it may set.
        public var leadDays: Int
        /// Days between a 更正's notice and the 納期限 of its 随時 instalment.
        public var supplementaryDays: Int
        public init(unit: Yen, leadDays: Int, supplementaryDays: Int) { self.unit = unit; self.leadDays = leadDays; self.supplementaryDays = supplementaryDays }
    }

    public struct Payment: Sendable, Equatable {
        public let date: CivilDate
        public let amount: Yen
        public init(date: CivilDate, amount: Yen) { self.date = date; self.amount = amount }
        /// The order payments fill instalments in: by date, money paid in before money taken
        /// out (a 還付 or 充当 of the same day), then amount — the same payments recorded in
        /// another order fill the same instalments.
        public static func precedes(_ a: Payment, _ b: Payment) -> Bool {
            (a.date, a.amount < .zero ? 1 : 0, a.amount.amount) < (b.date, b.amount < .zero ? 1 : 0, b.amount.amount)
        }
    }

    public struct Account: Sendable, Equatable {
        public var instalments: [Instalment]
        /// Paid beyond the levy: to be refunded or applied to other arrears (過誤納金).
        public var overpaid: Yen
        public var levied: Yen { instalments.reduce(.zero) { $0 + $1.amount } }
        public var paid: Yen { instalments.reduce(.zero) { $0 + $1.paid } }
        public var unpaid: Yen { instalments.reduce(.zero) { $0 + $1.unpaid } }
    }

    /// The instalments after every notice (in recorded order), without payments.
    ///
    /// - Parameters:
    ///   - dueDates: the city's 納期 of the tax and year, already moved off closed days.
    ///   - moved: moves a computed 納期限 off closed days (`DueDates.moved`).
    ///   - payments: the tax's payments (申告納付 only: tax paid before a 減額更正 and owed again by
    ///     a later 修正申告 has its own 除算期間, 地方税法第321条の12 on a 修正申告 after a 減額更正).
    public static func instalments(notices: [Notice], dueDates: [CivilDate], rules: Rules,
                                   moved: (CivilDate) -> CivilDate, payments: [Payment] = []) -> [Instalment] {
        if let first = notices.first, first.dueDate != nil { return selfAssessed(notices, moved: moved, payments: payments) }
        guard let first = notices.first, !dueDates.isEmpty else { return [] }
        let earliest = moved(first.date.adding(days: rules.leadDays))
        // Written into the instalments directly, with no array between: this runs for every levy
        // of a city when the 延滞金 of all open arrears is asked for.
        var out: [Instalment] = []
        out.reserveCapacity(dueDates.count + notices.count - 1)
        for (k, due) in dueDates.enumerated() {
            let amount = StatutoryRounding.instalment(k, of: first.amount.clampedAtZero, count: dueDates.count, unit: rules.unit)
            out.append(Instalment(number: k + 1, dueDate: max(due, earliest), original: amount, amount: amount))
        }
        var current = first.amount.clampedAtZero
        for (n, notice) in notices.enumerated().dropFirst() {
            let target = notice.amount.clampedAtZero
            defer { current = target }
            if target > current {
                let delta = target - current
                let ahead = notice.date.adding(days: rules.leadDays)
                let open = out.indices.filter { out[$0].number > 0 && out[$0].dueDate >= ahead }
                if open.isEmpty {
                    let due = moved(notice.date.adding(days: rules.supplementaryDays))
                    out.append(Instalment(number: 0, dueDate: due, notice: n, original: delta, amount: delta))
                } else {
                    let parts = StatutoryRounding.instalments(delta, count: open.count, unit: rules.unit)
                    for (i, part) in zip(open, parts) { out[i].original += part; out[i].amount += part }
                }
            } else if target < current {
                lower(&out, by: current - target, on: notice.date)
            }
        }
        out.sort { ($0.dueDate, $0.number == 0 ? 1 : 0, $0.number) < ($1.dueDate, $1.number == 0 ? 1 : 0, $1.number) }
        return out
    }

    /// A lowering (減額更正, or a 修正 down) taken from the latest 納期限 first (among equal dates,
    /// the later instalment): before that 納期限 the instalment is simply smaller; after it, the
    /// reduction is recorded, for 延滞金 counts the larger amount until that day.
    static func lower(_ out: inout [Instalment], by amount: Yen, on date: CivilDate, preferring own: CivilDate? = nil) {
        var cut = amount
        // A 申告納付 lowering is of its own 法定納期限's tax: taken from that 納期限 first.
        func rank(_ i: Int) -> (Int, CivilDate, Int) { (out[i].dueDate == own ? 1 : 0, out[i].dueDate, i) }
        for i in out.indices.sorted(by: { rank($0) > rank($1) }) where cut > .zero {
            let take = min(cut, out[i].amount)
            guard take > .zero else { continue }
            cut -= take
            out[i].amount -= take
            if date <= out[i].dueDate {
                out[i].original = out[i].amount
                out[i].reductions = []
            } else {
                out[i].reductions.append(LateInterest.Payment(date: date, amount: out[i].amount))
            }
        }
    }

    /// A 申告納付 levy: one instalment per 法定納期限 named, each raise added to the instalment of
    /// its record's 納期限, each lowering taken from the latest instalment first (recorded as a
    /// reduction when after that 納期限, as for 賦課 levies).
    static func selfAssessed(_ notices: [Notice], moved: (CivilDate) -> CivilDate, payments: [Payment] = []) -> [Instalment] {
        var out: [Instalment] = []
        var current = Yen.zero
        // The first return recorded for each 法定納期限: the one a later 修正申告 amends.
        var firstFiled: [CivilDate: CivilDate] = [:]
        // Tax of each 法定納期限 paid and then lowered, until a 修正申告 owes it again (地方税法第321条の12, 減額更正後の修正申告).
        var relieved: [CivilDate: [Relief]] = [:]
        for notice in notices {
            let target = notice.amount.clampedAtZero
            defer { current = target }
            let due = moved(notice.dueDate ?? notice.date)
            if firstFiled[due] == nil, let filed = notice.filed { firstFiled[due] = filed }
            if target > current {
                var delta = target - current
                // 地方税法第321条の12第1項第2号・第3号: the tax of a return filed after the 法定納期限
                // (期限後申告, 修正申告) keeps the lower rate until one month after it was filed; it is
                // its own instalment on the same 納期限, paid after the one filed in time.
                let late = notice.filed.map { $0 > due } ?? false
                // 第321条の12 (減額更正後の修正申告): of a 修正申告 after a 減額更正, the part up to the tax the 減額 took off that
                // had been paid is its own instalment with its own 除算期間.
                if late, let filed = notice.filed, var waiting = relieved[due], !waiting.isEmpty {
                    while delta > .zero, let r = waiting.first {
                        let part = min(delta, r.amount)
                        var inst = Instalment(number: out.count + 1, dueDate: due, original: part, amount: part)
                        inst.lowerRateUntil = LateInterest.firstMonthEnd(dueDate: filed)
                        inst.returnFiled = filed
                        inst.excluded = r.excluded(dueDate: due, amendedOn: filed, fraudForeseen: notice.fraudForeseen)
                        out.append(inst)
                        delta -= part
                        if part == r.amount { waiting.removeFirst() } else { waiting[0].amount -= part }
                    }
                    relieved[due] = waiting
                    if delta == .zero { continue }
                }
                if !late, let i = out.firstIndex(where: { $0.dueDate == due && $0.lowerRateUntil == nil }) {
                    out[i].original += delta; out[i].amount += delta
                } else {
                    var inst = Instalment(number: out.count + 1, dueDate: due, original: delta, amount: delta)
                    if late, let filed = notice.filed {
                        inst.lowerRateUntil = LateInterest.firstMonthEnd(dueDate: filed)
                        inst.returnFiled = filed
                        if !notice.fraudForeseen, let original = firstFiled[due], original < filed,
                           let x = exclusion(returnFiled: original, dueDate: due, amendedOn: filed) {
                            inst.excluded = [LateInterest.ExcludedDays(x, .amendedAfterAYear)]
                        }
                    }
                    out.append(inst)
                }
            } else if target < current {
                if !payments.isEmpty, let r = Relief.paidAndLowered(out, due: due, by: current - target, on: notice.date, payments: payments) {
                    relieved[due, default: []].append(r)
                }
                lower(&out, by: current - target, on: notice.date, preferring: due)
            }
        }
        return out.sorted { ($0.dueDate, $0.number) < ($1.dueDate, $1.number) }
    }

    /// 地方税法第321条の12, its paragraph on a 修正申告 after a 減額更正 (第3項 in its twin
    /// 第72条の45, 国税通則法第61条第2項; the local text, and so its paragraph number, not read —
    /// docs/collection.md): tax of a return paid, then lowered by a 減額更正, then owed again by
    /// a 修正申告 bears no 延滞金 from the day after it was paid (or after the 納期限, when paid
    /// before it) to the 減額更正 (第1号), nor from the day after one year from the 減額更正 to the
    /// 修正申告 (第2号; a 申告納付 levy is lowered on the corporation's 更正の請求, so the year after
    /// it counts). Only the part of the raise up to the tax the 減額 took off and that had been
    /// paid; the rest of the raise is an ordinary 修正申告's.
    struct Relief: Equatable {
        var amount: Yen
        let paidOn: CivilDate
        let loweredOn: CivilDate

        /// After 不正, foreseeing a 更正: the first period only.
        func excluded(dueDate: CivilDate, amendedOn: CivilDate, fraudForeseen: Bool) -> [LateInterest.ExcludedDays] {
            var out: [LateInterest.ExcludedDays] = []
            let from = max(paidOn, dueDate).adding(days: 1)
            if from <= loweredOn { out.append(.init(from...loweredOn, .paidUntilLowered)) }
            if fraudForeseen { return out }
            let yearEnds = loweredOn.adding(days: 1).lastDayOfPeriod(months: 12)
            if amendedOn > yearEnds { out.append(.init(yearEnds.adding(days: 1)...amendedOn, .loweredUntilAmended)) }
            return out
        }

        /// What of a lowering of `by` on `day` of the tax due on `due` had been paid by that day:
        /// the payments by then fill the instalments as they stood, oldest 納期限 first; the part
        /// lowered is the top of that 納期限's tax. nil when none of it was paid.
        static func paidAndLowered(_ out: [Instalment], due: CivilDate, by cut: Yen, on day: CivilDate, payments: [Payment]) -> Relief? {
            let onDue = out.filter { $0.dueDate == due }.reduce(Yen.zero) { $0 + $1.amount }
            let before = out.filter { $0.dueDate < due }.reduce(Yen.zero) { $0 + $1.amount }
            let lowered = min(cut, onDue)
            let ordered = payments.filter { $0.date <= day }.sorted(by: Payment.precedes)
            let paid = ordered.reduce(Yen.zero) { $0 + $1.amount }
            // Paid of this 納期限's tax, and of it, of the part the 減額 took off.
            let paidOnDue = min(max(paid - before, .zero), onDue)
            let relieved = min(max(paidOnDue - (onDue - lowered), .zero), lowered)
            guard relieved > .zero else { return nil }
            // The day the payments reached it.
            let mark = before + (onDue - lowered) + relieved
            var running = Yen.zero
            var on = day
            for p in ordered {
                running += p.amount
                if running >= mark { on = p.date; break }
            }
            return Relief(amount: relieved, paidOn: on, loweredOn: day)
        }
    }

    /// 除算期間 (地方税法第321条の12第2項, as 第72条の45第2項 and 国税通則法第61条第1項 word it): when a
    /// 修正申告 is filed after one year has passed from the day after the return it amends was
    /// filed (or after its 提出期限, when filed before it), the days from the day after that year
    /// ends to the day the 修正申告 was filed are not counted. E.g. due 2024-05-31, filed in time:
    /// the year ends 2025-05-31; a 修正申告 of 2025-09-01 leaves 2025-06-01–09-01 out. Not for a
    /// 修正申告 filed after 偽りその他不正の行為 foreseeing a 更正 (`Notice.fraudForeseen`; the
    /// return's `fraud_foreseen`).
    public static func exclusion(returnFiled: CivilDate, dueDate: CivilDate, amendedOn: CivilDate) -> ClosedRange<CivilDate>? {
        // 「翌日から1年を経過する日」 (民法第143条).
        let yearEnds = max(returnFiled, dueDate).adding(days: 1).lastDayOfPeriod(months: 12)
        guard amendedOn > yearEnds else { return nil }
        return yearEnds.adding(days: 1)...amendedOn
    }

    /// The instalments with the payments of the tax applied: each payment, in date order, to the
    /// oldest instalment still owing what was due on it that day; a negative payment (a 還付 or
    /// 充当 out of the levy) takes back what was paid last.
    ///
    /// An instalment lowered after its 納期限 (a `reduction`) was owed its first amount until the
    /// 減額更正: payments before it fill it up to that amount, and on the day of the 減額 what it
    /// holds beyond the lowered amount leaves it (a negative entry in its `payments`, so its
    /// 延滞金 sees it paid in full until then) and goes to the next instalment owing, or to the
    /// 過誤納. Filled with the lowered amount from the start, an instalment paid in full before
    /// its 納期限 and lowered after it bore 延滞金 on the part lowered from the 納期限 to the
    /// 減額更正 (until 2026-12-03).
    public static func account(notices: [Notice], payments: [Payment], dueDates: [CivilDate], rules: Rules,
                               moved: (CivilDate) -> CivilDate) -> Account {
        var out = instalments(notices: notices, dueDates: dueDates, rules: rules, moved: moved, payments: payments)
        var overpaid = Yen.zero
        // Payments nearly always come in that order already (LevyAccount sorts them): sorted
        // only when not, with no new array otherwise.
        let ordered = zip(payments, payments.dropFirst()).allSatisfy { !Payment.precedes($1, $0) } ? payments : payments.sorted(by: Payment.precedes)
        // Each 減額 after a 納期限, in date order: the day an instalment's amount fell.
        var cuts: [(date: CivilDate, index: Int)] = []
        for i in out.indices { for r in out[i].reductions { cuts.append((r.date, i)) } }
        if cuts.count > 1 { cuts.sort { ($0.date, $0.index) < ($1.date, $1.index) } }
        // What instalment i was owed on `day`: its first amount until its 減額.
        func owedOn(_ i: Int, _ day: CivilDate) -> Yen {
            guard !out[i].reductions.isEmpty else { return out[i].amount }
            var a = out[i].original
            for r in out[i].reductions where r.date <= day { a = min(a, r.amount) }
            return a
        }
        var k = 0
        func fill(_ amount: Yen, on day: CivilDate) {
            var left = amount
            while left > .zero {
                while k < out.count && owedOn(k, day) <= out[k].paid { k += 1 }
                guard k < out.count else { overpaid += left; return }
                let take = min(left, owedOn(k, day) - out[k].paid)
                out[k].payments.append(LateInterest.Payment(date: day, amount: take))
                left -= take
            }
        }
        // Money taken out of the levy (a 還付 of its 過誤納金, or a 充当 of it to another levy)
        // leaves what was paid last: the 過誤納 first, then the instalments filled latest. A raise
        // (増額更正, 修正申告) after a refund is then owed in full; counted as paid by the refunded
        // money, the account showed it partly paid (until 2026-12-03).
        func takeBack(_ amount: Yen) {
            var back = amount
            let fromPool = min(back, overpaid)
            overpaid -= fromPool; back -= fromPool
            var j = out.count - 1
            while back > .zero && j >= 0 {
                // Never below nothing paid, and never a 減額's own entry (money that already left).
                guard out[j].paid > .zero, let e = out[j].payments.lastIndex(where: { $0.amount > .zero }) else { j -= 1; continue }
                let take = min(back, out[j].paid, out[j].payments[e].amount)
                if take == out[j].payments[e].amount { out[j].payments.remove(at: e) } else { out[j].payments[e].amount -= take }
                back -= take
            }
            k = 0
        }
        // On a 減額's day, what the instalment holds beyond its lowered amount moves on.
        func release(_ cut: (date: CivilDate, index: Int)) {
            let i = cut.index
            let excess = out[i].paid - owedOn(i, cut.date)
            guard excess > .zero else { return }
            out[i].payments.append(LateInterest.Payment(date: cut.date, amount: .zero - excess))
            k = min(k, i)
            fill(excess, on: cut.date)
        }
        var c = 0
        for p in ordered {
            // The 減額 of days before this payment (and of its own day) first.
            while c < cuts.count && cuts[c].date <= p.date { release(cuts[c]); c += 1 }
            if p.amount < .zero { takeBack(.zero - p.amount) } else { fill(p.amount, on: p.date) }
        }
        while c < cuts.count { release(cuts[c]); c += 1 }
        return Account(instalments: out, overpaid: overpaid)
    }
}
