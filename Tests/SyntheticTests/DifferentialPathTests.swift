import Testing
import Foundation
import KaiseiCore
import KaiseiEvents
import Law
import Replay
import Assessment
import Synthetic
import TestSupport

/// Two independent paths to the same figure (DESIGN.md, "Checks that can fail for the right
/// reason"). The population path is `kaisei assess --subject`: the generated events folded by
/// `Population.apply`, then read on the 賦課期日. The model-household path is `kaisei calc`: a
/// household given as JSON, parsed by `ModelHousehold.parse` into a few events of its own.
///
/// The calc input is written here from the raw events, read directly and not through the fold:
/// a person's registration, incomes and relationships as of 31 December, a vehicle's
/// registration and owner on 1 April, a parcel's and a building's register entries on
/// 1 January. A fold that resolves the wrong relative, or copies a derived fact (a building's
/// 市街化区域, a parcel's buildings) from whatever happened to be folded before, makes the two
/// paths disagree, and the failure names the subject and both figures.
///
/// The calc path runs in process as `CalcCommand` runs it (`ModelHousehold.parse` of the JSON
/// text, `population()`, then the same reads and calculators); one test runs the `kaisei calc`
/// binary itself on a few of the inputs, so the in-process mirror is held to the command.
/// Where calc takes last year's 課税標準額 as a prior (負担調整), the prior is calc's own result
/// for the year before, so a parcel's whole history goes through calc households.
///
/// What calc cannot express is left out and counted, never silently: pre-2021 寡夫 statuses,
/// NHI households with a former member in 後期高齢者医療 or a member insured in two spells,
/// buildings whose parcel is off the ledger on 1 January.
@Suite("kaisei calc and kaisei assess --subject give the same figures for the same facts")
struct DifferentialPathTests {
    private static let fixture = DifferentialFixture(seed: 23, scale: 0.002)
    static let fiscalYears = [2020, 2025]
    static let asOf = RecordedTime.distantFuture
    /// Every `stride`-th subject of a kind is compared (sorted by id, so the sample is fixed).
    static let residentStride = 6, propertyStride = 4, nhiStride = 2

    @Test("地方税法第318条・第314条の2: each sampled resident's 個人住民税 (市・県 所得割, 均等割, 森林環境税) and light vehicle tax agree")
    func residentTax() throws {
        var mismatches: [String] = [], reproduce: [String] = []
        var compared = 0, taxed = 0, withSpouse = 0, withDependants = 0, withDonations = 0, vehiclesCompared = 0
        var inexpressible: [String] = []
        for city in City.allCases {
            let raw = Self.fixture.raw[city]!, pop = Self.fixture.pops[city]!
            for fy in Self.fiscalYears {
                let levy = LevyParameters(ruleBase: Checkout.ruleBase, city: city, fiscalYear: fy, asOf: Self.asOf)
                let set = ParameterSet(ruleBase: Checkout.ruleBase, city: city, fiscalYear: fy, asOf: Self.asOf)
                let calcVehicleParams = LightVehicleParameters(set)
                let jan1 = CivilDate(year: fy, month: 1, day: 1)!
                // Who is resident on 1 January: every registered person, not only the sample.
                for id in raw.persons where raw.isResident(id, on: jan1) != pop.isResident(id, fiscalYear: fy) {
                    mismatches.append("\(id) FY\(fy): resident on 1 January per the register events \(raw.isResident(id, on: jan1)), per the population \(pop.isResident(id, fiscalYear: fy))")
                }
                var rawOwned: [String: [String]] = [:], popOwned: [String: [String]] = [:]
                for v in raw.vehicles { if let r = raw.vehicleOnLevyDate(v, fiscalYear: fy) { rawOwned[r.owner, default: []].append(v) } }
                for v in pop.vehicles.keys.sorted() { if let r = pop.vehicleOnLevyDate(v, fiscalYear: fy) { popOwned[r.owner, default: []].append(v) } }

                let residents = raw.persons.filter { raw.isResident($0, on: jan1) }
                for (k, id) in residents.enumerated() where k % Self.residentStride == 0 {
                    let owned = rawOwned[id] ?? []
                    guard let input = raw.residentInput(id, fiscalYear: fy, vehicles: owned) else { inexpressible.append("\(id) FY\(fy)"); continue }
                    let model = try calcHousehold(input.json)
                    let modelPop = model.population()
                    // CalcCommand.run: a person without liability shows zeros.
                    var calc = ResidentTaxResult()
                    if modelPop.isResident(id, fiscalYear: fy), let facts = modelPop.taxpayerFacts(id, fiscalYear: fy) {
                        calc = ResidentTax.assess(facts, fiscalYear: fy, set)
                    }
                    // AssessCommand.subjectReport: the resident tax of a person resident on 1 January.
                    var assessed: ResidentTaxResult?
                    if pop.isResident(id, fiscalYear: fy), let facts = pop.taxpayerFacts(id, fiscalYear: fy) {
                        assessed = ResidentTax.assess(facts, fiscalYear: fy, levy.residentTax)
                    }
                    compared += 1
                    if calc.total > .zero { taxed += 1 }
                    if input.spouse { withSpouse += 1 }
                    if input.dependants > 0 { withDependants += 1 }
                    if input.donations > 0 { withDonations += 1 }
                    let a = assessed.map(residentFigures) ?? "not assessed"
                    if a != residentFigures(calc) {
                        mismatches.append("\(id) FY\(fy) 個人住民税: assess --subject [\(a)] ≠ calc [\(residentFigures(calc))]")
                        if reproduce.count < 2 { reproduce.append(JSONWriter.canonical(input.json)) }
                    }

                    // 軽自動車税: the vehicles the person owns on 1 April, and each one's amount.
                    let popVehicles = popOwned[id] ?? []
                    if popVehicles != owned {
                        mismatches.append("\(id) FY\(fy) vehicles owned on 1 April: register events \(owned), population \(popVehicles)")
                    }
                    var calcTotal = Yen.zero, popTotal = Yen.zero
                    for v in owned {
                        vehiclesCompared += 1
                        let c = modelPop.lightVehicleTax(fiscalYear: fy, calcVehicleParams, only: v).first
                        let p = pop.vehicleOnLevyDate(v, fiscalYear: fy).map { (owner: $0.owner, result: LightVehicleTax.assess($0.facts, fiscalYear: fy, levy.lightVehicle)) }
                        calcTotal += c?.result.amount ?? .zero
                        popTotal += p?.result.amount ?? .zero
                        let cText = c.map { "\($0.result.amount.grouped) \($0.result.basis.rawValue) owner \($0.owner)" } ?? "none"
                        let pText = p.map { "\($0.result.amount.grouped) \($0.result.basis.rawValue) owner \($0.owner)" } ?? "none"
                        if cText != pText {
                            mismatches.append("\(v) FY\(fy) 軽自動車税: assess --subject [\(pText)] ≠ calc [\(cText)]")
                            if reproduce.count < 2 { reproduce.append(JSONWriter.canonical(input.json)) }
                        }
                    }
                    if calcTotal != popTotal { mismatches.append("\(id) FY\(fy) 軽自動車税 total: assess --subject \(popTotal.grouped) ≠ calc \(calcTotal.grouped)") }
                }
            }
        }
        #expect(mismatches.isEmpty, "\(report(mismatches, reproduce))")
        // The sample is not vacuous: it covers families, donors and vehicle owners.
        #expect(compared >= 150, "compared \(compared)")
        #expect(taxed >= 60, "taxed \(taxed) of \(compared)")
        #expect(withSpouse >= 30, "with a spouse \(withSpouse)")
        #expect(withDependants >= 15, "with dependants \(withDependants)")
        #expect(withDonations >= 3, "with furusato donations \(withDonations)")
        #expect(vehiclesCompared >= 20, "vehicles \(vehiclesCompared)")
        #expect(inexpressible.count <= compared / 20, "calc cannot express \(inexpressible.count): \(inexpressible.prefix(10))")
    }

    @Test("the kaisei calc command itself, given a few sampled families as JSON on standard input, prints assess --subject's figures")
    func calcCommand() throws {
        let revisions = Checkout.root.appendingPathComponent("revisions").path
        let fy = Self.fiscalYears.last!
        var mismatches: [String] = []
        var checked = 0
        for city in City.allCases {
            let raw = Self.fixture.raw[city]!, pop = Self.fixture.pops[city]!
            let levy = LevyParameters(ruleBase: Checkout.ruleBase, city: city, fiscalYear: fy, asOf: Self.asOf)
            let jan1 = CivilDate(year: fy, month: 1, day: 1)!
            var taken = 0
            // The first two residents (by id) with a spouse or dependants: two processes a city.
            for id in raw.persons where taken < 2 && raw.isResident(id, on: jan1) {
                let owned = raw.vehicles.filter { raw.vehicleOnLevyDate($0, fiscalYear: fy)?.owner == id }
                guard let input = raw.residentInput(id, fiscalYear: fy, vehicles: owned), input.spouse || input.dependants > 0 else { continue }
                taken += 1
                let text = JSONWriter.canonical(input.json)
                let result = try KaiseiBinary.run(["calc", "--revisions", revisions, "--input", "-"], stdin: text)
                #expect(result.status == 0, "kaisei calc failed for \(id): \(result.stderr)\n\(text)")
                let printed = try JSONParser.parse(result.stdout)
                guard case .array(let persons)? = printed["persons"], let person = persons.first(where: { $0["id"] == .string(id) }) else {
                    Issue.record("kaisei calc printed no entry for \(id):\n\(result.stdout)")
                    continue
                }
                checked += 1
                var assessed: ResidentTaxResult?
                if pop.isResident(id, fiscalYear: fy), let facts = pop.taxpayerFacts(id, fiscalYear: fy) {
                    assessed = ResidentTax.assess(facts, fiscalYear: fy, levy.residentTax)
                }
                let expected: [(String, Yen?)] = [
                    ("city_income_levy", assessed?.cityIncomeLevy), ("prefecture_income_levy", assessed?.prefectureIncomeLevy),
                    ("city_per_capita", assessed?.cityPerCapita), ("prefecture_per_capita", assessed?.prefecturePerCapita),
                    ("forest_environment_tax", assessed?.forestEnvironmentTax), ("total", assessed?.total),
                ]
                for (key, value) in expected {
                    let got = person["resident_tax"]?[key], want = value.map { JSONValue.integer($0.amount) }
                    if got != want {
                        mismatches.append("\(id) FY\(fy) resident_tax.\(key): assess --subject \(value?.grouped ?? "not assessed"), kaisei calc printed \(got.map(JSONWriter.canonical) ?? "nothing")\n\(text)")
                    }
                }
                if !owned.isEmpty {
                    let vehicleTax = owned.compactMap { pop.vehicleOnLevyDate($0, fiscalYear: fy) }.filter { $0.owner == id }
                        .reduce(Yen.zero) { $0 + LightVehicleTax.assess($1.facts, fiscalYear: fy, levy.lightVehicle).amount }
                    if person["light_vehicle_tax"] != .integer(vehicleTax.amount) {
                        mismatches.append("\(id) FY\(fy) light_vehicle_tax: assess --subject \(vehicleTax.grouped), kaisei calc printed \(person["light_vehicle_tax"].map(JSONWriter.canonical) ?? "nothing")\n\(text)")
                    }
                }
            }
        }
        #expect(mismatches.isEmpty, "\(mismatches.joined(separator: "\n"))")
        #expect(checked == 4, "kaisei calc was checked on \(checked) households")
    }

    @Test("地方税法第349条・第702条: sampled parcels, buildings and property taxpayers get the same 固定資産税 and 都市計画税")
    func fixedAssetAndCityPlanningTax() throws {
        var mismatches: [String] = [], reproduce: [String] = []
        var parcelsCompared = 0, buildingsCompared = 0, taxpayersCompared = 0, cityPlanningTaxpayers = 0
        var skipped: [String] = []
        let first = ParameterCatalogue.years.lowerBound
        for city in City.allCases {
            let raw = Self.fixture.raw[city]!, pop = Self.fixture.pops[city]!
            // calc's parameters: one set per fiscal year since the start of Kaisei's history.
            let params = ParameterCatalogue.years.map { FixedAssetParameters(ParameterSet(ruleBase: Checkout.ruleBase, city: city, fiscalYear: $0, asOf: Self.asOf)) }
            var chains: [String: [Int: LandYear]] = [:]
            func chain(_ id: String) throws -> [Int: LandYear] {
                if let c = chains[id] { return c }
                let c = try modelLandChain(raw, id, through: Self.fiscalYears.max()!, params: params)
                chains[id] = c
                return c
            }
            for fy in Self.fiscalYears {
                let levy = LevyParameters(ruleBase: Checkout.ruleBase, city: city, fiscalYear: fy, asOf: Self.asOf)

                // Each parcel's 課税標準額, 負担調整 followed year by year through calc households.
                let onLedger = raw.parcels.filter { raw.parcel($0, fiscalYear: fy) != nil }
                for (k, id) in onLedger.enumerated() where k % Self.propertyStride == 0 {
                    parcelsCompared += 1
                    let calc = try chain(id)[fy]
                    let assessed = pop.landYear(id, fiscalYear: fy, firstYear: levy.firstYear, params: levy.fixedAsset)
                    if calc.map(landFigures) != assessed.map(landFigures) {
                        mismatches.append("\(id) FY\(fy) land: assess --subject [\(assessed.map(landFigures) ?? "none")] ≠ calc [\(calc.map(landFigures) ?? "none")]")
                    }
                }

                // Each building's 課税標準額, 新築住宅の減額 and 市街化区域 (read from its parcel).
                let standing = raw.buildings.filter { raw.building($0, fiscalYear: fy)?.value != nil }
                for (k, id) in standing.enumerated() where k % Self.propertyStride == 0 {
                    let b = raw.building(id, fiscalYear: fy)!
                    guard let parcel = raw.parcel(b.parcel, fiscalYear: fy) else { skipped.append("\(id) FY\(fy): its parcel is off the ledger on 1 January"); continue }
                    buildingsCompared += 1
                    let input = raw.propertyInput(fiscalYear: fy, persons: b.owners + [contextOwner],
                                                  lands: [raw.landEntry(b.parcel, parcel, owners: [contextOwner])],
                                                  buildings: [raw.buildingEntry(id, b, owners: b.owners)])
                    let calc = try calcHousehold(input).population().buildingYear(id, fiscalYear: fy, params[fy - first])
                    let assessed = pop.buildingYear(id, fiscalYear: fy, levy.fixedAsset[fy - levy.firstYear])
                    let c = calc.map { buildingFigures($0.owners, $0.year) } ?? "none", a = assessed.map { buildingFigures($0.owners, $0.year) } ?? "none"
                    if c != a {
                        mismatches.append("\(id) FY\(fy) building on \(b.parcel): assess --subject [\(a)] ≠ calc [\(c)]")
                        if reproduce.count < 2 { reproduce.append(JSONWriter.canonical(input)) }
                    }
                }

                // Each taxpayer (a person or co-owners): every parcel and building they own on 1 January.
                let taxpayers = raw.propertyTaxpayers(fiscalYear: fy)
                for (k, owners) in taxpayers.keys.sorted().enumerated() where k % Self.propertyStride == 0 {
                    let holding = taxpayers[owners]!
                    guard let input = taxpayerInput(raw, holding, fiscalYear: fy) else {
                        skipped.append("\(owners) FY\(fy): a building stands on a parcel off the ledger on 1 January"); continue
                    }
                    var priors: [String: LandYear] = [:]
                    for p in holding.parcels { if let prior = try chain(p)[fy - 1] { priors[p] = prior } }
                    taxpayersCompared += 1
                    let model = try calcHousehold(input)
                    let calc = model.population().fixedAssetTax(fiscalYear: fy, firstYear: first, params: params, priors: priors)
                        .first { $0.owners == holding.owners }
                    let assessed = pop.fixedAssetTax(fiscalYear: fy, firstYear: levy.firstYear, params: levy.fixedAsset, owner: holding.owners[0])
                        .first { $0.owners == holding.owners }
                    if (calc?.cityPlanningTax ?? .zero) > .zero { cityPlanningTaxpayers += 1 }
                    let c = calc.map(taxpayerFigures) ?? "none", a = assessed.map(taxpayerFigures) ?? "none"
                    if c != a {
                        mismatches.append("\(owners) FY\(fy) 固定資産税・都市計画税 (parcels \(holding.parcels), buildings \(holding.buildings)): assess --subject [\(a)] ≠ calc [\(c)]")
                        if reproduce.count < 2 { reproduce.append(JSONWriter.canonical(input)) }
                    }
                }
            }
        }
        #expect(mismatches.isEmpty, "\(report(mismatches, reproduce))")
        #expect(parcelsCompared >= 100, "parcels \(parcelsCompared)")
        #expect(buildingsCompared >= 60, "buildings \(buildingsCompared)")
        #expect(taxpayersCompared >= 80, "taxpayers \(taxpayersCompared)")
        #expect(cityPlanningTaxpayers >= 20, "taxpayers paying 都市計画税 \(cityPlanningTaxpayers)")
        #expect(skipped.count <= max(5, (buildingsCompared + taxpayersCompared) / 20), "skipped \(skipped.count): \(skipped.prefix(10))")
    }

    @Test("国民健康保険法第76条: every NHI household has the same payer, and sampled households the same 保険料(税)")
    func nationalHealthInsurance() throws {
        var mismatches: [String] = [], reproduce: [String] = []
        var compared = 0, reduced = 0, households = 0
        var inexpressible: [String] = []
        for city in City.allCases {
            let raw = Self.fixture.raw[city]!, pop = Self.fixture.pops[city]!
            for fy in Self.fiscalYears {
                let levy = LevyParameters(ruleBase: Checkout.ruleBase, city: city, fiscalYear: fy, asOf: Self.asOf)
                let set = ParameterSet(ruleBase: Checkout.ruleBase, city: city, fiscalYear: fy, asOf: Self.asOf)
                let rawHouseholds = raw.nhiHouseholds(fiscalYear: fy)
                let popHouseholds = Dictionary(uniqueKeysWithValues: pop.nhiHouseholds(fiscalYear: fy, maternity: levy.nhi.maternityWindow).map { ($0.household, $0) })
                // Membership, payer and who counts in the 軽減 (insured here on 1 April, or on the
                // day the first member joined) of every household, not only the sample.
                for h in Set(rawHouseholds.keys).union(popHouseholds.keys).sorted() {
                    households += 1
                    let r = rawHouseholds[h].map { hh -> String in
                        let onApril1 = hh.members.filter { $0.joined == nil }.count
                        let counted = onApril1 > 0 ? onApril1 : hh.members.filter { $0.joined == hh.members.compactMap(\.joined).min() }.count
                        return "payer \(hh.head), \(hh.members.count) insured, \(counted) counted"
                    } ?? "none"
                    let p = popHouseholds[h].map { "payer \($0.payer), \($0.facts.members.count) insured, \($0.facts.members.filter { $0.judged == true }.count) counted" } ?? "none"
                    if r != p { mismatches.append("NHI household \(h) FY\(fy): register events [\(r)] ≠ population [\(p)]") }
                }
                for (k, h) in rawHouseholds.keys.sorted().enumerated() where k % Self.nhiStride == 0 {
                    let household = rawHouseholds[h]!
                    if let why = household.inexpressible { inexpressible.append("\(h) FY\(fy): \(why)"); continue }
                    let input = raw.nhiInput(household, fiscalYear: fy)
                    let model = try calcHousehold(input)
                    // CalcCommand.nhiOutput: the household of the calc input.
                    let calc = try #require(model.population().nhiHouseholds(fiscalYear: fy, maternity: levy.nhi.maternityWindow).first, "calc has no NHI household for \(h) FY\(fy)")
                    let c = NHI.assess(calc.facts, fiscalYear: fy, set)
                    let a = popHouseholds[h].map { NHI.assess($0.facts, fiscalYear: fy, levy.nhi) }
                    compared += 1
                    if c.reductionLevel > 0 { reduced += 1 }
                    let cText = nhiFigures(calc.payer, c), aText = popHouseholds[h].map { nhiFigures($0.payer, a!) } ?? "none"
                    if cText != aText {
                        mismatches.append("NHI household \(h) FY\(fy): assess --subject [\(aText)] ≠ calc [\(cText)]")
                        if reproduce.count < 2 { reproduce.append(JSONWriter.canonical(input)) }
                    }
                }
            }
        }
        #expect(mismatches.isEmpty, "\(report(mismatches, reproduce))")
        #expect(households >= 100, "households \(households)")
        #expect(compared >= 40, "compared \(compared)")
        #expect(reduced >= 5, "with 軽減 \(reduced)")
        #expect(inexpressible.count <= compared, "calc cannot express \(inexpressible.count): \(inexpressible.prefix(10))")
    }
}

// MARK: - The calc path

/// An owner for the parcels and buildings a calc input carries only for their facts (the parcel
/// a building stands on, the buildings on a parcel): their own taxes are not compared.
private let contextOwner = "context-owner"

/// `kaisei calc --input`: the JSON as text, parsed as the command parses it.
private func calcHousehold(_ input: JSONValue) throws -> ModelHousehold {
    let text = JSONWriter.canonical(input)
    let json = try JSONParser.parse(text)
    switch ModelHousehold.parse(json) {
    case .success(let household): return household
    case .failure(let problems): throw CalcInputRejected(problems: problems.all.map(\.description), input: text)
    }
}

private struct CalcInputRejected: Error, CustomStringConvertible {
    let problems: [String]
    let input: String
    var description: String { "kaisei calc rejects the input written from the register events: \(problems.joined(separator: "; "))\n\(input)" }
}

/// A parcel's 課税標準額 for every year through `last`, each year a calc household of that
/// year's facts with last year's calc result as its prior (負担調整 starts from it): the
/// population's year-by-year chain, rebuilt from the raw facts.
private func modelLandChain(_ raw: RawCity, _ id: String, through last: Int, params: [FixedAssetParameters]) throws -> [Int: LandYear] {
    let first = ParameterCatalogue.years.lowerBound
    var out: [Int: LandYear] = [:]
    var prior: LandYear?
    for y in first...last {
        guard let parcel = raw.parcel(id, fiscalYear: y) else { prior = nil; continue }
        let onParcel = parcel.standingBuildings.compactMap { b in raw.building(b, fiscalYear: y).map { raw.buildingEntry(b, $0, owners: [contextOwner]) } }
        let input = raw.propertyInput(fiscalYear: y, persons: parcel.owners + [contextOwner],
                                      lands: [raw.landEntry(id, parcel, owners: parcel.owners)], buildings: onParcel)
        let year = try calcHousehold(input).population().landYear(id, fiscalYear: y, firstYear: first, params: params, initialPrior: prior)
        prior = year
        if let year { out[y] = year }
    }
    return out
}

/// One taxpayer's calc household: their parcels and buildings, the buildings standing on their
/// parcels and the parcels under their buildings (for the floor area and the 市街化区域), the
/// latter two owned by `contextOwner`. nil when a building stands on a parcel off the ledger.
private func taxpayerInput(_ raw: RawCity, _ holding: RawHolding, fiscalYear fy: Int) -> JSONValue? {
    var lands: [JSONValue] = [], buildings: [JSONValue] = []
    var listedParcels = Set(holding.parcels), listedBuildings = Set(holding.buildings)
    for id in holding.parcels {
        let parcel = raw.parcel(id, fiscalYear: fy)!
        lands.append(raw.landEntry(id, parcel, owners: holding.owners))
        for b in parcel.standingBuildings where !listedBuildings.contains(b) {
            listedBuildings.insert(b)
            buildings.append(raw.buildingEntry(b, raw.building(b, fiscalYear: fy)!, owners: [contextOwner]))
        }
    }
    for id in holding.buildings {
        let building = raw.building(id, fiscalYear: fy)!
        buildings.append(raw.buildingEntry(id, building, owners: holding.owners))
        if !listedParcels.contains(building.parcel) {
            guard let parcel = raw.parcel(building.parcel, fiscalYear: fy) else { return nil }
            listedParcels.insert(building.parcel)
            lands.append(raw.landEntry(building.parcel, parcel, owners: [contextOwner]))
        }
    }
    return raw.propertyInput(fiscalYear: fy, persons: holding.owners + [contextOwner], lands: lands, buildings: buildings)
}

// MARK: - Figures as the failure messages show them

private func residentFigures(_ r: ResidentTaxResult) -> String {
    "市 所得割 \(r.cityIncomeLevy.grouped), 県 所得割 \(r.prefectureIncomeLevy.grouped), 均等割 \(r.cityPerCapita.grouped)+\(r.prefecturePerCapita.grouped), "
        + "森林環境税 \(r.forestEnvironmentTax.grouped), total \(r.total.grouped); 総所得 \(r.totalIncome.grouped), 課税所得 \(r.taxableIncome.grouped), "
        + "furusato limit \(r.furusatoLimit.grouped)"
}

private func landFigures(_ y: LandYear) -> String {
    "固定 base \(y.fixedAsset.housing.grouped) housing + \(y.fixedAsset.other.grouped) other, 都計 base \(y.cityPlanning.housing.grouped) housing + \(y.cityPlanning.other.grouped) other"
}

private func buildingFigures(_ owners: [String], _ y: BuildingYear) -> String {
    "owners \(owners), base \(y.base.grouped), 新築減額 \(y.newHousingShare), 市街化区域 \(y.urbanizationArea)"
}

private func taxpayerFigures(_ t: FixedAssetAssessment) -> String {
    "land base \(t.landBase.grouped) exempt \(t.landExempt), building base \(t.buildingBase.grouped) exempt \(t.buildingExempt), "
        + "新築減額 \(t.newHousingReduction.grouped), 固定資産税 \(t.fixedAssetTax.grouped), 都計 base \(t.cityPlanningBase.grouped), 都市計画税 \(t.cityPlanningTax.grouped)"
}

private func nhiFigures(_ payer: String, _ r: NHIResult) -> String {
    "payer \(payer), 軽減 level \(r.reductionLevel), "
        + r.parts.map { "\($0.part) \($0.incomeLevy.grouped)+\($0.perCapita.grouped)+\($0.perHousehold.grouped)\($0.capped ? " capped" : "") = \($0.amount.grouped)" }.joined(separator: ", ")
        + ", total \(r.total.grouped)"
}

private func report(_ mismatches: [String], _ inputs: [String]) -> String {
    var lines = ["\(mismatches.count) difference(s) between the paths:"] + mismatches.prefix(25).map { "  " + $0 }
    if mismatches.count > 25 { lines.append("  … and \(mismatches.count - 25) more") }
    if !inputs.isEmpty { lines.append("calc input of the first difference(s) (kaisei calc --input -):") }
    return (lines + inputs).joined(separator: "\n")
}

// MARK: - The raw facts, read without the fold

private struct DifferentialFixture: Sendable {
    let pops: [City: Population]
    let raw: [City: RawCity]

    init(seed: UInt64, scale: Double) {
        let tables = try! Tables.load(Checkout.root.appendingPathComponent("tools/population/tables.json"))
        var events: [Event] = []
        Generator(tables: tables, seed: seed, scale: scale).run(write: { events += $0 })
        pops = try! Replayer.replay(knownAt: .distantFuture) { visit in
            for (i, e) in events.enumerated() { if try !visit(Int64(i + 1), e) { return } }
        }
        raw = Dictionary(uniqueKeysWithValues: City.allCases.map { ($0, RawCity(city: $0, events: events)) })
    }
}

/// An event and its place in the log.
private struct Logged: Sendable {
    let seq: Int
    let event: Event
}

private extension Event {
    /// A payload field as the JSON interchange spells it: choices by name, dates, months, m².
    func json(_ name: String) -> JSONValue? { EventJSON.payloadJSON(self)[name] }
    /// A text, id or choice field (a choice by its name).
    func word(_ name: String) -> String? {
        if case .string(let s)? = json(name) { return s }
        return nil
    }
    func date(_ name: String) -> CivilDate? { field(name)?.int.flatMap { CivilDate(packed: Int($0)) } }
    func yen(_ name: String) -> Int64 { field(name)?.int ?? 0 }
}

private struct RawParcelYear {
    let registration: Event
    let owners: [String]
    let value: Int64
    let use: Event?
    let vacant: String?
    let idle: Bool
    /// Buildings registered on this parcel and standing on 1 January.
    let standingBuildings: [String]
}

private struct RawBuildingYear {
    let registration: Event
    let parcel: String
    let owners: [String]
    let value: Int64?
}

/// What one taxpayer owns on 1 January.
private struct RawHolding {
    let owners: [String]
    var parcels: [String] = []
    var buildings: [String] = []
}

private struct RawNHIHousehold {
    /// `joined`: the day the membership in force at the first insured month began, when after
    /// 1 April (nil: insured here on 1 April).
    struct Member { let id: String; let months: UInt16; let firstMonth: Int; let joined: CivilDate? }
    let id: String
    var members: [Member] = []
    var head = ""
    /// Why a calc input cannot say what the register says, if it cannot.
    var inexpressible: String?
}

private struct ResidentInput {
    let json: JSONValue
    let spouse: Bool
    let dependants: Int
    let donations: Int
}

/// One city's generated events by subject, in log order. Each question is answered from the
/// events themselves: the entry in force on a day is the one with the latest valid date on or
/// before it (the later in the log on a tie); a fact of a year is the last recorded for it.
private struct RawCity: Sendable {
    let city: City
    private(set) var bySubject: [String: [Logged]] = [:]
    private(set) var persons: [String] = []
    private(set) var vehicles: [String] = []
    private(set) var parcels: [String] = []
    private(set) var buildings: [String] = []
    private(set) var nhiPersons: [String] = []
    /// Buildings by the parcel their registration names.
    private(set) var buildingsOnParcel: [String: [String]] = [:]
    /// Registrations as 世帯主 by household: they name a household's head as a designation does.
    private(set) var headRegistrations: [String: [Logged]] = [:]

    init(city: City, events: [Event]) {
        self.city = city
        var bySubject: [String: [Logged]] = [:], headRegistrations: [String: [Logged]] = [:]
        for (seq, e) in events.enumerated() where e.city == city {
            let logged = Logged(seq: seq, event: e)
            bySubject[e.subject, default: []].append(logged)
            if e.type == .residentRegistered, e.word("relationship_to_head") == "head", let h = e.field("household")?.text {
                headRegistrations[h, default: []].append(logged)
            }
        }
        self.bySubject = bySubject
        self.headRegistrations = headRegistrations
        persons = Self.subjects(bySubject, with: .residentRegistered)
        vehicles = Self.subjects(bySubject, with: .lightVehicleRegistered)
        parcels = Self.subjects(bySubject, with: .landParcelRegistered)
        buildings = Self.subjects(bySubject, with: .buildingRegistered)
        nhiPersons = Self.subjects(bySubject, with: .nhiMembershipStarted)
        var onParcel: [String: [String]] = [:]
        for b in buildings {
            if let p = bySubject[b]?.last(where: { $0.event.type == .buildingRegistered })?.event.field("parcel")?.text { onParcel[p, default: []].append(b) }
        }
        buildingsOnParcel = onParcel
    }

    static func subjects(_ bySubject: [String: [Logged]], with type: EventType) -> [String] {
        bySubject.filter { $0.value.contains { $0.event.type == type } }.keys.sorted()
    }

    func log(_ subject: String) -> [Logged] { bySubject[subject] ?? [] }
    func last(_ subject: String, _ type: EventType) -> Event? { log(subject).last { $0.event.type == type }?.event }

    static func inForce(_ list: [Logged], on day: CivilDate, _ types: Set<EventType>, where extra: (Event) -> Bool = { _ in true }) -> Event? {
        var best: Logged?
        for l in list where l.event.validDate <= day && types.contains(l.event.type) && extra(l.event) {
            if let b = best, l.event.validDate < b.event.validDate { continue }
            best = l
        }
        return best?.event
    }

    func inForce(_ subject: String, on day: CivilDate, _ types: Set<EventType>, where extra: (Event) -> Bool = { _ in true }) -> Event? {
        Self.inForce(log(subject), on: day, types, where: extra)
    }

    // MARK: Persons

    func birthDate(_ id: String) -> CivilDate? { last(id, .residentRegistered)?.date("birth_date") }

    func isResident(_ id: String, on day: CivilDate) -> Bool {
        inForce(id, on: day, [.residentRegistered, .residentMovedOut, .residentDied])?.type == .residentRegistered
    }

    /// The income of a year: the last correction, else the declaration of the highest-ranking
    /// source (確定申告 > 住民税申告 > 給与支払報告書), the last recorded among equals.
    func income(_ id: String, year: Int) -> IncomeFacts {
        func facts(_ e: Event) -> IncomeFacts {
            IncomeFacts(salary: Yen(e.yen("salary")), pension: Yen(e.yen("pension")), business: Yen(e.yen("business_income")), other: Yen(e.yen("other_income")))
        }
        let ofYear = log(id).map(\.event).filter { $0.field("income_year")?.int == Int64(year) }
        if let corrected = ofYear.last(where: { $0.type == .incomeCorrected }) { return facts(corrected) }
        let rank = ["salary_report": 1, "resident_return": 2, "final_return": 3]
        var best: (rank: Int, event: Event)?
        for e in ofYear where e.type == .incomeDeclared {
            let r = rank[e.word("source") ?? ""] ?? 0
            if best == nil || r >= best!.rank { best = (r, e) }
        }
        return best.map { facts($0.event) } ?? IncomeFacts()
    }

    func deductions(_ id: String, year: Int) -> Event? {
        log(id).last { $0.event.type == .deductionsDeclared && $0.event.field("income_year")?.int == Int64(year) }?.event
    }

    func status(_ id: String, _ type: EventType, on day: CivilDate) -> String { inForce(id, on: day, [type])?.word("status") ?? "none" }

    func workingStudent(_ id: String, on day: CivilDate) -> Bool {
        inForce(id, on: day, [.workingStudentStatusRecorded])?.field("working_student")?.bool ?? false
    }

    func spouse(_ id: String, on day: CivilDate) -> (other: String, cohabiting: Bool)? {
        guard let e = inForce(id, on: day, [.relationshipStarted, .relationshipEnded], where: { $0.word("kind") == "spouse" }),
              e.type == .relationshipStarted, let other = e.field("other")?.text else { return nil }
        return (other, e.field("cohabiting")?.bool ?? true)
    }

    /// Dependants supported on `day`, by id, each with the 同居 of the relationship in force.
    func dependants(_ id: String, on day: CivilDate) -> [(other: String, cohabiting: Bool)] {
        var others: Set<String> = []
        for l in log(id) where l.event.type == .relationshipStarted && l.event.word("kind") == "dependant" {
            if let o = l.event.field("other")?.text { others.insert(o) }
        }
        return others.sorted().compactMap { other -> (other: String, cohabiting: Bool)? in
            guard let e = inForce(id, on: day, [.relationshipStarted, .relationshipEnded],
                                  where: { $0.word("kind") == "dependant" && $0.field("other")?.text == other }),
                  e.type == .relationshipStarted else { return nil }
            return (other, e.field("cohabiting")?.bool ?? true)
        }
    }

    /// id, birth date, the incomes of `year` and the disability on `day`, as calc's `persons[]`.
    func personFields(_ id: String, year: Int, on day: CivilDate) -> [(String, JSONValue)] {
        let income = self.income(id, year: year)
        var f: [(String, JSONValue)] = [
            ("id", .string(id)), ("birth_date", .string(birthDate(id)?.description ?? "1970-01-01")),
            ("salary", .integer(income.salary.amount)), ("pension", .integer(income.pension.amount)),
            ("business_income", .integer(income.business.amount)), ("other_income", .integer(income.other.amount)),
        ]
        let disability = status(id, .disabilityStatusRecorded, on: day)
        if disability != "none" { f.append(("disability", .string(disability))) }
        return f
    }

    /// One resident's calc household: the person with spouse and dependants as of 31 December of
    /// the income year (地方税法第314条の2第7項), and the vehicles the person owns on 1 April.
    /// nil when calc has no field for a fact (a 寡夫 or 特別寡婦 status of the old law).
    func residentInput(_ id: String, fiscalYear fy: Int, vehicles: [String]) -> ResidentInput? {
        let year = fy - 1
        let yearEnd = CivilDate(year: year, month: 12, day: 31)!
        guard birthDate(id) != nil else { return nil }
        let family = status(id, .familyStatusRecorded, on: yearEnd)
        guard ["none", "widow", "single_parent"].contains(family) else { return nil }
        var principal = personFields(id, year: year, on: yearEnd)
        if let sex = last(id, .residentRegistered)?.word("sex"), sex == "female" || sex == "male" { principal.append(("sex", .string(sex))) }
        if let d = deductions(id, year: year) {
            principal += [("social_insurance", .integer(d.yen("social_insurance"))), ("life_insurance_deduction", .integer(d.yen("life_insurance"))),
                          ("earthquake_insurance_deduction", .integer(d.yen("earthquake_insurance"))), ("medical_deduction", .integer(d.yen("medical"))),
                          ("other_deductions", .integer(d.yen("other")))]
        }
        if family == "single_parent" { principal.append(("single_parent", .bool(true))) }
        if family == "widow" { principal.append(("widow", .bool(true))) }
        if workingStudent(id, on: yearEnd) { principal.append(("working_student", .bool(true))) }
        // A relative counts only if on the register (the population reads its birth date there).
        var spouse = self.spouse(id, on: yearEnd)
        if let s = spouse, s.other == id || birthDate(s.other) == nil { spouse = nil }
        if let spouse {
            principal.append(("spouse", .string(spouse.other)))
            // calc reads the spouse's 同居 from the taxpayer's own `cohabiting`.
            if !spouse.cohabiting { principal.append(("cohabiting", .bool(false))) }
        }
        let dependants = self.dependants(id, on: yearEnd).filter { $0.other != id && birthDate($0.other) != nil }
        if !dependants.isEmpty { principal.append(("dependants", .array(dependants.map { .string($0.other) }))) }
        let donations = log(id).map(\.event).filter { $0.type == .furusatoDonationMade && $0.validDate.year == year }
        if !donations.isEmpty {
            principal.append(("furusato", .array(donations.map { d in
                .object([("date", .string(d.validDate.description)), ("amount", .integer(d.yen("amount"))),
                         ("one_stop", .bool(d.field("one_stop")?.bool ?? false)), ("municipality", .string(d.field("receiving_municipality")?.text ?? ""))])
            })))
        }
        if log(id).contains(where: { $0.event.type == .oneStopExceptionLapsed && $0.event.field("income_year")?.int == Int64(year) }) {
            principal.append(("final_return_filed", .bool(true)))
        }
        var persons: [JSONValue] = [.object(principal)]
        var listed: Set<String> = [id]
        let dependantCohabiting = Dictionary(dependants.map { ($0.other, $0.cohabiting) }, uniquingKeysWith: { a, _ in a })
        for other in (spouse.map { [$0.other] } ?? []) + dependants.map({ $0.other }) where !listed.contains(other) {
            listed.insert(other)
            var f = personFields(other, year: year, on: yearEnd)
            if last(other, .residentRegistered)?.word("relationship_to_head") == "parent" { f.append(("lineal_ascendant", .bool(true))) }
            if dependantCohabiting[other] == false { f.append(("cohabiting", .bool(false))) }
            persons.append(.object(f))
        }
        var top: [(String, JSONValue)] = [("city", .string(city.rawValue)), ("fiscal_year", .integer(Int64(fy))), ("persons", .array(persons))]
        let vehicleEntries = vehicles.compactMap { v in vehicleOnLevyDate(v, fiscalYear: fy).map { vehicleEntry(v, owner: id, $0.registration) } }
        if !vehicleEntries.isEmpty { top.append(("vehicles", .array(vehicleEntries))) }
        return ResidentInput(json: .object(top), spouse: spouse != nil, dependants: dependants.count, donations: donations.count)
    }

    // MARK: Vehicles

    /// Registered on 1 April (地方税法第463条の17): the owner then, and the registration in force.
    func vehicleOnLevyDate(_ id: String, fiscalYear fy: Int) -> (owner: String, registration: Event)? {
        let day = CivilDate(year: fy, month: 4, day: 1)!
        guard inForce(id, on: day, [.lightVehicleRegistered, .lightVehicleDeregistered])?.type == .lightVehicleRegistered,
              let registration = inForce(id, on: day, [.lightVehicleRegistered]),
              let owning = inForce(id, on: day, [.lightVehicleRegistered, .lightVehicleTransferred]),
              let owner = owning.field("owner")?.text ?? owning.field("new_owner")?.text else { return nil }
        return (owner, registration)
    }

    func vehicleEntry(_ id: String, owner: String, _ registration: Event) -> JSONValue {
        var f: [(String, JSONValue)] = [("id", .string(id)), ("owner", .string(owner))]
        for k in ["class", "first_inspection", "first_inspection_year_only", "fuel", "emission_stars"] {
            if let v = registration.json(k) { f.append((k, v)) }
        }
        var economy: [(String, JSONValue)] = []
        if let s = registration.json("fuel_economy_standard") { economy.append(("standard", s)) }
        if let a = registration.json("fuel_economy_achievement_percent") { economy.append(("achievement_percent", a)) }
        if !economy.isEmpty { f.append(("fuel_economy", .object(economy))) }
        if registration.field("new_vehicle")?.bool == true { f.append(("registered_new_on", .string(registration.validDate.description))) }
        return .object(f)
    }

    // MARK: Parcels and buildings, on 1 January

    /// The 評価額 for a fiscal year: that of the latest assessment year not after it (the last
    /// recorded value for each assessment year).
    func assessedValue(_ id: String, fiscalYear fy: Int) -> Int64? {
        var byYear: [Int64: Int64] = [:]
        for l in log(id) where l.event.type == .landValued || l.event.type == .buildingValued {
            if let y = l.event.field("assessment_year")?.int, let v = l.event.field("value")?.int { byYear[y] = v }
        }
        return byYear.filter { $0.key <= Int64(fy) }.max { $0.key < $1.key }?.value
    }

    func owners(_ id: String, on day: CivilDate, registeredBy type: EventType) -> [String]? {
        inForce(id, on: day, [type, .propertyOwnershipTransferred])?.field("owners")?.list?.sorted()
    }

    func building(_ id: String, fiscalYear fy: Int) -> RawBuildingYear? {
        let day = CivilDate(year: fy, month: 1, day: 1)!
        guard inForce(id, on: day, [.buildingRegistered, .buildingDemolished])?.type == .buildingRegistered,
              let registration = last(id, .buildingRegistered), let parcel = registration.field("parcel")?.text,
              let owners = owners(id, on: day, registeredBy: .buildingRegistered) else { return nil }
        return RawBuildingYear(registration: registration, parcel: parcel, owners: owners, value: assessedValue(id, fiscalYear: fy))
    }

    func parcel(_ id: String, fiscalYear fy: Int) -> RawParcelYear? {
        let day = CivilDate(year: fy, month: 1, day: 1)!
        guard inForce(id, on: day, [.landParcelRegistered, .landParcelClosed])?.type == .landParcelRegistered,
              let registration = last(id, .landParcelRegistered), let value = assessedValue(id, fiscalYear: fy),
              let owners = owners(id, on: day, registeredBy: .landParcelRegistered) else { return nil }
        let vacant = inForce(id, on: day, [.vacantHouseRecommendationIssued, .vacantHouseRecommendationWithdrawn])
        let idle = inForce(id, on: day, [.idleFarmlandRecommendationIssued, .idleFarmlandRecommendationWithdrawn])
        return RawParcelYear(registration: registration, owners: owners, value: value, use: inForce(id, on: day, [.landUseRecorded]),
                             vacant: vacant?.type == .vacantHouseRecommendationIssued ? vacant?.word("category") : nil,
                             idle: idle?.type == .idleFarmlandRecommendationIssued,
                             standingBuildings: (buildingsOnParcel[id] ?? []).filter { building($0, fiscalYear: fy) != nil })
    }

    /// Taxpayers on 1 January by their owners joined with "+": parcels on the ledger with a
    /// value, standing buildings with a value.
    func propertyTaxpayers(fiscalYear fy: Int) -> [String: RawHolding] {
        var out: [String: RawHolding] = [:]
        for id in parcels {
            guard let p = parcel(id, fiscalYear: fy) else { continue }
            out[p.owners.joined(separator: "+"), default: RawHolding(owners: p.owners)].parcels.append(id)
        }
        for id in buildings {
            guard let b = building(id, fiscalYear: fy), b.value != nil else { continue }
            out[b.owners.joined(separator: "+"), default: RawHolding(owners: b.owners)].buildings.append(id)
        }
        return out
    }

    func landEntry(_ id: String, _ p: RawParcelYear, owners: [String]) -> JSONValue {
        var f: [(String, JSONValue)] = [("id", .string(id)), ("owners", .array(owners.map { .string($0) }))]
        for k in ["category", "area_m2"] { if let v = p.registration.json(k) { f.append((k, v)) } }
        f.append(("urbanization_area", .bool(p.registration.field("urbanization_area")?.bool ?? false)))
        f.append(("value", .integer(p.value)))
        if let use = p.use {
            for k in ["use", "dwellings", "residential_floor_share_percent", "floors"] { if let v = use.json(k) { f.append((k, v)) } }
        }
        if let v = p.vacant { f.append(("vacant_recommendation", .string(v))) }
        if p.idle { f.append(("idle_farmland_recommendation", .bool(true))) }
        return .object(f)
    }

    func buildingEntry(_ id: String, _ b: RawBuildingYear, owners: [String]) -> JSONValue {
        var f: [(String, JSONValue)] = [("id", .string(id)), ("parcel", .string(b.parcel)), ("owners", .array(owners.map { .string($0) }))]
        for k in ["use", "floor_area_m2", "dwelling_floor_area_m2", "dwellings", "structure", "storeys", "newly_built", "long_life_quality"] {
            if let v = b.registration.json(k) { f.append((k, v)) }
        }
        f.append(("built_on", .string(b.registration.validDate.description)))
        // A building without a value for the year is only there for its floor area.
        f.append(("value", .integer(b.value ?? 0)))
        return .object(f)
    }

    func propertyInput(fiscalYear fy: Int, persons: [String], lands: [JSONValue], buildings: [JSONValue]) -> JSONValue {
        let people: [JSONValue] = Set(persons).sorted().map { .object([("id", .string($0)), ("birth_date", .string(birthDate($0)?.description ?? "1970-01-01"))]) }
        return .object([("city", .string(city.rawValue)), ("fiscal_year", .integer(Int64(fy))), ("persons", .array(people)),
                        ("land", .array(lands)), ("buildings", .array(buildings))])
    }

    // MARK: National Health Insurance

    static func monthEnds(_ fy: Int) -> [CivilDate] {
        (0..<12).map { m in
            let ym = YearMonth(year: fy, month: 4)!.adding(months: m)
            return CivilDate(year: ym.year, month: ym.month, day: CivilDate.daysIn(year: ym.year, month: ym.month))!
        }
    }

    static func contiguous(_ months: UInt16) -> Bool {
        guard months != 0 else { return false }
        let shifted = months >> UInt16(months.trailingZeroBitCount)
        return shifted & (shifted &+ 1) == 0
    }

    /// Former members who left an NHI household for 後期高齢者医療 (特定同一世帯所属者): the person
    /// and the household left, from the last such ending. calc has no field for them.
    var elderlyTransfers: [(id: String, household: String)] {
        var out: [(id: String, household: String)] = []
        for id in nhiPersons {
            guard let end = log(id).last(where: { $0.event.type == .nhiMembershipEnded && $0.event.word("reason") == "late_elderly_insurance" })?.event,
                  let before = inForce(id, on: end.validDate.adding(days: -1), [.nhiMembershipStarted, .nhiMembershipEnded]),
                  before.type == .nhiMembershipStarted, let h = before.field("household")?.text else { continue }
            out.append((id, h))
        }
        return out
    }

    /// The household a person is registered in on `day`.
    func residentHousehold(_ id: String, on day: CivilDate) -> String? {
        inForce(id, on: day, [.residentRegistered, .residentMovedWithinCity, .residentHouseholdChanged])?.field("household")?.text
    }

    /// 産前産後 notifications whose months (one before the expected delivery to two after; three
    /// before and six in all for a multiple birth) fall in the fiscal year.
    func maternity(_ id: String, fiscalYear fy: Int) -> [Event] {
        log(id).map(\.event).filter { e in
            guard e.type == .maternityPeriodRecorded, let d = e.date("expected_delivery") else { return false }
            let multiple = e.field("multiple_birth")?.bool ?? false
            let first = YearMonth(year: d.year, month: d.month)!.adding(months: multiple ? -3 : -1)
            return (0..<(multiple ? 6 : 4)).contains { k in
                let ym = first.adding(months: k)
                let index = (ym.year - fy) * 12 + ym.month - 4
                return index >= 0 && index < 12
            }
        }
    }

    /// The latest job loss whose 軽減 can reach the fiscal year.
    func jobLoss(_ id: String, fiscalYear fy: Int) -> Event? {
        log(id).map(\.event).filter { e in
            guard e.type == .involuntaryUnemploymentRecorded, let d = e.date("left_job_on") else { return false }
            return YearMonth(year: d.year, month: d.month)!.adding(months: 1).fiscalYear <= fy
        }.max { $0.date("left_job_on")! < $1.date("left_job_on")! }
    }

    /// NHI households of the fiscal year: a person is insured in a month if insured on its last
    /// day, in the household of the first such month; the head is the one designated (or
    /// registered as 世帯主) on 1 April or the household's first insured month, else the first
    /// member by id.
    func nhiHouseholds(fiscalYear fy: Int) -> [String: RawNHIHousehold] {
        let ends = Self.monthEnds(fy)
        var out: [String: RawNHIHousehold] = [:]
        for id in nhiPersons where birthDate(id) != nil {
            var months: UInt16 = 0, household: String?, firstMonth = 0, joined: CivilDate?
            let april1 = CivilDate(year: fy, month: 4, day: 1)!
            for (m, end) in ends.enumerated() {
                guard let e = inForce(id, on: end, [.nhiMembershipStarted, .nhiMembershipEnded]), e.type == .nhiMembershipStarted,
                      let h = e.field("household")?.text else { continue }
                months |= 1 << UInt16(m)
                if household == nil { household = h; firstMonth = m; joined = e.validDate > april1 ? e.validDate : nil }
            }
            guard let household else { continue }
            out[household, default: RawNHIHousehold(id: household)].members.append(.init(id: id, months: months, firstMonth: firstMonth, joined: joined))
        }
        let transfers = elderlyTransfers
        for (h, var hh) in out {
            hh.members.sort { $0.id < $1.id }
            // Judged (and billed to its head) as on 1 April, or on the day its first member joined.
            let day = hh.members.contains { $0.joined == nil } ? CivilDate(year: fy, month: 4, day: 1)! : hh.members.compactMap(\.joined).min()!
            let designations = (log(h) + (headRegistrations[h] ?? [])).sorted { $0.seq < $1.seq }
            let named = Self.inForce(designations, on: day, [.householdHeadDesignated, .residentRegistered])
                .flatMap { e -> String? in e.type == .residentRegistered ? e.subject : e.field("head")?.text }
            hh.head = named ?? hh.members[0].id
            if let former = transfers.first(where: { $0.household == h && isResident($0.id, on: day) && residentHousehold($0.id, on: day) == h }) {
                hh.inexpressible = "\(former.id), a former member, moved to 後期高齢者医療"
            } else if let m = hh.members.first(where: { !Self.contiguous($0.months) }) {
                hh.inexpressible = "\(m.id) is insured in separate spells"
            } else if !hh.members.contains(where: { $0.id == hh.head }) && birthDate(hh.head) == nil {
                hh.inexpressible = "the head \(hh.head) is not on the register"
            } else if let m = hh.members.first(where: { maternity($0.id, fiscalYear: fy).count > 1 }) {
                hh.inexpressible = "\(m.id) has two 産前産後 periods in the year"
            }
            out[h] = hh
        }
        return out
    }

    /// The household as calc's `nhi` block: members with the months they join and leave, the
    /// head (a non-member head is a person of the input, 擬制世帯主), job loss and delivery.
    func nhiInput(_ hh: RawNHIHousehold, fiscalYear fy: Int) -> JSONValue {
        let year = fy - 1
        let yearEnd = CivilDate(year: year, month: 12, day: 31)!
        // Each insured person (and the head) with the spouse and dependants of 31 December: NHI's
        // 所得割 base has 所得金額調整控除, whose case 1 looks at them; relatives not insured here
        // come in as persons of the input too.
        let insured = hh.members.map(\.id) + (hh.members.contains(where: { $0.id == hh.head }) ? [] : [hh.head])
        var listed = Set(insured)
        var persons: [JSONValue] = []
        var relatives: [String] = []
        for id in insured {
            var f = personFields(id, year: year, on: yearEnd)
            if let s = spouse(id, on: yearEnd), s.other != id, birthDate(s.other) != nil {
                f.append(("spouse", .string(s.other))); relatives.append(s.other)
            }
            let deps = dependants(id, on: yearEnd).filter { $0.other != id && birthDate($0.other) != nil }.map(\.other)
            if !deps.isEmpty { f.append(("dependants", .array(deps.map { .string($0) }))); relatives += deps }
            persons.append(.object(f))
        }
        for other in relatives where !listed.contains(other) {
            listed.insert(other)
            persons.append(.object(personFields(other, year: year, on: yearEnd)))
        }
        let april = YearMonth(year: fy, month: 4)!
        let members: [JSONValue] = hh.members.map { m in
            var f: [(String, JSONValue)] = [("id", .string(m.id))]
            let from = m.months.trailingZeroBitCount, until = 16 - m.months.leadingZeroBitCount
            if let day = m.joined { f.append(("joined", .string(day.description))) }
            else if from > 0 { f.append(("joined", .string(april.adding(months: from).description))) }
            if until < 12 { f.append(("left", .string(april.adding(months: until).description))) }
            if let loss = jobLoss(m.id, fiscalYear: fy), let day = loss.date("left_job_on") {
                f += [("left_job_on", .string(day.description)), ("job_loss_reason", .string(loss.word("reason_code") ?? "11"))]
            }
            if let delivery = maternity(m.id, fiscalYear: fy).first, let day = delivery.date("expected_delivery") {
                f.append(("expected_delivery", .string(day.description)))
                if delivery.field("multiple_birth")?.bool == true { f.append(("multiple_birth", .bool(true))) }
            }
            return .object(f)
        }
        return .object([("city", .string(city.rawValue)), ("fiscal_year", .integer(Int64(fy))), ("persons", .array(persons)),
                        ("nhi", .object([("head", .string(hh.head)), ("members", .array(members))]))])
    }
}
