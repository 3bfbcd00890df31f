import Foundation
import KaiseiCore
import Law
import Replay

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
    /// Corporations with a 法人市民税 levy, and the two corporate taxes.
    public var corporations = 0
    public var corporateTax = Yen.zero
    public var officeTaxpayers = 0
    public var officeTax = Yen.zero
    /// Taxes not assessed because their rules lack a required parameter (none counted above).
    public var refused: [LevyTax: [MissingParameter]] = [:]
    public var residentTax: Yen { residentCityIncome + residentPrefectureIncome + residentPerCapita + forestEnvironmentTax }
    public var total: Yen { residentTax + lightVehicleTax + fixedAssetTax + cityPlanningTax + nhi + corporateTax + officeTax }

    public init(city: City, fiscalYear: Int) { self.city = city; self.fiscalYear = fiscalYear }

    /// Adds one levy: the summary is a fold over the assessor's levies.
    public mutating func add(_ levy: Levy) {
        switch levy.result {
        case .residentTax(let r):
            if r.total > .zero { residentTaxpayers += 1 }
            residentCityIncome += r.cityIncomeLevy; residentPrefectureIncome += r.prefectureIncomeLevy
            residentPerCapita += r.cityPerCapita + r.prefecturePerCapita; forestEnvironmentTax += r.forestEnvironmentTax
        case .lightVehicle(let r):
            vehicles += 1
            lightVehicleTax += r.amount
        case .nhi(let r, _):
            nhiHouseholds += 1
            nhi += r.total
        case .property(let t):
            // Both parts share one result: count the taxpayer once, on its 固定資産税 levy.
            if levy.tax == .fixedAssetTax {
                if t.total > .zero { propertyTaxpayers += 1 }
                fixedAssetTax += t.fixedAssetTax
            } else {
                cityPlanningTax += t.cityPlanningTax
            }
        case .corporate(let a):
            corporations += 1
            corporateTax += a.total
        case .officeTax(let a):
            if a.total > .zero { officeTaxpayers += 1 }
            officeTax += a.total
        }
    }
}

extension Assessor {
    /// Every levy Kaisei computes for the whole city, summed.
    public func summary(_ p: LevyParameters) -> CityLevies {
        var out = CityLevies(city: population.city, fiscalYear: fiscalYear)
        out.refused = p.refused
        // Read in place: a lookup by id per resident (hash, probe, copy) cost as much as their tax.
        let day = CivilDate(year: fiscalYear, month: 1, day: 1)!
        let residents = population.residents
        for i in residents.indices where residents[position: i].resident.value(on: day) == true { out.residents += 1 }
        forEachLevy(under: [p]) { _, levy in out.add(levy) }
        return out
    }

    /// Every taxpayer's amount of every levy, in (taxpayer, tax) order: the content of a levy
    /// run. Levies on objects are summed per taxpayer; zero amounts are left out.
    public func levyLines(_ p: LevyParameters) -> [LevyLine] {
        var sums: [LevyTax: [String: Yen]] = [:]
        var due: [String: (CivilDate, CivilDate?, Bool)] = [:]
        var parts: [String: [DuePart]] = [:]
        forEachLevy(under: [p]) { _, levy in
            sums[levy.tax, default: [:]][levy.taxpayer, default: .zero] += levy.amount
            if let d = levy.dueDate {
                due["\(levy.taxpayer)|\(levy.tax.rawValue)"] = (d, levy.returnFiled, levy.fraudForeseen)
                let ps = levy.dueParts
                if ps.count > 1 { parts["\(levy.taxpayer)|\(levy.tax.rawValue)"] = ps }
            }
        }
        var out: [LevyLine] = []
        for (tax, byTaxpayer) in sums {
            for (taxpayer, amount) in byTaxpayer where amount > .zero {
                let d = due["\(taxpayer)|\(tax.rawValue)"]
                var line = LevyLine(subject: taxpayer, tax: tax, amount: amount, dueDate: d?.0, returnFiled: d?.1,
                                    parts: parts["\(taxpayer)|\(tax.rawValue)"] ?? [])
                line.fraudForeseen = d?.2 ?? false
                out.append(line)
            }
        }
        return out.sorted()
    }
}

/// Both cities at once: their histories are independent, so each runs on its own core.
public enum FiscalYearLevies {
    /// The taxes the rules adopted at `asOf` cannot assess, per city: (city, tax, first missing parameter).
    public static func refusals(_ rb: RuleBase, cities: [City], fiscalYear fy: Int, asOf: RecordedTime) -> [(City, LevyTax, MissingParameter)] {
        cities.flatMap { c in
            let p = LevyParameters(ruleBase: rb, city: c, fiscalYear: fy, asOf: asOf)
            return p.refused.keys.sorted().map { (c, $0, p.refused[$0]![0]) }
        }
    }

    public static func run(_ pops: [City: Population], cities: [City] = City.allCases, fiscalYear fy: Int, ruleBase rb: RuleBase, asOf: RecordedTime, drafts: [Revision] = []) -> [CityLevies] {
        let results = LockedArray<CityLevies?>(count: cities.count, nil)
        DispatchQueue.concurrentPerform(iterations: cities.count) { i in
            let c = cities[i]
            let p = LevyParameters(ruleBase: rb, city: c, fiscalYear: fy, asOf: asOf, drafts: drafts)
            results.set(i, Assessor(pops[c]!, fiscalYear: fy).summary(p))
        }
        return results.values.map { $0! }
    }
}

extension Population {
    /// `Assessor.summary`, for callers that hold a population.
    public func assessAll(fiscalYear fy: Int, _ p: LevyParameters) -> CityLevies { Assessor(self, fiscalYear: fy).summary(p) }

    /// `Assessor.levyLines`, for callers that hold a population.
    public func levyLines(fiscalYear fy: Int, _ p: LevyParameters) -> [LevyLine] { Assessor(self, fiscalYear: fy).levyLines(p) }
}
