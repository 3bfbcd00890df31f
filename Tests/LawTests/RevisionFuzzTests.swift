import Testing
import Foundation
import KaiseiCore
import Law
import TestSupport

/// Revision files under a fixed-seed fuzz: a small valid revision with a value of every shape
/// (yen, rate, count, date, names, brackets, steps, rate steps, an overlay) is mutated at random
/// — boundary numbers in every value slot, deleted and doubled lines, cut text, stray
/// characters, renamed keys — and loaded in-process. Each mutant must load, or fail with
/// errors that name the file, a key and a reason; a value that loads must be the one written.
///
/// In-process on purpose (the loader is a library), so a trap here ends the whole LawTests run:
/// the counts are kept small, and the issue's cases have tests of their own below.
@Suite("Revision files under a fixed-seed fuzz")
struct RevisionFuzzTests {
    static let seed: UInt64 = 0x4B41_4953_4549_0004
    static let cases = 300
    /// Single-file folders through `RuleBase.load(directory:)`, cross-file checks included.
    static let folderCases = 24

    /// Valid as it stands (a test below checks it); every value slot is a place to mutate.
    static let base = """
        id: fuzz-base
        title: 試験用
        law: 地方税法第314条の3
        promulgated: 2006-03-31
        adopted: 2013-04-01T09:00:00+09:00
        status: enacted
        effective: {from: 2013, to: 2027}
        parameters:
          resident_tax.per_capita.city: {value: 3000, reference: "x"}
          resident_tax.rate.city: {value: 6%, reference: "x"}
          resident_tax.non_taxable.minor_age: {value: 20, reference: "x"}
          resident_tax.furusato.one_stop_from: {value: 2015-04-01, reference: "x"}
          fixed_asset_tax.farmland.correction: {value: 55/100, reference: "x"}
          light_vehicle_tax.surcharge.exempt_fuels: {value: [electric, natural_gas], reference: "x"}
          resident_tax.deduction.basic:
            value: [{upto: 24000000, add: 430000}, {upto: 24500000, add: 290000}, {add: 0}]
            reference: "x"
          resident_tax.salary.table_steps:
            value: [{from: 1619000, amount: 1069000}, {from: 1620000, amount: 1070000}]
            reference: "x"
          resident_tax.furusato.special_rate_table:
            value: [{upto: -1, rate: 90%}, {upto: 1950000, rate: 85%}, {rate: 50%}]
            reference: "x"
          fixed_asset_tax.burden.farmland_rates:
            value: [{from: 0, rate: 1.1}, {from: 70%, rate: 1.075}]
            reference: "x"
        overlays:
          okazaki:
            resident_tax.per_capita.city: {value: 3500, reference: "x"}

        """

    static let file = "revisions/fuzz/revision.yaml"

    @Test("the fuzz's base revision loads, each value as written")
    func baseLoads() throws {
        switch RevisionLoader.load(text: Self.base, file: Self.file) {
        case .failure(let e):
            Issue.record(Comment(rawValue: e.all.map(\.description).joined(separator: "\n")))
        case .success(let r):
            #expect(r.entries.count == 11)
            #expect(Self.entry(r, "resident_tax.per_capita.city", nil)?.value == .yen(Yen(3_000)))
            #expect(Self.entry(r, "resident_tax.per_capita.city", .okazaki)?.value == .yen(Yen(3_500)))
            #expect(Self.entry(r, "resident_tax.non_taxable.minor_age", nil)?.value == .count(20))
            #expect(Self.entry(r, "resident_tax.rate.city", nil)?.value == .rate(Fraction(6, 100)))
        }
    }

    @Test("fuzzed revision files load as written, or fail with errors naming the file, a key and a reason",
          .timeLimit(.minutes(10)))
    func fuzzedFiles() {
        var rng = RevisionFuzzRandom(seed: Self.seed)
        var loaded = 0
        var refused = 0
        for k in 0..<Self.cases {
            let mutant = RevisionMutant.make(from: Self.base, &rng)
            let label = "case \(k) [\(mutant.note)]"
            switch RevisionLoader.load(text: mutant.text, file: Self.file) {
            case .failure(let e):
                refused += 1
                Self.expectDescribed(e, label)
            case .success(let r):
                loaded += 1
                if let slot = mutant.valueSlot { Self.expectAsWritten(r, slot, label) }
            }
        }
        #expect(loaded >= Self.cases / 20 && refused >= Self.cases / 3, "loaded \(loaded), refused \(refused)")
    }

    @Test("fuzzed revision folders load or fail with described errors, cross-file checks included", .timeLimit(.minutes(10)))
    func fuzzedFolders() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("kaisei-revfuzz-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir.appendingPathComponent("resident-tax"), withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        // The folder indexes, so the mutants reach the revision checks.
        for folder in ParameterFolder.allCases {
            let index = "\(folder.rawValue)/\(ParameterCatalogue.indexFileName)"
            try FileManager.default.createDirectory(at: dir.appendingPathComponent(folder.rawValue), withIntermediateDirectories: true)
            try FileManager.default.copyItem(at: Repo.revisions.appendingPathComponent(index), to: dir.appendingPathComponent(index))
        }
        let file = dir.appendingPathComponent("resident-tax/fuzz.yaml")
        var rng = RevisionFuzzRandom(seed: Self.seed &+ 1)
        for k in 0..<Self.folderCases {
            let mutant = RevisionMutant.make(from: Self.base, &rng)
            try Data(mutant.text.utf8).write(to: file)
            // One file cannot cover every parameter's years, so a failure is expected: it must be described.
            if case .failure(let e) = RuleBase.load(directory: dir) {
                Self.expectDescribed(e, "folder case \(k) [\(mutant.note)]", file: nil)
            }
        }
    }

    // MARK: The issue's cases

    @Test("a revision value of -9223372036854775808 yen is refused naming the key; the loader does not crash")
    func minimumYen() throws {
        let text = try Self.replacing("{value: 3000,", with: "{value: -9223372036854775808,")
        Self.expectRefused(text, key: "parameters.resident_tax.per_capita.city.value")
    }

    @Test("a draft revision with a value of -9223372036854775808 yen is refused the same way")
    func minimumYenInDraft() throws {
        let text = try Self.replacing("{value: 3000,", with: "{value: -9223372036854775808,")
            .replacingOccurrences(of: "status: enacted", with: "status: draft")
        #expect(text.contains("status: draft"))
        Self.expectRefused(text, key: "parameters.resident_tax.per_capita.city.value")
    }

    @Test("the folder loader refuses a revisions/ copy holding -9223372036854775808, naming the file and key", .timeLimit(.minutes(10)))
    func minimumYenInFolder() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("kaisei-revmin-\(UUID().uuidString)")
        try FileManager.default.copyItem(at: Repo.revisions, to: dir)
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("resident-tax/per-capita-fy2013.yaml")
        let original = try String(contentsOf: file, encoding: .utf8)
        let text = original.replacingOccurrences(of: "resident_tax.per_capita.city: {value: 3000,",
                                                 with: "resident_tax.per_capita.city: {value: -9223372036854775808,")
        try #require(text != original, "per-capita-fy2013.yaml no longer sets resident_tax.per_capita.city to 3000")
        try text.write(to: file, atomically: true, encoding: .utf8)
        guard case .failure(let e) = RuleBase.load(directory: dir) else {
            Issue.record("revisions/ with a per-capita levy of -9223372036854775808 yen loaded")
            return
        }
        let named = e.all.contains {
            $0.file == "revisions/resident-tax/per-capita-fy2013.yaml" && $0.key == "parameters.resident_tax.per_capita.city.value"
        }
        #expect(named, "\(e.all.map(\.description))")
    }

    @Test("-9223372036854775808 and its neighbours in a bracket bound, a step, a rate, a fraction, a count or a year load or are refused, never a crash",
          arguments: [
            ("{upto: 24000000, add: 430000}", "{upto: -9223372036854775808, add: 430000}"),
            ("add: 290000", "add: -9223372036854775808"),
            ("{from: 1619000, amount: 1069000}", "{from: -9223372036854775808, amount: 1069000}"),
            ("amount: 1070000", "amount: -9223372036854775808"),
            ("{upto: 1950000, rate: 85%}", "{upto: 1950000, rate: -9223372036854775808%}"),
            ("value: 6%", "value: -9223372036854775808"),
            ("value: 6%", "value: 9223372036854775807.5"),
            ("value: 6%", "value: 92233720368547758.07%"),
            ("value: 55/100", "value: -9223372036854775808/1"),
            ("value: 55/100", "value: 1/-9223372036854775808"),
            ("value: 55/100", "value: 9223372036854775807/9223372036854775807"),
            ("{from: 70%, rate: 1.075}", "{from: 9223372036854775807%, rate: 1.075}"),
            ("{from: 70%, rate: 1.075}", "{from: 70%, rate: -9223372036854775808.5}"),
            ("minor_age: {value: 20,", "minor_age: {value: -9223372036854775808,"),
            ("{from: 2013, to: 2027}", "{from: -9223372036854775808, to: 9223372036854775807}"),
            ("{from: 2013, to: 2027}", "{from: 9223372036854775808}"),
          ])
    func extremes(original: String, replacement: String) throws {
        let text = try Self.replacing(original, with: replacement)
        switch RevisionLoader.load(text: text, file: Self.file) {
        case .failure(let e): Self.expectDescribed(e, replacement)
        case .success: break // Loading is allowed; not crashing is the point. Ranges are the loader's to choose.
        }
    }

    @Test("a negative rate keeps its sign or is refused naming the key; -0.5 never loads as +0.5",
          arguments: ["-0.5", "-0.5%", "-0.05", "-0.999"])
    func negativeFractionalRate(written: String) throws {
        let text = try Self.replacing("value: 6%", with: "value: \(written)")
        switch RevisionLoader.load(text: text, file: Self.file) {
        case .failure(let e):
            #expect(e.all.map(\.key).contains("parameters.resident_tax.rate.city.value"), "\(e.all.map(\.description))")
        case .success(let r):
            let value = Self.entry(r, "resident_tax.rate.city", nil)?.value
            guard case .rate(let f)? = value else {
                Issue.record("resident_tax.rate.city loaded as \(String(describing: value))")
                return
            }
            #expect(f.numerator < 0, "rate \(written) loaded as \(f.numerator)/\(f.denominator): the sign was dropped")
        }
    }

    // MARK: Checks

    static func replacing(_ original: String, with replacement: String) throws -> String {
        let text = base.replacingOccurrences(of: original, with: replacement)
        try #require(text != base, "the fuzz base no longer contains \(original)")
        return text
    }

    static func entry(_ r: Revision, _ key: String, _ city: City?) -> Revision.Entry? {
        r.entries.first { $0.key == key && $0.city == city }
    }

    static func expectRefused(_ text: String, key: String) {
        switch RevisionLoader.load(text: text, file: file) {
        case .success(let r):
            Issue.record("loaded; \(key) = \(String(describing: r.entries.first.map(\.value)))")
        case .failure(let e):
            expectDescribed(e, key)
            #expect(e.all.contains { $0.key == key && $0.file == file }, "\(e.all.map(\.description))")
        }
    }

    /// Errors a person can act on: `file:line: key: reason`, each on one line.
    static func expectDescribed(_ e: RevisionErrors, _ label: String, file: String? = RevisionFuzzTests.file) {
        #expect(!e.all.isEmpty, "\(label): a failure without errors")
        for error in e.all {
            #expect(!error.key.isEmpty && !error.reason.isEmpty, "\(label): an error without key or reason: \(error)")
            #expect(!error.file.isEmpty && error.line >= 0, "\(label): an error without its place: \(error)")
            if let file { #expect(error.file == file, "\(label): an error names another file: \(error)") }
            let oneLine = !error.description.contains { $0.isNewline }
            #expect(oneLine, "\(label): the error spans lines: \(String(reflecting: error.description))")
        }
    }

    /// A value that loads is the value written: whole yen and counts exactly, rates with their sign.
    static func expectAsWritten(_ r: Revision, _ slot: RevisionMutant.ValueSlot, _ label: String) {
        let loaded = entry(r, slot.key, slot.city)?.value
        let written = slot.written.trimmingCharacters(in: .whitespaces)
        switch ParameterCatalogue.spec(slot.key)?.unit {
        case .yen?:
            if let expected = Int64(written.replacingOccurrences(of: "_", with: "")) {
                #expect(loaded == .yen(Yen(expected)), "\(label): \(slot.key) written \(written), loaded \(String(describing: loaded))")
            }
        case .count?:
            if let expected = Int64(written) {
                #expect(loaded == .count(expected), "\(label): \(slot.key) written \(written), loaded \(String(describing: loaded))")
            }
        case .rate?:
            if let expectedSign = Self.sign(ofRate: written) {
                guard case .rate(let f)? = loaded else {
                    Issue.record("\(label): \(slot.key) written \(written) loaded as \(String(describing: loaded)), not a rate"); return
                }
                #expect(f.numerator.signum() == Int64(expectedSign),
                        "\(label): \(slot.key) written \(written), loaded \(f.numerator)/\(f.denominator)")
            }
        default:
            break // dates, names and tables: a wrong one is refused, and the base test checks them as written
        }
    }

    /// The sign a rate written as `text` must keep: -1, 0 or 1; nil when it is not a plain decimal.
    static func sign(ofRate text: String) -> Int? {
        var t = text
        if t.hasSuffix("%") { t.removeLast() }
        if let slash = t.firstIndex(of: "/") { t = String(t[..<slash]) }
        let negative = t.hasPrefix("-")
        let digits = negative || t.hasPrefix("+") ? t.dropFirst() : Substring(t)
        guard !digits.isEmpty, digits.allSatisfy({ $0.isASCII && ($0.isNumber || $0 == ".") }) else { return nil }
        if !digits.contains(where: { $0 >= "1" && $0 <= "9" }) { return 0 }
        return negative ? -1 : 1
    }
}

// MARK: - Fixed-seed randomness and YAML mutation

/// SplitMix64 (Steele, Lea and Flood): the same sequence for a seed on every machine.
typealias RevisionFuzzRandom = FuzzRandom

/// One mutant of a revision file: its text, what was done, and — when the only change is one
/// parameter's `value:` — which value was written, so a load can be checked against it.
struct RevisionMutant {
    struct ValueSlot {
        let key: String
        let city: City?
        let written: String
    }

    var text: String
    var note: String
    var valueSlot: ValueSlot?

    /// Scalars a YAML value slot can hold: every bound of Int64 and of the loader, signs on
    /// fractions, YAML's own spellings of numbers and of nothing, and malformed rates and dates.
    static let tokens = [
        "-9223372036854775808", "9223372036854775807", "9223372036854775808", "-9223372036854775809",
        "99999999999999999999", "-1", "0", "-0", "1", "+5", "-0.5", "0.5", "1.5", "-0.5%", "0.000000001",
        "1.1234567891", "1e308", "-1e308", "1e3", ".nan", ".inf", "-.inf", "NaN", "~", "null", "true", "''", "\"\"",
        "1_000_000_000_000", "999_999_999_999", "-999_999_999_999", "1000000000000", "0x7FFFFFFFFFFFFFFF", "0o17",
        "1/0", "0/0", "-1/1", "1/-1", "-9223372036854775808/1", "9223372036854775807/9223372036854775807",
        "-9223372036854775808%", "9223372036854775807%", "9223372036854775807.5", "-9223372036854775808.1",
        "[]", "{}", "2023-02-30", "2013-13-01", "0000-00-00", "2201-01-01", "1869-12-31",
        "2013-04-01T09:00:00", "2013-04-01T09:00:00+24:00", "6 %", "6%%", "%", "/", "-", "x",
    ]
    static let characters = [
        "\t", "\u{7}", ":", "{", "}", "[", "]", "-", "#", "'", "\"", "&", "*", "!", "%", "@", "`", "|", ">",
        " ", "\n", "\u{FEFF}", "\u{85}", "\u{2028}", "\u{0}",
    ]
    static let renames = [
        ("value:", "valeu:"), ("reference:", "note:"), ("parameters:", "params:"), ("effective:", "effect:"),
        ("status: enacted", "status: draft"), ("okazaki:", "nagoya:"), ("id: fuzz-base", "id: Fuzz Base"),
        ("resident_tax.rate.city", "resident_tax.rate.town"), ("adopted: 2013-04-01T09:00:00+09:00", "adopted: 2013-04-01"),
    ]
    static let labels = ["value", "upto", "add", "from", "to", "amount", "rate", "promulgated", "adopted"]

    /// A scalar after `label: ` in the text: where it is, its line, and its label.
    struct Slot {
        let range: Range<String.Index>
        let line: Int
        let label: String
    }

    /// Every scalar value slot: `label: scalar`, the label at a line start or after `{` or space.
    static func slots(_ text: String) -> [Slot] {
        var out: [Slot] = []
        for label in labels {
            var from = text.startIndex
            while let found = text.range(of: "\(label): ", range: from..<text.endIndex) {
                from = found.upperBound
                if found.lowerBound > text.startIndex {
                    let before = text[text.index(before: found.lowerBound)]
                    if !(before == " " || before == "{" || before == "\n") { continue }
                }
                var end = found.upperBound
                while end < text.endIndex && !",}]\n".contains(text[end]) { end = text.index(after: end) }
                if found.upperBound == end || "[{".contains(text[found.upperBound]) { continue }
                let line = text[..<found.lowerBound].filter { $0 == "\n" }.count
                out.append(Slot(range: found.upperBound..<end, line: line, label: label))
            }
        }
        return out.sorted { $0.range.lowerBound < $1.range.lowerBound }
    }

    static func make(from base: String, _ rng: inout RevisionFuzzRandom) -> RevisionMutant {
        var text = base
        var notes: [String] = []
        var valueSlot: ValueSlot?
        let rounds = rng.chance(60) ? 1 : 2
        for _ in 0..<rounds {
            let roll = rng.below(100)
            let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            if roll < 60 {
                let found = Self.slots(text)
                if found.isEmpty { continue }
                let slot = rng.pick(found)
                let token = rng.pick(tokens)
                let line = lines[slot.line]
                text.replaceSubrange(slot.range, with: token)
                notes.append("line \(slot.line + 1) \(slot.label): \(token)")
                valueSlot = nil
                if rounds == 1 && slot.label == "value", let key = Self.inlineKey(line) {
                    let overlay = lines.prefix(slot.line).contains { $0.hasPrefix("overlays:") }
                    valueSlot = ValueSlot(key: key, city: overlay ? .okazaki : nil, written: token)
                }
            } else if roll < 68 {
                let at = rng.below(lines.count)
                text = (lines[..<at] + lines[(at + 1)...]).joined(separator: "\n")
                notes.append("delete line \(at + 1)")
            } else if roll < 73 {
                let at = rng.below(lines.count)
                text = (lines[...at] + [lines[at]] + lines[(at + 1)...]).joined(separator: "\n")
                notes.append("double line \(at + 1)")
            } else if roll < 80 {
                let cut = rng.below(text.count + 1)
                text = String(text.prefix(cut))
                notes.append("cut after character \(cut)")
            } else if roll < 88 {
                if text.isEmpty { continue }
                let offset = rng.below(text.count)
                let at = text.index(text.startIndex, offsetBy: offset)
                let character = rng.pick(characters)
                text.replaceSubrange(at...at, with: character)
                notes.append("character \(offset + 1) := \(String(reflecting: character))")
            } else if roll < 94 {
                let (from, to) = rng.pick(renames)
                text = text.replacingOccurrences(of: from, with: to)
                notes.append("\(from) → \(to)")
            } else if roll < 97 {
                let at = rng.below(lines.count)
                var changed = lines
                changed[at] = changed[at].hasPrefix("  ") ? String(changed[at].dropFirst(2)) : "  " + changed[at]
                text = changed.joined(separator: "\n")
                notes.append("re-indent line \(at + 1)")
            } else {
                text += rng.chance(50) ? "colour: red\n" : "parameters:\n  resident_tax.per_capita.city: {value: 1, reference: \"y\"}\n"
                notes.append("append a key")
            }
        }
        if rounds > 1 { valueSlot = nil }
        return RevisionMutant(text: text, note: notes.joined(separator: "; "), valueSlot: valueSlot)
    }

    /// The parameter key of a line `  key: {value: …`, or nil.
    static func inlineKey(_ line: String) -> String? {
        let trimmed = line.drop(while: { $0 == " " })
        guard let colon = trimmed.range(of: ": {value: ") else { return nil }
        let key = String(trimmed[..<colon.lowerBound])
        return ParameterCatalogue.spec(key) == nil ? nil : key
    }
}
