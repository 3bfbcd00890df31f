import KaiseiCore
import KaiseiEvents
import Law

/// `kaisei calc`'s input: one household as JSON, turned into the same events a real household
/// would produce, so that the model goes through the same replay and calculators as the
/// population. Field names are documented in docs/calc.md.
public struct ModelHousehold: Sendable {
    public let city: City
    public let fiscalYear: Int
    public let personIds: [String]
    public let events: [Event]
    public let vehicleIds: [String]
    public let landIds: [String]
    public let buildingIds: [String]
    /// Last year's 課税標準額 of parcels given without history.
    public let landPriors: [String: LandYear]

    static let personKeys: Set<String> = [
        "id", "birth_date", "sex", "salary", "pension", "business_income", "other_income",
        "social_insurance", "life_insurance_deduction", "earthquake_insurance_deduction", "medical_deduction", "other_deductions",
        "disability", "single_parent", "widow", "working_student", "spouse", "dependants",
        "lineal_ascendant", "cohabiting", "furusato", "final_return_filed",
    ]
    static let topKeys: Set<String> = ["city", "fiscal_year", "persons", "vehicles", "land", "buildings", "nhi"]

    public static func parse(_ json: JSONValue) -> Result<ModelHousehold, FieldProblems> {
        var problems: [FieldProblem] = []
        func bad(_ f: String, _ r: String) { problems.append(FieldProblem(f, r)) }
        guard case .object(let top) = json else { return .failure(FieldProblems([FieldProblem("(input)", "expected a JSON object")])) }
        for (k, _) in top where !topKeys.contains(k) { bad(k, "unknown field (expected city, fiscal_year, persons, vehicles, land, buildings, nhi)") }
        var city: City?
        if case .string(let c)? = json["city"] { city = City(rawValue: c); if city == nil { bad("city", "unknown city \"\(c)\" (expected okazaki | toyohashi)") } }
        else { bad("city", "missing") }
        var fy: Int?
        if case .integer(let y)? = json["fiscal_year"] {
            let years = ParameterCatalogue.years
            if years.contains(Int(y)) { fy = Int(y) } else { bad("fiscal_year", "must be between \(years.lowerBound) and \(years.upperBound), got \(y)") }
        } else { bad("fiscal_year", "missing or not an integer") }
        guard case .array(let persons)? = json["persons"], !persons.isEmpty else {
            bad("persons", "missing or empty")
            return .failure(FieldProblems(problems))
        }
        var ids: [String] = []
        for (i, p) in persons.enumerated() {
            if case .string(let id)? = p["id"], EventJSON.idProblem(id) == nil, !ids.contains(id) { ids.append(id) }
            else { bad("persons[\(i)].id", "missing, invalid or repeated") }
        }
        guard let city, let fy, problems.isEmpty else { return .failure(FieldProblems(problems)) }
        let year = fy - 1
        var events: [Event] = []
        var n = 0
        func add(_ subject: String, _ type: EventType, _ valid: CivilDate, _ fields: [String: FieldValue]) {
            n += 1
            events.append(Event(id: "calc-\(n)", city: city, subject: subject, type: type, validDate: valid, payload: Payload(type, fields)))
        }
        let registered = CivilDate(year: year - 1, month: 12, day: 31)!
        let yearStart = CivilDate(year: year, month: 1, day: 1)!
        let filed = CivilDate(year: fy, month: 3, day: 15)!
        for (i, p) in persons.enumerated() {
            let at = "persons[\(i)]"
            let id = ids[i]
            guard case .object(let fields) = p else { bad(at, "expected an object"); continue }
            for (k, _) in fields where !personKeys.contains(k) { bad("\(at).\(k)", "unknown field (see docs/calc.md)") }
            func yen(_ k: String) -> Int64 {
                guard let v = p[k] else { return 0 }
                guard case .integer(let y) = v, y >= 0, y <= EventJSON.maxYen else { bad("\(at).\(k)", "expected integer yen ≥ 0"); return 0 }
                return y
            }
            func signedYen(_ k: String) -> Int64 {
                guard let v = p[k] else { return 0 }
                guard case .integer(let y) = v, y >= -EventJSON.maxYen, y <= EventJSON.maxYen else { bad("\(at).\(k)", "expected integer yen"); return 0 }
                return y
            }
            func flag(_ k: String) -> Bool {
                guard let v = p[k] else { return false }
                guard case .bool(let b) = v else { bad("\(at).\(k)", "expected true or false"); return false }
                return b
            }
            guard case .string(let b)? = p["birth_date"], let birth = CivilDate(iso: b) else { bad("\(at).birth_date", "missing or not a date YYYY-MM-DD"); continue }
            var sex: FieldValue?
            if case .string(let s)? = p["sex"] {
                guard let k = ["female", "male"].firstIndex(of: s) else { bad("\(at).sex", "expected female or male"); continue }
                sex = .int(Int64(k))
            }
            var reg: [String: FieldValue] = ["reason": .int(2), "birth_date": .int(Int64(birth.packed)), "household": .text("calc-household")]
            if let sex { reg["sex"] = sex }
            if flag("lineal_ascendant") { reg["relationship_to_head"] = .int(3) }
            add(id, .residentRegistered, birth > registered ? birth : registered, reg)
            let salary = yen("salary"), pension = yen("pension"), business = signedYen("business_income"), other = signedYen("other_income")
            if salary != 0 || pension != 0 || business != 0 || other != 0 {
                add(id, .incomeDeclared, filed, ["income_year": .int(Int64(year)), "source": .int(2), "salary": .int(salary),
                                                "pension": .int(pension), "business_income": .int(business), "other_income": .int(other)])
            }
            let si = yen("social_insurance"), li = yen("life_insurance_deduction"), eq = yen("earthquake_insurance_deduction")
            let med = yen("medical_deduction"), od = yen("other_deductions")
            if si + li + eq + med + od > 0 {
                add(id, .deductionsDeclared, filed, ["income_year": .int(Int64(year)), "social_insurance": .int(si), "life_insurance": .int(li),
                                                    "earthquake_insurance": .int(eq), "medical": .int(med), "other": .int(od)])
            }
            if case .string(let d)? = p["disability"] {
                guard let k = ["none", "general", "special"].firstIndex(of: d) else { bad("\(at).disability", "expected none, general or special"); continue }
                if k > 0 { add(id, .disabilityStatusRecorded, yearStart, ["status": .int(Int64(k))]) }
            }
            if flag("single_parent") { add(id, .familyStatusRecorded, yearStart, ["status": .int(2)]) }
            else if flag("widow") { add(id, .familyStatusRecorded, yearStart, ["status": .int(1)]) }
            if flag("working_student") { add(id, .workingStudentStatusRecorded, yearStart, ["working_student": .bool(true)]) }
            let cohabiting = p["cohabiting"].map { $0 == .bool(true) } ?? true
            if case .string(let s)? = p["spouse"] {
                guard ids.contains(s), s != id else { bad("\(at).spouse", "\"\(s)\" is not another person of this household"); continue }
                add(id, .relationshipStarted, yearStart, ["kind": .int(0), "other": .text(s), "cohabiting": .bool(cohabiting)])
            }
            if let deps = p["dependants"] {
                guard case .array(let list) = deps else { bad("\(at).dependants", "expected a list of person ids"); continue }
                for d in list {
                    guard case .string(let s) = d, ids.contains(s), s != id else { bad("\(at).dependants", "each must be another person of this household"); continue }
                    let depCohabiting = persons[ids.firstIndex(of: s)!]["cohabiting"].map { $0 == .bool(true) } ?? true
                    add(id, .relationshipStarted, yearStart, ["kind": .int(1), "other": .text(s), "cohabiting": .bool(depCohabiting)])
                }
            }
            if let fl = p["furusato"] {
                guard case .array(let list) = fl else { bad("\(at).furusato", "expected a list of donations"); continue }
                for (j, d) in list.enumerated() {
                    let dat = "\(at).furusato[\(j)]"
                    guard case .string(let ds)? = d["date"], let dd = CivilDate(iso: ds) else { bad("\(dat).date", "missing or not a date"); continue }
                    guard case .integer(let amount)? = d["amount"], amount > 0, amount <= EventJSON.maxYen else { bad("\(dat).amount", "expected integer yen > 0"); continue }
                    var oneStop = false
                    if let o = d["one_stop"] { guard case .bool(let b) = o else { bad("\(dat).one_stop", "expected true or false"); continue }; oneStop = b }
                    var muni = "寄附先\(j + 1)"
                    if case .string(let m)? = d["municipality"] { muni = m }
                    add(id, .furusatoDonationMade, dd, ["amount": .int(amount), "receiving_municipality": .text(muni), "one_stop": .bool(oneStop)])
                }
            }
            if flag("final_return_filed") { add(id, .oneStopExceptionLapsed, filed, ["income_year": .int(Int64(year)), "reason": .int(0)]) }
        }
        if let block = json["nhi"] {
            let (nhiEvents, nhiProblems) = ModelNHI.events(block, fiscalYear: fy, persons: ids)
            problems += nhiProblems
            for e in nhiEvents { n += 1; events.append(Event(id: "calc-\(n)", city: city, subject: e.subject, type: e.type, validDate: e.valid, payload: e.payload)) }
        }
        let property = ModelProperty(json, fiscalYear: fy, persons: ids)
        problems += property.problems
        for e in property.events { n += 1; events.append(Event(id: "calc-\(n)", city: city, subject: e.subject, type: e.type, validDate: e.valid, payload: e.payload)) }
        guard problems.isEmpty else { return .failure(FieldProblems(problems)) }
        return .success(ModelHousehold(city: city, fiscalYear: fy, personIds: ids, events: events, vehicleIds: property.vehicleIds,
                                       landIds: property.landIds, buildingIds: property.buildingIds, landPriors: property.priors))
    }

    /// The household replayed: the same fold the population goes through.
    public func population() -> Population {
        var pop = Population(city: city)
        for (i, e) in events.enumerated() { pop.apply(e, seq: Int64(i + 1)) }
        return pop
    }
}
