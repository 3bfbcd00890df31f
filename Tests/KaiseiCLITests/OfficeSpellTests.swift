import Testing
import Foundation
import KaiseiCore
import TestSupport

/// How recorded office openings and closings become months and floor, worked by hand from the
/// statute: a gap between two offices (法人市民税 均等割, 地方税法第312条第3項), a floor changed by a
/// second opening of the same office (事業所税 資産割, 第701条の40第1項), and an office whose floor
/// is all 非課税 left open while another closed (免税点, 第701条の43). Each was computed otherwise
/// until 2026-12-05.
extension CorporateLevyTests {
    static func filed(_ id: String, _ subject: String, floorless: Bool = false) -> Line {
        Line(id: "\(id)-fin", city: "okazaki", subject: subject, type: "CorporateReturnFiled", valid: "2025-05-20",
             payload: #"{"capital":100000000,"employees_in_city":20,"kind":"final","national_corporate_tax":0,"payroll":40000000,"period_end":"2025-03-31","period_start":"2024-04-01"}"#)
    }

    /// 資本金等の額 1億, 20 employees: 均等割 130,000 a year. Office A open from 2010 and closed
    /// 2024-06-30, office B opened 2024-12-01: April–June (3 months) and December–March (4
    /// months), 7 months with an office — 130,000 × 7 ÷ 12 = 75,833 → 75,800. July–November had no
    /// office in the city (第312条第3項: 事務所等を有していた月数); counted before, 12 months: 130,000.
    @Test("均等割 counts only the months with an office: a gap between one office's closing and the next one's opening is left out (地方税法第312条第3項)")
    func perCapitaGapBetweenOffices() throws {
        let subject = "okz-c-9000051"
        let lines = [
            Line(id: "k-gap-reg", city: "okazaki", subject: subject, type: "CorporationRegistered", valid: "2010-04-01", payload: #"{}"#),
            Line(id: "k-gap-a", city: "okazaki", subject: subject, type: "OfficeOpened", valid: "2010-04-01", payload: #"{"floor_m2":100,"office":"a"}"#),
            Line(id: "k-gap-a-x", city: "okazaki", subject: subject, type: "OfficeClosed", valid: "2024-06-30", payload: #"{"office":"a"}"#),
            Line(id: "k-gap-b", city: "okazaki", subject: subject, type: "OfficeOpened", valid: "2024-12-01", payload: #"{"floor_m2":100,"office":"b"}"#),
            Self.filed("k-gap", subject),
        ]
        for (name, order) in [("gap", lines), ("gap-rev", lines.reversed())] {
            let o = try assess(try store(order, name), subject, fiscalYear: 2025)
            guard case .array(let periods)? = o["corporate_tax"]?["periods"], let p = periods.first else { Issue.record("\(name): \(o)"); continue }
            #expect(p["months"] == .integer(7) && p["per_capita"] == .integer(75_800), "\(name): \(p)")
        }
    }

    /// Office "main", 800㎡ since 2010, recorded again as opened on 2024-10-01 with 1,200㎡ (its
    /// floor enlarged). The 資産割 takes the floor at the period's end, 1,200㎡ × 600 = 720,000:
    /// only an office 新設 or 廃止 within the period counts by months (第701条の40第2項・第3項; 神戸市
    /// FAQ 3685). Read before as a closing and a new office: 800 × 6 ÷ 12 + 1,200 × 5 ÷ 12 = 900㎡,
    /// 540,000 — and October in neither.
    @Test("a second opening of an open office changes its floor: the 資産割 takes the floor at the period's end, not two offices by months (地方税法第701条の40第1項)")
    func officeFloorChanged() throws {
        let subject = "okz-c-9000052"
        let lines = [
            Line(id: "k-fl-reg", city: "okazaki", subject: subject, type: "CorporationRegistered", valid: "2010-04-01", payload: #"{}"#),
            Line(id: "k-fl-a", city: "okazaki", subject: subject, type: "OfficeOpened", valid: "2010-04-01", payload: #"{"floor_m2":800,"office":"main"}"#),
            Line(id: "k-fl-a2", city: "okazaki", subject: subject, type: "OfficeOpened", valid: "2024-10-01", payload: #"{"floor_m2":1200,"office":"main"}"#),
            Self.filed("k-fl", subject),
        ]
        let o = try assess(try store(lines, "floor"), subject, fiscalYear: 2025)
        guard case .array(let periods)? = o["office_tax"]?["periods"], let p = periods.first else { Issue.record("\(o)"); return }
        #expect(p["asset"] == .integer(720_000), "\(p)")
        // 法人市民税's months are not touched: one office all year.
        guard case .array(let cp)? = o["corporate_tax"]?["periods"], let c = cp.first else { Issue.record("\(o)"); return }
        #expect(c["months"] == .integer(12) && c["per_capita"] == .integer(130_000), "\(c)")
    }

    /// Office A, 1,500㎡, closed 2024-06-30; office B, 400㎡ all put to 非課税 use, open all year.
    /// At the period's end the taxable floor is 0㎡ (B's is all 非課税, 第701条の34), within the
    /// 免税点 (第701条の43): no 資産割. Judged before on A's 1,500㎡ as if no office were left, and
    /// taxed 1,500 × 3 ÷ 12 = 375㎡ → 225,000.
    @Test("an office left open whose floor is all 非課税 is still an office at the period's end: the 免税点 is judged on 0㎡, not on the closed office's floor (地方税法第701条の43)")
    func exemptOfficeLeftOpen() throws {
        let subject = "okz-c-9000053"
        let lines = [
            Line(id: "k-ex-reg", city: "okazaki", subject: subject, type: "CorporationRegistered", valid: "2010-04-01", payload: #"{}"#),
            Line(id: "k-ex-a", city: "okazaki", subject: subject, type: "OfficeOpened", valid: "2010-04-01", payload: #"{"floor_m2":1500,"office":"a"}"#),
            Line(id: "k-ex-a-x", city: "okazaki", subject: subject, type: "OfficeClosed", valid: "2024-06-30", payload: #"{"office":"a"}"#),
            Line(id: "k-ex-b", city: "okazaki", subject: subject, type: "OfficeOpened", valid: "2010-04-01", payload: #"{"exempt_m2":400,"floor_m2":400,"office":"b"}"#),
            Self.filed("k-ex", subject),
        ]
        let o = try assess(try store(lines, "exempt-open"), subject, fiscalYear: 2025)
        guard case .array(let periods)? = o["office_tax"]?["periods"], let p = periods.first else {
            // No 事業所税 at all is the right answer too, if the levy is not shown.
            #expect(o["office_tax"] == nil || o["office_tax"]?["total"] == .integer(0), "\(o)"); return
        }
        #expect(p["asset"] == .integer(0), "\(p)")
    }

    /// 資本金等の額 1億; an Okazaki office opened 2024-10-10 with 60 employees at the period's end,
    /// 100 elsewhere; 法人税額 3,000,000; period 2024-04-01–2025-03-31 (rate 6.0 %). 均等割: more
    /// than 50 in the city, 150,000 × 5 months (10-10 to 03-31: the part month cut) ÷ 12 = 62,500.
    /// 分割: the new office counts 60 × 6 ÷ 12 = 30 (its months from October, a part month as one:
    /// 第321条の13第2項; 京都市 0000173416), of 130 in all: 3,000,000 ÷ 130 = 23,076.923 (three
    /// decimals: 130 has three digits) × 30 = 692,307.69 → 692,000 × 6 % = 41,520 → 41,500.
    /// Total 104,000. With the end counts for both (60 of 160): 62,500 + 67,500 = 130,000.
    @Test("the 分割基準's counts, when the return gives them, divide the 法人税額 while the 均等割's column reads the count at the end (地方税法第321条の13第2項, 第312条): from calc and from events alike")
    func divisionEmployeesApart() throws {
        let entry = #"{"city":"okazaki","corporations":[{"id":"d","capital":100000000,"period_start":"2024-04-01","period_end":"2025-03-31","office_from":"2024-10-10","employees_in_city":60,"employees_total":160,"division_employees_in_city":30,"division_employees_total":130,"national_corporate_tax":3000000}]}"#
        let calc = try KaiseiBinary.run(["calc", "--input", "-", "--revisions", History.revisions], stdin: entry)
        #expect(calc.status == 0, "\(calc.stderr)")
        #expect(calc.stdout.contains(#""per_capita":62500"#) && calc.stdout.contains(#""tax_base":692000"#) && calc.stdout.contains(#""tax_levy":41500"#)
                && calc.stdout.contains(#""total":104000"#), "\(calc.stdout)")
        let plain = try KaiseiBinary.run(["calc", "--input", "-", "--revisions", History.revisions],
                                         stdin: entry.replacingOccurrences(of: #""division_employees_in_city":30,"division_employees_total":130,"#, with: ""))
        #expect(plain.stdout.contains(#""tax_levy":67500"#) && plain.stdout.contains(#""total":130000"#), "\(plain.stdout)")
        let bad = try KaiseiBinary.run(["calc", "--input", "-", "--revisions", History.revisions],
                                       stdin: entry.replacingOccurrences(of: #""division_employees_total":130"#, with: #""division_employees_total":20"#))
        #expect(bad.status != 0 && bad.stderr.contains("division_employees_total"), "\(bad.stderr)")

        let subject = "okz-c-9000054"
        let lines = [
            Line(id: "k-dv-reg", city: "okazaki", subject: subject, type: "CorporationRegistered", valid: "2024-10-10", payload: #"{}"#),
            Line(id: "k-dv-off", city: "okazaki", subject: subject, type: "OfficeOpened", valid: "2024-10-10", payload: #"{"floor_m2":300,"office":"branch"}"#),
            Line(id: "k-dv-fin", city: "okazaki", subject: subject, type: "CorporateReturnFiled", valid: "2025-05-20",
                 payload: #"{"capital":100000000,"division_employees_in_city":30,"division_employees_total":130,"employees_in_city":60,"employees_total":160,"kind":"final","national_corporate_tax":3000000,"period_end":"2025-03-31","period_start":"2024-04-01"}"#),
        ]
        let o = try assess(try store(lines, "division"), subject, fiscalYear: 2025)
        #expect(o["corporate_tax"]?["total"] == .integer(104_000) && o["corporate_tax"]?["per_capita"] == .integer(62_500), "\(o)")
    }
}
