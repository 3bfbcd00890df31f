import KaiseiCore
import KaiseiEvents
import Law
import Replay

/// `audit-levies` for one city's part of one recorded levy run: the run is planned again on the
/// state it saw (the store through its watermark, as known at its time) and what it recorded is
/// compared with that plan event by event — amount, 法定納期限, the filing day the share names,
/// 当初 or 更正. Comparing only each levy's last amount passed a run that recorded one notice
/// where two shares were due (the same total on the same 納期限, a different 延滞金): the split
/// of a 納期限's amount by filing day is part of what a run records, so it is audited too.
public struct LevyRunAudit: Sendable {
    /// One line per difference, in subject order, each naming the recorded event's seq where
    /// there is one.
    public private(set) var differences: [String] = []
    /// Recorded levy events looked at.
    public private(set) var checked = 0
    /// Corporate levies whose recorded fingerprint is the individual taxes' set, as every
    /// 法人市民税 and 事業所税 levy recorded before 2026-12-05 carries (`LevyParameters
    /// .legacyRevisionSet(for:)`): not a difference, since the run could not have recorded
    /// another, but counted and said, because that fingerprint never covered the corporate rules
    /// (their amounts and 納期限 are still compared).
    public private(set) var legacyFingerprints = 0

    public init() {}

    /// `recorded`: the run's events of this city, by subject (any order). `plan`: the same run
    /// planned again for this city alone (`LevyRunPlan.add` with the run's watermark and time).
    /// `revisionSet`: the hash of the rule base as adopted at the run, now, for a tax's group
    /// (`LevyParameters.revisionSet(for:)`).
    public mutating func compare(city: City, fiscalYear fy: Int, recorded: [String: [RecordedLevy]], plan: LevyRunPlan, revisionSet: (LevyTax) -> String,
                                 legacyRevisionSet: (LevyTax) -> String? = { _ in nil }) {
        // The planned events read back through the ledger's own decoding, so both sides are the
        // same typed records.
        var planned = LevyLedger()
        for (i, e) in plan.events.enumerated() { planned.applyForAudit(e, seq: Int64(i)) }
        struct Key: Hashable, Comparable {
            let subject: String, tax: LevyTax
            static func < (a: Key, b: Key) -> Bool { (a.subject, a.tax.rawValue) < (b.subject, b.tax.rawValue) }
        }
        func grouped(_ levies: [String: [RecordedLevy]]) -> [Key: [RecordedLevy]] {
            var out: [Key: [RecordedLevy]] = [:]
            for (subject, ls) in levies { for l in ls where l.fiscalYear == fy { out[Key(subject: subject, tax: l.tax), default: []].append(l) } }
            return out.mapValues { $0.sorted { $0.seq < $1.seq } }
        }
        let was = grouped(recorded), again = grouped(planned.levies)
        for key in Set(was.keys).union(again.keys).sorted() {
            let r = was[key] ?? [], p = again[key] ?? []
            checked += r.count
            let name = "\(city.rawValue) \(key.subject) FY\(fy) \(key.tax.rawValue)"
            if let last = r.last, case let now = revisionSet(key.tax), last.revisionSet != now {
                if let old = legacyRevisionSet(key.tax), last.revisionSet == old {
                    legacyFingerprints += 1
                } else {
                    differences.append("seq \(last.seq) \(name): recorded with revision set \(last.revisionSet.prefix(12))…, the rule base as adopted at \(last.recordedAt) is now \(now.prefix(12))… (a revision file changed after the run)")
                }
            }
            // A single event each with only the amount different: the old, short message.
            if r.count == 1, p.count == 1, Self.same(r[0], p[0], amount: false) {
                if r[0].amount != p[0].amount { differences.append("seq \(r[0].seq) \(name): recorded ¥\(r[0].amount.grouped), recomputed ¥\(p[0].amount.grouped)") }
                continue
            }
            if r.count == p.count, zip(r, p).allSatisfy({ Self.same($0, $1, amount: true) }) { continue }
            let at = r.first.map { "seq \($0.seq) " } ?? ""
            differences.append("\(at)\(name): the run recorded \(Self.describe(r)); planned again on what it saw it records \(Self.describe(p))")
        }
    }

    static func same(_ a: RecordedLevy, _ b: RecordedLevy, amount: Bool) -> Bool {
        (!amount || a.amount == b.amount) && a.dueDate == b.dueDate && a.returnFiled == b.returnFiled && a.corrected == b.corrected
            && a.fraudForeseen == b.fraudForeseen
    }

    /// "2 events: LevyAssessed ¥349,400 due 2025-05-31 (return filed 2025-08-20); LevyCorrected ¥409,400 …".
    static func describe(_ ls: [RecordedLevy]) -> String {
        if ls.isEmpty { return "nothing" }
        let each = ls.map { l in
            (l.corrected ? "LevyCorrected" : "LevyAssessed") + " ¥\(l.amount.grouped)" + (l.dueDate.map { " due \($0)" } ?? "")
                + (l.returnFiled.map { " (return filed \($0)\(l.fraudForeseen ? ", 不正・更正予知" : ""))" } ?? "")
        }
        return "\(ls.count) event\(ls.count == 1 ? "" : "s"): " + each.joined(separator: "; ")
    }
}
