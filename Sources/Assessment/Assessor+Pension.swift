import KaiseiCore
import Law
import Replay

/// 国民年金: records the city keeps for its first-category members. The premiums are due to
/// the state (国民年金法第87条), not levied by the city, so they are not `Levy` values; the
/// assessor reports them beside the levies.
extension Assessor {
    /// Members in the fiscal year and the premiums due from them; no premiums (nil) when the
    /// rules asked lack the year's premium, never ¥0.
    public func pensionSummary(_ set: ParameterSet) -> (members: Int, due: Yen?) {
        let members = population.pensionMembers(fiscalYear: fiscalYear)
        guard set.missingRequired(among: NationalPensionKeys.allKeys).isEmpty else { return (members.count, nil) }
        return (members.count, members.reduce(Yen.zero) { $0 + NationalPension.due($1.member, set) })
    }

    /// One person's record for the year and the premiums due (nil when the rules lack the
    /// premium), if a member.
    public func pension(of id: String, _ set: ParameterSet) -> (member: PensionMember, due: Yen?)? {
        guard let m = population.pensionMembers(fiscalYear: fiscalYear).first(where: { $0.id == id })?.member else { return nil }
        guard set.missingRequired(among: NationalPensionKeys.allKeys).isEmpty else { return (m, nil) }
        return (m, NationalPension.due(m, set))
    }
}
