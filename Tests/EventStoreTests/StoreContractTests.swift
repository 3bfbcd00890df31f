import Testing
import Foundation
import KaiseiCore
import KaiseiEvents
import EventStore
import TestSupport

// MARK: - The backends under test

/// A backend as the contract suite sees it: a way to make a fresh, empty store. A new backend
/// joins the suite by adding one value to `StoreContractTests.backends` (the PostgreSQL issue
/// adds `.postgres`); every test below then runs against it unchanged.
struct BackendUnderTest: Sendable, CustomTestStringConvertible {
    let name: String
    /// A new, empty store whose clock is a `TestClock`.
    let make: @Sendable () throws -> StoreUnderTest
    var testDescription: String { name }
}

/// One store made for one test, with the hooks only its own backend can provide.
final class StoreUnderTest {
    let log: any EventLog
    /// Another connection to the same store, as a second process would open it for writing;
    /// it waits at most `writerWait` seconds for the writer lock.
    let openAnother: (_ writerWait: Double) throws -> any EventLog
    /// Alters the stored content of the row at `seq` behind the store's back, getting past the
    /// backend's own append-only guard as an intruder would. Called at most once per store.
    let alterRow: (_ seq: Int64) throws -> Void
    /// Whatever holds the store's storage (a temporary folder, a scratch database) until the
    /// test ends.
    private let owner: AnyObject

    init(log: any EventLog, openAnother: @escaping (Double) throws -> any EventLog,
         alterRow: @escaping (Int64) throws -> Void, owner: AnyObject) {
        self.log = log
        self.openAnother = openAnother
        self.alterRow = alterRow
        self.owner = owner
    }
}

extension BackendUnderTest {
    /// The embedded store: a file in a temporary folder. Rows are altered with the append-only
    /// trigger dropped, which is what someone with the file and the sqlite3 shell can do.
    static let sqlite = BackendUnderTest(name: "SQLite", make: {
        let store = try TemporaryStore()
        let path = store.path
        return StoreUnderTest(
            log: store.log,
            openAnother: { writerWait in try SQLiteEventLog(path: path, clock: TestClock().next, writerWait: writerWait) },
            alterRow: { seq in
                let db = try SQLiteDatabase(path: path)
                try db.execute("DROP TRIGGER events_refuse_update")
                try db.execute("UPDATE events SET valid_date = 20000101 WHERE seq = \(seq)")
            },
            owner: store)
    })
}

extension BackendUnderTest {
    /// PostgreSQL: a database of its own on the test server (`KAISEI_TEST_POSTGRES`), dropped
    /// with the store. Rows are altered by the server's superuser with the append-only trigger
    /// disabled, which is what a database administrator can do.
    static let postgres = BackendUnderTest(name: "PostgreSQL", make: {
        let store = try TemporaryPostgresStore()
        let url = store.url
        return StoreUnderTest(
            log: store.log,
            openAnother: { writerWait in try PostgresEventLog(url: url, clock: TestClock().next, writerWait: writerWait) },
            alterRow: { seq in
                try PostgresAdmin.execute(url, [
                    "ALTER TABLE events DISABLE TRIGGER events_refuse_update",
                    "UPDATE events SET valid_date = 20000101 WHERE seq = \(seq)",
                    "ALTER TABLE events ENABLE TRIGGER events_refuse_update",
                ])
            },
            owner: store)
    })
}

// MARK: - The contract

/// What every store backend promises (`EventLog`'s documentation), written once and run
/// against each backend in `backends`. Backend-specific behaviour (SQLite's migrations, its
/// file locks, read-only files) has its own suites.
@Suite("Store contract: what every backend promises")
struct StoreContractTests {
    /// PostgreSQL joins when a test server is configured; otherwise `postgresRuns` below is
    /// reported as skipped, so a run without a server never claims the backend passed.
    static let backends: [BackendUnderTest] = [.sqlite] + (PostgresTestServer.available ? [.postgres] : [])

    @Test("the PostgreSQL backend is in this run of the contract suite", .enabled(if: PostgresTestServer.available, "no PostgreSQL server: start one with tools/pg-cluster start and set KAISEI_TEST_POSTGRES"))
    func postgresRuns() throws {
        #expect(Self.backends.contains { $0.name == "PostgreSQL" })
        _ = try BackendUnderTest.postgres.make()
    }

    @Test("appended events read back with their seq, stream version and content", arguments: StoreContractTests.backends)
    func appendAndReadBack(_ backend: BackendUnderTest) throws {
        let store = try backend.make()
        let events = SampleEvents.mixed(count: 10)
        let result = try store.log.append(events.map { AppendRequest($0) })
        #expect(result.appended == 10 && result.alreadyPresent == 0 && result.lastSeq == 10)
        var versions: [String: Int64] = [:]
        for (i, e) in events.enumerated() {
            let key = "\(e.city.rawValue)/\(e.subject)"
            versions[key, default: 0] += 1
            let stored = try #require(try store.log.stored(eventId: e.id))
            #expect(stored.seq == Int64(i + 1))
            #expect(stored.streamVersion == versions[key])
            #expect(stored.event.identityBytes == e.identityBytes)
        }
        for e in events {
            #expect(try store.log.streamVersion(city: e.city, subject: e.subject) == versions["\(e.city.rawValue)/\(e.subject)"])
        }
        #expect(try store.log.streamVersion(city: .okazaki, subject: "nobody") == 0)
        #expect(try store.log.stored(eventId: "no-such-id") == nil)
    }

    @Test("a scan visits whole events with seq in (after, through], in log order", arguments: StoreContractTests.backends)
    func scanBounds(_ backend: BackendUnderTest) throws {
        let store = try backend.make()
        let events = SampleEvents.mixed(count: 10)
        _ = try store.log.append(events.map { AppendRequest($0) })
        var seen: [Int64] = []
        try store.log.scan(after: 3, through: 6) { row in
            seen.append(row.seq)
            #expect(row.event.id == events[Int(row.seq) - 1].id)
        }
        #expect(seen == [4, 5, 6])
        var rest = 0
        try store.log.scan(after: 8) { _ in rest += 1 }
        #expect(rest == 2)
    }

    @Test("re-appending the same event is a no-op; the same id with other content is refused and the batch not written",
          arguments: StoreContractTests.backends)
    func idempotency(_ backend: BackendUnderTest) throws {
        let store = try backend.make()
        let e = SampleEvents.event(0)
        _ = try store.log.append([AppendRequest(e)])
        let before = try store.log.head()
        let again = try store.log.append([AppendRequest(e)])
        #expect(again.appended == 0 && again.alreadyPresent == 1)
        #expect(try store.log.head() == before)

        var changed = e
        changed.validDate = CivilDate(year: 2001, month: 1, day: 1)!
        let other = SampleEvents.event(1)
        #expect(throws: StoreError.conflictingDuplicate(eventId: e.id, storedSeq: 1)) {
            try store.log.append([AppendRequest(other), AppendRequest(changed)])
        }
        #expect(try store.log.head() == before, "the whole batch rolled back")
        #expect(try store.log.stored(eventId: other.id) == nil)
    }

    @Test("optimistic concurrency: a stale expected version is refused with expected and actual", arguments: StoreContractTests.backends)
    func optimisticConcurrency(_ backend: BackendUnderTest) throws {
        let store = try backend.make()
        let a = SampleEvents.event(0)
        let b = SampleEvents.event(8) // same city, another subject
        _ = try store.log.append([AppendRequest(a, expectedVersion: 0)])
        var c = SampleEvents.event(16)
        c.subject = a.subject
        #expect(throws: StoreError.versionConflict(city: a.city, subject: a.subject, expected: 0, actual: 1)) {
            try store.log.append([AppendRequest(c, expectedVersion: 0)])
        }
        #expect(try store.log.append([AppendRequest(c, expectedVersion: 1)]).appended == 1)
        #expect(try store.log.append([AppendRequest(b, expectedVersion: 0)]).appended == 1)
        #expect(try store.log.streamVersion(city: a.city, subject: a.subject) == 2)
    }

    @Test("a retried append with a stale expected version is a no-op only for the same event at the same recorded time", arguments: StoreContractTests.backends)
    func retryWithExpectedVersion(_ backend: BackendUnderTest) throws {
        let store = try backend.make()
        var a = SampleEvents.event(0)
        a.recordedAt = RecordedTime(japan: CivilDate(year: 2020, month: 6, day: 1)!, hour: 9)
        _ = try store.log.append([AppendRequest(a, expectedVersion: 0)])
        // The same request again (its answer was lost): already there, nothing written.
        let again = try store.log.append([AppendRequest(a, expectedVersion: 0)])
        #expect(again.appended == 0 && again.alreadyPresent == 1)
        // The same id and facts claiming another recorded time is not that event: refused, as
        // the same id without an expected version is.
        var later = a
        later.recordedAt = RecordedTime(microseconds: a.recordedAt!.microseconds + 1_000_000)
        #expect(throws: StoreError.self) { try store.log.append([AppendRequest(later, expectedVersion: 0)]) }
        #expect(throws: StoreError.self) { try store.log.append([AppendRequest(later)]) }
        #expect(try store.log.head().seq == 1)
    }

    @Test("an event recorded before the newest stored one is refused: the log is in recorded order", arguments: StoreContractTests.backends)
    func recordedOrder(_ backend: BackendUnderTest) throws {
        let store = try backend.make()
        let t = RecordedTime(japan: CivilDate(year: 2020, month: 6, day: 1)!, hour: 9)
        var a = SampleEvents.event(0)
        a.recordedAt = t
        var b = SampleEvents.event(1)
        b.recordedAt = RecordedTime(microseconds: t.microseconds - 1)
        _ = try store.log.append([AppendRequest(a)])
        #expect(throws: StoreError.recordedTimeRegression(eventId: b.id, recordedAt: b.recordedAt!, storeLatest: t)) {
            try store.log.append([AppendRequest(b)])
        }
        #expect(try store.log.head().seq == 1)
    }

    @Test("the head is the last row's seq, hash and recorded time, and every hash is HashChain's link", arguments: StoreContractTests.backends)
    func headAfterAppends(_ backend: BackendUnderTest) throws {
        let store = try backend.make()
        let empty = try store.log.head()
        #expect(empty.seq == 0 && empty.hash == HashChain.genesis)
        let events = SampleEvents.mixed(count: 12)
        _ = try store.log.append(events[0..<5].map { AppendRequest($0) })
        _ = try store.log.append(events[5...].map { AppendRequest($0) })
        let head = try store.log.head()
        let last = try #require(try store.log.stored(eventId: events[11].id))
        #expect(head.seq == 12)
        #expect(head.hash == last.hash)
        #expect(head.recordedAt == last.recordedAt)
        var previous = HashChain.genesis
        try store.log.scan(after: 0, through: .max) { row in
            #expect(row.hash == HashChain.link(previous, row.event, row.recordedAt), "seq \(row.seq)")
            previous = row.hash
        }
    }

    @Test("an intact chain verifies every row; an altered row is named by its seq", arguments: StoreContractTests.backends)
    func verification(_ backend: BackendUnderTest) throws {
        let store = try backend.make()
        _ = try store.log.append(SampleEvents.mixed(count: 20).map { AppendRequest($0) })
        let intact = try store.log.verifyChain()
        #expect(intact.isIntact && intact.checked == 20 && intact.lastSeq == 20)
        #expect(try store.log.verifyIncrementally(record: true).isIntact)
        try store.alterRow(7)
        #expect(try store.log.verifyChain().firstBreak == .hashMismatch(seq: 7))
        #expect(throws: StoreError.chainBroken(.hashMismatch(seq: 7)), "the check before answering finds it too") {
            try store.log.verifyIncrementally(record: false)
        }
    }

    @Test("a per-city replay scan gives exactly that city's events in seq order within (after, through]", arguments: StoreContractTests.backends)
    func perCityReplayScan(_ backend: BackendUnderTest) throws {
        let store = try backend.make()
        let events = SampleEvents.mixed(count: 40)
        _ = try store.log.append(events.map { AppendRequest($0) })
        for city in City.allCases {
            var seen: [Int64] = []
            try store.log.replayScan(city: city, after: 10, through: 30) { seq, e in
                let original = events[Int(seq) - 1]
                var withId = e
                withId.id = original.id // replay scans leave the id out
                #expect(e.city == city)
                #expect(withId.identityBytes == original.identityBytes, "seq \(seq)")
                seen.append(seq)
                return true
            }
            let expected = (11...30).filter { events[$0 - 1].city == city }.map { Int64($0) }
            #expect(seen == expected, "\(city)")
        }
    }

    @Test("a replay scan visits every city in seq order after a point, and stops when the visitor says so", arguments: StoreContractTests.backends)
    func replayScanStops(_ backend: BackendUnderTest) throws {
        let store = try backend.make()
        _ = try store.log.append(SampleEvents.mixed(count: 20).map { AppendRequest($0) })
        var all: [Int64] = []
        try store.log.replayScan(after: 5) { seq, _ in all.append(seq); return true }
        #expect(all == Array(Int64(6)...20))
        var some: [Int64] = []
        try store.log.replayScan { seq, _ in some.append(seq); return some.count < 3 }
        #expect(some == [1, 2, 3])
    }

    /// PostgreSQL replays in pages of 20,000 events, packed by the server and fetched one ahead
    /// (PostgresEventLog+Replay): pages must join up, and a scan stopped at a page's end must
    /// leave the connection usable.
    @Test("replay scans across pages give every event once, whole, in seq order; a scan stopped at a page's end leaves the store usable", arguments: StoreContractTests.backends)
    func replayAcrossPages(_ backend: BackendUnderTest) throws {
        let store = try backend.make()
        var events = SampleEvents.mixed(count: 45_000)
        // Subjects in Japanese too: the packed page carries them as UTF-8 bytes.
        for k in stride(from: 3, to: events.count, by: 97) { events[k].subject = "住民-岡崎-\(k)" }
        for start in stride(from: 0, to: events.count, by: 5_000) {
            _ = try store.log.append(events[start..<min(start + 5_000, events.count)].map { AppendRequest($0) })
        }
        func same(_ seq: Int64, _ e: Event) -> Bool {
            var withId = e
            withId.id = events[Int(seq) - 1].id // replay scans leave the id out
            return withId.identityBytes == events[Int(seq) - 1].identityBytes
        }
        var all: [Int64] = [], differing: [Int64] = []
        try store.log.replayScan(after: 0) { seq, e in all.append(seq); if !same(seq, e) { differing.append(seq) }; return true }
        #expect(all == Array(1...45_000) && differing.isEmpty, "\(all.count) events, \(differing.prefix(5)) differ")
        for city in City.allCases {
            var seen: [Int64] = []
            try store.log.replayScan(city: city, after: 1_000, through: 44_001) { seq, e in seen.append(seq); if !same(seq, e) { differing.append(seq) }; return true }
            #expect(seen == (1_001...44_001).filter { events[$0 - 1].city == city }.map(Int64.init) && differing.isEmpty, "\(city)")
        }
        for stopAt in [20_000, 20_001] {
            var n = 0
            try store.log.replayScan { _, _ in n += 1; return n < stopAt }
            #expect(n == stopAt)
            #expect(try store.log.head().seq == 45_000)
        }
    }

    @Test("a subject's events filter valid time and recorded time separately, and keep cities apart", arguments: StoreContractTests.backends)
    func bitemporalQuery(_ backend: BackendUnderTest) throws {
        let store = try backend.make()
        let income = Payload(.incomeDeclared, ["income_year": .int(2019), "source": .int(0), "salary": .int(5_000_000)])
        let declared = Event(id: "i1", city: .okazaki, subject: "r1", type: .incomeDeclared,
                             validDate: CivilDate(year: 2020, month: 1, day: 31)!,
                             recordedAt: RecordedTime(japan: CivilDate(year: 2020, month: 6, day: 1)!, hour: 9), payload: income)
        let otherCity = Event(id: "t1", city: .toyohashi, subject: "r1", type: .incomeDeclared,
                              validDate: CivilDate(year: 2020, month: 1, day: 31)!,
                              recordedAt: RecordedTime(japan: CivilDate(year: 2020, month: 7, day: 1)!, hour: 9), payload: income)
        let moved = Event(id: "m1", city: .okazaki, subject: "r1", type: .residentMovedWithinCity,
                          validDate: CivilDate(year: 2021, month: 9, day: 1)!,
                          recordedAt: RecordedTime(japan: CivilDate(year: 2021, month: 9, day: 2)!),
                          payload: Payload(.residentMovedWithinCity, ["household": .text("h9")]))
        let corrected = Event(id: "c1", city: .okazaki, subject: "r1", type: .incomeCorrected,
                              validDate: CivilDate(year: 2020, month: 3, day: 15)!,
                              recordedAt: RecordedTime(japan: CivilDate(year: 2022, month: 5, day: 20)!, hour: 9),
                              payload: Payload(.incomeCorrected, ["income_year": .int(2019), "salary": .int(5_200_000)]))
        _ = try store.log.append([declared, otherCity, moved, corrected].map { AppendRequest($0) })

        func ids(_ city: City?, validOn: CivilDate?, knownAt: RecordedTime?) throws -> [String] {
            try store.log.events(city: city, subject: "r1", validOn: validOn, knownAt: knownAt).map(\.event.id)
        }
        let june2021 = RecordedTime(iso: "2021-06-01", dateMeansEndOfDay: true)
        let september2021 = RecordedTime(iso: "2021-09-01", dateMeansEndOfDay: true)
        #expect(try ids(.okazaki, validOn: nil, knownAt: june2021) == ["i1"], "the 2022 correction is not known yet")
        #expect(try ids(.okazaki, validOn: CivilDate(year: 2020, month: 12, day: 31)!, knownAt: nil) == ["i1", "c1"],
                "the correction's valid date is in force, the move's is not")
        #expect(try ids(.okazaki, validOn: CivilDate(year: 2021, month: 12, day: 31)!, knownAt: september2021) == ["i1"],
                "the move was recorded on 2021-09-02")
        #expect(try ids(.toyohashi, validOn: nil, knownAt: nil) == ["t1"])
        #expect(try ids(nil, validOn: nil, knownAt: nil) == ["i1", "t1", "m1", "c1"])
    }

    @Test("a writer holding the store makes a second writer fail with .busy before it writes anything", arguments: StoreContractTests.backends)
    func writerLock(_ backend: BackendUnderTest) throws {
        let store = try backend.make()
        try store.log.holdWriter(purpose: "import")
        let other = try store.openAnother(0.2)
        let outcome = Result { () throws(StoreError) in try other.append([AppendRequest(SampleEvents.event(0))]) }
        guard case .failure(.busy) = outcome else {
            store.log.releaseWriter()
            Issue.record("expected .busy, got \(outcome)")
            return
        }
        #expect(try other.head().seq == 0)
        store.log.releaseWriter()
        #expect(try other.append([AppendRequest(SampleEvents.event(0))]).appended == 1, "released: the other writer may write")
    }

    @Test("a reader made for another thread sees the same head and events, and later appends", arguments: StoreContractTests.backends)
    func independentReader(_ backend: BackendUnderTest) throws {
        let store = try backend.make()
        _ = try store.log.append(SampleEvents.mixed(count: 15).map { AppendRequest($0) })
        let reader = try #require(try store.log.makeReader())
        #expect(try reader.head() == store.log.head())
        var fromReader: [Int64] = [], fromLog: [Int64] = []
        try reader.replayScan(city: .toyohashi, after: 0) { seq, _ in fromReader.append(seq); return true }
        try store.log.replayScan(city: .toyohashi, after: 0) { seq, _ in fromLog.append(seq); return true }
        #expect(fromReader == fromLog && !fromLog.isEmpty)
        _ = try store.log.append(SampleEvents.mixed(count: 5, startingAt: 15).map { AppendRequest($0) })
        #expect(try reader.head() == store.log.head())
        #expect(throws: StoreError.self, "a reader does not write") {
            try reader.append([AppendRequest(SampleEvents.event(20))])
        }
        #expect(try store.log.head().seq == 20)
    }

    @Test("stats count what was appended, per city and type", arguments: StoreContractTests.backends)
    func stats(_ backend: BackendUnderTest) throws {
        let store = try backend.make()
        let events = SampleEvents.mixed(count: 16)
        _ = try store.log.append(events.map { AppendRequest($0) })
        let stats = try store.log.stats()
        #expect(stats.totalEvents == 16)
        #expect(stats.rows.reduce(Int64(0)) { $0 + $1.count } == 16)
        let okazaki = stats.rows.filter { $0.city == .okazaki }.reduce(Int64(0)) { $0 + $1.count }
        #expect(okazaki == Int64(events.filter { $0.city == .okazaki }.count))
        #expect(stats.subjects == Int64(Set(events.map { "\($0.city.rawValue)/\($0.subject)" }).count))
    }
}
