import KaiseiCore
import KaiseiEvents
import Law
import Replay

/// A levy run (当初賦課, then 更正): the events that record a fiscal year's levies as known at
/// the run, against what the store already recorded. The CLI's `levy-run` and, later, the
/// service call this; they only append what it plans.
public struct LevyRunPlan: Sendable {
    public var events: [Event] = []
    /// LevyAssessed: a taxpayer with no levy of that tax yet.
    public var assessed = 0
    /// LevyCorrected: the amount differs from the one recorded (to zero when it no longer arises).
    public var corrected = 0
    public var unchanged = 0
    /// "city tax" → the missing parameters of a tax the run could not assess.
    public var refused: [String: [MissingParameter]] = [:]

    /// Plans the run for one city: the assessor's levy lines, compared with the city's ledger.
    /// Each event carries the amount, the revision-set hash and the watermark it came from, so
    /// `audit-levies` can reproduce it; a run with nothing changed plans nothing.
    public mutating func add(_ pop: Population, fiscalYear fy: Int, _ p: LevyParameters, watermark: Int64, at runAt: RecordedTime) {
        var now: [String: Yen] = [:]
        var due: [String: CivilDate] = [:], filed: [String: CivilDate] = [:], fraud: Set<String> = []
        var dueParts: [String: [DuePart]] = [:]
        for l in Assessor(pop, fiscalYear: fy).levyLines(p) {
            now["\(l.subject)|\(l.tax.rawValue)"] = l.amount
            if !l.parts.isEmpty { dueParts["\(l.subject)|\(l.tax.rawValue)"] = l.parts }
            if let d = l.dueDate { due["\(l.subject)|\(l.tax.rawValue)"] = d }
            if let d = l.returnFiled { filed["\(l.subject)|\(l.tax.rawValue)"] = d }
            if l.fraudForeseen { fraud.insert("\(l.subject)|\(l.tax.rawValue)") }
        }
        // Taxpayers with a recorded levy that no longer arises are corrected to zero; a tax
        // whose rules are incomplete is not touched at all (never "corrected" to zero).
        var keys = Set(now.keys)
        for (subject, levies) in pop.ledger.levies {
            for l in levies where l.fiscalYear == fy && p.refused[l.tax] == nil { keys.insert("\(subject)|\(l.tax.rawValue)") }
        }
        for (tax, missing) in p.refused where !refused.keys.contains(where: { $0 == "\(pop.city.rawValue) \(tax.rawValue)" }) {
            refused["\(pop.city.rawValue) \(tax.rawValue)"] = missing
        }
        for key in keys.sorted() {
            let parts = key.split(separator: "|").map(String.init)
            let subject = parts[0], tax = LevyTax(rawValue: parts[1])!
            let amount = now[key] ?? .zero
            let recorded = pop.ledger.levy(subject, tax, fiscalYear: fy)
            if let ps = dueParts[key] {
                addParts(ps, pop: pop, subject: subject, tax: tax, fiscalYear: fy, p, watermark: watermark, at: runAt)
                continue
            }
            // A 申告納付 levy whose return moved from interim to final may keep its amount, but its
            // 法定納期限 changed: it is recorded again.
            if let recorded, recorded.amount == amount, recorded.dueDate == due[key] ?? recorded.dueDate { unchanged += 1; continue }
            if recorded == nil { assessed += 1 } else { corrected += 1 }
            events.append(LevyEvents.levy(city: pop.city, taxpayer: subject, tax: tax, fiscalYear: fy, amount: amount,
                                          revisionSet: p.revisionSet(for: tax), watermark: watermark, at: runAt, correction: recorded != nil,
                                          dueDate: due[key] ?? recorded?.dueDate, returnFiled: filed[key] ?? recorded?.returnFiled,
                                          fraudForeseen: filed[key] != nil ? fraud.contains(key) : recorded?.fraudForeseen ?? false))
        }
    }

    /// A 申告納付 levy with several 法定納期限: each one's change is its own event, in due order,
    /// each carrying the running total and that 納期限, so the schedule puts every raise on its
    /// own 納期限 (and takes every lowering from it first) rather than the whole levy on the
    /// earliest. The events of one run share its watermark; the second and later are numbered.
    mutating func addParts(_ ps: [DuePart], pop: Population, subject: String, tax: LevyTax, fiscalYear fy: Int, _ p: LevyParameters,
                           watermark: Int64, at runAt: RecordedTime) {
        let records = pop.ledger.levies[subject]?.filter { $0.tax == tax && $0.fiscalYear == fy } ?? []
        let before = DuePart.recorded(records)
        var target: [CivilDate: [DuePart]] = [:]
        for part in ps { target[part.dueDate, default: []].append(part) }
        var running = records.last?.amount.clampedAtZero ?? .zero
        var n = 0
        for d in Set(before.keys).union(target.keys).sorted() {
            let shares = target[d] ?? []
            let had = before[d] ?? .zero
            let delta = shares.reduce(Yen.zero) { $0 + $1.amount } - had
            guard delta != .zero else { continue }
            // A raise records each share not yet recorded as its own event (a return filed in
            // time, then a late one's raise), as runs between the two returns would have; a
            // lowering is one event.
            var steps: [(Yen, CivilDate?, Bool)] = []
            if delta > .zero {
                var sum = Yen.zero
                for share in shares {
                    let next = sum + share.amount
                    if next > had { steps.append((next - max(sum, had), share.filed, share.fraudForeseen)) }
                    sum = next
                }
                // After a recorded 減額更正 of this 納期限, the returns filed before it were
                // superseded by it: what a later return raises again is that return's own (its
                // filing day, its lower rate and 除算期間, 地方税法第321条の12 on a 修正申告 after a 減額更正), not a share of
                // the return filed in time. Recorded under the first return's day, the 60,000 a
                // 修正申告 raised back kept the 納期限's lower rate only and no 除算期間 (until
                // 2026-12-03).
                if let lowered = DuePart.lastLowering(records, due: d), let later = shares.first(where: { $0.filed.map { $0 > lowered } ?? false }) {
                    var merged: [(Yen, CivilDate?, Bool)] = []
                    for (amount, filed, fraud) in steps {
                        let (f, x) = (filed.map { $0 <= lowered } ?? true) ? (later.filed, later.fraudForeseen) : (filed, fraud)
                        if let last = merged.last, last.1 == f { merged[merged.count - 1].0 = last.0 + amount } else { merged.append((amount, f, x)) }
                    }
                    steps = merged
                }
            } else {
                steps = [(delta, shares.last?.filed, shares.last?.fraudForeseen ?? false)]
            }
            for (change, filed, fraud) in steps {
                running += change
                let e = LevyEvents.levy(city: pop.city, taxpayer: subject, tax: tax, fiscalYear: fy, amount: running, revisionSet: p.revisionSet(for: tax),
                                        watermark: watermark, at: runAt, correction: !records.isEmpty || n > 0, dueDate: d,
                                        returnFiled: filed ?? records.last?.returnFiled,
                                        fraudForeseen: filed != nil ? fraud : records.last?.fraudForeseen ?? false, part: n)
                events.append(e)
                n += 1
            }
        }
        if n == 0 { unchanged += 1 } else if records.isEmpty { assessed += 1 } else { corrected += 1 }
    }

    public init() {}
}

/// The levy events Kaisei writes itself, built in one place from typed values.
public enum LevyEvents {
    /// LevyAssessed, or LevyCorrected with the run's reason.
    public static func levy(city: City, taxpayer: String, tax: LevyTax, fiscalYear fy: Int, amount: Yen, revisionSet: String,
                            watermark: Int64, at runAt: RecordedTime, correction: Bool, dueDate: CivilDate? = nil, returnFiled: CivilDate? = nil,
                            fraudForeseen: Bool = false, part: Int = 0) -> Event {
        let type: EventType = correction ? .levyCorrected : .levyAssessed
        var fields: [String: FieldValue] = [
            "tax": .int(Int64(EventType.taxes.firstIndex(of: tax.rawValue)!)), "fiscal_year": .int(Int64(fy)),
            "amount": .int(amount.amount), "revision_set": .text(revisionSet), "watermark": .int(watermark),
        ]
        if correction { fields["reason"] = .text("再計算 (事実又は規定の変更)") }
        if let dueDate { fields["due_date"] = .int(Int64(dueDate.packed)) }
        if let returnFiled { fields["return_filed"] = .int(Int64(returnFiled.packed)) }
        // Written only when set, so the events of every other levy keep their bytes.
        if fraudForeseen { fields["fraud_foreseen"] = .bool(true) }
        return Event(id: "levy-\(fy)\(tax.code)-w\(watermark)-\(taxpayer)" + (part > 0 ? "-\(part + 1)" : ""), city: city, subject: taxpayer, type: type,
                     validDate: runAt.japanDate, recordedAt: runAt, payload: Payload(type, fields))
    }
}
