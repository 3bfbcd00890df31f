import KaiseiCore

/// One person of an NHI household for one fiscal year.
public struct NHIPerson: Sendable, Equatable {
    public var birthDate: CivilDate
    /// Incomes of the calendar year before the fiscal year.
    public var income: IncomeFacts
    /// Months insured in the fiscal year, bit 0 = April … bit 11 = March: from the month of
    /// joining to the month before leaving.
    public var months: UInt16
    /// 産前産後 months (exempt from 所得割 and 均等割 from January 2024).
    public var maternityMonths: UInt16 = 0
    /// 非自発的失業: the day of leaving a job with a qualifying 離職理由. Whether it lowers this
    /// fiscal year's 給与所得 (the period, the age at leaving) is the calculator's to judge.
    public var involuntaryJobLoss: CivilDate?
    /// What 所得金額調整控除 case 1 looks at, as on 31 December of the income year: NHI's base is
    /// the resident tax's 総所得金額 (国民健康保険法施行令第29条の7第2項第4号), which has it. Nil
    /// when not known (then case 1 is not applied).
    public var family: IncomeAdjustmentFamily?
    /// Whether the member counts in the 軽減判定: insured in the household on its judgement day
    /// (1 April, or the day the household was first insured later in the year). Set for every
    /// member or for none: when none is set (only months known), a member insured at the end of
    /// the household's first insured month counts (a member joining during that month too).
    public var judged: Bool?

    public init(birthDate: CivilDate, income: IncomeFacts = IncomeFacts(), months: UInt16 = 0xFFF) {
        self.birthDate = birthDate; self.income = income; self.months = months
    }

    public static func months(from first: Int, untilBefore end: Int = 12) -> UInt16 {
        var m: UInt16 = 0
        let lo = max(0, first), hi = min(12, end)
        guard lo < hi else { return 0 }
        for i in lo..<hi { m |= 1 << UInt16(i) }
        return m
    }
}

/// The person's own 特別障害者 status and the 配偶者 and 扶養親族 the resident tax sees.
public struct IncomeAdjustmentFamily: Sendable, Equatable {
    public var specialDisability: Bool
    public var spouse: RelativeFacts?
    public var dependants: [RelativeFacts]
    public init(specialDisability: Bool, spouse: RelativeFacts?, dependants: [RelativeFacts]) {
        self.specialDisability = specialDisability; self.spouse = spouse; self.dependants = dependants
    }
}

/// An NHI household (世帯) for one fiscal year. The head (世帯主) is the levy payer even when
/// not insured (擬制世帯主); his or her income counts only for the 軽減 judgement.
public struct NHIHousehold: Sendable, Equatable {
    public var members: [NHIPerson]
    /// The head when not a member (擬制世帯主); nil when the head is `members[0]`.
    public var nonMemberHead: NHIPerson?
    /// 特定同一世帯所属者: former members now in 後期高齢者医療, still in the household.
    public var formerMembers: [NHIPerson] = []
    /// Insured in the household on its judgement day but charged for no month (left before that
    /// month's end): they count in the 軽減判定 as on that day, and in nothing else.
    public var judgedOnly: [NHIPerson] = []
    /// Months from the month a member moved to 後期高齢者医療 to April of the fiscal year, when
    /// one insured member remains (特定世帯 / 特定継続世帯); nil otherwise.
    public var monthsSinceElderlyTransfer: Int?
    public init(members: [NHIPerson], nonMemberHead: NHIPerson? = nil, formerMembers: [NHIPerson] = [], monthsSinceElderlyTransfer: Int? = nil) {
        self.members = members; self.nonMemberHead = nonMemberHead; self.formerMembers = formerMembers
        self.monthsSinceElderlyTransfer = monthsSinceElderlyTransfer
    }
}

public struct NHIPart: Sendable, Equatable {
    public let part: String
    public let incomeLevy: Yen
    public let perCapita: Yen
    public let perHousehold: Yen
    /// The part's 賦課限度額 under the rules applied (shown at the counter beside whether it bit).
    public let cap: Yen
    public let capped: Bool
    public let amount: Yen
}

public struct NHIResult: Sendable, Equatable {
    public let parts: [NHIPart]
    /// 軽減: 0 none, 1 = 2割, 2 = 5割, 3 = 7割.
    public let reductionLevel: Int
    public let steps: [TraceStep]
    public var total: Yen { parts.reduce(.zero) { $0 + $1.amount } }
    public func part(_ name: String) -> NHIPart? { parts.first { $0.part == name } }
}
