import KaiseiCore

/// 延滞金: what a taxpayer owes for paying one instalment (期別) late.
///
/// 地方税法第326条 (市町村民税; 第369条 固定資産税, 第463条の24 軽自動車税, 第723条 国民健康保険税
/// say the same): on the tax amount, from the day after the 納期限 to the day of payment, at
/// the lower rate until one month has passed since that day and at the higher rate after it;
/// the rates are set per calendar year (附則第3条の2), so a period that crosses 1 January is
/// split there. A partial payment lowers the base from the day after it is made (the paid
/// part still bears interest on the day itself). 地方税法第20条の4の2: each period's base is
/// cut to whole thousands (none below 2,000 yen); each period's interest is cut to the yen,
/// the total to 100 yen, and none is due below 1,000 yen. Days are counted over 365 even in
/// a leap year.
public enum LateInterest {
    /// One instalment of one levy and what was paid towards it, in any order.
    public struct Instalment: Sendable, Equatable {
        public var amount: Yen
        public var dueDate: CivilDate
        public var payments: [Payment]
        /// 減額更正: the instalment's tax lowered to `amount` on `date`; from that day the
        /// base is the lowered tax less what was paid (an increase is a new instalment with
        /// its own 納期限, not a correction of this one).
        public var reductions: [Payment]
        /// 申告納付 after the 法定納期限 (期限後申告, 修正申告, 地方税法第321条の12第1項第2号・第3号):
        /// the lower rate runs until one month after the return was filed, when that is later.
        public var lowerRateUntil: CivilDate?
        /// 除算期間: days not counted at all, in date order, not overlapping (a 修正申告 filed more
        /// than a year after the return it amends, 地方税法第321条の12第2項; the tax paid before a
        /// 減額更正 and owed again by a 修正申告 after it, the same article; `InstalmentSchedule`).
        public var excluded: [ExcludedDays]
        public init(amount: Yen, dueDate: CivilDate, payments: [Payment], reductions: [Payment] = [], lowerRateUntil: CivilDate? = nil,
                    excluded: [ExcludedDays] = []) {
            self.amount = amount; self.dueDate = dueDate; self.payments = payments; self.reductions = reductions; self.lowerRateUntil = lowerRateUntil
            self.excluded = excluded
        }
    }

    public struct Payment: Sendable, Equatable {
        public var date: CivilDate
        public var amount: Yen
        public init(date: CivilDate, amount: Yen) { self.date = date; self.amount = amount }
    }

    /// Days left out of an instalment's 延滞金 (除算期間), and the rule that leaves them out.
    public struct ExcludedDays: Sendable, Equatable {
        public enum Cause: Sendable, Equatable {
            /// 第321条の12第2項: a 修正申告 filed more than a year after the return it amends (or
            /// after its 提出期限): from the day after that year to the 修正申告.
            case amendedAfterAYear
            /// 第321条の12, its paragraph on a 修正申告 after a 減額更正, 第1号: tax paid, lowered by a 減額更正 and owed again by a later
            /// 修正申告: from the day after it was paid (or after the 納期限) to the 減額更正.
            case paidUntilLowered
            /// the same paragraph's 第2号: the same tax from the day after one year from the 減額更正 (made on a
            /// 更正の請求) to the 修正申告.
            case loweredUntilAmended
        }
        public let days: ClosedRange<CivilDate>
        public let cause: Cause
        public init(_ days: ClosedRange<CivilDate>, _ cause: Cause) { self.days = days; self.cause = cause }

        var explanation: (text: String, article: String) {
            switch cause {
            case .amendedAfterAYear:
                return ("申告書を提出した日の翌日から1年を経過する日の翌日から修正申告書を提出した日まで",
                        "地方税法第321条の12第2項 (第72条の45第2項と同じ構造; 項番号は条文で未確認)")
            case .paidUntilLowered:
                return ("減額更正前に納付された税額: 納付の日 (納期限前なら納期限) の翌日から減額更正の日まで",
                        "地方税法第321条の12 (減額更正後の修正申告の項) 第1号 (第72条の45第3項, 国税通則法第61条第2項と同じ構造; 項・号の番号は条文で未確認)")
            case .loweredUntilAmended:
                return ("減額更正 (更正の請求に基づく) の日の翌日から1年を経過する日の翌日から修正申告書を提出した日まで",
                        "地方税法第321条の12 (減額更正後の修正申告の項) 第2号 (第72条の45第3項, 国税通則法第61条第2項と同じ構造; 項・号の番号は条文で未確認)")
            }
        }
    }

    /// A run of days with one base and one rate.
    public struct Period: Sendable, Equatable {
        public let from: CivilDate
        public let through: CivilDate
        public let days: Int
        public let base: Yen
        /// The lower rate (the first month) or the higher one.
        public let firstMonth: Bool
        public let rate: Fraction
        public let interest: Yen
        /// The revision that set the rate.
        public let revision: String?
    }

    public struct Result: Sendable, Equatable {
        /// The 延滞金 due (or accrued so far, for an instalment still unpaid at `through`).
        public var amount = Yen.zero
        /// The sum of the periods before the final rounding.
        public var beforeRounding = Yen.zero
        /// Tax still unpaid at the end of `through`.
        public var unpaid = Yen.zero
        /// The last day counted: the day of the last payment, or `through` when unpaid.
        public var lastDay: CivilDate?
        public var periods: [Period] = []
        public var steps: [TraceStep] = []
    }

    /// The last day of the first month after the 納期限: the period that starts the day after it
    /// ends the day before the same day of the next month, or at the end of the next month when
    /// that day does not exist (地方税法第20条の5, 民法第143条).
    public static func firstMonthEnd(dueDate: CivilDate) -> CivilDate {
        dueDate.adding(days: 1).lastDayOfPeriod(months: 1)
    }

    /// The values one calendar year gives a 延滞金, each as the rules resolve it (or the refusal
    /// they give), read once: a run over every open arrear works out hundreds of thousands of
    /// 延滞金 over a handful of years, and looking each value up by its key for each of them was
    /// a fifth of that run (`CollectionCalendar.lateInterestRules` keeps one per year).
    public struct YearRules: Sendable {
        let baseUnit: Swift.Result<Yen, MissingParameter>, minimumBase: Swift.Result<Yen, MissingParameter>
        let amountUnit: Swift.Result<Yen, MissingParameter>, minimumAmount: Swift.Result<Yen, MissingParameter>
        let daysInYear: Swift.Result<ParameterValue, MissingParameter>
        let firstMonthRate: Swift.Result<(Fraction, String?), MissingParameter>, laterRate: Swift.Result<(Fraction, String?), MissingParameter>

        public init(_ set: ParameterSet) {
            func value(_ key: String) -> Swift.Result<RuleBase.Resolved, MissingParameter> {
                do throws(MissingParameter) { return .success(try set.required(key)) } catch { return .failure(error) }
            }
            baseUnit = value(CollectionKeys.baseUnit).map { LateInterest.yenValue($0.value) }
            minimumBase = value(CollectionKeys.minimumBase).map { LateInterest.yenValue($0.value) }
            amountUnit = value(CollectionKeys.amountUnit).map { LateInterest.yenValue($0.value) }
            minimumAmount = value(CollectionKeys.minimumAmount).map { LateInterest.yenValue($0.value) }
            daysInYear = value(CollectionKeys.daysInYear).map(\.value)
            firstMonthRate = value(CollectionKeys.firstMonthRate).map { (LateInterest.rateFraction($0.value), $0.revision) }
            laterRate = value(CollectionKeys.laterRate).map { (LateInterest.rateFraction($0.value), $0.revision) }
        }
    }

    /// The 延滞金 of `instalment` for the days through `through` (the day asked about: the
    /// payments after it are not counted). `parameters(year)` gives the collection parameters
    /// of a calendar year; a year without a rate refuses the computation.
    public static func compute(_ instalment: Instalment, through: CivilDate, city: City, asOf: RecordedTime, trace: Bool,
                               parameters: (Int) -> ParameterSet) throws(MissingParameter) -> Result {
        try compute(instalment, through: through, city: city, asOf: asOf, trace: trace, parameters: parameters, rules: { YearRules(parameters($0)) })
    }

    /// The same with each year's values read once (`rules`, the same rules as `parameters`,
    /// which only a trace reads then, to cite each step's revision).
    public static func compute(_ instalment: Instalment, through: CivilDate, city: City, asOf: RecordedTime, trace: Bool,
                               parameters: (Int) -> ParameterSet, rules: (Int) -> YearRules) throws(MissingParameter) -> Result {
        var result = Result()
        var t = Trace(enabled: trace)
        let payments = instalment.payments.filter { $0.date <= through }.sorted { $0.date < $1.date }
        let reductions = instalment.reductions.filter { $0.date <= through }.sorted { $0.date < $1.date }
        let paid = payments.reduce(Yen.zero) { $0 + $1.amount }
        let finalAmount = reductions.reduce(instalment.amount) { min($0, $1.amount) }
        result.unpaid = (finalAmount - paid).clampedAtZero
        // The days run from the day after the 納期限 to the last day something was unpaid: the
        // day before the first day from which nothing was (a payment counts from the day after
        // it, a reduction from its own day), or to `through`.
        let start = instalment.dueDate.adding(days: 1)
        var end = through
        do {
            let changes = (payments.map { (day: $0.date.adding(days: 1), paid: $0.amount, owed: Yen?.none) }
                           + reductions.map { (day: $0.date, paid: Yen.zero, owed: Optional($0.amount)) })
                .sorted { $0.day < $1.day }
            var owed = instalment.amount, paidSoFar = Yen.zero
            if owed <= .zero { end = instalment.dueDate }
            // The first day of the last stretch with nothing unpaid: a 減額's entry taking out
            // what the instalment held beyond its lowered amount leaves it paid, but money taken
            // back (a refund reaching it) could open it again, so every change is looked at.
            var settledFrom: CivilDate?
            var i = 0
            while i < changes.count && end > instalment.dueDate {
                let day = changes[i].day
                while i < changes.count && changes[i].day == day {
                    paidSoFar += changes[i].paid
                    if let o = changes[i].owed { owed = min(owed, o) }
                    i += 1
                }
                if owed <= paidSoFar { if settledFrom == nil { settledFrom = day } } else { settledFrom = nil }
            }
            if let d = settledFrom, end > instalment.dueDate { end = min(through, d.adding(days: -1)) }
        }
        let base0 = rules(start.year)
        let unitYen = try base0.baseUnit.get()
        let minBase = try base0.minimumBase.get()
        let amountUnitYen = try base0.amountUnit.get()
        let minimumAmount = try base0.minimumAmount.get()
        let daysInYear = try base0.daysInYear.get()
        guard start <= end else { result.lastDay = end; return result }
        result.lastDay = end
        let firstMonthEnd = max(Self.firstMonthEnd(dueDate: instalment.dueDate), instalment.lowerRateUntil ?? instalment.dueDate)
        t.add("延滞金: 税額 \(instalment.amount.grouped)円, 納期限 \(instalment.dueDate), 延滞の始まり \(start), 1月を経過する日 \(firstMonthEnd), 終わり \(end)",
              instalment.amount, "地方税法第326条第1項 (第369条, 第463条の24, 第723条も同じ)", set: nil)
        let excluded = instalment.excluded.count < 2 ? instalment.excluded : instalment.excluded.sorted { $0.days.lowerBound < $1.days.lowerBound }
        for x in excluded where x.days.lowerBound <= end {
            let why = x.explanation
            t.add("除算期間 \(x.days.lowerBound)–\(x.days.upperBound): 延滞金の計算の基礎となる期間から控除 (\(why.text))", .zero, why.article, set: nil)
        }
        var nextExcluded = 0

        // Walk the days in runs: a run ends at the one-month boundary, at 31 December, or on
        // a payment day (the base falls the day after); runs with the same base, rate and year
        // are then one period (a payment that leaves the thousands unchanged changes nothing).
        var owed = instalment.amount, paidSoFar = Yen.zero
        var next = 0, nextReduction = 0
        var day = start
        guard case .count(let perYear) = daysInYear, perYear > 0 else {
            throw MissingParameter(key: CollectionKeys.daysInYear, city: city, fiscalYear: start.year, asOf: asOf)
        }
        var runs: [(from: CivilDate, through: CivilDate, base: Yen, firstMonth: Bool)] = []
        while day <= end {
            // The 除算期間's days are skipped (they bear nothing at any rate).
            while nextExcluded < excluded.count && excluded[nextExcluded].days.upperBound < day { nextExcluded += 1 }
            if nextExcluded < excluded.count, excluded[nextExcluded].days.contains(day) { day = excluded[nextExcluded].days.upperBound.adding(days: 1); continue }
            // Payments made before this day, and reductions made by it, have lowered the base.
            while next < payments.count && payments[next].date < day { paidSoFar += payments[next].amount; next += 1 }
            while nextReduction < reductions.count && reductions[nextReduction].date <= day { owed = min(owed, reductions[nextReduction].amount); nextReduction += 1 }
            let unpaid = (owed - paidSoFar).clampedAtZero
            var runEnd = end
            if day <= firstMonthEnd && firstMonthEnd < runEnd { runEnd = firstMonthEnd }
            let yearEnd = CivilDate(year: day.year, month: 12, day: 31)!
            if yearEnd < runEnd { runEnd = yearEnd }
            if next < payments.count && payments[next].date < runEnd { runEnd = payments[next].date }
            if nextReduction < reductions.count && reductions[nextReduction].date <= runEnd { runEnd = reductions[nextReduction].date.adding(days: -1) }
            if nextExcluded < excluded.count, excluded[nextExcluded].days.lowerBound > day, excluded[nextExcluded].days.lowerBound <= runEnd {
                runEnd = excluded[nextExcluded].days.lowerBound.adding(days: -1)
            }
            let base = unpaid < minBase ? Yen.zero : unpaid.flooredTo(unitYen.amount)
            let firstMonth = day <= firstMonthEnd
            // Runs join only when they touch: the days either side of a 除算期間 are two periods.
            if let last = runs.last, last.base == base, last.firstMonth == firstMonth, last.through.year == day.year, last.through.adding(days: 1) == day {
                runs[runs.count - 1].through = runEnd
            } else {
                runs.append((day, runEnd, base, firstMonth))
            }
            day = runEnd.adding(days: 1)
        }
        for run in runs {
            let days = run.through.daysSinceEpoch - run.from.daysSinceEpoch + 1
            let year = rules(run.from.year)
            let key = run.firstMonth ? CollectionKeys.firstMonthRate : CollectionKeys.laterRate
            let (rateValue, revision) = try (run.firstMonth ? year.firstMonthRate : year.laterRate).get()
            // base × rate × days / 365, cut to the yen: exact in integers.
            let interest = Yen(run.base.amount * rateValue.numerator * Int64(days) / (rateValue.denominator * perYear))
            result.periods.append(Period(from: run.from, through: run.through, days: days, base: run.base, firstMonth: run.firstMonth,
                                         rate: rateValue, interest: interest, revision: revision))
            result.beforeRounding += interest
            t.add("\(run.from)–\(run.through) \(days)日: \(run.base.grouped)円 × \(rateValue) × \(days) ÷ \(perYear) (1円未満切捨て)", interest,
                  "地方税法第326条, 附則第3条の2 (\(run.firstMonth ? "1月を経過する日まで" : "1月経過後")); 第20条の4の2 (基礎の1,000円未満切捨て)",
                  set: trace ? parameters(run.from.year) : nil, key)
        }
        var total = result.beforeRounding.flooredTo(amountUnitYen.amount)
        if total < minimumAmount { total = .zero }
        result.amount = total
        t.add("延滞金 (100円未満切捨て, 1,000円未満は徴収しない)", total, "地方税法第20条の4の2", set: trace ? parameters(start.year) : nil, CollectionKeys.amountUnit)
        result.steps = t.steps
        return result
    }

    static func yenValue(_ v: ParameterValue) -> Yen { if case .yen(let y) = v { return y }; return .zero }
    static func rateFraction(_ v: ParameterValue) -> Fraction { if case .rate(let f) = v { return f }; return .zero }
}
