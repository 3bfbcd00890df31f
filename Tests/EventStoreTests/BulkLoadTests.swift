import Testing
import Foundation
import KaiseiCore
import KaiseiEvents
@testable import EventStore
import TestSupport

/// A large import into an empty store builds its indexes after the load
/// (`SQLiteEventLog+BulkLoad.swift`). These check it against the ordinary path, which keeps
/// the indexes up row by row: the same file must give the same store, byte for byte, and
/// every check must still refuse what it refused.
@Suite("Bulk load into an empty store")
struct BulkLoadTests {
    static func jsonl(_ events: [Event]) -> [UInt8] {
        Array((events.map(EventJSON.canonicalLine).joined(separator: "\n") + "\n").utf8)
    }

    static func export(_ log: any EventLog) throws -> [UInt8] {
        var out: [UInt8] = []
        try JSONLExporter.export(log) { out += $0 }
        return out
    }

    static func indexes(_ path: String) throws -> [String] {
        let db = try SQLiteDatabase(path: path, readOnly: true)
        let st = try db.prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'events' ORDER BY name")
        var names: [String] = []
        while try st.step() { names.append(st.text(0)) }
        return names
    }

    func importFile(_ bytes: [UInt8], into log: any EventLog, bulkThreshold: Int, batch: Int = 1_000) throws -> JSONLImporter.Summary {
        var importer = JSONLImporter(batchSize: batch)
        importer.bulkThreshold = bulkThreshold
        return try bytes.withUnsafeBytes { try importer.run($0, file: "bulk.jsonl", log: log) }
    }

    @Test("a bulk load and the row-by-row path store the same file byte-identically; the indexes are back and the chain verifies")
    func sameStoreEitherWay() throws {
        // Recorded times carried and left to the store, with a repeated line (counted once).
        var events = SampleEvents.mixed(count: 6_000, recordedFrom: RecordedTime(japan: CivilDate(year: 2020, month: 1, day: 1)!, hour: 9))
        events.insert(events[10], at: 4_000)
        let file = Self.jsonl(events)
        let bulk = try TemporaryStore(), plain = try TemporaryStore()
        // As `kaisei import` opens a store: verified (here: empty) before it writes.
        try bulk.log.verifyIncrementally(record: true)
        let a = try importFile(file, into: bulk.log, bulkThreshold: 1)
        let b = try importFile(file, into: plain.log, bulkThreshold: .max)
        #expect(a.bulkLoad && !b.bulkLoad)
        #expect(a.appended == 6_000 && a.alreadyPresent == 1)
        #expect(b.appended == 6_000 && b.alreadyPresent == 1)
        #expect(try Self.export(bulk.log) == Self.export(plain.log))
        #expect(try bulk.log.head() == plain.log.head())
        #expect(try Self.indexes(bulk.path) == ["events_by_id", "events_by_stream"])
        #expect(try bulk.log.verifyChain().isIntact)
        // The load started from a verified empty head: the checkpoint moved with it, so the
        // next writer checks nothing again; and the unique indexes refuse what they should.
        #expect(try bulk.log.verifyIncrementally(record: false).checked == 0)
        #expect(try bulk.log.streamVersion(city: .okazaki, subject: "okz-r-0") == plain.log.streamVersion(city: .okazaki, subject: "okz-r-0"))
        let again = try bulk.log.append([AppendRequest(events[0])])
        #expect(again.appended == 0 && again.alreadyPresent == 1)
        let e = events[1]
        let changed = Event(id: e.id, city: e.city, subject: e.subject, type: .residentMovedWithinCity, validDate: e.validDate,
                            payload: Payload(.residentMovedWithinCity, ["household": .text("okz-h-x")]))
        #expect(throws: StoreError.self) { _ = try bulk.log.append([AppendRequest(changed)]) }
    }

    @Test("events staged in a temporary file (a large import) are written exactly as those staged in memory")
    func stagedInAFile() throws {
        let events = SampleEvents.mixed(count: 3_000, recordedFrom: RecordedTime(japan: CivilDate(year: 2020, month: 1, day: 1)!, hour: 9))
        let file = Self.jsonl(events)
        let viaFile = try TemporaryStore(), inMemory = try TemporaryStore()
        var importer = JSONLImporter(batchSize: 500)
        importer.stageInMemoryUpTo = 0
        let a = try file.withUnsafeBytes { try importer.run($0, file: "f.jsonl", log: viaFile.log) }
        let b = try importFile(file, into: inMemory.log, bulkThreshold: .max)
        #expect(a.appended == 3_000 && b.appended == 3_000)
        #expect(try Self.export(viaFile.log) == Self.export(inMemory.log))
        #expect(try StagedEvents(inputBytes: 10, inMemoryUpTo: 0).isFile)
        #expect(try !StagedEvents(inputBytes: 10, inMemoryUpTo: 100).isFile)
    }

    @Test("a bulk load is refused by a store that holds events, and the import takes the ordinary path")
    func onlyIntoAnEmptyStore() throws {
        let store = try TemporaryStore()
        _ = try store.log.append([AppendRequest(SampleEvents.event(0))])
        #expect(try store.log.beginBulkLoad() == false)
        let s = try importFile(Self.jsonl(SampleEvents.mixed(count: 3_000, startingAt: 1)), into: store.log, bulkThreshold: 1)
        #expect(!s.bulkLoad && s.appended == 3_000)
        #expect(try Self.indexes(store.path) == ["events_by_id", "events_by_stream"])
        #expect(try store.log.verifyChain().isIntact)
    }

    @Test("inside a bulk load, a repeated id is a no-op and a conflicting one is refused; the refusal ends the load with the indexes rebuilt")
    func checksHoldDuringTheLoad() throws {
        let store = try TemporaryStore()
        #expect(try store.log.beginBulkLoad())
        #expect(try Self.indexes(store.path).isEmpty)
        let first = SampleEvents.mixed(count: 100)
        #expect(try store.log.append(first.map { AppendRequest($0) }).appended == 100)
        // The same events again, and one more: only the new one is written.
        let r = try store.log.append((first + [SampleEvents.event(100)]).map { AppendRequest($0) })
        #expect(r.appended == 1 && r.alreadyPresent == 100)
        // Stream versions are counted in the load: subject okz-r-0 holds events 0, 2, 4, 6.
        #expect(throws: StoreError.self) {
            _ = try store.log.append([AppendRequest(Event(id: "x-1", city: .okazaki, subject: "okz-r-0", type: .residentMovedWithinCity,
                                                          validDate: CivilDate(year: 2020, month: 1, day: 1)!,
                                                          payload: Payload(.residentMovedWithinCity, ["household": .text("okz-h-1")])), expectedVersion: 3)])
        }
        #expect(try Self.indexes(store.path) == ["events_by_id", "events_by_stream"], "the failed append ended the load")
        try store.log.endBulkLoad()
        #expect(try store.log.append([AppendRequest(Event(id: "x-1", city: .okazaki, subject: "okz-r-0", type: .residentMovedWithinCity,
                                                          validDate: CivilDate(year: 2020, month: 1, day: 1)!,
                                                          payload: Payload(.residentMovedWithinCity, ["household": .text("okz-h-1")])), expectedVersion: 4)]).appended == 1)
        #expect(try store.log.verifyChain().isIntact)
    }

    @Test("inside a bulk load, batches large enough for their ids to be noted on the second core keep every check: repeats across and within a batch are no-ops, a changed repeat is refused")
    func checksHoldForLargeBatches() throws {
        let store = try TemporaryStore()
        #expect(try store.log.beginBulkLoad())
        let n = PreparedLinks.threshold + 1_000
        let first = SampleEvents.mixed(count: n)
        #expect(try store.log.append(first.map { AppendRequest($0) }).appended == n)
        // Everything again, each of the first 600 followed by a new event of the same stream
        // (so streams hold repeats, not written, before new events that are); then 500 events of
        // new streams, and two events (one old, one new) twice more.
        let extra = first.prefix(600).map {
            Event(id: "more-" + $0.id, city: $0.city, subject: $0.subject, type: $0.type, validDate: $0.validDate, payload: $0.payload)
        }
        let fresh = SampleEvents.mixed(count: 500, startingAt: n)
        let second = zip(first.prefix(600), extra).flatMap { [$0, $1] } + first.dropFirst(600) + fresh + [fresh[7], first[3]]
        let r = try store.log.append(second.map { AppendRequest($0) })
        #expect(r.appended == 1_100 && r.alreadyPresent == n + 2)
        // A large batch with an old id and other content in its middle is refused whole.
        var third = SampleEvents.mixed(count: PreparedLinks.threshold + 10, startingAt: n + 500)
        third[third.count / 2] = Event(id: first[5].id, city: first[5].city, subject: first[5].subject, type: .residentMovedWithinCity,
                                       validDate: first[5].validDate, payload: Payload(.residentMovedWithinCity, ["household": .text("okz-h-999")]))
        #expect(throws: StoreError.self) { _ = try store.log.append(third.map { AppendRequest($0) }) }
        #expect(try Self.indexes(store.path) == ["events_by_id", "events_by_stream"], "the failed append ended the load")
        #expect(try store.log.head().seq == Int64(n + 1_100))
        #expect(try store.log.verifyChain().isIntact)
        // Each event once, in order, with the stream versions an ordinary append of them gives.
        func rows(_ log: SQLiteEventLog) throws -> [String] {
            var out: [String] = []
            try log.scan(after: 0, through: .max) { out.append("\($0.event.id) \($0.event.subject) \($0.streamVersion)") }
            return out
        }
        let plain = try TemporaryStore()
        _ = try plain.log.append((first + extra + fresh).map { AppendRequest($0) })
        #expect(try rows(store.log) == rows(plain.log))
    }

    @Test("a load that stops before its indexes are built (a crash) leaves whole batches that verify; the next writer rebuilds the indexes, a reader reads meanwhile")
    func interruptedLoadIsRepaired() throws {
        let dir = try TemporaryStore()
        let path = dir.directory.appendingPathComponent("crashed.sqlite").path
        do {
            let log = try SQLiteEventLog(path: path, clock: TestClock().next)
            #expect(try log.beginBulkLoad())
            for k in 0..<3 { _ = try log.append(SampleEvents.mixed(count: 500, startingAt: k * 500).map { AppendRequest($0) }) }
            // The process dies here: no endBulkLoad, and the kernel drops the writer lock.
        }
        #expect(try Self.indexes(path).isEmpty)
        let reader = try SQLiteEventLog(path: path, readOnly: true)
        #expect(try reader.head().seq == 1_500)
        #expect(try reader.events(city: .okazaki, subject: "okz-r-0", validOn: nil, knownAt: nil).count == 4)
        let log = try SQLiteEventLog(path: path, clock: TestClock().next)
        #expect(try Self.indexes(path) == ["events_by_id", "events_by_stream"])
        let report = try log.verifyChain()
        #expect(report.isIntact && report.checked == 1_500)
        // The import is simply run again to finish.
        let s = try importFile(Self.jsonl(SampleEvents.mixed(count: 4_000)), into: log, bulkThreshold: 1)
        #expect(!s.bulkLoad && s.appended == 2_500 && s.alreadyPresent == 1_500)
        #expect(try log.verifyChain().isIntact)
    }

    /// A row written behind the bulk load's back, chained correctly, as a writer that ignored
    /// the writer lock would write it.
    static func writeAround(_ path: String, _ e: Event, streamVersion: Int64) throws {
        let db = try SQLiteDatabase(path: path, readOnly: false)
        let head = try db.prepare("SELECT seq, hash, recorded_at FROM chain_head WHERE id = 1")
        _ = try head.step()
        let seq = head.int(0), previous = head.bytes(1), at = RecordedTime(microseconds: head.int(2) + 1)
        head.reset()
        let hash = SQLiteEventLog.link(previous, e, at)
        try db.transaction {
            let st = try db.prepare("INSERT INTO events(\(SQLiteEventLog.insertColumns)) VALUES (?,?,?,?,?,?,?,?,?,?,?)")
            st.bind(1, seq + 1); st.bind(2, e.id); st.bind(3, Int64(e.city.code)); st.bind(4, e.subject)
            st.bind(5, streamVersion); st.bind(6, Int64(e.type.rawValue)); st.bind(7, e.validDate.packed)
            st.bind(8, at.microseconds); st.bind(9, e.schemaVersion); st.bind(10, e.payload.encoded(for: e.type)); st.bind(11, hash)
            try st.step()
            let h = try db.prepare("UPDATE chain_head SET seq = ?, hash = ?, recorded_at = ? WHERE id = 1")
            h.bind(1, seq + 1); h.bind(2, hash); h.bind(3, at.microseconds)
            try h.step()
        }
    }

    @Test("rows written during a bulk load by a writer that ignored the lock stop the load before it numbers a stream twice; the store keeps its indexes and verifies")
    func anotherWriterDuringTheLoad() throws {
        let store = try TemporaryStore()
        try store.log.verifyIncrementally(record: true)
        #expect(try store.log.beginBulkLoad())
        let first = SampleEvents.mixed(count: 100)
        #expect(try store.log.append(first.map { AppendRequest($0) }).appended == 100)
        // okz-r-0 holds events 0, 2, 4, 6 (versions 1–4); the intruder adds version 5.
        let intruder = Event(id: "x-intruder", city: .okazaki, subject: "okz-r-0", type: .residentMovedWithinCity,
                             validDate: CivilDate(year: 2020, month: 1, day: 1)!,
                             payload: Payload(.residentMovedWithinCity, ["household": .text("okz-h-1")]))
        try Self.writeAround(store.path, intruder, streamVersion: 5)
        var next = intruder
        next.id = "x-next"
        let error = #expect(throws: StoreError.self) { _ = try store.log.append([AppendRequest(next)]) }
        #expect("\(String(describing: error))".contains("during a bulk load"))
        // The load ended there: the unique indexes build (no stream numbered twice) and the
        // next append carries on from the intruder's version.
        #expect(try Self.indexes(store.path) == ["events_by_id", "events_by_stream"])
        #expect(try store.log.verifyChain().isIntact)
        // Nothing vouched for the intruder's row: the checkpoint stayed, verify walks it all.
        #expect(try store.log.verifyIncrementally(record: false).checked == 101)
        #expect(try store.log.append([AppendRequest(next, expectedVersion: 5)]).appended == 1)
        #expect(try store.log.streamVersion(city: .okazaki, subject: "okz-r-0") == 6)
    }

    @Test("a row written after a bulk load's last batch and before its end is not vouched for: verify walks it")
    func rowAfterTheLastBatch() throws {
        let store = try TemporaryStore()
        try store.log.verifyIncrementally(record: true)
        #expect(try store.log.beginBulkLoad())
        #expect(try store.log.append(SampleEvents.mixed(count: 100).map { AppendRequest($0) }).appended == 100)
        let intruder = Event(id: "x-late", city: .toyohashi, subject: "toy-r-late", type: .residentMovedWithinCity,
                             validDate: CivilDate(year: 2020, month: 1, day: 1)!,
                             payload: Payload(.residentMovedWithinCity, ["household": .text("toy-h-1")]))
        try Self.writeAround(store.path, intruder, streamVersion: 1)
        try store.log.endBulkLoad()
        #expect(try store.log.verifyIncrementally(record: false).checked == 101)
    }

    @Test("a schema changed behind a bulk load's back is not vouched for: the checkpoint stays, and verify walks the loaded rows")
    func schemaChangedDuringTheLoad() throws {
        let store = try TemporaryStore()
        try store.log.verifyIncrementally(record: true)
        #expect(try store.log.beginBulkLoad())
        #expect(try store.log.append(SampleEvents.mixed(count: 100).map { AppendRequest($0) }).appended == 100)
        // Say the append-only trigger was dropped and put back meanwhile (a row could have
        // been changed in between); any change of schema counts.
        let db = try SQLiteDatabase(path: store.path, readOnly: false)
        try db.execute("CREATE TABLE someone_elses(a)")
        try store.log.endBulkLoad()
        #expect(try store.log.verifyIncrementally(record: false).checked == 100)
        #expect(try Self.indexes(store.path) == ["events_by_id", "events_by_stream"])
    }

    @Test("while a bulk load holds the store, another writer waits and is told who holds it")
    func otherWritersWait() throws {
        let store = try TemporaryStore()
        #expect(try store.log.beginBulkLoad())
        let error = #expect(throws: StoreError.self) { _ = try SQLiteEventLog(path: store.path, writerWait: 0.1) }
        if case .busy(let holder, _)? = error { #expect(holder.contains("bulk load")) } else { Issue.record("expected busy, got \(String(describing: error))") }
        try store.log.endBulkLoad()
        #expect(try SQLiteEventLog(path: store.path, writerWait: 0.1).head().seq == 0)
    }
}

@Suite("Import: ids repeated far apart")
struct RepeatedIdTests {
    @Test("a file concatenated with itself imports each event once, whichever chunk of lines the first copy was in")
    func fileTwice() throws {
        // More lines than one chunk of validation (65,536), so repeats reach back into chunks
        // already checked and released.
        let events = SampleEvents.mixed(count: 70_000)
        let once = events.map(EventJSON.canonicalLine).joined(separator: "\n") + "\n"
        var text = once + once
        // And one line that reuses an id of the first chunk with other content, 139,999 lines on.
        let e = events[5]
        let changed = Event(id: e.id, city: e.city, subject: e.subject, type: .residentMovedWithinCity, validDate: e.validDate,
                            payload: Payload(.residentMovedWithinCity, ["household": .text("okz-h-x")]))
        let store = try TemporaryStore()
        let summary = try Array(text.utf8).withUnsafeBytes { try JSONLImporter().run($0, file: "twice.jsonl", log: store.log) }
        #expect(summary.appended == 70_000 && summary.alreadyPresent == 70_000 && summary.lines == 140_000)
        text += EventJSON.canonicalLine(changed) + "\n"
        let other = try TemporaryStore()
        let v = try Array(text.utf8).withUnsafeBytes { try JSONLImporter().validate($0, file: "twice.jsonl", log: other.log) }
        #expect(v.problemCount == 1)
        #expect(v.problems.first?.line == 140_001)
        #expect(v.problems.first?.reason.contains("first at line 6") == true, "\(v.problems)")
    }
}
