import KaiseiCore
import KaiseiEvents
import Law

/// Everything the engine knows about one resident, with its valid-time history: replay builds
/// it from events, and any fiscal year's facts can be read from it.
public struct ResidentState: Sendable {
    public var birthDate: CivilDate?
    public var female = false
    /// 直系尊属 of the household head (registered as 父母), for 同居老親等.
    public var linealAscendant = false
    /// true from registration (birth, move-in), false from moving out or death.
    public var resident = Timeline<Bool>()
    public var household = Timeline<String>()
    public var disability = Timeline<Disability>()
    public var familyStatus = Timeline<FamilyStatus>()
    public var workingStudent = Timeline<Bool>()
    /// Spouse: the other person's id while married, nil after it ended.
    public var spouse = Timeline<String?>()
    public var spouseCohabiting = Timeline<Bool>()
    /// Each dependant's support, by id.
    public var dependants: [String: Timeline<Bool>] = [:]
    public var dependantCohabiting: [String: Bool] = [:]
    /// Incomes by income year: the declaration in force (by source precedence), then corrections.
    public var declaredIncome: YearMap<(precedence: Int, seq: Int64, income: IncomeFacts)> = [:]
    public var correctedIncome: YearMap<IncomeFacts> = [:]
    public var deductions: YearMap<DeclaredDeductions> = [:]
    public var donations: [Donation] = []
    public var oneStopLapsed: Set<Int> = []
    /// NHI: the household while insured, nil after the membership ended.
    public var nhi = Timeline<String?>()
    /// 非自発的失業: the days of leaving a job with a qualifying 離職理由.
    public var involuntaryJobLoss: [CivilDate] = []
    /// 産前産後: expected delivery dates, and whether multiple.
    public var maternity: [(expected: CivilDate, multiple: Bool)] = []
    /// 国民年金 第1号被保険者 over valid time, and approved exemptions by exemption year.
    public var pension = Timeline<Bool>()
    public var pensionExemptions: YearMap<String> = [:]
    /// The day NHI ended because of 後期高齢者医療. Only the date is folded: the household left
    /// is read from the `nhi` timeline when assessing (`nhiToElderly`), so it does not depend
    /// on whether the membership's start was folded before its end.
    public var nhiToElderlyOn: CivilDate?

    /// The day NHI ended for 後期高齢者医療 and the household the person left that day.
    public var nhiToElderly: (date: CivilDate, household: String)? {
        guard let d = nhiToElderlyOn, let h = nhi.value(on: d.adding(days: -1)) ?? nil else { return nil }
        return (d, h)
    }

    public init() {}

    public func income(of year: Int) -> IncomeFacts {
        correctedIncome[year] ?? declaredIncome[year]?.income ?? IncomeFacts()
    }
}

public struct DeclaredDeductions: Sendable {
    public var socialInsurance = Yen.zero
    public var lifeInsurance = Yen.zero
    public var earthquakeInsurance = Yen.zero
    public var medical = Yen.zero
    public var other = Yen.zero
}
