import KaiseiCore

/// 法人市民税: 均等割 and 法人税割 of one corporation for one 事業年度 in one city.
///
/// - 均等割 (地方税法第312条): the year's amount by 資本金等の額 and the employees in the city
///   at the period's end (more than 50 or not), times the months the corporation had an office
///   in the city over 12 (第312条第3項: months by the calendar, a part month cut, less than one
///   month counted as one), cut to 100 yen (第20条の4の2).
/// - 法人税割 (第314条の4, 第314条の6): the national 法人税額 cut to thousands; a corporation
///   with offices in several municipalities divides it by employees at the period's end
///   (第321条の13): the amount per employee keeps as many decimals as the total of employees has
///   digits, times the city's employees, cut to thousands; times the rate for the period's start
///   date, cut to 100 yen.
public enum CorporateMunicipalTax {
    public struct Facts: Sendable, Equatable {
        /// 資本金等の額 at the period's end; nil for 公益法人等 and others without one.
        public var capital: Yen?
        public var periodStart: CivilDate
        public var periodEnd: CivilDate
        /// The office in the city, when it opened or closed within the period (else the whole period).
        public var officeFrom: CivilDate?
        public var officeUntil: CivilDate?
        /// Employees in the city at the period's end (for the 均等割 bracket and the division).
        public var employeesInCity: Int
        /// Employees in every municipality, when the corporation has offices in more than one.
        public var employeesTotal: Int?
        /// The 分割基準's counts, when they differ from the counts at the period's end: an office
        /// opened or closed within the period counts its employees × its months ÷ the period's
        /// (第321条の13第2項; 京都市 0000173416; 大和市: 所在月数は市内従業者数に反映). The 均等割's
        /// band still reads `employeesInCity`. Nil: the counts at the end.
        public var divisionEmployeesInCity: Int?
        public var divisionEmployeesTotal: Int?
        /// 法人税額 (national) of the period, the 法人税割's base before division.
        public var nationalCorporateTax: Yen
        /// A 予定申告 (前期実績): the previous 事業年度's 法人税割 and months, from which the first six
        /// months' 法人税割 is taken instead of from a 法人税額 (第321条の8第1項).
        public var previous: PreviousPeriod?
        /// When the months with an office in the city are not one run (an office closed, another
        /// opened months later): each run within the period, in order. Empty: `officeFrom`…`officeUntil`.
        public var officeRuns: [OfficeRun] = []
        public init(capital: Yen?, periodStart: CivilDate, periodEnd: CivilDate, officeFrom: CivilDate? = nil, officeUntil: CivilDate? = nil,
                    employeesInCity: Int, employeesTotal: Int? = nil, nationalCorporateTax: Yen, previous: PreviousPeriod? = nil) {
            self.capital = capital; self.periodStart = periodStart; self.periodEnd = periodEnd
            self.officeFrom = officeFrom; self.officeUntil = officeUntil
            self.employeesInCity = employeesInCity; self.employeesTotal = employeesTotal; self.nationalCorporateTax = nationalCorporateTax
            self.previous = previous
        }
    }

    public struct PreviousPeriod: Sendable, Equatable {
        public var taxLevy: Yen
        public var months: Int
        /// Its start: a 予定申告 whose previous period started before a rate change and which itself
        /// starts on or after it takes the transitional factor instead of 6.
        public var start: CivilDate
        public init(taxLevy: Yen, months: Int, start: CivilDate) { self.taxLevy = taxLevy; self.months = months; self.start = start }
    }

    /// Whether a corporation must file a 予定申告 for a period following one with this national
    /// 法人税額 over `months` months: the national 中間申告 is required when that tax × 6 ÷ months
    /// is more than the threshold (法人税法第71条第1項ただし書: 10万円以下 need not), and the
    /// 法人市民税's follows it (第321条の8第1項). The six is the same six months the 予定申告's
    /// 法人税割 counts (`corporate.interim.months_factor`), read from the same parameter.
    public static func interimRequired(previousNationalTax: Yen, months: Int, parameters p: ParameterSet) throws(MissingParameter) -> Bool {
        guard months > 0 else { return false }
        guard case .yen(let threshold) = try p.required(CorporateTaxKeys.interimThreshold).value else {
            throw MissingParameter(key: CorporateTaxKeys.interimThreshold, city: p.city, fiscalYear: p.fiscalYear, asOf: p.asOf)
        }
        guard case .rate(let factor) = try p.required(CorporateTaxKeys.interimFactor).value else {
            throw MissingParameter(key: CorporateTaxKeys.interimFactor, city: p.city, fiscalYear: p.fiscalYear, asOf: p.asOf)
        }
        return previousNationalTax.times(factor * Fraction(1, Int64(months)), .down) > threshold
    }

    public struct Result: Sendable, Equatable {
        public var perCapitaAnnual = Yen.zero
        public var months = 0
        public var perCapita = Yen.zero
        public var taxBase = Yen.zero
        public var taxLevyRate = Fraction.zero
        public var taxLevy = Yen.zero
        public var total: Yen { perCapita + taxLevy }
        public var steps: [TraceStep] = []
    }

    /// Whole months from `from` to `until` (both days counted) by the calendar: a part month is
    /// cut, and less than a month is one month.
    /// A run of days with at least one office in the city.
    public struct OfficeRun: Sendable, Equatable {
        public let from: CivilDate
        public let until: CivilDate
        public init(from: CivilDate, until: CivilDate) { self.from = from; self.until = until }
    }

    public static func months(from: CivilDate, until: CivilDate) -> Int {
        guard from <= until else { return 0 }
        let end = until.adding(days: 1)
        var m = (end.year * 12 + end.month) - (from.year * 12 + from.month)
        if end.day < from.day {
            // The month that would end on `from.day` is not complete — unless that day does not
            // exist in the end's month and the end is that month's last day + 1.
            m -= 1
        }
        return max(1, m)
    }

    /// The division of a base among municipalities by employees (地方税法第321条の13; 京都市
    /// 0000173416's worked example): per employee with as many decimals as the total has digits.
    public static func dividedBase(_ base: Yen, employeesInCity: Int, employeesTotal: Int, unit: Yen) -> Yen {
        guard employeesTotal > 0 else { return .zero }
        var scale: Int64 = 1
        var t = employeesTotal
        while t > 0 { scale *= 10; t /= 10 }
        let perEmployeeScaled = base.amount * scale / Int64(employeesTotal)
        return Yen(perEmployeeScaled * Int64(employeesInCity) / scale).flooredTo(unit.amount)
    }

    public static func compute(_ f: Facts, city: City, asOf: RecordedTime, trace: Bool, parameters p: ParameterSet) throws(MissingParameter) -> Result {
        var r = Result()
        var t = Trace(enabled: trace)
        func need(_ key: String) throws(MissingParameter) -> ParameterValue { try p.required(key).value }
        func yen(_ key: String) throws(MissingParameter) -> Yen { if case .yen(let y) = try need(key) { return y }; return .zero }
        func steps(_ key: String) throws(MissingParameter) -> [YenStep] { if case .yenSteps(let s) = try need(key) { return s }; return [] }
        func stepAmount(_ s: [YenStep], _ x: Yen) -> Yen { s.last { $0.from <= x }?.amount ?? .zero }

        // 均等割
        guard case .count(let limit) = try need(CorporateTaxKeys.perCapitaEmployeeLimit) else {
            throw MissingParameter(key: CorporateTaxKeys.perCapitaEmployeeLimit, city: city, fiscalYear: p.fiscalYear, asOf: asOf)
        }
        if let capital = f.capital {
            let key = Int64(f.employeesInCity) > limit ? CorporateTaxKeys.perCapitaLarge : CorporateTaxKeys.perCapitaSmall
            r.perCapitaAnnual = stepAmount(try steps(key), capital)
            t.add("均等割 年額: 資本金等の額 \(capital.grouped)円, 市内の従業者 \(f.employeesInCity)人", r.perCapitaAnnual, "地方税法第312条第1項", set: p, key)
        } else {
            r.perCapitaAnnual = try yen(CorporateTaxKeys.perCapitaMinimum)
            t.add("均等割 年額 (公益法人等・資本金等の額のない法人)", r.perCapitaAnnual, "地方税法第312条第1項第1号", set: p, CorporateTaxKeys.perCapitaMinimum)
        }
        let from = max(f.officeFrom ?? f.periodStart, f.periodStart)
        let until = min(f.officeUntil ?? f.periodEnd, f.periodEnd)
        // 第312条第3項: the months the corporation *had* an office in the city. Months between two
        // runs (one office closed, the next not yet opened) are not among them: each run counts
        // by the calendar (第4項), and the runs are added, never more than the period's months.
        // Until 2026-12-05 such a gap counted as months with an office.
        let runs = f.officeRuns.count > 1 ? f.officeRuns.map { (max($0.from, f.periodStart), min($0.until, f.periodEnd)) } : [(from, until)]
        r.months = min(runs.reduce(0) { $0 + months(from: $1.0, until: $1.1) }, months(from: f.periodStart, until: f.periodEnd))
        let amountUnit = try yen(CorporateTaxKeys.amountUnit)
        r.perCapita = Yen(r.perCapitaAnnual.amount * Int64(r.months) / 12).flooredTo(amountUnit.amount)
        t.add("均等割: 年額 × \(r.months)月 (\(runs.map { "\($0.0)–\($0.1)" }.joined(separator: ", "))) ÷ 12, 100円未満切捨て", r.perCapita,
              "地方税法第312条第3項, 第20条の4の2", set: p, CorporateTaxKeys.amountUnit)

        // 予定申告 (前期実績): the previous period's 法人税割 × 6 ÷ its months, cut to 100 yen — or,
        // for the first period starting on or after a cut of the rate, × the transitional factor
        // (4.7 from 2014-10-01, 3.7 from 2019-10-01), so the six months are taxed near the new rate.
        if let prev = f.previous, prev.months > 0 {
            var factorKey = CorporateTaxKeys.interimFactor
            var law = "地方税法第321条の8第1項, 第20条の4の2"
            if p.resolved(CorporateTaxKeys.interimFirstPeriodFactor) != nil,
               case .date(let switchDate)? = p.resolved(CorporateTaxKeys.taxLevyRateFrom)?.value,
               prev.start < switchDate, switchDate <= f.periodStart {
                factorKey = CorporateTaxKeys.interimFirstPeriodFactor
                law = "地方税法第321条の8第1項 (税率改正後最初の事業年度の予定申告の経過措置), 第20条の4の2"
            }
            guard case .rate(let factor) = try need(factorKey) else { throw MissingParameter(key: factorKey, city: city, fiscalYear: p.fiscalYear, asOf: asOf) }
            r.taxLevy = prev.taxLevy.times(factor * Fraction(1, Int64(prev.months)), .down).flooredTo(amountUnit.amount)
            t.add("法人税割 (予定申告): 前事業年度の法人税割 \(prev.taxLevy.grouped)円 × \(factor.decimalText) ÷ \(prev.months)月, 100円未満切捨て", r.taxLevy,
                  law, set: p, factorKey)
            t.add("法人市民税 (予定申告)", r.total, "地方税法第292条, 第321条の8", set: nil)
            r.steps = t.steps
            return r
        }

        // 法人税割
        let baseUnit = try yen(CorporateTaxKeys.baseUnit)
        var base = f.nationalCorporateTax.clampedAtZero.flooredTo(baseUnit.amount)
        t.add("法人税割の課税標準: 法人税額 1,000円未満切捨て", base, "地方税法第314条の4, 第20条の4の2", set: p, CorporateTaxKeys.baseUnit)
        let divisionInCity = f.divisionEmployeesInCity ?? f.employeesInCity
        if let total = f.divisionEmployeesTotal ?? f.employeesTotal, total > 0, total != divisionInCity {
            base = dividedBase(base, employeesInCity: divisionInCity, employeesTotal: total, unit: baseUnit)
            t.add("分割: ÷ 全従業者 \(total)人 × 市内 \(divisionInCity)人, 1,000円未満切捨て", base, "地方税法第321条の13", set: p, CorporateTaxKeys.baseUnit)
        }
        r.taxBase = base
        var rateKey = CorporateTaxKeys.taxLevyRate
        if case .date(let switchDate)? = p.resolved(CorporateTaxKeys.taxLevyRateFrom)?.value, f.periodStart < switchDate {
            rateKey = CorporateTaxKeys.taxLevyPreviousRate
        }
        guard case .rate(let rate) = try need(rateKey) else { throw MissingParameter(key: rateKey, city: city, fiscalYear: p.fiscalYear, asOf: asOf) }
        r.taxLevyRate = rate
        r.taxLevy = base.times(rate, .down).flooredTo(amountUnit.amount)
        t.add("法人税割: \(base.grouped)円 × \(rate) (事業年度の開始 \(f.periodStart)), 100円未満切捨て", r.taxLevy, "地方税法第314条の4, 第314条の6", set: p, rateKey)
        t.add("法人市民税", r.total, "地方税法第292条", set: nil)
        r.steps = t.steps
        return r
    }
}
