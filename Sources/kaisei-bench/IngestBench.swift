import Foundation
import KaiseiCore
import EventStore

/// `kaisei import`'s path end to end (validation on every core, then batched appends) from a
/// JSON Lines file into a new store of either backend: the migration (移行) figure.
///
///     kaisei-bench ingest --file POP.jsonl --store FILE.sqlite|postgres://… [--batch-size N]
///
/// The store must be new (an empty database for PostgreSQL): ingest into a store that already
/// holds the events measures the idempotency check instead.
func ingestBench(arguments: [String]) throws {
    var file: String?, store: String?
    var batch = 50_000
    var args = ArraySlice(arguments)
    while let a = args.popFirst() {
        switch a {
        case "--file": file = args.popFirst()
        case "--store": store = args.popFirst()
        case "--batch-size": batch = max(1, Int(args.popFirst() ?? "") ?? batch)
        default: print("usage: kaisei-bench ingest --file POP.jsonl --store FILE.sqlite|postgres://… [--batch-size N]"); return
        }
    }
    guard let file, let store else { throw BenchFailure("ingest: --file and --store are required") }
    let location = StoreLocation(store)
    let data = try MappedFile(path: file)
    let log = try StoreBackend.open(location, readOnly: false)
    guard try log.head().seq == 0 else { throw BenchFailure("ingest: \(location) already holds events; give a new store") }
    try log.holdWriter(purpose: "ingest benchmark")
    var importer = JSONLImporter(batchSize: batch)
    importer.release = { data.release(before: $0) }
    var summary: JSONLImporter.Summary?
    let s = try seconds {
        summary = try importer.run(data.bytes, file: file, log: log)
    }
    let n = summary?.appended ?? 0
    print(String(format: "ingest into %@: %d events (%.0f MB of JSON Lines) in %.1f s: %.0f events/s, batches of %d%@",
                 "\(location)", n, Double(data.count) / 1e6, s, Double(n) / s, batch, summary?.bulkLoad == true ? ", bulk load (indexes built after)" : ""))
    if let t = summary?.seconds {
        print(String(format: "  phases: validate %.1f s, write %.1f s, build indexes %.1f s", t.validate, t.write, t.indexes))
    }
    print(String(format: "peak RSS after ingest %.0f MB", peakRSSMB()))
    let v = try seconds { _ = try log.verifyChain() }
    print(String(format: "verify the chain: %.1f s, %.0f events/s", v, Double(n) / v))
    print(String(format: "peak RSS %.0f MB", peakRSSMB()))
}
