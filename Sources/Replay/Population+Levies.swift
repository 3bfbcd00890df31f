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
        vehicles[id].flatMap { vehicleOnLevyDate($0, fiscalYear: fy) }
    }

    /// The same from a state in hand (a walk over every vehicle: no second lookup by id).
    public func vehicleOnLevyDate(_ v: VehicleState, fiscalYear fy: Int) -> (owner: String, facts: VehicleFacts)? {
        let day = CivilDate(year: fy, month: 4, day: 1)!
        guard v.registered.value(on: day) == true, let owner = v.owner.value(on: day) else { return nil }
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
        landFacts(l, fiscalYear: fy, buildingsOnParcel: standing(on: l))
    }

    /// What the land's facts read of the buildings on a parcel: when each stood, and its floor
    /// area. Not the buildings' whole states: a copy of each retained all its timelines, for
    /// every parcel of every year's assessment.
    func standing(on l: ParcelState) -> [(standing: Timeline<Bool>, floorCentiM2: Int64)] {
        l.buildings.isEmpty ? [] : l.buildings.compactMap { id in buildings[id].map { ($0.standing, $0.facts.floorCentiM2) } }
    }

    func landFacts(_ l: ParcelState, fiscalYear fy: Int, buildingsOnParcel: [(standing: Timeline<Bool>, floorCentiM2: Int64)]) -> LandFacts? {
        let day = CivilDate(year: fy, month: 1, day: 1)!
        guard l.open.value(on: day) == true, let value = l.value(fiscalYear: fy) else { return nil }
        var f = LandFacts(category: l.category, areaCentiM2: l.areaCentiM2, value: value)
        if let u = l.use.value(on: day) {
            f.use = u.use; f.dwellings = u.dwellings; f.residentialFloorSharePercent = u.sharePercent; f.floors = u.floors
        }
        var floor: Int64 = 0, anyBuilding = false
        for b in buildingsOnParcel where b.standing.value(on: day) == true {
            floor += b.floorCentiM2; anyBuilding = true
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
        let onParcel = standing(on: l)
        for y in firstYear...fy {
            guard let f = landFacts(l, fiscalYear: y, buildingsOnParcel: onParcel) else { prior = result == nil ? prior : nil; result = nil; continue }
            let r = FixedAssetTax.land(f, fiscalYear: y, prior: prior, params[y - firstYear], trace: trace && y == fy)
            prior = r; result = r
        }
        return result
    }

    public func buildingYear(_ id: String, fiscalYear fy: Int, _ p: FixedAssetParameters, trace: Bool = false) -> (owners: [String], year: BuildingYear)? {
        buildings[id].flatMap { buildingYear($0, fiscalYear: fy, p, trace: trace) }
    }

    func buildingYear(_ b: BuildingState, fiscalYear fy: Int, _ p: FixedAssetParameters, trace: Bool = false) -> (owners: [String], year: BuildingYear)? {
        let day = CivilDate(year: fy, month: 1, day: 1)!
        guard b.standing.value(on: day) == true, let owners = b.owners.value(on: day), let value = b.value(fiscalYear: fy) else { return nil }
        var f = b.facts
        f.value = value
        // A building's 都市計画税 follows the land it stands on: the parcel's 市街化区域 flag,
        // read now rather than copied when the building was folded (the parcel may come later).
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
        // Taxpayers keyed by their owners joined: one string hash per parcel, not one per owner.
        var groups: [String: (owners: [String], totals: PropertyTotals)] = [:]
        // About one taxpayer per two parcels: sized once rather than regrown (and rehashed) as it fills.
        if owner == nil { groups.reserveCapacity(parcels.count / 2) }
        func key(_ owners: [String]) -> String { owners.count == 1 ? owners[0] : owners.joined(separator: "+") }
        // In id order when a trace is shown, so each taxpayer's steps are the same every run;
        // sums do not depend on the order.
        let parcelIds = trace || owner != nil ? parcels.keys.sorted() : nil
        func visitParcel(_ id: String, _ l: ParcelState) {
            guard let owners = l.owners.value(on: day), owner == nil || owners.contains(owner!) else { return }
            if let y = landYear(l, fiscalYear: fy, firstYear: firstYear, params: params, initialPrior: priors.isEmpty ? nil : priors[id], trace: trace) {
                groups[key(owners), default: (owners, PropertyTotals())].totals.add(y)
            }
        }
        if let parcelIds { for id in parcelIds { visitParcel(id, parcels[id]!) } } else { for (id, l) in parcels { visitParcel(id, l) } }
        func visitBuilding(_ id: String, _ b: BuildingState) {
            guard let (owners, y) = buildingYear(b, fiscalYear: fy, p, trace: trace), owner == nil || owners.contains(owner!) else { return }
            groups[key(owners), default: (owners, PropertyTotals())].totals.add(y, p)
        }
        if trace || owner != nil { for id in buildings.keys.sorted() { visitBuilding(id, buildings[id]!) } } else { for (id, b) in buildings { visitBuilding(id, b) } }
        return groups.keys.sorted().map { k in
            let g = groups[k]!
            return FixedAssetTax.taxpayer(owners: g.owners, g.totals, p, trace: trace)
        }
    }

}

