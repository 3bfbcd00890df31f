import KaiseiCore
import Law
import Replay
import Assessment

/// One levy of one subject with every step of its computation.
public struct TracedLevy: Sendable {
    public let title: String
    public let tax: LevyTax
    public let amount: Yen
    public let steps: [TraceStep]
    public init(title: String, tax: LevyTax, amount: Yen, steps: [TraceStep]) {
        self.title = title; self.tax = tax; self.amount = amount; self.steps = steps
    }
}

extension Population {
    /// Every levy a subject bears (or, for a vehicle, parcel or building, its own computation),
    /// traced step by step: what `kaisei explain` sets side by side. A fold over the assessor's
    /// traced levies of the subject.
    public func tracedLevies(of subject: String, fiscalYear fy: Int, _ p: LevyParameters) -> [TracedLevy] {
        switch Assessor(self, fiscalYear: fy).subject(subject, p) {
        case .person(let levies)?:
            return levies.compactMap { levy -> TracedLevy? in
                switch levy.result {
                case .residentTax: return TracedLevy(title: "個人住民税", tax: .residentTax, amount: levy.amount, steps: levy.steps)
                case .lightVehicle: return TracedLevy(title: "軽自動車税 \(levy.object ?? "")", tax: .lightVehicleTax, amount: levy.amount, steps: levy.steps)
                case .nhi: return TracedLevy(title: "国民健康保険 (世帯 \(levy.object ?? ""))", tax: .nhi, amount: levy.amount, steps: levy.steps)
                case .property(let t):
                    // One computation for both taxes: shown once, with their sum.
                    guard levy.tax == .fixedAssetTax else { return nil }
                    return TracedLevy(title: "固定資産税・都市計画税 (\(t.owners.joined(separator: "・")))", tax: .fixedAssetTax, amount: t.total, steps: t.steps)
                case .corporate, .officeTax: return nil
                }
            }
        case .corporation(let levies)?:
            return levies.map { TracedLevy(title: "\($0.tax.japaneseName) (\(subject))", tax: $0.tax, amount: $0.amount, steps: $0.steps) }
        case .vehicle(let levy)?:
            return [TracedLevy(title: "軽自動車税 (所有者 \(levy.taxpayer))", tax: .lightVehicleTax, amount: levy.amount, steps: levy.steps)]
        case .land(let l)?:
            return [TracedLevy(title: "土地 \(subject) の課税標準", tax: .fixedAssetTax, amount: l.fixedAsset.total, steps: l.steps)]
        case .building(_, let b)?:
            return [TracedLevy(title: "家屋 \(subject) の課税標準", tax: .fixedAssetTax, amount: b.base, steps: b.steps)]
        case nil:
            return []
        }
    }
}

/// Two computations of the same levy aligned step by step. Steps are matched by label with its
/// figures masked (a label may quote amounts or rates: "所得割 184,433 + 均等割 26,130"), the
/// n-th such step with the n-th on the other side, keeping the order of the "before" side and
/// placing steps only one side has where they occur.
public struct SideBySide: Sendable {
    public struct Row: Sendable {
        public let label: String
        public let before: TraceStep?
        public let after: TraceStep?
        /// Amount, reference or revision differ, or the step exists on one side only.
        public var differs: Bool {
            guard let b = before, let a = after else { return true }
            return b.amount != a.amount || b.revision != a.revision || b.reference != a.reference
        }
    }
    public let title: String
    public let tax: LevyTax
    public let before: Yen?
    public let after: Yen?
    public let rows: [Row]
    public var differs: Bool { before != after || rows.contains(where: \.differs) }

    public init(title: String, tax: LevyTax, before: TracedLevy?, after: TracedLevy?) {
        self.title = title; self.tax = tax; self.before = before?.amount; self.after = after?.amount
        let b = before?.steps ?? [], a = after?.steps ?? []
        func keyed(_ steps: [TraceStep]) -> [String] {
            var seen: [String: Int] = [:]
            return steps.map { s in
                let stem = Self.stem(s.label)
                seen[stem, default: 0] += 1
                return "\(stem)\u{1F}\(seen[stem]!)"
            }
        }
        let kb = keyed(b), ka = keyed(a)
        let afterIndex = Dictionary(ka.enumerated().map { ($1, $0) }, uniquingKeysWith: { x, _ in x })
        let beforeKeys = Set(kb)
        var rows: [Row] = []
        var nextAfter = 0
        func flushAfter(upTo end: Int) {
            while nextAfter < end {
                if !beforeKeys.contains(ka[nextAfter]) { rows.append(Row(label: a[nextAfter].label, before: nil, after: a[nextAfter])) }
                nextAfter += 1
            }
        }
        for (i, k) in kb.enumerated() {
            if let j = afterIndex[k] {
                if j >= nextAfter { flushAfter(upTo: j); nextAfter = j + 1 }
                rows.append(Row(label: b[i].label, before: b[i], after: a[j]))
            } else {
                rows.append(Row(label: b[i].label, before: b[i], after: nil))
            }
        }
        flushAfter(upTo: a.count)
        self.rows = rows
    }

    /// The label with every run of digits (and the separators inside a number) replaced by #.
    static func stem(_ label: String) -> String {
        var out = "", inNumber = false
        for ch in label {
            if ch.isASCII && ch.isNumber || (inNumber && (ch == "," || ch == ".")) {
                if !inNumber { out.append("#"); inNumber = true }
            } else {
                inNumber = false
                out.append(ch)
            }
        }
        return out
    }

    /// Pairs the levies of the two sides by title.
    public static func pair(before: [TracedLevy], after: [TracedLevy]) -> [SideBySide] {
        var out: [SideBySide] = []
        var used = Set<Int>()
        for b in before {
            let j = after.indices.first { !used.contains($0) && after[$0].title == b.title }
            if let j { used.insert(j) }
            out.append(SideBySide(title: b.title, tax: b.tax, before: b, after: j.map { after[$0] }))
        }
        for (j, a) in after.enumerated() where !used.contains(j) { out.append(SideBySide(title: a.title, tax: a.tax, before: nil, after: a)) }
        return out
    }
}
