import KaiseiCore
import Law
import Replay

/// One taxpayer's account of one levy (a tax of a fiscal year) on a day, as recorded by a
/// moment: its instalments and 納期限, what was paid to each, the 延滞金 each bears, the 督促状
/// sent and their fees, and what was paid of those. The 納税証明書, the 収納状況 report, the
/// 督促 run and the 延滞金 benchmark all read a levy through this, so they agree.
public struct LevyAccount: Sendable {
    public struct Line: Sendable {
        public let instalment: InstalmentSchedule.Instalment
        /// 延滞金 for the days through the account's day: final once the instalment is paid in
        /// full, accrued so far while it is not (`LateInterest`; 0 under its minimums). Zero,
        /// with `lateInterestMissing` set, when a year of those days has no rate in the rules.
        public let lateInterest: Yen
        /// The rate the rules lack for this instalment's 延滞金 (a year not yet 告示ed).
        public let lateInterestMissing: MissingParameter?
        /// The 督促状 sent for it by the day, if any.
        public let demand: RecordedDemand?
    }

    public let subject: String
    public let tax: LevyTax
    public let fiscalYear: Int
    /// The amount in force (当初 or the last 更正 recorded by the moment).
    public let levy: RecordedLevy
    /// The 都市計画税 in force collected together with this 固定資産税 (地方税法第702条の8第1項;
    /// `due.city_planning_with_fixed_asset`): the account is then of their sum, as one 納税通知書's
    /// 期別. nil for any other levy, and for one collected apart.
    public let cityPlanning: RecordedLevy?
    public let day: CivilDate
    public let lines: [Line]
    /// Paid beyond the levy (過誤納金) and not yet settled: to refund or to apply to other arrears.
    public let overpaid: Yen
    /// Of the 過誤納金, what was applied to other levies (充当) and what was refunded (還付),
    /// with the 還付加算金 paid; and what other levies' 過誤納金 paid of this one.
    public let appropriatedOut: Yen
    public let refunded: Yen
    public let refundInterest: Yen
    /// 還付加算金 of what was applied (充当), counted through each 充当適状日 and paid out.
    public let appropriationInterest: Yen
    public let appropriatedIn: Yen
    /// The last day a payment or a 減額更正 made this levy overpaid (充当適状日's lower bound).
    public let overpaidSince: CivilDate?
    /// The last payment of the tax (還付加算金 of a 減額更正 runs from the day after it).
    public let lastPayment: CivilDate?
    /// Whether the levy was lowered (減額更正) after its last payment: the refund's cause is
    /// then the city's own correction (地方税法第17条の4第1項第1号), else 誤納 (第4号).
    public let loweredAfterPayment: Bool
    /// 延滞金 and 督促手数料 paid (by payment or 充当), net of what of them was settled as 過誤納金.
    public let lateInterestPaid: Yen
    public let demandFeesPaid: Yen
    /// Every 延滞金 of the levy is final and worked out: the account was made with `Interest.all`,
    /// the tax is paid in full and every rate is in the rules.
    let lateInterestFinal: Bool
    /// 延滞金 paid beyond what the levy bears (paid twice): 過誤納金 like overpaid tax (地方税法
    /// 第17条: any 地方団体の徴収金). Counted only once every 延滞金 is final; before that a payment
    /// of 延滞金 may pay what still accrues.
    public var lateInterestOverpaid: Yen { lateInterestFinal ? (lateInterestPaid - lateInterest).clampedAtZero : .zero }
    /// 督促手数料 paid beyond the fees of the 督促状 sent (paid twice).
    public var demandFeesOverpaid: Yen { (demandFeesPaid - demandFees).clampedAtZero }
    /// The last payment of 延滞金 / of 督促手数料 (a payment or a 充当 into it): the 還付加算金 of
    /// what of them was overpaid runs from one month after it (RefundRun).
    public let lateInterestLastPaid: CivilDate?
    public let demandFeesLastPaid: CivilDate?

    public var levied: Yen { levy.amount + (cityPlanning?.amount ?? .zero) }
    public var paid: Yen { lines.reduce(.zero) { $0 + $1.instalment.paid } }
    public var unpaid: Yen { lines.reduce(.zero) { $0 + $1.instalment.unpaid } }
    public var lateInterest: Yen { lines.reduce(.zero) { $0 + $1.lateInterest } }
    public var demandFees: Yen { lines.reduce(.zero) { $0 + ($1.demand?.fee ?? .zero) } }
    /// The first rate the rules lack for a 延滞金 of this account: its `lateInterest` is then
    /// incomplete and must not be shown as the amount due.
    public var lateInterestMissing: MissingParameter? { lines.lazy.compactMap(\.lateInterestMissing).first }
    /// What of `amount` (paid, or unpaid) of a joint account is the 固定資産税's and what the
    /// 都市計画税's: pro rata to the two amounts in force, the 固定資産税's share cut to the yen and
    /// the 都市計画税 the rest (Kaisei's reading of the あん分 of 地方税法第702条の8; neither city's
    /// rule was read). An account of one tax keeps all of it.
    public func apportioned(_ amount: Yen, to tax: LevyTax) -> Yen {
        guard cityPlanning != nil, levied > .zero else { return tax == self.tax ? amount : .zero }
        let fixedAsset = Self.fixedAssetShare(of: amount, fixedAsset: levy.amount, total: levied)
        return tax == .cityPlanningTax ? amount - fixedAsset : tax == self.tax ? fixedAsset : .zero
    }

    /// The 固定資産税's share of `amount` of a joint account whose sum is `total`: pro rata, cut to
    /// the yen (the 都市計画税's is the rest). One rule for the certificate, the resident page and
    /// 収納状況; in 128 bits, as two large amounts multiplied overflow 64.
    public static func fixedAssetShare(of amount: Yen, fixedAsset: Yen, total: Yen) -> Yen {
        Yen(Int64(Int128(amount.amount) * Int128(fixedAsset.amount) / Int128(total.amount)))
    }

    /// Instalments due before the day and not paid in full by it.
    public var openArrears: [Line] { lines.filter { $0.instalment.dueDate < day && $0.instalment.unpaid > .zero } }

    /// Which instalments' 延滞金 to work out: every one due before the day (a certificate), or
    /// only those still open on it (a count of open arrears).
    public enum Interest: Sendable { case all, openOnly, none }

    /// Which recorded taxes one account takes in: its own; for a 固定資産税 collected together with
    /// the 都市計画税 (地方税法第702条の8第1項), the 都市計画税's notices, payments, 督促状 and
    /// 充当・還付 too — one sum per 期, whichever of the two a record names.
    public struct Scope: Sendable {
        public let tax: LevyTax
        public let joint: Bool
        public init(_ tax: LevyTax, joint: Bool = false) { self.tax = tax; self.joint = joint && tax == .fixedAssetTax }
        @inline(__always) public func covers(_ t: LevyTax) -> Bool { t == tax || (joint && t == .cityPlanningTax) }

        /// The scope of `tax`'s account in the calendar's rules; nil for a 都市計画税 collected with
        /// a recorded 固定資産税 (that levy's account holds it).
        public static func of(_ r: Records, _ tax: LevyTax, _ fy: Int, known: RecordedTime, calendar: CollectionCalendar) -> Scope? {
            guard tax == .fixedAssetTax || tax == .cityPlanningTax, calendar.collectsCityPlanningWithFixedAsset(fiscalYear: fy) else { return Scope(tax) }
            if tax == .fixedAssetTax { return Scope(tax, joint: true) }
            return r.levies.contains { Records.notice($0, Scope(.fixedAssetTax), fy, known: known) } ? nil : Scope(tax)
        }
    }

    /// One taxpayer's records in the ledger, looked up once. A run over every levy (the 延滞金 of
    /// open arrears, the 督促 run) reads each subject's arrays once instead of four string-keyed
    /// lookups for each of its levies.
    public struct Records: Sendable {
        public let levies: [RecordedLevy]
        public let payments: [RecordedPayment]
        public let demands: [RecordedDemand]
        public let settlements: [RecordedSettlement]
        public init(_ ledger: LevyLedger, subject: String) {
            self.init(levies: ledger.levies[subject] ?? [], ledger, subject: subject)
        }
        /// Records as they are, or as they would be with a run's planned events (RefundRun).
        public init(levies: [RecordedLevy], payments: [RecordedPayment], demands: [RecordedDemand], settlements: [RecordedSettlement]) {
            self.levies = levies; self.payments = payments; self.demands = demands; self.settlements = settlements
        }
        /// With the subject's levies already at hand (iterating `ledger.levies`).
        public init(levies: [RecordedLevy], _ ledger: LevyLedger, subject: String) {
            self.levies = levies
            payments = ledger.payments[subject] ?? []
            demands = ledger.demands[subject] ?? []
            settlements = ledger.settlements[subject] ?? []
        }

        // Which records count for one levy on a day as known at a moment, said once: `make` (the
        // account), `taxBalance` and `arrears` (the run over every open arrear skipping levies
        // with nothing open) all read through these, so they cannot disagree on what was levied
        // or paid.

        /// The levy's notices recorded by `known`, in recorded order, in the schedule's form. By
        /// index: a record's fields are read in place, without copying each record; reserved to
        /// the subject's count (grown from empty, the array was reallocated two or three times
        /// per levy, a tenth of the run over every open arrear).
        static func notices(_ r: Records, _ scope: Scope, _ fy: Int, known: RecordedTime) -> [InstalmentSchedule.Notice] {
            var out: [InstalmentSchedule.Notice] = []
            out.reserveCapacity(r.levies.count)
            if scope.joint {
                jointNotices(r.levies, fy, known: known) { amount, date, _ in out.append(InstalmentSchedule.Notice(amount: amount, date: date)) }
                return out
            }
            for i in r.levies.indices where notice(r.levies[i], scope, fy, known: known) {
                out.append(InstalmentSchedule.Notice(amount: r.levies[i].amount, date: r.levies[i].noticeDate, dueDate: r.levies[i].dueDate,
                                                     filed: r.levies[i].returnFiled, fraudForeseen: r.levies[i].fraudForeseen))
            }
            return out
        }

        /// The notices of a 固定資産税 and 都市計画税 collected together, as one levy: after each
        /// record of either, their sum in force. Records of one notice day recorded on one day
        /// (a levy run records the two taxes one after the other) are one notice, keeping the
        /// first's recorded time: otherwise the second would count as a raise spread over the 期別
        /// on its own, and the 期別 would be each tax's split added, not the sum's (地方税法第20条の4
        /// の2第6項: the remainder once, on the first 期). A correction dated that day but recorded
        /// on a later day stays a 更正 of its own.
        public static func jointNotices(_ levies: [RecordedLevy], _ fy: Int, known: RecordedTime) -> [(amount: Yen, date: CivilDate, recordedAt: RecordedTime)] {
            var out: [(amount: Yen, date: CivilDate, recordedAt: RecordedTime)] = []
            jointNotices(levies, fy, known: known) { out.append(($0, $1, $2)) }
            return out
        }

        /// The same, each notice handed to `body` once final (no array between on the run over
        /// every open arrear).
        static func jointNotices(_ levies: [RecordedLevy], _ fy: Int, known: RecordedTime, _ body: (Yen, CivilDate, RecordedTime) -> Void) {
            var fixedAsset = Yen.zero, cityPlanning = Yen.zero
            var pending: (amount: Yen, date: CivilDate, recordedAt: RecordedTime)?
            let both = Scope(.fixedAssetTax, joint: true)
            for i in levies.indices where notice(levies[i], both, fy, known: known) {
                let l = levies[i]
                if l.tax == .fixedAssetTax { fixedAsset = l.amount } else { cityPlanning = l.amount }
                if let p = pending, p.date == l.noticeDate, p.recordedAt.japanDate == l.recordedAt.japanDate {
                    pending = (fixedAsset + cityPlanning, p.date, p.recordedAt)
                } else {
                    if let p = pending { body(p.amount, p.date, p.recordedAt) }
                    pending = (fixedAsset + cityPlanning, l.noticeDate, l.recordedAt)
                }
            }
            if let p = pending { body(p.amount, p.date, p.recordedAt) }
        }
        /// A notice of the levy, recorded by `known`.
        @inline(__always) static func notice(_ l: RecordedLevy, _ scope: Scope, _ fy: Int, known: RecordedTime) -> Bool {
            scope.covers(l.tax) && l.fiscalYear == fy && l.recordedAt <= known
        }
        /// A payment of the levy (tax, 延滞金 or 督促手数料), dated by `day` and recorded by `known`.
        @inline(__always) static func payment(_ p: RecordedPayment, _ scope: Scope, _ fy: Int, day: CivilDate, known: RecordedTime) -> Bool {
            scope.covers(p.tax) && p.fiscalYear == fy && p.date <= day && p.recordedAt <= known
        }
        /// A 充当 or 還付 of this levy's 過誤納金, made by `day` and recorded by `known`: the money
        /// is no longer the levy's from `settledOn` (a raise after it is owed in full).
        @inline(__always) static func settled(_ x: RecordedSettlement, out scope: Scope, _ fy: Int, day: CivilDate, known: RecordedTime) -> Bool {
            scope.covers(x.tax) && x.fiscalYear == fy && x.date <= day && x.recordedAt <= known
        }
        /// The day a 充当's money leaves its source: the 充当適状日 the target counts it paid on, so
        /// the two levies agree; a 還付 on its day.
        @inline(__always) static func settledOn(_ x: RecordedSettlement) -> CivilDate { x.deemedPaidOn ?? x.date }
        /// A 充当 of another levy's 過誤納金 into this one, made by `day` and recorded by `known`
        /// (it counts as paid on its 充当適状日): into its tax, its 延滞金 or its 督促手数料 (`targetKind`).
        @inline(__always) static func appropriated(_ x: RecordedSettlement, into scope: Scope, _ fy: Int, day: CivilDate, known: RecordedTime) -> Bool {
            x.kind == .appropriated && x.targetTax.map(scope.covers) == true && x.targetFiscalYear == fy && x.date <= day && x.recordedAt <= known
        }
    }

    /// The levy's amount in force and what was paid of its tax by `day`, as recorded by `known`:
    /// its payments and the 充当 into it (dated by their 充当適状日, counted when made by the day),
    /// as `make` counts them; nil when no such levy was recorded. Payments fill the oldest
    /// instalment still owing, so a levy paid at least its amount has no instalment open on the
    /// day and no 延滞金 still running: a run over every open arrear skips it without working out
    /// its schedule (most levies are paid). `make` agrees: tested on a generated store, levy by
    /// levy (an account with something unpaid ⇔ paid below the amount).
    /// For an account's scope (`Scope.of`: a 固定資産税 with its 都市計画税, their sum).
    public static func taxBalance(_ r: Records, scope: Scope, fiscalYear fy: Int, day: CivilDate, known: RecordedTime) -> (levied: Yen, paid: Yen)? {
        // The amount in force of the account's tax, and of the 都市計画税 taken with it.
        var own: Yen?, other: Yen?
        for i in r.levies.indices where Records.notice(r.levies[i], scope, fy, known: known) {
            if r.levies[i].tax == scope.tax { own = r.levies[i].amount } else { other = r.levies[i].amount }
        }
        guard own != nil || other != nil else { return nil }
        var paid = Yen.zero
        for i in r.payments.indices where r.payments[i].kind == .tax && Records.payment(r.payments[i], scope, fy, day: day, known: known) {
            paid += r.payments[i].amount
        }
        for x in r.settlements {
            if x.targetKind == .tax && Records.appropriated(x, into: scope, fy, day: day, known: known) { paid += x.amount }
            if Records.settled(x, out: scope, fy, day: day, known: known) { paid -= x.amount }
        }
        return ((own ?? .zero) + (other ?? .zero), paid)
    }

    /// How many of the levy's instalments fall due before `day`, and whether any of them is
    /// still unpaid on it, as `make` would find, without applying the payments one by one: the
    /// instalments are in due order and payments fill the oldest still owing, so one is open
    /// exactly when what was paid by the day (`taxBalance`) is below the sum of the instalments
    /// due before it. Most levies, mid-year, have every instalment due so far paid: a run over
    /// every open arrear builds the account only of the others. nil when no such levy was
    /// recorded. `make` agrees: tested on a generated store, levy by levy, on three days.
    public static func arrears(_ r: Records, tax: LevyTax, fiscalYear fy: Int, day: CivilDate, known: RecordedTime,
                               calendar: CollectionCalendar) -> (dueInstalments: Int, open: Bool)? {
        guard let scope = Scope.of(r, tax, fy, known: known, calendar: calendar),
              let balance = taxBalance(r, scope: scope, fiscalYear: fy, day: day, known: known) else { return nil }
        return arrears(r, scope: scope, balance: balance, fiscalYear: fy, day: day, known: known, calendar: calendar)
    }

    /// The same with the account's scope and `taxBalance` already worked out (a run over every
    /// open arrear has both at hand: not working them out twice per levy is a tenth of its time).
    public static func arrears(_ r: Records, scope: Scope, balance: (levied: Yen, paid: Yen), fiscalYear fy: Int, day: CivilDate, known: RecordedTime,
                               calendar: CollectionCalendar) -> (dueInstalments: Int, open: Bool)? {
        let tax = scope.tax
        let notices = Records.notices(r, scope, fy, known: known)
        guard !notices.isEmpty else { return nil }
        let (dates, rules) = calendar.schedule(tax, fiscalYear: fy)
        var due = Yen.zero, count = 0
        for inst in InstalmentSchedule.instalments(notices: notices, dueDates: dates, rules: rules, moved: calendar.moved) where inst.dueDate < day {
            due += inst.amount
            count += 1
        }
        return (count, balance.paid < due)
    }

    /// The account of `subject`'s levy of `tax` and `fiscalYear` on `day`, counting only what
    /// was recorded by `known` and dated by `day`; nil when no such levy was recorded. A 延滞金
    /// whose rate is missing is left out and named (`Line.lateInterestMissing`), not guessed.
    public static func make(_ ledger: LevyLedger, subject: String, tax: LevyTax, fiscalYear fy: Int, day: CivilDate, known: RecordedTime,
                            calendar: CollectionCalendar, interest: Interest = .all) -> LevyAccount? {
        make(Records(ledger, subject: subject), subject: subject, tax: tax, fiscalYear: fy, day: day, known: known, calendar: calendar, interest: interest)
    }

    /// The day the 過誤納金 held now (`overpaid`) arose, and whether a lowering of the levy made
    /// it (過納, 地方税法第17条の4第1項第1号) rather than a payment beyond the levy (誤納, 第4号):
    /// the last day on which what was paid less the levy rose to `overpaid` or more and stayed
    /// there, and what happened that day. A levy lowered, then raised again, keeps the day of the
    /// lowering (until 2026-12-05 only the last two notices were compared: the raise made it 誤納
    /// arising on the last payment, and a 充当 of it was dated before it existed). Several
    /// lowerings each adding to it still give one day, the last one's (the parts are not dated
    /// apart: docs/collection.md).
    static func overpaymentOrigin(notices: [InstalmentSchedule.Notice], payments: [InstalmentSchedule.Payment], overpaid: Yen)
        -> (since: CivilDate, byLowering: Bool)? {
        // By date; notices of one date in their recorded order (the last is the levy that day).
        let notices = notices.enumerated().sorted { ($0.element.date, $0.offset) < ($1.element.date, $1.offset) }.map(\.element)
        let days = Set(notices.map(\.date)).union(payments.map(\.date)).sorted()
        var levy = Yen.zero, paid = Yen.zero
        var n = 0, k = 0
        var origin: (since: CivilDate, byLowering: Bool)?
        var held = false
        for day in days {
            let levyBefore = levy
            var lowered = false
            while n < notices.count, notices[n].date == day {
                if notices[n].amount < levy { lowered = true }
                levy = notices[n].amount
                n += 1
            }
            while k < payments.count, payments[k].date == day { paid += payments[k].amount; k += 1 }
            if paid - levy >= overpaid {
                if !held { origin = (day, lowered && levy < levyBefore); held = true }
            } else {
                held = false
            }
        }
        return origin
    }

    /// A 都市計画税 collected together with a recorded 固定資産税 has no account of its own: nil,
    /// the 固定資産税's account holds it (`cityPlanning`).
    public static func make(_ r: Records, subject: String, tax: LevyTax, fiscalYear fy: Int, day: CivilDate, known: RecordedTime,
                            calendar: CollectionCalendar, interest: Interest = .all) -> LevyAccount? {
        guard let scope = Scope.of(r, tax, fy, known: known, calendar: calendar) else { return nil }
        return make(r, subject: subject, scope: scope, fiscalYear: fy, day: day, known: known, calendar: calendar, interest: interest)
    }

    /// The same with the account's scope already worked out (`Scope.of`).
    public static func make(_ r: Records, subject: String, scope: Scope, fiscalYear fy: Int, day: CivilDate, known: RecordedTime,
                            calendar: CollectionCalendar, interest: Interest = .all) -> LevyAccount? {
        let tax = scope.tax
        let notices = Records.notices(r, scope, fy, known: known)
        var latestIndex = -1, cityPlanningIndex = -1
        for i in r.levies.indices.reversed() where Records.notice(r.levies[i], Scope(tax), fy, known: known) { latestIndex = i; break }
        if scope.joint {
            for i in r.levies.indices.reversed() where Records.notice(r.levies[i], Scope(.cityPlanningTax), fy, known: known) { cityPlanningIndex = i; break }
        }
        guard latestIndex >= 0 else { return nil }
        let lastNotice = notices.lazy.map(\.date).max()
        let latest = r.levies[latestIndex]
        var taxPaid: [InstalmentSchedule.Payment] = []
        taxPaid.reserveCapacity(r.payments.count + r.settlements.count)
        var lateInterestPaid = Yen.zero, feesPaid = Yen.zero
        var lastPayment: CivilDate?, interestLastPaid: CivilDate?, feesLastPaid: CivilDate?
        for p in r.payments where Records.payment(p, scope, fy, day: day, known: known) {
            switch p.kind {
            case .tax:
                taxPaid.append(InstalmentSchedule.Payment(date: p.date, amount: p.amount))
                lastPayment = max(lastPayment ?? p.date, p.date)
            case .lateInterest: lateInterestPaid += p.amount; interestLastPaid = max(interestLastPaid ?? p.date, p.date)
            case .demandFee: feesPaid += p.amount; feesLastPaid = max(feesLastPaid ?? p.date, p.date)
            }
        }
        // 充当 from other levies of the taxpayer count as payments of this one on their 充当適状日;
        // this levy's own 充当 and 還付 settle its 過誤納金.
        var appropriatedIn = Yen.zero, appropriatedOut = Yen.zero, refunded = Yen.zero, refundInterest = Yen.zero, appropriationInterest = Yen.zero
        for x in r.settlements where x.date <= day && x.recordedAt <= known {
            if Records.appropriated(x, into: scope, fy, day: day, known: known) {
                switch x.targetKind {
                case .tax:
                    let on = x.deemedPaidOn ?? x.date
                    taxPaid.append(InstalmentSchedule.Payment(date: on, amount: x.amount))
                    lastPayment = max(lastPayment ?? on, on)
                    appropriatedIn += x.amount
                // 過誤納金 left after the arrears' tax pays their 延滞金 and 督促手数料 (RefundRun).
                case .lateInterest:
                    let on = x.deemedPaidOn ?? x.date
                    lateInterestPaid += x.amount; interestLastPaid = max(interestLastPaid ?? on, on)
                case .demandFee:
                    let on = x.deemedPaidOn ?? x.date
                    feesPaid += x.amount; feesLastPaid = max(feesLastPaid ?? on, on)
                }
            }
            guard Records.settled(x, out: scope, fy, day: day, known: known) else { continue }
            switch x.kind {
            case .appropriated: appropriatedOut += x.amount; appropriationInterest += x.interest
            case .refunded: refunded += x.amount; refundInterest += x.interest
            }
            switch x.sourceKind {
            // The money leaves the levy on its day: a later raise is owed in full.
            case .tax: taxPaid.append(InstalmentSchedule.Payment(date: Records.settledOn(x), amount: .zero - x.amount))
            // An overpaid 延滞金 or fee settled is no longer paid of it.
            case .lateInterest: lateInterestPaid -= x.amount
            case .demandFee: feesPaid -= x.amount
            }
        }
        taxPaid.sort(by: InstalmentSchedule.Payment.precedes)
        let (dates, rules) = calendar.schedule(tax, fiscalYear: fy)
        let schedule = InstalmentSchedule.account(notices: notices, payments: taxPaid, dueDates: dates, rules: rules, moved: calendar.moved)
        var lines: [Line] = []
        lines.reserveCapacity(schedule.instalments.count)
        for inst in schedule.instalments {
            var charge = Yen.zero
            var missing: MissingParameter?
            let overdue = inst.dueDate < day && inst.original > .zero
            let wanted: Bool
            switch interest {
            case .all:
                // Paid in full by its 納期限 and never lowered after it: nothing to count.
                let paidOnTime = inst.unpaid == .zero && inst.reductions.isEmpty && (inst.paidInFullOn.map { $0 <= inst.dueDate } ?? true)
                wanted = overdue && !paidOnTime
            case .openOnly: wanted = overdue && inst.unpaid > .zero
            case .none: wanted = false
            }
            if wanted {
                do {
                    charge = try LateInterest.compute(inst.lateInterestInput, through: day, city: calendar.city, asOf: calendar.asOf,
                                                      trace: false, parameters: calendar.parameters, rules: calendar.lateInterestRules).amount
                } catch { missing = error }
            }
            func sent(_ d: RecordedDemand) -> Bool {
                scope.covers(d.tax) && d.fiscalYear == fy && d.date <= day && d.recordedAt <= known && d.instalment == inst.number && d.dueDate == inst.dueDate
            }
            var demand = r.demands.isEmpty ? nil : r.demands.first(where: sent)
            // A joint account's 期 may have had a letter per tax, sent before the two were
            // collected together: both were sent and charged; the line shows the first, with both fees.
            if scope.joint, demand != nil {
                let all = r.demands.filter(sent)
                if all.count > 1, let earliest = all.min(by: { ($0.date, $0.seq) < ($1.date, $1.seq) }) {
                    demand = RecordedDemand(tax: earliest.tax, fiscalYear: fy, instalment: inst.number, dueDate: inst.dueDate, date: earliest.date,
                                            fee: all.reduce(Yen.zero) { $0 + $1.fee }, seq: earliest.seq, recordedAt: earliest.recordedAt)
                }
            }
            lines.append(Line(instalment: inst, lateInterest: charge, lateInterestMissing: missing, demand: demand))
        }
        let overpaid = schedule.overpaid
        let origin = overpaid > .zero ? Self.overpaymentOrigin(notices: notices, payments: taxPaid, overpaid: overpaid) : nil
        let loweredAfterPayment = origin?.byLowering ?? false
        let since = overpaid > .zero ? (origin?.since ?? lastPayment ?? lastNotice) : nil
        // Each 延滞金 is final once the tax is paid in full: only then can what was paid of them exceed them.
        let interestFinal = interest == .all && lines.allSatisfy { $0.instalment.unpaid == .zero && $0.lateInterestMissing == nil }
        return LevyAccount(subject: subject, tax: tax, fiscalYear: fy, levy: latest,
                           cityPlanning: cityPlanningIndex >= 0 ? r.levies[cityPlanningIndex] : nil, day: day, lines: lines, overpaid: overpaid,
                           appropriatedOut: appropriatedOut, refunded: refunded, refundInterest: refundInterest,
                           appropriationInterest: appropriationInterest, appropriatedIn: appropriatedIn,
                           overpaidSince: since, lastPayment: lastPayment, loweredAfterPayment: loweredAfterPayment,
                           lateInterestPaid: lateInterestPaid, demandFeesPaid: feesPaid,
                           lateInterestFinal: interestFinal, lateInterestLastPaid: interestLastPaid, demandFeesLastPaid: feesLastPaid)
    }
}
