import Testing
import Foundation
import KaiseiCore
import KaiseiEvents
import EventStore
import Replay
import Snapshots
import Synthetic
import TestSupport

/// Snapshots are a cache: whatever happens to them, every answer equals a replay from the
/// first event, byte for byte (`StateCodec` of the whole state of both cities).
@Suite("LZ4 snapshots of the replayed state")
final class SnapshotTests {
    static let tables = try! Tables.load(URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("tools/population/tables.json"))
    let store: TemporaryStore
    let folder: SnapshotFolder
    /// The snapshot is taken as known at this moment, mid-history.
    static let cut = RecordedTime(japan: CivilDate(year: 2022, month: 6, day: 1)!)

    init() throws {
        store = try TemporaryStore()
        folder = SnapshotFolder(directory: store.directory.appendingPathComponent("snapshots"))
        var events: [Event] = []
        Generator(tables: Self.tables, seed: 7, scale: 0.002).run(write: { events += $0 })
        for start in stride(from: 0, to: events.count, by: 20_000) {
            _ = try store.log.append(events[start..<min(start + 20_000, events.count)].map { AppendRequest($0) })
        }
    }

    func full(knownAt: RecordedTime = .distantFuture) throws -> [UInt8] {
        let (pops, _) = try Replayer.replayWithWatermark(knownAt: knownAt) { visit in try store.log.replayScan(visit) }
        return StateCodec.encode(pops)
    }

    func snapshotAtCut() throws -> URL {
        let (pops, w) = try Replayer.replayWithWatermark(knownAt: Self.cut) { visit in try store.log.replayScan(visit) }
        return try folder.write(pops, watermark: w, log: store.log, revisionSet: "test").url
    }

    func fromSnapshots(knownAt: RecordedTime = .distantFuture) throws -> (bytes: [UInt8], used: SnapshotHeader?, warnings: [SnapshotProblem]) {
        let o = try StoreReplay.replay(store.log, knownAt: knownAt, snapshots: folder)
        return (StateCodec.encode(o.pops), o.snapshot, o.warnings)
    }

    @Test("the two cities folded on two cores give the sequential replay's bytes and watermark, at every cut")
    func replayByCityEqualsSequential() throws {
        let head = try store.log.head().seq
        let cuts: [(RecordedTime, Int64)] = [(.distantFuture, .max), (Self.cut, .max), (.distantFuture, head / 3),
                                             (RecordedTime(japan: CivilDate(year: 2016, month: 1, day: 1)!), .max)]
        for (knownAt, through) in cuts {
            let seq = try Replayer.replayWithWatermark(knownAt: knownAt, through: through) { visit in try store.log.replayScan(visit) }
            let par = try StoreReplay.foldEvents(store.log, knownAt: knownAt, through: through, from: nil)
            #expect(par.watermark == seq.watermark)
            #expect(par.watermark > 0)
            #expect(StateCodec.encode(par.pops) == StateCodec.encode(seq.pops))
        }
    }

    @Test("state from a snapshot plus later events equals a replay from the first event, byte for byte")
    func sameBytes() throws {
        _ = try snapshotAtCut()
        let r = try fromSnapshots()
        #expect(r.used != nil)
        #expect(r.warnings.isEmpty)
        #expect(r.bytes == (try full()))
    }

    @Test("events recorded after the snapshot with valid dates long before it fold in where they belong")
    func lateEventsWithEarlyValidDates() throws {
        _ = try snapshotAtCut()
        // An income correction for 2015 and a household move dated 2014, both recorded now.
        var someone = ""
        try store.log.replayScan { _, e in if e.type == .residentRegistered && e.city == .okazaki { someone = e.subject; return false }; return true }
        let correction = Event(id: "late-1", city: .okazaki, subject: someone, type: .incomeCorrected, validDate: CivilDate(year: 2016, month: 3, day: 15)!,
                               payload: Payload(.incomeCorrected, ["income_year": .int(2015), "salary": .int(9_876_000), "pension": .int(0),
                                                                   "business_income": .int(0), "other_income": .int(0), "reason": .int(0)]))
        let move = Event(id: "late-2", city: .okazaki, subject: someone, type: .residentHouseholdChanged, validDate: CivilDate(year: 2014, month: 5, day: 1)!,
                         payload: Payload(.residentHouseholdChanged, ["household": .text("okz-h-late")]))
        _ = try store.log.append([AppendRequest(correction), AppendRequest(move)])
        let r = try fromSnapshots()
        #expect(r.used != nil)
        #expect(r.bytes == (try full()))
        let restored = try StoreReplay.replay(store.log, knownAt: .distantFuture, snapshots: folder).pops[.okazaki]!
        #expect(restored.residents[someone]!.income(of: 2015).salary == Yen(9_876_000))
        #expect(restored.residents[someone]!.household.value(on: CivilDate(year: 2014, month: 6, day: 1)!) == "okz-h-late")
    }

    @Test("a query known before the snapshot's watermark does not use it, and is still right")
    func earlierKnownAt() throws {
        _ = try snapshotAtCut()
        let early = RecordedTime(japan: CivilDate(year: 2019, month: 6, day: 1)!)
        let r = try fromSnapshots(knownAt: early)
        #expect(r.used == nil)
        #expect(r.bytes == (try full(knownAt: early)))
    }

    @Test("a damaged, truncated or foreign snapshot is ignored with a warning, and the answer is still exact",
          arguments: ["damaged", "truncated", "foreign", "header"])
    func badSnapshots(kind: String) throws {
        let url = try snapshotAtCut()
        var data = try Data(contentsOf: url)
        switch kind {
        case "damaged": data[data.count - 100] ^= 0xFF
        case "truncated": data = data.prefix(data.count / 2)
        case "header": data[14] ^= 0x01
        default:
            // Made from another store (another seed): its watermark's hash is not this store's.
            let other = try TemporaryStore()
            var events: [Event] = []
            Generator(tables: Self.tables, seed: 8, scale: 0.001).run(write: { events += $0 })
            _ = try other.log.append(events.map { AppendRequest($0) })
            let (pops, w) = try Replayer.replayWithWatermark(knownAt: .distantFuture) { visit in try other.log.replayScan(visit) }
            let foreign = SnapshotFolder(directory: other.directory)
            data = try Data(contentsOf: try foreign.write(pops, watermark: min(w, try store.log.head().seq), log: other.log, revisionSet: "x").url)
        }
        try data.write(to: url)
        let r = try fromSnapshots()
        #expect(r.used == nil)
        #expect(r.warnings.count == 1, "\(r.warnings)")
        let expected = ["damaged": "damaged", "truncated": "truncated", "foreign": "chain hash", "header": "header checksum"][kind]!
        #expect(r.warnings.first?.reason.contains(expected) == true, "\(r.warnings)")
        #expect(r.bytes == (try full()))
    }

    @Test("the codec round-trips: decode(encode(state)) encodes to the same bytes")
    func roundTrip() throws {
        let bytes = try full()
        let again = try bytes.withUnsafeBytes { StateCodec.encode(try StateCodec.decode($0)) }
        #expect(again == bytes)
        #expect(bytes.count > 100_000)
    }

    @Test("pieces left by a snapshot write that was killed are listed for prune; a live writer's are not")
    func abandonedTemporaries() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("kaisei-prune-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        // A pid past the kernel's limit never runs; this process's own is alive.
        let limit = (try? String(contentsOfFile: "/proc/sys/kernel/pid_max", encoding: .utf8)).flatMap { Int32($0.trimmingCharacters(in: .whitespacesAndNewlines)) } ?? 4_194_304
        let dead = ".state-w000000000042.kss.\(limit + 1).tmp", deadBody = ".state-w000000000042.kss.\(limit + 1).body"
        let live = ".state-w000000000043.kss.\(getpid()).tmp"
        let recentDead = ".state-w000000000044.kss.\(limit + 1).tmp"
        for name in [dead, deadBody, live, recentDead, "state-w000000000041.kss"] { try Data("x".utf8).write(to: dir.appendingPathComponent(name)) }
        // Pieces untouched for two hours; the recent one may be another host's write in progress.
        let old = Date().addingTimeInterval(-7200)
        for name in [dead, deadBody, live] { try FileManager.default.setAttributes([.modificationDate: old], ofItemAtPath: dir.appendingPathComponent(name).path) }
        let found = SnapshotFolder(directory: dir).abandonedTemporaries.map(\.lastPathComponent)
        #expect(found == [dead, deadBody].sorted())
    }
}
