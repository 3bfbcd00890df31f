import Testing
import Foundation
import KaiseiCore
import KaiseiEvents
@testable import EventStore
import TestSupport

/// The import's fast path (`EventLineDecoder`) against the general one (`JSONParser` then
/// `EventJSON.decode`), which is separate code: for any line, the fast path either declines or
/// gives exactly the event the general path gives. It must never accept a line the general
/// path refuses, nor read one differently.
@Suite("The import's fast line decoder agrees with the general path")
struct EventLineDecoderTests {
    /// The general path alone, as the importer ran it before the fast path existed.
    static func general(_ line: [UInt8]) -> DecodedEvent? {
        line.withUnsafeBytes { b in
            guard JSONLImporter.firstInvalidUTF8(b) == nil, let json = try? JSONParser.parse(b),
                  case .success(let d) = EventJSON.decode(json) else { return nil }
            return d
        }
    }

    static func fast(_ line: [UInt8]) -> DecodedEvent? {
        line.withUnsafeBytes { b in JSONLImporter.firstInvalidUTF8(b) == nil ? EventLineDecoder.decode(b) : nil }
    }

    /// Whether the fast path declined, or agreed with the general path in every field.
    static func agrees(_ line: [UInt8]) -> (ok: Bool, accepted: Bool) {
        guard let f = fast(line) else { return (true, false) }
        guard let g = general(line) else { return (false, true) }
        return (f.event == g.event && f.expectedVersion == g.expectedVersion, true)
    }

    static func baseLines() throws -> [[UInt8]] {
        try ImportFuzzTests.baseLines().map { Array($0.utf8) }
    }

    @Test("every documented example and fixture line is read by the fast path, as the general path reads it")
    func examples() throws {
        let lines = try Self.baseLines()
        for (k, line) in lines.enumerated() {
            let r = Self.agrees(line)
            #expect(r.ok, "line \(k): \(String(decoding: line, as: UTF8.self))")
            #expect(r.accepted, "line \(k) was declined: \(String(decoding: line, as: UTF8.self))")
        }
    }

    /// Hand-made variants of a valid line, each a case the fast path must decline or read
    /// exactly as the general path does.
    static func variants(of line: String) -> [String] {
        var out: [String] = []
        func swap(_ a: String, _ b: String) { if line.contains(a) { out.append(line.replacingOccurrences(of: a, with: b)) } }
        swap("{", " { ")
        swap(",", " ,\t")
        swap(":", " : ")
        swap("\"id\":\"", "\"id\":\"\\u0041")
        swap("\"id\":\"", "\"id\":\"\\\\")
        swap("\"subject\":\"", "\"subject\":\"\\u006f")
        swap("\"city\":\"okazaki\"", "\"city\":\"okaz\\u0061ki\"")
        swap("\"schema_version\":1", "\"schema_version\":1.0")
        swap("\"schema_version\":1", "\"schema_version\":-0")
        swap("\"schema_version\":1", "\"schema_version\":01")
        swap("\"schema_version\":1", "\"schema_version\":1e0")
        swap("\"schema_version\":1", "\"schema_version\":null")
        swap("\"schema_version\":1", "\"schema_version\":2")
        swap("\"schema_version\":1,", "")
        swap("\"schema_version\":1", "\"schema_version\":1,\"schema_version\":1")
        swap("\"schema_version\":1", "\"schema_version\":1,\"expected_version\":0")
        swap("\"schema_version\":1", "\"schema_version\":1,\"expected_version\":-1")
        swap("\"schema_version\":1", "\"schema_version\":1,\"extra\":1")
        swap("\"valid_date\":\"", "\"valid_date\":\" ")
        swap("-01\"", "-32\"")
        swap("\"payload\":{", "\"payload\":{\"nope\":1,")
        swap("\"payload\":{", "\"payload\":{ ")
        swap("\"payload\":{", "\"payload\":[")
        swap("}}", "} }")
        swap("}}", "}},")
        swap("}}", "}}x")
        swap("okazaki", "toyohashi")
        swap("okazaki", "nagoya")
        swap("true", "false")
        swap("true", "null")
        swap("+09:00", "Z")
        swap("+09:00", "")
        swap("T09:", "T24:")
        if let r = line.range(of: "\"payload\":{\"") {
            // The first payload field repeated.
            let rest = line[r.upperBound...]
            if let end = rest.firstIndex(of: ",") {
                let field = "\"" + rest[..<end]
                out.append(line.replacingCharacters(in: r, with: "\"payload\":{" + field + ",\""))
            }
        }
        // Every digit run nudged: amounts out of range, dates and codes that do not exist.
        for (from, to) in [("0", "9"), ("1", "0"), ("2", "-2"), ("5", "5.5"), ("3", "300000000000000")] {
            if let r = line.range(of: ":" + from) { out.append(line.replacingCharacters(in: r, with: ":" + to)) }
        }
        // Cut short at each of a few places.
        for cut in [1, 5, line.count / 2, line.count - 1] where cut < line.count {
            out.append(String(line.prefix(cut)))
        }
        return out
    }

    @Test("hand-made variants of every example (escapes, spacing, repeated, unknown or missing fields, nulls, fractions, bad values, cut lines): declined or read alike")
    func variants() throws {
        var accepted = 0, total = 0
        for base in try ImportFuzzTests.baseLines() {
            for v in Self.variants(of: base) {
                let r = Self.agrees(Array(v.utf8))
                #expect(r.ok, "the fast path read differently: \(v)")
                total += 1
                if r.accepted { accepted += 1 }
            }
        }
        #expect(total > 1_000)
        // Spacing and a change of city are read by the fast path; escapes and bad values are not.
        #expect(accepted > 0 && accepted < total, "\(accepted) of \(total)")
    }

    @Test("fuzzed lines (the import fuzz's mutants, 4,000 cases): the fast path declines or agrees")
    func fuzzed() throws {
        let bases = try ImportFuzzTests.baseLines()
        var rng = ImportFuzzRandom(seed: ImportFuzzTests.seed ^ 0x5EED)
        var accepted = 0, refusedByBoth = 0
        for k in 0..<4_000 {
            let base = try JSONParser.parse(bases[rng.below(bases.count)])
            let mutant = ImportMutant.make(from: base, &rng)
            let r = Self.agrees(mutant.bytes)
            #expect(r.ok, "case \(k) [\(mutant.note)]: the fast path read differently")
            if r.accepted { accepted += 1 } else if Self.general(mutant.bytes) == nil { refusedByBoth += 1 }
        }
        #expect(accepted > 100 && refusedByBoth > 100, "accepted \(accepted), refused by both \(refusedByBoth)")
    }

    @Test("single bytes flipped, dropped or doubled at every position of every example: declined or read alike")
    func everyByte() throws {
        var rng = FuzzRandom(seed: 77)
        for base in try Self.baseLines() {
            for i in 0..<base.count {
                var flipped = base
                flipped[i] = UInt8(truncatingIfNeeded: 0x20 + rng.below(0x5F))
                var dropped = base
                dropped.remove(at: i)
                var doubled = base
                doubled.insert(base[i], at: i)
                for line in [flipped, dropped, doubled] {
                    #expect(Self.agrees(line).ok, "byte \(i): \(String(decoding: line, as: UTF8.self))")
                }
            }
        }
    }
}
