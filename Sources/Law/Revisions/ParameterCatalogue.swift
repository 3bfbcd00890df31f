import Foundation

/// Every parameter the law knows, as the folder indexes of `revisions/` declare them
/// (`revisions/<folder>/index.yaml`: key, unit, description, the fiscal years the law requires
/// it). Swift spells each key once, as a constant of a `*Keys` enum; units, descriptions and
/// legal years live only in the indexes.
///
/// A `RuleBase` carries the catalogue of the folder it was loaded from. `standard` is the
/// catalogue of the revisions this process uses, for code that checks a key without a rule
/// base at hand (a draft file read on its own, the simulation's key lists).
public final class ParameterCatalogue: Sendable {
    /// The fiscal years Kaisei covers (its span, not law): a required range is cut to these.
    public static let years: ClosedRange<Int> = 2013...2027
    /// The name of each folder's index file.
    public static let indexFileName = "index.yaml"

    /// In index order: folder by folder (`ParameterFolder.allCases`), then as each index lists them.
    public let specs: [ParameterSpec]
    public let keySet: Set<String>
    let byKey: [String: ParameterSpec]
    let byFolder: [ParameterFolder: [ParameterSpec]]

    public init(specs: [ParameterSpec]) {
        self.specs = specs
        keySet = Set(specs.map(\.key))
        byKey = Dictionary(specs.map { ($0.key, $0) }, uniquingKeysWith: { first, _ in first })
        byFolder = Dictionary(grouping: specs, by: \.folder)
    }

    public func spec(for key: String) -> ParameterSpec? { byKey[key] }

    /// The parameters one folder's index declares, in its order.
    public func specs(in folder: ParameterFolder) -> [ParameterSpec] { byFolder[folder] ?? [] }

    /// The parameters an assessment of the folder's tax reads, in index order. NHI reads its own
    /// (`nhi.*`, not the 国民年金 premiums filed beside them) and the resident tax's income rules
    /// (`ResidentTaxKeys.incomeRules`: 給与所得, 公的年金等控除, 所得金額調整控除, ages), with
    /// which its 所得割 base and 軽減 are computed; every other folder reads its own.
    public func specsRead(toAssess folder: ParameterFolder) -> [ParameterSpec] {
        switch folder {
        case .nhi:
            return specs(in: .nhi).filter { $0.key.hasPrefix(NHIKeys.prefix) } + ResidentTaxKeys.incomeRules.compactMap { spec(for: $0) }
        case .residentTax, .lightVehicleTax, .fixedAssetTax, .certificates, .corporateTax, .collection, .dueDates:
            return specs(in: folder)
        }
    }

    // MARK: The standard catalogue

    /// The catalogue of the revisions this process uses: `KAISEI_REVISIONS`, else `./revisions`,
    /// else the checkout this code was built from (the first that has indexes). A process that
    /// loads its rule base from elsewhere should pass `ruleBase.catalogue` where it can.
    public static let standard: ParameterCatalogue = {
        let candidates = ParameterCatalogue.standardDirectoryCandidates
        let found = candidates.first { FileManager.default.fileExists(atPath: ParameterCatalogue.indexURL($0, .residentTax).path) }
        guard let directory = found else {
            fatalError("no parameter index (revisions/<folder>/index.yaml) in \(candidates.map(\.path).joined(separator: ", ")); set KAISEI_REVISIONS")
        }
        switch ParameterCatalogue.load(directory: directory) {
        case .success(let catalogue): return catalogue
        case .failure(let e): fatalError("the parameter indexes in \(directory.path) do not load:\n" + e.all.map(\.description).joined(separator: "\n"))
        }
    }()

    static var standardDirectoryCandidates: [URL] {
        var out: [URL] = []
        if let env = ProcessInfo.processInfo.environment["KAISEI_REVISIONS"], !env.isEmpty { out.append(URL(fileURLWithPath: env)) }
        out.append(URL(fileURLWithPath: FileManager.default.currentDirectoryPath).appendingPathComponent("revisions"))
        // Sources/Law/Revisions/ParameterCatalogue.swift → the checkout's revisions/.
        let checkout = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent()
        out.append(checkout.appendingPathComponent("revisions"))
        return out
    }

    static func indexURL(_ directory: URL, _ folder: ParameterFolder) -> URL {
        directory.appendingPathComponent(folder.rawValue).appendingPathComponent(indexFileName)
    }

    /// `standard.specs`.
    public static var all: [ParameterSpec] { standard.specs }
    /// `standard.keySet`.
    public static var keys: Set<String> { standard.keySet }
    /// `standard.spec(for:)`.
    public static func spec(_ key: String) -> ParameterSpec? { standard.spec(for: key) }
}
