import Testing
import Foundation
import KaiseiCore
import TestSupport

/// `simulate`, `compare`, `explain` and `assess` print the corporate group's revision set beside
/// the individual one whenever a corporate levy is among their figures: the individual set does
/// not cover 法人市民税's and 事業所税's rules, so until 2026-12-05 a corporate draft or revision
/// left the printed fingerprint of a corporate comparison unchanged on the corporate side.
extension CorporateLevyTests {
    /// The corporate set as `calc` prints it for rules adopted by `at` (another path: calc
    /// hashes the rule base itself, without a store or a comparison).
    func calcCorporateSet(at: String) throws -> String? {
        let input = #"{"city": "okazaki", "corporations": [{"capital": 1000, "period_start": "2025-04-01", "period_end": "2026-03-31", "employees_in_city": 1, "national_corporate_tax": 0}]}"#
        let calc = try KaiseiBinary.run(["calc", "--revisions", History.revisions, "--known-at", at, "--input", "-"], stdin: input)
        guard case .string(let set)? = (try? JSONParser.parse(calc.stdout))?["corporations_revision_set"] else { return nil }
        return set
    }

    @Test("simulate of a corporate draft prints both sides' corporate revision sets (the enacted one is calc's, the draft's differs); a light-vehicle draft's comparison prints none")
    func simulatePrintsCorporateSets() throws {
        let s = try store(Self.facts, "cmpfp")
        let draft = History.revisions + "/drafts/corporate-okazaki-limit-rate-fy2026.yaml"
        let at = "2026-12-01T10:00:00+09:00"
        let json = try kaisei(["simulate", "--draft", draft, "--fiscal-year", "2026", "--known-at", at, "--format", "json", "--no-snapshots"], s)
        #expect(json.status == 0, "\(json.stderr)")
        let out = try JSONParser.parse(json.stdout)
        guard case .string(let before)? = out["before"]?["corporate_revision_set"], case .string(let after)? = out["after"]?["corporate_revision_set"] else {
            Issue.record("no corporate_revision_set in simulate's JSON: \(json.stdout.prefix(400))"); return
        }
        let enacted = try calcCorporateSet(at: at)
        #expect(enacted != nil && before == enacted, "\(before) ≠ calc's \(String(describing: enacted))")
        #expect(after != before, "the draft sets a corporate rate: the after side's corporate set must differ")
        if case .string(let fb)? = out["fingerprint"]?["before_corporate_revision_set"], case .string(let fa)? = out["fingerprint"]?["after_corporate_revision_set"] {
            #expect(fb == before && fa == after)
        } else {
            Issue.record("no corporate sets in the fingerprint object")
        }
        // The individual set is what it was: the draft is in every group's set, the enacted side's
        // individual set is the rule base's.
        #expect(out["before"]?["revision_set"] != nil)

        let text = try kaisei(["simulate", "--draft", draft, "--fiscal-year", "2026", "--known-at", at, "--no-snapshots"], s)
        let line = text.stdout.split(separator: "\n").first { $0.hasPrefix("fingerprint:") }.map(String.init) ?? ""
        #expect(line.contains("; corporate before \(before.prefix(16)), after \(after.prefix(16))"), "\(line)")

        let report = FileManager.default.temporaryDirectory.appendingPathComponent("kaisei-cmpfp-\(UUID().uuidString).html")
        defer { try? FileManager.default.removeItem(at: report) }
        let html = try kaisei(["simulate", "--draft", draft, "--fiscal-year", "2026", "--known-at", at, "--report", report.path, "--no-snapshots"], s)
        #expect(html.status == 0, "\(html.stderr)")
        let page = try String(contentsOf: report, encoding: .utf8)
        #expect(page.contains("変更後のルールセット (法人市民税・事業所税)</th><td><code>\(after)</code>"))

        // A light-vehicle draft compares no corporate tax: no corporate set is printed.
        let rt = try kaisei(["simulate", "--draft", History.revisions + "/drafts/lv-green-business-50-fy2027.yaml", "--fiscal-year", "2027",
                             "--known-at", at, "--format", "json", "--no-snapshots"], s)
        #expect(rt.status == 0, "\(rt.stderr)")
        let rtOut = try JSONParser.parse(rt.stdout)
        #expect(rtOut["before"]?["corporate_revision_set"] == nil && rtOut["fingerprint"]?["after_corporate_revision_set"] == nil)
        #expect(!rt.stdout.contains("corporate_revision_set"))
    }

    @Test("explain of a corporation prints the corporate revision sets of both rule sets; assess prints the corporate set calc gives")
    func explainAndAssessPrintCorporateSets() throws {
        let s = try store(Self.facts, "explfp")
        let at = "2026-12-01T10:00:00+09:00"
        let draft = History.revisions + "/drafts/corporate-okazaki-limit-rate-fy2026.yaml"
        let r = try kaisei(["explain", "--subject", "okz-c-9000003", "--fiscal-year", "2025", "--known-at", at,
                            "--before", "enacted", "--after", "enacted+\(draft)", "--format", "json", "--no-snapshots"], s)
        #expect(r.status == 0, "\(r.stderr)")
        let out = try JSONParser.parse(r.stdout)
        let enacted = try calcCorporateSet(at: at)
        guard case .string(let before)? = out["fingerprint"]?["before_corporate_revision_set"],
              case .string(let after)? = out["fingerprint"]?["after_corporate_revision_set"] else {
            Issue.record("explain's JSON has no corporate sets: \(r.stdout.prefix(400))"); return
        }
        #expect(before == enacted && after != before)
        #expect(out["before"]?["corporate_revision_set"] == .string(before) && out["after"]?["corporate_revision_set"] == .string(after))

        let assess = try kaisei(["assess", "--fiscal-year", "2025", "--known-at", at, "--no-snapshots"], s)
        #expect(assess.status == 0, "\(assess.stderr)")
        #expect(assess.stdout.contains("corporate revision set \(enacted ?? "?")"), "\(assess.stdout.suffix(300))")
    }
}
