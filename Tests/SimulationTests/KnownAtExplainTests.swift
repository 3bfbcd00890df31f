import Testing
import Foundation
import KaiseiCore
import KaiseiEvents
import EventStore
import Replay
import Simulation
import TestSupport

/// `explain --known-at T1 --vs-known-at T2` in process: one Okazaki resident whose 2025 salary is
/// declared in February 2026 and corrected (更正) in July 2026, and a neighbour in
/// another household whose income is recorded in May 2026.
@Suite("Explaining a subject's levies between two known-at times")
struct KnownAtExplainTests {
    static let subject = "okz-r-700001"
    static let neighbour = "okz-r-700002"
    static let rules = RuleSet(ruleBase: Checkout.ruleBase, adoptedBy: .distantFuture)

    static func recorded(_ year: Int, _ month: Int, _ day: Int) -> RecordedTime {
        RecordedTime(japan: CivilDate(year: year, month: month, day: day)!, hour: 9)
    }
    static func endOf(_ year: Int, _ month: Int, _ day: Int) -> RecordedTime {
        RecordedTime.endOfDayInJapan(CivilDate(year: year, month: month, day: day)!)
    }
    static func date(_ year: Int, _ month: Int, _ day: Int) -> CivilDate { CivilDate(year: year, month: month, day: day)! }

    static func registration(_ id: String, _ person: String, household: String, at: RecordedTime) -> Event {
        Event(id: id, city: .okazaki, subject: person, type: .residentRegistered, validDate: date(2013, 4, 1), recordedAt: at,
              payload: Payload(.residentRegistered, ["reason": .int(2), "birth_date": .int(Int64(date(1975, 6, 15).packed)),
                                                     "household": .text(household), "relationship_to_head": .int(0)]))
    }

    static func income(_ id: String, _ person: String, salary: Int64, at: RecordedTime) -> Event {
        Event(id: id, city: .okazaki, subject: person, type: .incomeDeclared, validDate: date(2026, 1, 31), recordedAt: at,
              payload: Payload(.incomeDeclared, ["income_year": .int(2025), "source": .int(0), "salary": .int(salary)]))
    }

    static let correction = Event(id: "correction-1", city: .okazaki, subject: subject, type: .incomeCorrected,
                                  validDate: date(2026, 6, 30), recordedAt: recorded(2026, 7, 1),
                                  payload: Payload(.incomeCorrected, ["income_year": .int(2025), "salary": .int(6_800_000),
                                                                      "reason": .text("税務署からの更正通知")]))

    /// The store, in recorded order.
    func store() throws -> TemporaryStore {
        let s = try TemporaryStore()
        let events = [
            Self.registration("reg-1", Self.subject, household: "okz-h-700001", at: Self.recorded(2024, 1, 10)),
            Self.registration("reg-2", Self.neighbour, household: "okz-h-700002", at: Self.recorded(2024, 1, 11)),
            Self.income("income-1", Self.subject, salary: 5_000_000, at: Self.recorded(2026, 2, 2)),
            Self.income("income-2", Self.neighbour, salary: 4_000_000, at: Self.recorded(2026, 5, 1)),
            Self.correction,
        ]
        let result = try s.log.append(events.map { AppendRequest($0) })
        #expect(result.appended == events.count)
        return s
    }

    /// Replays as known at `t1` and explains FY2026 (income year 2025) up to `t2`, the same rules on both sides.
    func explain(_ s: TemporaryStore, from t1: RecordedTime, to t2: RecordedTime) throws -> FactChange {
        let (pops, watermark) = try Replayer.replayWithWatermark(knownAt: t1) { visit in try s.log.replayScan(visit) }
        return try FactChange.explain(subject: Self.subject, fiscalYear: 2026, cities: City.allCases,
                                      knownAt: t1, state: pops, watermark: watermark,
                                      vsKnownAt: t2, before: Self.rules, after: Self.rules) { visit in
            try s.log.replayScan(after: watermark, visit)
        }
    }

    @Test("across an income correction (更正) the resident tax differs, and exactly the correction is listed as what changed it")
    func correctionChangesTheResult() throws {
        let s = try store()
        let stored = try #require(try s.log.stored(eventId: "correction-1"))
        let correctionSeq = stored.seq
        let change = try explain(s, from: Self.endOf(2026, 3, 1), to: Self.endOf(2026, 7, 31))

        let okazaki = try #require(change.levies.first { $0.city == .okazaki })
        let residentTax = try #require(okazaki.levies.first { $0.tax == .residentTax })
        let before = try #require(residentTax.before), after = try #require(residentTax.after)
        #expect(before < after, "a higher corrected salary raises the resident tax")
        #expect(residentTax.rows.contains { $0.differs })
        #expect(change.verdict == .changed)

        #expect(change.events.map(\.seq) == [correctionSeq], "the neighbour's income is not listed")
        #expect(change.events.map(\.event.type) == [.incomeCorrected])
        #expect(change.changingEvents.map(\.seq) == [correctionSeq])
        let changed = try #require(change.events.first?.changedLevies.first)
        #expect(changed.tax == .residentTax && changed.before == before && changed.after == after)
        #expect(!change.rulesChangeResult && !change.otherEventsChangeResult)
        #expect(change.watermarkAfter == correctionSeq)
    }

    @Test("between two times with nothing recorded in between, both columns are the same and no event is listed")
    func nothingRecordedInBetween() throws {
        let s = try store()
        let change = try explain(s, from: Self.endOf(2026, 3, 1), to: Self.endOf(2026, 4, 30))

        #expect(change.events.isEmpty)
        #expect(!change.differs)
        #expect(change.verdict == .nothingRecorded)
        let residentTax = try #require(change.levies.first?.levies.first { $0.tax == .residentTax })
        #expect(residentTax.before != nil && residentTax.before == residentTax.after)
        #expect(change.watermarkAfter == change.watermarkBefore)
    }

    @Test("an event about a resident of another household, recorded in between, does not bear on the subject")
    func unrelatedEventNotListed() throws {
        let s = try store()
        let change = try explain(s, from: Self.endOf(2026, 3, 1), to: Self.endOf(2026, 6, 1))

        #expect(change.watermarkAfter > change.watermarkBefore, "the neighbour's income was folded in")
        #expect(change.events.isEmpty)
        #expect(change.verdict == .nothingRecorded)
        #expect(!change.otherEventsChangeResult)
    }
}
