import KaiseiCore
import KaiseiEvents

/// `kaisei calc`'s `nhi` block: the household's insured members with the months they join and
/// leave, job loss and delivery, as the events a real household would have (docs/calc.md).
enum ModelNHI {
    static let household = "calc-nhi"
    static let memberKeys: Set<String> = ["id", "joined", "left", "left_job_on", "job_loss_reason", "expected_delivery", "multiple_birth"]

    static func events(_ block: JSONValue, fiscalYear fy: Int, persons: [String]) -> ([(subject: String, type: EventType, valid: CivilDate, payload: Payload)], [FieldProblem]) {
        var out: [(subject: String, type: EventType, valid: CivilDate, payload: Payload)] = []
        var problems: [FieldProblem] = []
        func bad(_ f: String, _ r: String) { problems.append(FieldProblem(f, r)) }
        guard case .object(let top) = block else { return ([], [FieldProblem("nhi", "expected {members, head}")]) }
        for (k, _) in top where !["members", "head"].contains(k) { bad("nhi.\(k)", "unknown field (expected members, head)") }
        guard case .array(let members)? = block["members"], !members.isEmpty else { return ([], [FieldProblem("nhi.members", "expected a list of members")]) }
        func emit(_ at: String, _ subject: String, _ type: EventType, _ valid: CivilDate, _ fields: [(String, JSONValue)]) {
            ModelEvent.emit(at, subject, type, valid, fields, into: &out, problems: &problems)
        }
        // A month (joined on its first day) or a day: who counts in the 軽減判定 depends on the day.
        func month(_ at: String, _ v: JSONValue?) -> CivilDate? {
            guard let v else { return nil }
            if case .string(let s) = v, s.count == 10, let day = CivilDate(iso: s) { return day }
            guard case .string(let s) = v, let ym = YearMonth(iso: s) else { bad(at, "expected a month YYYY-MM or a day YYYY-MM-DD"); return nil }
            return ym.firstDay
        }
        var head = persons.first!
        if let h = block["head"] {
            guard case .string(let s) = h, persons.contains(s) else { bad("nhi.head", "must be a person of this household"); return (out, problems) }
            head = s
        }
        emit("nhi.head", household, .householdHeadDesignated, CivilDate(year: fy - 1, month: 4, day: 1)!, [("head", .string(head))])
        for (i, m) in members.enumerated() {
            let at = "nhi.members[\(i)]"
            guard case .object(let fields) = m, case .string(let id)? = m["id"], persons.contains(id) else { bad("\(at).id", "must be a person of this household"); continue }
            for (k, _) in fields where !memberKeys.contains(k) { bad("\(at).\(k)", "unknown field (see docs/calc.md)") }
            // Without `joined`, insured since before the fiscal year.
            let joined = month("\(at).joined", m["joined"]) ?? CivilDate(year: fy - 1, month: 4, day: 1)!
            emit(at, id, .nhiMembershipStarted, joined, [("household", .string(household)), ("reason", .string("other"))])
            if let left = month("\(at).left", m["left"]) {
                if left <= joined { bad("\(at).left", "must be after joined"); continue }
                emit(at, id, .nhiMembershipEnded, left, [("reason", .string("other"))])
            }
            if let d = m["left_job_on"] {
                emit(at, id, .involuntaryUnemploymentRecorded, CivilDate(year: fy - 1, month: 4, day: 1)!,
                     [("left_job_on", d), ("reason_code", m["job_loss_reason"] ?? .string("11"))])
            }
            if let d = m["expected_delivery"] {
                var f: [(String, JSONValue)] = [("expected_delivery", d)]
                if let mb = m["multiple_birth"] { f.append(("multiple_birth", mb)) }
                emit(at, id, .maternityPeriodRecorded, CivilDate(year: fy - 1, month: 4, day: 1)!, f)
            }
        }
        return (out, problems)
    }
}
