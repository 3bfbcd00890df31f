import Testing
import KaiseiCore
import KaiseiEvents
import Replay
import Counter

/// The resident page's levies: what was paid, what is unpaid, what of that is past its 納期限,
/// and 延滞金 — against plain sums over the ledger, not the account the page reads.
@Suite("Resident page: paid, unpaid, 滞納 and 延滞金 of each levy")
struct ResidentLevyTests {
    let f = CounterFixture.shared

    @Test("as known in March 2028, FY2026's unpaid is all past its 納期限; 延滞金 reaching into 2027 (no rate in the rules yet) is shown as not computed, never guessed")
    func paidUnpaidOverdue() throws {
        let knownAt = RecordedTime(iso: "2028-03-31", dateMeansEndOfDay: true)!
        var checked = 0, withArrears = 0
        for city in City.allCases {
            let caller = f.caller(city, .clerk)
            let pop = f.view.pops[city]!
            for id in f.residents(city).prefix(120) {
                guard let r = try? f.service.resident(caller, id, knownAt: knownAt, route: "test") else { continue }
                for y in r.levies where y.fiscalYear == 2026 {
                    // Plain path: the payments of the tax in the ledger, summed and capped at the levy.
                    // 固定資産税 and 都市計画税 are collected together (地方税法第702条の8; as known in
                    // 2028): the payments naming either pay their sum, each tax's share pro rata
                    // to the two amounts, the 固定資産税's cut to the yen.
                    let pair: [LevyTax] = [.fixedAssetTax, .cityPlanningTax]
                    let taxes = pair.contains(y.tax) ? pair : [y.tax]
                    func amount(_ t: LevyTax) -> Yen { r.levies.first { $0.tax == t && $0.fiscalYear == 2026 && $0.taxpayer == y.taxpayer }?.amount ?? .zero }
                    let paidAll = (pop.ledger.payments[y.taxpayer] ?? [])
                        .filter { taxes.contains($0.tax) && $0.fiscalYear == 2026 && $0.kind == .tax && $0.date <= knownAt.japanDate }
                        .reduce(Yen.zero) { $0 + $1.amount }
                    let total = taxes.reduce(Yen.zero) { $0 + amount($1) }
                    let got = min(paidAll, total)
                    let fixedAsset = total > .zero ? Yen(got.amount * amount(.fixedAssetTax).amount / total.amount) : got
                    let paid = y.tax == .cityPlanningTax ? got - fixedAsset : y.tax == .fixedAssetTax ? fixedAsset : got
                    #expect(y.paid == min(paid, y.amount), "\(id) \(y.tax)")
                    #expect(y.outstanding == (y.amount - min(paid, y.amount)))
                    #expect(y.overdue == y.outstanding, "every FY2026 納期限 is before 2028-03-31")
                    if y.overdue > .zero {
                        withArrears += 1
                        #expect(y.lateInterestUnpaid == nil, "a 延滞金 running into 2027 has no rate yet: \(id) \(y.tax)")
                    }
                    checked += 1
                }
            }
        }
        #expect(checked > 100)
        #expect(withArrears > 0, "the fixture's simulated payments leave some levies in arrears")
    }
}
