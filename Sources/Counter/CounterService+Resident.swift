import KaiseiCore
import EventStore
import Law
import Replay
import Assessment

/// A household's NHI for a fiscal year as known at a moment: who was insured in which months,
/// the 軽減 level, each part with its caps, and the traced steps.
public struct HouseholdNHI: Sendable {
    public struct Member: Sendable {
        public let id: String
        public let name: String?
        public let birthDate: CivilDate
        /// Insured months, April first.
        public let months: [Bool]
        /// 未就学児 on 1 April of the fiscal year (均等割 halved from FY2022).
        public let preschool: Bool
    }
    public let household: String
    public let fiscalYear: Int
    public let knownAt: RecordedTime
    public let payer: String?
    public let members: [Member]
    public let result: NHIResult?
    public let refused: [MissingParameter]
}

extension CounterService {
    /// The subject's world as known at `knownAt`, after the gate: an id of another city, or of
    /// nothing, is `notFound` with the same words either way.
    func scoped(_ caller: Caller, _ id: String, kind: String, knownAt requested: RecordedTime?)
        throws -> (view: CounterState.View, pop: Population, recordedAt: [Int64: RecordedTime], knownAt: RecordedTime, watermark: (seq: Int64, hash: [UInt8])) {
        let v = try view()
        let pop = v.pops[caller.city]!
        let exists = pop.residents[id] != nil || pop.vehicles[id] != nil || pop.householdHeads[id] != nil
            || v.relations[caller.city]!.householdMembers[id] != nil || pop.corporations[id] != nil
        guard Gate.visible(id, to: caller), exists else { throw CounterError.notFound(kind: kind, id: id) }
        let knownAt = knownAt(requested, v)
        let subjects = ScopedReplay.neighbourhood(of: id, in: pop, relations: v.relations[caller.city]!)
        return try state.readers.with { log in
            let (scopedPop, recorded) = try ScopedReplay.fold(subjects, city: caller.city, knownAt: knownAt, log: log)
            // The store's head now, not the view's: events appended since the last follow step are
            // in the subjects' streams already, and the watermark must cover them.
            let w = try ScopedReplay.watermark(knownAt: knownAt, head: try log.head(), log: log, after: v.head)
            return (v, scopedPop, recorded, knownAt, w)
        }
    }

    /// A resident's record (宛名, household, five years of levies with their corrections).
    public func resident(_ caller: Caller?, _ id: String, knownAt requested: RecordedTime?, route: String) throws -> ResidentRecord {
        let caller = try Gate.authorize(caller, .resident)
        guard try view().pops[caller.city]!.residents[id] != nil else { throw CounterError.notFound(kind: "resident", id: id) }
        let s = try scoped(caller, id, kind: "resident", knownAt: requested)
        guard let record = ResidentRecord(id: id, pop: s.pop, recordedAt: s.recordedAt, knownAt: s.knownAt, watermark: s.watermark.seq,
                                          calendar: collectionCalendar(caller.city, knownAt: s.knownAt)) else {
            throw CounterError.refused("\(id) was not yet registered as known at \(s.knownAt)")
        }
        // Every id the answer shows: the person, the household head, the co-owner groups.
        let shown = [id] + [record.householdHead].compactMap { $0 }.filter { $0 != id } + Set(record.levies.map(\.taxpayer)).subtracting([id]).sorted()
        return try disclose(caller, .resident, route: route, subjects: shown, detail: "known_at=\(s.knownAt)", record)
    }

    /// A household's NHI for a fiscal year.
    public func householdNHI(_ caller: Caller?, _ household: String, fiscalYear: Int, knownAt requested: RecordedTime?, route: String) throws -> HouseholdNHI {
        let caller = try Gate.authorize(caller, .householdNHI)
        guard ParameterCatalogue.years.contains(fiscalYear) else {
            throw CounterError.badRequest(field: "fiscal_year", reason: "must be between \(ParameterCatalogue.years.lowerBound) and \(ParameterCatalogue.years.upperBound)")
        }
        let v = try view()
        guard Gate.visible(household, to: caller), v.relations[caller.city]!.householdMembers[household] != nil else {
            throw CounterError.notFound(kind: "household", id: household)
        }
        let asOf = knownAt(requested, v)
        // The household's own neighbourhood, read once (a resident's neighbourhood is not needed here): its members and heads (a household is not a resident).
        var subjects: Set<String> = [household]
        subjects.formUnion(v.relations[caller.city]!.householdMembers[household] ?? [])
        for e in v.pops[caller.city]!.householdHeads[household]?.entries ?? [] { subjects.insert(e.value) }
        let pop = try state.readers.with { try ScopedReplay.population(subjects, city: caller.city, knownAt: asOf, log: $0) }
        let params = levyParameters(caller.city, fiscalYear: fiscalYear, knownAt: asOf)
        let levy = pop.nhiHouseholds(fiscalYear: fiscalYear, maternity: params.nhi.maternityWindow, familyAbove: params.nhi.incomeAdjustmentSalaryFrom).first { $0.household == household }
        let april = CivilDate(year: fiscalYear, month: 4, day: 1)!
        var members: [HouseholdNHI.Member] = []
        for (id, r) in pop.residents.sorted(by: { $0.key < $1.key }) {
            guard let birth = r.birthDate else { continue }
            let months = (0..<12).map { m -> Bool in
                let ym = YearMonth(year: fiscalYear, month: 4)!.adding(months: m)
                let end = CivilDate(year: ym.year, month: ym.month, day: CivilDate.daysIn(year: ym.year, month: ym.month))!
                return (r.nhi.value(on: end) ?? nil) == household
            }
            guard months.contains(true) else { continue }
            members.append(.init(id: id, name: pop.names[id]?.value(on: asOf.japanDate)?.name, birthDate: birth, months: months,
                                 preschool: april.age(bornOn: birth) < 6))
        }
        let refused = params.refused[.nhi] ?? []
        let result = levy.flatMap { refused.isEmpty ? NHI.assess($0.facts, fiscalYear: fiscalYear, params.nhi, trace: true) : nil }
        let answer = HouseholdNHI(household: household, fiscalYear: fiscalYear, knownAt: asOf, payer: levy?.payer, members: members,
                                  result: result, refused: refused)
        let payer = answer.payer.map { [$0] } ?? []
        return try disclose(caller, .householdNHI, route: route, subjects: [household] + members.map(\.id) + payer.filter { p in !members.contains { $0.id == p } },
                            detail: "fiscal_year=\(fiscalYear) known_at=\(asOf)", answer)
    }

    /// A person's levies of a fiscal year as assessed now under the rules adopted by the known-at
    /// moment, each traced step by step.
    public func assessment(_ caller: Caller?, _ id: String, fiscalYear: Int, knownAt requested: RecordedTime?, route: String) throws -> (levies: [Levy], refused: [LevyTax: [MissingParameter]], knownAt: RecordedTime) {
        let caller = try Gate.authorize(caller, .assessment)
        guard ParameterCatalogue.years.contains(fiscalYear) else {
            throw CounterError.badRequest(field: "fiscal_year", reason: "must be between \(ParameterCatalogue.years.lowerBound) and \(ParameterCatalogue.years.upperBound)")
        }
        guard try view().pops[caller.city]!.residents[id] != nil else { throw CounterError.notFound(kind: "resident", id: id) }
        let s = try scoped(caller, id, kind: "resident", knownAt: requested)
        let params = levyParameters(caller.city, fiscalYear: fiscalYear, knownAt: s.knownAt)
        let levies = Assessor(s.pop, fiscalYear: fiscalYear).levies(of: id, params)
        return try disclose(caller, .assessment, route: route, subjects: [id], detail: "fiscal_year=\(fiscalYear) known_at=\(s.knownAt)",
                            (levies, params.refused, s.knownAt))
    }
}
