import Foundation
import KaiseiCore
import KaiseiEvents
import Law
import Replay
import Assessment

/// The light vehicle tax and the fixed asset / city planning tax over a full population's
/// register (the issue's size: about 150,000 vehicles and 600,000 parcels and buildings for the
/// two cities), replayed into state from events and assessed for one fiscal year. The 負担調整
/// chain runs from FY2013 for every parcel, as it does in production.
func leviesBench(arguments: [String]) throws {
    var vehicles = 150_000, parcels = 360_000, buildings = 240_000, fy = 2027, repeats = 5
    var jsonPath: String?
    var args = ArraySlice(arguments)
    while let a = args.popFirst() {
        switch a {
        case "--vehicles": vehicles = Int(args.popFirst() ?? "") ?? vehicles
        case "--parcels": parcels = Int(args.popFirst() ?? "") ?? parcels
        case "--buildings": buildings = Int(args.popFirst() ?? "") ?? buildings
        case "--fiscal-year": fy = Int(args.popFirst() ?? "") ?? fy
        case "--repeat": repeats = max(1, Int(args.popFirst() ?? "") ?? repeats)
        case "--json": jsonPath = args.popFirst()
        default: print("usage: kaisei-bench levies [--vehicles N] [--parcels N] [--buildings N] [--fiscal-year Y] [--repeat N] [--json FILE]"); return
        }
    }
    let rb: RuleBase
    switch RuleBase.load(directory: URL(fileURLWithPath: ProcessInfo.processInfo.environment["KAISEI_REVISIONS"] ?? "revisions")) {
    case .success(let r): rb = r
    case .failure(let e): throw e
    }
    print("kaisei-bench: levies, \(vehicles) vehicles, \(parcels) parcels, \(buildings) buildings (both cities), FY\(fy), \(ProcessInfo.processInfo.activeProcessorCount) cores")
    var pops: [City: Population] = [:]
    let build = seconds {
        for (k, c) in City.allCases.enumerated() {
            var model = RegisterModel(city: c, seed: UInt64(k + 1))
            pops[c] = model.population(vehicles: vehicles / 2, parcels: parcels / 2, buildings: buildings / 2)
        }
    }
    print("  register built and replayed in \(String(format: "%.1f", build)) s")
    let params = City.allCases.map { LevyParameters(ruleBase: rb, city: $0, fiscalYear: fy, asOf: .distantFuture) }

    var vehicleTimes: [Double] = [], propertyTimes: [Double] = [], bothTimes: [Double] = []
    var lvTotal = Yen.zero, fatTotal = Yen.zero, cptTotal = Yen.zero, taxpayers = 0
    for _ in 0..<repeats {
        var lv = Yen.zero
        vehicleTimes.append(seconds {
            for (i, c) in City.allCases.enumerated() { for a in pops[c]!.lightVehicleTax(fiscalYear: fy, params[i].lightVehicle) { lv += a.result.amount } }
        })
        var fat = Yen.zero, cpt = Yen.zero, n = 0
        propertyTimes.append(seconds {
            for (i, c) in City.allCases.enumerated() {
                for t in pops[c]!.fixedAssetTax(fiscalYear: fy, firstYear: params[i].firstYear, params: params[i].fixedAsset) {
                    fat += t.fixedAssetTax; cpt += t.cityPlanningTax; n += 1
                }
            }
        })
        lvTotal = lv; fatTotal = fat; cptTotal = cpt; taxpayers = n
        // Both taxes, both cities, one city per core (as `kaisei assess` runs them).
        let p = params, snapshot = pops, year = fy
        bothTimes.append(seconds {
            DispatchQueue.concurrentPerform(iterations: 2) { i in
                let c = City.allCases[i], pop = snapshot[c]!
                _ = pop.lightVehicleTax(fiscalYear: year, p[i].lightVehicle)
                _ = pop.fixedAssetTax(fiscalYear: year, firstYear: p[i].firstYear, params: p[i].fixedAsset)
            }
        })
    }
    func median(_ xs: [Double]) -> Double { xs.sorted()[xs.count / 2] }
    let v = median(vehicleTimes), pr = median(propertyTimes), both = median(bothTimes)
    func f(_ x: Double, _ d: Int = 0) -> String { String(format: "%.\(d)f", x) }
    print("""
      light vehicle tax (1 core)     \(f(Double(vehicles) / v)) vehicles/s   (\(f(v, 3)) s; revenue ¥\(lvTotal.grouped))
      fixed asset + city planning    \(f(Double(parcels + buildings) / pr)) parcels and buildings/s   (\(f(pr, 3)) s, 1 core; \(taxpayers) taxpayers; ¥\(fatTotal.grouped) + ¥\(cptTotal.grouped))
      both taxes, both cities        \(f(both, 3)) s on \(min(2, ProcessInfo.processInfo.activeProcessorCount)) cores (target < 1 s)   median of \(repeats)
      peak RSS                       \(f(peakRSSMB())) MB
    """)
    if let jsonPath {
        let obj: JSONValue = .object([
            ("vehicles", .integer(Int64(vehicles))), ("parcels", .integer(Int64(parcels))), ("buildings", .integer(Int64(buildings))),
            ("fiscal_year", .integer(Int64(fy))),
            ("vehicles_per_s", .integer(Int64(Double(vehicles) / v))),
            ("parcels_and_buildings_per_s", .integer(Int64(Double(parcels + buildings) / pr))),
            ("both_taxes_seconds", .number(f(both, 3))),
        ])
        try Data((JSONWriter.canonical(obj) + "\n").utf8).write(to: URL(fileURLWithPath: jsonPath))
    }
}

/// A city's vehicle and property registers as events, drawn from a fixed seed: classes, first
/// inspections from 1985, green-rate candidates; parcels of every category with values for each
/// 評価替え, housing use, co-owners, 勧告; buildings old and new.
struct RegisterModel {
    let city: City
    var state: UInt64
    init(city: City, seed: UInt64) { self.city = city; state = seed &* 0x9E3779B97F4A7C15 }
    mutating func next() -> UInt64 {
        state &+= 0x9E3779B97F4A7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58476D1CE4E5B9; z = (z ^ (z >> 27)) &* 0x94D049BB133111EB
        return z ^ (z >> 31)
    }
    mutating func below(_ n: Int) -> Int { Int(next() % UInt64(n)) }

    mutating func population(vehicles: Int, parcels: Int, buildings: Int) -> Population {
        var pop = Population(city: city)
        var seq: Int64 = 0
        let p = city == .okazaki ? "okz" : "toy"
        let persons = max(1, parcels / 3)
        func person() -> String { "\(p)-r-\(below(persons))" }
        func apply(_ subject: String, _ type: EventType, _ valid: CivilDate, _ fields: [String: FieldValue]) {
            seq += 1
            pop.apply(Event(id: "b\(seq)", city: city, subject: subject, type: type, validDate: valid, payload: Payload(type, fields)), seq: seq)
        }
        let classes = EventType.lightVehicleClasses
        for v in 0..<vehicles {
            let cls = classes[below(classes.count - 1)]   // every class but the trailer
            let year = 1985 + below(42), month = 1 + below(12)
            let fuel = year < 2010 ? 0 : [0, 0, 0, 0, 3, 3, 4][below(7)]
            var f: [String: FieldValue] = ["owner": .text(person()), "class": .int(Int64(classes.firstIndex(of: cls)!)), "fuel": .int(Int64(fuel)),
                                           "new_vehicle": .bool(year >= 2013)]
            if cls.hasPrefix("kei_") {
                f["first_inspection"] = .int(Int64(year * 100 + month))
                f["emission_stars"] = .int(year >= 2010 ? 4 : 3)
                if year >= 2015 {
                    f["fuel_economy_standard"] = .int(cls.hasPrefix("kei_cargo") ? 1 : 2)
                    f["fuel_economy_achievement_percent"] = .int(Int64(80 + below(70)))
                }
            }
            let registered = year >= 2013 ? CivilDate(year: year, month: month, day: 10)! : CivilDate(year: 2013, month: 1, day: 1)!
            apply("\(p)-v-\(v)", .lightVehicleRegistered, registered, f)
        }
        for l in 0..<parcels {
            let r = below(100)
            let category = r < 80 ? 0 : r < 88 ? 1 : r < 98 ? 3 : 5
            let area = Int64(category == 3 ? 50_000 + below(300_000) : 10_000 + below(30_000))
            let perM2: Int64 = category == 3 ? 1_500 : 40_000 + Int64(below(40_000))
            var owners = [person()]
            if below(10) == 0 { owners.append(person()) }
            let id = "\(p)-l-\(l)"
            apply(id, .landParcelRegistered, CivilDate(year: 2013, month: 1, day: 1)!,
                  ["owners": .list(owners), "category": .int(Int64(category)), "area_m2": .int(area), "urbanization_area": .bool(below(10) < 6)])
            var value = area * perM2 / 100 / 1000 * 1000
            for y in [2012, 2015, 2018, 2021, 2024, 2027] {
                apply(id, .landValued, CivilDate(year: y, month: 1, day: 1)!, ["assessment_year": .int(Int64(y)), "value": .int(value)])
                value = value * Int64(950 + below(120)) / 1000 / 1000 * 1000
            }
            if category == 0 { apply(id, .landUseRecorded, CivilDate(year: 2013, month: 1, day: 1)!, ["use": .int(1), "dwellings": .int(Int64(1 + below(2)))]) }
            if category == 0 && below(300) == 0 { apply(id, .vacantHouseRecommendationIssued, CivilDate(year: 2019, month: 6, day: 1)!, ["category": .int(0)]) }
            if category == 3 && below(100) == 0 { apply(id, .idleFarmlandRecommendationIssued, CivilDate(year: 2018, month: 6, day: 1)!, [:]) }
        }
        for b in 0..<buildings {
            let parcel = "\(p)-l-\(below(parcels))"
            let built = 1960 + below(67)
            let id = "\(p)-b-\(b)"
            apply(id, .buildingRegistered, CivilDate(year: max(built, 2013), month: 3, day: 1)!,
                  ["parcel": .text(parcel), "owners": .list([person()]), "use": .int(0), "floor_area_m2": .int(Int64(6_000 + below(10_000))),
                   "dwellings": .int(1), "structure": .int(Int64(below(2))), "storeys": .int(Int64(1 + below(3))), "newly_built": .bool(built >= 2013)])
            apply(id, .buildingValued, CivilDate(year: max(built, 2013), month: 1, day: 1)!,
                  ["assessment_year": .int(Int64(max(built, 2012))), "value": .int(Int64(3_000_000 + below(10_000_000)) / 1000 * 1000)])
        }
        return pop
    }
}
