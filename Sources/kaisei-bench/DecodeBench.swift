import Foundation
import KaiseiCore
import KaiseiEvents
import EventStore

/// Where the import's check phase spends its time, one core: walking the lines, parsing each
/// into a JSON tree, turning the tree into an event (the general path), and the fast path
/// straight from bytes (`EventLineDecoder`), with how many lines it took.
func decodeBench(arguments: [String]) throws {
    guard arguments.count == 2, arguments[0] == "--file" else { print("usage: kaisei-bench decode --file POP.jsonl"); return }
    let data = try MappedFile(path: arguments[1])
    var n = 0
    let walk = try seconds { for _ in JSONLLines(data.bytes) { n += 1 } }
    var parsed = 0
    let parse = try seconds { for line in JSONLLines(data.bytes) { if (try? JSONParser.parse(line.bytes)) != nil { parsed += 1 } } }
    var decoded = 0
    let decode = try seconds {
        for line in JSONLLines(data.bytes) {
            guard let json = try? JSONParser.parse(line.bytes) else { continue }
            if case .success = EventJSON.decode(json) { decoded += 1 }
        }
    }
    var fast = 0
    let direct = try seconds { for line in JSONLLines(data.bytes) where EventLineDecoder.decode(line.bytes) != nil { fast += 1 } }
    print(String(format: "%d lines: walk %.2f s, parse %.2f s (%d), parse + decode %.2f s (%d): %.0f lines/s one core; fast path %.2f s (%d): %.0f lines/s",
                 n, walk, parse, parsed, decode, decoded, Double(n) / decode, direct, fast, Double(n) / direct))
}
