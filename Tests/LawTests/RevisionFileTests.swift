import Testing
import Foundation
import KaiseiCore
import Law

@Suite("Revision files")
struct RevisionFileTests {
    @Test("every file under revisions/ loads, with full coverage FY2013–FY2027 for both cities")
    func allLoad() {
        if case .failure(let e) = RuleBase.load(directory: Repo.revisions) {
            Issue.record(Comment(rawValue: e.all.map(\.description).joined(separator: "\n")))
        }
    }

    @Test("every value names its law article or source")
    func references() {
        for r in Repo.ruleBase.revisions {
            #expect(!r.law.isEmpty, "\(r.file)")
            for e in r.entries { #expect(!e.reference.trimmingCharacters(in: .whitespaces).isEmpty, "\(r.file):\(e.line)") }
        }
    }

    @Test("every unverified value says what was assumed")
    func unverifiedHaveNotes() {
        #expect(!Repo.ruleBase.unverified.isEmpty)
        for (r, e) in Repo.ruleBase.unverified { #expect(!(e.note ?? "").isEmpty, "\(r.file):\(e.line)") }
    }

    static let bad: [(String, String)] = [
        ("unknown-key.yaml", "bad/unknown-key.yaml:8: colour: unknown key (expected one of: adopted, corrects, description, effective, id, law, overlays, parameters, promulgated, status, title)"),
        ("missing-reference.yaml", "bad/missing-reference.yaml:9: parameters.resident_tax.rate.city.reference: missing: every value names its law article or source"),
        ("wrong-unit.yaml", "bad/wrong-unit.yaml:9: parameters.resident_tax.rate.city.value: expected a rate such as 6% or 3/5, got six percent"),
        ("fractional-yen.yaml", "bad/fractional-yen.yaml:9: parameters.resident_tax.per_capita.city.value: expected whole yen, got 3000.5"),
        ("unknown-parameter.yaml", "bad/unknown-parameter.yaml:9: parameters.resident_tax.rate.town: unknown parameter (see docs/revisions.md)"),
        ("unknown-city.yaml", "bad/unknown-city.yaml:9: overlays.nagoya: unknown city (expected okazaki | toyohashi)"),
        ("unverified-without-note.yaml", "bad/unverified-without-note.yaml:9: parameters.resident_tax.rate.city.note: an unverified value needs a note saying what was assumed"),
        ("brackets-not-rising.yaml", "bad/brackets-not-rising.yaml:10: parameters.resident_tax.deduction.basic.value: rows must rise: upto 23000000 after 24000000"),
        ("brackets-closed.yaml", "bad/brackets-closed.yaml:10: parameters.resident_tax.deduction.basic.value: the last row must omit upto (it covers everything above)"),
        ("not-yaml.yaml", "bad/not-yaml.yaml:2: (file): not valid YAML: did not find expected ',' or ']'"),
        ("adopted-without-time.yaml", "bad/adopted-without-time.yaml:5: adopted: not a time \"2013-04-01\" (expected 2020-04-01T09:00:00+09:00)"),
        ("unknown-status.yaml", "bad/unknown-status.yaml:6: status: expected enacted or draft, got \"proposed\""),
        ("effective-backwards.yaml", "bad/effective-backwards.yaml:7: effective: ends (FY2019) before it starts (FY2021)"),
        ("no-parameters.yaml", "bad/no-parameters.yaml:1: parameters: missing: a revision sets at least one value"),
        ("unknown-fuel.yaml", "bad/unknown-fuel.yaml:9: parameters.light_vehicle_tax.surcharge.exempt_fuels.value: unknown name \"hydrogen\" (expected one of: gasoline, diesel, lpg, gasoline_hybrid, electric, natural_gas, methanol, fuel_cell, none)"),
        ("rate-steps-not-rising.yaml", "bad/rate-steps-not-rising.yaml:10: parameters.fixed_asset_tax.burden.farmland_rates.value: rows must rise: from 70% after 80%"),
    ]

    @Test("each bad file fails with its exact message", arguments: bad)
    func badFile(name: String, message: String) throws {
        let url = Bundle.module.url(forResource: "BadRevisions/\(name.replacingOccurrences(of: ".yaml", with: ""))", withExtension: "yaml")!
        let text = try String(contentsOf: url, encoding: .utf8)
        switch RevisionLoader.load(text: text, file: "bad/\(name)") {
        case .success: Issue.record("\(name) loaded")
        case .failure(let e): #expect(e.all.map(\.description) == [message])
        }
    }

    /// A copy of revisions/ to break in one place.
    func copyOfRevisions() throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("kaisei-rev-\(UUID().uuidString)")
        try FileManager.default.copyItem(at: Repo.revisions, to: dir)
        return dir
    }

    @Test("a gap in a parameter's years is refused, naming the parameter, city and years")
    func gap() throws {
        let dir = try copyOfRevisions()
        defer { try? FileManager.default.removeItem(at: dir) }
        try FileManager.default.removeItem(at: dir.appendingPathComponent("resident-tax/per-capita-fy2014-reconstruction.yaml"))
        guard case .failure(let e) = RuleBase.load(directory: dir) else { Issue.record("loaded"); return }
        let messages = e.all.map(\.description)
        #expect(messages.contains("revisions/:0: resident_tax.per_capita.city: no value for okazaki in FY2014–FY2023 (required FY2013–FY2027)"))
        #expect(messages.contains("revisions/:0: resident_tax.per_capita.prefecture: no value for toyohashi in FY2014–FY2023 (required FY2013–FY2027)"))
    }

    @Test("two revisions adopted at the same moment setting the same value for the same year are ambiguous")
    func overlap() throws {
        let dir = try copyOfRevisions()
        defer { try? FileManager.default.removeItem(at: dir) }
        let clash = """
            id: rt-clash
            title: 同時採用の重複
            law: 試験
            promulgated: 2011-12-02
            adopted: 2014-01-06T09:00:00+09:00
            status: enacted
            effective: {from: 2020, to: 2021}
            parameters:
              resident_tax.per_capita.city: {value: 4000, reference: "試験"}

            """
        try clash.write(to: dir.appendingPathComponent("resident-tax/zz-clash.yaml"), atomically: true, encoding: .utf8)
        guard case .failure(let e) = RuleBase.load(directory: dir) else { Issue.record("loaded"); return }
        #expect(e.all.map(\.description) == [
            "revisions/resident-tax/per-capita-fy2014-reconstruction.yaml:9: resident_tax.per_capita.city: overlaps revisions/resident-tax/zz-clash.yaml:9 for FY2020 with the same adoption time; which applies would be ambiguous",
        ])
    }
}
