import Foundation
import KaiseiCore
import KaiseiEvents
import EventStore
import Law
import Replay
import Synthetic

/// The suite the issue names: on a generated population, ingest, replay and one fiscal year's
/// assessment. Figures for features not built yet are null, never estimated.
func populationBench(arguments: [String]) throws {
    var scale = 0.05
    var seed: UInt64 = 1
    var jsonPath: String?
    var args = ArraySlice(arguments)
    while let a = args.popFirst() {
        switch a {
        case "--scale": scale = Double(args.popFirst() ?? "") ?? scale
        case "--seed": seed = UInt64(args.popFirst() ?? "") ?? seed
        case "--json": jsonPath = args.popFirst()
        default: print("usage: kaisei-bench [population] [--scale S] [--seed N] [--json FILE]"); return
        }
    }
    let root = URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
    let tables = try Tables.load(root.appendingPathComponent("tools/population/tables.json"))
    let rb: RuleBase
    switch RuleBase.load(directory: root.appendingPathComponent("revisions")) {
    case .success(let r): rb = r
    case .failure(let e): throw e
    }
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("kaisei-bench-pop-\(getpid())")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: dir) }

    print("kaisei-bench: population suite, scale \(scale), seed \(seed), \(ProcessInfo.processInfo.activeProcessorCount) cores")
    // Generated straight to a file, year by year, and imported from it memory-mapped: the
    // population never sits in memory as text.
    let file = dir.appendingPathComponent("population.jsonl")
    FileManager.default.createFile(atPath: file.path, contents: nil)
    let out = try FileHandle(forWritingTo: file)
    var events = 0
    let generateSeconds = seconds {
        var buffer = [UInt8](); buffer.reserveCapacity(1 << 22)
        Generator(tables: tables, seed: seed, scale: scale).run(write: { batch in
            for e in batch {
                buffer += EventJSON.canonicalLine(e).utf8; buffer.append(0x0A)
                if buffer.count > 1 << 22 { out.write(Data(buffer)); buffer.removeAll(keepingCapacity: true) }
            }
            events += batch.count
        })
        out.write(Data(buffer))
    }
    try out.close()
    let log = try SQLiteEventLog(path: dir.appendingPathComponent("pop.sqlite").path)
    let mapped = try Data(contentsOf: file, options: .alwaysMapped)
    let ingestSeconds = try seconds {
        _ = try mapped.withUnsafeBytes { try JSONLImporter().run($0, file: "population", log: log) }
    }
    var pops: [City: Population] = [:]
    let replaySeconds = try seconds {
        pops = try Replayer.replay(knownAt: .distantFuture) { visit in
            try log.replayScan(visit)
        }
    }
    let fy = 2027
    var residents = 0
    var revenue = Yen.zero
    let assessSeconds = seconds {
        for c in City.allCases {
            let pop = pops[c]!
            let params = ResidentTaxParameters(ParameterSet(ruleBase: rb, city: c, fiscalYear: fy, asOf: .distantFuture))
            for (id, _) in pop.residents where pop.isResident(id, fiscalYear: fy) {
                residents += 1
                if let f = pop.taxpayerFacts(id, fiscalYear: fy) { revenue += ResidentTax.assess(f, fiscalYear: fy, params).total }
            }
        }
    }
    func f(_ v: Double, _ d: Int = 0) -> String { String(format: "%.\(d)f", v) }
    let rss = peakRSSMB()
    print("""
      events                 \(events) (generated in \(f(generateSeconds, 1)) s)
      residents (1 Jan \(fy))  \(residents)
      ingest (JSONL import)  \(f(Double(events) / ingestSeconds)) events/s   (\(f(ingestSeconds, 2)) s)
      replay (scan + fold)   \(f(Double(events) / replaySeconds)) events/s   (\(f(replaySeconds, 2)) s)
      assess FY\(fy)          \(f(assessSeconds, 3)) s   (resident tax only: the other levies are not built yet; revenue ¥\(revenue.grouped))
      certificate p50/p99    null (certificates not built yet)
      simulate               null (not built yet)
      snapshot write/restore null (not built yet)
      peak RSS               \(f(rss)) MB
    """)
    if let jsonPath {
        let obj: JSONValue = .object([
            ("scale", .number(String(scale))), ("events", .integer(Int64(events))), ("residents", .integer(Int64(residents))),
            ("ingest_events_per_s", .integer(Int64(Double(events) / ingestSeconds))),
            ("replay_events_per_s", .integer(Int64(Double(events) / replaySeconds))),
            ("assess_fy_seconds", .number(f(assessSeconds, 3))),
            ("assess_fy_levies", .array([.string("resident_tax")])),
            ("certificate_p50_ms", .null), ("certificate_p99_ms", .null), ("simulate_seconds", .null),
            ("snapshot_write_mb_per_s", .null), ("snapshot_restore_seconds", .null),
            ("peak_rss_mb", .integer(Int64(rss))),
        ])
        try Data((JSONWriter.canonical(obj) + "\n").utf8).write(to: URL(fileURLWithPath: jsonPath))
    }
}
