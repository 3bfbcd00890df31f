import Foundation
import KaiseiCore
import Yams

/// Reads one revision file and checks everything that can be checked within it: known keys,
/// units, references, city overlays, dates. Cross-file checks live in `RuleBase`.
public enum RevisionLoader {
    static let topKeys: Set<String> = ["id", "title", "law", "promulgated", "adopted", "status", "effective", "corrects", "description", "parameters", "overlays"]
    static let entryKeys: Set<String> = ["value", "reference", "verified", "note"]

    /// Reads one revision file. Its keys are checked against `catalogue`; a file in one of the
    /// law's folders (`folder`) may set only the keys that folder's index declares.
    public static func load(text source: String, file: String, catalogue: ParameterCatalogue = .standard,
                            folder: ParameterFolder? = nil) -> Result<Revision, RevisionErrors> {
        var errors: [RevisionError] = []
        func err(_ node: Node?, _ key: String, _ reason: String) {
            errors.append(RevisionError(file, (node?.mark?.line ?? 0), key, reason))
        }
        let root: Node
        do {
            guard let n = try Yams.compose(yaml: source) else { return .failure(RevisionErrors([RevisionError(file, 1, "(file)", "empty file")])) }
            root = n
        } catch let e as YamlError {
            return .failure(RevisionErrors([RevisionError(file, yamlLine(e), "(file)", "not valid YAML: \(yamlReason(e))")]))
        } catch {
            return .failure(RevisionErrors([RevisionError(file, 1, "(file)", "not valid YAML")]))
        }
        guard let top = root.mapping else { return .failure(RevisionErrors([RevisionError(file, 1, "(file)", "expected a mapping of revision keys")])) }
        for (k, _) in top {
            guard let name = k.string else { err(k, "(key)", "keys must be text"); continue }
            if !topKeys.contains(name) { err(k, name, "unknown key (expected one of: \(topKeys.sorted().joined(separator: ", ")))") }
        }
        func text(_ key: String, required: Bool = true) -> String? {
            guard let n = top[key] else { if required { err(root, key, "missing") }; return nil }
            guard let s = n.string, !s.isEmpty, n.scalar != nil else { err(n, key, "expected text"); return nil }
            return s
        }
        let id = text("id")
        if let id, id.range(of: "^[a-z0-9][a-z0-9-]*$", options: .regularExpression) == nil {
            err(top["id"], "id", "use lower-case letters, digits and hyphens")
        }
        let title = text("title")
        let law = text("law")
        var promulgated: CivilDate?
        if let p = text("promulgated") {
            promulgated = CivilDate(iso: p)
            if promulgated == nil { err(top["promulgated"], "promulgated", "not a date \"\(p)\" (expected YYYY-MM-DD)") }
        }
        var adopted: RecordedTime?
        if let a = text("adopted") {
            adopted = RecordedTime(iso: a)
            if adopted == nil { err(top["adopted"], "adopted", "not a time \"\(a)\" (expected 2020-04-01T09:00:00+09:00)") }
        }
        var status: Revision.Status?
        if let s = text("status") {
            status = Revision.Status(rawValue: s)
            if status == nil { err(top["status"], "status", "expected enacted or draft, got \"\(s)\"") }
        }
        let corrects = text("corrects", required: false)
        var fromFY: Int?, toFY: Int?
        if let eff = top["effective"] {
            if let m = eff.mapping {
                for (k, _) in m where !["from", "to"].contains(k.string ?? "") { err(k, "effective.\(k.string ?? "?")", "unknown key (expected from, to)") }
                if let f = m["from"] { fromFY = f.int; if fromFY == nil { err(f, "effective.from", "expected a fiscal year such as 2021") } }
                else { err(eff, "effective.from", "missing") }
                if let t = m["to"] { toFY = t.int; if toFY == nil { err(t, "effective.to", "expected a fiscal year such as 2025") } }
                if let f = fromFY, let t = toFY, t < f { err(eff, "effective", "ends (FY\(t)) before it starts (FY\(f))") }
            } else { err(eff, "effective", "expected {from: FY, to: FY}") }
        } else { err(root, "effective", "missing") }

        var entries: [Revision.Entry] = []
        func readEntries(_ node: Node, city: City?, prefix: String) {
            guard let m = node.mapping else { err(node, prefix, "expected a mapping of parameter keys"); return }
            for (k, v) in m {
                guard let key = k.string else { continue }
                let path = prefix.isEmpty ? key : "\(prefix).\(key)"
                guard let spec = catalogue.spec(for: key) else { err(k, path, "unknown parameter (see docs/revisions.md)"); continue }
                if let folder, spec.folder != folder {
                    err(k, path, "not a parameter of \(folder.rawValue)/ (\(spec.folder.indexFile) declares it): set it in a revision under revisions/\(spec.folder.rawValue)/")
                    continue
                }
                guard let em = v.mapping else { err(v, path, "expected {value, reference}"); continue }
                for (ek, _) in em where !entryKeys.contains(ek.string ?? "") {
                    err(ek, "\(path).\(ek.string ?? "?")", "unknown key (expected value, reference, verified, note)")
                }
                let reference = em["reference"]?.string ?? ""
                if reference.trimmingCharacters(in: .whitespaces).isEmpty { err(v, "\(path).reference", "missing: every value names its law article or source") }
                var verified = true
                if let vn = em["verified"] {
                    guard let b = vn.bool else { err(vn, "\(path).verified", "expected true or false"); continue }
                    verified = b
                }
                let note = em["note"]?.string
                if !verified && (note ?? "").isEmpty { err(v, "\(path).note", "an unverified value needs a note saying what was assumed") }
                guard let valueNode = em["value"] else { err(v, "\(path).value", "missing"); continue }
                switch parseValue(valueNode, spec.unit, allowed: spec.allowed) {
                case .success(let value):
                    entries.append(Revision.Entry(key: key, city: city, value: value, reference: reference, verified: verified, note: note, line: k.mark?.line ?? 0))
                case .failure(let reason):
                    err(valueNode, "\(path).value", reason.text)
                }
            }
        }
        if let p = top["parameters"] { readEntries(p, city: nil, prefix: "parameters") }
        if let o = top["overlays"] {
            if let m = o.mapping {
                for (k, v) in m {
                    guard let name = k.string, let city = City(rawValue: name) else {
                        err(k, "overlays.\(k.string ?? "?")", "unknown city (expected okazaki | toyohashi)"); continue
                    }
                    readEntries(v, city: city, prefix: "overlays.\(name)")
                }
            } else { err(o, "overlays", "expected a mapping of cities") }
        }
        if top["parameters"] == nil && top["overlays"] == nil { err(root, "parameters", "missing: a revision sets at least one value") }
        guard errors.isEmpty, let id, let title, let law, let promulgated, let adopted, let status, let fromFY else {
            return .failure(RevisionErrors(errors))
        }
        let hash = SHA256.hex(Array(source.utf8))
        return .success(Revision(id: id, title: title, law: law, promulgated: promulgated, adopted: adopted, status: status,
                                 fromFiscalYear: fromFY, toFiscalYear: toFY, corrects: corrects, entries: entries,
                                 file: file, contentHash: hash))
    }

    struct Reason: Error { let text: String }

    static func yen(_ n: Node?) -> Yen? {
        guard let n, let s = n.scalar?.string else { return nil }
        let cleaned = s.replacingOccurrences(of: "_", with: "")
        guard let v = Int64(cleaned), (-999_999_999_999...999_999_999_999).contains(v) else { return nil }
        return Yen(v)
    }

    static func parseValue(_ n: Node, _ unit: ParameterUnit, allowed: [String]? = nil) -> Result<ParameterValue, Reason> {
        func bad(_ t: String) -> Result<ParameterValue, Reason> { .failure(Reason(text: t)) }
        switch unit {
        case .yen:
            guard let y = yen(n) else { return bad("expected whole yen, got \(n.scalar?.string ?? "a \(kind(n))")") }
            return .success(.yen(y))
        case .rate:
            guard let s = n.scalar?.string, let f = Fraction(text: s) else { return bad("expected a rate such as 6% or 3/5, got \(n.scalar?.string ?? kind(n))") }
            return .success(.rate(f))
        case .date:
            guard let s = n.scalar?.string, let d = CivilDate(iso: s) else { return bad("expected a date YYYY-MM-DD") }
            return .success(.date(d))
        case .count:
            // Counts are ages, months and numbers of things: bounded so no loop or range over one can run away.
            guard let s = n.scalar?.string, let c = Int64(s), (0...100_000).contains(c) else { return bad("expected a whole number from 0 to 100000") }
            return .success(.count(c))
        case .flag:
            guard let b = n.bool else { return bad("expected true or false") }
            return .success(.flag(b))
        case .yenBrackets:
            return brackets(n).map { .yenBrackets($0) }
        case .rateBrackets:
            guard let rows = n.sequence, !rows.isEmpty else { return bad("expected a list of {upto, rate} rows") }
            var out: [RateBracket] = []
            for r in rows {
                guard let m = r.mapping, let rs = m["rate"]?.scalar?.string, let rate = Fraction(text: rs) else { return bad("each row needs a rate") }
                let upto = m["upto"].flatMap { yen($0) }
                if m["upto"] != nil && upto == nil { return bad("upto must be whole yen") }
                out.append(RateBracket(upto: upto, rate: rate))
            }
            if let problem = checkBounds(out.map(\.upto)) { return bad(problem) }
            return .success(.rateBrackets(out))
        case .yenSteps:
            guard let rows = n.sequence else { return bad("expected a list of {from, amount} rows (may be empty)") }
            var out: [YenStep] = []
            for r in rows {
                guard let m = r.mapping, let f = yen(m["from"]), let a = yen(m["amount"]) else { return bad("each step needs from and amount in yen") }
                if let last = out.last, f <= last.from { return bad("steps must rise: \(f.amount) after \(last.from.amount)") }
                out.append(YenStep(from: f, amount: a))
            }
            return .success(.yenSteps(out))
        case .yenMatrix:
            guard let rows = n.sequence, !rows.isEmpty else { return bad("expected a list of {upto, brackets} rows") }
            var out: [YenMatrixRow] = []
            for r in rows {
                guard let m = r.mapping, let b = m["brackets"] else { return bad("each row needs brackets") }
                let upto = m["upto"].flatMap { yen($0) }
                switch brackets(b) {
                case .success(let bs): out.append(YenMatrixRow(upto: upto, brackets: bs))
                case .failure(let e): return .failure(e)
                }
            }
            if let problem = checkBounds(out.map(\.upto)) { return bad(problem) }
            return .success(.yenMatrix(out))
        case .rateSteps:
            guard let rows = n.sequence, !rows.isEmpty else { return bad("expected a list of {from, rate} rows") }
            var out: [RateStep] = []
            for r in rows {
                guard let m = r.mapping, let fs = m["from"]?.scalar?.string, let from = Fraction(text: fs),
                      let rs = m["rate"]?.scalar?.string, let rate = Fraction(text: rs) else { return bad("each row needs from and rate, such as {from: 50%, rate: 100%}") }
                if let last = out.last, from <= last.from { return bad("rows must rise: from \(from) after \(last.from)") }
                out.append(RateStep(from: from, rate: rate))
            }
            return .success(.rateSteps(out))
        case .names:
            guard let items = n.sequence else { return bad("expected a list of names (may be empty)") }
            var out: [String] = []
            for i in items {
                guard let s = i.scalar?.string, !s.isEmpty else { return bad("each item is a name") }
                if let allowed, !allowed.contains(s) { return bad("unknown name \"\(s)\" (expected one of: \(allowed.joined(separator: ", ")))") }
                if out.contains(s) { return bad("\"\(s)\" is listed twice") }
                out.append(s)
            }
            return .success(.names(out))
        case .text:
            guard let t = n.scalar?.string, !t.trimmingCharacters(in: .whitespaces).isEmpty else { return bad("expected text") }
            return .success(.text(t))
        }
    }

    static func brackets(_ n: Node) -> Result<[YenBracket], Reason> {
        guard let rows = n.sequence, !rows.isEmpty else { return .failure(Reason(text: "expected a list of {upto, rate, add} rows")) }
        var out: [YenBracket] = []
        for r in rows {
            guard let m = r.mapping else { return .failure(Reason(text: "each row is a mapping {upto, rate, add}")) }
            for (k, _) in m where !["upto", "rate", "add"].contains(k.string ?? "") {
                return .failure(Reason(text: "unknown row key \(k.string ?? "?") (expected upto, rate, add)"))
            }
            let upto = m["upto"].flatMap { yen($0) }
            if m["upto"] != nil && upto == nil { return .failure(Reason(text: "upto must be whole yen")) }
            var rate = Fraction.zero
            if let rn = m["rate"] {
                guard let s = rn.scalar?.string, let f = Fraction(text: s) else { return .failure(Reason(text: "rate must be like 40% or 3/5")) }
                rate = f
            }
            var add = Yen.zero
            if let an = m["add"] {
                guard let a = yen(an) else { return .failure(Reason(text: "add must be whole yen")) }
                add = a
            }
            out.append(YenBracket(upto: upto, rate: rate, add: add))
        }
        if let problem = checkBounds(out.map(\.upto)) { return .failure(Reason(text: problem)) }
        return .success(out)
    }

    /// Rows must rise, and only the last may be open-ended.
    static func checkBounds(_ bounds: [Yen?]) -> String? {
        for (i, b) in bounds.enumerated() {
            if b == nil && i != bounds.count - 1 { return "only the last row may omit upto" }
            if i > 0, let prev = bounds[i - 1], let b, b <= prev { return "rows must rise: upto \(b.amount) after \(prev.amount)" }
        }
        if bounds.last! != nil { return "the last row must omit upto (it covers everything above)" }
        return nil
    }

    static func kind(_ n: Node) -> String { n.mapping != nil ? "mapping" : n.sequence != nil ? "list" : "value" }

    static func yamlLine(_ e: YamlError) -> Int {
        switch e {
        case .scanner(_, _, let mark, _), .parser(_, _, let mark, _), .composer(_, _, let mark, _): return mark.line
        default: return 1
        }
    }
    static func yamlReason(_ e: YamlError) -> String {
        switch e {
        case .scanner(_, let problem, _, _), .parser(_, let problem, _, _), .composer(_, let problem, _, _):
            // Yams appends the offending lines after "Context:"; the line number says where.
            return String(problem.split(separator: "\n").first ?? "").replacingOccurrences(of: " Context:", with: "")
        default: return String("\(e)".split(separator: "\n").first ?? "")
        }
    }
}
