import Foundation
import Yams

/// Reading the folder indexes: `revisions/<folder>/index.yaml`.
///
/// ```yaml
/// description: "個人住民税 (…)"
/// parameters:
///   resident_tax.deduction.single_parent:
///     unit: yen
///     required: {from: 2021}          # or {from: 2013, to: 2020}, or a list of such ranges
///     description: "ひとり親控除"
///   light_vehicle_tax.green.t75.fuels:
///     unit: names
///     optional: true                  # the law does not always require it
///     allowed: vehicle_fuels          # names: the set a value's names come from
///     description: "…"
/// ```
extension ParameterCatalogue {
    static let indexTopKeys: Set<String> = ["description", "parameters"]
    static let indexEntryKeys: Set<String> = ["unit", "required", "optional", "allowed", "description"]

    /// The sets a `names` parameter may draw from. The names are the event vocabulary's, so
    /// Swift owns them; an index names the set.
    static let nameSets: [String: [String]] = [
        "vehicle_fuels": VehicleFuel.allCases.map(\.rawValue),
        "light_vehicle_classes": LightVehicleClass.allCases.map(\.rawValue),
        "fuel_economy_standards": LightVehicleKeys.standards,
    ]

    /// Every folder's index under `directory`, checked: each folder has one, no key is declared
    /// twice. Problems are `revisions/<folder>/index.yaml:LINE: key: reason`.
    public static func load(directory: URL) -> Result<ParameterCatalogue, RevisionErrors> {
        var errors: [RevisionError] = []
        var specs: [ParameterSpec] = []
        var declared: [String: ParameterSpec] = [:]
        for folder in ParameterFolder.allCases {
            let file = folder.indexFile
            guard let data = try? Data(contentsOf: indexURL(directory, folder)), let text = String(data: data, encoding: .utf8) else {
                errors.append(RevisionError(file, 1, "(file)", "missing or not UTF-8: every folder declares its parameters in an index"))
                continue
            }
            switch loadIndex(text: text, folder: folder, file: file) {
            case .success(let list):
                for spec in list {
                    if let other = declared[spec.key] {
                        errors.append(RevisionError(file, spec.line, spec.key, "also declared in \(other.folder.indexFile):\(other.line)"))
                        continue
                    }
                    declared[spec.key] = spec
                    specs.append(spec)
                }
            case .failure(let e):
                errors += e.all
            }
        }
        return errors.isEmpty ? .success(ParameterCatalogue(specs: specs)) : .failure(RevisionErrors(errors))
    }

    /// One folder's index.
    public static func loadIndex(text: String, folder: ParameterFolder, file: String) -> Result<[ParameterSpec], RevisionErrors> {
        var errors: [RevisionError] = []
        func err(_ node: Node?, _ key: String, _ reason: String) {
            errors.append(RevisionError(file, node?.mark?.line ?? 0, key, reason))
        }
        let root: Node
        do {
            guard let n = try Yams.compose(yaml: text) else { return .failure(RevisionErrors([RevisionError(file, 1, "(file)", "empty file")])) }
            root = n
        } catch let e as YamlError {
            return .failure(RevisionErrors([RevisionError(file, RevisionLoader.yamlLine(e), "(file)", "not valid YAML: \(RevisionLoader.yamlReason(e))")]))
        } catch {
            return .failure(RevisionErrors([RevisionError(file, 1, "(file)", "not valid YAML")]))
        }
        guard let top = root.mapping else {
            return .failure(RevisionErrors([RevisionError(file, 1, "(file)", "expected a mapping with description and parameters")]))
        }
        for (k, _) in top where !indexTopKeys.contains(k.string ?? "") {
            err(k, k.string ?? "(key)", "unknown key (expected one of: \(indexTopKeys.sorted().joined(separator: ", ")))")
        }
        guard let parameters = top["parameters"]?.mapping else {
            err(top["parameters"] ?? root, "parameters", "missing: a mapping of the folder's parameter keys")
            return .failure(RevisionErrors(errors))
        }
        var specs: [ParameterSpec] = []
        var seen: Set<String> = []
        for (k, v) in parameters {
            guard let key = k.string, !key.isEmpty else { err(k, "(key)", "keys must be text"); continue }
            guard !seen.contains(key) else { err(k, key, "declared twice in this index"); continue }
            seen.insert(key)
            if key.range(of: "^[a-z][a-z0-9_]*(\\.[a-z0-9_]+)+$", options: .regularExpression) == nil {
                err(k, key, "use lower-case words joined by dots, such as resident_tax.rate.city")
            }
            guard let entry = v.mapping else { err(v, key, "expected {unit, required or optional, description}"); continue }
            for (ek, _) in entry where !indexEntryKeys.contains(ek.string ?? "") {
                err(ek, "\(key).\(ek.string ?? "?")", "unknown key (expected one of: \(indexEntryKeys.sorted().joined(separator: ", ")))")
            }
            guard let unitNode = entry["unit"] else { err(k, "\(key).unit", "missing"); continue }
            guard let unitText = unitNode.string, let unit = ParameterUnit(rawValue: unitText) else {
                err(unitNode, "\(key).unit", "unknown unit \"\(unitNode.string ?? "")\" (expected one of: \(ParameterUnit.allCases.map(\.rawValue).joined(separator: ", ")))")
                continue
            }
            let description = entry["description"]?.string ?? ""
            if description.trimmingCharacters(in: .whitespaces).isEmpty { err(k, "\(key).description", "missing: say what the parameter is") }
            var isOptional = false
            if let o = entry["optional"] {
                guard let b = o.bool else { err(o, "\(key).optional", "expected true or false"); continue }
                isOptional = b
            }
            var required: [ClosedRange<Int>] = []
            if let r = entry["required"] {
                if isOptional { err(r, "\(key).required", "an optional parameter has no required years"); continue }
                switch requiredYears(r) {
                case .success(let ranges): required = ranges
                case .failure(let reason): err(r, "\(key).required", reason.text); continue
                }
            } else if !isOptional {
                err(k, "\(key).required", "missing: the fiscal years the law requires it, such as {from: 2013}, or optional: true")
                continue
            }
            var allowed: [String]?
            if let a = entry["allowed"] {
                guard unit == .names else { err(a, "\(key).allowed", "only a names parameter lists allowed names"); continue }
                guard let setName = a.string, let names = nameSets[setName] else {
                    err(a, "\(key).allowed", "unknown set \"\(a.string ?? "")\" (expected one of: \(nameSets.keys.sorted().joined(separator: ", ")))")
                    continue
                }
                allowed = names
            }
            specs.append(ParameterSpec(key: key, unit: unit, folder: folder, requiredYears: required, isOptional: isOptional,
                                       description: description, allowed: allowed, line: k.mark?.line ?? 0))
        }
        return errors.isEmpty ? .success(specs) : .failure(RevisionErrors(errors))
    }

    /// `{from: FY}`, `{from: FY, to: FY}`, or a rising list of them, cut to `years`.
    static func requiredYears(_ node: Node) -> Result<[ClosedRange<Int>], RevisionLoader.Reason> {
        func bad(_ text: String) -> Result<[ClosedRange<Int>], RevisionLoader.Reason> { .failure(RevisionLoader.Reason(text: text)) }
        let rows: [Node] = node.sequence.map { Array($0) } ?? [node]
        guard !rows.isEmpty else { return bad("expected {from: FY} or a list of {from: FY, to: FY}") }
        var out: [ClosedRange<Int>] = []
        var previousEnd: Int?
        for (i, row) in rows.enumerated() {
            guard let m = row.mapping else { return bad("expected {from: FY} or {from: FY, to: FY}") }
            for (k, _) in m where !["from", "to"].contains(k.string ?? "") { return bad("unknown key \(k.string ?? "?") (expected from, to)") }
            guard let from = m["from"]?.int, (1900...2999).contains(from) else { return bad("from: expected a fiscal year such as 2013") }
            var to = Int.max
            if let t = m["to"] {
                guard let year = t.int, (1900...2999).contains(year) else { return bad("to: expected a fiscal year such as 2020") }
                guard year >= from else { return bad("ends (FY\(year)) before it starts (FY\(from))") }
                to = year
            }
            if let previousEnd, from <= previousEnd { return bad("ranges must rise without overlapping: FY\(from) after FY\(previousEnd)") }
            guard to != Int.max || i == rows.count - 1 else { return bad("only the last range may leave out to") }
            previousEnd = to
            let lower = max(from, years.lowerBound), upper = min(to, years.upperBound)
            if lower <= upper { out.append(lower...upper) }
        }
        return .success(out)
    }
}
