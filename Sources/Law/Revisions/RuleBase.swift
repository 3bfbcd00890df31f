import Foundation
import KaiseiCore

/// Every revision file, loaded and checked together; answers "which value of this parameter was
/// in force for this city and fiscal year, as the rule base was adopted at that moment?".
///
/// Lookup is bitemporal. A revision counts only if it was adopted by the recorded time asked
/// about; among those covering the fiscal year, the latest adopted wins (a city overlay before
/// the shared value of the same revision). So a parameter fixed by a later adoption changes
/// answers "as known now" and never answers "as known then".
public struct RuleBase: Sendable {
    public let revisions: [Revision]
    /// The parameters the revisions may set and the years the law requires them: the folder
    /// indexes the rule base was loaded with.
    public let catalogue: ParameterCatalogue

    public init(revisions: [Revision], catalogue: ParameterCatalogue = .standard) {
        self.revisions = revisions.sorted { ($0.adopted, $0.id) < ($1.adopted, $1.id) }
        self.catalogue = catalogue
    }

    /// Loads the folder indexes (`<folder>/index.yaml`), then every other `*.yaml` under
    /// `directory` as a revision (drafts included; they apply only when asked for).
    public static func load(directory: URL) -> Result<RuleBase, RevisionErrors> {
        let catalogue: ParameterCatalogue
        switch ParameterCatalogue.load(directory: directory) {
        case .success(let c): catalogue = c
        case .failure(let e): return .failure(e)
        }
        let indexes = Set(ParameterFolder.allCases.map { "\($0.rawValue)/\(ParameterCatalogue.indexFileName)" })
        var errors: [RevisionError] = []
        var revisions: [Revision] = []
        let files = (FileManager.default.enumerator(at: directory, includingPropertiesForKeys: nil)?.compactMap { $0 as? URL } ?? [])
            .filter { $0.pathExtension == "yaml" || $0.pathExtension == "yml" }
            .sorted { $0.path < $1.path }
        for url in files {
            let relative = url.path.replacingOccurrences(of: directory.path + "/", with: "")
            if indexes.contains(relative) { continue }
            let display = "revisions/" + relative
            guard let data = try? Data(contentsOf: url), let text = String(data: data, encoding: .utf8) else {
                errors.append(RevisionError(display, 1, "(file)", "cannot read, or not UTF-8")); continue
            }
            // A file in a tax's folder sets that folder's parameters; drafts/ may set any.
            let components = relative.split(separator: "/")
            let folder = components.count > 1 ? ParameterFolder(rawValue: String(components[0])) : nil
            switch RevisionLoader.load(text: text, file: display, catalogue: catalogue, folder: folder) {
            case .success(let r):
                if relative.hasPrefix("drafts/") != (r.status == .draft) {
                    errors.append(RevisionError(display, 1, "status", r.status == .draft ? "a draft belongs under revisions/drafts/" : "files under revisions/drafts/ must have status: draft"))
                }
                revisions.append(r)
            case .failure(let e): errors += e.all
            }
        }
        let base = RuleBase(revisions: revisions, catalogue: catalogue)
        errors += base.crossCheck()
        return errors.isEmpty ? .success(base) : .failure(RevisionErrors(errors))
    }

    /// Checks across files: unique ids, known corrections, no two revisions adopted at the same
    /// moment setting the same value for the same year (ambiguous), and no year in a
    /// parameter's required range without a value for either city (temporal coverage).
    public func crossCheck() -> [RevisionError] {
        var errors: [RevisionError] = []
        var seen: [String: Revision] = [:]
        for r in revisions {
            if let other = seen[r.id] { errors.append(RevisionError(r.file, 1, "id", "\"\(r.id)\" is also the id of \(other.file)")) }
            seen[r.id] = r
        }
        for r in revisions { if let c = r.corrects, seen[c] == nil { errors.append(RevisionError(r.file, 1, "corrects", "no revision has id \"\(c)\"")) } }
        let enacted = revisions.filter { $0.status == .enacted }
        // Ambiguity: same key and city scope, same adoption moment, overlapping years.
        var byScope: [String: [(Revision, Revision.Entry)]] = [:]
        for r in enacted { for e in r.entries { byScope["\(e.key)|\(e.city?.rawValue ?? "*")", default: []].append((r, e)) } }
        for (_, list) in byScope.sorted(by: { $0.key < $1.key }) {
            for i in 0..<list.count { for j in (i + 1)..<list.count {
                let (a, ea) = list[i], (b, eb) = list[j]
                guard a.adopted == b.adopted, a.id != b.id else { continue }
                let overlapStart = max(a.fromFiscalYear, b.fromFiscalYear)
                let overlapEnd = min(a.toFiscalYear ?? Int.max, b.toFiscalYear ?? Int.max)
                if overlapStart <= overlapEnd {
                    errors.append(RevisionError(b.file, eb.line, eb.key, "overlaps \(a.file):\(ea.line) for FY\(overlapStart) with the same adoption time; which applies would be ambiguous"))
                }
            } }
        }
        // Coverage, as the rule base stands now. (As adopted at an earlier moment a required
        // value may still be missing: `ParameterSet.missingRequired(in:)` refuses that year.)
        for spec in catalogue.specs where !spec.requiredYears.isEmpty {
            for city in City.allCases {
                var missing: [Int] = []
                for range in spec.requiredYears {
                    for fy in range where resolve(spec.key, city: city, fiscalYear: fy, asOf: .distantFuture) == nil { missing.append(fy) }
                }
                if !missing.isEmpty {
                    let ranges = Self.compress(missing, label: spec.folder.yearLabel)
                    errors.append(RevisionError("revisions/", 0, spec.key, "no value for \(city.rawValue) in \(ranges) (required \(spec.requiredYearsText))"))
                }
            }
        }
        return errors
    }

    /// `FY2024`, or `FY2013–FY2024` / `FY2013–FY2020, FY2024` for sorted fiscal years.
    public static func compress(_ years: [Int], label: (Int) -> String = { "FY\($0)" }) -> String {
        var parts: [String] = []
        var i = 0
        while i < years.count {
            var j = i
            while j + 1 < years.count && years[j + 1] == years[j] + 1 { j += 1 }
            parts.append(i == j ? label(years[i]) : "\(label(years[i]))–\(label(years[j]))")
            i = j + 1
        }
        return parts.joined(separator: ", ")
    }

    /// A value with where it came from: what a trace step cites.
    public struct Resolved: Sendable {
        public let value: ParameterValue
        public let revision: String
        public let reference: String
        public let verified: Bool
        public let note: String?
    }

    /// The value in force, or nil. `drafts` are treated as adopted at `asOf` (a simulation).
    public func resolve(_ key: String, city: City, fiscalYear fy: Int, asOf: RecordedTime, drafts: [Revision] = []) -> Resolved? {
        for r in (revisions.filter { $0.status == .enacted } + drafts).reversed() where (r.status == .draft || r.adopted <= asOf) && r.covers(fy) {
            if let e = r.entries.first(where: { $0.key == key && $0.city == city }) ?? r.entries.first(where: { $0.key == key && $0.city == nil }) {
                return Resolved(value: e.value, revision: r.id, reference: e.reference, verified: e.verified, note: e.note)
            }
        }
        return nil
    }

    /// The enacted revisions adopted by `asOf` (plus drafts), identified by content: two rule
    /// sets with the same hash compute the same figures.
    /// One scope's enacted revisions only (`RevisionSetScope`); a draft counts in every scope,
    /// since it may set any key.
    public func revisionSetHash(asOf: RecordedTime, drafts: [Revision] = [], scope: RevisionSetScope = .individual) -> String {
        func inScope(_ r: Revision) -> Bool { (ParameterFolder(revisionFile: r.file)?.scope ?? .individual) == scope }
        // A draft may set any key, so it is in every scope's set (no run without drafts changes).
        let used = revisions.filter { $0.status == .enacted && $0.adopted <= asOf }.filter(inScope) + drafts
        let lines = used.map { "\($0.id) \($0.contentHash)" }.sorted().joined(separator: "\n")
        return SHA256.hex(Array(lines.utf8))
    }

    /// Every value still to be confirmed by a city.
    public var unverified: [(Revision, Revision.Entry)] {
        revisions.flatMap { r in r.entries.filter { !$0.verified }.map { (r, $0) } }
    }
}

/// All parameters in force for one city and fiscal year, resolved once and then read by the
/// calculators without further lookups.
public struct ParameterSet: Sendable {
    public let city: City
    public let fiscalYear: Int
    public let asOf: RecordedTime
    public let revisionSetHash: String
    private let values: [String: RuleBase.Resolved]
    /// Which parameters the law requires in which years (`missingRequired(in:)`).
    let catalogue: ParameterCatalogue

    public init(ruleBase: RuleBase, city: City, fiscalYear: Int, asOf: RecordedTime, drafts: [Revision] = []) {
        self.city = city; self.fiscalYear = fiscalYear; self.asOf = asOf
        self.revisionSetHash = ruleBase.revisionSetHash(asOf: asOf, drafts: drafts)
        // One pass over the revisions in force, newest first, rather than a search per key
        // (`resolve`'s rule, key by key: the newest revision with an entry wins, its city overlay
        // before its both-cities entry). A simulation builds dozens of these per run.
        catalogue = ruleBase.catalogue
        let wanted = ruleBase.catalogue.keySet
        var v: [String: RuleBase.Resolved] = [:]
        for r in (ruleBase.revisions.filter { $0.status == .enacted } + drafts).reversed()
        where (r.status == .draft || r.adopted <= asOf) && r.covers(fiscalYear) {
            var found: [String: Revision.Entry] = [:]
            for e in r.entries where wanted.contains(e.key) && v[e.key] == nil && (e.city == city || e.city == nil) {
                if e.city == city ? found[e.key]?.city != city : found[e.key] == nil { found[e.key] = e }
            }
            for (k, e) in found { v[k] = RuleBase.Resolved(value: e.value, revision: r.id, reference: e.reference, verified: e.verified, note: e.note) }
        }
        values = v
    }

    public func resolved(_ key: String) -> RuleBase.Resolved? { values[key] }

    public func yen(_ key: String) -> Yen { if case .yen(let y)? = values[key]?.value { return y }; return .zero }
    public func rate(_ key: String) -> Fraction { if case .rate(let f)? = values[key]?.value { return f }; return .zero }
    public func count(_ key: String) -> Int64 { if case .count(let c)? = values[key]?.value { return c }; return 0 }
    public func date(_ key: String) -> CivilDate? { if case .date(let d)? = values[key]?.value { return d }; return nil }
    public func brackets(_ key: String) -> [YenBracket] { if case .yenBrackets(let b)? = values[key]?.value { return b }; return [] }
    public func rateBrackets(_ key: String) -> [RateBracket] { if case .rateBrackets(let b)? = values[key]?.value { return b }; return [] }
    public func steps(_ key: String) -> [YenStep] { if case .yenSteps(let s)? = values[key]?.value { return s }; return [] }
    public func matrix(_ key: String) -> [YenMatrixRow] { if case .yenMatrix(let m)? = values[key]?.value { return m }; return [] }
    public func rateSteps(_ key: String) -> [RateStep] { if case .rateSteps(let s)? = values[key]?.value { return s }; return [] }
    public func names(_ key: String) -> [String] { if case .names(let n)? = values[key]?.value { return n }; return [] }
    public func text(_ key: String) -> String { if case .text(let t)? = values[key]?.value { return t }; return "" }
    public func flag(_ key: String) -> Bool { if case .flag(let b)? = values[key]?.value { return b }; return false }
    public func has(_ key: String) -> Bool { values[key] != nil }
}
