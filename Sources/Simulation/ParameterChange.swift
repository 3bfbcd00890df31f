import KaiseiCore
import Law
import Replay

/// A parameter whose value differs between the two rule sets, for one city and fiscal year,
/// with the revision and reference on each side: the meeting's "what did we change" list.
public struct ParameterChange: Sendable, Equatable {
    public let city: City
    public let fiscalYear: Int
    public let key: String
    public let before: String?
    public let after: String?
    public let beforeRevision: String?
    public let afterRevision: String?
    public let reference: String
    public let verified: Bool

    public init(city: City, fiscalYear: Int, key: String, before: String?, after: String?, beforeRevision: String?, afterRevision: String?,
                reference: String, verified: Bool) {
        self.city = city; self.fiscalYear = fiscalYear; self.key = key; self.before = before; self.after = after
        self.beforeRevision = beforeRevision; self.afterRevision = afterRevision; self.reference = reference; self.verified = verified
    }

    /// The taxes a key feeds. Pension and certificate wording are not levies.
    public var taxes: [LevyTax] { Self.taxes(of: key) }

    public static func taxes(of key: String) -> [LevyTax] {
        // NHI's 所得割 and 軽減 read incomes computed by the resident tax's own rules.
        for shared in ["resident_tax.salary.", "resident_tax.pension.", "resident_tax.income_adjustment.", "resident_tax.age."] where key.hasPrefix(shared) {
            return [.residentTax, .nhi]
        }
        if key.hasPrefix("resident_tax.") { return [.residentTax] }
        if key.hasPrefix("light_vehicle_tax.") { return [.lightVehicleTax] }
        // 都市計画税's 課税標準 follows the fixed asset tax's (住宅用地, 負担調整); its own rates feed it alone.
        if key.hasPrefix("fixed_asset_tax.") { return [.fixedAssetTax, .cityPlanningTax] }
        if key.hasPrefix("city_planning_tax.") { return [.cityPlanningTax] }
        if key.hasPrefix("nhi.") { return [.nhi] }
        if key.hasPrefix("corporate.") { return [.corporateTax] }
        if key.hasPrefix("office_tax.") { return [.officeTax] }
        return []
    }

    /// Every differing key of one city, for the fiscal year and (for 負担調整, which reads
    /// earlier years) every year before it that the property taxes read.
    public static func between(_ before: RuleSet, _ after: RuleSet, city: City, fiscalYear fy: Int) -> [ParameterChange] {
        var out: [ParameterChange] = []
        for year in ParameterCatalogue.years.lowerBound...fy {
            let b = before.parameters(city: city, fiscalYear: year), a = after.parameters(city: city, fiscalYear: year)
            for spec in ParameterCatalogue.all {
                if year < LevyTax.earliestYearRead(spec.key, fiscalYear: fy) { continue }
                let rb = b.resolved(spec.key), ra = a.resolved(spec.key)
                guard rb?.value != ra?.value else { continue }
                out.append(ParameterChange(city: city, fiscalYear: year, key: spec.key, before: rb.map { $0.value.display }, after: ra.map { $0.value.display },
                                           beforeRevision: rb?.revision, afterRevision: ra?.revision, reference: (ra ?? rb)!.reference,
                                           verified: (ra ?? rb)!.verified))
            }
        }
        return out
    }

    /// The same change apart from the city: equal values, revisions, reference and status.
    public func isSameChange(as other: ParameterChange) -> Bool {
        fiscalYear == other.fiscalYear && key == other.key && before == other.before && after == other.after
            && beforeRevision == other.beforeRevision && afterRevision == other.afterRevision
            && reference == other.reference && verified == other.verified
    }

    /// The meeting's table: a change that is the same in every city compared is one row for all
    /// of them (printed 両市), listed first; the rest follow city by city, in `changes`' order.
    /// A change equal in value but cited differently (each city's own ordinance) stays one row
    /// per city, so both references are read.
    public static func rows(_ changes: [ParameterChange], cities: [City]) -> [Row] {
        guard cities.count > 1 else { return changes.map { Row(cities: [$0.city], change: $0) } }
        var shared: [Row] = [], own: [Row] = []
        var merged = Set<Int>()
        for (i, c) in changes.enumerated() where !merged.contains(i) {
            let same = changes.indices.filter { j in j != i && !merged.contains(j) && changes[j].city != c.city && changes[j].isSameChange(as: c) }
            let cityOf = Dictionary(same.map { (changes[$0].city, $0) }, uniquingKeysWith: { first, _ in first })
            if cities.allSatisfy({ $0 == c.city || cityOf[$0] != nil }) {
                merged.formUnion(cityOf.values)
                shared.append(Row(cities: cities, change: c))
            } else {
                own.append(Row(cities: [c.city], change: c))
            }
        }
        return shared + own
    }

    /// One row of the parameter table: a change and the cities it applies to.
    public struct Row: Sendable, Equatable {
        public let cities: [City]
        public let change: ParameterChange
    }
}

extension ParameterValue {
    /// A compact, stable rendering for tables (the revision file holds the full form).
    public var display: String {
        switch self {
        case .yen(let y): return "¥\(y.grouped)"
        case .rate(let f): return f.percentText
        case .date(let d): return d.description
        case .count(let n): return String(n)
        case .flag(let b): return b ? "true" : "false"
        case .names(let n): return "[" + n.joined(separator: ", ") + "]"
        case .text(let t): return t
        case .yenBrackets(let rows): return rows.map(\.display).joined(separator: "; ")
        case .rateBrackets(let rows): return rows.map { "\($0.upto.map { "≤¥\($0.grouped)" } ?? "超"): \($0.rate.percentText)" }.joined(separator: "; ")
        case .yenSteps(let rows): return rows.map { "≥¥\($0.from.grouped): ¥\($0.amount.grouped)" }.joined(separator: "; ")
        case .yenMatrix(let rows): return rows.map { r in "\(r.upto.map { "≤¥\($0.grouped)" } ?? "超") [" + r.brackets.map(\.display).joined(separator: "; ") + "]" }.joined(separator: " / ")
        case .rateSteps(let rows): return rows.map { "\($0.from.percentText)→\($0.rate.percentText)" }.joined(separator: "; ")
        }
    }
}

extension YenBracket {
    var display: String {
        let bound = upto.map { "≤¥\($0.grouped)" } ?? "超"
        let r = rate == .zero ? "" : "×\(rate.percentText)"
        return "\(bound): \(r)\(r.isEmpty || add == .zero ? "" : " + ")\(add == .zero && !r.isEmpty ? "" : "¥\(add.grouped)")"
    }
}

extension Fraction {
    /// As a percentage with up to four decimals (6.74%, 0.55%), exact when the denominator
    /// allows, otherwise the fraction itself.
    public var percentText: String {
        for places in 0...4 {
            let scale = Int64([1, 10, 100, 1_000, 10_000][places])
            let scaled = numerator * 100 * scale
            guard scaled % denominator == 0 else { continue }
            let v = scaled / denominator
            if places == 0 { return "\(v)%" }
            let sign = v < 0 ? "-" : "", a = abs(v)
            let frac = String(a % scale)
            return "\(sign)\(a / scale).\(String(repeating: "0", count: places - frac.count))\(frac)%"
        }
        return "\(numerator)/\(denominator)"
    }
}
