import KaiseiCore
import Law
import Replay

/// The 法定納期限 of corporate returns (地方税法第321条の8 法人市民税, 第701条の46 and 第701条の47
/// 事業所税), by the civil code's count of months (民法第143条): "within two months of the
/// period's end" ends on the day before the same day two months after the day following the end
/// (the month's last day when that day does not exist). The months are law data
/// (`CorporateDeadlineRules`, the rules of the fiscal year the period starts in).
public enum CorporateDeadlines {
    /// The day before the same day `months` months after `from`.
    static func monthsFrom(_ from: CivilDate, _ months: Int) -> CivilDate { from.lastDayOfPeriod(months: months) }

    /// 法人市民税's 確定申告: `finalMonths` after the period's end.
    public static func final(periodEnd: CivilDate, _ r: CorporateDeadlineRules) -> CivilDate { monthsFrom(periodEnd.adding(days: 1), r.finalMonths) }

    /// A 法人's 事業所税: `officeTaxFinalMonths` after the period's end.
    public static func officeTax(periodEnd: CivilDate, _ r: CorporateDeadlineRules) -> CivilDate {
        monthsFrom(periodEnd.adding(days: 1), r.officeTaxFinalMonths)
    }

    /// 予定・中間申告: `finalMonths` after the first `interimPeriodMonths` from the period's start.
    public static func interim(periodStart: CivilDate, _ r: CorporateDeadlineRules) -> CivilDate {
        monthsFrom(periodStart, r.interimPeriodMonths + r.finalMonths)
    }

    /// The last day of the interim period.
    public static func interimEnd(periodStart: CivilDate, _ r: CorporateDeadlineRules) -> CivilDate { monthsFrom(periodStart, r.interimPeriodMonths) }

    /// A 個人事業者's 事業所税 (地方税法第701条の47第1項; zeiken.co.jp 税務用語辞典「申告及び納付」):
    /// 15 March of the year after the 算定期間, the calendar year. A period ending before 31
    /// December is a business ended in the year: within one month of that day, or four when the
    /// proprietor died (counted from the day after, 民法第140条, as the corporate periods are).
    /// A death on 31 December keeps 15 March.
    public static func individual(periodEnd: CivilDate, died: Bool, _ r: CorporateDeadlineRules) -> CivilDate {
        if periodEnd.month == 12 && periodEnd.day == 31 { return CivilDate(year: periodEnd.year + 1, month: r.individualMonth, day: r.individualDay)! }
        return monthsFrom(periodEnd.adding(days: 1), died ? r.individualDiedMonths : r.individualEndedMonths)
    }
}

/// One corporation's 法人市民税 for a fiscal year: each 事業年度 whose 確定申告 is due in it
/// (normally one; the levy's 調定年度), from the return in force, with the months its offices in
/// the city were open, under the rules of the fiscal year the period starts in.
public struct CorporateAssessment: Sendable {
    public struct Period: Sendable {
        public let start: CivilDate
        public let end: CivilDate
        public let kind: CorporateReturnKind
        public let filed: CivilDate
        /// 法定納期限, before moving off closed days.
        public let dueDate: CivilDate
        public let facts: CorporateMunicipalTax.Facts
        public let result: CorporateMunicipalTax.Result
        /// A 予定申告 the corporation did not file, deemed filed on its 提出期限 (第321条の8第1項後段).
        public var deemed = false
        /// The returns a later one filed after the 法定納期限 replaced, in filing order: the last
        /// filed in time, then each filed late before the one in force, with their filing days
        /// and totals (`CorporationState.replacedReturns`).
        public var replaced: [ReplacedReturn] = []
        /// The return in force is a 修正申告 after 不正, foreseeing a 更正 (no 除算期間).
        public var fraudForeseen = false
        /// The period's filed 予定申告, when a final or amended return is in force: its tax stays
        /// due on the interim deadline (第321条の8第1項), the final return's is the rest.
        public var interim: (dueDate: CivilDate, total: Yen, filed: CivilDate)?
    }
    public let periods: [Period]
    public var total: Yen { periods.reduce(.zero) { $0 + $1.result.total } }
    public var perCapita: Yen { periods.reduce(.zero) { $0 + $1.result.perCapita } }
    public var taxLevy: Yen { periods.reduce(.zero) { $0 + $1.result.taxLevy } }
    public var steps: [TraceStep] { periods.flatMap(\.result.steps) }
}

/// One corporation's 事業所税 for a fiscal year: each 事業年度 due in it with a final or amended
/// return (there is no interim 事業所税).
public struct OfficeTaxAssessment: Sendable {
    public struct Period: Sendable {
        public let start: CivilDate
        public let end: CivilDate
        public let kind: CorporateReturnKind
        public let filed: CivilDate
        public let dueDate: CivilDate
        public let facts: OfficeTax.Facts
        public let result: OfficeTax.Result
        public var replaced: [ReplacedReturn] = []
        /// The return in force is a 修正申告 after 不正, foreseeing a 更正 (no 除算期間).
        public var fraudForeseen = false
    }
    public let periods: [Period]
    public var total: Yen { periods.reduce(.zero) { $0 + $1.result.total } }
    public var steps: [TraceStep] { periods.flatMap(\.result.steps) }
}

/// A return replaced by a later one filed after the 法定納期限 (a 修正申告, or a 期限後 return
/// over one in time). The tax each declared is due as filed then: a return filed in time keeps
/// the 納期限's lower 延滞金 rate, a late one's raise keeps it until one month after that return
/// was filed, and the 除算期間 counts from the first (地方税法第321条の12第1項第2号・第3号, 第2項).
/// A levy run that first records the period after several of them keeps each raise apart, as
/// runs between them would have.
public struct ReplacedReturn: Sendable, Equatable {
    public let filed: CivilDate
    public let total: Yen
    public var fraudForeseen = false
}

extension CorporationState {
    /// The final or amended returns of `r`'s period that `r` replaced, when `r` was filed after
    /// `deadline` (the 法定納期限 moved off closed days): the latest filed by the deadline (the
    /// ones before it were never due apart from it), then every one filed after it and before
    /// `r`, in filing order. Empty when `r` was filed in time.
    func replacedReturns(before r: CorporateReturn, deadline: CivilDate) -> [CorporateReturn] {
        guard r.kind != .interim, r.filed > deadline else { return [] }
        let earlier = returns.filter { $0.periodStart == r.periodStart && $0.periodEnd == r.periodEnd && $0.kind != .interim
            && ($0.filed, $0.seq) < (r.filed, r.seq) }
            .sorted { ($0.filed, $0.seq) < ($1.filed, $1.seq) }
        let lastInTime = earlier.last { $0.filed <= deadline }
        return (lastInTime.map { [$0] } ?? []) + earlier.filter { $0.filed > deadline }
    }
}

extension CorporationState {
    /// The 法人市民税 facts of a period from the return in force and the offices: an interim
    /// return covers the first six months; the months with an office are those of each run of
    /// days with an office open in the period (a gap between one office's closing and the next
    /// one's opening is cut out: 第312条第3項). With no office recorded at all, the whole period counts.
    func corporateFacts(_ r: CorporateReturn, _ d: CorporateDeadlineRules) -> CorporateMunicipalTax.Facts {
        let end = r.kind == .interim ? min(r.periodEnd, CorporateDeadlines.interimEnd(periodStart: r.periodStart, d)) : r.periodEnd
        var from: CivilDate?, until: CivilDate?
        var runs: [CorporateMunicipalTax.OfficeRun] = []
        let spells = offices
        if !spells.isEmpty {
            let overlapping = spells.filter { $0.opened <= end && ($0.closed.map { $0 >= r.periodStart } ?? true) }
            if overlapping.isEmpty {
                // No office in the city during the period: no months.
                from = end.adding(days: 1); until = end
            } else {
                // The runs of days with at least one office open, within the period.
                for s in overlapping.sorted(by: { $0.opened < $1.opened }) {
                    let a = max(s.opened, r.periodStart), b = min(s.closed ?? end, end)
                    if let last = runs.last, a <= last.until.adding(days: 1) {
                        runs[runs.count - 1] = .init(from: last.from, until: max(last.until, b))
                    } else {
                        runs.append(.init(from: a, until: b))
                    }
                }
                from = runs[0].from > r.periodStart ? runs[0].from : nil
                until = runs[runs.count - 1].until < end ? runs[runs.count - 1].until : nil
            }
        }
        var facts = CorporateMunicipalTax.Facts(capital: publicInterest ? nil : r.capital, periodStart: r.periodStart, periodEnd: end,
                                                officeFrom: from, officeUntil: until, employeesInCity: r.employeesInCity,
                                                employeesTotal: r.employeesTotal, nationalCorporateTax: r.nationalCorporateTax)
        if runs.count > 1 { facts.officeRuns = runs }
        facts.divisionEmployeesInCity = r.divisionEmployeesInCity
        facts.divisionEmployeesTotal = r.divisionEmployeesTotal
        return facts
    }

    /// The 事業所税 facts of a period: every office open in it, with its opening or closing
    /// when that falls inside the period.
    func officeTaxFacts(_ r: CorporateReturn) -> OfficeTax.Facts {
        // A second opening of an office already open changes its floor (増床・減床): still one
        // office, counted from its first opening, with the floor it has at the period's end or at
        // its closing (第701条の40第1項: 算定期間の末日現在の床面積; only a 新設 or a 廃止 is counted
        // by months, 第2項・第3項). Until 2026-12-05 the change was a closing and a new office, each
        // for its months. `offices` is ordered by office id, then opening.
        var merged: [(office: String, floor: OfficeFloor, opened: CivilDate, closed: CivilDate?)] = []
        for s in self.offices where s.opened <= r.periodEnd && (s.closed.map { $0 >= r.periodStart } ?? true) {
            if let last = merged.last, last.office == s.office, let c = last.closed, c.adding(days: 1) == s.opened {
                merged[merged.count - 1] = (s.office, s.floor, last.opened, s.closed)
            } else {
                merged.append((s.office, s.floor, s.opened, s.closed))
            }
        }
        let offices = merged.map { s in
            OfficeTax.Office(floorCentiM2: s.floor.floorCentiM2, sharedCentiM2: s.floor.sharedCentiM2, allExclusiveCentiM2: s.floor.allExclusiveCentiM2,
                             exemptCentiM2: s.floor.exemptCentiM2, opened: s.opened > r.periodStart ? s.opened : nil,
                             closed: s.closed.flatMap { $0 < r.periodEnd ? $0 : nil },
                             specialUse: s.floor.specialUse?.rawValue, specialCentiM2: s.floor.specialCentiM2)
        }
        return OfficeTax.Facts(periodStart: r.periodStart, periodEnd: r.periodEnd, offices: offices,
                               employeesAtEnd: r.officeTaxEmployees ?? r.employeesInCity, payroll: r.payroll ?? .zero, exemptPayroll: r.exemptPayroll,
                               payrollSpecialUse: r.specialUse?.rawValue, specialPayroll: r.specialPayroll)
    }
}

extension Assessor {
    /// A corporation's 法人市民税 of the fiscal year (its periods due in it), or nil when it
    /// filed none. Parameters are those of the fiscal year the period starts in; a period that
    /// starts before the rules' first year is not assessed.
    /// A 個人事業者 owes none: 法人市民税 is a corporation's (地方税法第294条第1項第3号).
    public func corporateTax(_ id: String, _ lp: LevyParameters, trace: Bool) -> Levy? {
        guard let c = population.corporations[id], !c.individual else { return nil }
        let sets = lp.corporate
        var periods: [CorporateAssessment.Period] = []
        let rules = lp.corporateDeadlines
        for (start, end) in c.periods(dueIn: fiscalYear, deadline: { r in rules[r.periodStart.fiscalYear].map { CorporateDeadlines.final(periodEnd: r.periodEnd, $0) } }) {
            guard let p = sets[start.fiscalYear], let d = rules[start.fiscalYear], let r = c.returnInForce(start: start, end: end) else { continue }
            let facts = c.corporateFacts(r, d)
            let result: CorporateMunicipalTax.Result
            do { result = try CorporateMunicipalTax.compute(facts, city: population.city, asOf: p.asOf, trace: trace, parameters: p) } catch { Self.incompleteRules(error) }
            let due = r.kind == .interim ? CorporateDeadlines.interim(periodStart: start, d) : CorporateDeadlines.final(periodEnd: end, d)
            var period = CorporateAssessment.Period(start: start, end: end, kind: r.kind, filed: r.filed, dueDate: due, facts: facts, result: result)
            period.fraudForeseen = r.fraudForeseen
            period.replaced = replacedReturns(c, by: r, due: due, lp) { e throws(MissingParameter) in
                try CorporateMunicipalTax.compute(c.corporateFacts(e, d), city: population.city, asOf: p.asOf, trace: false, parameters: p).total
            }
            if r.kind != .interim, let ir = c.returns.filter({ $0.kind == .interim && $0.periodStart == start && $0.periodEnd == end })
                .max(by: { ($0.filed, $0.seq) < ($1.filed, $1.seq) }) {
                let total: Yen
                do { total = try CorporateMunicipalTax.compute(c.corporateFacts(ir, d), city: population.city, asOf: p.asOf, trace: false, parameters: p).total }
                catch { Self.incompleteRules(error) }
                period.interim = (CorporateDeadlines.interim(periodStart: start, d), total, ir.filed)
            } else if r.kind != .interim, OfficeTax.periodMonths(from: start, until: end) > d.interimPeriodMonths,
                      let deemed = deemedInterim(c, start: start, end: end, lp, trace: false) {
                // None filed: the 予定申告 deemed filed on its 提出期限 keeps its tax there once the
                // final return is known, as a filed one does (第321条の8第1項後段; until 2026-12-06
                // the whole period moved to the final return's 納期限, so a levy run made only
                // after it ran the deemed tax's 延滞金 from months later).
                period.interim = (deemed.dueDate, deemed.result.total, deemed.filed)
            }
            periods.append(period)
        }
        if let d = deemedInterim(c, lp, trace: trace) { periods.append(d) }
        guard !periods.isEmpty else { return nil }
        let a = CorporateAssessment(periods: periods)
        return Levy(city: population.city, fiscalYear: fiscalYear, tax: .corporateTax, taxpayer: id, object: nil, amount: a.total, result: .corporate(a))
    }

    /// The 予定申告 deemed filed (below) among the periods due in this fiscal year, for the
    /// counter's list of returns: a deemed return has no record of its own to show.
    public func deemedInterim(of id: String, _ lp: LevyParameters) -> CorporateAssessment.Period? {
        guard let c = population.corporations[id] else { return nil }
        return deemedInterim(c, lp, trace: false)
    }

    /// The 予定申告 a corporation did not file, deemed filed on its 提出期限 (地方税法第321条の8第1項
    /// 後段; 広島市 houjinshiminzei/2082: 提出期限に予定(中間)申告書の提出があったものとみなされます).
    /// The period is the one after the latest with a final return, of twelve months (a 事業年度
    /// is fixed by the articles; a changed one shows in the next return), when it is due in this
    /// fiscal year, no return of it or of any later period is known, and the 提出期限 (two months
    /// after its first six, moved off closed days) has passed as known at the question's time —
    /// the store's latest record for "now". Not for 公益法人等 nor 協同組合等 (an office put to a
    /// cooperative's business), which file none; nor when the previous period's 法人税額 × 6 ÷ its
    /// months is within the national threshold (法人税法第71条第1項ただし書; 常総市, 筑後市), nor
    /// without an office in the city at the end of the first six months (closed or dissolved:
    /// the 事業年度 is then six months or less). The amounts: 均等割 for the months
    /// with an office in the first six, 法人税割 = the previous 法人税割 × 6 ÷ its months
    /// (常総市 houjinshiminzei_shinkoku_nouhu; 小松島市 docs/2714; × 4.7 or × 3.7 for the first
    /// period after the rate cuts of 2014 and 2019, as revision data), with the previous period's
    /// 資本金等の額 and employees (the latest known).
    func deemedInterim(_ c: CorporationState, _ lp: LevyParameters, trace: Bool) -> CorporateAssessment.Period? {
        guard !c.publicInterest, !c.individual else { return nil }
        guard let latest = c.returns.filter({ $0.kind != .interim }).max(by: { ($0.periodEnd, $0.filed, $0.seq) < ($1.periodEnd, $1.filed, $1.seq) }),
              let prev = c.returnInForce(start: latest.periodStart, end: latest.periodEnd) else { return nil }
        let start = prev.periodEnd.adding(days: 1)
        guard !c.returns.contains(where: { $0.periodEnd >= start }) else { return nil }
        let end = start.lastDayOfPeriod(months: 12)
        guard let d = lp.corporateDeadlines[start.fiscalYear], CorporateDeadlines.final(periodEnd: end, d).fiscalYear == fiscalYear else { return nil }
        return deemedInterim(c, start: start, end: end, lp, trace: trace)
    }

    /// The 予定申告 deemed filed for the period from `start` to `end`, whatever is known of the
    /// period itself; nil when none was due (the conditions above) or its 提出期限 has not passed
    /// as known. The previous period's 法人税額 is the one 確定 by the last day of the first six
    /// months (法人税法第71条第1項: "…六月を経過した日の前日までに確定したもの"): its return filed by
    /// then, the last of them; a return filed later (a late final return, a 修正申告) does not count.
    func deemedInterim(_ c: CorporationState, start: CivilDate, end: CivilDate, _ lp: LevyParameters,
                       trace: Bool) -> CorporateAssessment.Period? {
        guard !c.publicInterest, !c.individual, let d = lp.corporateDeadlines[start.fiscalYear],
              let prev = c.previousReturn(before: start, filedBy: CorporateDeadlines.interimEnd(periodStart: start, d)) else { return nil }
        guard let dPrev = lp.corporateDeadlines[prev.periodStart.fiscalYear],
              let p = lp.corporate[start.fiscalYear], let pPrev = lp.corporate[prev.periodStart.fiscalYear] else { return nil }
        let deadline = CorporateDeadlines.interim(periodStart: start, d)
        let now = p.asOf == .distantFuture ? population.recordedThrough : p.asOf
        guard now > RecordedTime.endOfDayInJapan(lp.calendar.moved(deadline)) else { return nil }
        // The office spells are worked out only for the few corporations still in question.
        let spells = c.offices
        guard !spells.contains(where: { $0.floor.specialUse == .cooperative }) else { return nil }
        // Closed (or gone from the city) within the first six months: its 事業年度 ends there and
        // no 予定申告 is due (a period of six months or less files none).
        let sixMonths = CorporateDeadlines.interimEnd(periodStart: start, d)
        if !spells.isEmpty, !spells.contains(where: { $0.opened <= sixMonths && ($0.closed.map { $0 > sixMonths } ?? true) }) { return nil }
        // 前事業年度の月数: by the calendar, a part month counted as one (法人税法第71条第2項).
        let prevMonths = OfficeTax.periodMonths(from: prev.periodStart, until: prev.periodEnd)
        do {
            guard try CorporateMunicipalTax.interimRequired(previousNationalTax: prev.nationalCorporateTax, months: prevMonths, parameters: pPrev) else { return nil }
            let before = try CorporateMunicipalTax.compute(c.corporateFacts(prev, dPrev), city: population.city, asOf: pPrev.asOf, trace: false, parameters: pPrev)
            let interim = CorporateReturn(kind: .interim, periodStart: start, periodEnd: end, capital: prev.capital, nationalCorporateTax: .zero,
                                          employeesInCity: prev.employeesInCity, employeesTotal: prev.employeesTotal, officeTaxEmployees: nil,
                                          payroll: nil, exemptPayroll: .zero, filed: deadline, seq: -1)
            var facts = c.corporateFacts(interim, d)
            facts.previous = .init(taxLevy: before.taxLevy, months: prevMonths, start: prev.periodStart)
            let result = try CorporateMunicipalTax.compute(facts, city: population.city, asOf: p.asOf, trace: trace, parameters: p)
            var period = CorporateAssessment.Period(start: start, end: end, kind: .interim, filed: deadline, dueDate: deadline, facts: facts, result: result)
            period.deemed = true
            return period
        } catch { Self.incompleteRules(error) }
    }

    /// A corporation's (or a 個人事業者's) 事業所税 of the fiscal year, or nil when no final return
    /// is known. A 個人事業者's periods fall in the fiscal year of their 15 March (or of the month
    /// after the business ended), by the return in force.
    public func officeTax(_ id: String, _ lp: LevyParameters, trace: Bool) -> Levy? {
        guard let c = population.corporations[id] else { return nil }
        let sets = lp.corporate
        var periods: [OfficeTaxAssessment.Period] = []
        // A 個人事業者's day depends on the proprietor's death, a fact of the period that any of
        // its final or amended returns may carry (a 修正申告 need not repeat it); a
        // corporation's on the period's end alone.
        let rules = lp.corporateDeadlines
        let deadline = { (r: CorporateReturn) -> CivilDate? in
            guard let d = rules[r.periodStart.fiscalYear] else { return nil }
            return c.individual ? CorporateDeadlines.individual(periodEnd: r.periodEnd, died: c.proprietorDied(start: r.periodStart, end: r.periodEnd), d)
                                : CorporateDeadlines.officeTax(periodEnd: r.periodEnd, d)
        }
        for (start, end) in c.periods(dueIn: fiscalYear, deadline: deadline) {
            guard let p = sets[start.fiscalYear], let r = c.returnInForce(start: start, end: end), r.kind != .interim, let due = deadline(r) else { continue }
            let facts = c.officeTaxFacts(r)
            let result: OfficeTax.Result
            do { result = try OfficeTax.compute(facts, city: population.city, asOf: p.asOf, trace: trace, parameters: p, unlisted: .asAdopted) } catch { Self.incompleteRules(error) }
            var period = OfficeTaxAssessment.Period(start: start, end: end, kind: r.kind, filed: r.filed, dueDate: due, facts: facts, result: result)
            period.fraudForeseen = r.fraudForeseen
            period.replaced = replacedReturns(c, by: r, due: due, lp) { e throws(MissingParameter) in
                try OfficeTax.compute(c.officeTaxFacts(e), city: population.city, asOf: p.asOf, trace: false, parameters: p, unlisted: .asAdopted).total
            }
            periods.append(period)
        }
        guard !periods.isEmpty else { return nil }
        let a = OfficeTaxAssessment(periods: periods)
        return Levy(city: population.city, fiscalYear: fiscalYear, tax: .officeTax, taxpayer: id, object: nil, amount: a.total, result: .officeTax(a))
    }

    /// The returns `r` (filed late) replaced, each with its total by the tax's own calculator
    /// under the period's rules; empty when there are none.
    private func replacedReturns(_ c: CorporationState, by r: CorporateReturn, due: CivilDate, _ lp: LevyParameters,
                                 total: (CorporateReturn) throws(MissingParameter) -> Yen) -> [ReplacedReturn] {
        var out: [ReplacedReturn] = []
        do {
            for e in c.replacedReturns(before: r, deadline: lp.calendar.moved(due)) { out.append(ReplacedReturn(filed: e.filed, total: try total(e), fraudForeseen: e.fraudForeseen)) }
        } catch { Self.incompleteRules(error) }
        return out
    }

    /// The rules were checked complete by running the calculators (`CorporateRulesProbe`,
    /// `LevyParameters.refused`) before any corporation is assessed; meeting a missing parameter
    /// here means that check has a hole. Stopping is the only answer that is not a silently
    /// smaller total (the error names a key, a city and a year: no personal data).
    private static func incompleteRules(_ e: MissingParameter) -> Never {
        preconditionFailure("corporate rules passed the completeness check but lack \(e.key) for \(e.city.rawValue) FY\(e.fiscalYear)")
    }
}
