import Foundation
import KaiseiCore
import KaiseiEvents
import EventStore
import TestSupport

/// The store: append with every integrity feature, verify, scan + decode, export, import.
func storeBench(arguments: [String]) throws {
var events = 2_000_000
var jsonPath: String?
var appendOnly = false
var args = ArraySlice(arguments)
while let a = args.popFirst() {
    switch a {
    case "--events": events = Int(args.popFirst() ?? "") ?? events
    case "--json": jsonPath = args.popFirst()
    case "--append-only": appendOnly = true
    case "--help", "-h":
        print("usage: kaisei-bench store [--events N] [--append-only] [--json FILE]"); return
    default: FileHandle.standardError.write(Data("unknown argument \(a)\n".utf8)); exit(64)
    }
}

let dir = FileManager.default.temporaryDirectory.appendingPathComponent("kaisei-bench-\(getpid())")
try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
defer { try? FileManager.default.removeItem(at: dir) }
let storePath = dir.appendingPathComponent("bench.sqlite").path

print("kaisei-bench: store, \(events) events (mixed incomes, deductions, donations, moves; both cities)")
let start = RecordedTime(japan: CivilDate(year: 2013, month: 4, day: 1)!, hour: 9)
let all = SampleEvents.mixed(count: events, recordedFrom: start)

// 1. Append through the store API: hash chain, idempotency index, stream versions, triggers, WAL.
let log = try SQLiteEventLog(path: storePath)
let batch = Int(ProcessInfo.processInfo.environment["BENCH_BATCH"] ?? "") ?? JSONLImporter().batchSize
let appendSeconds = try seconds {
    var i = 0
    while i < all.count {
        let end = min(i + batch, all.count)
        _ = try log.append(all[i..<end].map { AppendRequest($0) })
        i = end
    }
}
let appendRate = Double(events) / appendSeconds
if appendOnly {
    print("  append (store API, all integrity on)   \(Int(appendRate)) events/s   (\(appendSeconds) s)")
    return
}

// 2. Verify the chain.
var verified: Int64 = 0
let verifySeconds = try seconds { verified = try log.verifyChain().checked }

// 3. Full scan + decode, one core.
var scanned = 0
var checksum: Int64 = 0
let scanSeconds = try seconds {
    try log.scan(after: 0, through: .max) { e in
        scanned += 1
        checksum &+= Int64(e.event.validDate.packed) &+ e.streamVersion
    }
}
let scanRate = Double(scanned) / scanSeconds

// 4. Import from canonical JSONL (parse, validate, check, append) into a fresh store.
let jsonlPath = dir.appendingPathComponent("export.jsonl").path
FileManager.default.createFile(atPath: jsonlPath, contents: nil)
let out = FileHandle(forWritingAtPath: jsonlPath)!
let exportSeconds = try seconds { try JSONLExporter.export(log) { out.write(Data($0)) } }
try out.close()
let jsonl = try Data(contentsOf: URL(fileURLWithPath: jsonlPath))
let log2 = try SQLiteEventLog(path: dir.appendingPathComponent("import.sqlite").path)
var imported = 0
let importSeconds = try seconds {
    let s = try jsonl.withUnsafeBytes { try JSONLImporter().run($0, file: "export.jsonl", log: log2) }
    imported = s.appended
}
let stats = try log.stats()
let bytesPerEvent = Double(stats.fileBytes) / Double(stats.totalEvents)

func f(_ v: Double, _ d: Int = 0) -> String { String(format: "%.\(d)f", v) }
print("""
  append (store API, all integrity on)   \(f(appendRate)) events/s   (\(f(appendSeconds, 2)) s)
  verify hash chain                      \(f(Double(verified) / verifySeconds)) events/s   (\(f(verifySeconds, 2)) s)
  scan + decode (one core)               \(f(scanRate)) events/s   (\(f(scanSeconds, 2)) s)
  export canonical JSONL                 \(f(Double(events) / exportSeconds)) events/s   (\(f(exportSeconds, 2)) s, \(jsonl.count / 1_000_000) MB)
  import JSONL (parse+validate+append)   \(f(Double(imported) / importSeconds)) events/s   (\(f(importSeconds, 2)) s)
  store size                             \(f(bytesPerEvent, 1)) bytes/event   (\(stats.fileBytes / 1_000_000) MB)
  peak RSS                               \(f(peakRSSMB())) MB
""")
if let jsonPath {
    let obj: JSONValue = .object([
        ("events", .integer(Int64(events))),
        ("append_events_per_s", .integer(Int64(appendRate))),
        ("verify_events_per_s", .integer(Int64(Double(verified) / verifySeconds))),
        ("scan_decode_events_per_s", .integer(Int64(scanRate))),
        ("import_jsonl_events_per_s", .integer(Int64(Double(imported) / importSeconds))),
        ("bytes_per_event", .integer(Int64(bytesPerEvent))),
        ("peak_rss_mb", .integer(Int64(peakRSSMB()))),
    ])
    try Data((JSONWriter.canonical(obj) + "\n").utf8).write(to: URL(fileURLWithPath: jsonPath))
}
if checksum == 42 { print("") } // keeps the scan from being optimised away
}
