import Foundation
import KaiseiCore
import Law
import Replay

extension Population {
    /// Every taxpayer of the chosen taxes under two rule sets, in one pass over the state: each
    /// subject's facts are gathered once and assessed twice. Sorted by tax, then subject.
    public func compareLevies(fiscalYear fy: Int, before pb: LevyParameters, after pa: LevyParameters, taxes: Set<LevyTax>) -> [SubjectChange] {
        let households = HouseholdIndex(self, fiscalYear: fy)
        var out: [SubjectChange] = []
        func income(_ id: String) -> Yen? { residents[id].map { $0.income(of: fy - 1).gross } }
        func add(_ s: String, _ t: LevyTax, _ b: Yen, _ a: Yen, _ sb: String, _ sa: String, _ inc: Yen?, _ h: HouseholdType) {
            guard b > .zero || a > .zero || sb != sa else { return }
            out.append(SubjectChange(subject: s, tax: t, before: b, after: a, statusBefore: sb, statusAfter: sa, income: inc, household: h))
        }
        if taxes.contains(.residentTax) {
            func status(_ r: ResidentTaxResult) -> String { r.total == .zero || r.perCapitaExempt ? "non_taxable" : r.incomeLevyExempt ? "per_capita_only" : "taxable" }
            for (id, r) in residents where isResident(id, fiscalYear: fy) {
                guard let f = taxpayerFacts(id, fiscalYear: fy) else { continue }
                let b = ResidentTax.assess(f, fiscalYear: fy, pb.residentTax), a = ResidentTax.assess(f, fiscalYear: fy, pa.residentTax)
                add(id, .residentTax, b.total, a.total, status(b), status(a), r.income(of: fy - 1).gross, households.type(of: id))
            }
        }
        if taxes.contains(.nhi) {
            func status(_ r: NHIResult) -> String { ["none", "2割", "5割", "7割"][min(max(r.reductionLevel, 0), 3)] }
            var byPayer: [String: (b: Yen, a: Yen, sb: String, sa: String, inc: Yen)] = [:]
            for h in nhiHouseholds(fiscalYear: fy) {
                let b = NHI.assess(h.facts, fiscalYear: fy, pb.nhi), a = NHI.assess(h.facts, fiscalYear: fy, pa.nhi)
                let inc = h.facts.members.reduce(Yen.zero) { $0 + $1.income.gross } + (h.facts.nonMemberHead?.income.gross ?? .zero)
                var e = byPayer[h.payer] ?? (.zero, .zero, status(b), status(a), .zero)
                e.b += b.total; e.a += a.total; e.inc += inc
                byPayer[h.payer] = e
            }
            for (payer, e) in byPayer { add(payer, .nhi, e.b, e.a, e.sb, e.sa, e.inc, households.type(of: payer)) }
        }
        if taxes.contains(.lightVehicleTax) {
            // The owner's status is the most favourable basis among their vehicles.
            let rank: [LightVehicleBasis] = [.green75, .green50, .green25, .standard, .legacy, .surcharge]
            var byOwner: [String: (b: Yen, a: Yen, sb: LightVehicleBasis, sa: LightVehicleBasis)] = [:]
            for id in vehicles.keys {
                guard let (owner, facts) = vehicleOnLevyDate(id, fiscalYear: fy) else { continue }
                let b = LightVehicleTax.assess(facts, fiscalYear: fy, pb.lightVehicle), a = LightVehicleTax.assess(facts, fiscalYear: fy, pa.lightVehicle)
                var e = byOwner[owner] ?? (.zero, .zero, b.basis, a.basis)
                e.b += b.amount; e.a += a.amount
                if rank.firstIndex(of: b.basis)! < rank.firstIndex(of: e.sb)! { e.sb = b.basis }
                if rank.firstIndex(of: a.basis)! < rank.firstIndex(of: e.sa)! { e.sa = a.basis }
                byOwner[owner] = e
            }
            for (owner, e) in byOwner { add(owner, .lightVehicleTax, e.b, e.a, e.sb.rawValue, e.sa.rawValue, income(owner), households.type(of: owner)) }
        }
        if taxes.contains(.fixedAssetTax) || taxes.contains(.cityPlanningTax) {
            // 負担調整 reads the previous years' 課税標準, so each side computes its own history.
            let b = fixedAssetTax(fiscalYear: fy, firstYear: pb.firstYear, params: pb.fixedAsset)
            let a = fixedAssetTax(fiscalYear: fy, firstYear: pa.firstYear, params: pa.fixedAsset)
            var pairs: [String: (b: FixedAssetAssessment?, a: FixedAssetAssessment?, owners: [String])] = [:]
            for t in b { pairs[LevyLine.groupSubject(t.owners), default: (nil, nil, t.owners)].b = t }
            for t in a { pairs[LevyLine.groupSubject(t.owners), default: (nil, nil, t.owners)].a = t }
            let parts: [(LevyTax, KeyPath<FixedAssetAssessment, Yen>)] = [(.fixedAssetTax, \.fixedAssetTax), (.cityPlanningTax, \.cityPlanningTax)]
            for (s, pair) in pairs {
                let first = pair.owners.first ?? s
                for (tax, amount) in parts where taxes.contains(tax) {
                    let b = pair.b?[keyPath: amount] ?? .zero, a = pair.a?[keyPath: amount] ?? .zero
                    add(s, tax, b, a, b == .zero ? "exempt" : "taxable", a == .zero ? "exempt" : "taxable", income(first), households.type(of: first))
                }
            }
        }
        out.sort { ($0.tax, $0.subject) < ($1.tax, $1.subject) }
        return out
    }
}
