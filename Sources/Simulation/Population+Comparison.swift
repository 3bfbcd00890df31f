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
        func income(_ id: String) -> Yen? { residents[id].map { $0.income(of: fy - 1).gross } }
        var out: [SubjectChange] = []
        func add(_ subject: String, _ tax: LevyTax, _ b: ComparedSide, _ a: ComparedSide, income: Yen?, householdOf first: String) {
            let sb = b.status ?? (b.amount == .zero ? "exempt" : "taxable"), sa = a.status ?? (a.amount == .zero ? "exempt" : "taxable")
            guard b.amount > .zero || a.amount > .zero || sb != sa else { return }
            out.append(SubjectChange(subject: subject, tax: tax, before: b.amount, after: a.amount, statusBefore: sb, statusAfter: sa,
                                     income: income, household: households.type(of: first)))
        }
        // A resident's two levies come one after the other (the assessor hands a subject's levies
        // set by set), so they pair without a table; taxes summed per taxpayer use one.
        var pendingResident: Levy?
        var entries: [ComparedKey: ComparedEntry] = [:]
        // The owner's light-vehicle status is the most favourable basis among their vehicles.
        let rank: [LightVehicleBasis] = [.green75, .green50, .green25, .standard, .legacy, .surcharge]
        Assessor(self, fiscalYear: fy).forEachLevy(under: [pb, pa], taxes: taxes) { side, levy in
            if levy.tax == .residentTax {
                guard side == 1, let b = pendingResident else { pendingResident = levy; return }
                pendingResident = nil
                add(levy.taxpayer, .residentTax, ComparedSide(amount: b.amount, status: b.status), ComparedSide(amount: levy.amount, status: levy.status),
                    income: income(levy.taxpayer), householdOf: levy.taxpayer)
                return
            }
            entries[ComparedKey(tax: levy.tax, taxpayer: levy.taxpayer), default: ComparedEntry(firstOwner: levy.firstOwner)]
                .add(levy, side: side, rank: rank)
        }
        for (key, e) in entries {
            add(key.taxpayer, key.tax, e.before, e.after, income: key.tax == .nhi ? e.income : income(e.firstOwner), householdOf: e.firstOwner)
        }
        out.sort { ($0.tax, $0.subject) < ($1.tax, $1.subject) }
        return out
    }
}

/// One side of a taxpayer's comparison: the amount, and the status reported (nil: from the amount).
fileprivate struct ComparedSide {
    var amount = Yen.zero
    var status: String?
    var rank = Int.max
}

fileprivate struct ComparedKey: Hashable {
    let tax: LevyTax
    let taxpayer: String
}

/// A taxpayer's levies of one tax summed on both sides.
fileprivate struct ComparedEntry {
    var before = ComparedSide()
    var after = ComparedSide()
    var income = Yen.zero
    let firstOwner: String

    init(firstOwner: String) { self.firstOwner = firstOwner }

    mutating func add(_ levy: Levy, side: Int, rank: [LightVehicleBasis]) {
        if side == 0 { before.add(levy, rank: rank) } else { after.add(levy, rank: rank) }
        // The NHI household's income counts once (on the first side).
        if side == 0, case .nhi(_, let h) = levy.result {
            income += h.members.reduce(Yen.zero) { $0 + $1.income.gross } + (h.nonMemberHead?.income.gross ?? .zero)
        }
    }
}

fileprivate extension ComparedSide {
    mutating func add(_ levy: Levy, rank: [LightVehicleBasis]) {
        amount += levy.amount
        switch levy.result {
        case .lightVehicle(let r):
            let k = rank.firstIndex(of: r.basis)!
            if k < self.rank { self.rank = k; status = levy.status }
        case .nhi:
            // The payer's first household's 軽減.
            if status == nil { status = levy.status }
        default:
            status = levy.status
        }
    }
}
