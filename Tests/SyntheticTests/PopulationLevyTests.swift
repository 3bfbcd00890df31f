import Testing
import TestSupport
import Foundation
import KaiseiCore
import KaiseiEvents
import Law
import Replay
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
