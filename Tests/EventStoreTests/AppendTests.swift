import Testing
import KaiseiCore
import KaiseiEvents
import EventStore
import TestSupport

@Suite("Appending to the store")
struct AppendTests {
    @Test("appending the same event twice is a no-op")
    func idempotent() throws {
        let store = try TemporaryStore()
        let e = SampleEvents.event(0)
        #expect(try store.log.append([AppendRequest(e)]).appended == 1)
        let again = try store.log.append([AppendRequest(e)])
        #expect(again.appended == 0 && again.alreadyPresent == 1)
        #expect(try store.log.head().seq == 1)
    }

    @Test("the same id with different content is refused, naming the id, and the batch is not written")
    func conflictingDuplicate() throws {
        let store = try TemporaryStore()
        var e = SampleEvents.event(0)
        _ = try store.log.append([AppendRequest(e)])
        e.validDate = CivilDate(year: 2001, month: 1, day: 1)!
        let other = SampleEvents.event(1)
        #expect(throws: StoreError.conflictingDuplicate(eventId: SampleEvents.id(0), storedSeq: 1)) {
            try store.log.append([AppendRequest(other), AppendRequest(e)])
        }
        #expect(try store.log.head().seq == 1, "the whole batch rolled back")
        #expect(try store.log.stored(eventId: SampleEvents.id(1)) == nil)
    }

    @Test("optimistic concurrency: a stale expected version reports expected and actual")
    func versionConflict() throws {
        let store = try TemporaryStore()
        let a = SampleEvents.event(0), b = SampleEvents.event(8) // same city, different subject
        _ = try store.log.append([AppendRequest(a, expectedVersion: 0)])
        #expect(try store.log.streamVersion(city: a.city, subject: a.subject) == 1)
        var c = SampleEvents.event(16)
        c.subject = a.subject
        #expect(throws: StoreError.versionConflict(city: a.city, subject: a.subject, expected: 0, actual: 1)) {
            try store.log.append([AppendRequest(c, expectedVersion: 0)])
        }
        #expect(try store.log.append([AppendRequest(c, expectedVersion: 1)]).appended == 1)
        #expect(try store.log.append([AppendRequest(b, expectedVersion: 0)]).appended == 1)
    }

    @Test("a second connection's appends are seen: stream versions are not served stale from a cache")
    func twoWriters() throws {
        let store = try TemporaryStore()
        let other = try SQLiteEventLog(path: store.path, clock: TestClock().next)
        let a = SampleEvents.event(0)
        _ = try store.log.append([AppendRequest(a)])
        var b = SampleEvents.event(8); b.subject = a.subject
        _ = try other.append([AppendRequest(b)])
        var c = SampleEvents.event(16); c.subject = a.subject
        #expect(throws: StoreError.versionConflict(city: a.city, subject: a.subject, expected: 1, actual: 2)) {
            try store.log.append([AppendRequest(c, expectedVersion: 1)])
        }
        #expect(try store.log.verifyChain().isIntact)
    }

    @Test("history carried from a source system must arrive in recorded order")
    func recordedOrder() throws {
        let store = try TemporaryStore()
        let t = RecordedTime(japan: CivilDate(year: 2020, month: 6, day: 1)!, hour: 9)
        var a = SampleEvents.event(0); a.recordedAt = t
        var b = SampleEvents.event(1); b.recordedAt = RecordedTime(microseconds: t.microseconds - 1)
        _ = try store.log.append([AppendRequest(a)])
        #expect(throws: StoreError.recordedTimeRegression(eventId: SampleEvents.id(1), recordedAt: b.recordedAt!, storeLatest: t)) {
            try store.log.append([AppendRequest(b)])
        }
    }

    @Test("recorded time assigned by the store never runs backwards, even if the clock does")
    func assignedTimeMonotonic() throws {
        var now = RecordedTime(japan: CivilDate(year: 2026, month: 4, day: 1)!)
        let store = try TemporaryStore(clock: { now })
        _ = try store.log.append([AppendRequest(SampleEvents.event(0))])
        now = RecordedTime(microseconds: now.microseconds - 3_600_000_000) // clock stepped back an hour
        _ = try store.log.append([AppendRequest(SampleEvents.event(1))])
        let first = try #require(try store.log.stored(eventId: SampleEvents.id(0))), second = try #require(try store.log.stored(eventId: SampleEvents.id(1)))
        #expect(second.recordedAt >= first.recordedAt)
    }
}

@Suite("Large batches: links prepared on the second core")
struct PreparedLinkTests {
    @Test("a large batch with already-stored events in the middle gives the same chain as one-by-one appends")
    func speculationFallsBackOnDuplicates() throws {
        let t0 = RecordedTime(japan: CivilDate(year: 2013, month: 4, day: 1)!)
        let events = SampleEvents.mixed(count: 9_000, recordedFrom: t0)
        let big = try TemporaryStore()
        // Some events of the batch are already stored, and some repeat within it: the
        // speculative links after each of them are stale and must be recomputed.
        _ = try big.log.append(events[0..<10].map { AppendRequest($0) })
        let batch = Array(events[0..<5000]) + Array(events[4990..<5000]) + Array(events[5000...])
        let r = try big.log.append(batch.map { AppendRequest($0) })
        #expect(r.appended == 9_000 - 10 && r.alreadyPresent == 20)

        let small = try TemporaryStore()
        for e in events { _ = try small.log.append([AppendRequest(e)]) }

        let clean = try TemporaryStore()
        _ = try clean.log.append(events.map { AppendRequest($0) }) // every prepared link is used as is

        #expect(try big.log.verifyChain().isIntact)
        #expect(try big.log.head() == small.log.head())
        #expect(try clean.log.head() == small.log.head())
    }
}
