import Foundation
import KaiseiCore
import Law

/// One city's levies for one fiscal year: what the annual levy run (当初賦課) produces, summed.
public struct CityLevies: Sendable {
    public let city: City
    public let fiscalYear: Int
    public var residents = 0
    public var residentTaxpayers = 0
    public var residentCityIncome = Yen.zero, residentPrefectureIncome = Yen.zero, residentPerCapita = Yen.zero, forestEnvironmentTax = Yen.zero
    public var vehicles = 0
    public var lightVehicleTax = Yen.zero
    public var propertyTaxpayers = 0
    public var fixedAssetTax = Yen.zero
    public var cityPlanningTax = Yen.zero
    public var nhiHouseholds = 0
    public var nhi = Yen.zero
    public var residentTax: Yen { residentCityIncome + residentPrefectureIncome + residentPerCapita + forestEnvironmentTax }
    public var total: Yen { residentTax + lightVehicleTax + fixedAssetTax + cityPlanningTax + nhi }
}

/// The rule set one run uses: parameters for a city, resolved once per tax (and, for 負担調整,
/// for every year since the start of Kaisei's history).
public struct LevyParameters: Sendable {
    public let residentTax: ResidentTaxParameters
    public let lightVehicle: LightVehicleParameters
    public let nhi: NHIParameters
    public let fixedAsset: [FixedAssetParameters]
    public let firstYear: Int
    public let revisionSetHash: String

    public init(ruleBase rb: RuleBase, city: City, fiscalYear fy: Int, asOf: RecordedTime, drafts: [Revision] = []) {
        let set = ParameterSet(ruleBase: rb, city: city, fiscalYear: fy, asOf: asOf, drafts: drafts)
        residentTax = ResidentTaxParameters(set)
        lightVehicle = LightVehicleParameters(set)
        nhi = NHIParameters(set)
        firstYear = ParameterCatalogue.years.lowerBound
        fixedAsset = (firstYear...fy).map { $0 == fy ? FixedAssetParameters(set) : FixedAssetParameters(ParameterSet(ruleBase: rb, city: city, fiscalYear: $0, asOf: asOf, drafts: drafts)) }
        revisionSetHash = set.revisionSetHash
    }
}

extension Population {
    /// Every levy Kaisei computes, for the whole city, each on its own 賦課期日: resident tax and
    /// property on 1 January, light vehicles on 1 April.
    public func assessAll(fiscalYear fy: Int, _ p: LevyParameters) -> CityLevies {
        var out = CityLevies(city: city, fiscalYear: fy)
        for (id, _) in residents where isResident(id, fiscalYear: fy) {
            out.residents += 1
            guard let f = taxpayerFacts(id, fiscalYear: fy) else { continue }
            let r = ResidentTax.assess(f, fiscalYear: fy, p.residentTax)
            if r.total > .zero { out.residentTaxpayers += 1 }
            out.residentCityIncome += r.cityIncomeLevy; out.residentPrefectureIncome += r.prefectureIncomeLevy
            out.residentPerCapita += r.cityPerCapita + r.prefecturePerCapita; out.forestEnvironmentTax += r.forestEnvironmentTax
        }
        for (id, _) in vehicles {
            guard let (_, facts) = vehicleOnLevyDate(id, fiscalYear: fy) else { continue }
            out.vehicles += 1
            out.lightVehicleTax += LightVehicleTax.assess(facts, fiscalYear: fy, p.lightVehicle).amount
        }
        for h in nhiHouseholds(fiscalYear: fy) {
            out.nhiHouseholds += 1
            out.nhi += NHI.assess(h.facts, fiscalYear: fy, p.nhi).total
        }
        for t in fixedAssetTax(fiscalYear: fy, firstYear: p.firstYear, params: p.fixedAsset) where t.total > .zero {
            out.propertyTaxpayers += 1
            out.fixedAssetTax += t.fixedAssetTax; out.cityPlanningTax += t.cityPlanningTax
        }
        return out
    }
}

/// Both cities at once: their histories are independent, so each runs on its own core.
public enum FiscalYearLevies {
    public static func run(_ pops: [City: Population], cities: [City] = City.allCases, fiscalYear fy: Int, ruleBase rb: RuleBase, asOf: RecordedTime, drafts: [Revision] = []) -> [CityLevies] {
        let results = LockedArray<CityLevies?>(count: cities.count, nil)
        DispatchQueue.concurrentPerform(iterations: cities.count) { i in
            let c = cities[i]
            let p = LevyParameters(ruleBase: rb, city: c, fiscalYear: fy, asOf: asOf, drafts: drafts)
            results.set(i, pops[c]!.assessAll(fiscalYear: fy, p))
        }
        return results.values.map { $0! }
    }
}

/// A fixed-size array written from several threads, one slot each.
public final class LockedArray<T: Sendable>: @unchecked Sendable {
    private var items: [T]
    private let lock = NSLock()
    public init(count: Int, _ initial: T) { items = Array(repeating: initial, count: count) }
    public func set(_ i: Int, _ v: T) { lock.lock(); items[i] = v; lock.unlock() }
    public var values: [T] { lock.lock(); defer { lock.unlock() }; return items }
}
