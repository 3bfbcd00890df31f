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

    @Test("a corporate levy recorded before 2026-12-05, carrying the individual taxes' revision set, is counted and said by audit-levies, not a difference; its amount is still compared")
    func legacyCorporateFingerprint() throws {
        // The run as this build records it, in one store…
        let a = try store(Self.facts, "legacy-a")
        let at = "2025-06-20T10:00:00+09:00"
        #expect(try kaisei(["levy-run", "--fiscal-year", "2025", "--city", "toyohashi", "--at", at, "--no-snapshots"], a).status == 0)
        let events = try KaiseiBinary.run(["events", "--store", a, "--subject", "toy-c-9000002", "--format", "json"])
        // The run's events of the levy: the 予定申告's share, then the final return's rest (a
        // running total), each carrying the set.
        let levyEvents = events.stdout.split(separator: "\n").filter { $0.contains("\"type\":\"LevyAssessed\"") || $0.contains("\"type\":\"LevyCorrected\"") }.map(String.init)
        guard let levy = levyEvents.first,
              case .string(let corporateSet)? = (try? JSONParser.parse(levy))?["payload"]?["revision_set"] else {
            Issue.record("no levy: \(events.stderr)"); return
        }
        // …and as a run before 2026-12-05 recorded it, with the individual set of that moment,
        // in another store of the same facts (the same sequence numbers, so the same watermark).
        let assess = try kaisei(["assess", "--fiscal-year", "2025", "--known-at", at, "--no-snapshots"], a)
        guard let range = assess.stdout.range(of: #"revision set [0-9a-f]{64}"#, options: .regularExpression) else {
            Issue.record("no fingerprint: \(assess.stdout)"); return
        }
        let individualSet = String(assess.stdout[range].dropFirst("revision set ".count))
        #expect(individualSet != corporateSet)
        func legacyStore(_ name: String, amount: (String) -> String) throws -> String {
            let b = try store(Self.facts, name)
            var lines: [String] = []
            for (k, event) in levyEvents.enumerated() {
                var line = event.replacingOccurrences(of: corporateSet, with: individualSet)
                if k == levyEvents.count - 1 { line = amount(line) }
                // The events listing has the store's own fields; an import takes the event's.
                guard case .object(let fields)? = try? JSONParser.parse(line) else { Issue.record("not JSON: \(line)"); return b }
                lines.append(JSONWriter.canonical(.object(fields.filter { !["seq", "stream_version"].contains($0.0) } + [("subject", .string("toy-c-9000002"))])))
            }
            try append(lines, "\(name)-levy", to: b)
            return b
        }
        let b = try legacyStore("legacy-b") { $0 }
        let audit = try KaiseiBinary.run(["audit-levies", "--store", b, "--revisions", History.revisions, "--no-snapshots"])
        #expect(audit.status == 0, "\(audit.stdout) \(audit.stderr)")
        #expect(audit.stdout.contains("all reproduce exactly") && audit.stdout.contains("1 法人市民税 and 事業所税 levies carry the individual taxes' revision set"), "\(audit.stdout)")
        // The same legacy record with another amount is still a difference.
        let c = try legacyStore("legacy-c") { $0.replacingOccurrences(of: #""amount":208500"#, with: #""amount":208400"#) }
        let wrong = try KaiseiBinary.run(["audit-levies", "--store", c, "--revisions", History.revisions, "--no-snapshots"])
        #expect(wrong.status != 0 && wrong.stdout.contains("LevyCorrected ¥208,400 due 2025-05-31") && wrong.stdout.contains("LevyCorrected ¥208,500 due 2025-05-31"), "\(wrong.stdout)")
    }
}
