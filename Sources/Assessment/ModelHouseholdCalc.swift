import KaiseiCore
import KaiseiEvents
import Law
import Replay

/// `kaisei calc` as a library workflow: one model household (`ModelHousehold`, turned into
/// events and replayed through the same fold as the population) assessed by the same
/// assessor, rendered as the calc JSON (docs/calc.md). The CLI only parses and prints.
public enum ModelHouseholdCalc {
    /// The rules adopted at `asOf` lack a parameter a tax of this household needs.
    public struct Refused: Error, CustomStringConvertible {
        public let missing: [MissingParameter]
        public var description: String { "not computed: \(missing[0])\(missing.count > 1 ? " (and \(missing.count - 1) more)" : "")" }
    }

    public static func run(_ household: ModelHousehold, ruleBase rb: RuleBase, asOf: RecordedTime, explain: Bool) throws(Refused) -> JSONValue {
        let p = LevyParameters(ruleBase: rb, city: household.city, fiscalYear: household.fiscalYear, asOf: asOf)
        // A tax the household has facts for is refused rather than computed from missing law.
        var needed: [LevyTax] = [.residentTax]
        if !household.vehicleIds.isEmpty { needed.append(.lightVehicleTax) }
        if !household.landIds.isEmpty || !household.buildingIds.isEmpty { needed.append(.fixedAssetTax) }
        if household.events.contains(where: { $0.type == .nhiMembershipStarted }) { needed.append(.nhi) }
        if let missing = needed.lazy.compactMap({ p.refused[$0] }).first { throw Refused(missing: missing) }
        let params = ParameterSet(ruleBase: rb, city: household.city, fiscalYear: household.fiscalYear, asOf: asOf)
        let pop = household.population()
        let assessor = Assessor(pop, fiscalYear: household.fiscalYear)
        let levies = PropertyLevies(household, pop, rb, asOf: asOf, explain: explain)
        var persons: [JSONValue] = []
        for id in household.personIds {
            var result = ResidentTaxResult()
            if case .residentTax(let r)? = assessor.levies(of: id, p, taxes: [.residentTax], trace: explain).first?.result { result = r }
            var entry: [(String, JSONValue)] = [
                ("id", .string(id)),
                ("resident_tax", .object([
                    ("city_income_levy", .integer(result.cityIncomeLevy.amount)),
                    ("prefecture_income_levy", .integer(result.prefectureIncomeLevy.amount)),
                    ("city_per_capita", .integer(result.cityPerCapita.amount)),
                    ("prefecture_per_capita", .integer(result.prefecturePerCapita.amount)),
                    ("forest_environment_tax", .integer(result.forestEnvironmentTax.amount)),
                    ("total", .integer(result.total.amount)),
                ])),
                ("furusato_limit", .integer(result.furusatoLimit.amount)),
                ("total_income", .integer(result.totalIncome.amount)),
                ("taxable_income", .integer(result.taxableIncome.amount)),
            ]
            entry += levies.personEntries(id)
            if explain {
                entry.append(("steps", stepsJSON(result.steps)))
            }
            persons.append(.object(entry))
        }
        let out: JSONValue = .object([
            ("city", .string(household.city.rawValue)), ("fiscal_year", .integer(Int64(household.fiscalYear))),
            ("revision_set", .string(params.revisionSetHash)), ("persons", .array(persons)),
        ] + levies.topLevel + nhiOutput(household, pop, rb, asOf: asOf, explain: explain))
        return out
    }
}

/// The steps of an explanation as JSON: label, amount, reference, revision.
public func stepsJSON(_ steps: [TraceStep]) -> JSONValue {
    .array(steps.map { s in
        .object([("label", .string(s.label)), ("amount", .integer(s.amount.amount)),
                 ("reference", .string(s.reference)), ("revision", s.revision.map { .string($0) } ?? .null)])
    })
}

/// `calc`'s vehicles, land and buildings: assessed through the same replayed state as the
/// population. Output lists follow the input order; each person gets their own totals.
struct PropertyLevies {
    var vehicles: [(id: String, owner: String, result: LightVehicleResult)] = []
    var taxpayers: [FixedAssetAssessment] = []
    var lands: [(id: String, year: LandYear)] = []
    var buildings: [(id: String, year: BuildingYear)] = []
    let explain: Bool
    let any: Bool

    init(_ h: ModelHousehold, _ pop: Population, _ rb: RuleBase, asOf: RecordedTime, explain: Bool) {
        self.explain = explain
        any = !(h.vehicleIds.isEmpty && h.landIds.isEmpty && h.buildingIds.isEmpty)
        let fy = h.fiscalYear
        if !h.vehicleIds.isEmpty {
            let p = LightVehicleParameters(ParameterSet(ruleBase: rb, city: h.city, fiscalYear: fy, asOf: asOf))
            let assessor = Assessor(pop, fiscalYear: fy)
            for id in h.vehicleIds {
                if let levy = assessor.vehicle(id, p, trace: explain), case .lightVehicle(let r) = levy.result { vehicles.append((id, levy.taxpayer, r)) }
            }
        }
        if !h.landIds.isEmpty || !h.buildingIds.isEmpty {
            let first = ParameterCatalogue.years.lowerBound
            let params = (first...fy).map { FixedAssetParameters(ParameterSet(ruleBase: rb, city: h.city, fiscalYear: $0, asOf: asOf)) }
            for id in h.landIds {
                if let y = pop.landYear(id, fiscalYear: fy, firstYear: first, params: params, initialPrior: h.landPriors[id], trace: explain) { lands.append((id, y)) }
            }
            for id in h.buildingIds {
                if let b = pop.buildingYear(id, fiscalYear: fy, params[fy - first], trace: explain) { buildings.append((id, b.year)) }
            }
            taxpayers = pop.fixedAssetTax(fiscalYear: fy, firstYear: first, params: params, priors: h.landPriors, trace: explain)
        }
    }

    func personEntries(_ id: String) -> [(String, JSONValue)] {
        guard any else { return [] }
        let lv = vehicles.filter { $0.owner == id }.reduce(Yen.zero) { $0 + $1.result.amount }
        let own = taxpayers.first { $0.owners == [id] }
        return [("light_vehicle_tax", .integer(lv.amount)),
                ("fixed_asset_tax", .integer(own?.fixedAssetTax.amount ?? 0)),
                ("city_planning_tax", .integer(own?.cityPlanningTax.amount ?? 0))]
    }

    var topLevel: [(String, JSONValue)] {
        guard any else { return [] }
        func withSteps(_ e: [(String, JSONValue)], _ steps: [TraceStep]) -> JSONValue { .object(explain ? e + [("steps", stepsJSON(steps))] : e) }
        return [
            ("vehicles", .array(vehicles.map { v in
                withSteps([("id", .string(v.id)), ("owner", .string(v.owner)), ("light_vehicle_tax", .integer(v.result.amount.amount)),
                           ("basis", .string(v.result.basis.rawValue))], v.result.steps)
            })),
            ("land", .array(lands.map { l in
                withSteps([("id", .string(l.id)), ("fixed_asset_tax_base", .integer(l.year.fixedAsset.total.amount)),
                           ("city_planning_tax_base", .integer(l.year.cityPlanning.total.amount))], l.year.steps)
            })),
            ("buildings", .array(buildings.map { b in
                withSteps([("id", .string(b.id)), ("fixed_asset_tax_base", .integer(b.year.base.amount)),
                           ("new_housing_reduction", .bool(b.year.newHousingShare > .zero))], b.year.steps)
            })),
            ("property_taxpayers", .array(taxpayers.map { t in
                withSteps([("owners", .array(t.owners.map { .string($0) })), ("land_base", .integer(t.landBase.amount)),
                           ("building_base", .integer(t.buildingBase.amount)), ("land_exempt", .bool(t.landExempt)),
                           ("building_exempt", .bool(t.buildingExempt)), ("new_housing_reduction", .integer(t.newHousingReduction.amount)),
                           ("fixed_asset_tax", .integer(t.fixedAssetTax.amount)), ("city_planning_tax", .integer(t.cityPlanningTax.amount))], t.steps)
            })),
        ]
    }
}

extension ModelHouseholdCalc {
    /// The `nhi` block's household: each part and the total, in the city's own word (料 / 税).
    static func nhiOutput(_ h: ModelHousehold, _ pop: Population, _ rb: RuleBase, asOf: RecordedTime, explain: Bool) -> [(String, JSONValue)] {
        let set = ParameterSet(ruleBase: rb, city: h.city, fiscalYear: h.fiscalYear, asOf: asOf)
        let nhi = NHIParameters(set)
        let households = pop.nhiHouseholds(fiscalYear: h.fiscalYear, maternity: nhi.maternityWindow, familyAbove: nhi.incomeAdjustmentSalaryFrom)
        guard let hh = households.first else { return [] }
        let r = NHI.assess(hh.facts, fiscalYear: h.fiscalYear, set, trace: explain)
        var obj: [(String, JSONValue)] = [
            ("form", .string(set.text(NHIKeys.form))), ("payer", .string(hh.payer)),
            ("reduction", .string(["none", "20%", "50%", "70%"][r.reductionLevel])),
            ("parts", .object(r.parts.map { p in
                (p.part, .object([("income_levy", .integer(p.incomeLevy.amount)), ("per_capita", .integer(p.perCapita.amount)),
                                  ("per_household", .integer(p.perHousehold.amount)), ("capped", .bool(p.capped)), ("amount", .integer(p.amount.amount))]))
            })),
            ("total", .integer(r.total.amount)),
            ("instalments", .array(NHI.instalments(r.total, fiscalYear: h.fiscalYear, set).map {
                .object([("due", .string($0.due.description)), ("amount", .integer($0.amount.amount))])
            })),
        ]
        if explain { obj.append(("steps", stepsJSON(r.steps))) }
        return [("nhi", .object(obj))]
    }
}
