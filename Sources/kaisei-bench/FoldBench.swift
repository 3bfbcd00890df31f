import Foundation
import KaiseiCore
import KaiseiEvents
import EventStore
import Replay
import Synthetic

/// Replay's two halves apart, on a generated population held in a store: reading and decoding
/// rows, and folding decoded events into state. For profiling the fold.
func foldBench(arguments: [String]) throws {
    var scale = 0.02
    var args = ArraySlice(arguments)
    while let a = args.popFirst() { if a == "--scale" { scale = Double(args.popFirst() ?? "") ?? scale } }
    let tables = try Tables.load(URL(fileURLWithPath: "tools/population/tables.json"))
    var events: [Event] = []
    Generator(tables: tables, seed: 1, scale: scale).run(write: { events += $0 })
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("kaisei-fold-\(getpid())")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: dir) }
    let log = try SQLiteEventLog(path: dir.appendingPathComponent("f.sqlite").path)
    for s in stride(from: 0, to: events.count, by: 50_000) { _ = try log.append(events[s..<min(s + 50_000, events.count)].map { AppendRequest($0) }) }
    var decoded: [(Int64, Event)] = []
    decoded.reserveCapacity(events.count)
    let scan = try seconds { try log.replayScan { s, e in decoded.append((s, e)); return true } }
    var best = Double.infinity
    for _ in 0..<(Int(ProcessInfo.processInfo.environment["FOLD_REPEAT"] ?? "") ?? 3) {
        best = min(best, seconds {
            var pops: [City: Population] = [.okazaki: Population(city: .okazaki), .toyohashi: Population(city: .toyohashi)]
            for (s, e) in decoded { pops[e.city]!.apply(e, seq: s) }
        })
    }
    print("events \(events.count): scan+decode \(Int(Double(events.count) / scan)) ev/s, fold \(Int(Double(events.count) / best)) ev/s")
}
