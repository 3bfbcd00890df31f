import Testing
import Foundation
import KaiseiCore
import TestSupport

/// Certificates over a copy of the shared history (this suite appends events), with payments.
@Suite("Certificates: reproducible bytes, verification, refusals")
final class CertificateTests {
    let dir: URL
    var store: String { dir.appendingPathComponent("c.sqlite").path }
    static let knownAt = "2026-07-01"

    init() throws {
        let h = History.shared
        dir = FileManager.default.temporaryDirectory.appendingPathComponent("kaisei-cert-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: h.store, toPath: dir.appendingPathComponent("c.sqlite").path)
        let p = try KaiseiBinary.run(["payments", "simulate", "--fiscal-year", "2026", "--at", History.laterAt.replacingOccurrences(of: "10T09", with: "12T09"),
                                      "--arrears-percent", "30", "--store", dir.appendingPathComponent("c.sqlite").path])
        if p.status != 0 { Issue.record("payments: \(p.stderr)") }
    }
    deinit { try? FileManager.default.removeItem(at: dir) }

    func kaisei(_ args: [String], revisions: String = History.revisions) throws -> KaiseiBinary.Result {
        try KaiseiBinary.run(args + ["--store", store, "--revisions", revisions, "--no-snapshots"])
    }

    /// The first Okazaki resident with resident tax in FY2026 as known at the levy run.
    func taxedResident() throws -> String {
        for n in 1...200 {
            let id = "okz-r-" + String(format: "%07d", n)
            let r = try kaisei(["certificate", "income", "--subject", id, "--fiscal-year", "2026", "--known-at", Self.knownAt])
            if r.status == 0, let json = try? JSONParser.parse(r.stdout), case .integer(let t)? = json["body"]?["tax"]?["total"], t > 0 { return id }
        }
        Issue.record("no taxed resident found"); return ""
    }

    @Test("the same request gives the same bytes, in JSON and HTML, whatever is recorded afterwards; verify says it matches")
    func reproducible() throws {
        let id = try taxedResident()
        let args = ["certificate", "income", "--subject", id, "--fiscal-year", "2026", "--known-at", Self.knownAt]
        let json1 = try kaisei(args), html1 = try kaisei(args + ["--format", "html"])
        #expect(json1.status == 0 && html1.status == 0)
        #expect(html1.stdout.contains("所得課税証明書") && html1.stdout.contains("岡崎市長"))
        // A late correction of that person's 2025 income, recorded now.
        let late = dir.appendingPathComponent("late.jsonl")
        try Data(#"{"id":"late-income-\#(id)","city":"okazaki","subject":"\#(id)","type":"IncomeCorrected","valid_date":"2026-03-15","payload":{"income_year":2025,"salary":99000000,"pension":0,"business_income":0,"other_income":0,"reason":"audit"}}"#.utf8 + [0x0A]).write(to: late)
        #expect(try KaiseiBinary.run(["import", late.path, "--store", store]).status == 0)
        #expect(try kaisei(args).stdout == json1.stdout)
        #expect(try kaisei(args + ["--format", "html"]).stdout == html1.stdout)
        let file = dir.appendingPathComponent("cert.html")
        try Data(html1.stdout.utf8).write(to: file)
        let v = try kaisei(["certificate", "verify", file.path])
        #expect(v.status == 0, "\(v.stdout)\(v.stderr)")
        #expect(v.stdout.contains("matches"))
        // As known now, the correction shows.
        let now = try kaisei(["certificate", "income", "--subject", id, "--fiscal-year", "2026"])
        #expect(now.stdout.contains("\"salary_receipts\":99000000"))
    }

    @Test("verify names a revision edited after issue, and a certificate altered by hand")
    func verifyExplains() throws {
        let id = try taxedResident()
        let r = try kaisei(["certificate", "income", "--subject", id, "--fiscal-year", "2026", "--known-at", Self.knownAt])
        let file = dir.appendingPathComponent("c.json")
        try Data(r.stdout.utf8).write(to: file)
        let copy = dir.appendingPathComponent("rev")
        try FileManager.default.copyItem(atPath: History.revisions, toPath: copy.path)
        let f = copy.appendingPathComponent("resident-tax/per-capita-fy2024-forest.yaml")
        let text = try String(contentsOf: f, encoding: .utf8)
        try (text + "\n# edited after issue\n").write(to: f, atomically: true, encoding: .utf8)
        let v = try kaisei(["certificate", "verify", file.path], revisions: copy.path)
        #expect(v.status == 1)
        #expect(v.stdout.contains("revision rt-per-capita-fy2024-forest (revisions/resident-tax/per-capita-fy2024-forest.yaml) was changed after the certificate was issued"), "\(v.stdout)")
        let altered = r.stdout.replacingOccurrences(of: "\"taxable_income\":", with: "\"taxable_income\":1")
        try Data(altered.utf8).write(to: file)
        let w = try kaisei(["certificate", "verify", file.path])
        #expect(w.status == 1)
        #expect(w.stdout.contains("altered after issue"), "\(w.stdout)")
    }

    @Test("verify re-renders an HTML certificate and names the printed line edited by hand (年税額 changed, embedded data intact)")
    func verifyCatchesPrintedEdit() throws {
        let id = try taxedResident()
        let r = try kaisei(["certificate", "income", "--subject", id, "--fiscal-year", "2026", "--known-at", Self.knownAt, "--format", "html"])
        try #require(r.status == 0, "\(r.stderr)")
        let row = try #require(r.stdout.split(separator: "\n").first { $0.contains("<th>年税額</th>") }, "the certificate prints 年税額")
        let printed = String(row).replacingOccurrences(of: "<tr><th>年税額</th><td>", with: "").replacingOccurrences(of: "</td></tr>", with: "")
        let edited = r.stdout.replacingOccurrences(of: String(row), with: "<tr><th>年税額</th><td>1 円</td></tr>")
        let file = dir.appendingPathComponent("c.html")
        try Data(edited.utf8).write(to: file)
        let v = try kaisei(["certificate", "verify", file.path])
        #expect(v.status == 1, "\(v.stdout)")
        #expect(v.stdout.contains("printed 「年税額」: the certificate shows \"1 円\", the store gives \"\(printed)\""), "\(v.stdout)")
        // Only that line is named.
        #expect(v.stdout.split(separator: "\n").filter { $0.hasPrefix("  - ") }.count == 1, "\(v.stdout)")
        try Data(r.stdout.utf8).write(to: file)
        #expect(try kaisei(["certificate", "verify", file.path]).status == 0)
    }

    @Test("地方税法第314条の2: the income certificate prints the deductions the calculation applied, by kind, not the family as claimed")
    func certificateShowsAppliedDeductions() throws {
        let id = try taxedResident()
        let r = try kaisei(["certificate", "income", "--subject", id, "--fiscal-year", "2026", "--known-at", Self.knownAt])
        let json = try JSONParser.parse(r.stdout)
        guard case .array(let ds)? = json["body"]?["deductions"] else { Issue.record("no deductions list: \(r.stdout)"); return }
        var sum: Int64 = 0
        for d in ds { if case .integer(let a)? = d["amount"] { sum += a } }
        #expect(json["body"]?["deductions_total"] == .integer(sum), "the listed deductions add up to the printed total")
        #expect(ds.contains { $0["name"] == .string("基礎控除") })
        let spouse = json["body"]?["spouse"], kind = json["body"]?["spouse_deduction"]
        #expect((spouse == .bool(true)) == (kind != .null), "控除対象配偶者 is 有 exactly when a spouse deduction was applied")
    }

    @Test("a taxed person gets no 非課税証明書; an unknown subject is refused; both exit 1 with the reason")
    func refusals() throws {
        let id = try taxedResident()
        let r = try kaisei(["certificate", "non-taxation", "--subject", id, "--fiscal-year", "2026", "--known-at", Self.knownAt])
        #expect(r.status == 1)
        #expect(r.stderr.contains("a 非課税証明書 cannot be issued"))
        let u = try kaisei(["certificate", "income", "--subject", "okz-r-9999999", "--fiscal-year", "2026"])
        #expect(u.status == 1)
        #expect(u.stderr.contains("no subject okz-r-9999999"))
    }

    @Test("納税証明書 shows levies, payments and arrears; 継続検査用 only when the owner paid; issuing records an event")
    func paymentCertificates() throws {
        var paidSomeone = false, arrearsSomeone = false
        for n in 1...300 where !(paidSomeone && arrearsSomeone) {
            let id = "okz-r-" + String(format: "%07d", n)
            let r = try kaisei(["certificate", "tax-payment", "--subject", id, "--fiscal-year", "2026"])
            guard r.status == 0, let j = try? JSONParser.parse(r.stdout), case .integer(let paid)? = j["body"]?["total_paid"],
                  case .integer(let unpaid)? = j["body"]?["total_unpaid"] else { continue }
            if paid > 0 && unpaid == 0 { paidSomeone = true }
            if unpaid > 0 { arrearsSomeone = true }
        }
        #expect(paidSomeone && arrearsSomeone)
        // NHI levies carry the city's own word: 国民健康保険料 in Okazaki.
        var nhiLine = false
        for n in 1...300 where !nhiLine {
            let r = try kaisei(["certificate", "tax-payment", "--subject", "okz-r-" + String(format: "%07d", n), "--fiscal-year", "2026"])
            if r.stdout.contains("\"tax\":\"nhi\"") { nhiLine = true; #expect(r.stdout.contains("国民健康保険料")) }
        }
        #expect(nhiLine)
        var issued = false, refused = false
        for n in 0...400 where !(issued && refused) {
            let v = "okz-v-" + String(format: "%07d", n)
            let r = try kaisei(["certificate", "vehicle-inspection", "--subject", v, "--fiscal-year", "2026", "--issued-by", "staff-0042"])
            if r.status == 0 {
                if !issued {
                    issued = true
                    #expect(r.stderr.contains("recorded CertificateIssued"))
                    let e = try KaiseiBinary.run(["events", "--subject", v, "--store", store])
                    #expect(e.stdout.contains("CertificateIssued"))
                }
            } else if r.stderr.contains("is not paid in full") { refused = true }
        }
        #expect(issued && refused, "issued \(issued), refused \(refused)")
    }
}
