import KaiseiCore
import KaiseiEvents
import Law

/// `kaisei calc`'s `corporations` block (docs/calc.md): one 事業年度 of each corporation, its
/// 均等割 and 法人税割 in the city, with the parameters of the fiscal year the period starts in;
/// or one calendar year of a 個人事業者's 事業所税 (`individual`), who owes no 法人市民税.
public enum CorporateTaxCalc {
    public struct Corporation: Sendable {
        public let id: String
        /// 法人市民税's facts; nil for a 個人事業者.
        public let facts: CorporateMunicipalTax.Facts?
        public let periodStart: CivilDate
        public let periodEnd: CivilDate
        /// 事業所税 of the same period, when the entry has `office_tax` (always, for a 個人事業者).
        public var officeTax: OfficeTax.Facts? = nil
        /// A 個人事業者's business ended with the proprietor's death (its 納期限: four months).
        public var proprietorDied = false
        public var individual: Bool { facts == nil }
    }

    static let keys: Set<String> = ["id", "capital", "public_interest", "period_start", "period_end", "office_from", "office_until",
                                    "employees_in_city", "employees_total", "division_employees_in_city", "division_employees_total",
                                    "national_corporate_tax", "office_tax",
                                    "individual", "proprietor_died"]
    /// The fields of 法人市民税, which a 個人事業者's entry must not have (地方税法第294条第1項第3号).
    static let corporateOnly = ["capital", "public_interest", "office_from", "office_until", "employees_in_city", "employees_total",
                                "division_employees_in_city", "division_employees_total", "national_corporate_tax"]
    static let officeTaxKeys: Set<String> = ["offices", "employees_at_end", "payroll", "exempt_payroll", "special_use", "special_payroll"]
    static let officeKeys: Set<String> = ["floor_m2", "shared_m2", "all_exclusive_m2", "exempt_m2", "opened", "closed", "special_use", "special_m2"]

    /// A floor area in ㎡ with at most two decimals ("428.57" or 428.57 or 1500), in hundredths:
    /// no binary fractions near an area that is multiplied into yen.
    static func centiM2(_ v: JSONValue) -> Int64? {
        let text: String
        switch v {
        case .integer(let n): return n >= 0 && n <= 100_000_000 ? n * 100 : nil
        case .number(let s), .string(let s): text = s
        default: return nil
        }
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count <= 2, let whole = Int64(parts[0]), whole >= 0, whole <= 100_000_000, !parts[0].hasPrefix("-") else { return nil }
        var frac: Int64 = 0
        if parts.count == 2 {
            let f = parts[1]
            guard (1...2).contains(f.count), f.allSatisfy(\.isASCII), let n = Int64(f) else { return nil }
            frac = f.count == 1 ? n * 10 : n
        }
        return whole * 100 + frac
    }

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
            func flag(_ k: String) -> Bool {
                guard let v = item[k] else { return false }
                if case .bool(let b) = v { return b }
                bad("\(at).\(k)", "expected true or false"); return false
            }
            let individual = flag("individual"), died = flag("proprietor_died")
            if individual {
                // A 個人事業者: 事業所税 alone, over a calendar year (or the part of one in business).
                for k in corporateOnly where item[k] != nil { bad("\(at).\(k)", "not for a 個人事業者, who owes no 法人市民税 (地方税法第294条第1項第3号)") }
                let start = date("period_start", required: true), end = date("period_end", required: true)
                if let start, let end {
                    if end < start { bad("\(at).period_end", "before period_start") }
                    else if end.year != start.year { bad("\(at).period_end", "a 個人事業者's 算定期間 lies within one calendar year (地方税法第701条の47第1項)") }
                }
                guard let v = item["office_tax"] else { bad("\(at).office_tax", "missing: a 個人事業者's entry is its 事業所税"); continue }
                let officeTax = parseOfficeTax(v, at: "\(at).office_tax", start: start, end: end, bad: bad)
                if let start, let end, let officeTax, problems.isEmpty {
                    var c = Corporation(id: id, facts: nil, periodStart: start, periodEnd: end)
                    c.officeTax = officeTax
                    c.proprietorDied = died
                    out.append(c)
                }
                continue
            }
            if item["proprietor_died"] != nil { bad("\(at).proprietor_died", "only with \"individual\": true (a 個人事業者's business ended by death)") }
            let publicInterest = flag("public_interest")
            let capital = yen("capital", required: !publicInterest)
            let start = date("period_start", required: true), end = date("period_end", required: true)
            let officeFrom = date("office_from", required: false), officeUntil = date("office_until", required: false)
            let inCity = count("employees_in_city", required: true)
            let total = count("employees_total", required: false)
            let divisionInCity = count("division_employees_in_city", required: false)
            let divisionTotal = count("division_employees_total", required: false)
            let tax = yen("national_corporate_tax", required: true)
            if let start, let end {
                if end < start { bad("\(at).period_end", "before period_start") }
                else if end.daysSinceEpoch - start.daysSinceEpoch > 366 { bad("\(at).period_end", "a 事業年度 is at most one year") }
            }
            if let inCity, let total, total < inCity { bad("\(at).employees_total", "fewer than employees_in_city") }
            if let d = divisionInCity ?? inCity, let t = divisionTotal ?? total, t < d, divisionInCity != nil || divisionTotal != nil {
                bad("\(at).division_employees_total", "fewer than the city's 分割基準 employees")
            }
            if let officeFrom, let officeUntil, officeUntil < officeFrom { bad("\(at).office_until", "before office_from") }
            var officeTax: OfficeTax.Facts?
            if let v = item["office_tax"] {
                officeTax = parseOfficeTax(v, at: "\(at).office_tax", start: start, end: end, bad: bad)
            }
            if let start, let end, let inCity, let tax, problems.isEmpty {
                var facts = CorporateMunicipalTax.Facts(
                    capital: publicInterest ? nil : capital, periodStart: start, periodEnd: end, officeFrom: officeFrom, officeUntil: officeUntil,
                    employeesInCity: inCity, employeesTotal: total, nationalCorporateTax: tax)
                facts.divisionEmployeesInCity = divisionInCity
                facts.divisionEmployeesTotal = divisionTotal
                var c = Corporation(id: id, facts: facts, periodStart: start, periodEnd: end)
                c.officeTax = officeTax
                out.append(c)
            }
        }
        guard problems.isEmpty else { return .failure(FieldProblems(problems)) }
        return .success(out)
    }

    static func parseOfficeTax(_ v: JSONValue, at: String, start: CivilDate?, end: CivilDate?, bad: (String, String) -> Void) -> OfficeTax.Facts? {
        guard case .object(let fields) = v else { bad(at, "expected an object with offices, employees_at_end and payroll"); return nil }
        var ok = true
        func fail(_ f: String, _ r: String) { ok = false; bad(f, r) }
        for (k, _) in fields where !officeTaxKeys.contains(k) { fail("\(at).\(k)", "unknown field (see docs/calc.md)") }
        var offices: [OfficeTax.Office] = []
        if case .array(let list)? = v["offices"] {
            for (j, o) in list.enumerated() {
                let oat = "\(at).offices[\(j)]"
                guard case .object(let of) = o else { fail(oat, "expected an object"); continue }
                for (k, _) in of where !officeKeys.contains(k) { fail("\(oat).\(k)", "unknown field (see docs/calc.md)") }
                func area(_ k: String, required: Bool) -> Int64 {
                    guard let x = o[k] else { if required { fail("\(oat).\(k)", "missing (㎡)") }; return 0 }
                    guard let c = centiM2(x) else { fail("\(oat).\(k)", "expected ㎡ ≥ 0 with at most two decimals"); return 0 }
                    return c
                }
                func day(_ k: String) -> CivilDate? {
                    guard let x = o[k] else { return nil }
                    guard case .string(let s) = x, let d = CivilDate(iso: s) else { fail("\(oat).\(k)", "expected a date (YYYY-MM-DD)"); return nil }
                    if let start, let end, d < start || d > end { fail("\(oat).\(k)", "outside the period") }
                    return d
                }
                let use = specialUse(o["special_use"], at: "\(oat).special_use", fail: fail)
                let office = OfficeTax.Office(floorCentiM2: area("floor_m2", required: true), sharedCentiM2: area("shared_m2", required: false),
                                              allExclusiveCentiM2: area("all_exclusive_m2", required: false), exemptCentiM2: area("exempt_m2", required: false),
                                              opened: day("opened"), closed: day("closed"), specialUse: use, specialCentiM2: area("special_m2", required: use != nil))
                if use == nil && office.specialCentiM2 > 0 { fail("\(oat).special_use", "required with special_m2 (which 課税標準の特例 use)") }
                if office.sharedCentiM2 > 0 && office.allExclusiveCentiM2 < office.floorCentiM2 {
                    fail("\(oat).all_exclusive_m2", "required with shared_m2, and at least floor_m2 (every tenant's own floor together)")
                }
                if let a = office.opened, let b = office.closed, b < a { fail("\(oat).closed", "before opened") }
                offices.append(office)
            }
        } else { fail("\(at).offices", "expected a list of offices (may be empty)") }
        var employees = 0
        if case .integer(let n)? = v["employees_at_end"], n >= 0, n <= 10_000_000 { employees = Int(n) } else { fail("\(at).employees_at_end", "expected a whole number ≥ 0") }
        func yen(_ k: String, required: Bool) -> Yen {
            guard let x = v[k] else { if required { fail("\(at).\(k)", "missing") }; return .zero }
            guard case .integer(let n) = x, n >= 0, n <= 9_999_999_999_999 else { fail("\(at).\(k)", "expected integer yen ≥ 0"); return .zero }
            return Yen(n)
        }
        let payroll = yen("payroll", required: true), exempt = yen("exempt_payroll", required: false)
        if exempt > payroll { fail("\(at).exempt_payroll", "more than payroll") }
        let payrollUse = specialUse(v["special_use"], at: "\(at).special_use", fail: fail)
        let special = yen("special_payroll", required: payrollUse != nil)
        if payrollUse == nil && special > .zero { fail("\(at).special_use", "required with special_payroll (which 課税標準の特例 use)") }
        if special + exempt > payroll { fail("\(at).special_payroll", "with exempt_payroll, more than payroll") }
        guard ok, let start, let end else { return nil }
        return OfficeTax.Facts(periodStart: start, periodEnd: end, offices: offices, employeesAtEnd: employees, payroll: payroll, exemptPayroll: exempt,
                               payrollSpecialUse: payrollUse, specialPayroll: special)
    }

    /// A 課税標準の特例 use code, checked against the list the revision folder has shares for.
    static func specialUse(_ v: JSONValue?, at: String, fail: (String, String) -> Void) -> String? {
        guard let v else { return nil }
        let codes = OfficeTaxKeys.specialUses.map(\.code)
        guard case .string(let s) = v, codes.contains(s) else { fail(at, "expected one of \(codes.joined(separator: ", "))"); return nil }
        return s
    }

    public static func m2(_ c: Int64) -> JSONValue { .number("\(c / 100).\(String(format: "%02d", Int(c % 100)))") }

    /// Each entry's figures, with its 納期限: the 法定納期限 by the deadline rules of the year the
    /// period starts in, moved off the city's closed days (地方税法第20条の5第2項) as the levy
    /// runs move it.
    public static func run(_ corporations: [Corporation], city: City, ruleBase rb: RuleBase, asOf: RecordedTime, explain: Bool) throws(MissingParameter) -> JSONValue {
        var items: [JSONValue] = []
        let calendar = CollectionCalendar(ruleBase: rb, city: city, asOf: asOf)
        func day(_ d: CivilDate) -> JSONValue { .string(calendar.moved(d).description) }
        for c in corporations {
            let p = ParameterSet(ruleBase: rb, city: city, fiscalYear: c.periodStart.fiscalYear, asOf: asOf)
            let deadlines = try CorporateDeadlineRules(p)
            var entry: [(String, JSONValue)] = [("id", .string(c.id))]
            if let facts = c.facts {
                let r = try CorporateMunicipalTax.compute(facts, city: city, asOf: asOf, trace: explain, parameters: p)
                entry += [
                    ("per_capita_annual", .integer(r.perCapitaAnnual.amount)), ("months", .integer(Int64(r.months))),
                    ("per_capita", .integer(r.perCapita.amount)),
                    ("tax_base", .integer(r.taxBase.amount)), ("tax_levy_rate", .string("\(r.taxLevyRate)")),
                    ("tax_levy", .integer(r.taxLevy.amount)), ("total", .integer(r.total.amount)),
                    ("due", day(CorporateDeadlines.final(periodEnd: c.periodEnd, deadlines))),
                ]
                if explain { entry.append(("steps", stepsJSON(r.steps))) }
            } else {
                entry.append(("individual", .bool(true)))
            }
            if let o = c.officeTax {
                let x = try OfficeTax.compute(o, city: city, asOf: asOf, trace: explain, parameters: p)
                let due = c.individual ? CorporateDeadlines.individual(periodEnd: c.periodEnd, died: c.proprietorDied, deadlines)
                                       : CorporateDeadlines.officeTax(periodEnd: c.periodEnd, deadlines)
                var office: [(String, JSONValue)] = [
                    ("period_months", .integer(Int64(x.periodMonths))),
                    ("offices", .array(zip(x.officeCentiM2, x.officeMonths).map { .object([("floor_m2", m2($0.0)), ("months", .integer(Int64($0.1)))]) })),
                    ("judged_floor_m2", m2(x.judgedCentiM2)), ("asset_exempt", .bool(x.assetExempt)),
                    ("asset_deduction_m2", m2(x.assetDeductionCentiM2)), ("asset_base_m2", m2(x.assetBaseCentiM2)), ("asset", .integer(x.asset.amount)),
                    ("payroll_exempt", .bool(x.payrollExempt)), ("payroll_deduction", .integer(x.payrollDeduction.amount)),
                    ("payroll_base", .integer(x.payrollBase.amount)),
                    ("payroll_part", .integer(x.payrollPart.amount)), ("total", .integer(x.total.amount)),
                    ("due", day(due)),
                ]
                if explain { office.append(("steps", stepsJSON(x.steps))) }
                entry.append(("office_tax", .object(office)))
            }
            items.append(.object(entry))
        }
        return .array(items)
    }
}
