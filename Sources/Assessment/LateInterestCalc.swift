import KaiseiCore
import KaiseiEvents
import Law

/// `kaisei calc`'s `payments` block (docs/calc.md): instalments of any levy, their 納期限 and
/// what was paid towards them, and the 延滞金 of each as of a day. The rates come from
/// `revisions/collection/` for the calendar years the days fall in.
public enum LateInterestCalc {
    public struct Instalment: Sendable {
        public let id: String
        public let levy: String
        public let instalment: LateInterest.Instalment
    }

    public struct Block: Sendable {
        public let city: City
        public let through: CivilDate
        public let instalments: [Instalment]
        /// Overpayments refunded or appropriated, for their 還付加算金.
        public var refunds: [(id: String, refund: RefundInterest.Refund)] = []
    }

    static let blockKeys: Set<String> = ["through", "instalments", "refunds"]
    static let refundKeys: Set<String> = ["id", "amount", "cause", "paid", "decided", "event", "corrected"]
    static let instalmentKeys: Set<String> = ["id", "levy", "amount", "due_date", "paid", "reductions"]

    /// Reads the block; every problem names its field.
    public static func parse(_ json: JSONValue, city: City) -> Result<Block, FieldProblems> {
        var problems: [FieldProblem] = []
        func bad(_ f: String, _ r: String) { problems.append(FieldProblem(f, r)) }
        guard case .object(let top) = json else { return .failure(FieldProblems([FieldProblem("payments", "expected an object")])) }
        for (k, _) in top where !blockKeys.contains(k) { bad("payments.\(k)", "unknown field (expected through, instalments, refunds)") }
        func date(_ v: JSONValue?, _ field: String) -> CivilDate? {
            guard case .string(let s)? = v else { bad(field, "missing or not a date (YYYY-MM-DD)"); return nil }
            guard let d = CivilDate(iso: s) else { bad(field, "\"\(s)\" is not a date (YYYY-MM-DD)"); return nil }
            return d
        }
        func yen(_ v: JSONValue?, _ field: String) -> Yen? {
            guard case .integer(let n)? = v, n >= 0, n <= 9_999_999_999_999 else { bad(field, "expected integer yen ≥ 0"); return nil }
            return Yen(n)
        }
        let through = date(json["through"], "payments.through")
        var refunds: [(id: String, refund: RefundInterest.Refund)] = []
        if let list = json["refunds"] {
            if case .array(let rs) = list, !rs.isEmpty {
                var refundIds: Set<String> = []
                for (i, item) in rs.enumerated() {
                    let at = "payments.refunds[\(i)]"
                    guard case .object(let fields) = item else { bad(at, "expected an object"); continue }
                    for (k, _) in fields where !refundKeys.contains(k) { bad("\(at).\(k)", "unknown field (expected id, amount, cause, paid, decided, event, corrected)") }
                    var id = "r\(i + 1)"
                    if let v = item["id"] {
                        if case .string(let x) = v, !x.isEmpty, x.count <= 64, !refundIds.contains(x) { id = x } else { bad("\(at).id", "expected a unique non-empty string") }
                    }
                    refundIds.insert(id)
                    var cause: RefundInterest.Cause?
                    if case .string(let c)? = item["cause"], let k = RefundInterest.Cause(rawValue: c) { cause = k }
                    else { bad("\(at).cause", "expected one of \(RefundInterest.Cause.allCases.map(\.rawValue).joined(separator: ", "))") }
                    let amount = yen(item["amount"], "\(at).amount")
                    let paid = date(item["paid"], "\(at).paid"), decided = date(item["decided"], "\(at).decided")
                    let event = item["event"] == nil ? nil : date(item["event"], "\(at).event")
                    let corrected = item["corrected"] == nil ? nil : date(item["corrected"], "\(at).corrected")
                    if let cause, cause != .assessment, cause != .other, event == nil { bad("\(at).event", "required for \(cause.rawValue): the day of the claim, or of the 所得税's notice or return") }
                    if cause == .claim, corrected == nil { bad("\(at).corrected", "required for claim: the day of the correction") }
                    if let paid, let decided, decided < paid { bad("\(at).decided", "before paid") }
                    if let paid, let decided, decided.daysSinceEpoch - paid.daysSinceEpoch > 3660 { bad("\(at).decided", "more than ten years after paid") }
                    if let amount, let cause, let paid, let decided {
                        refunds.append((id, RefundInterest.Refund(amount: amount, cause: cause, paid: paid, decided: decided, event: event, corrected: corrected)))
                    }
                }
            } else { bad("payments.refunds", "expected a non-empty list") }
        }
        let items: [JSONValue]
        if case .array(let list)? = json["instalments"], !list.isEmpty { items = list }
        else if json["instalments"] == nil && json["refunds"] != nil { items = [] }
        else {
            bad("payments.instalments", "missing or empty")
            return .failure(FieldProblems(problems))
        }
        var out: [Instalment] = []
        var ids: Set<String> = []
        for (i, item) in items.enumerated() {
            let at = "payments.instalments[\(i)]"
            guard case .object(let fields) = item else { bad(at, "expected an object"); continue }
            for (k, _) in fields where !instalmentKeys.contains(k) { bad("\(at).\(k)", "unknown field (expected id, levy, amount, due_date, paid, reductions)") }
            var id = "\(i + 1)"
            if let v = item["id"] {
                if case .string(let s) = v, !s.isEmpty, s.count <= 64, !ids.contains(s) { id = s } else { bad("\(at).id", "expected a unique non-empty string") }
            }
            ids.insert(id)
            var levy = ""
            if let v = item["levy"] { if case .string(let s) = v { levy = s } else { bad("\(at).levy", "expected a string") } }
            let amount = yen(item["amount"], "\(at).amount")
            let due = date(item["due_date"], "\(at).due_date")
            var payments: [LateInterest.Payment] = []
            if let paid = item["paid"] {
                guard case .array(let list) = paid else { bad("\(at).paid", "expected a list of {date, amount}"); continue }
                for (k, p) in list.enumerated() {
                    let pat = "\(at).paid[\(k)]"
                    guard case .object(let pf) = p else { bad(pat, "expected {date, amount}"); continue }
                    for (key, _) in pf where key != "date" && key != "amount" { bad("\(pat).\(key)", "unknown field (expected date, amount)") }
                    if let d = date(p["date"], "\(pat).date"), let a = yen(p["amount"], "\(pat).amount") {
                        if let due, d < due.adding(days: -3650) { bad("\(pat).date", "more than ten years before the due date") }
                        payments.append(LateInterest.Payment(date: d, amount: a))
                    }
                }
            }
            var reductions: [LateInterest.Payment] = []
            if let list = item["reductions"] {
                guard case .array(let rs) = list else { bad("\(at).reductions", "expected a list of {date, amount}"); continue }
                for (k, r) in rs.enumerated() {
                    let rat = "\(at).reductions[\(k)]"
                    guard case .object(let rf) = r else { bad(rat, "expected {date, amount}"); continue }
                    for (key, _) in rf where key != "date" && key != "amount" { bad("\(rat).\(key)", "unknown field (expected date, amount: the lowered tax)") }
                    if let d = date(r["date"], "\(rat).date"), let a = yen(r["amount"], "\(rat).amount") {
                        if let amount, a >= amount { bad("\(rat).amount", "not below the instalment's amount: a 減額更正 lowers it (an increase is its own instalment with its own 納期限)") }
                        reductions.append(LateInterest.Payment(date: d, amount: a))
                    }
                }
            }
            if let amount, let due { out.append(Instalment(id: id, levy: levy, instalment: LateInterest.Instalment(amount: amount, dueDate: due, payments: payments, reductions: reductions))) }
        }
        guard problems.isEmpty, let through else { return .failure(FieldProblems(problems)) }
        var block = Block(city: city, through: through, instalments: out)
        block.refunds = refunds
        return .success(block)
    }

    /// The block's output: each instalment's 延滞金 with its periods (and, with `explain`, the
    /// steps naming article and revision).
    public static func run(_ block: Block, ruleBase rb: RuleBase, asOf: RecordedTime, explain: Bool) throws(MissingParameter) -> JSONValue {
        var sets: [Int: ParameterSet] = [:]
        func params(_ year: Int) -> ParameterSet {
            if let s = sets[year] { return s }
            let s = ParameterSet(ruleBase: rb, city: block.city, fiscalYear: year, asOf: asOf)
            sets[year] = s
            return s
        }
        var items: [JSONValue] = []
        var total = Yen.zero
        for item in block.instalments {
            let r = try LateInterest.compute(item.instalment, through: block.through, city: block.city, asOf: asOf, trace: explain, parameters: params)
            total += r.amount
            var entry: [(String, JSONValue)] = [
                ("id", .string(item.id)), ("levy", .string(item.levy)),
                ("amount", .integer(item.instalment.amount.amount)), ("due_date", .string("\(item.instalment.dueDate)")),
                ("unpaid", .integer(r.unpaid.amount)),
                ("late_interest", .integer(r.amount.amount)), ("late_interest_before_rounding", .integer(r.beforeRounding.amount)),
                ("periods", .array(r.periods.map { p in
                    .object([("from", .string("\(p.from)")), ("through", .string("\(p.through)")), ("days", .integer(Int64(p.days))),
                             ("base", .integer(p.base.amount)), ("rate", .string("\(p.rate)")),
                             ("first_month", .bool(p.firstMonth)), ("interest", .integer(p.interest.amount)),
                             ("revision", p.revision.map { .string($0) } ?? .null)])
                })),
            ]
            if explain { entry.append(("steps", stepsJSON(r.steps))) }
            items.append(.object(entry))
        }
        var fields: [(String, JSONValue)] = [("through", .string("\(block.through)")), ("late_interest_total", .integer(total.amount)),
                                             ("revision_set", .string(rb.revisionSetHash(asOf: asOf, scope: .collection))), ("instalments", .array(items))]
        if !block.refunds.isEmpty {
            var refunds: [JSONValue] = []
            var refundTotal = Yen.zero
            for (id, refund) in block.refunds {
                let r = try RefundInterest.compute(refund, city: block.city, asOf: asOf, trace: explain, parameters: params)
                refundTotal += r.amount
                var entry: [(String, JSONValue)] = [
                    ("id", .string(id)), ("amount", .integer(refund.amount.amount)), ("cause", .string(refund.cause.rawValue)),
                    ("runs_from", .string("\(r.after.adding(days: 1))")), ("base", .integer(r.base.amount)),
                    ("refund_interest", .integer(r.amount.amount)), ("refund_interest_before_rounding", .integer(r.beforeRounding.amount)),
                    ("periods", .array(r.periods.map { p in
                        .object([("from", .string("\(p.from)")), ("through", .string("\(p.through)")), ("days", .integer(Int64(p.days))),
                                 ("rate", .string("\(p.rate)")), ("interest", .integer(p.interest.amount)),
                                 ("revision", p.revision.map { .string($0) } ?? .null)])
                    })),
                ]
                if explain { entry.append(("steps", stepsJSON(r.steps))) }
                refunds.append(.object(entry))
            }
            fields.append(("refund_interest_total", .integer(refundTotal.amount)))
            fields.append(("refunds", .array(refunds)))
        }
        return .object(fields)
    }
}
