import KaiseiCore
import KaiseiEvents

extension Simulation {
    static let fourWheelers: Set<String> = ["kei_three_wheel", "kei_passenger_private", "kei_passenger_business", "kei_cargo_private", "kei_cargo_business"]

    func pickClass(_ rng: inout SplitMix) -> String {
        var x = Double(rng.below(1_000_000)) / 1_000_000 * tables.vehicles.class_mix.reduce(0) { $0 + $1.share }
        for c in tables.vehicles.class_mix { x -= c.share; if x <= 0 { return c.class! } }
        return tables.vehicles.class_mix.last!.class!
    }

    func pickFuel(_ rng: inout SplitMix, year: Int) -> String {
        // Hybrids and electrics appear only as the market did; older vehicles are petrol.
        if year < 2010 { return rng.chance(0.03) ? "diesel" : "gasoline" }
        var x = Double(rng.below(1_000_000)) / 1_000_000
        for f in tables.vehicles.fuel_mix_new { x -= f.share; if x <= 0 { return f.fuel! } }
        return "gasoline"
    }

    /// A registration's fields: first inspection for three- and four-wheelers, with emission and
    /// fuel-economy grades of its era (so the green special rates and the 13-year surcharge occur).
    mutating func vehicleFields(owner: String, firstInspection: YearMonth, new: Bool, _ rng: inout SplitMix) -> [String: FieldValue] {
        let cls = pickClass(&rng)
        let fuel = pickFuel(&rng, year: firstInspection.year)
        var f: [String: FieldValue] = ["owner": .text(owner), "class": .int(Int64(EventType.lightVehicleClasses.firstIndex(of: cls)!)),
                                       "fuel": .int(Int64(EventType.fuels.firstIndex(of: fuel)!)), "new_vehicle": .bool(new)]
        if Self.fourWheelers.contains(cls) {
            f["first_inspection"] = .int(Int64(firstInspection.packed))
            if firstInspection.year >= 2005 { f["emission_stars"] = .int(Int64(firstInspection.year >= 2010 ? 4 : 3)) }
            if firstInspection.year >= 2012 {
                // The standard a vehicle is certified against, by era and body: 乗用 against the
                // 平成32 (= 令和2) standard from 2015 and business cars against 令和12 from 2021;
                // 貨物 against 平成27. Achievements spread across the green-rate thresholds.
                let cargo = cls.hasPrefix("kei_cargo"), y = firstInspection.year
                let standard = y < 2015 ? "H22" : cargo ? "H27" : (y >= 2021 && cls == "kei_passenger_business") ? "R12" : "R2"
                f["fuel_economy_standard"] = .int(Int64(EventType.fuelEconomyStandards.firstIndex(of: standard)!))
                f["fuel_economy_achievement_percent"] = .int(Int64((standard == "R12" ? 55 : 80) + rng.below(70)))
            }
        }
        return f
    }

    mutating func seedVehicles(_ m: inout CityModel, _ rng: inout SplitMix, _ sink: inout EventSink, residents: Int) {
        let count = Int(Double(residents) * tables.vehicles.per_resident)
        let adults = m.people.indices.filter { age(m.people[$0]) >= 18 }
        guard !adults.isEmpty else { return }
        for v in 0..<count {
            let owner = adults[rng.below(adults.count)]
            // First inspections spread over three decades, so the 13-year surcharge occurs.
            let fi = YearMonth(year: 1985 + rng.below(28), month: 1 + rng.below(12))!
            m.vehicles.append(.init(owner: owner, registered: true))
            var f = vehicleFields(owner: m.personId(owner), firstInspection: fi, new: false, &rng)
            if fi.year < 2003 || (fi.year == 2003 && fi.month < 10), rng.chance(0.3) { f["first_inspection_year_only"] = .bool(true) }
            sink.emit(m.city, m.vehicleId(v), .lightVehicleRegistered, valid: date(1, 1), recorded: at(date(1, 4), &rng), f)
        }
    }

    mutating func vehicles(_ m: inout CityModel, _ rng: inout SplitMix, _ sink: inout EventSink) {
        let t = tables.vehicles
        for v in m.vehicles.indices where m.vehicles[v].registered {
            if rng.chance(t.scrap_share_per_year) || !m.people[m.vehicles[v].owner].resident {
                m.vehicles[v].registered = false
                let (d, rec) = someDay(&rng)
                sink.emit(m.city, m.vehicleId(v), .lightVehicleDeregistered, valid: d, recorded: rec,
                          ["reason": .int(m.people[m.vehicles[v].owner].resident ? 0 : 2)])
            } else if rng.chance(t.transfer_share_per_year) {
                let to = rng.below(m.people.count)
                guard m.people[to].resident, age(m.people[to]) >= 18 else { continue }
                m.vehicles[v].owner = to
                let (d, rec) = someDay(&rng)
                sink.emit(m.city, m.vehicleId(v), .lightVehicleTransferred, valid: d, recorded: rec, ["new_owner": .text(m.personId(to))])
            }
        }
        let newCount = Int(Double(m.vehicles.count) * t.new_share_per_year)
        for _ in 0..<newCount {
            let owner = rng.below(m.people.count)
            guard m.people[owner].resident, age(m.people[owner]) >= 18 else { continue }
            let (d, rec) = someDay(&rng)
            m.vehicles.append(.init(owner: owner, registered: true))
            sink.emit(m.city, m.vehicleId(m.vehicles.count - 1), .lightVehicleRegistered, valid: d, recorded: rec,
                      vehicleFields(owner: m.personId(owner), firstInspection: YearMonth(year: d.year, month: d.month)!, new: true, &rng))
        }
    }

    // MARK: Land and buildings

    mutating func seedProperty(_ m: inout CityModel, _ rng: inout SplitMix, _ sink: inout EventSink) {
        let ct = tables.cities[m.city.rawValue]!
        let p = tables.property
        let parcelCount = Int(Double(m.households.count) * p.parcels_per_household)
        for l in 0..<parcelCount {
            let h = rng.below(m.households.count)
            let owner = max(0, m.households[h].head)
            let farmland = rng.chance(ct.farmland_share)
            let area = farmland ? Int64(50_000 + rng.below(300_000)) * 10 : Int64(10_000 + rng.below(30_000)) * 1   // hundredths of m²
            let perM2 = farmland ? 1_500 : p.median_land_value_per_m2 * rng.spread(percent: 40) / 1000
            let value = area * perM2 / 100 / 1000 * 1000
            let category: CityModel.Parcel.Category = farmland ? .farmland : (rng.chance(0.9) ? .residential : .commercial)
            m.parcels.append(.init(owner: owner, area: area, category: category, value: value))
            if !farmland && m.households[h].parcel == nil { m.households[h].parcel = l }
            // A family home is often registered to both spouses (共有), assessed to them jointly.
            if category == .residential, let spouse = m.people[owner].spouse, rng.chance(p.co_owned_home_share) { m.parcels[l].coOwners = [spouse] }
            sink.emit(m.city, m.parcelId(l), .landParcelRegistered, valid: date(1, 1), recorded: at(date(1, 4), &rng),
                      ["owners": .list(m.parcels[l].owners.map(m.personId)), "category": .int(category.code),
                       "area_m2": .int(area), "urbanization_area": .bool(rng.chance(ct.urbanization_share))])
            sink.emit(m.city, m.parcelId(l), .landValued, valid: CivilDate(year: 2012, month: 1, day: 1)!, recorded: at(date(1, 4), &rng),
                      ["assessment_year": .int(2012), "value": .int(value)])
        }
        // Shared private roads (私道): small 雑種地 co-owned by neighbours, usually under the 免税点.
        let roads = Int(Double(m.households.count) * p.private_road_share)
        for _ in 0..<roads where m.households.count > 1 {
            let l = m.parcels.count
            let a = max(0, m.households[rng.below(m.households.count)].head), b = max(0, m.households[rng.below(m.households.count)].head)
            guard a != b else { continue }
            let area = Int64(1_500 + rng.below(3_000))
            let value = area * p.median_land_value_per_m2 * 3 / 10 / 100 / 1000 * 1000
            m.parcels.append(.init(owner: a, area: area, category: .miscellaneous, value: value, coOwners: [b]))
            sink.emit(m.city, m.parcelId(l), .landParcelRegistered, valid: date(1, 1), recorded: at(date(1, 4), &rng),
                      ["owners": .list(m.parcels[l].owners.map(m.personId)), "category": .int(CityModel.Parcel.Category.miscellaneous.code),
                       "area_m2": .int(area), "urbanization_area": .bool(true)])
            sink.emit(m.city, m.parcelId(l), .landValued, valid: CivilDate(year: 2012, month: 1, day: 1)!, recorded: at(date(1, 4), &rng),
                      ["assessment_year": .int(2012), "value": .int(value)])
        }
        // Houses on residential lots, shops and offices on commercial ones, one building to a
        // lot; nothing on farmland or private roads. Lots left over stay unbuilt (更地).
        let buildingCount = Int(Double(m.households.count) * p.buildings_per_household)
        var lots = unbuiltLots([.residential, .commercial], m)
        for _ in 0..<buildingCount {
            guard let l = takeLot(&lots, &rng) else { break }
            addBuilding(m.buildings.count, parcel: l, built: CivilDate(year: 1960 + rng.below(52), month: 1 + rng.below(12), day: 1)!,
                        newlyBuilt: false, recorded: at(date(1, 4), &rng), &m, &rng, &sink)
        }
    }

    /// Open parcels of the given categories with no building standing, in index order.
    func unbuiltLots(_ categories: [CityModel.Parcel.Category], _ m: CityModel) -> [Int] {
        m.parcels.indices.filter { l in
            !m.parcels[l].closed && m.parcels[l].standingBuildings == 0 && categories.contains(m.parcels[l].category)
        }
    }

    /// One of `lots` at random, taken out of the list (the last lot moves into its place); nil
    /// when none is left.
    func takeLot(_ lots: inout [Int], _ rng: inout SplitMix) -> Int? {
        guard !lots.isEmpty else { return nil }
        let k = rng.below(lots.count)
        let lot = lots[k]
        lots.swapAt(k, lots.count - 1)
        lots.removeLast()
        return lot
    }

    static let buildingUses = choices(.buildingRegistered, "use")
    static let landUses = choices(.landUseRecorded, "use")

    /// The codes of a choice field, from the event schema (a choice is stored as its position).
    static func choices(_ type: EventType, _ field: String) -> [String] {
        guard let i = type.schema.index(of: field), case .choice(let codes) = type.schema.fields[i].kind else {
            preconditionFailure("\(type.schema.name).\(field) is not a choice")
        }
        return codes
    }

    static func code(_ value: String, of codes: [String]) -> Int64 { Int64(codes.firstIndex(of: value)!) }

    /// A building on a lot: a house (sometimes a small apartment building) on residential land,
    /// with the lot's 住宅用地 use recorded from the day it stands (from the migration for an
    /// existing house); a shop or office on commercial land.
    mutating func addBuilding(_ b: Int, parcel: Int, built: CivilDate, newlyBuilt: Bool, recorded: RecordedTime,
                              _ m: inout CityModel, _ rng: inout SplitMix, _ sink: inout EventSink) {
        let dwelling = m.parcels[parcel].category == .residential
        let dwellings: Int64 = dwelling ? 1 + (rng.chance(0.1) ? Int64(rng.below(8)) : 0) : 0
        let value = tables.property.median_building_value * rng.spread(percent: 40) / 1000 / 1000 * 1000
        m.buildings.append(.init(parcel: parcel, value: value, dwellings: dwellings))
        m.parcels[parcel].standingBuildings += 1
        let owners = m.parcels[parcel].owners.map(m.personId)
        let floor = Int64(6_000 + rng.below(10_000))
        let valid = min(built, recorded.japanDate)
        sink.emit(m.city, m.buildingId(b), .buildingRegistered, valid: valid, recorded: recorded,
                  ["parcel": .text(m.parcelId(parcel)), "owners": .list(owners),
                   "use": .int(Self.code(dwelling ? "dwelling" : "non_dwelling", of: Self.buildingUses)),
                   "floor_area_m2": .int(floor), "dwellings": .int(dwellings), "structure": .int(Int64(rng.below(2))),
                   "storeys": .int(Int64(1 + rng.below(3))), "newly_built": .bool(newlyBuilt), "long_life_quality": .bool(newlyBuilt && dwelling && rng.chance(0.25))])
        sink.emit(m.city, m.buildingId(b), .buildingValued, valid: CivilDate(year: max(2012, recorded.japanDate.year), month: 1, day: 1)!, recorded: recorded,
                  ["assessment_year": .int(Int64(max(2012, recorded.japanDate.year))), "value": .int(value)])
        if dwelling {
            let migrated = CivilDate(year: Generator.years.lowerBound, month: 1, day: 1)!
            sink.emit(m.city, m.parcelId(parcel), .landUseRecorded, valid: max(valid, migrated), recorded: recorded,
                      ["use": .int(Self.code("residential", of: Self.landUses)), "dwellings": .int(dwellings)])
        }
    }

    mutating func property(_ m: inout CityModel, _ rng: inout SplitMix, _ sink: inout EventSink) {
        let p = tables.property
        // 評価替え: new values for the next base year are decided in the autumn before it.
        if [2015, 2018, 2021, 2024, 2027].contains(year + 1) {
            for l in m.parcels.indices {
                m.parcels[l].value = m.parcels[l].value * Int64(950 + rng.below(100)) / 1000 / 1000 * 1000
                sink.emit(m.city, m.parcelId(l), .landValued, valid: CivilDate(year: year + 1, month: 1, day: 1)!, recorded: at(date(11, 1 + rng.below(27)), &rng),
                          ["assessment_year": .int(Int64(year + 1)), "value": .int(m.parcels[l].value)])
            }
            for b in m.buildings.indices where m.buildings[b].standing {
                m.buildings[b].value = m.buildings[b].value * Int64(850 + rng.below(100)) / 1000 / 1000 * 1000
                sink.emit(m.city, m.buildingId(b), .buildingValued, valid: CivilDate(year: year + 1, month: 1, day: 1)!, recorded: at(date(11, 1 + rng.below(27)), &rng),
                          ["assessment_year": .int(Int64(year + 1)), "value": .int(m.buildings[b].value)])
            }
        }
        // Sales and inheritances (a parcel and its buildings pass together), demolitions, and
        // parcels leaving the ledger.
        for l in m.parcels.indices where !m.parcels[l].closed {
            let ownerGone = !m.parcels[l].owners.allSatisfy { m.people[$0].resident }
            guard ownerGone ? rng.chance(0.5) : rng.chance(p.transfer_share_per_year) else {
                if rng.chance(p.closure_share_per_year) {
                    m.parcels[l].closed = true
                    let (d, rec) = someDay(&rng)
                    sink.emit(m.city, m.parcelId(l), .landParcelClosed, valid: d, recorded: rec, ["reason": .int(Int64(rng.below(2)))])
                }
                continue
            }
            let to = rng.below(m.people.count)
            guard m.people[to].resident, age(m.people[to]) >= 20 else { continue }
            m.parcels[l].owner = to; m.parcels[l].coOwners = []
            let (d, rec) = someDay(&rng)
            sink.emit(m.city, m.parcelId(l), .propertyOwnershipTransferred, valid: d, recorded: rec, ["owners": .list([m.personId(to)])])
            for b in m.buildings.indices where m.buildings[b].parcel == l && m.buildings[b].standing {
                sink.emit(m.city, m.buildingId(b), .propertyOwnershipTransferred, valid: d, recorded: rec, ["owners": .list([m.personId(to)])])
            }
        }
        // This year's new houses go on lots that stood empty from the start of the year (so none
        // is built before the old house on its lot comes down).
        var lots = unbuiltLots([.residential], m)
        for b in m.buildings.indices where m.buildings[b].standing && rng.chance(p.demolition_share_per_year) {
            m.buildings[b].standing = false
            let l = m.buildings[b].parcel
            m.parcels[l].standingBuildings -= 1
            let (d, rec) = someDay(&rng)
            sink.emit(m.city, m.buildingId(b), .buildingDemolished, valid: d, recorded: rec, [:])
            // With its house gone the lot is no longer 住宅用地.
            if m.buildings[b].dwellings > 0 && m.parcels[l].standingBuildings == 0 {
                sink.emit(m.city, m.parcelId(l), .landUseRecorded, valid: d, recorded: rec,
                          ["use": .int(Self.code("non_residential", of: Self.landUses)), "dwellings": .int(0)])
            }
        }
        // New houses.
        let builds = Int(Double(m.buildings.count) * p.new_building_share_per_year)
        for _ in 0..<builds {
            guard let l = takeLot(&lots, &rng) else { break }
            let (d, rec) = someDay(&rng)
            addBuilding(m.buildings.count, parcel: l, built: d, newlyBuilt: true, recorded: rec, &m, &rng, &sink)
        }
        // 特定空家等 (from 2015) and 管理不全空家等 (from 2023) recommendations, some withdrawn later.
        if year >= 2015 {
            for l in m.parcels.indices where !m.parcels[l].farmland {
                if m.parcels[l].vacantRecommended {
                    if rng.chance(p.vacant_withdrawal_share) {
                        m.parcels[l].vacantRecommended = false
                        let (d, rec) = someDay(&rng)
                        sink.emit(m.city, m.parcelId(l), .vacantHouseRecommendationWithdrawn, valid: d, recorded: rec, ["category": .int(0)])
                    }
                } else if rng.chance(p.vacant_recommendation_share) {
                    m.parcels[l].vacantRecommended = true
                    let (d, rec) = someDay(&rng)
                    sink.emit(m.city, m.parcelId(l), .vacantHouseRecommendationIssued, valid: d, recorded: rec,
                              ["category": .int(year >= 2023 && rng.chance(0.5) ? 1 : 0), "notice_no": .text("空家第\(l)号")])
                }
            }
        }
        // 遊休農地 recommendations (from 2016; the 0.55 correction is lost from the next year).
        if year >= 2016 {
            for l in m.parcels.indices where m.parcels[l].farmland && !m.parcels[l].idleRecommended && rng.chance(p.idle_farmland_share / 4) {
                m.parcels[l].idleRecommended = true
                let (d, rec) = someDay(&rng)
                sink.emit(m.city, m.parcelId(l), .idleFarmlandRecommendationIssued, valid: d, recorded: rec, ["notice_no": .text("農委第\(l)号")])
            }
        }
    }

    // MARK: NHI and national pension

    mutating func insurance(_ m: inout CityModel, _ rng: inout SplitMix, _ sink: inout EventSink) {
        let t = tables.insurance
        for i in m.people.indices where m.people[i].resident {
            let a = age(m.people[i])
            if m.people[i].nhi {
                let followsHousehold = m.people[i].bornInsured != nil && a < 20
                if !followsHousehold && (a >= 74 || rng.chance(t.nhi_leave_share)) {
                    m.people[i].nhi = false
                    let (d, rec) = someDay(&rng)
                    sink.emit(m.city, m.personId(i), .nhiMembershipEnded, valid: d, recorded: rec, ["reason": .int(a >= 74 ? 3 : 2)])
                    // Her children insured from birth become dependants of her new employee
                    // insurance the same day. Her day is drawn after this year's births: if she
                    // left before a child was born, the child was never insured — its membership
                    // ends on its birth day (no month charged), recorded after it began.
                    if a < 74 {
                        for c in m.households[m.people[i].household].members
                        where m.people[c].bornInsured?.mother == i && m.people[c].nhi && m.people[c].resident && age(m.people[c]) < 20 {
                            m.people[c].nhi = false
                            sink.emit(m.city, m.personId(c), .nhiMembershipEnded, valid: max(d, m.people[c].birth),
                                      recorded: max(rec, m.people[c].bornInsured!.recorded), ["reason": .int(2)])
                        }
                    }
                }
            } else if a >= 20 && a < 75 && rng.chance(t.nhi_join_share) {
                m.people[i].nhi = true
                let (d, rec) = someDay(&rng)
                let jobLoss = a < 65 && rng.chance(t.job_loss_share_of_joins)
                sink.emit(m.city, m.personId(i), .nhiMembershipStarted, valid: d, recorded: rec,
                          ["household": .text(m.householdId(m.people[i].household)), "reason": .int(jobLoss ? 2 : 4)])
                if jobLoss {
                    sink.emit(m.city, m.personId(i), .involuntaryUnemploymentRecorded, valid: d.adding(days: -1), recorded: rec,
                              ["left_job_on": .int(Int64(d.adding(days: -1).packed)), "reason_code": .int(Int64(rng.below(9)))])
                }
            }
            // 国民年金: enrolment at 20, loss at 60; exemption applications.
            if a == 19 {
                let birthday = CivilDate(year: year, month: m.people[i].birth.month, day: m.people[i].birth.day)!
                m.people[i].pensionFirst = true
                sink.emit(m.city, m.personId(i), .nationalPensionEnrolled, valid: birthday, recorded: at(min(birthday.adding(days: 14), date(12, 28)), &rng), ["reason": .int(0)])
                if rng.chance(0.5) {
                    sink.emit(m.city, m.personId(i), .pensionExemptionApplied, valid: birthday, recorded: at(min(birthday.adding(days: 20), date(12, 28)), &rng),
                              ["fiscal_year": .int(Int64(birthday.fiscalYear)), "kind": .int(4)])
                    sink.emit(m.city, m.personId(i), .pensionExemptionDecided, valid: min(birthday.adding(days: 40), date(12, 28)), recorded: at(min(birthday.adding(days: 45), date(12, 28)), &rng),
                              ["fiscal_year": .int(Int64(birthday.fiscalYear)), "kind": .int(4), "approved": .bool(true)])
                }
            } else if m.people[i].pensionFirst && a == 59 {
                m.people[i].pensionFirst = false
                let birthday = CivilDate(year: year, month: m.people[i].birth.month, day: m.people[i].birth.day)!
                sink.emit(m.city, m.personId(i), .nationalPensionLost, valid: birthday, recorded: at(min(birthday.adding(days: 7), date(12, 28)), &rng), ["reason": .int(1)])
            } else if m.people[i].pensionFirst && rng.chance(t.exemption_share / 10) {
                let kind = rng.below(4)
                sink.emit(m.city, m.personId(i), .pensionExemptionApplied, valid: date(7, 1), recorded: at(date(7, 1 + rng.below(20)), &rng),
                          ["fiscal_year": .int(Int64(year)), "kind": .int(Int64(kind))])
                sink.emit(m.city, m.personId(i), .pensionExemptionDecided, valid: date(9, 1), recorded: at(date(9, 1 + rng.below(20)), &rng),
                          ["fiscal_year": .int(Int64(year)), "kind": .int(Int64(kind)), "approved": .bool(rng.chance(0.8))])
            }
        }
    }
}
