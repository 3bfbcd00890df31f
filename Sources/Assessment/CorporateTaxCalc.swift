import KaiseiCore
import KaiseiEvents
import Law

/// `kaisei calc`'s `corporations` block (docs/calc.md): one 事業年度 of each corporation, its
/// 均等割 and 法人税割 in the city, with the parameters of the fiscal year the period starts in.
public enum CorporateTaxCalc {
    public struct Corporation: Sendable {
        public let id: String
        public let facts: CorporateMunicipalTax.Facts
    }

    static let keys: Set<String> = ["id", "capital", "public_interest", "period_start", "period_end", "office_from", "office_until",
                                    "employees_in_city", "employees_total", "national_corporate_tax"]

    public static func parse(_ json: JSONValue) -> Result<[Corporation], FieldProblems> {
        var problems: [FieldProblem] = []
        func bad(_ f: String, _ r: String) { problems.append(FieldProblem(f, r)) }
        guard case .array(let items) = json, !items.isEmpty else { return .failure(FieldProblems([FieldProblem("corporations", "expected a non-empty list")])) }
        var out: [Corporation] = []
        var ids: Set<String> = []
        for (i, item) in items.enumerated() {
            let at = "corporations[\(i)]"
            guard case .object(let fields) = item else { bad(at, "expected an object"); continue }
            for (k, _) in fields where !keys.contains(k) { bad("\(at).\(k)", "unknown field (see docs/calc.md)") }
            var id = "\(i + 1)"
            if let v = item["id"] {
                if case .string(let s) = v, !s.isEmpty, s.count <= 64, !ids.contains(s) { id = s } else { bad("\(at).id", "expected a unique non-empty string") }
            }
            ids.insert(id)
            func date(_ k: String, required: Bool) -> CivilDate? {
                guard let v = item[k] else { if required { bad("\(at).\(k)", "missing (YYYY-MM-DD)") }; return nil }
                guard case .string(let s) = v, let d = CivilDate(iso: s) else { bad("\(at).\(k)", "expected a date (YYYY-MM-DD)"); return nil }
                return d
            }
            func yen(_ k: String, required: Bool) -> Yen? {
                guard let v = item[k] else { if required { bad("\(at).\(k)", "missing") }; return nil }
                guard case .integer(let n) = v, n >= 0, n <= 9_999_999_999_999 else { bad("\(at).\(k)", "expected integer yen ≥ 0"); return nil }
                return Yen(n)
            }
            func count(_ k: String, required: Bool) -> Int? {
                guard let v = item[k] else { if required { bad("\(at).\(k)", "missing") }; return nil }
                guard case .integer(let n) = v, n >= 0, n <= 10_000_000 else { bad("\(at).\(k)", "expected a whole number ≥ 0"); return nil }
                return Int(n)
            }
            var publicInterest = false
            if let v = item["public_interest"] { if case .bool(let b) = v { publicInterest = b } else { bad("\(at).public_interest", "expected true or false") } }
            let capital = yen("capital", required: !publicInterest)
            let start = date("period_start", required: true), end = date("period_end", required: true)
            let officeFrom = date("office_from", required: false), officeUntil = date("office_until", required: false)
            let inCity = count("employees_in_city", required: true)
            let total = count("employees_total", required: false)
            let tax = yen("national_corporate_tax", required: true)
            if let start, let end {
                if end < start { bad("\(at).period_end", "before period_start") }
                else if end.daysSinceEpoch - start.daysSinceEpoch > 366 { bad("\(at).period_end", "a 事業年度 is at most one year") }
            }
            if let inCity, let total, total < inCity { bad("\(at).employees_total", "fewer than employees_in_city") }
            if let officeFrom, let officeUntil, officeUntil < officeFrom { bad("\(at).office_until", "before office_from") }
            if let start, let end, let inCity, let tax, problems.isEmpty {
                out.append(Corporation(id: id, facts: CorporateMunicipalTax.Facts(
                    capital: publicInterest ? nil : capital, periodStart: start, periodEnd: end, officeFrom: officeFrom, officeUntil: officeUntil,
                    employeesInCity: inCity, employeesTotal: total, nationalCorporateTax: tax)))
            }
        }
        guard problems.isEmpty else { return .failure(FieldProblems(problems)) }
        return .success(out)
    }

    public static func run(_ corporations: [Corporation], city: City, ruleBase rb: RuleBase, asOf: RecordedTime, explain: Bool) throws(MissingParameter) -> JSONValue {
        var items: [JSONValue] = []
        for c in corporations {
            let p = ParameterSet(ruleBase: rb, city: city, fiscalYear: c.facts.periodStart.fiscalYear, asOf: asOf)
            let r = try CorporateMunicipalTax.compute(c.facts, city: city, asOf: asOf, trace: explain, parameters: p)
            var entry: [(String, JSONValue)] = [
                ("id", .string(c.id)),
                ("per_capita_annual", .integer(r.perCapitaAnnual.amount)), ("months", .integer(Int64(r.months))),
                ("per_capita", .integer(r.perCapita.amount)),
                ("tax_base", .integer(r.taxBase.amount)), ("tax_levy_rate", .string("\(r.taxLevyRate)")),
                ("tax_levy", .integer(r.taxLevy.amount)), ("total", .integer(r.total.amount)),
            ]
            if explain { entry.append(("steps", stepsJSON(r.steps))) }
            items.append(.object(entry))
        }
        return .array(items)
    }
}
