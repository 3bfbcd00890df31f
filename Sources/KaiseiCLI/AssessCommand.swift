import ArgumentParser
import Foundation
import KaiseiCore
import KaiseiEvents
import EventStore
import Law
import Replay
import Assessment
import Snapshots
import Simulation

struct AssessCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "assess",
        abstract: "Assess a fiscal year's levies from the store, as known at a time.",
        discussion: """
            Replays the events recorded up to --known-at (default: everything) and computes each \
            levy (resident tax on 1 January, light vehicle tax on 1 April, fixed asset and city \
            planning tax on 1 January) with the rule base as adopted then. --subject takes a person, \
            a vehicle, a parcel or a building and shows every step. Without it, a summary \
            per city: taxpayers and revenue by tax. Taxes not built yet are shown as "not yet".
            """)

    @OptionGroup var storeOptions: StoreOptions
    @OptionGroup var revisionOptions: RevisionOptions
    @OptionGroup var snapshotOptions: SnapshotOptions
    @Option(help: ArgumentHelp("okazaki or toyohashi (default: both).", valueName: "CITY"))
    var city: String?
    @Option(help: "The fiscal year (年度).")
    var fiscalYear: Int
    @Option(help: ArgumentHelp("One subject's assessment.", valueName: "ID"))
    var subject: String?
    @Option(help: ArgumentHelp("What the city knew at this time (a date means the end of that day in Japan).", valueName: "TIME"))
    var knownAt: String?
    @Option(help: "text or json.")
    var format: String = "text"

    func run() throws {
        try reporting {
            let cities = try City.parseOption(city).map { [$0] } ?? City.allCases
            guard ParameterCatalogue.years.contains(fiscalYear) else { throw CLIFailure(message: "--fiscal-year: must be between 2013 and 2027", code: 64) }
            try checkFormat(format)
            let asOf = try RecordedTime.parseKnownAt(knownAt)
            let rb = try revisionOptions.load()
            let log = try storeOptions.open(readOnly: true)
            let head = try log.head()
            let replayed = try snapshotOptions.replay(log, knownAt: asOf)
            let pops = replayed.pops
            var cityReports: [JSONValue] = []
            var refusals: [(City, LevyTax, MissingParameter)] = []
            if let subject {
                for c in cities {
                    let pop = pops[c]!
                    let p = LevyParameters(ruleBase: rb, city: c, fiscalYear: fiscalYear, asOf: asOf)
                    if let report = subjectReport(subject, pop, p, rb, asOf) {
                        cityReports.append(report)
                        for tax in p.refused.keys.sorted() { refusals.append((c, tax, p.refused[tax]![0])) }
                    }
                }
                if cityReports.isEmpty { throw CLIFailure(message: "--subject: \(subject) has no assessment for FY\(fiscalYear) in \(cities.map(\.rawValue).joined(separator: ", ")) as known at \(asOf == .distantFuture ? "now" : asOf.description)", code: 1) }
            } else {
                for r in FiscalYearLevies.run(pops, cities: cities, fiscalYear: fiscalYear, ruleBase: rb, asOf: asOf) {
                    // 国民年金: records the city keeps; the premiums are collected nationally.
                    let pensionSet = ParameterSet(ruleBase: rb, city: r.city, fiscalYear: fiscalYear, asOf: asOf)
                    let (pensionMembers, pensionDue) = Assessor(pops[r.city]!, fiscalYear: fiscalYear).pensionSummary(pensionSet)
                    // Figures that rest on a value still to be confirmed say so beside them.
                    let unverified = LevyTax.allCases.map { ($0, UnverifiedValue.used(by: $0, city: r.city, fiscalYear: fiscalYear, ruleBase: rb, asOf: asOf)) }
                    for tax in r.refused.keys.sorted() { refusals.append((r.city, tax, r.refused[tax]![0])) }
                    /// A refused tax's figures are not shown at all: they are not ¥0 (JSON: null).
                    func figures(_ tax: LevyTax, _ value: JSONValue) -> JSONValue { r.refused[tax] == nil ? value : .null }
                    func revenue(_ tax: LevyTax, _ text: String) -> String { r.refused[tax] == nil ? text : "NOT ASSESSED (rules incomplete, see below)" }
                    func mark(_ tax: LevyTax) -> String {
                        let n = unverified.first { $0.0 == tax }?.1.count ?? 0
                        return n > 0 ? "  ※ rests on \(n) unverified value\(n == 1 ? "" : "s")" : ""
                    }
                    if format == "json" {
                        var unverifiedJSON: [JSONValue] = []
                        for (tax, values) in unverified {
                            for v in values {
                                let note: JSONValue = v.note.map { .string($0) } ?? .null
                                unverifiedJSON.append(.object([("tax", .string(tax.rawValue)), ("key", .string(v.key)), ("value", .string(v.value)),
                                                              ("file", .string(v.file)), ("line", .integer(Int64(v.line))), ("revision", .string(v.revision)),
                                                              ("note", note)]))
                            }
                        }
                        var refusedJSON: [(String, JSONValue)] = []
                        if !r.refused.isEmpty {
                            let list: [JSONValue] = r.refused.keys.sorted().map { tax in
                                let missing: [JSONValue] = r.refused[tax]!.map { .string($0.description) }
                                return .object([("tax", .string(tax.rawValue)), ("missing", .array(missing))])
                            }
                            refusedJSON = [("refused", .array(list))]
                        }
                        cityReports.append(.object([
                            ("city", .string(r.city.rawValue)), ("residents", .integer(Int64(r.residents))),
                            ("unverified", .array(unverifiedJSON)),
                            ("resident_tax", figures(.residentTax, .object([("taxpayers", .integer(Int64(r.residentTaxpayers))), ("city_income_levy", .integer(r.residentCityIncome.amount)),
                                                      ("prefecture_income_levy", .integer(r.residentPrefectureIncome.amount)), ("per_capita", .integer(r.residentPerCapita.amount)),
                                                      ("forest_environment_tax", .integer(r.forestEnvironmentTax.amount)), ("total", .integer(r.residentTax.amount))]))),
                            ("light_vehicle_tax", figures(.lightVehicleTax, .object([("vehicles", .integer(Int64(r.vehicles))), ("total", .integer(r.lightVehicleTax.amount))]))),
                            ("fixed_asset_tax", figures(.fixedAssetTax, .object([("taxpayers", .integer(Int64(r.propertyTaxpayers))), ("total", .integer(r.fixedAssetTax.amount))]))),
                            ("city_planning_tax", figures(.cityPlanningTax, .object([("total", .integer(r.cityPlanningTax.amount))]))),
                            ("nhi", figures(.nhi, .object([("households", .integer(Int64(r.nhiHouseholds))), ("total", .integer(r.nhi.amount))]))),
                            ("national_pension", .object([("members", .integer(Int64(pensionMembers))), ("premiums_due", pensionDue.map { .integer($0.amount) } ?? .null)])),
                            ("corporate_tax", figures(.corporateTax, .object([("corporations", .integer(Int64(r.corporations))), ("total", .integer(r.corporateTax.amount))]))),
                            ("office_tax", figures(.officeTax, .object([("taxpayers", .integer(Int64(r.officeTaxpayers))), ("total", .integer(r.officeTax.amount))]))),
                            ("total", .integer(r.total.amount)),
                        ] + refusedJSON))
                    } else {
                        Terminal.out("\(r.city.japaneseName) (\(r.city.rawValue)) FY\(fiscalYear): \(r.residents) residents on 1 January")
                        Terminal.out("  個人住民税     " + revenue(.residentTax, "taxpayers \(r.residentTaxpayers)   revenue ¥\(r.residentTax.grouped)  (市 所得割 ¥\(r.residentCityIncome.grouped), 県 所得割 ¥\(r.residentPrefectureIncome.grouped), 均等割 ¥\(r.residentPerCapita.grouped), 森林環境税 ¥\(r.forestEnvironmentTax.grouped))") + mark(.residentTax))
                        Terminal.out("  軽自動車税     " + revenue(.lightVehicleTax, "vehicles \(r.vehicles)   revenue ¥\(r.lightVehicleTax.grouped)") + mark(.lightVehicleTax))
                        Terminal.out("  固定資産税     " + revenue(.fixedAssetTax, "taxpayers \(r.propertyTaxpayers)   revenue ¥\(r.fixedAssetTax.grouped)") + mark(.fixedAssetTax))
                        Terminal.out("  都市計画税     " + revenue(.cityPlanningTax, "revenue ¥\(r.cityPlanningTax.grouped)") + mark(.cityPlanningTax))
                        Terminal.out("  国民健康保険\(NHIWord.of(r.city, rb))   " + revenue(.nhi, "households \(r.nhiHouseholds)   revenue ¥\(r.nhi.grouped)") + mark(.nhi))
                        Terminal.out("  法人市民税     " + revenue(.corporateTax, "corporations \(r.corporations)   revenue ¥\(r.corporateTax.grouped)") + mark(.corporateTax))
                        Terminal.out("  事業所税       " + revenue(.officeTax, "taxpayers \(r.officeTaxpayers)   revenue ¥\(r.officeTax.grouped)") + mark(.officeTax))
                        Terminal.out("  total          ¥\(r.total.grouped)")
                        Terminal.out("  国民年金 (記録) 第1号被保険者 \(pensionMembers)   保険料 (国が徴収) \(pensionDue.map { "¥\($0.grouped)" } ?? "not computed: the premium of the year is not adopted")")
                        for tax in r.refused.keys.sorted() {
                            let missing = r.refused[tax]!
                            Terminal.out("  \(tax.japaneseName): not assessed: \(missing[0])\(missing.count > 1 ? " (and \(missing.count - 1) more)" : "")")
                        }
                        let all = unverified.flatMap { tax, values in values.map { (tax, $0) } }
                        if !all.isEmpty {
                            Terminal.out("  ※ unverified values (to confirm at a change-control meeting; `kaisei revisions --unverified`):")
                            for (tax, v) in all { Terminal.out("     \(tax.japaneseName): \(v.key) = \(v.value)  (\(v.location))") }
                        }
                    }
                }
            }
            // 法人市民税 and 事業所税 read the corporate group's rules, which the individual set
            // leaves out: where one of their figures is shown (every city summary; a corporation's
            // own), the corporate set too, as their levies carry it. Other subjects' output keeps its bytes.
            let corporate = subject == nil || cityReports.contains { $0["corporate_tax"] != nil || $0["office_tax"] != nil }
            let fingerprint = "events through seq \(replayed.watermark) (head \(head.seq)), revision set \(rb.revisionSetHash(asOf: asOf))"
                + (corporate ? ", corporate revision set \(rb.revisionSetHash(asOf: asOf, scope: .corporate))" : "")
            if format == "json" {
                Terminal.out(JSONWriter.canonical(.object([("fiscal_year", .integer(Int64(fiscalYear))), ("cities", .array(cityReports)),
                                                           ("fingerprint", .string(fingerprint))])))
            } else {
                Terminal.out("fingerprint: \(fingerprint)")
            }
            if let (city, tax, first) = refusals.first {
                throw CLIFailure.input("\(tax.japaneseName) of \(city.rawValue) FY\(fiscalYear) was not assessed: \(first) (the rules adopted by then are incomplete; the other taxes are shown)")
            }
        }
    }

    /// One subject: a person (resident tax, their vehicles, their own property), a vehicle, a
    /// parcel or a building, each step with its law reference and revision.
    func subjectReport(_ subject: String, _ pop: Population, _ p: LevyParameters, _ rb: RuleBase, _ asOf: RecordedTime) -> JSONValue? {
        let fy = fiscalYear, c = pop.city
        var parts: [(String, JSONValue)] = [("city", .string(c.rawValue)), ("subject", .string(subject))]
        var lines: [String] = []
        func show(_ title: String, _ steps: [TraceStep]) {
            lines.append(title)
            for s in steps {
                let label = s.label.count >= 30 ? s.label : s.label.padding(toLength: 30, withPad: "　", startingAt: 0)
                lines.append("  \(label) \(s.amount.grouped.leftPadded(12))  \(s.revision ?? "")")
            }
        }
        switch Assessor(pop, fiscalYear: fy).subject(subject, p) {
        case .person(let levies)?:
            for levy in levies {
                if case .residentTax(let r) = levy.result {
                    parts.append(("resident_tax", residentTaxJSON(r)))
                    show("個人住民税", r.steps)
                }
            }
            let vehicles = levies.filter { $0.tax == .lightVehicleTax }
            for v in vehicles { show("軽自動車税 \(v.object ?? "")", v.steps) }
            parts.append(("light_vehicle_tax", .object([("vehicles", .array(vehicles.map { .string($0.object ?? "") })),
                                                        ("total", .integer(vehicles.reduce(Yen.zero) { $0 + $1.amount }.amount))])))
            // 国民年金: a record the city keeps, not a levy (the premiums are collected nationally).
            if let (m, due) = Assessor(pop, fiscalYear: fy).pension(of: subject, ParameterSet(ruleBase: rb, city: c, fiscalYear: fy, asOf: asOf)) {
                parts.append(("national_pension", .object([("months", .integer(Int64(m.months.nonzeroBitCount))), ("exemption", m.exemptionThis.map { .string($0) } ?? .null),
                                                           ("premiums_due", due.map { .integer($0.amount) } ?? .null)])))
                lines.append("国民年金 第1号: \(m.months.nonzeroBitCount)か月, 免除 \(m.exemptionThis ?? "なし"), 保険料 \(due.map { "¥\($0.grouped)" } ?? "not computed (premium not adopted)")")
            }
            if let nhi = levies.first(where: { $0.tax == .nhi }) {
                parts.append(("nhi", .object([("household", .string(nhi.object ?? "")), ("total", .integer(nhi.amount.amount))])))
                show("国民健康保険 (世帯 \(nhi.object ?? ""), 納付義務者)", nhi.steps)
            }
            let property = levies.compactMap { levy -> FixedAssetAssessment? in
                if case .property(let t) = levy.result, levy.tax == .fixedAssetTax { return t }
                return nil
            }
            parts.append(("property", .array(property.map { t in
                .object([("owners", .array(t.owners.map { .string($0) })), ("fixed_asset_tax", .integer(t.fixedAssetTax.amount)),
                         ("city_planning_tax", .integer(t.cityPlanningTax.amount))])
            })))
            for t in property { show("固定資産税・都市計画税 (\(t.owners.joined(separator: "・")))", t.steps) }
        case .corporation(let levies)?:
            for levy in levies {
                switch levy.result {
                case .corporate(let a):
                    parts.append(("corporate_tax", .object([
                        ("total", .integer(a.total.amount)), ("per_capita", .integer(a.perCapita.amount)), ("tax_levy", .integer(a.taxLevy.amount)),
                        ("periods", .array(a.periods.map { x in .object([
                            ("period_start", .string(x.start.description)), ("period_end", .string(x.end.description)), ("return", .string(x.kind.rawValue)),
                            ("deemed", .bool(x.deemed)), ("filed", .string(x.filed.description)), ("due_date", .string(x.dueDate.description)),
                            ("months", .integer(Int64(x.result.months))),
                            ("per_capita", .integer(x.result.perCapita.amount)), ("tax_base", .integer(x.result.taxBase.amount)),
                            ("tax_levy_rate", .string("\(x.result.taxLevyRate)")), ("tax_levy", .integer(x.result.taxLevy.amount)),
                        ]) })), ("steps", stepsJSON(a.steps))])))
                    show("法人市民税", a.steps)
                case .officeTax(let a):
                    parts.append(("office_tax", .object([
                        ("total", .integer(a.total.amount)),
                        ("periods", .array(a.periods.map { x in .object([
                            ("period_start", .string(x.start.description)), ("period_end", .string(x.end.description)), ("return", .string(x.kind.rawValue)),
                            ("due_date", .string(x.dueDate.description)), ("asset_exempt", .bool(x.result.assetExempt)),
                            ("asset_base_m2", CorporateTaxCalc.m2(x.result.assetBaseCentiM2)), ("asset_deduction_m2", CorporateTaxCalc.m2(x.result.assetDeductionCentiM2)),
                            ("asset", .integer(x.result.asset.amount)), ("payroll_exempt", .bool(x.result.payrollExempt)),
                            ("payroll_base", .integer(x.result.payrollBase.amount)), ("payroll_deduction", .integer(x.result.payrollDeduction.amount)),
                            ("payroll_part", .integer(x.result.payrollPart.amount)),
                            ("total", .integer(x.result.total.amount)),
                        ]) })), ("steps", stepsJSON(a.steps))])))
                    show("事業所税", a.steps)
                default: break
                }
            }
        case .vehicle(let levy)?:
            guard case .lightVehicle(let r) = levy.result else { return nil }
            parts += [("owner", .string(levy.taxpayer)), ("light_vehicle_tax", .integer(r.amount.amount)), ("basis", .string(r.basis.rawValue)), ("steps", stepsJSON(r.steps))]
            show("軽自動車税 (所有者 \(levy.taxpayer), 4月1日現在)", r.steps)
        case .land(let y)?:
            parts += [("fixed_asset_tax_base", .integer(y.fixedAsset.total.amount)), ("city_planning_tax_base", .integer(y.cityPlanning.total.amount)), ("steps", stepsJSON(y.steps))]
            show("土地 (1月1日現在)", y.steps)
        case .building(let owners, let y)?:
            parts += [("owners", .array(owners.map { .string($0) })), ("fixed_asset_tax_base", .integer(y.base.amount)), ("steps", stepsJSON(y.steps))]
            show("家屋 (1月1日現在)", y.steps)
        case nil:
            return nil
        }
        for tax in p.refused.keys.sorted() {
            let missing = p.refused[tax]!
            lines.append("\(tax.japaneseName): not assessed: \(missing[0])\(missing.count > 1 ? " (and \(missing.count - 1) more)" : "")")
        }
        if !p.refused.isEmpty {
            parts.append(("refused", .array(p.refused.keys.sorted().map { tax in
                .object([("tax", .string(tax.rawValue)), ("missing", .string(p.refused[tax]![0].description))])
            })))
        }
        if format == "text" {
            Terminal.out("\(c.japaneseName) \(subject) FY\(fy) (as known at \(knownAt ?? "now"))")
            for l in lines { Terminal.out(l) }
        }
        return .object(parts)
    }

    func residentTaxJSON(_ r: ResidentTaxResult) -> JSONValue {
        .object([("city_income_levy", .integer(r.cityIncomeLevy.amount)), ("prefecture_income_levy", .integer(r.prefectureIncomeLevy.amount)),
                 ("city_per_capita", .integer(r.cityPerCapita.amount)), ("prefecture_per_capita", .integer(r.prefecturePerCapita.amount)),
                 ("forest_environment_tax", .integer(r.forestEnvironmentTax.amount)), ("total", .integer(r.total.amount))])
    }
}

extension String {
    func leftPadded(_ n: Int) -> String { count >= n ? self : String(repeating: " ", count: n - count) + self }
}

/// 料 (Okazaki, by ordinance) or 税 (Toyohashi): each city's word, from revisions/.
enum NHIWord {
    static func of(_ city: City, _ rb: RuleBase) -> String {
        if case .text(let w)? = rb.resolve(NHIKeys.form, city: city, fiscalYear: ParameterCatalogue.years.upperBound, asOf: .distantFuture)?.value { return w }
        return ""
    }
}
