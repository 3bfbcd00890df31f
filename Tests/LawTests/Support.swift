import Foundation
import KaiseiCore
import Law

/// The repository's revisions/ folder and its rule base, loaded once for all law tests.
enum Repo {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let revisions = root.appendingPathComponent("revisions")
    static let ruleBase: RuleBase = {
        switch RuleBase.load(directory: revisions) {
        case .success(let rb): return rb
        case .failure(let e): fatalError("revisions/ does not load:\n" + e.all.map(\.description).joined(separator: "\n"))
        }
    }()
    static func params(_ city: City, _ fy: Int, asOf: RecordedTime = .distantFuture) -> ParameterSet {
        ParameterSet(ruleBase: ruleBase, city: city, fiscalYear: fy, asOf: asOf)
    }
}

func date(_ s: String) -> CivilDate { CivilDate(iso: s)! }
