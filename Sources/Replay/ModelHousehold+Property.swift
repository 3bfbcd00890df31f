import KaiseiCore
import KaiseiEvents
import Law

/// `kaisei calc`'s `vehicles`, `land` and `buildings`: each entry becomes the register events a
/// real vehicle, parcel or building would have, validated by the same event schemas (so a bad
/// class name gets the same message as in an import). Field names are in docs/calc.md.
struct ModelProperty {
    var events: [(subject: String, type: EventType, valid: CivilDate, payload: Payload)] = []
    var problems: [FieldProblem] = []
    /// Last year's 課税標準額 given for parcels without history.
    var priors: [String: LandYear] = [:]
    var vehicleIds: [String] = [], landIds: [String] = [], buildingIds: [String] = []

    static let vehicleKeys: Set<String> = ["id", "owner", "class", "first_inspection", "first_inspection_year_only", "fuel", "emission_stars", "fuel_economy", "registered_new_on", "plate"]
    static let landKeys: Set<String> = ["id", "owners", "category", "area_m2", "urbanization_area", "value", "use", "dwellings",
                                        "residential_floor_share_percent", "floors", "vacant_recommendation", "idle_farmland_recommendation",
                                        "previous_tax_base", "previous_city_planning_base"]
    static let buildingKeys: Set<String> = ["id", "parcel", "owners", "use", "floor_area_m2", "dwelling_floor_area_m2", "dwellings", "structure",
                                            "storeys", "built_on", "newly_built", "long_life_quality", "value"]

    init(_ json: JSONValue, fiscalYear fy: Int, persons: [String]) {
        // Everything stands on the 賦課期日 of the fiscal year: land and buildings on 1 January,
        // vehicles on 1 April (a vehicle registered new takes its own date).
        let jan1 = CivilDate(year: fy, month: 1, day: 1)!
        let lastYear = CivilDate(year: fy - 1, month: 4, day: 1)!
        let autumn = CivilDate(year: fy - 1, month: 10, day: 1)!
        var seen: Set<String> = Set(persons)
        func entries(_ key: String, _ allowed: Set<String>) -> [(String, [(String, JSONValue)], JSONValue)] {
            guard let v = json[key] else { return [] }
            guard case .array(let list) = v else { problems.append(FieldProblem(key, "expected a list")); return [] }
            var out: [(String, [(String, JSONValue)], JSONValue)] = []
            for (i, item) in list.enumerated() {
                let at = "\(key)[\(i)]"
                guard case .object(let fields) = item else { problems.append(FieldProblem(at, "expected an object")); continue }
                for (k, _) in fields where !allowed.contains(k) { problems.append(FieldProblem("\(at).\(k)", "unknown field (see docs/calc.md)")) }
                guard case .string(let id)? = item["id"], EventJSON.idProblem(id) == nil, !seen.contains(id) else {
                    problems.append(FieldProblem("\(at).id", "missing, invalid or repeated (ids are shared with persons)")); continue
                }
                seen.insert(id)
                out.append((id, fields.filter { $0.0 != "id" }, item))
            }
            return out
        }
        func owners(_ at: String, _ v: JSONValue?) -> Bool {
            guard case .array(let list)? = v, !list.isEmpty else { problems.append(FieldProblem("\(at).owners", "expected a list of person ids")); return false }
            for o in list { guard case .string(let s) = o, persons.contains(s) else { problems.append(FieldProblem("\(at).owners", "each owner must be a person of this household")); return false } }
            return true
        }
        func emit(_ at: String, _ subject: String, _ type: EventType, _ valid: CivilDate, _ fields: [(String, JSONValue)]) {
            ModelEvent.emit(at, subject, type, valid, fields, into: &events, problems: &problems)
        }
        func date(_ at: String, _ v: JSONValue?) -> CivilDate? {
            guard let v else { return nil }
            guard case .string(let s) = v, let d = CivilDate(iso: s) else { problems.append(FieldProblem(at, "expected a date YYYY-MM-DD")); return nil }
            return d
        }
        func yen(_ at: String, _ v: JSONValue?) -> Yen? {
            guard let v else { return nil }
            guard case .integer(let n) = v, n >= 0, n <= EventJSON.maxYen else { problems.append(FieldProblem(at, "expected integer yen ≥ 0")); return nil }
            return Yen(n)
        }

        for (i, (id, fields, item)) in entries("vehicles", Self.vehicleKeys).enumerated() {
            let at = "vehicles[\(i)]"
            if case .string(let o)? = item["owner"], !persons.contains(o) { problems.append(FieldProblem("\(at).owner", "\"\(o)\" is not a person of this household")); continue }
            var f = fields.filter { !["fuel_economy", "registered_new_on"].contains($0.0) }
            if let fe = item["fuel_economy"] {
                guard case .object = fe else { problems.append(FieldProblem("\(at).fuel_economy", "expected {standard, achievement_percent}")); continue }
                if let s = fe["standard"] { f.append(("fuel_economy_standard", s)) }
                if let a = fe["achievement_percent"] { f.append(("fuel_economy_achievement_percent", a)) }
            }
            let newOn = date("\(at).registered_new_on", item["registered_new_on"])
            f.append(("new_vehicle", .bool(newOn != nil)))
            emit(at, id, .lightVehicleRegistered, newOn ?? lastYear, f)
            vehicleIds.append(id)
        }
        for (i, (id, fields, item)) in entries("land", Self.landKeys).enumerated() {
            let at = "land[\(i)]"
            guard owners(at, item["owners"]) else { continue }
            guard let value = yen("\(at).value", item["value"]) else { problems.append(FieldProblem("\(at).value", "missing: the 評価額")); continue }
            let reg = fields.filter { ["owners", "category", "area_m2", "urbanization_area"].contains($0.0) }
            emit(at, id, .landParcelRegistered, jan1, reg.contains { $0.0 == "urbanization_area" } ? reg : reg + [("urbanization_area", .bool(true))])
            emit(at, id, .landValued, jan1, [("assessment_year", .integer(Int64(fy))), ("value", .integer(value.amount))])
            if item["use"] != nil {
                var use = fields.filter { ["use", "dwellings", "residential_floor_share_percent", "floors"].contains($0.0) }
                if item["dwellings"] == nil { use.append(("dwellings", .integer(1))) }
                emit(at, id, .landUseRecorded, jan1, use)
            }
            if let vr = item["vacant_recommendation"] { emit(at, id, .vacantHouseRecommendationIssued, autumn, [("category", vr)]) }
            if item["idle_farmland_recommendation"] == .bool(true) { emit(at, id, .idleFarmlandRecommendationIssued, autumn, []) }
            if let prior = yen("\(at).previous_tax_base", item["previous_tax_base"]) {
                let cpt = yen("\(at).previous_city_planning_base", item["previous_city_planning_base"])
                let housing = ["residential", "partly_residential"].contains(item["use"].flatMap { if case .string(let s) = $0 { return s }; return nil } ?? "")
                // Without last year's 都市計画税 base, that tax starts from its 本則 (no history).
                let c = cpt ?? .zero
                priors[id] = LandYear(fixedAsset: housing ? LandTaxBase(housing: prior) : LandTaxBase(other: prior),
                                      cityPlanning: housing ? LandTaxBase(housing: c) : LandTaxBase(other: c))
            }
            landIds.append(id)
        }
        for (i, (id, fields, item)) in entries("buildings", Self.buildingKeys).enumerated() {
            let at = "buildings[\(i)]"
            guard owners(at, item["owners"]) else { continue }
            if case .string(let p)? = item["parcel"], !landIds.contains(p) { problems.append(FieldProblem("\(at).parcel", "\"\(p)\" is not a land entry of this input")); continue }
            guard let value = yen("\(at).value", item["value"]) else { problems.append(FieldProblem("\(at).value", "missing: the 評価額")); continue }
            let built = date("\(at).built_on", item["built_on"])
            var reg = fields.filter { !["built_on", "value"].contains($0.0) }
            if item["newly_built"] == nil { reg.append(("newly_built", .bool(false))) }
            if item["structure"] == nil { reg.append(("structure", .string("wooden"))) }
            emit(at, id, .buildingRegistered, built ?? CivilDate(year: fy - 1, month: 1, day: 1)!, reg)
            emit(at, id, .buildingValued, jan1, [("assessment_year", .integer(Int64(fy))), ("value", .integer(value.amount))])
            buildingIds.append(id)
        }
    }
}

/// A calc entry's event, checked by the event schema; a problem names the calc field
/// (`vehicles[0].class`) rather than the payload's.
enum ModelEvent {
    static func emit(_ at: String, _ subject: String, _ type: EventType, _ valid: CivilDate, _ fields: [(String, JSONValue)],
                     into events: inout [(subject: String, type: EventType, valid: CivilDate, payload: Payload)], problems: inout [FieldProblem]) {
        let (payload, p) = EventJSON.decodePayload(type, fields)
        problems += p.map { FieldProblem($0.field.replacingOccurrences(of: "payload.", with: "\(at)."), $0.reason) }
        if p.isEmpty { events.append((subject, type, valid, payload)) }
    }
}
