import KaiseiCore
import Law
import Replay

/// The one place that knows which levies a city's subjects bear for a fiscal year, on which
/// 賦課期日 and billed to whom: resident tax and property on 1 January (地方税法第318条,
/// 第359条), light vehicles on 1 April (第463条の17), NHI by month. Two entry points: every levy
/// of the year (for summaries, levy runs, comparisons), and one subject's levies traced (for
/// `assess --subject`, `explain`, `calc`). Adding a tax means a calculator folder under
/// Sources/Law, a `LevyTax` case and its walk here.
public struct Assessor: Sendable {
    public let population: Population
    public let fiscalYear: Int

    public init(_ population: Population, fiscalYear: Int) {
        self.population = population
        self.fiscalYear = fiscalYear
    }

    /// Every levy of the fiscal year under each rule set: each subject's facts are gathered
    /// once and assessed under every set (`body` gets the set's index), its levies under the
    /// sets handed one after the other (set 0, set 1, …); subjects in no particular order. Zero amounts are included; a fold decides what to count. A tax whose rules lack
    /// a required parameter in any of the sets (`LevyParameters.refused`) is not assessed.
    public func forEachLevy(under sets: [LevyParameters], taxes requested: Set<LevyTax> = Set(LevyTax.allCases), trace: Bool = false,
                            _ body: (_ set: Int, _ levy: Levy) -> Void) {
        let pop = population, fy = fiscalYear, city = pop.city
        let taxes = sets.reduce(requested) { $0.subtracting($1.refused.keys) }
        if taxes.contains(.residentTax) {
            let levyDate = CivilDate(year: fy, month: 1, day: 1)!
            // Each state read in place (`ResidentTable.withStates`): a walk of copies retained
            // every timeline of every resident, residents that day or not.
            pop.residents.withStates { states in
                for i in states.indices where states[i].resident.value(on: levyDate) == true {
                    guard let f = pop.taxpayerFacts(at: states.baseAddress! + i, fiscalYear: fy) else { continue }
                    let id = pop.residents.id(at: i)
                    for (i, p) in sets.enumerated() {
                        let r = ResidentTax.assess(f, fiscalYear: fy, p.residentTax, explain: trace)
                        body(i, Levy(city: city, fiscalYear: fy, tax: .residentTax, taxpayer: id, object: nil, amount: r.total, result: .residentTax(r)))
                    }
                }
            }
        }
        if taxes.contains(.lightVehicleTax) {
            for (id, v) in pop.vehicles {
                guard let (owner, facts) = pop.vehicleOnLevyDate(v, fiscalYear: fy) else { continue }
                for (i, p) in sets.enumerated() {
                    let r = LightVehicleTax.assess(facts, fiscalYear: fy, p.lightVehicle, trace: trace)
                    body(i, Levy(city: city, fiscalYear: fy, tax: .lightVehicleTax, taxpayer: owner, object: id, amount: r.amount, result: .lightVehicle(r)))
                }
            }
        }
        if taxes.contains(.nhi) {
            // Households are built once for all sets that share a 産前産後 window (the window is law).
            var windows: [MaternityWindow?] = []
            for p in sets where !windows.contains(p.nhi.maternityWindow) { windows.append(p.nhi.maternityWindow) }
            for window in windows {
              let familyAbove = sets.compactMap(\.nhi.incomeAdjustmentSalaryFrom).min()
              for h in pop.nhiHouseholds(fiscalYear: fy, maternity: window, familyAbove: familyAbove) {
                for (i, p) in sets.enumerated() where p.nhi.maternityWindow == window {
                    let r = NHI.assess(h.facts, fiscalYear: fy, p.nhi, trace: trace)
                    body(i, Levy(city: city, fiscalYear: fy, tax: .nhi, taxpayer: h.payer, object: h.household, amount: r.total,
                                 result: .nhi(r, household: h.facts)))
                }
              }
            }
        }
        if taxes.contains(.fixedAssetTax) || taxes.contains(.cityPlanningTax) {
            // 負担調整 reads the previous years' 課税標準, so each rule set computes its own history.
            for (i, p) in sets.enumerated() {
                for t in pop.fixedAssetTax(fiscalYear: fy, firstYear: p.firstYear, params: p.fixedAsset, trace: trace) {
                    emitProperty(t, set: i, taxes: taxes, body)
                }
            }
        }
        if taxes.contains(.corporateTax) || taxes.contains(.officeTax) {
            for id in pop.corporations.keys {
                for (i, p) in sets.enumerated() {
                    if taxes.contains(.corporateTax), let levy = corporateTax(id, p, trace: trace) { body(i, levy) }
                    if taxes.contains(.officeTax), let levy = officeTax(id, p, trace: trace) { body(i, levy) }
                }
            }
        }
    }

    private func emitProperty(_ t: FixedAssetAssessment, set i: Int, taxes: Set<LevyTax>, _ body: (Int, Levy) -> Void) {
        let taxpayer = LevyLine.groupSubject(t.owners)
        if taxes.contains(.fixedAssetTax) {
            body(i, Levy(city: population.city, fiscalYear: fiscalYear, tax: .fixedAssetTax, taxpayer: taxpayer, coOwners: t.owners.count > 1 ? t.owners : nil, object: nil,
                         amount: t.fixedAssetTax, result: .property(t)))
        }
        if taxes.contains(.cityPlanningTax) {
            body(i, Levy(city: population.city, fiscalYear: fiscalYear, tax: .cityPlanningTax, taxpayer: taxpayer, coOwners: t.owners.count > 1 ? t.owners : nil, object: nil,
                         amount: t.cityPlanningTax, result: .property(t)))
        }
    }

    /// Every levy of the year under one rule set.
    public func levies(_ p: LevyParameters, taxes: Set<LevyTax> = Set(LevyTax.allCases)) -> [Levy] {
        var out: [Levy] = []
        forEachLevy(under: [p], taxes: taxes) { _, levy in out.append(levy) }
        return out
    }

    /// A person's levies, traced, in a fixed order: resident tax; each vehicle they own on
    /// 1 April (by id); each NHI household they pay for (by household); each property taxpayer
    /// they are one of (by owners), its 固定資産税 then 都市計画税.
    public func levies(of person: String, _ p: LevyParameters, taxes requested: Set<LevyTax> = Set(LevyTax.allCases), trace: Bool = true) -> [Levy] {
        let pop = population, fy = fiscalYear, city = pop.city
        let taxes = p.assessable(requested)
        guard pop.residents[person] != nil else { return [] }
        var out: [Levy] = []
        if taxes.contains(.residentTax), let levy = residentTax(of: person, p.residentTax, trace: trace) { out.append(levy) }
        for id in pop.vehicles.keys.sorted() where taxes.contains(.lightVehicleTax) {
            guard let v = pop.vehicleOnLevyDate(id, fiscalYear: fy), v.owner == person else { continue }
            let r = LightVehicleTax.assess(v.facts, fiscalYear: fy, p.lightVehicle, trace: trace)
            out.append(Levy(city: city, fiscalYear: fy, tax: .lightVehicleTax, taxpayer: person, object: id, amount: r.amount, result: .lightVehicle(r)))
        }
        for h in taxes.contains(.nhi) ? pop.nhiHouseholds(fiscalYear: fy, maternity: p.nhi.maternityWindow, familyAbove: p.nhi.incomeAdjustmentSalaryFrom) : [] where h.payer == person {
            let r = NHI.assess(h.facts, fiscalYear: fy, p.nhi, trace: trace)
            out.append(Levy(city: city, fiscalYear: fy, tax: .nhi, taxpayer: person, object: h.household, amount: r.total, result: .nhi(r, household: h.facts)))
        }
        if taxes.contains(.fixedAssetTax) || taxes.contains(.cityPlanningTax) {
            for t in pop.fixedAssetTax(fiscalYear: fy, firstYear: p.firstYear, params: p.fixedAsset, owner: person, trace: trace) {
                emitProperty(t, set: 0, taxes: taxes) { _, levy in out.append(levy) }
            }
        }
        return out
    }

    /// What a subject id names, assessed with its trace: a person's levies, a vehicle's levy,
    /// or the 課税標準 of a parcel or building (the base its owners' levies are computed from).
    public func subject(_ id: String, _ p: LevyParameters, trace: Bool = true) -> SubjectAssessment? {
        let pop = population, fy = fiscalYear
        if pop.residents[id] != nil { return .person(levies(of: id, p, trace: trace)) }
        if pop.corporations[id] != nil {
            let taxes = p.assessable([.corporateTax, .officeTax])
            return .corporation([taxes.contains(.corporateTax) ? corporateTax(id, p, trace: trace) : nil,
                                 taxes.contains(.officeTax) ? officeTax(id, p, trace: trace) : nil].compactMap { $0 })
        }
        if let levy = vehicle(id, p.lightVehicle, trace: trace) { return .vehicle(levy) }
        if let l = pop.landYear(id, fiscalYear: fy, firstYear: p.firstYear, params: p.fixedAsset, trace: trace) { return .land(l) }
        if let b = pop.buildingYear(id, fiscalYear: fy, p.fixedAsset[fy - p.firstYear], trace: trace) { return .building(owners: b.owners, b.year) }
        return nil
    }
}

extension Assessor {
    /// A person's resident tax (賦課期日 1 January, 地方税法第318条), or nil if not a resident
    /// that day. For one-tax callers (the income certificate) that need no other rules.
    public func residentTax(of person: String, _ q: ResidentTaxParameters, trace: Bool = true) -> Levy? {
        guard population.isResident(person, fiscalYear: fiscalYear), let f = population.taxpayerFacts(person, fiscalYear: fiscalYear) else { return nil }
        let r = ResidentTax.assess(f, fiscalYear: fiscalYear, q, explain: trace)
        return Levy(city: population.city, fiscalYear: fiscalYear, tax: .residentTax, taxpayer: person, object: nil, amount: r.total, result: .residentTax(r))
    }

    /// A vehicle's light vehicle tax (賦課期日 1 April, 地方税法第463条の17), billed to its owner
    /// that day, or nil if it was not registered then.
    public func vehicle(_ id: String, _ p: LightVehicleParameters, trace: Bool = true) -> Levy? {
        guard let v = population.vehicleOnLevyDate(id, fiscalYear: fiscalYear) else { return nil }
        let r = LightVehicleTax.assess(v.facts, fiscalYear: fiscalYear, p, trace: trace)
        return Levy(city: population.city, fiscalYear: fiscalYear, tax: .lightVehicleTax, taxpayer: v.owner, object: id, amount: r.amount, result: .lightVehicle(r))
    }
}

/// One subject's assessment as `Assessor.subject` finds it.
public enum SubjectAssessment: Sendable {
    case person([Levy])
    /// A corporation's 法人市民税 and 事業所税 of the year (either may be absent).
    case corporation([Levy])
    case vehicle(Levy)
    /// A parcel's 課税標準 (固定資産税 and 都市計画税), with 負担調整 from the first year.
    case land(LandYear)
    /// A building's 課税標準 and its owners on 1 January.
    case building(owners: [String], BuildingYear)
}
