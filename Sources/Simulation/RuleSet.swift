import Foundation
import KaiseiCore
import Law

/// One side of a comparison: the enacted rule base as adopted at a moment, plus any drafts.
///
/// Written on the command line as `enacted`, `enacted@2026-10-01`, a draft file, or several
/// parts joined by `+` (`enacted@2026-10-01+revisions/drafts/a.yaml+b.yaml`). A bare date
/// means the end of that day in Japan, as everywhere else in Kaisei.
public struct RuleSet: Sendable {
    public let label: String
    /// Which enacted revisions count: those adopted by this moment.
    public let adoptedBy: RecordedTime
    public let drafts: [Revision]
    public let ruleBase: RuleBase

    public init(ruleBase: RuleBase, adoptedBy: RecordedTime, drafts: [Revision] = [], label: String? = nil) {
        self.ruleBase = ruleBase; self.adoptedBy = adoptedBy; self.drafts = drafts
        self.label = label ?? (["enacted" + (adoptedBy == .distantFuture ? "" : "@\(adoptedBy)")] + drafts.map(\.id)).joined(separator: "+")
    }

    /// The individual taxes' revision set (with the drafts): the fingerprint the comparisons and
    /// explanations print, as they always have.
    public var hash: String { ruleBase.revisionSetHash(asOf: adoptedBy, drafts: drafts) }

    /// The corporate group's set (with the drafts): what 法人市民税 and 事業所税 levies carry and
    /// `audit-levies` compares them with. `hash` does not cover their rates, so every output
    /// showing a corporate levy prints this beside it.
    public var corporateHash: String { ruleBase.revisionSetHash(asOf: adoptedBy, drafts: drafts, scope: .corporate) }

    /// Content identity of every rule a levy reads, each group's set together (individual,
    /// corporate, collection): equal identities compute equal figures. `hash` alone leaves out
    /// the corporate rates and the calendar a 予定申告's deeming reads.
    public var identity: String {
        RevisionSetScope.allCases.map { ruleBase.revisionSetHash(asOf: adoptedBy, drafts: drafts, scope: $0) }.joined(separator: "+")
    }

    public func parameters(city: City, fiscalYear fy: Int) -> ParameterSet {
        ParameterSet(ruleBase: ruleBase, city: city, fiscalYear: fy, asOf: adoptedBy, drafts: drafts)
    }

    public struct SpecError: Error, CustomStringConvertible {
        public let description: String
    }

    /// Parses a rule-set spec. `defaultAdoptedBy` applies when no `enacted@TIME` part is given.
    /// Draft files are read and checked like any revision; one that is not `status: draft`, or
    /// that does not load, is an error naming the file and line.
    public static func parse(_ spec: String, ruleBase: RuleBase, defaultAdoptedBy: RecordedTime) throws -> RuleSet {
        var adoptedBy = defaultAdoptedBy
        var drafts: [Revision] = []
        let parts = spec.split(separator: "+", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
        for (i, part) in parts.enumerated() {
            if part == "enacted" || part.hasPrefix("enacted@") {
                guard i == 0 else { throw SpecError(description: "\(spec): \"enacted\" must come first") }
                if let at = part.split(separator: "@", maxSplits: 1).dropFirst().first {
                    guard let t = RecordedTime(iso: at, dateMeansEndOfDay: true) else {
                        throw SpecError(description: "\(spec): not a time \"\(at)\" (expected YYYY-MM-DD or 2026-10-01T09:00:00+09:00)")
                    }
                    adoptedBy = t
                }
            } else if part.isEmpty {
                throw SpecError(description: "\(spec): empty part")
            } else {
                drafts.append(try loadDraft(part))
            }
        }
        return RuleSet(ruleBase: ruleBase, adoptedBy: adoptedBy, drafts: drafts, label: spec)
    }

    public static func loadDraft(_ path: String) throws -> Revision {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            throw SpecError(description: "\(path): cannot read the draft file")
        }
        switch RevisionLoader.load(text: text, file: path) {
        case .success(let r):
            guard r.status == .draft else { throw SpecError(description: "\(path):1: status: a draft must have status: draft, this file is \(r.status.rawValue)") }
            return r
        case .failure(let e):
            throw SpecError(description: e.all.map(\.description).joined(separator: "\n"))
        }
    }
}
