import KaiseiCore
import KaiseiEvents
import Law

extension Population {
    /// The fold for vehicles, parcels and buildings (the same explicit switch as residents).
    mutating func applyProperty(_ e: Event, seq: Int64) {
        let p = e.payload, s = e.type.schema, v = e.validDate
        func int(_ name: String) -> Int64? { s.index(of: name).flatMap { p[$0]?.int } }
        func text(_ name: String) -> String? { s.index(of: name).flatMap { p[$0]?.text } }
        func bool(_ name: String) -> Bool? { s.index(of: name).flatMap { p[$0]?.bool } }
        func list(_ name: String) -> [String] { s.index(of: name).flatMap { p[$0]?.list } ?? [] }
        func choice(_ name: String) -> String? {
            guard let i = s.index(of: name), let v = p[i]?.int, case .choice(let codes) = s.fields[i].kind else { return nil }
            return codes[Int(v)]
        }
        switch e.type {
        case .lightVehicleRegistered:
            guard let cls = choice("class").flatMap(LightVehicleClass.init(rawValue:)), let owner = text("owner") else { return }
            var f = VehicleFacts(vehicleClass: cls)
            f.firstInspection = int("first_inspection").flatMap { YearMonth(packed: Int($0)) }
            f.firstInspectionYearOnly = bool("first_inspection_year_only") ?? false
            f.fuel = choice("fuel").flatMap(VehicleFuel.init(rawValue:)) ?? .gasoline
            f.emissionStars = int("emission_stars").map(Int.init)
            f.fuelEconomyStandard = choice("fuel_economy_standard")
            f.fuelEconomyAchievementPercent = int("fuel_economy_achievement_percent").map(Int.init)
            f.registeredNewOn = (bool("new_vehicle") ?? false) ? v : nil
            var state = vehicles[e.subject] ?? VehicleState(facts: f)
            state.facts = f
            state.owner.set(owner, from: v, seq: seq)
            state.registered.set(true, from: v, seq: seq)
            vehicles[e.subject] = state
        case .lightVehicleTransferred:
            // Kept even when the registration is folded later: timelines merge in (valid date, seq) order.
            if let owner = text("new_owner") { update(vehicle: e.subject) { $0.owner.set(owner, from: v, seq: seq) } }
        case .lightVehicleDeregistered:
            update(vehicle: e.subject) { $0.registered.set(false, from: v, seq: seq) }
        case .landParcelRegistered:
            let owners = list("owners").sorted()
            let category = choice("category").flatMap(LandCategory.init(rawValue:)) ?? .residential
            let area = int("area_m2") ?? 0, urban = bool("urbanization_area") ?? false
            update(parcel: e.subject) { l in
                l.category = category; l.areaCentiM2 = area; l.urbanizationArea = urban
                l.open.set(true, from: v, seq: seq); l.owners.set(owners, from: v, seq: seq)
            }
        case .landValued:
            guard let year = int("assessment_year"), let value = int("value") else { return }
            update(parcel: e.subject) { $0.values.set(Int(year), Yen(value)) }
        case .landUseRecorded:
            let use = ParcelUse(use: choice("use").flatMap(LandUse.init(rawValue:)) ?? .nonResidential, dwellings: Int(int("dwellings") ?? 0),
                                sharePercent: int("residential_floor_share_percent").map(Int.init), floors: int("floors").map(Int.init))
            update(parcel: e.subject) { $0.use.set(use, from: v, seq: seq) }
        case .propertyOwnershipTransferred:
            // The subject may be a parcel or a building. Until one of them is registered the
            // transfer waits on a parcel entry of that id (never open, so never assessed); a
            // building registered later takes those owners over (`buildingRegistered`).
            let owners = list("owners").sorted()
            if buildings[e.subject] != nil && parcels[e.subject] == nil { update(building: e.subject) { $0.owners.set(owners, from: v, seq: seq) } }
            else { update(parcel: e.subject) { $0.owners.set(owners, from: v, seq: seq) } }
        case .vacantHouseRecommendationIssued:
            let c = choice("category").flatMap(VacantHouseCategory.init(rawValue:)) ?? .specified
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
            guard let parcel = text("parcel") else { return }
            let use = choice("use").flatMap(BuildingFacts.Use.init(rawValue:)) ?? .dwelling
            var f = BuildingFacts(use: use, floorCentiM2: int("floor_area_m2") ?? 0, value: .zero)
            f.dwellingFloorCentiM2 = int("dwelling_floor_area_m2")
            f.dwellings = Int(int("dwellings") ?? (use == .nonDwelling ? 0 : 1))
            f.nonWooden = choice("structure") == "non_wooden"
            f.storeys = Int(int("storeys") ?? 1)
            f.newlyBuiltOn = (bool("newly_built") ?? false) ? v : nil
            f.longLifeQuality = bool("long_life_quality") ?? false
            // The 市街化区域 flag is the parcel's, read when assessing (`buildingYear`): the
            // parcel may be registered after the building in the log.
            var b = buildings[e.subject] ?? BuildingState(parcel: parcel, facts: f)
            if !b.parcel.isEmpty && b.parcel != parcel { parcels[b.parcel]?.buildings.removeAll { $0 == e.subject } }
            b.parcel = parcel; b.facts = f
            b.owners.set(list("owners").sorted(), from: v, seq: seq)
            b.standing.set(true, from: v, seq: seq)
            // Transfers of this building folded before its registration waited on a parcel entry.
            if let waiting = parcels[e.subject], waiting.open.entries.isEmpty {
                for t in waiting.owners.entries { b.owners.set(t.value, from: t.valid, seq: t.seq) }
                parcels[e.subject] = nil
            }
            buildings[e.subject] = b
            update(parcel: parcel) { if !$0.buildings.contains(e.subject) { $0.buildings.append(e.subject) } }
        case .buildingValued:
            guard let year = int("assessment_year"), let value = int("value") else { return }
            update(building: e.subject) { $0.values.set(Int(year), Yen(value)) }
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
