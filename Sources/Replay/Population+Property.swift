import KaiseiCore
import KaiseiEvents
import Law

extension Population {
    /// The fold for vehicles, parcels and buildings (the same explicit switch as residents).
    /// Fields are read through `EventFields`, choices as their vocabulary's cases.
    mutating func applyProperty(_ e: Event, seq: Int64) {
        let v = e.validDate
        switch e.type {
        case .lightVehicleRegistered:
            let f = EventFields.shared.lightVehicleRegistered
            guard let vehicleClass = e[f.vehicleClass], let owner = e[f.owner] else { return }
            var facts = VehicleFacts(vehicleClass: LightVehicleClass(vehicleClass))
            facts.firstInspection = e[f.firstInspection]
            facts.firstInspectionYearOnly = e[f.firstInspectionYearOnly] ?? false
            facts.fuel = e[f.fuel].map { VehicleFuel($0) } ?? .gasoline
            facts.emissionStars = e[f.emissionStars].map(Int.init)
            facts.fuelEconomyStandard = e[f.fuelEconomyStandard]?.rawValue
            facts.fuelEconomyAchievementPercent = e[f.fuelEconomyAchievementPercent].map(Int.init)
            facts.registeredNewOn = (e[f.newVehicle] ?? false) ? v : nil
            var state = vehicles[e.subject] ?? VehicleState(facts: facts)
            state.facts = facts
            state.owner.set(owner, from: v, seq: seq)
            state.registered.set(true, from: v, seq: seq)
            vehicles[e.subject] = state
        case .lightVehicleTransferred:
            // Kept even when the registration is folded later: timelines merge in (valid date, seq) order.
            if let owner = e[EventFields.shared.lightVehicleTransferred.newOwner] {
                update(vehicle: e.subject) { $0.owner.set(owner, from: v, seq: seq) }
            }
        case .lightVehicleDeregistered:
            update(vehicle: e.subject) { $0.registered.set(false, from: v, seq: seq) }
        case .landParcelRegistered:
            let f = EventFields.shared.landParcelRegistered
            let owners = (e[f.owners] ?? []).sorted()
            let category = e[f.category].map { LandCategory($0) } ?? .residential
            let area = e[f.areaM2] ?? 0, urban = e[f.urbanizationArea] ?? false
            update(parcel: e.subject) { l in
                l.category = category; l.areaCentiM2 = area; l.urbanizationArea = urban
                l.open.set(true, from: v, seq: seq); l.owners.set(owners, from: v, seq: seq)
            }
        case .landValued:
            let f = EventFields.shared.propertyValued
            guard let year = e[f.assessmentYear], let value = e[f.value] else { return }
            update(parcel: e.subject) { $0.values.set(Int(year), value) }
        case .landUseRecorded:
            let f = EventFields.shared.landUseRecorded
            let use = ParcelUse(use: e[f.use].map { LandUse($0) } ?? .nonResidential, dwellings: Int(e[f.dwellings] ?? 0),
                                sharePercent: e[f.residentialFloorSharePercent].map(Int.init),
                                floors: e[f.floors].map(Int.init))
            update(parcel: e.subject) { $0.use.set(use, from: v, seq: seq) }
        case .propertyOwnershipTransferred:
            // The subject may be a parcel or a building. Until one of them is registered the
            // transfer waits on a parcel entry of that id (never open, so never assessed); a
            // building registered later takes those owners over (`buildingRegistered`).
            let owners = (e[EventFields.shared.propertyOwnershipTransferred.owners] ?? []).sorted()
            if buildings[e.subject] != nil && parcels[e.subject] == nil {
                update(building: e.subject) { $0.owners.set(owners, from: v, seq: seq) }
            } else {
                update(parcel: e.subject) { $0.owners.set(owners, from: v, seq: seq) }
            }
        case .vacantHouseRecommendationIssued:
            let category = e[EventFields.shared.vacantHouseRecommendationIssued.category]
            let c = category.map { VacantHouseCategory($0) } ?? .specified
            update(parcel: e.subject) { $0.vacant.set(c, from: v, seq: seq) }
        case .vacantHouseRecommendationWithdrawn:
            update(parcel: e.subject) { $0.vacant.set(nil, from: v, seq: seq) }
        case .idleFarmlandRecommendationIssued:
            update(parcel: e.subject) { $0.idleFarmland.set(true, from: v, seq: seq) }
        case .idleFarmlandRecommendationWithdrawn:
            update(parcel: e.subject) { $0.idleFarmland.set(false, from: v, seq: seq) }
        case .landParcelClosed:
            update(parcel: e.subject) { $0.open.set(false, from: v, seq: seq) }
        case .buildingRegistered:
            let f = EventFields.shared.buildingRegistered
            guard let parcel = e[f.parcel] else { return }
            let use = e[f.use].map { BuildingFacts.Use($0) } ?? .dwelling
            var facts = BuildingFacts(use: use, floorCentiM2: e[f.floorAreaM2] ?? 0, value: .zero)
            facts.dwellingFloorCentiM2 = e[f.dwellingFloorAreaM2]
            facts.dwellings = Int(e[f.dwellings] ?? (use == .nonDwelling ? 0 : 1))
            facts.nonWooden = e[f.structure] == .nonWooden
            facts.storeys = Int(e[f.storeys] ?? 1)
            facts.newlyBuiltOn = (e[f.newlyBuilt] ?? false) ? v : nil
            facts.longLifeQuality = e[f.longLifeQuality] ?? false
            // The 市街化区域 flag is the parcel's, read when assessing (`buildingYear`): the
            // parcel may be registered after the building in the log.
            var b = buildings[e.subject] ?? BuildingState(parcel: parcel, facts: facts)
            if !b.parcel.isEmpty && b.parcel != parcel { parcels[b.parcel]?.buildings.removeAll { $0 == e.subject } }
            b.parcel = parcel; b.facts = facts
            b.owners.set((e[f.owners] ?? []).sorted(), from: v, seq: seq)
            b.standing.set(true, from: v, seq: seq)
            // Transfers of this building folded before its registration waited on a parcel entry.
            if let waiting = parcels[e.subject], waiting.open.entries.isEmpty {
                for t in waiting.owners.entries { b.owners.set(t.value, from: t.valid, seq: t.seq) }
                parcels[e.subject] = nil
            }
            buildings[e.subject] = b
            update(parcel: parcel) { if !$0.buildings.contains(e.subject) { $0.buildings.append(e.subject) } }
        case .buildingValued:
            let f = EventFields.shared.propertyValued
            guard let year = e[f.assessmentYear], let value = e[f.value] else { return }
            update(building: e.subject) { $0.values.set(Int(year), value) }
        case .buildingDemolished:
            update(building: e.subject) { $0.standing.set(false, from: v, seq: seq) }
        default:
            break
        }
    }

    private mutating func update(parcel id: String, _ body: (inout ParcelState) -> Void) { body(&parcels[id, default: ParcelState()]) }

    /// A building's entry, made on its first event whatever kind that is; the registration
    /// fills in its facts and parcel. Until then it is never assessed (no `standing` entry).
    private mutating func update(building id: String, _ body: (inout BuildingState) -> Void) {
        body(&buildings[id, default: BuildingState(parcel: "", facts: BuildingFacts(use: .dwelling, floorCentiM2: 0, value: .zero))])
    }

    /// Likewise for a vehicle whose transfer or deregistration is folded before its registration.
    private mutating func update(vehicle id: String, _ body: (inout VehicleState) -> Void) {
        body(&vehicles[id, default: VehicleState(facts: VehicleFacts(vehicleClass: .keiPassengerPrivate))])
    }
}

// The vocabularies' cases as the calculators' types: exhaustive switches, so a code added to a
// vocabulary does not compile until it is given its meaning here.

private extension LightVehicleClass {
    init(_ code: Vocabulary.LightVehicleClass) {
        switch code {
        case .moped50: self = .moped50
        case .moped90: self = .moped90
        case .moped125: self = .moped125
        case .minicar: self = .minicar
        case .keiMotorcycle: self = .keiMotorcycle
        case .smallMotorcycle: self = .smallMotorcycle
        case .smallSpecialAgricultural: self = .smallSpecialAgricultural
        case .smallSpecialOther: self = .smallSpecialOther
        case .keiThreeWheel: self = .keiThreeWheel
        case .keiPassengerPrivate: self = .keiPassengerPrivate
        case .keiPassengerBusiness: self = .keiPassengerBusiness
        case .keiCargoPrivate: self = .keiCargoPrivate
        case .keiCargoBusiness: self = .keiCargoBusiness
        case .keiTrailer: self = .keiTrailer
        }
    }
}

private extension VehicleFuel {
    init(_ code: Vocabulary.VehicleFuel) {
        switch code {
        case .gasoline: self = .gasoline
        case .diesel: self = .diesel
        case .lpg: self = .lpg
        case .gasolineHybrid: self = .gasolineHybrid
        case .electric: self = .electric
        case .naturalGas: self = .naturalGas
        case .methanol: self = .methanol
        case .fuelCell: self = .fuelCell
        case .none: self = .none
        }
    }
}

private extension LandCategory {
    init(_ code: Vocabulary.LandCategory) {
        switch code {
        case .residential: self = .residential
        case .commercial: self = .commercial
        case .industrial: self = .industrial
        case .farmland: self = .farmland
        case .forest: self = .forest
        case .miscellaneous: self = .miscellaneous
        }
    }
}

private extension LandUse {
    init(_ code: Vocabulary.LandUse) {
        switch code {
        case .nonResidential: self = .nonResidential
        case .residential: self = .residential
        case .partlyResidential: self = .partlyResidential
        }
    }
}

private extension VacantHouseCategory {
    init(_ code: Vocabulary.VacantHouseCategory) {
        switch code {
        case .specified: self = .specified
        case .poorlyManaged: self = .poorlyManaged
        }
    }
}

private extension BuildingFacts.Use {
    init(_ code: Vocabulary.BuildingUse) {
        switch code {
        case .dwelling: self = .dwelling
        case .nonDwelling: self = .nonDwelling
        case .mixed: self = .mixed
        }
    }
}
