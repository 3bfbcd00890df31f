import KaiseiCore

/// 還付加算金: what the city adds to an overpayment (過誤納金) it refunds or appropriates (充当).
///
/// 地方税法第17条の4: from the day after a day that depends on why the money is owed back,
/// through the day the refund is decided (or the appropriation made, or its 充当適状日 when
/// earlier: RefundRun passes that), at the rate of each
/// calendar year (附則第3条の2: 還付加算金特例基準割合 from 2021, 特例基準割合 before), so a
/// run of days that crosses 1 January is split there. 地方税法第20条の4の2: the base cut to
/// thousands (none below 2,000 yen), each year's amount to the yen, the total to 100 yen, and
/// none below 1,000 yen — the same cuts as 延滞金, so the same `collection.late_interest.*`
/// units apply (草津市, 大津市, 広島市 and 立川市 publish these rules word for word alike).
public enum RefundInterest {
    /// Why the money is owed back (地方税法第17条の4第1項, 各号).
    public enum Cause: String, Sendable, CaseIterable {
        /// 第1号: the city's own 更正, 決定 or 賦課決定 lowered the tax: from the day after payment.
        case assessment
        /// 第2号: a 更正 on the taxpayer's claim: the earlier of 3 months after the claim and
        /// 1 month after the correction.
        case claim
        /// 第3号: a 賦課決定 following the national 所得税's 更正 (1 month after its notice) or
        /// a 所得税 return (1 month after it was filed).
        case incomeTaxCorrection = "income_tax_correction"
        case incomeTaxReturn = "income_tax_return"
        /// 第4号: anything else (誤納: paid twice, paid what was not due): 1 month after payment.
        case other
    }

    public struct Refund: Sendable, Equatable {
        public var amount: Yen
        public var cause: Cause
        /// The day it was paid (納付又は納入の日).
        public var paid: CivilDate
        /// The day the refund was decided (支出を決定した日), or for a 充当 the day it was made
        /// (充当日) or its 充当適状日 when earlier.
        public var decided: CivilDate
        /// The claim's day (`claim`), or the notice / filing day of the 所得税 (`incomeTax…`).
        public var event: CivilDate?
        /// The day of the correction made on the claim (`claim`).
        public var corrected: CivilDate?
        public init(amount: Yen, cause: Cause, paid: CivilDate, decided: CivilDate, event: CivilDate? = nil, corrected: CivilDate? = nil) {
            self.amount = amount; self.cause = cause; self.paid = paid; self.decided = decided; self.event = event; self.corrected = corrected
        }
    }

    public struct Period: Sendable, Equatable {
        public let from: CivilDate
        public let through: CivilDate
        public let days: Int
        public let rate: Fraction
        public let interest: Yen
        public let revision: String?
    }

    public struct Result: Sendable, Equatable {
        /// The day after which interest runs (起算日の前日), and the base.
        public var after: CivilDate
        public var base = Yen.zero
        public var periods: [Period] = []
        public var beforeRounding = Yen.zero
        public var amount = Yen.zero
        public var steps: [TraceStep] = []
    }

    /// "X の翌日から起算して n 月を経過する日" (民法第143条第2項): counted from the day after X,
    /// the day before its same day-number n months on, or that month's last day when it has no
    /// such day — as `LateInterest.firstMonthEnd`. X = 4-30 gives 5-31 (the day-number of X
    /// itself gave 5-30 until 2026-12-03, a day too early after every month's last day).
    public static func monthsAfter(_ x: CivilDate, _ n: Int) -> CivilDate {
        x.adding(days: 1).lastDayOfPeriod(months: n)
    }

    /// The day after which interest runs: by the cause, never before the payment (第17条の4
    /// 第1項: when the payment is later, from the day after the payment).
    public static func runsAfter(_ r: Refund) -> CivilDate {
        let day: CivilDate
        switch r.cause {
        case .assessment: return r.paid
        case .claim:
            let byClaim = r.event.map { monthsAfter($0, 3) }
            let byCorrection = r.corrected.map { monthsAfter($0, 1) }
            day = [byClaim, byCorrection].compactMap { $0 }.min() ?? r.paid
        case .incomeTaxCorrection, .incomeTaxReturn: day = monthsAfter(r.event ?? r.paid, 1)
        case .other: day = monthsAfter(r.paid, 1)
        }
        return max(day, r.paid)
    }

    public static func compute(_ r: Refund, city: City, asOf: RecordedTime, trace: Bool,
                               parameters: (Int) -> ParameterSet) throws(MissingParameter) -> Result {
        let after = runsAfter(r)
        var result = Result(after: after)
        var t = Trace(enabled: trace)
        let start = after.adding(days: 1)
        let set0 = parameters(start.year)
        let unit = LateInterest.yenValue(try set0.required(CollectionKeys.baseUnit).value)
        let minimumBase = LateInterest.yenValue(try set0.required(CollectionKeys.minimumBase).value)
        let amountUnit = LateInterest.yenValue(try set0.required(CollectionKeys.amountUnit).value)
        let minimumAmount = LateInterest.yenValue(try set0.required(CollectionKeys.minimumAmount).value)
        guard case .count(let perYear) = try set0.required(CollectionKeys.daysInYear).value, perYear > 0 else {
            throw MissingParameter(key: CollectionKeys.daysInYear, city: city, fiscalYear: start.year, asOf: asOf)
        }
        result.base = r.amount < minimumBase ? .zero : r.amount.flooredTo(unit.amount)
        t.add("還付加算金: 過誤納金 \(r.amount.grouped)円 (\(r.cause.rawValue)), 納付 \(r.paid), 起算 \(start), 支出決定・充当 \(r.decided); 基礎 1,000円未満切捨て (2,000円未満は加算しない)",
              result.base, "地方税法第17条の4第1項, 第20条の4の2", set: set0, CollectionKeys.baseUnit)
        var day = start
        while day <= r.decided && result.base > .zero {
            let yearEnd = CivilDate(year: day.year, month: 12, day: 31)!
            let through = min(yearEnd, r.decided)
            let days = through.daysSinceEpoch - day.daysSinceEpoch + 1
            let set = parameters(day.year)
            let rate = try set.required(CollectionKeys.refundRate)
            let f = LateInterest.rateFraction(rate.value)
            let interest = Yen(result.base.amount * f.numerator * Int64(days) / (f.denominator * perYear))
            result.periods.append(Period(from: day, through: through, days: days, rate: f, interest: interest, revision: rate.revision))
            result.beforeRounding += interest
            t.add("\(day)–\(through) \(days)日: \(result.base.grouped)円 × \(f) × \(days) ÷ \(perYear) (1円未満切捨て)", interest,
                  "地方税法第17条の4第1項, 附則第3条の2", set: set, CollectionKeys.refundRate)
            day = through.adding(days: 1)
        }
        var total = result.beforeRounding.flooredTo(amountUnit.amount)
        if total < minimumAmount { total = .zero }
        result.amount = total
        t.add("還付加算金 (100円未満切捨て, 1,000円未満は加算しない)", total, "地方税法第20条の4の2", set: set0, CollectionKeys.amountUnit)
        result.steps = t.steps
        return result
    }
}
