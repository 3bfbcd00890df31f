import Testing
import KaiseiCore
import KaiseiEvents
import EventStore
import TestSupport

/// The two clocks are tested separately: a filter on the wrong one is the classic bug.
@Suite("Querying a subject by valid time and by recorded time")
struct BitemporalQueryTests {
    let june2020 = RecordedTime(japan: CivilDate(year: 2020, month: 6, day: 1)!, hour: 9)
    let may2022 = RecordedTime(japan: CivilDate(year: 2022, month: 5, day: 20)!, hour: 9)

    /// Income of 2019 declared in 2020, corrected in 2022; a move valid in 2021.
    func store() throws -> TemporaryStore {
        let s = try TemporaryStore()
        let declared = Event(id: "i1", city: .okazaki, subject: "r1", type: .incomeDeclared,
                             validDate: CivilDate(year: 2020, month: 1, day: 31)!, recordedAt: june2020,
                             payload: Payload(.incomeDeclared, ["income_year": .int(2019), "source": .int(0), "salary": .int(5_000_000)]))
        let moved = Event(id: "m1", city: .okazaki, subject: "r1", type: .residentMovedWithinCity,
                          validDate: CivilDate(year: 2021, month: 9, day: 1)!, recordedAt: RecordedTime(japan: CivilDate(year: 2021, month: 9, day: 2)!),
                          payload: Payload(.residentMovedWithinCity, ["household": .text("h9")]))
        let corrected = Event(id: "c1", city: .okazaki, subject: "r1", type: .incomeCorrected,
                              validDate: CivilDate(year: 2020, month: 3, day: 15)!, recordedAt: may2022,
                              payload: Payload(.incomeCorrected, ["income_year": .int(2019), "salary": .int(5_200_000)]))
        _ = try s.log.append([declared, moved, corrected].map { AppendRequest($0) })
        return s
    }

    @Test("known-at filters recorded time: a 2022 correction is unknown on 2021-06-01")
    func knownAt() throws {
        let s = try store()
        let known = try s.log.events(city: .okazaki, subject: "r1", validOn: nil,
                                     knownAt: RecordedTime(iso: "2021-06-01", dateMeansEndOfDay: true))
        #expect(known.map(\.event.id) == ["i1"])
    }

    @Test("valid-on filters valid time: the correction's valid date (2020-03-15) is in force on 2020-12-31 once known")
    func validOn() throws {
        let s = try store()
        let inForce = try s.log.events(city: nil, subject: "r1", validOn: CivilDate(year: 2020, month: 12, day: 31)!, knownAt: nil)
        #expect(inForce.map(\.event.id) == ["i1", "c1"])
    }

    @Test("both clocks together: as known at the end of 2021-09-01, in force on 2021-12-31")
    func both() throws {
        let s = try store()
        let r = try s.log.events(city: .okazaki, subject: "r1", validOn: CivilDate(year: 2021, month: 12, day: 31)!,
                                 knownAt: RecordedTime(iso: "2021-09-01", dateMeansEndOfDay: true))
        #expect(r.map(\.event.id) == ["i1"], "the move was recorded on 2021-09-02")
    }

    @Test("another city's subject with the same id is kept apart")
    func cities() throws {
        let s = try store()
        #expect(try s.log.events(city: .toyohashi, subject: "r1", validOn: nil, knownAt: nil).isEmpty)
    }
}
