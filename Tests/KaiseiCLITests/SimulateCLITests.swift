import Testing
import Foundation
import KaiseiCore
import TestSupport

/// `kaisei simulate`, `compare` and `explain` on the shared generated history, as the cities'
/// scripts call them.
@Suite("simulate, compare and explain from the command line")
struct SimulateCLITests {
    let h = History.shared
    static let drafts = URL(fileURLWithPath: History.revisions).appendingPathComponent("drafts").path

    func kaisei(_ args: [String]) throws -> KaiseiBinary.Result { try h.kaisei(args + ["--revisions", History.revisions, "--no-snapshots"]) }

    func json(_ r: KaiseiBinary.Result) throws -> JSONValue {
        do { return try JSONParser.parse(r.stdout) } catch { Issue.record("not JSON: \(r.stdout.prefix(300))"); throw error }
    }

    @Test("simulate --draft prints per city and tax the revenue before and after, and writes the CSV and the report")
    func simulateOneCityDraft() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("kaisei-sim-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let csv = dir.appendingPathComponent("s.csv").path, report = dir.appendingPathComponent("r.html").path
        let r = try kaisei(["simulate", "--draft", "\(Self.drafts)/nhi-okazaki-rates-fy2027.yaml", "--fiscal-year", "2027", "--format", "json", "--csv", csv, "--report", report])
        #expect(r.status == 0, "\(r.stderr)")
        let v = try json(r)
        guard case .array(let cities)? = v["cities"] else { Issue.record("no cities"); return }
        #expect(cities.count == 2)
        let okazaki = cities.first { $0["city"] == .string("okazaki") }
        guard case .array(let taxes)? = okazaki?["taxes"], let nhi = taxes.first else { Issue.record("no taxes"); return }
        #expect(nhi["tax"] == .string("nhi"))
        for key in ["revenue_before", "revenue_after", "difference", "payers_before", "payers_after", "pay_more", "pay_less", "same",
                    "became_payer", "stopped_paying", "status_changes", "by_income_decile", "by_household_type", "largest_changes", "distribution"] {
            #expect(nhi[key] != nil, "\(key)")
        }
        if case .integer(let more)? = nhi["pay_more"] { #expect(more > 0) } else { Issue.record("pay_more") }
        #expect(v["fingerprint"]?["watermark"] != nil && v["fingerprint"]?["after_revision_set"] != nil)
        let rows = try String(contentsOfFile: csv, encoding: .utf8).split(separator: "\n")
        #expect(rows.first == "subject,city,tax,before,after,difference")
        #expect(rows.count > 10 && rows.dropFirst().allSatisfy { $0.split(separator: ",").count == 6 })
        let html = try String(contentsOfFile: report, encoding: .utf8)
        #expect(html.contains("<svg") && html.contains("税制改正シミュレーション報告"))
        #expect(!html.contains("<script") && !html.contains("src=\"http"))
    }

    @Test("two processes simulating the same draft write the same JSON, CSV and report bytes (no hash-order leaks)")
    func sameBytesAcrossProcesses() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("kaisei-sim2-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        var outputs: [[Data]] = []
        for run in 0..<2 {
            let csv = dir.appendingPathComponent("\(run).csv"), report = dir.appendingPathComponent("\(run).html")
            let r = try kaisei(["simulate", "--draft", "\(Self.drafts)/rt-salary-deduction-fy2027.yaml", "--fiscal-year", "2027", "--format", "json",
                                "--csv", csv.path, "--report", report.path])
            #expect(r.status == 0, "\(r.stderr)")
            outputs.append([Data(r.stdout.utf8), try Data(contentsOf: csv), try Data(contentsOf: report)])
        }
        #expect(outputs[0][0] == outputs[1][0], "JSON differs")
        #expect(outputs[0][1] == outputs[1][1], "CSV differs")
        #expect(outputs[0][2] == outputs[1][2], "report differs")
        #expect(outputs[0][1].count > 1_000)
    }

    @Test("compare the rules as adopted on two dates: the April 2024 adoptions (定額減税, NHI limits) lower the resident tax and name their revisions")
    func compareTwoDates() throws {
        let r = try kaisei(["compare", "--before", "enacted@2024-03-30", "--after", "enacted@2024-04-02", "--fiscal-year", "2024", "--format", "json"])
        // FY2024 NHI rates were adopted on 31 March: the earlier rules cannot assess NHI, so NHI
        // is not compared (never shown as ¥0 before), the other taxes are, and the exit is 1.
        #expect(r.status == 1 && r.stderr.contains("国民健康保険 of okazaki FY2024 was not compared: the before rules are incomplete"), "\(r.stderr)")
        let v = try json(r)
        guard case .array(let changed)? = v["changed_parameters"] else { Issue.record("no changed_parameters"); return }
        let revisions = Set(changed.compactMap { if case .string(let s)? = $0["after_revision"] { s } else { nil } })
        #expect(revisions.contains("rt-flat-reduction-fy2024"), "\(revisions)")
        guard case .array(let cities)? = v["cities"], !cities.isEmpty else { Issue.record("no cities: \(r.stdout)"); return }
        for c in cities {
            guard case .array(let taxes)? = c["taxes"], let rt = taxes.first(where: { $0["tax"] == .string("resident_tax") }) else { Issue.record("no resident tax"); continue }
            #expect(rt["pay_more"] == .integer(0))
            guard case .integer(let less)? = rt["pay_less"], case .integer(let d)? = rt["difference"] else { Issue.record("no pay_less or difference: \(rt)"); continue }
            #expect(less > 0)
            #expect(d < 0)
        }
    }

    @Test("explain sets one payer's NHI side by side and marks the steps the draft changed with its revision")
    func explainMarksDifferences() throws {
        let sim = try kaisei(["simulate", "--draft", "\(Self.drafts)/nhi-okazaki-rates-fy2027.yaml", "--fiscal-year", "2027", "--city", "okazaki", "--format", "json"])
        let v = try json(sim)
        guard case .array(let cities)? = v["cities"], case .array(let taxes)? = cities.first?["taxes"],
              case .array(let largest)? = taxes.first?["largest_changes"], case .string(let subject)? = largest.first?["subject"] else {
            Issue.record("no largest change: \(sim.stdout.prefix(400))"); return
        }
        let r = try kaisei(["explain", "--subject", subject, "--fiscal-year", "2027", "--before", "enacted",
                            "--after", "enacted+\(Self.drafts)/nhi-okazaki-rates-fy2027.yaml"])
        #expect(r.status == 0, "\(r.stderr)")
        let marked = r.stdout.split(separator: "\n").filter { $0.hasPrefix("  * ") }
        #expect(!marked.isEmpty, "\(r.stdout)")
        #expect(r.stdout.contains("→ draft-nhi-okazaki-rates-fy2027]"), "\(r.stdout)")
        #expect(r.stdout.contains("* 国民健康保険"))
    }

    @Test("a file that is not a draft, or a draft with a bad value, is refused with its file, line and field")
    func badDrafts() throws {
        let enacted = URL(fileURLWithPath: History.revisions).appendingPathComponent("nhi/rates-fy2024.yaml").path
        let r = try kaisei(["simulate", "--draft", enacted, "--fiscal-year", "2027"])
        #expect(r.status == 1 && r.stderr.contains("rates-fy2024.yaml:1: status"), "\(r.stderr)")
        let bad = FileManager.default.temporaryDirectory.appendingPathComponent("bad-draft-\(UUID().uuidString).yaml")
        defer { try? FileManager.default.removeItem(at: bad) }
        try """
            id: draft-bad
            title: bad
            law: none
            promulgated: 2027-01-01
            adopted: 2027-01-01T09:00:00+09:00
            status: draft
            effective: {from: 2027}
            parameters:
              nhi.medical.per_capita: {value: lots, reference: "x"}

            """.write(to: bad, atomically: true, encoding: .utf8)
        let b = try kaisei(["simulate", "--draft", bad.path, "--fiscal-year", "2027"])
        #expect(b.status == 1 && b.stderr.contains(":9:") && b.stderr.contains("nhi.medical.per_capita"), "\(b.stderr)")
    }
}
