import ArgumentParser
import Foundation
import KaiseiCore
import KaiseiEvents
import EventStore
import Law
import Replay

struct AssessCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "assess",
        abstract: "Assess a fiscal year's levies from the store, as known at a time.",
        discussion: """
            Replays the events recorded up to --known-at (default: everything) and computes each \
            resident's tax with the rule base as adopted then. Without --subject it prints a summary \
            per city: taxpayers and revenue by tax. Taxes not built yet are shown as "not yet".
            """)

    @OptionGroup var storeOptions: StoreOptions
    @OptionGroup var revisionOptions: RevisionOptions
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
            let pops = try Replayer.replay(knownAt: asOf) { visit in try log.replayScan(visit) }
            var cityReports: [JSONValue] = []
            for c in cities {
                let pop = pops[c]!
                let params = ResidentTaxParameters(ParameterSet(ruleBase: rb, city: c, fiscalYear: fiscalYear, asOf: asOf))
                if let subject {
                    guard pop.isResident(subject, fiscalYear: fiscalYear), let facts = pop.taxpayerFacts(subject, fiscalYear: fiscalYear) else { continue }
                    let r = ResidentTax.assess(facts, fiscalYear: fiscalYear, params, explain: true)
                    if format == "json" {
                        cityReports.append(.object([("city", .string(c.rawValue)), ("subject", .string(subject)), ("resident_tax", residentTaxJSON(r))]))
                    } else {
                        Terminal.out("\(c.japaneseName) \(subject) FY\(fiscalYear) 個人住民税 (as known at \(asOf == .distantFuture ? "now" : asOf.description))")
                        for s in r.steps { Terminal.out("  \(s.label.padding(toLength: 30, withPad: "　", startingAt: 0)) \(s.amount.grouped.leftPadded(12))  \(s.revision ?? "")") }
                    }
                    continue
                }
                var residents = 0, taxpayers = 0
                var cityIncome = Yen.zero, prefIncome = Yen.zero, perCapita = Yen.zero, forest = Yen.zero
                for id in pop.residents.keys.sorted() where pop.isResident(id, fiscalYear: fiscalYear) {
                    residents += 1
                    guard let facts = pop.taxpayerFacts(id, fiscalYear: fiscalYear) else { continue }
                    let r = ResidentTax.assess(facts, fiscalYear: fiscalYear, params)
                    if r.total > .zero { taxpayers += 1 }
                    cityIncome += r.cityIncomeLevy; prefIncome += r.prefectureIncomeLevy
                    perCapita += r.cityPerCapita + r.prefecturePerCapita; forest += r.forestEnvironmentTax
                }
                let total = cityIncome + prefIncome + perCapita + forest
                if format == "json" {
                    cityReports.append(.object([
                        ("city", .string(c.rawValue)), ("residents", .integer(Int64(residents))),
                        ("resident_tax", .object([("taxpayers", .integer(Int64(taxpayers))), ("city_income_levy", .integer(cityIncome.amount)),
                                                  ("prefecture_income_levy", .integer(prefIncome.amount)), ("per_capita", .integer(perCapita.amount)),
                                                  ("forest_environment_tax", .integer(forest.amount)), ("total", .integer(total.amount))])),
                        ("light_vehicle_tax", .null), ("fixed_asset_tax", .null), ("city_planning_tax", .null), ("nhi", .null),
                    ]))
                } else {
                    Terminal.out("\(c.japaneseName) (\(c.rawValue)) FY\(fiscalYear): \(residents) residents on 1 January")
                    Terminal.out("  個人住民税     taxpayers \(taxpayers)   revenue ¥\(total.grouped)  (市 所得割 ¥\(cityIncome.grouped), 県 所得割 ¥\(prefIncome.grouped), 均等割 ¥\(perCapita.grouped), 森林環境税 ¥\(forest.grouped))")
                    Terminal.out("  軽自動車税・固定資産税・都市計画税・国民健康保険: not yet built")
                }
            }
            let fingerprint = "events through seq \(pops.values.map(\.watermark).max() ?? 0) (head \(head.seq)), revision set \(rb.revisionSetHash(asOf: asOf))"
            if format == "json" {
                Terminal.out(JSONWriter.canonical(.object([("fiscal_year", .integer(Int64(fiscalYear))), ("cities", .array(cityReports)),
                                                           ("fingerprint", .string(fingerprint))])))
            } else {
                Terminal.out("fingerprint: \(fingerprint)")
            }
        }
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
