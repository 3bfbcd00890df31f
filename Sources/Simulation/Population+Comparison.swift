import Foundation
import KaiseiCore
import Law
import Replay
import Assessment

extension Population {
    /// Every taxpayer of the chosen taxes under two rule sets: a fold over the assessor's levies
    /// under both sets at once (each subject's facts gathered once, assessed twice), per
    /// taxpayer and tax. Sorted by tax, then subject.
    public func compareLevies(fiscalYear fy: Int, before pb: LevyParameters, after pa: LevyParameters, taxes: Set<LevyTax>) -> [SubjectChange] {
        let households = HouseholdIndex(self, fiscalYear: fy)
        /// One taxpayer's amounts and statuses on both sides.
        struct Side { var amount = Yen.zero; var status: String?; var rank = Int.max }
        struct Entry { var sides = [Side(), Side()]; var income = Yen.zero; var firstOwner = "" }
        var entries: [LevyTax: [String: Entry]] = [:]
        // The owner's light-vehicle status is the most favourable basis among their vehicles.
        let rank: [LightVehicleBasis] = [.green75, .green50, .green25, .standard, .legacy, .surcharge]
        Assessor(self, fiscalYear: fy).forEachLevy(under: [pb, pa], taxes: taxes) { side, levy in
            var e = entries[levy.tax]?[levy.taxpayer] ?? Entry(firstOwner: levy.owners.first ?? levy.taxpayer)
            e.sides[side].amount += levy.amount
            switch levy.result {
            case .lightVehicle(let r):
                let k = rank.firstIndex(of: r.basis)!
                if k < e.sides[side].rank { e.sides[side].rank = k; e.sides[side].status = levy.status }
            case .nhi(_, let h):
                // The household's income counts once (on the first side); the first household's 軽減 is the payer's status.
                if side == 0 { e.income += h.members.reduce(Yen.zero) { $0 + $1.income.gross } + (h.nonMemberHead?.income.gross ?? .zero) }
                if e.sides[side].status == nil { e.sides[side].status = levy.status }
            default:
                e.sides[side].status = levy.status
            }
            entries[levy.tax, default: [:]][levy.taxpayer] = e
        }
        func income(_ id: String) -> Yen? { residents[id].map { $0.income(of: fy - 1).gross } }
        var out: [SubjectChange] = []
        for (tax, byTaxpayer) in entries {
            for (subject, e) in byTaxpayer {
                let b = e.sides[0], a = e.sides[1]
                let sb = b.status ?? status(tax, amount: b.amount), sa = a.status ?? status(tax, amount: a.amount)
                guard b.amount > .zero || a.amount > .zero || sb != sa else { continue }
                let inc: Yen? = tax == .nhi ? e.income : income(e.firstOwner)
                out.append(SubjectChange(subject: subject, tax: tax, before: b.amount, after: a.amount, statusBefore: sb, statusAfter: sa,
                                         income: inc, household: households.type(of: e.firstOwner)))
            }
        }
        out.sort { ($0.tax, $0.subject) < ($1.tax, $1.subject) }
        return out
    }

    /// The status of a side on which the taxpayer had no levy at all (a property taxpayer only
    /// one rule set assesses).
    private func status(_ tax: LevyTax, amount: Yen) -> String { amount == .zero ? "exempt" : "taxable" }
}
