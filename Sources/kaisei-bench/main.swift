import Foundation

/// `kaisei-bench`: release-mode measurements. Every figure printed is measured in the run.
///
///     swift build -c release --product kaisei-bench
///     .build/release/kaisei-bench [population] [--scale S] [--json FILE]   (the default suite)
///     .build/release/kaisei-bench store [--events N] [--json FILE]
///     .build/release/kaisei-bench resident-tax [--persons N] [--json FILE]
///     .build/release/kaisei-bench levies [--vehicles N] [--parcels N] [--buildings N] [--json FILE]
///     .build/release/kaisei-bench nhi [--households N] [--fiscal-year Y]
///     .build/release/kaisei-bench fold [--scale S]        (replay's decode and fold apart)
///     .build/release/kaisei-bench replay --store FILE.sqlite|postgres://…   (replay alone on a kept store)
///     .build/release/kaisei-bench ingest --file POP.jsonl --store NEW.sqlite|postgres://…  (import's path into a new store)
///     .build/release/kaisei-bench sha256                  (the hand-written SHA-256 against swift-crypto's)
///     .build/release/kaisei-bench serve --store FILE.sqlite [--clients 32] [--seconds 30] [--port P] [--json FILE]
///                                                         (`kaisei serve` under load, over loopback)
///     .build/release/kaisei-bench late-interest --store FILE.sqlite [--as-of YYYY-MM-DD] [--repeat N]
///                                                         (延滞金 for every open arrear as of a day)
var arguments = Array(CommandLine.arguments.dropFirst())
let suite = arguments.first.map { $0.hasPrefix("-") ? "population" : arguments.removeFirst() } ?? "population"
do {
    switch suite {
    case "population": try populationBench(arguments: arguments)
    case "store": try storeBench(arguments: arguments)
    case "resident-tax": try residentTaxBench(arguments: arguments)
    case "levies": try leviesBench(arguments: arguments)
    case "fold": try foldBench(arguments: arguments)
    case "nhi": try nhiBench(arguments: arguments)
    case "replay": try replayBench(arguments: arguments)
    case "ingest": try ingestBench(arguments: arguments)
    case "decode": try decodeBench(arguments: arguments)
    case "sha256": try sha256Bench(arguments: arguments)
    case "serve": try serveBench(arguments: arguments)
    case "late-interest": try lateInterestBench(arguments: arguments)
    default:
        FileHandle.standardError.write(Data("unknown suite \(suite) (expected population | store | resident-tax | levies | nhi | fold | replay | ingest | sha256 | serve | late-interest)\n".utf8))
        exit(64)
    }
} catch {
    FileHandle.standardError.write(Data("kaisei-bench: \(error)\n".utf8))
    exit(1)
}
