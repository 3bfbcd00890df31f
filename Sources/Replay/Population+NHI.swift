import KaiseiCore
import Law

/// An NHI household of one fiscal year and who pays for it (the 世帯主, insured or not).
public struct NHIHouseholdLevy: Sendable {
    public let household: String
    public let payer: String
    public let facts: NHIHousehold
}

extension Population {
    /// The NHI households of a fiscal year, built from membership over the months: a person is
    /// insured in a month if insured on its last day (so from the month of joining to the month
    /// before leaving). Each household is judged (軽減) and billed to its head as on 1 April, or
    /// for a household first insured later in the year, on the day it was (施行令第29条の7第5項):
    /// a member who joins after that day is charged for the months but not counted. Ordered by
    /// household id. `maternity` is the 産前産後 window in force for the year
    /// (`NHIParameters.maternityWindow`, from revisions/; nil before it applies). The family facts
    /// of 所得金額調整控除 case 1 are gathered only for salaries above `familyAbove`
    /// (`NHIParameters.incomeAdjustmentSalaryFrom`; nil: for nobody).
    public func nhiHouseholds(fiscalYear fy: Int, maternity window: MaternityWindow?, familyAbove: Yen? = .zero) -> [NHIHouseholdLevy] {
        let monthEnds: [CivilDate] = (0..<12).map { m in
            let ym = YearMonth(year: fy, month: 4)!.adding(months: m)
            return CivilDate(year: ym.year, month: ym.month, day: CivilDate.daysIn(year: ym.year, month: ym.month))!
        }
        var groups: [String: [(id: String, person: NHIPerson, nhi: Timeline<String?>)]] = [:]
        var firstMonth: [String: Int] = [:]
        // One walk over the residents (each step copies a whole state): members, and former
        // members who moved to 後期高齢者医療.
        var formerByHousehold: [String: [ResidentState]] = [:]
        // Insured at some time in the year but at no month's end (they left within a month):
        // charged nothing, yet counted in the 軽減 if insured on the household's judgement day.
        var uncharged: [String: [(id: String, state: ResidentState)]] = [:]
        let april1 = CivilDate(year: fy, month: 4, day: 1)!
        // Each state read in place (`ResidentTable.withStates`): most residents were never
        // insured, and a walk of copies retained every timeline of each.
        func visit(_ id: String, _ state: UnsafePointer<ResidentState>) {
            if let t = state.pointee.nhiToElderly { formerByHousehold[t.household, default: []].append(state.pointee) }
            guard let birth = state.pointee.birthDate else { return }
            let nhi = state.pointee.nhi
            var months: UInt16 = 0
            var household: String?
            for (m, end) in monthEnds.enumerated() {
                if let h = nhi.value(on: end) ?? nil {
                    months |= 1 << UInt16(m)
                    if household == nil { household = h; firstMonth[h] = min(firstMonth[h] ?? m, m) }
                }
            }
            guard let household, months != 0 else {
                for h in Self.households(in: nhi, from: april1, through: monthEnds[11]) { uncharged[h, default: []].append((id, state.pointee)) }
                return
            }
            var p = NHIPerson(birthDate: birth, income: state.pointee.income(of: fy - 1), months: months)
            p.family = incomeAdjustmentFamily(state, p.income, fiscalYear: fy, above: familyAbove)
            // The latest job loss whose period can reach this fiscal year (the calculator judges it).
            p.involuntaryJobLoss = state.pointee.involuntaryJobLoss.filter { NHI.unemploymentFirstYear($0) <= fy }.max()
            for m in state.pointee.maternity {
                guard let window else { break }
                for ym in window.exemptMonths(expected: YearMonth(year: m.expected.year, month: m.expected.month)!, multiple: m.multiple) {
                    let idx = (ym.year - fy) * 12 + ym.month - 4
                    if idx >= 0 && idx < 12 { p.maternityMonths |= 1 << UInt16(idx) }
                }
            }
            groups[household, default: []].append((id, p, nhi))
        }
        residents.withStates { states in
            for i in states.indices where !states[i].nhi.entries.isEmpty { visit(residents.id(at: i), states.baseAddress! + i) }
        }
        var out: [NHIHouseholdLevy] = []
        for (h, members) in groups.sorted(by: { $0.key < $1.key }) {
            let unchargedHere = (uncharged[h] ?? []).sorted { $0.id < $1.id }
            let day = Self.judgementDay(h, members.map(\.nhi) + unchargedHere.map(\.state.nhi), april1: april1, through: monthEnds[11]) ?? monthEnds[firstMonth[h] ?? 0]
            let sorted = members.sorted { $0.id < $1.id }
            let head = householdHeads[h]?.value(on: day) ?? sorted[0].id
            var ordered = sorted.map { m in
                var p = m.person
                p.judged = (m.nhi.value(on: day) ?? nil) == h
                return p
            }
            var nonMember: NHIPerson?
            if let i = sorted.firstIndex(where: { $0.id == head }) {
                ordered.insert(ordered.remove(at: i), at: 0)
            } else if let r = residents[head], let birth = r.birthDate {
                var p = NHIPerson(birthDate: birth, income: r.income(of: fy - 1), months: 0)
                p.family = incomeAdjustmentFamily(r, p.income, fiscalYear: fy, above: familyAbove)
                nonMember = p
            }
            // 特定同一世帯所属者: former members who moved to 後期高齢者医療 and still live here.
            var former: [NHIPerson] = []
            var since: Int?
            for r in formerByHousehold[h] ?? [] {
                // Only one who had moved by the judgement day: one who moves later in the year is
                // still a member then (counted once, not twice; 施行令第29条の7第5項).
                guard let t = r.nhiToElderly, t.date <= day, r.resident.value(on: day) == true, r.household.value(on: day) == h,
                      let birth = r.birthDate else { continue }
                var p = NHIPerson(birthDate: birth, income: r.income(of: fy - 1), months: 0)
                p.family = incomeAdjustmentFamily(r, p.income, fiscalYear: fy, above: familyAbove)
                former.append(p)
                let m = (fy - t.date.year) * 12 + 4 - t.date.month
                since = min(since ?? m, m)
            }
            var facts = NHIHousehold(members: ordered, nonMemberHead: nonMember, formerMembers: former, monthsSinceElderlyTransfer: since)
            for (_, r) in unchargedHere where (r.nhi.value(on: day) ?? nil) == h {
                // One who moved to 後期高齢者医療 by that day is a former member above already.
                guard let birth = r.birthDate, !(r.nhiToElderly.map { $0.household == h && $0.date <= day } ?? false) else { continue }
                var p = NHIPerson(birthDate: birth, income: r.income(of: fy - 1), months: 0)
                p.family = incomeAdjustmentFamily(r, p.income, fiscalYear: fy, above: familyAbove)
                facts.judgedOnly.append(p)
            }
            out.append(NHIHouseholdLevy(household: h, payer: head, facts: facts))
        }
        return out
    }
}

extension Population {
    /// The households `timeline` names between `from` and `through` (inclusive).
    static func households(in timeline: Timeline<String?>, from: CivilDate, through last: CivilDate) -> Set<String> {
        var out = Set<String>()
        if let h = timeline.value(on: from) ?? nil { out.insert(h) }
        for e in timeline.entries where e.valid > from && e.valid <= last { if let h = e.value { out.insert(h) } }
        return out
    }

    /// 1 April if a member was insured in `household` then; otherwise the first day in the year
    /// a member was.
    static func judgementDay(_ household: String, _ memberships: [Timeline<String?>], april1: CivilDate, through last: CivilDate) -> CivilDate? {
        if memberships.contains(where: { ($0.value(on: april1) ?? nil) == household }) { return april1 }
        var first: CivilDate?
        for m in memberships {
            for e in m.entries where e.valid > april1 && e.valid <= last && (first == nil || e.valid < first!) {
                if (m.value(on: e.valid) ?? nil) == household { first = e.valid; break }
            }
        }
        return first
    }

    /// The family facts 所得金額調整控除 case 1 looks at, for a person with a salary (the only
    /// income it lowers); nil otherwise.
    func incomeAdjustmentFamily(_ r: ResidentState, _ income: IncomeFacts, fiscalYear fy: Int, above: Yen?) -> IncomeAdjustmentFamily? {
        withUnsafePointer(to: r) { incomeAdjustmentFamily($0, income, fiscalYear: fy, above: above) }
    }

    func incomeAdjustmentFamily(_ r: UnsafePointer<ResidentState>, _ income: IncomeFacts, fiscalYear fy: Int, above: Yen?) -> IncomeAdjustmentFamily? {
        guard let above, income.salary > max(above, .zero), let f = taxpayerFacts(at: r, fiscalYear: fy) else { return nil }
        return IncomeAdjustmentFamily(specialDisability: f.disability == .special, spouse: f.spouse, dependants: f.dependants)
    }
}

extension Population {
    /// 国民年金 第1号被保険者 of the fiscal year: months enrolled (on each month's last day) and the
    /// exemptions approved for the exemption years the months fall in. Ordered by person.
    public func pensionMembers(fiscalYear fy: Int) -> [(id: String, member: PensionMember)] {
        var out: [(id: String, member: PensionMember)] = []
        for (id, r) in residents where !r.pension.entries.isEmpty {
            var months: UInt16 = 0
            for m in 0..<12 {
                let ym = YearMonth(year: fy, month: 4)!.adding(months: m)
                if r.pension.value(on: CivilDate(year: ym.year, month: ym.month, day: CivilDate.daysIn(year: ym.year, month: ym.month))!) == true { months |= 1 << UInt16(m) }
            }
            guard months != 0 else { continue }
            out.append((id, PensionMember(months: months, exemptionBefore: r.pensionExemptions[fy - 1], exemptionThis: r.pensionExemptions[fy])))
        }
        return out.sorted { $0.id < $1.id }
    }
}
