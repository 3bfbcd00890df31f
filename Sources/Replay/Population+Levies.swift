import KaiseiCore
import Law

/// One vehicle's levy for a fiscal year.
public struct VehicleAssessment: Sendable {
    public let vehicle: String
    public let owner: String
    public let result: LightVehicleResult
}

extension Population {
    /// The facts of a vehicle on the 賦課期日 (1 April, 地方税法第463条の17), or nil if it was not
    /// registered that day.
    public func vehicleOnLevyDate(_ id: String, fiscalYear fy: Int) -> (owner: String, facts: VehicleFacts)? {
        let day = CivilDate(year: fy, month: 4, day: 1)!
        guard let v = vehicles[id], v.registered.value(on: day) == true, let owner = v.owner.value(on: day) else { return nil }
        return (owner, v.facts)
    }

    /// Every vehicle's light vehicle tax for the fiscal year, in id order.
    public func lightVehicleTax(fiscalYear fy: Int, _ p: LightVehicleParameters, only: String? = nil, trace: Bool = false) -> [VehicleAssessment] {
        var out: [VehicleAssessment] = []
        let ids = only.map { [$0] } ?? vehicles.keys.sorted()
        out.reserveCapacity(ids.count)
        for id in ids {
            guard let (owner, facts) = vehicleOnLevyDate(id, fiscalYear: fy) else { continue }
            out.append(VehicleAssessment(vehicle: id, owner: owner, result: LightVehicleTax.assess(facts, fiscalYear: fy, p, trace: trace)))
        }
        return out
    }

    /// A parcel's facts on 1 January of a fiscal year, or nil if it was not on the ledger.
    public func landFacts(_ id: String, fiscalYear fy: Int) -> LandFacts? {
        parcels[id].flatMap { landFacts($0, fiscalYear: fy) }
    }

    func landFacts(_ l: ParcelState, fiscalYear fy: Int) -> LandFacts? {
        let day = CivilDate(year: fy, month: 1, day: 1)!
        guard l.open.value(on: day) == true, let value = l.value(fiscalYear: fy) else { return nil }
        var f = LandFacts(category: l.category, areaCentiM2: l.areaCentiM2, value: value)
        if let u = l.use.value(on: day) {
            f.use = u.use; f.dwellings = u.dwellings; f.residentialFloorSharePercent = u.sharePercent; f.floors = u.floors
        }
        var floor: Int64 = 0, anyBuilding = false
        for b in l.buildings where buildings[b]?.standing.value(on: day) == true {
            floor += buildings[b]!.facts.floorCentiM2; anyBuilding = true
        }
        if anyBuilding { f.buildingFloorCentiM2 = floor }
        f.urbanizationArea = l.urbanizationArea
        f.vacantRecommendation = l.vacant.value(on: day) ?? nil
        f.idleFarmlandRecommendation = l.idleFarmland.value(on: day) ?? false
        return f
    }

    /// The parcel's 課税標準額 for `fy`, following 負担調整 from the first year of Kaisei's history
    /// (`params[y - firstYear]` are the parameters of year y): last year's result is the
    /// previous 課税標準額, so a correction to an earlier year's facts carries forward.
    public func landYear(_ id: String, fiscalYear fy: Int, firstYear: Int, params: [FixedAssetParameters], initialPrior: LandYear? = nil, trace: Bool = false) -> LandYear? {
        parcels[id].flatMap { landYear($0, fiscalYear: fy, firstYear: firstYear, params: params, initialPrior: initialPrior, trace: trace) }
    }

    func landYear(_ l: ParcelState, fiscalYear fy: Int, firstYear: Int, params: [FixedAssetParameters], initialPrior: LandYear? = nil, trace: Bool = false) -> LandYear? {
        var prior: LandYear? = initialPrior
        var result: LandYear?
        for y in firstYear...fy {
            guard let f = landFacts(l, fiscalYear: y) else { prior = result == nil ? prior : nil; result = nil; continue }
            let r = FixedAssetTax.land(f, fiscalYear: y, prior: prior, params[y - firstYear], trace: trace && y == fy)
            prior = r; result = r
        }
        return result
    }

    public func buildingYear(_ id: String, fiscalYear fy: Int, _ p: FixedAssetParameters, trace: Bool = false) -> (owners: [String], year: BuildingYear)? {
        let day = CivilDate(year: fy, month: 1, day: 1)!
        guard let b = buildings[id], b.standing.value(on: day) == true, let owners = b.owners.value(on: day), let value = b.value(fiscalYear: fy) else { return nil }
        var f = b.facts
        f.value = value
        f.urbanizationArea = parcels[b.parcel]?.urbanizationArea ?? false
        return (owners, FixedAssetTax.building(f, fiscalYear: fy, p, trace: trace))
    }

    /// 固定資産税・都市計画税 for every taxpayer (a person, or a group of co-owners) in the city, in
    /// owner order. Owners are those on 1 January (地方税法第359条).
    /// `priors`: last year's 課税標準額 for parcels whose history starts here (a migrated ledger,
    /// or `kaisei calc` input).
    public func fixedAssetTax(fiscalYear fy: Int, firstYear: Int, params: [FixedAssetParameters], owner: String? = nil,
                              priors: [String: LandYear] = [:], trace: Bool = false) -> [FixedAssetAssessment] {
        let p = params[fy - firstYear]
        let day = CivilDate(year: fy, month: 1, day: 1)!
        var lands: [[String]: [LandYear]] = [:], blds: [[String]: [BuildingYear]] = [:]
        // Parcels in id order, so each taxpayer's lists (and so its trace) are the same every run.
        for (id, l) in parcels.sorted(by: { $0.key < $1.key }) {
            guard let owners = l.owners.value(on: day), owner == nil || owners.contains(owner!) else { continue }
            if let y = landYear(l, fiscalYear: fy, firstYear: firstYear, params: params, initialPrior: priors[id], trace: trace) { lands[owners, default: []].append(y) }
        }
        for id in buildings.keys.sorted() {
            guard let (owners, y) = buildingYear(id, fiscalYear: fy, p, trace: trace), owner == nil || owners.contains(owner!) else { continue }
            blds[owners, default: []].append(y)
        }
        let taxpayers = Set(lands.keys).union(blds.keys).sorted { $0.joined(separator: "+") < $1.joined(separator: "+") }
        return taxpayers.map { FixedAssetTax.taxpayer(owners: $0, lands: lands[$0] ?? [], buildings: blds[$0] ?? [], p, trace: trace) }
    }
}
