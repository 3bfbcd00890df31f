import KaiseiCore
import Law
import Replay

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
    /// traced step by step: what `kaisei explain` sets side by side.
    public func tracedLevies(of subject: String, fiscalYear fy: Int, _ p: LevyParameters) -> [TracedLevy] {
        var out: [TracedLevy] = []
        if residents[subject] != nil {
            if isResident(subject, fiscalYear: fy), let f = taxpayerFacts(subject, fiscalYear: fy) {
                let r = ResidentTax.assess(f, fiscalYear: fy, p.residentTax, explain: true)
                out.append(TracedLevy(title: "個人住民税", tax: .residentTax, amount: r.total, steps: r.steps))
            }
            for id in vehicles.keys.sorted() {
                guard let v = vehicleOnLevyDate(id, fiscalYear: fy), v.owner == subject else { continue }
                let r = LightVehicleTax.assess(v.facts, fiscalYear: fy, p.lightVehicle, trace: true)
                out.append(TracedLevy(title: "軽自動車税 \(id)", tax: .lightVehicleTax, amount: r.amount, steps: r.steps))
            }
            for h in nhiHouseholds(fiscalYear: fy) where h.payer == subject {
                let r = NHI.assess(h.facts, fiscalYear: fy, p.nhi, trace: true)
                out.append(TracedLevy(title: "国民健康保険 (世帯 \(h.household))", tax: .nhi, amount: r.total, steps: r.steps))
            }
            for t in fixedAssetTax(fiscalYear: fy, firstYear: p.firstYear, params: p.fixedAsset, owner: subject, trace: true) {
                out.append(TracedLevy(title: "固定資産税・都市計画税 (\(t.owners.joined(separator: "・")))", tax: .fixedAssetTax, amount: t.total, steps: t.steps))
            }
        } else if let v = vehicleOnLevyDate(subject, fiscalYear: fy) {
            let r = LightVehicleTax.assess(v.facts, fiscalYear: fy, p.lightVehicle, trace: true)
            out.append(TracedLevy(title: "軽自動車税 (所有者 \(v.owner))", tax: .lightVehicleTax, amount: r.amount, steps: r.steps))
        } else if let l = landYear(subject, fiscalYear: fy, firstYear: p.firstYear, params: p.fixedAsset, trace: true) {
            out.append(TracedLevy(title: "土地 \(subject) の課税標準", tax: .fixedAssetTax, amount: l.fixedAsset.total, steps: l.steps))
        } else if let b = buildingYear(subject, fiscalYear: fy, p.fixedAsset[fy - p.firstYear], trace: true) {
            out.append(TracedLevy(title: "家屋 \(subject) の課税標準", tax: .fixedAssetTax, amount: b.year.base, steps: b.year.steps))
        }
        return out
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
