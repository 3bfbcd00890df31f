import KaiseiCore
import Replay

extension Comparison {
    /// The terminal summary: per city and tax, revenue and who pays more or less.
    public var text: String {
        var lines: [String] = []
        lines.append("FY\(fiscalYear): \(before.label)  →  \(after.label)")
        for c in cities {
            lines.append("\(c.japaneseName) (\(c.rawValue))")
            for t in summaries where t.city == c {
                lines.append("  \(t.tax.japaneseName)")
                let mark = t.unverified.isEmpty ? "" : "  ※"
                lines.append("    revenue ¥\(t.revenueBefore.grouped) → ¥\(t.revenueAfter.grouped)  (\(t.difference.signedGrouped))\(mark)")
                if !t.unverified.isEmpty { lines.append(Self.unverifiedLine(t.unverified)) }
                lines.append("    payers \(t.payersBefore) → \(t.payersAfter); pay more \(t.payMore), less \(t.payLess), same \(t.same); became payer \(t.becamePayer), stopped paying \(t.stoppedPaying)")
                for s in t.statusChanges.prefix(6) { lines.append("    status \(s.from) → \(s.to): \(s.count)") }
                if let top = t.largest.first { lines.append("    largest change: \(top.subject) ¥\(top.before.grouped) → ¥\(top.after.grouped) (\(top.difference.signedGrouped))") }
            }
            for r in refused where r.city == c { lines.append("  \(r.tax.japaneseName): NOT COMPARED: the \(r.side) rules are incomplete: \(r.missing)") }
            if !summaries.contains(where: { $0.city == c }) && !refused.contains(where: { $0.city == c }) { lines.append("  no levy is affected: no parameter of a levy differs") }
        }
        lines.append("changed parameters: \(parameterChanges.count)")
        for p in parameterChanges.prefix(12) {
            lines.append("  \(p.city.rawValue) FY\(p.fiscalYear) \(p.key): \(p.before ?? "—") → \(p.after ?? "—")  [\(p.afterRevision ?? p.beforeRevision ?? "")]")
        }
        if parameterChanges.count > 12 { lines.append("  … \(parameterChanges.count - 12) more (--format json or --report)") }
        let corporate = comparesCorporateTaxes ? "; corporate before \(before.corporateHash.prefix(16)), after \(after.corporateHash.prefix(16))" : ""
        lines.append("fingerprint: events through seq \(watermark), before \(before.hash.prefix(16)), after \(after.hash.prefix(16))\(corporate)")
        return lines.joined(separator: "\n")
    }

    /// `※ unverified: …`: the values not yet confirmed that the row's figures read, the first few
    /// by key, value and revision file (all of them in `--format json` and the report).
    static func unverifiedLine(_ values: [TaxComparison.Unverified], shown: Int = 3) -> String {
        let listed = values.prefix(shown).map { (u: TaxComparison.Unverified) -> String in
            let side = u.before && u.after ? "" : u.before ? ", before only" : ", after only"
            return "\(u.value.key) \(u.value.value) (\(u.value.location)\(side))"
        }
        let rest = values.count > shown ? ", … \(values.count - shown) more (--format json or --report)" : ""
        return "    ※ unverified: \(values.count) value(s) not yet confirmed by the city: " + listed.joined(separator: ", ") + rest
    }
}

extension Yen {
    /// `+¥1,200` / `−¥300` / `¥0`: a change, with its sign.
    public var signedGrouped: String {
        amount > 0 ? "+¥\(grouped)" : amount < 0 ? "−¥\(Yen(-amount).grouped)" : "¥0"
    }
}
