import Foundation
import KaiseiCore
import Law
import Replay

/// One city's collection law as known at one moment: 納期 per tax and fiscal year, the
/// instalment rules, the 延滞金 rates and the 督促 parameters per calendar year. Each is worked
/// out once and kept, because a collection run reads them for every levy of a city, and the
/// counter service shares one among its requests (its caches are behind a lock).
public final class CollectionCalendar: @unchecked Sendable {
    public let ruleBase: RuleBase
    public let city: City
    public let asOf: RecordedTime
    private var sets: [Int: ParameterSet] = [:]
    private var schedules: [Int: (dates: [CivilDate], rules: InstalmentSchedule.Rules)] = [:]
    private var closed: [Int: Set<String>] = [:]
    private var movedDays: [CivilDate: CivilDate] = [:]
    private var jointYears: [Int: Bool] = [:]
    private var lateInterestYears: [Int: LateInterest.YearRules] = [:]
    private let lock = NSLock()

    public init(ruleBase: RuleBase, city: City, asOf: RecordedTime) {
        self.ruleBase = ruleBase; self.city = city; self.asOf = asOf
    }

    /// The parameters of a year: a fiscal year for 納期, a calendar year for rates and 督促
    /// (`revisions/collection/` counts calendar years).
    public func parameters(_ year: Int) -> ParameterSet {
        if let s = lock.withLock({ sets[year] }) { return s }
        let s = ParameterSet(ruleBase: ruleBase, city: city, fiscalYear: year, asOf: asOf)
        lock.withLock { sets[year] = s }
        return s
    }

    /// A date moved off Saturdays, Sundays, 祝日 and the city's 休日 (地方税法第20条の5第2項),
    /// remembered: a run asks the same few dates (a levy run's notice day plus ten) a million times.
    public func moved(_ day: CivilDate) -> CivilDate {
        if let m = lock.withLock({ movedDays[day] }) { return m }
        let m = movedUncached(day)
        lock.withLock { movedDays[day] = m }
        return m
    }

    private func movedUncached(_ day: CivilDate) -> CivilDate {
        DueDates.moved(day) { year in
            if let c = lock.withLock({ closed[year] }) { return c }
            let p = parameters(year)
            let c = Set(p.names(CollectionKeys.holidays) + p.names(CollectionKeys.closedDays))
            lock.withLock { closed[year] = c }
            return c
        }
    }

    /// The 納期 of a tax and fiscal year (NHI's from `nhi.instalments`) and the rules that split
    /// a levy over them.
    public func schedule(_ tax: LevyTax, fiscalYear fy: Int) -> (dates: [CivilDate], rules: InstalmentSchedule.Rules) {
        let k = fy * 8 + LevyTax.allCases.firstIndex(of: tax)!
        if let s = lock.withLock({ schedules[k] }) { return s }
        let p = parameters(fy)
        let key: String, unit: Yen
        switch tax {
        case .residentTax: key = DueDateKeys.residentTax; unit = p.yen(DueDateKeys.instalmentUnit)
        case .fixedAssetTax, .cityPlanningTax: key = DueDateKeys.fixedAssetTax; unit = p.yen(DueDateKeys.instalmentUnit)
        case .lightVehicleTax: key = DueDateKeys.lightVehicleTax; unit = p.yen(DueDateKeys.instalmentUnit)
        case .nhi: key = NHIKeys.instalments; unit = p.yen(NHIKeys.instalmentUnit)
        case .corporateTax, .officeTax:
            // 申告納付: each levy names its own 法定納期限 (`RecordedLevy.dueDate`).
            let s = ([CivilDate](), InstalmentSchedule.Rules(unit: Yen(1), leadDays: 0, supplementaryDays: 0))
            lock.withLock { schedules[k] = s }
            return s
        }
        let dates = DueDates.due(key, fiscalYear: fy, fiscal: p, calendar: parameters)
        let rules = InstalmentSchedule.Rules(unit: unit, leadDays: Int(p.count(DueDateKeys.noticeLeadDays)),
                                             supplementaryDays: Int(p.count(DueDateKeys.supplementaryDays)))
        let s = (dates, rules)
        lock.withLock { schedules[k] = s }
        return s
    }

    /// Whether the fiscal year's 都市計画税 is collected together with its 固定資産税 (地方税法
    /// 第702条の8第1項: the law's rule, "特別の事情がある場合を除くほか"): one account of the two per
    /// taxpayer, split into the 期別 as one sum, its 延滞金 and 督促 on that sum. Read per levy by a
    /// run over every open arrear, so remembered per year.
    public func collectsCityPlanningWithFixedAsset(fiscalYear fy: Int) -> Bool {
        if let j = lock.withLock({ jointYears[fy] }) { return j }
        let j = parameters(fy).flag(DueDateKeys.cityPlanningWithFixedAsset)
        lock.withLock { jointYears[fy] = j }
        return j
    }

    /// A calendar year's 延滞金 values (`LateInterest.YearRules`), read once per year.
    public func lateInterestRules(_ year: Int) -> LateInterest.YearRules {
        if let r = lock.withLock({ lateInterestYears[year] }) { return r }
        let r = LateInterest.YearRules(parameters(year))
        lock.withLock { lateInterestYears[year] = r }
        return r
    }

    /// The day a 督促状 is sent for an instalment due on `dueDate`, and the fee it charges.
    public func demand(after dueDate: CivilDate) -> (date: CivilDate, fee: Yen) {
        let days = parameters(dueDate.year).count(CollectionKeys.demandDaysAfterDue)
        let day = dueDate.adding(days: Int(days))
        return (day, parameters(day.year).yen(CollectionKeys.demandFee))
    }

    /// The revision set a collection figure reads (納期, 延滞金 rates, 督促).
    public var revisionSet: String { ruleBase.revisionSetHash(asOf: asOf, scope: .collection) }
}
