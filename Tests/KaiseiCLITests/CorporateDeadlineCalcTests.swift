import Testing
import Foundation
import KaiseiCore
import TestSupport

/// A 個人事業者's 事業所税 through `kaisei calc`, and the 申告納付期限 read from
/// `revisions/corporate-tax/deadlines-fy2013.yaml`. The dates are worked by hand from the
/// statute's wording as zeiken.co.jp's 税務用語辞典 and 常総市 give it, with the civil code's
/// count (民法第140条, 第143条) and the weekend rule (地方税法第20条の5第2項).
extension CalcCLITests {
    /// i1: a calendar year, 1,500㎡ → 900,000; due 2025-03-15, a Saturday → Monday 2025-03-17.
    /// i2: ended 2024-06-30, six months: 1,500 × 6 ÷ 12 = 750㎡ → 450,000 (the floor at the end,
    ///     1,500㎡, is above the 免税点); due one month from 07-01: 2024-07-31 (Wednesday).
    /// i3: the same ended by death: four months, 2024-10-31 (Thursday).
    /// c1: a corporation's year to 2025-03-31: due two months from 04-01, 2025-05-31 (Saturday)
    ///     → 2025-06-02, for 法人市民税 and 事業所税 alike.
    static let deadlinesInput = """
    {"city": "okazaki", "corporations": [
     {"id": "i1", "individual": true, "period_start": "2024-01-01", "period_end": "2024-12-31",
      "office_tax": {"offices": [{"floor_m2": 1500}], "employees_at_end": 5, "payroll": 30000000}},
     {"id": "i2", "individual": true, "period_start": "2024-01-01", "period_end": "2024-06-30",
      "office_tax": {"offices": [{"floor_m2": 1500}], "employees_at_end": 5, "payroll": 30000000}},
     {"id": "i3", "individual": true, "proprietor_died": true, "period_start": "2024-01-01", "period_end": "2024-06-30",
      "office_tax": {"offices": [{"floor_m2": 1500}], "employees_at_end": 5, "payroll": 30000000}},
     {"id": "c1", "capital": 10000000, "period_start": "2024-04-01", "period_end": "2025-03-31", "employees_in_city": 3,
      "national_corporate_tax": 0, "office_tax": {"offices": [{"floor_m2": 1500}], "employees_at_end": 3, "payroll": 20000000}}]}
    """

    @Test("calc's 個人事業者: 事業所税 alone over the calendar year, due 15 March next moved off a weekend, one month after ending the business, four after a death (地方税法第701条の47第1項)")
    func individualProprietorCalc() throws {
        let (status, json, err) = try calc(["--input", "-"], stdin: Self.deadlinesInput)
        #expect(status == 0, "\(err)")
        guard case .array(let list)? = json?["corporations"], list.count == 4 else { Issue.record("no corporations: \(err)"); return }
        #expect(list[0]["individual"] == .bool(true) && list[0]["per_capita"] == nil && list[0]["total"] == nil && list[0]["due"] == nil)
        #expect(list.map { $0["office_tax"]?["total"] } == [.integer(900_000), .integer(450_000), .integer(450_000), .integer(900_000)])
        #expect(list.map { $0["office_tax"]?["due"] } == [.string("2025-03-17"), .string("2024-07-31"), .string("2024-10-31"), .string("2025-06-02")])
        #expect(list[3]["due"] == .string("2025-06-02") && list[3]["individual"] == nil)
    }

    @Test("calc refuses a 個人事業者's entry with 法人市民税's fields, a period across two years, no office_tax, and proprietor_died on a corporation", arguments: [
        (#""capital": 1000, "period_start": "2024-01-01", "period_end": "2024-12-31""#, "corporations[0].capital: not for a 個人事業者"),
        (#""national_corporate_tax": 0, "period_start": "2024-01-01", "period_end": "2024-12-31""#, "corporations[0].national_corporate_tax: not for a 個人事業者"),
        (#""period_start": "2024-04-01", "period_end": "2025-03-31""#, "corporations[0].period_end: a 個人事業者's 算定期間 lies within one calendar year"),
    ])
    func individualRefusals(fields: String, message: String) throws {
        let input = #"{"city": "toyohashi", "corporations": [{"individual": true, "#
            + fields + #", "office_tax": {"offices": [], "employees_at_end": 1, "payroll": 1000}}]}"#
        let (status, _, err) = try calc(["--input", "-"], stdin: input)
        #expect(status == 1 && err.contains(message), "\(err)")
        let noOffice = #"{"city": "toyohashi", "corporations": [{"individual": true, "period_start": "2024-01-01", "period_end": "2024-12-31"}]}"#
        let (s2, _, e2) = try calc(["--input", "-"], stdin: noOffice)
        #expect(s2 == 1 && e2.contains("corporations[0].office_tax: missing"), "\(e2)")
        let died = #"{"city": "toyohashi", "corporations": [{"proprietor_died": true, "capital": 1000, "period_start": "2024-04-01", "period_end": "2025-03-31", "employees_in_city": 1, "national_corporate_tax": 0}]}"#
        let (s3, _, e3) = try calc(["--input", "-"], stdin: died)
        #expect(s3 == 1 && e3.contains("corporations[0].proprietor_died: only with"), "\(e3)")
    }

    @Test("the 申告納付期限's months are law data: a revision folder with three months (法人市民税), four (事業所税) and 14 March moves the dates; without them calc names the missing key before computing")
    func deadlinesFromRevisions() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("kaisei-deadlines-\(UUID().uuidString)")
        try FileManager.default.copyItem(atPath: revisions, toPath: dir.path)
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("corporate-tax/deadlines-fy2013.yaml")
        let text = try String(contentsOf: file, encoding: .utf8)
        let changed = text.replacingOccurrences(of: "corporate.deadline.final_months:\n    value: 2", with: "corporate.deadline.final_months:\n    value: 3")
            .replacingOccurrences(of: "office_tax.deadline.final_months:\n    value: 2", with: "office_tax.deadline.final_months:\n    value: 4")
            .replacingOccurrences(of: "office_tax.deadline.individual_day:\n    value: 15", with: "office_tax.deadline.individual_day:\n    value: 14")
        #expect(changed != text)
        try changed.write(to: file, atomically: true, encoding: .utf8)
        let r = try KaiseiBinary.run(["calc", "--revisions", dir.path, "--input", "-"], stdin: Self.deadlinesInput)
        let json = try? JSONParser.parse(r.stdout)
        guard case .array(let list)? = json?["corporations"] else { Issue.record("no corporations: \(r.stderr)"); return }
        // 14 March 2025 is a Friday; three months from 2025-04-01 end on 2025-06-30, a Monday
        // (法人市民税), four on 2025-07-31, a Thursday (事業所税): each key read for its own tax.
        #expect(list.map { $0["office_tax"]?["due"] } == [.string("2025-03-14"), .string("2024-07-31"), .string("2024-10-31"), .string("2025-07-31")])
        #expect(list[3]["due"] == .string("2025-06-30"))
        try FileManager.default.removeItem(at: file)
        let missing = try KaiseiBinary.run(["calc", "--revisions", dir.path, "--input", "-"], stdin: Self.deadlinesInput)
        // The loader refuses a folder that leaves a required value unset, before any figure.
        #expect(missing.status != 0 && missing.stderr.contains("corporate.deadline.final_months: no value for okazaki"), "\(missing.stderr)")
    }
}
