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
}
