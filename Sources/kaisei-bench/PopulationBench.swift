import Foundation
import KaiseiCore
import KaiseiEvents
import EventStore
import Law
import Replay
import Assessment
import Synthetic
import Snapshots
import Certificates
import Simulation

/// The suite the issue names: on a generated population, ingest, replay and one fiscal year's
/// assessment. Figures for features not built yet are null, never estimated.
func populationBench(arguments: [String]) throws {
    var scale = 0.05
    var seed: UInt64 = 1
    var jsonPath: String?
    var keep: String?
    var args = ArraySlice(arguments)
    while let a = args.popFirst() {
        switch a {
        case "--scale": scale = Double(args.popFirst() ?? "") ?? scale
        case "--seed": seed = UInt64(args.popFirst() ?? "") ?? seed
        case "--json": jsonPath = args.popFirst()
        case "--keep": keep = args.popFirst()
        default: print("usage: kaisei-bench [population] [--scale S] [--seed N] [--json FILE] [--keep DIR]"); return
        }
    }
    let root = URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
    let tables = try Tables.load(root.appendingPathComponent("tools/population/tables.json"))
    let rb: RuleBase
    switch RuleBase.load(directory: root.appendingPathComponent("revisions")) {
    case .success(let r): rb = r
    case .failure(let e): throw e
    }
    func f(_ v: Double, _ d: Int = 0) -> String { String(format: "%.\(d)f", v) }
    // `--keep DIR`: the generated store stays in DIR, and a later run with the same DIR (and the
    // same scale and seed) measures everything after ingest on it: a full-scale population takes
    // half an hour to generate and ingest, the rest a few minutes.
    let dir = keep.map { URL(fileURLWithPath: $0) } ?? FileManager.default.temporaryDirectory.appendingPathComponent("kaisei-bench-pop-\(getpid())")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    defer { if keep == nil { try? FileManager.default.removeItem(at: dir) } }
    let storePath = dir.appendingPathComponent("pop.sqlite").path
    let marker = dir.appendingPathComponent("population.done")
    let reuse = keep != nil && (try? String(contentsOf: marker, encoding: .utf8)) == "scale \(scale) seed \(seed)\n"
    try? FileManager.default.removeItem(at: dir.appendingPathComponent("snapshots"))

    print("kaisei-bench: population suite, scale \(scale), seed \(seed), \(ProcessInfo.processInfo.activeProcessorCount) cores\(reuse ? ", reusing the store in \(dir.path)" : "")")
    var events = 0
    var generateSeconds = Double.nan, ingestSeconds = Double.nan
    let log: SQLiteEventLog
    if reuse {
        log = try SQLiteEventLog(path: storePath)
        events = Int(try log.head().seq)
    } else {
        for f in ["pop.sqlite", "pop.sqlite-wal", "pop.sqlite-shm", "population.done"] { try? FileManager.default.removeItem(at: dir.appendingPathComponent(f)) }
        (log, generateSeconds, ingestSeconds) = try generateAndIngest(dir: dir, storePath: storePath, tables: tables, seed: seed, scale: scale, events: &events)
        if keep != nil { try Data("scale \(scale) seed \(seed)\n".utf8).write(to: marker) }
    }
    // Peaks by phase: generation and ingest (the input file is memory-mapped, its pages count),
    // then everything a serving process does: replay, snapshot, assessment, certificates.
    let ingestRSS = reuse ? Double.nan : peakRSSMB()
    let windowed = resetPeakRSS()
    var pops: [City: Population] = [:]
    let replaySeconds = try seconds {
        pops = try StoreReplay.foldEvents(log, knownAt: .distantFuture, from: nil).pops
    }
    let fy = 2027
    let head = try log.head()
    // Snapshot of the whole state: write (LZ4), then restore (read, check, decompress, decode).
    let folder = SnapshotFolder(directory: dir.appendingPathComponent("snapshots"))
    var snapshotBytes = 0, stateBytes = 0
    let writeSeconds = try seconds {
        let w = try folder.write(pops, watermark: head.seq, log: log, revisionSet: rb.revisionSetHash(asOf: .distantFuture))
        snapshotBytes = w.bytes; stateBytes = w.stateBytes
    }
    // The replayed state's digest, then the state is dropped: restore must rebuild it alone.
    let replayedDigest = stateDigest(pops)
    let replayPeak = peakRSSMB()
    pops = [:]
    // Freed by two replay threads, the state's memory sits in their malloc arenas, where the
    // restoring thread cannot reuse it: hand it back, as a long-running process would.
    _ = glibcMallocTrim(0)
    if windowed { resetPeakRSS() }
    var restored: [City: Population] = [:]
    let restoreSeconds = try seconds {
        guard case .success(let (_, p)) = folder.load(folder.files.last!, log: log) else { throw BenchFailure("snapshot did not load") }
        restored = p
    }
    let identical = stateDigest(restored) == replayedDigest
    // Every levy of one fiscal year for both cities, from the restored snapshot, one city per core.
    var runs: [CityLevies] = []
    let assessSeconds = seconds {
        runs = FiscalYearLevies.run(restored, fiscalYear: fy, ruleBase: rb, asOf: .distantFuture)
    }
    let residents = runs.reduce(0) { $0 + $1.residents }
    let revenue = runs.reduce(Yen.zero) { $0 + $1.total }
    // Past-year income certificates at the counter: a warm process holds the state as known
    // now; each certificate is computed, fingerprinted and rendered (JSON and HTML).
    var hash = [UInt8](repeating: 0, count: 32)
    try log.scan(after: head.seq - 1, through: head.seq) { hash = $0.hash }
    let builder = CertificateBuilder(ruleBase: rb, pops: restored, watermark: head.seq, watermarkHash: hash)
    var candidates: [(String, City)] = []
    for c in City.allCases { for id in restored[c]!.residents.keys.sorted() where restored[c]!.isResident(id, fiscalYear: 2024) { candidates.append((id, c)) } }
    var times: [Double] = []
    var rng = UInt64(seed)
    for _ in 0..<min(2_000, candidates.count) {
        rng = rng &* 6364136223846793005 &+ 1442695040888963407
        let (id, c) = candidates[Int((rng >> 33) % UInt64(candidates.count))]
        let year = 2020 + Int((rng >> 20) % 7)
        let req = CertificateRequest(kind: .income, subject: id, fiscalYear: year, knownAt: head.recordedAt, city: c)
        times.append(seconds {
            if let cert = try? builder.build(req) { _ = cert.json; _ = cert.html }
        } * 1000)
    }
    times.sort()
    let p50 = times.isEmpty ? 0 : times[times.count / 2], p99 = times.isEmpty ? 0 : times[min(times.count - 1, times.count * 99 / 100)]
    // Each shipped draft over both cities from the restored state (every levy it affects, with
    // and without it), then the meeting's report and the per-subject CSV written from it.
    var simulations: [(draft: String, seconds: Double, reportSeconds: Double, subjects: Int)] = []
    let draftsDir = root.appendingPathComponent("revisions/drafts")
    for name in ((try? FileManager.default.contentsOfDirectory(atPath: draftsDir.path)) ?? []).sorted() where name.hasSuffix(".yaml") {
        let draft = try RuleSet.loadDraft(draftsDir.appendingPathComponent(name).path)
        var cmp: Comparison?
        let s = seconds {
            cmp = Comparison.run(restored, cities: City.allCases, fiscalYear: fy, before: RuleSet(ruleBase: rb, adoptedBy: .distantFuture),
                                 after: RuleSet(ruleBase: rb, adoptedBy: .distantFuture, drafts: [draft]), watermark: head.seq, knownAt: .distantFuture)
        }
        let out = dir.appendingPathComponent("report-\(draft.id).html")
        let r = try seconds {
            try Data(cmp!.html(command: "kaisei simulate --draft revisions/drafts/\(name) --fiscal-year \(fy)").utf8).write(to: out)
            try Data(cmp!.csv.utf8).write(to: dir.appendingPathComponent("report-\(draft.id).csv"))
        }
        simulations.append((draft.id, s, r, cmp!.changes.count))
    }
    let simulateSeconds = simulations.map(\.seconds).max()
    let reportSeconds = simulations.map(\.reportSeconds).max()
    let rss = max(peakRSSMB(), replayPeak)
    let servingPeak = peakRSSMB()
    let rssText = windowed ? "\(f(rss)) MB from replay to certificates (replay and snapshot write \(f(replayPeak)) MB; restore, assessment, certificates and simulation \(f(servingPeak)) MB); generation and ingest \(reuse ? "not run" : "\(f(ingestRSS)) MB")" : "\(f(rss)) MB"
    let mb = Double(stateBytes) / 1_048_576
    print("""
      events                 \(events) \(reuse ? "(store reused from --keep)" : "(generated in \(f(generateSeconds, 1)) s)")
      residents (1 Jan \(fy))  \(residents)
      ingest (JSONL import)  \(reuse ? "not measured (store reused)" : "\(f(Double(events) / ingestSeconds)) events/s   (\(f(ingestSeconds, 2)) s)")
      replay (a city a core) \(f(Double(events) / replaySeconds)) events/s   (\(f(replaySeconds, 2)) s)
      snapshot write         \(f(mb / writeSeconds)) MB/s of state (\(f(mb)) MB → \(f(Double(snapshotBytes) / 1_048_576)) MB LZ4, \(f(writeSeconds, 2)) s)
      snapshot restore       \(f(restoreSeconds, 2)) s (state identical to the replay: \(identical))
      assess FY\(fy)          \(f(assessSeconds, 3)) s from the snapshot, all levies both cities (resident, light vehicle, fixed asset, city planning, NHI, 法人市民税, 事業所税); revenue ¥\(revenue.grouped)
      certificate p50/p99    \(f(p50, 2)) / \(f(p99, 2)) ms (\(times.count) past-year income certificates, JSON + HTML, warm process)
      simulate               \(simulations.isEmpty ? "null (no drafts in revisions/drafts)" : simulations.map { "\($0.draft) \(f($0.seconds, 2)) s + report and CSV \(f($0.reportSeconds, 2)) s (\($0.subjects) subject rows)" }.joined(separator: "\n                             "))
      peak RSS               \(rssText)
    """)
    if let jsonPath {
        let obj: JSONValue = .object([
            ("scale", .number(String(scale))), ("events", .integer(Int64(events))), ("residents", .integer(Int64(residents))),
            ("ingest_events_per_s", reuse ? .null : .integer(Int64(Double(events) / ingestSeconds))),
            ("replay_events_per_s", .integer(Int64(Double(events) / replaySeconds))),
            ("assess_fy_seconds", .number(f(assessSeconds, 3))),
            ("assess_fy_levies", .array([.string("resident_tax"), .string("light_vehicle_tax"), .string("fixed_asset_tax"), .string("city_planning_tax"), .string("nhi"), .string("corporate_tax"), .string("office_tax")])),
            ("certificate_p50_ms", .number(f(p50, 2))), ("certificate_p99_ms", .number(f(p99, 2))), ("simulate_seconds", simulateSeconds.map { .number(f($0, 3)) } ?? .null),
            ("simulate_report_seconds", reportSeconds.map { .number(f($0, 3)) } ?? .null),
            ("snapshot_write_mb_per_s", .number(f(mb / writeSeconds, 1))), ("snapshot_restore_seconds", .number(f(restoreSeconds, 3))),
            ("snapshot_identical", .bool(identical)),
            ("peak_rss_mb", .integer(Int64(rss))),
            ("peak_rss_mb_phase", .string(windowed ? "replay_to_certificates" : "whole_run")),
            ("peak_rss_ingest_mb", ingestRSS.isNaN ? .null : .integer(Int64(ingestRSS))),
            ("peak_rss_replay_and_write_mb", .integer(Int64(replayPeak))),
            ("peak_rss_restore_to_simulate_mb", windowed ? .integer(Int64(servingPeak)) : .null),
        ])
        try Data((JSONWriter.canonical(obj) + "\n").utf8).write(to: URL(fileURLWithPath: jsonPath))
    }
}

struct BenchFailure: Error, CustomStringConvertible {
    let description: String
    init(_ d: String) { description = d }
}


/// Generated straight to a file, year by year, and imported from it memory-mapped: the
/// population never sits in memory as text. The file is deleted once it is in the store.
private func generateAndIngest(dir: URL, storePath: String, tables: Tables, seed: UInt64, scale: Double, events: inout Int) throws -> (SQLiteEventLog, Double, Double) {
    let file = dir.appendingPathComponent("population.jsonl")
    FileManager.default.createFile(atPath: file.path, contents: nil)
    let out = try FileHandle(forWritingTo: file)
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
    let log = try SQLiteEventLog(path: storePath)
    let ingestSeconds: Double = try {
        let mapped = try MappedFile(path: file.path)
        var importer = JSONLImporter()
        importer.release = { mapped.release(before: $0) }
        return try seconds {
            _ = try importer.run(mapped.bytes, file: "population", log: log)
        }
    }()
    try? FileManager.default.removeItem(at: file)
    return (log, generateSeconds, ingestSeconds)
}
/// glibc's malloc_trim (malloc.h is not in Swift's Glibc module): returns free memory of every
/// malloc arena to the system.
@_silgen_name("malloc_trim")
func glibcMallocTrim(_ pad: Int) -> Int32

/// SHA-256 over the SHA-256 of each piece of the state's encoding (pieces in order, their
/// boundaries fixed by the codec): equal states give equal digests, without holding the
/// whole encoding beside the state.
func stateDigest(_ pops: [City: Population]) -> [UInt8] {
    var digests: [UInt8] = []
    StateCodec.encode(pops) { digests += SHA256.hash($0) }
    return SHA256.hash(digests)
}
