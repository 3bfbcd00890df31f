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

    /// The taxes a key feeds. Pension and certificate wording are not levies.
    public var taxes: [LevyTax] { Self.taxes(of: key) }

    public static func taxes(of key: String) -> [LevyTax] {
        // NHI's 所得割 and 軽減 read incomes computed by the resident tax's own rules.
        for shared in ["resident_tax.salary.", "resident_tax.pension.", "resident_tax.income_adjustment.", "resident_tax.age."] where key.hasPrefix(shared) {
            return [.residentTax, .nhi]
        }
        if key.hasPrefix("resident_tax.") { return [.residentTax] }
        if key.hasPrefix("light_vehicle_tax.") { return [.lightVehicleTax] }
        if key.hasPrefix("fixed_asset_tax.") { return [.fixedAssetTax, .cityPlanningTax] }
        if key.hasPrefix("nhi.") { return [.nhi] }
        return []
    }

    /// Every differing key of one city, for the fiscal year and (for 負担調整, which reads
    /// earlier years) every year before it that fixed asset tax reads.
    public static func between(_ before: RuleSet, _ after: RuleSet, city: City, fiscalYear fy: Int) -> [ParameterChange] {
        var out: [ParameterChange] = []
        for year in ParameterCatalogue.years.lowerBound...fy {
            let b = before.parameters(city: city, fiscalYear: year), a = after.parameters(city: city, fiscalYear: year)
            for spec in ParameterCatalogue.all {
                if year < fy && !spec.key.hasPrefix("fixed_asset_tax.") { continue }
                let rb = b.resolved(spec.key), ra = a.resolved(spec.key)
                guard rb?.value != ra?.value else { continue }
                out.append(ParameterChange(city: city, fiscalYear: year, key: spec.key, before: rb.map { $0.value.display }, after: ra.map { $0.value.display },
                                           beforeRevision: rb?.revision, afterRevision: ra?.revision, reference: (ra ?? rb)!.reference,
                                           verified: (ra ?? rb)!.verified))
            }
        }
        return out
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
