import KaiseiCore
import KaiseiEvents

/// What a `CorporateReturnFiled` is: 予定・中間申告 (the first six months), 確定申告 or 修正申告.
public enum CorporateReturnKind: String, Sendable, Equatable {
    case interim, final, amended
    init(_ v: Vocabulary.CorporateReturnKind) {
        switch v {
        case .interim: self = .interim
        case .final: self = .final
        case .amended: self = .amended
        }
    }
}

/// An office's floor as `OfficeOpened` recorded it, in hundredths of a ㎡.
public struct OfficeFloor: Sendable, Equatable {
    public var floorCentiM2: Int64
    public var sharedCentiM2: Int64
    public var allExclusiveCentiM2: Int64
    public var exemptCentiM2: Int64
    /// The 課税標準の特例 use of `specialCentiM2` of the floor (第701条の41).
    public var specialUse: Vocabulary.OfficeSpecialUse?
    public var specialCentiM2: Int64
    public init(floorCentiM2: Int64, sharedCentiM2: Int64 = 0, allExclusiveCentiM2: Int64 = 0, exemptCentiM2: Int64 = 0,
                specialUse: Vocabulary.OfficeSpecialUse? = nil, specialCentiM2: Int64 = 0) {
        self.floorCentiM2 = floorCentiM2; self.sharedCentiM2 = sharedCentiM2; self.allExclusiveCentiM2 = allExclusiveCentiM2; self.exemptCentiM2 = exemptCentiM2
        self.specialUse = specialUse; self.specialCentiM2 = specialCentiM2
    }
}

/// One opening (with its floor) or closing of an office, in valid time.
public struct OfficeMark: Sendable, Equatable {
    public let date: CivilDate
    public let seq: Int64
    /// nil: the office closed.
    public let floor: OfficeFloor?
}

/// An office open from `opened` to `closed` (the last day it was open), inclusive.
public struct OfficeSpell: Sendable, Equatable {
    public let office: String
    public let floor: OfficeFloor
    public let opened: CivilDate
    public let closed: CivilDate?
}

/// One return as filed: the figures the corporation declared for one 事業年度.
public struct CorporateReturn: Sendable, Equatable {
    public let kind: CorporateReturnKind
    public let periodStart: CivilDate
    public let periodEnd: CivilDate
    public let capital: Yen?
    public let nationalCorporateTax: Yen
    public let employeesInCity: Int
    public let employeesTotal: Int?
    /// The 分割基準's counts when the return gives them (an office opened or closed in the period).
    public let divisionEmployeesInCity: Int?
    public let divisionEmployeesTotal: Int?
    public let officeTaxEmployees: Int?
    public let payroll: Yen?
    public let exemptPayroll: Yen
    /// The part of the payroll paid for work in a 課税標準の特例 use, and the use.
    public let specialUse: Vocabulary.OfficeSpecialUse?
    public let specialPayroll: Yen
    /// A 修正申告 filed after 偽りその他不正の行為, foreseeing a 更正: no 除算期間 for its raise.
    public let fraudForeseen: Bool
    /// A 個人事業者's business ended at `periodEnd` with the proprietor's death (its 事業所税 is
    /// due within four months of it, not one: 地方税法第701条の47第1項).
    public let proprietorDied: Bool
    public let filed: CivilDate
    public let seq: Int64
    public init(kind: CorporateReturnKind, periodStart: CivilDate, periodEnd: CivilDate, capital: Yen?, nationalCorporateTax: Yen, employeesInCity: Int,
                employeesTotal: Int?, officeTaxEmployees: Int?, payroll: Yen?, exemptPayroll: Yen,
                specialUse: Vocabulary.OfficeSpecialUse? = nil, specialPayroll: Yen = .zero, fraudForeseen: Bool = false, proprietorDied: Bool = false,
                divisionEmployeesInCity: Int? = nil, divisionEmployeesTotal: Int? = nil, filed: CivilDate, seq: Int64) {
        self.fraudForeseen = fraudForeseen; self.proprietorDied = proprietorDied
        self.divisionEmployeesInCity = divisionEmployeesInCity; self.divisionEmployeesTotal = divisionEmployeesTotal
        self.kind = kind; self.periodStart = periodStart; self.periodEnd = periodEnd; self.capital = capital
        self.nationalCorporateTax = nationalCorporateTax; self.employeesInCity = employeesInCity; self.employeesTotal = employeesTotal
        self.officeTaxEmployees = officeTaxEmployees; self.payroll = payroll; self.exemptPayroll = exemptPayroll
        self.specialUse = specialUse; self.specialPayroll = specialPayroll; self.filed = filed; self.seq = seq
    }
}

/// A corporation on the city's register: its offices over valid time and every return it filed.
/// Facts are kept as recorded (marks and returns, with their sequence); which office was open
/// when, and which return is in force for a period, are worked out when asked, so the same facts
/// recorded in another order give the same answer.
public struct CorporationState: Sendable, Equatable {
    public var corporateNumber: String?
    public var publicInterest = false
    /// A 個人事業者 on the register for 事業所税 alone: it owes no 法人市民税, files no 予定申告,
    /// and its 算定期間 is the calendar year (地方税法第701条の47).
    public var individual = false
    public var registered: CivilDate?
    public var officeMarks: [String: [OfficeMark]] = [:]
    public var returns: [CorporateReturn] = []
    public init() {}

    /// Every spell of every office, by office id then opening day. Marks of one office are read
    /// in valid-time order (ties by sequence); a second opening while open changes the floor from
    /// that day (a new spell), a closing while closed is ignored.
    public var offices: [OfficeSpell] {
        var out: [OfficeSpell] = []
        for id in officeMarks.keys.sorted() {
            var open: (CivilDate, OfficeFloor)?
            for m in officeMarks[id]!.sorted(by: { ($0.date, $0.seq) < ($1.date, $1.seq) }) {
                if let floor = m.floor {
                    if let (from, f) = open { out.append(OfficeSpell(office: id, floor: f, opened: from, closed: m.date.adding(days: -1))) }
                    open = (m.date, floor)
                } else if let (from, f) = open {
                    out.append(OfficeSpell(office: id, floor: f, opened: from, closed: m.date))
                    open = nil
                }
            }
            if let (from, f) = open { out.append(OfficeSpell(office: id, floor: f, opened: from, closed: nil)) }
        }
        return out
    }

    /// The 事業年度 (start, end) whose 確定申告's 法定納期限 (`deadline` of the period's returns:
    /// two months after the end for a corporation, 地方税法第321条の8; 15 March next for a 個人
    /// 事業者, 第701条の47; nil when the period's rules are not known) falls in a fiscal year: the
    /// year the city records its levy in (調定年度), in start order.
    public func periods(dueIn fy: Int, deadline: (CorporateReturn) -> CivilDate?) -> [(start: CivilDate, end: CivilDate)] {
        var seen = Set<Int64>()
        var out: [(start: CivilDate, end: CivilDate)] = []
        for r in returns where deadline(r)?.fiscalYear == fy {
            let key = Int64(r.periodStart.packed) << 32 | Int64(r.periodEnd.packed)
            if seen.insert(key).inserted { out.append((r.periodStart, r.periodEnd)) }
        }
        return out.sorted { ($0.start, $0.end) < ($1.start, $1.end) }
    }

    /// Whether a 個人事業者's business ended with the proprietor's death at a period's end: said
    /// by any final or amended return of the period, since a later one need not repeat it.
    public func proprietorDied(start: CivilDate, end: CivilDate) -> Bool {
        returns.contains { $0.periodStart == start && $0.periodEnd == end && $0.kind != .interim && $0.proprietorDied }
    }

    /// The return in force for the 事業年度 that ended the day before `start` (a final or amended
    /// one) among those filed by `filedBy`: the previous period a 予定申告 is reckoned from
    /// (地方税法第321条の8第1項, 法人税法第71条第1項); nil when none is known, as for a
    /// corporation's first period.
    public func previousReturn(before start: CivilDate, filedBy cutoff: CivilDate) -> CorporateReturn? {
        let end = start.adding(days: -1)
        return returns.filter { $0.kind != .interim && $0.periodEnd == end && $0.filed <= cutoff }.max { ($0.filed, $0.seq) < ($1.filed, $1.seq) }
    }

    /// The return in force for a period: the last final or amended one by filing day (then
    /// sequence); an interim one only while no final return is known.
    public func returnInForce(start: CivilDate, end: CivilDate) -> CorporateReturn? {
        let mine = returns.filter { $0.periodStart == start && $0.periodEnd == end }
        func latest(_ xs: [CorporateReturn]) -> CorporateReturn? { xs.max { ($0.filed, $0.seq) < ($1.filed, $1.seq) } }
        return latest(mine.filter { $0.kind != .interim }) ?? latest(mine.filter { $0.kind == .interim })
    }
}

extension Population {
    mutating func applyCorporate(_ e: Event, seq: Int64) {
        let f = EventFields.shared.corporation
        switch e.type {
        case .corporationRegistered:
            corporations[e.subject, default: CorporationState()].corporateNumber = e[f.corporateNumber]
            corporations[e.subject, default: CorporationState()].publicInterest = e[f.publicInterest] ?? false
            corporations[e.subject, default: CorporationState()].individual = e[f.individual] ?? false
            corporations[e.subject, default: CorporationState()].registered = e.validDate
        case .officeOpened:
            guard let office = e[f.office], let floor = e[f.floor] else { return }
            let mark = OfficeMark(date: e.validDate, seq: seq, floor: OfficeFloor(floorCentiM2: floor, sharedCentiM2: e[f.shared] ?? 0,
                                                                                   allExclusiveCentiM2: e[f.allExclusive] ?? 0, exemptCentiM2: e[f.exempt] ?? 0,
                                                                                   specialUse: e[f.specialUse], specialCentiM2: e[f.specialArea] ?? 0))
            corporations[e.subject, default: CorporationState()].officeMarks[office, default: []].append(mark)
        case .officeClosed:
            guard let office = e[f.office] else { return }
            corporations[e.subject, default: CorporationState()].officeMarks[office, default: []].append(OfficeMark(date: e.validDate, seq: seq, floor: nil))
        case .corporateReturnFiled:
            guard let kind = e[f.kind], let start = e[f.periodStart], let end = e[f.periodEnd], let tax = e[f.nationalCorporateTax],
                  let inCity = e[f.employeesInCity] else { return }
            let r = CorporateReturn(kind: CorporateReturnKind(kind), periodStart: start, periodEnd: end, capital: e[f.capital], nationalCorporateTax: tax,
                                    employeesInCity: Int(inCity), employeesTotal: e[f.employeesTotal].map { Int($0) },
                                    officeTaxEmployees: e[f.officeTaxEmployees].map { Int($0) }, payroll: e[f.payroll],
                                    exemptPayroll: e[f.exemptPayroll] ?? .zero, specialUse: e[f.payrollSpecialUse],
                                    specialPayroll: e[f.specialPayroll] ?? .zero, fraudForeseen: kind == .amended && e[f.fraudForeseen] == true,
                                    proprietorDied: e[f.proprietorDied] ?? false,
                                    divisionEmployeesInCity: e[f.divisionEmployeesInCity].map { Int($0) },
                                    divisionEmployeesTotal: e[f.divisionEmployeesTotal].map { Int($0) },
                                    filed: e.validDate, seq: seq)
            corporations[e.subject, default: CorporationState()].returns.append(r)
        default:
            break
        }
    }
}
