import Testing
import Foundation
import KaiseiCore
import Law
import Replay

/// Law cases as data (Cases/*.json): a household in `kaisei calc` form, the expected yen, the
/// statute and revision the case exercises, and the derivation step by step. Each case goes
/// through the same path as `kaisei calc`: events, replay, calculator.
@Suite("Resident tax: hand-derived cases at every revision boundary")
struct LawCaseTests {
    struct Case: CustomTestStringConvertible, Sendable {
        let file: String
        let name: String
        let input: JSONValue
        let expected: [(String, [(String, Int64)])]
        var testDescription: String { "\(file): \(name)" }
    }

    static let cases: [Case] = {
        let dir = Bundle.module.url(forResource: "Cases", withExtension: nil)!
        let files = (try? FileManager.default.contentsOfDirectory(atPath: dir.path))?.filter { $0.hasSuffix(".json") }.sorted() ?? []
        return files.map { f in
            let text = try! String(contentsOf: dir.appendingPathComponent(f), encoding: .utf8)
            let json = try! JSONParser.parse(text)
            guard case .string(let name)? = json["name"], let input = json["input"], case .object(let exp)? = json["expected"],
                  json["derivation"] != nil, json["law"] != nil else { fatalError("\(f): a case needs name, law, derivation, input, expected") }
            let expected = exp.map { (id, v) -> (String, [(String, Int64)]) in
                guard case .object(let fields) = v else { fatalError("\(f): expected.\(id)") }
                return (id, fields.map { k, n in guard case .integer(let i) = n else { fatalError("\(f): \(k)") }; return (k, i) })
            }
            return Case(file: f, name: name, input: input, expected: expected)
        }
    }()

    @Test("each case's published or derived figures", arguments: cases)
    func run(_ c: Case) throws {
        guard case .success(let household) = ModelHousehold.parse(c.input) else { Issue.record("input does not parse"); return }
        let params = ParameterSet(ruleBase: Repo.ruleBase, city: household.city, fiscalYear: household.fiscalYear, asOf: .distantFuture)
        let pop = household.population()
        for (id, fields) in c.expected {
            let facts = try #require(pop.taxpayerFacts(id, fiscalYear: household.fiscalYear))
            let r = ResidentTax.assess(facts, fiscalYear: household.fiscalYear, params)
            let actual: [String: Int64] = [
                "city_income_levy": r.cityIncomeLevy.amount, "prefecture_income_levy": r.prefectureIncomeLevy.amount,
                "city_per_capita": r.cityPerCapita.amount, "prefecture_per_capita": r.prefecturePerCapita.amount,
                "forest_environment_tax": r.forestEnvironmentTax.amount, "total": r.total.amount, "furusato_limit": r.furusatoLimit.amount,
            ]
            for (k, v) in fields { #expect(actual[k] == v, "\(id).\(k)") }
        }
    }

    @Test("there is a case at every revision boundary the issue names")
    func boundaries() {
        let years = Set(Self.cases.compactMap { c -> Int? in if case .integer(let y)? = c.input["fiscal_year"] { return Int(y) }; return nil })
        for y in [2015, 2016, 2019, 2021, 2024, 2026] { #expect(years.contains(y), "no case for FY\(y)") }
    }
}
