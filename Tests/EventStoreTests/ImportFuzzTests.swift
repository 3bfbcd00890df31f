import Testing
import Foundation
import KaiseiCore
import KaiseiEvents
import EventStore
import TestSupport

/// The import surface under a fixed-seed fuzz. Valid event lines (every type's documented
/// example, and the CLI's example file) are mutated at random: boundary numbers, odd strings,
/// missing and unknown fields, values of the wrong type, truncated lines, flipped bytes. Each
/// mutant must either be refused with located problems that name a field and give a reason,
/// or be imported so that export gives back exactly the values that went in.
///
/// Case N is the same on every machine: a failure message names the case and what was done.
@Suite("Import under a fixed-seed fuzz")
struct ImportFuzzTests {
    static let seed: UInt64 = 0x4B41_4953_4549_0001
    /// About 5 s in a debug build: each case is validated against one empty store; only the
    /// accepted ones get a store of their own, to be imported and exported.
    static let cases = 600

    /// Every type's documented example, then the CLI's example file (it carries recorded times).
    static func baseLines() throws -> [String] {
        var lines = EventType.allCases.map { EventCatalogue.exampleLine($0) }
        let fixture = Checkout.root.appendingPathComponent("Tests/KaiseiCLITests/Fixtures/example-events.jsonl")
        let text = try String(contentsOf: fixture, encoding: .utf8)
        lines += text.split(separator: "\n").map(String.init)
        return lines
    }

    // The limit is a backstop against a hang: under the whole suite on two cores, CI saw this
    // case wait past three minutes for the scheduler.
    @Test("fuzzed import lines are refused with located problems, or imported so that export gives back the same values",
          .timeLimit(.minutes(10)))
    func fuzzedLines() throws {
        let bases = try Self.baseLines()
        try #require(bases.count > EventType.allCases.count)
        var rng = ImportFuzzRandom(seed: Self.seed)
        let empty = try TemporaryStore()
        var accepted = 0
        var refused = 0
        for k in 0..<Self.cases {
            let base = try JSONParser.parse(bases[rng.below(bases.count)])
            let mutant = ImportMutant.make(from: base, &rng)
            let label = "case \(k) [\(mutant.note)]"
            // A store error is a finding too: record it and go on to the next case.
            do {
                let v = try mutant.bytes.withUnsafeBytes { try JSONLImporter().validate($0, file: "fuzz.jsonl", log: empty.log) }
                if v.problemCount > 0 {
                    refused += 1
                    #expect(!v.problems.isEmpty, "\(label): \(v.problemCount) problems counted, none listed")
                    for p in v.problems { Self.expectClear(p, label) }
                } else {
                    accepted += 1
                    try Self.expectRoundTrip(mutant.bytes, label)
                }
            } catch {
                Issue.record("\(label): validated, then failed instead of importing or refusing: \(error)")
            }
        }
        #expect(try empty.log.head().seq == 0, "validation wrote to the store")
        // A fuzz that only ever refuses (or only accepts) proves little.
        #expect(accepted >= Self.cases / 50 && refused >= Self.cases / 2, "accepted \(accepted), refused \(refused)")
    }

    /// A refusal a clerk can act on: `fuzz.jsonl:LINE: field: reason`, on one line.
    static func expectClear(_ p: ImportProblem, _ label: String) {
        #expect(!p.field.isEmpty, "\(label): a problem without a field: \(p)")
        #expect(!p.reason.isEmpty, "\(label): a problem without a reason: \(p)")
        #expect(p.file == "fuzz.jsonl" && p.line >= 1, "\(label): a problem without its place: \(p)")
        // Input quoted in a message must not break `FILE:LINE: field: reason` over lines.
        #expect(!p.description.contains { $0.isNewline }, "\(label): the message spans lines: \(String(reflecting: p.description))")
    }

    /// Imports accepted bytes into a store of their own and checks that export gives back every
    /// envelope value and every payload value as written (numbers compared as exact decimals).
    static func expectRoundTrip(_ bytes: [UInt8], _ label: String) throws {
        let store = try TemporaryStore()
        let summary = try bytes.withUnsafeBytes { try JSONLImporter().run($0, file: "fuzz.jsonl", log: store.log) }
        var out: [UInt8] = []
        try JSONLExporter.export(store.log) { out += $0 }
        let exported = out.split(separator: 0x0A).map { Array($0) }
        let lines = bytes.withUnsafeBytes { buffer in JSONLLines(buffer).map { Array($0.bytes) } }
        #expect(summary.appended == lines.count, "\(label): \(lines.count) lines, \(summary.appended) appended")
        #expect(exported.count == lines.count, "\(label): \(lines.count) lines, \(exported.count) exported")
        for (line, back) in zip(lines, exported) {
            let input = try line.withUnsafeBytes { try JSONParser.parse($0) }
            let output = try back.withUnsafeBytes { try JSONParser.parse($0) }
            let differences = Self.differences(input, output)
            #expect(differences.isEmpty, "\(label): export does not give back what was imported: \(differences.joined(separator: "; "))")
        }
    }

    /// What export changed: envelope values, the recorded time as an instant, payload values.
    static func differences(_ input: JSONValue, _ exported: JSONValue) -> [String] {
        var out: [String] = []
        for key in ["id", "city", "subject", "type", "valid_date"] where input[key] != exported[key] {
            out.append("\(key): \(Self.show(input[key])) → \(Self.show(exported[key]))")
        }
        if case .string(let written)? = input["recorded_at"] {
            var same = false
            if case .string(let back)? = exported["recorded_at"] { same = RecordedTime(iso: written) == RecordedTime(iso: back) }
            if !same { out.append("recorded_at: \(written) → \(Self.show(exported["recorded_at"]))") }
        }
        if case .object(let fields)? = input["payload"] {
            for (name, value) in fields {
                let back = exported["payload"]?[name]
                if !Self.same(value, back) { out.append("payload.\(name): \(Self.show(value)) → \(Self.show(back))") }
            }
        }
        return out
    }

    static func same(_ a: JSONValue, _ b: JSONValue?) -> Bool {
        guard let b else { return false }
        switch (a, b) {
        case (.integer, _), (.number, _):
            guard let x = Self.numberText(a), let y = Self.numberText(b) else { return false }
            let cx = Self.canonicalDecimal(x), cy = Self.canonicalDecimal(y)
            if let cx, let cy { return cx == cy }
            return x == y
        case (.array(let xs), .array(let ys)):
            return xs.count == ys.count && zip(xs, ys).allSatisfy { Self.same($0, $1) }
        default:
            return a == b
        }
    }

    static func numberText(_ v: JSONValue) -> String? {
        switch v {
        case .integer(let n): return String(n)
        case .number(let s): return s
        default: return nil
        }
    }

    /// A JSON number's exact value in one spelling: `165.290`, `1.6529e2` and `165.29` all give
    /// `16529e-2`; `-0.5` gives `-5e-1`, which is not `5e-1`. Nil for an absurd exponent.
    static func canonicalDecimal(_ text: String) -> String? {
        var s = Substring(text)
        var negative = false
        if s.first == "-" {
            negative = true
            s = s.dropFirst()
        }
        var mantissa = s
        var exponent = 0
        if let e = s.firstIndex(where: { $0 == "e" || $0 == "E" }) {
            mantissa = s[..<e]
            let written = s[s.index(after: e)...]
            guard written.count < 16, let x = Int(written) else { return nil }
            exponent = x
        }
        var whole = mantissa
        var fraction: Substring = ""
        if let dot = mantissa.firstIndex(of: ".") {
            whole = mantissa[..<dot]
            fraction = mantissa[mantissa.index(after: dot)...]
        }
        let digits = String(whole) + String(fraction)
        guard !digits.isEmpty, digits.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
        exponent -= fraction.count
        var significant = Substring(digits).drop(while: { $0 == "0" })
        if significant.isEmpty { return "0" }
        while significant.last == "0" {
            significant = significant.dropLast()
            exponent += 1
        }
        return "\(negative ? "-" : "")\(significant)e\(exponent)"
    }

    static func show(_ v: JSONValue?) -> String {
        guard let v else { return "(missing)" }
        let text = JSONWriter.canonical(v)
        return text.count > 80 ? String(text.prefix(60)) + "…(\(text.count) chars)" : text
    }

    // MARK: The sign of a fractional area (the issue's case)

    /// Imports the type's documented example with one payload field set to a number as written.
    /// Returns the problems if it was refused; if it was accepted, records what export gave back.
    static func importExample(_ type: EventType, setting field: String, to token: String) throws -> [ImportProblem] {
        let example = try JSONParser.parse(EventCatalogue.exampleLine(type))
        try #require(example["payload"]?[field] != nil, "the \(type.name) example has no \(field)")
        let number = try JSONParser.parse(token)
        let changed = try #require(example.fuzzReplacing([.key("payload"), .key(field)], with: number))
        let line = JSONWriter.canonical(changed)
        let store = try TemporaryStore()
        do {
            _ = try Array(line.utf8).withUnsafeBytes { try JSONLImporter().run($0, file: "area.jsonl", log: store.log) }
        } catch JSONLImporter.Failure.invalid(let problems, _) {
            return problems
        }
        var out: [UInt8] = []
        try JSONLExporter.export(store.log) { out += $0 }
        let exported = try out.withUnsafeBytes { try JSONParser.parse($0) }
        let back = exported["payload"]?[field]
        if !Self.same(number, back) {
            Issue.record("\(type.name).\(field) = \(token) was imported and exports as \(Self.show(back)): its sign or value was lost")
        }
        return []
    }

    @Test("an area of -0.5 m² is refused naming payload.area_m2; it is never stored as +0.5")
    func negativeHalfSquareMetre() throws {
        let problems = try Self.importExample(.landParcelRegistered, setting: "area_m2", to: "-0.5")
        #expect(problems.map(\.field) == ["payload.area_m2"], "\(problems)")
    }

    @Test("negative fractional areas are refused naming the field, never stored without their sign", arguments: [
        (EventType.landParcelRegistered, "area_m2", "-0.01"),
        (EventType.landParcelRegistered, "area_m2", "-0.99"),
        (EventType.landParcelRegistered, "area_m2", "-1.5"),
        (EventType.landParcelRegistered, "area_m2", "-0"),
        (EventType.buildingRegistered, "floor_area_m2", "-0.5"),
        (EventType.buildingRegistered, "floor_area_m2", "-0.05"),
    ])
    func negativeFractionalArea(type: EventType, field: String, token: String) throws {
        let problems = try Self.importExample(type, setting: field, to: token)
        if token == "-0" {
            // Minus zero is zero: accepted or refused, but never a different number (checked above).
            #expect(problems.allSatisfy { $0.field == "payload.\(field)" }, "\(problems)")
        } else {
            #expect(problems.map(\.field) == ["payload.\(field)"], "\(problems)")
        }
    }

    @Test("a fractional area that is allowed (0.5 m²) imports and exports as 0.5: the round-trip check itself works")
    func positiveHalfSquareMetre() throws {
        let problems = try Self.importExample(.landParcelRegistered, setting: "area_m2", to: "0.5")
        #expect(problems.isEmpty, "\(problems)")
        #expect(Self.canonicalDecimal("-0.5") != Self.canonicalDecimal("0.5"))
        #expect(Self.canonicalDecimal("165.290") == Self.canonicalDecimal("1.6529e2"))
    }
}

// MARK: - Fixed-seed randomness and JSON mutation

/// SplitMix64 (Steele, Lea and Flood): the same sequence for a seed on every machine. Written
/// out here because the standard library's `random(in:using:)` does not promise a stable one.
typealias ImportFuzzRandom = FuzzRandom

typealias ImportFuzzStep = FuzzStep

extension FuzzStep {
    /// A field of an import line: `payload.salary`; `(line)` for the whole line.
    static func lineText(_ path: [FuzzStep]) -> String { text(path, whole: "(line)") }
}

/// Values a mutation puts in: numbers at and past every bound the importer has, strings a
/// clerk's export or a broken converter could produce, and tokens that are not JSON at all.
enum ImportFuzzValues {
    static let numbers = [
        "-9223372036854775808", "9223372036854775807", "-9223372036854775809", "9223372036854775808",
        "99999999999999999999", "-1", "0", "-0", "1", "-0.5", "0.5", "-0.01", "-0.99", "1.5", "0.001",
        "1e308", "-1e308", "1e-308", "1E400", "1e999999999999999999", "-0e0", "4.9e-324", "2e0",
        "999999999999", "1000000000000", "-999999999999", "-1000000000000",
        "999999999.99", "1000000000", "165.290", "2147483648", "-2147483649", "2019", "1989", "2101",
    ]
    static let strings = [
        "", " ", "x", String(repeating: "x", count: 300), String(repeating: "長", count: 2_000),
        String(repeating: "y", count: 70_000), "\u{0}", "\u{1}\u{1F}", "a\nb", "tab\there", "\u{7F}", "\u{FEFF}",
        "e\u{301}", "🏠🏠", "\u{202E}abc", "2023-02-30", "2023-02-29", "2024-02-29", "2023-13-01", "0000-00-00",
        "1869-12-31", "2201-01-01", "9999-12-31", "2023-2-3", "２０２３-01-01", "2023-01-01T00:00:00",
        "2020-06-01T09:00:00Z", "2020-06-01T24:00:00+09:00", "2020-06-01T09:00:00.1234567+09:00",
        "2020-06-01T09:00:00+24:00", "2200-12-31T23:59:59-23:59", "1870-01-01T00:00:00+23:59",
        "2020-13", "2020-00", "okz r 1", "../../etc/passwd", "NaN", "Infinity", "-0.5", "null",
        "okazaki", "toyohashi", "IncomeDeclared", "salary_report", "okz-r-000001",
    ]
    /// Written into the line as they are: none of them is valid JSON.
    static let rawTokens = ["NaN", "Infinity", "-Infinity", "+1", "01", ".5", "1.", "0x10", "1e", "--1", "1_000", "-", "tru", "nul"]
    static let wrongTypes: [JSONValue] = [
        .string("NaN"), .string("1e3"), .string(""), .null, .bool(true), .array([]), .object([]),
        .array([.integer(1)]), .object([("x", .integer(1))]),
    ]
    static let unknownKeys = ["colour", "zz_unknown", "Salary", "amount", "id", "payload", "", "a\nb"]
    static let insertions: [[UInt8]] = [[0xFF], [0xC0, 0x80], [0xED, 0xA0, 0x80], [0x0D], [0x0A], [0x00], [0x22], [0x5C], [0x7B], [0x2C]]

    static func number(_ token: String) -> JSONValue { (try? JSONParser.parse(token)) ?? .string(token) }

    static func show(_ text: String) -> String {
        text.count > 30 ? String(reflecting: String(text.prefix(12))) + "…(\(text.count) chars)" : String(reflecting: text)
    }
}

/// One mutant of a valid line: its bytes and what was done to it.
struct ImportMutant {
    var bytes: [UInt8]
    var note: String

    static func make(from line: JSONValue, _ rng: inout ImportFuzzRandom) -> ImportMutant {
        var doc = line
        var notes: [String] = []
        var raw: [String] = []
        let rounds = rng.chance(55) ? 1 : 2 + rng.below(2)
        for _ in 0..<rounds {
            let nodes = doc.fuzzNodes().filter { !$0.path.isEmpty }
            if nodes.isEmpty { break }
            let roll = rng.below(100)
            if roll < 38 {
                let numeric = nodes.filter { node in
                    switch node.value {
                    case .integer, .number: return true
                    default: return false
                    }
                }
                let target = !numeric.isEmpty && rng.chance(75) ? rng.pick(numeric) : rng.pick(nodes)
                let token = rng.pick(ImportFuzzValues.numbers)
                doc = doc.fuzzReplacing(target.path, with: ImportFuzzValues.number(token)) ?? doc
                notes.append("\(ImportFuzzStep.lineText(target.path)) := \(token)")
            } else if roll < 58 {
                let strings = nodes.filter { node in
                    if case .string = node.value { return true }
                    return false
                }
                let target = strings.isEmpty ? rng.pick(nodes) : rng.pick(strings)
                let text = rng.pick(ImportFuzzValues.strings)
                doc = doc.fuzzReplacing(target.path, with: .string(text)) ?? doc
                notes.append("\(ImportFuzzStep.lineText(target.path)) := \(ImportFuzzValues.show(text))")
            } else if roll < 68 {
                let target = rng.pick(nodes)
                doc = doc.fuzzReplacing(target.path, with: nil) ?? doc
                notes.append("delete \(ImportFuzzStep.lineText(target.path))")
            } else if roll < 77 {
                let objects = doc.fuzzNodes().filter { node in
                    if case .object = node.value { return true }
                    return false
                }
                if objects.isEmpty { continue }
                let target = rng.pick(objects)
                let key = rng.pick(ImportFuzzValues.unknownKeys)
                let value: JSONValue = rng.chance(50) ? .integer(1) : rng.pick(ImportFuzzValues.wrongTypes)
                if case .object(let pairs) = target.value {
                    doc = doc.fuzzReplacing(target.path, with: .object(pairs + [(key, value)])) ?? doc
                }
                notes.append("add \(ImportFuzzValues.show(key)) to \(ImportFuzzStep.lineText(target.path))")
            } else if roll < 85 {
                let target = rng.pick(nodes)
                let value = rng.pick(ImportFuzzValues.wrongTypes)
                doc = doc.fuzzReplacing(target.path, with: value) ?? doc
                notes.append("\(ImportFuzzStep.lineText(target.path)) := \(JSONWriter.canonical(value))")
            } else if roll < 90 {
                let target = rng.pick(nodes)
                let token = rng.pick(ImportFuzzValues.rawTokens)
                doc = doc.fuzzReplacing(target.path, with: .string("@@raw\(raw.count)@@")) ?? doc
                raw.append(token)
                notes.append("\(ImportFuzzStep.lineText(target.path)) := raw \(token)")
            } else if roll < 93 {
                var nested: JSONValue = .integer(1)
                for _ in 0..<40 { nested = .array([nested]) }
                let target = rng.pick(nodes)
                doc = doc.fuzzReplacing(target.path, with: nested) ?? doc
                notes.append("\(ImportFuzzStep.lineText(target.path)) := 40 nested arrays")
            } else {
                let name = rng.pick(EventType.allCases).name
                doc = doc.fuzzReplacing([.key("type")], with: .string(name)) ?? doc
                notes.append("type := \(name)")
            }
        }
        var text = JSONWriter.canonical(doc)
        for (i, token) in raw.enumerated() { text = text.replacingOccurrences(of: "\"@@raw\(i)@@\"", with: token) }
        var bytes = Array(text.utf8)
        if rng.chance(25) && !bytes.isEmpty {
            switch rng.below(3) {
            case 0:
                let cut = rng.below(bytes.count + 1)
                bytes = Array(bytes.prefix(cut))
                notes.append("cut after byte \(cut)")
            case 1:
                let at = rng.below(bytes.count)
                let byte = UInt8(truncatingIfNeeded: rng.next())
                bytes[at] = byte
                notes.append("byte \(at + 1) := 0x\(String(byte, radix: 16))")
            default:
                let at = rng.below(bytes.count + 1)
                let inserted = rng.pick(ImportFuzzValues.insertions)
                bytes.insert(contentsOf: inserted, at: at)
                notes.append("insert \(inserted.map { String($0, radix: 16) }) at byte \(at + 1)")
            }
        }
        return ImportMutant(bytes: bytes, note: notes.joined(separator: "; "))
    }
}
