import KaiseiCore

/// 国民年金 第1号被保険者の保険料: the city keeps the records (enrolment, exemptions); collection is
/// national. The premium of each month of a fiscal year, less the exempted share of the
/// exemption year (July to June) the month falls in.
public enum NationalPensionKeys {
    public static let monthlyPremium = "pension.monthly_premium"
    public static let kinds = ["full", "three_quarters", "half", "quarter", "student"]
    public static func dueShare(_ kind: String) -> String { "pension.exemption.due_share.\(kind)" }
}

public struct PensionMember: Sendable, Equatable {
    /// Months enrolled as 第1号被保険者 in the fiscal year (bit 0 = April).
    public var months: UInt16
    /// Approved exemption kind of the exemption year starting in July of the fiscal year before,
    /// and of the one starting in July of this fiscal year.
    public var exemptionBefore: String?
    public var exemptionThis: String?
    public init(months: UInt16, exemptionBefore: String? = nil, exemptionThis: String? = nil) {
        self.months = months; self.exemptionBefore = exemptionBefore; self.exemptionThis = exemptionThis
    }
}

public enum NationalPension {
    /// Premiums due for the fiscal year: April–June fall in the exemption year that began the
    /// July before, July–March in this one.
    public static func due(_ m: PensionMember, _ set: ParameterSet) -> Yen {
        let premium = set.yen(NationalPensionKeys.monthlyPremium)
        var total = Yen.zero
        for i in 0..<12 where m.months & (1 << UInt16(i)) != 0 {
            let kind = i < 3 ? m.exemptionBefore : m.exemptionThis
            let share = kind.map { set.rate(NationalPensionKeys.dueShare($0)) } ?? .one
            total += premium.times(share, .down)
        }
        return total
    }
}
