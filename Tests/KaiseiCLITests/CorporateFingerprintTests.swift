import Testing
import Foundation
import KaiseiCore
import TestSupport

/// A corporate levy's fingerprint names the rules it was computed by: the corporate folder's
/// revision set (the one calc prints as `corporations_revision_set`), not the individual taxes'.
/// Until 2026-12-05 these levies carried the individual set, so an edit of a corporate rate left
/// their fingerprint unchanged and an edit of a resident-tax file changed it.
extension CorporateLevyTests {
    @Test("法人市民税 and 事業所税 levies carry the corporate revision set; audit-levies names them after a corporate file changes, not after a resident-tax file does")
    func corporateLeviesCarryTheCorporateRevisionSet() throws {
        let s = try store(Self.facts, "fp")
        let at = "2025-06-20T10:00:00+09:00"
        let run = try kaisei(["levy-run", "--fiscal-year", "2025", "--at", at, "--no-snapshots"], s)
        #expect(run.status == 0, "\(run.stderr)")
        // The corporate set as calc computes it for rules adopted by the run (another path: the
        // rule base's hash, not the levy run's).
        let calcInput = #"{"city": "toyohashi", "corporations": [{"capital": 1000, "period_start": "2024-04-01", "period_end": "2025-03-31", "employees_in_city": 1, "national_corporate_tax": 0}]}"#
        let calc = try KaiseiBinary.run(["calc", "--revisions", History.revisions, "--known-at", at, "--input", "-"], stdin: calcInput)
        guard case .string(let corporateSet)? = (try? JSONParser.parse(calc.stdout))?["corporations_revision_set"] else {
            Issue.record("calc gave no corporations_revision_set: \(calc.stderr)"); return
        }
        var seen = 0
        for subject in ["toy-c-9000002", "okz-c-9000003", "okz-c-9000004"] {
            let events = try KaiseiBinary.run(["events", "--store", s, "--subject", subject, "--format", "json"])
            let sets = events.stdout.split(separator: "\n").filter { $0.contains("\"type\":\"LevyAssessed\"") }
                .compactMap { line -> String? in
                    guard case .string(let h)? = (try? JSONParser.parse(String(line)))?["payload"]?["revision_set"] else { return nil }
                    return h
                }
            #expect(!sets.isEmpty, "\(subject): no levy recorded: \(events.stderr)")
            #expect(sets.allSatisfy { $0 == corporateSet }, "\(subject): \(sets) ≠ \(corporateSet)")
            seen += sets.count
        }
        #expect(seen >= 4)

        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("kaisei-fp-rev-\(UUID().uuidString)")
        try FileManager.default.copyItem(atPath: History.revisions, toPath: dir.path)
        defer { try? FileManager.default.removeItem(at: dir) }
        func edit(_ file: String) throws {
            let url = dir.appendingPathComponent(file)
            try (try String(contentsOf: url, encoding: .utf8) + "# edited after the run\n").write(to: url, atomically: true, encoding: .utf8)
        }
        func audit() throws -> KaiseiBinary.Result {
            try KaiseiBinary.run(["audit-levies", "--store", s, "--revisions", dir.path, "--no-snapshots"])
        }
        try edit("resident-tax/rates-and-adjustment.yaml")
        let afterResident = try audit()
        #expect(afterResident.status == 0 && afterResident.stdout.contains("all reproduce exactly"), "\(afterResident.stdout) \(afterResident.stderr)")
        try edit("corporate-tax/deadlines-fy2013.yaml")
        let afterCorporate = try audit()
        let named = afterCorporate.stdout.split(separator: "\n").filter { $0.contains("recorded with revision set") }
        #expect(afterCorporate.status != 0 && named.count == seen, "\(afterCorporate.stdout)")
        #expect(named.allSatisfy { $0.contains("corporate_tax") || $0.contains("office_tax") })
    }
}
