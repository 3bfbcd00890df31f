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
        // (A draft is in every group's set, so both sets of the after side differ from the before side's.)
        #expect(after != before)
        if case .string(let fb)? = out["fingerprint"]?["before_corporate_revision_set"], case .string(let fa)? = out["fingerprint"]?["after_corporate_revision_set"] {
            #expect(fb == before && fa == after)
        } else {
            Issue.record("no corporate sets in the fingerprint object")
        }

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
        let rtText = try kaisei(["simulate", "--draft", History.revisions + "/drafts/lv-green-business-50-fy2027.yaml", "--fiscal-year", "2027",
                                 "--known-at", at, "--report", report.path, "--no-snapshots"], s)
        #expect(rtText.status == 0 && !rtText.stdout.contains("corporate"), "\(rtText.stdout)")
        #expect(try !String(contentsOf: report, encoding: .utf8).contains("法人市民税・事業所税)</th>"))
    }

    @Test("compare across the adoption of a corporate revision alone (法人税割 6.0 %, adopted 2016-11-28): the individual set is the same on both sides, the printed corporate sets differ — the individual set alone printed the same fingerprint for different rules")
    func compareAcrossACorporateAdoption() throws {
        let s = try store(Self.facts, "cmpadopt")
        let r = try kaisei(["compare", "--before", "enacted@2016-11-27", "--after", "enacted@2016-11-29", "--fiscal-year", "2019",
                            "--format", "json", "--no-snapshots"], s)
        #expect(r.status == 0, "\(r.stderr)")
        let out = try JSONParser.parse(r.stdout)
        #expect(out["before"]?["revision_set"] != nil && out["before"]?["revision_set"] == out["after"]?["revision_set"],
                "no individual revision was adopted between: \(r.stdout.prefix(300))")
        guard case .string(let before)? = out["fingerprint"]?["before_corporate_revision_set"],
              case .string(let after)? = out["fingerprint"]?["after_corporate_revision_set"] else {
            Issue.record("no corporate sets: \(r.stdout.prefix(300))"); return
        }
        #expect(before != after)
        // Each side's corporate set is calc's for rules adopted by that day (another path).
        #expect(try calcCorporateSet(at: "2016-11-27") == before)
        #expect(try calcCorporateSet(at: "2016-11-29") == after)
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
        let one = try kaisei(["assess", "--fiscal-year", "2025", "--subject", "okz-c-9000003", "--known-at", at, "--no-snapshots"], s)
        #expect(one.status == 0 && one.stdout.contains("corporate revision set \(enacted ?? "?")"), "\(one.stdout.suffix(300)) \(one.stderr)")
    }

    @Test("a resident's explain and assess print no corporate set: their output keeps the bytes it had")
    func residentOutputsPrintNoCorporateSet() throws {
        let h = History.shared
        let export = try KaiseiBinary.run(["export", "--store", h.store])
        guard let line = export.stdout.split(separator: "\n").first(where: { $0.contains("\"LevyAssessed\"") && $0.contains("\"resident_tax\"") }),
              case .string(let subject)? = try JSONParser.parse(String(line))["subject"] else {
            Issue.record("no resident levy in the shared history: \(export.stderr)"); return
        }
        let explain = try h.kaisei(["explain", "--subject", subject, "--fiscal-year", "2026", "--before", "enacted",
                                    "--after", "enacted+\(History.revisions)/drafts/rt-salary-deduction-fy2027.yaml", "--revisions", History.revisions, "--no-snapshots"])
        #expect(explain.status == 0 && explain.stdout.contains("fingerprint: ") && !explain.stdout.contains("corporate"), "\(explain.stdout.suffix(300)) \(explain.stderr)")
        let assess = try h.kaisei(["assess", "--fiscal-year", "2026", "--subject", subject, "--revisions", History.revisions, "--no-snapshots"])
        #expect(assess.status == 0 && assess.stdout.contains("revision set ") && !assess.stdout.contains("corporate revision set"), "\(assess.stdout.suffix(200))")
    }
}
