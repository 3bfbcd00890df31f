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
        var due: [String: CivilDate] = [:], filed: [String: CivilDate] = [:]
        for l in Assessor(pop, fiscalYear: fy).levyLines(p) {
            now["\(l.subject)|\(l.tax.rawValue)"] = l.amount
            if let d = l.dueDate { due["\(l.subject)|\(l.tax.rawValue)"] = d }
            if let d = l.returnFiled { filed["\(l.subject)|\(l.tax.rawValue)"] = d }
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
            // A 申告納付 levy whose return moved from interim to final may keep its amount, but its
            // 法定納期限 changed: it is recorded again.
            if let recorded, recorded.amount == amount, recorded.dueDate == due[key] ?? recorded.dueDate { unchanged += 1; continue }
            if recorded == nil { assessed += 1 } else { corrected += 1 }
            events.append(LevyEvents.levy(city: pop.city, taxpayer: subject, tax: tax, fiscalYear: fy, amount: amount,
                                          revisionSet: p.revisionSetHash, watermark: watermark, at: runAt, correction: recorded != nil,
                                          dueDate: due[key] ?? recorded?.dueDate, returnFiled: filed[key] ?? recorded?.returnFiled))
        }
    }

    public init() {}
}

/// The levy events Kaisei writes itself, built in one place from typed values.
public enum LevyEvents {
    /// LevyAssessed, or LevyCorrected with the run's reason.
    public static func levy(city: City, taxpayer: String, tax: LevyTax, fiscalYear fy: Int, amount: Yen, revisionSet: String,
                            watermark: Int64, at runAt: RecordedTime, correction: Bool, dueDate: CivilDate? = nil, returnFiled: CivilDate? = nil) -> Event {
        let type: EventType = correction ? .levyCorrected : .levyAssessed
        var fields: [String: FieldValue] = [
            "tax": .int(Int64(EventType.taxes.firstIndex(of: tax.rawValue)!)), "fiscal_year": .int(Int64(fy)),
            "amount": .int(amount.amount), "revision_set": .text(revisionSet), "watermark": .int(watermark),
        ]
        if correction { fields["reason"] = .text("再計算 (事実又は規定の変更)") }
        if let dueDate { fields["due_date"] = .int(Int64(dueDate.packed)) }
        if let returnFiled { fields["return_filed"] = .int(Int64(returnFiled.packed)) }
        return Event(id: "levy-\(fy)\(tax.code)-w\(watermark)-\(taxpayer)", city: city, subject: taxpayer, type: type,
                     validDate: runAt.japanDate, recordedAt: runAt, payload: Payload(type, fields))
    }
}
