import Testing
import TestSupport
import Foundation
import KaiseiCore
import KaiseiEvents
import Law
import Replay
import Assessment
import Synthetic

/// The generated population exercises every rule of the light vehicle and property taxes, and
/// the population run adds up to the per-subject figures.
@Suite("Levies over the synthetic population")
struct PopulationLevyTests {
    static let root = Checkout.root
    static let ruleBase = Checkout.ruleBase
    static let pops = Checkout.population(seed: 5, scale: 0.003)

    @Test("over FY2015–FY2027 vehicles pay the old, new, surcharged and green special rates")
    func everyVehicleBasisOccurs() {
        var seen: Set<LightVehicleBasis> = []
        for fy in 2015...2027 {
            for c in City.allCases {
                let p = LightVehicleParameters(ParameterSet(ruleBase: Self.ruleBase, city: c, fiscalYear: fy, asOf: .distantFuture))
                for a in Self.pops[c]!.lightVehicleTax(fiscalYear: fy, p) { seen.insert(a.result.basis) }
            }
        }
        #expect(seen.isSuperset(of: [.standard, .legacy, .surcharge, .green75]), "\(seen)")
        #expect(seen.contains(.green50) || seen.contains(.green25), "\(seen)")
    }

    @Test("the city run equals the sum of every subject's levy, both cities, FY2024")
    func runAddsUp() {
        let fy = 2024
        let runs = FiscalYearLevies.run(Self.pops, fiscalYear: fy, ruleBase: Self.ruleBase, asOf: .distantFuture)
        for r in runs {
            let pop = Self.pops[r.city]!
            let p = LevyParameters(ruleBase: Self.ruleBase, city: r.city, fiscalYear: fy, asOf: .distantFuture)
            let vehicles = pop.lightVehicleTax(fiscalYear: fy, p.lightVehicle)
            #expect(r.vehicles == vehicles.count && r.vehicles > 0)
            #expect(r.lightVehicleTax == vehicles.reduce(Yen.zero) { $0 + $1.result.amount })
            let property = pop.fixedAssetTax(fiscalYear: fy, firstYear: p.firstYear, params: p.fixedAsset)
            #expect(r.fixedAssetTax == property.reduce(Yen.zero) { $0 + $1.fixedAssetTax } && r.fixedAssetTax > .zero)
            #expect(r.cityPlanningTax > .zero)
            #expect(property.contains { $0.landExempt }, "no taxpayer under the land 免税点")
            #expect(property.contains { $0.owners.count > 1 && $0.fixedAssetTax > .zero }, "no co-owners assessed jointly")
        }
    }

    @Test("every tax of the city summary equals the sum over its subjects through the one-subject entry point, FY2025")
    func summaryEqualsSubjects() {
        let fy = 2025
        for c in City.allCases {
            let pop = Self.pops[c]!
            let p = LevyParameters(ruleBase: Self.ruleBase, city: c, fiscalYear: fy, asOf: .distantFuture)
            let assessor = Assessor(pop, fiscalYear: fy)
            let summary = assessor.summary(p)
            var sums: [LevyTax: Yen] = [:]
            var counted = Set<String>()
            for id in pop.residents.keys.sorted() {
                for levy in assessor.levies(of: id, p, trace: false) {
                    // A co-owned property levy appears under each owner: count it once.
                    guard counted.insert("\(levy.tax)|\(levy.taxpayer)|\(levy.object ?? "")").inserted else { continue }
                    sums[levy.tax, default: .zero] += levy.amount
                }
            }
            #expect(summary.residentTax > .zero && sums[.residentTax] == summary.residentTax, "\(c): resident tax")
            #expect(summary.nhi > .zero && sums[.nhi] == summary.nhi, "\(c): NHI")
            #expect(summary.fixedAssetTax > .zero && sums[.fixedAssetTax] == summary.fixedAssetTax, "\(c): fixed asset tax")
            #expect(summary.cityPlanningTax > .zero && sums[.cityPlanningTax] == summary.cityPlanningTax, "\(c): city planning tax")
            // Vehicles of owners who are not residents of the city are assessed but have no person here.
            let vehicles = assessor.levies(p, taxes: [.lightVehicleTax])
            let ofResidents = vehicles.filter { pop.residents[$0.taxpayer] != nil }.reduce(Yen.zero) { $0 + $1.amount }
            #expect(summary.lightVehicleTax > .zero && sums[.lightVehicleTax] == ofResidents, "\(c): light vehicle tax")
            #expect(vehicles.reduce(Yen.zero) { $0 + $1.amount } == summary.lightVehicleTax)
        }
    }

    @Test("vacant-house 勧告 and idle farmland change some parcels' bases in FY2027")
    func measuresOccur() {
        var vacant = 0, idle = 0
        for c in City.allCases {
            let pop = Self.pops[c]!
            for (id, _) in pop.parcels {
                guard let f = pop.landFacts(id, fiscalYear: 2027) else { continue }
                if f.vacantRecommendation != nil { vacant += 1 }
                if f.idleFarmlandRecommendation { idle += 1 }
            }
        }
        #expect(vacant > 0 && idle > 0, "vacant \(vacant), idle \(idle)")
    }
}
