import Testing
import Foundation
import KaiseiCore
import TestSupport

/// 事業所税 of a 算定期間 shorter than a year, and of a 個人事業者: figures and days worked by hand
/// from the statute and the cities' guides, not from the calculator.
extension CorporateLevyTests {
    /// A calc entry of one Okazaki corporation's 事業所税 over `start`…`end` (JSON text).
    static func calcOfficeTax(_ start: String, _ end: String, offices: String) -> String {
        #"{"city":"okazaki","corporations":[{"id":"s","capital":100000000,"period_start":"\#(start)","period_end":"\#(end)","employees_in_city":20,"national_corporate_tax":0,"office_tax":{"offices":[\#(offices)],"employees_at_end":20,"payroll":50000000}}]}"#
    }

    /// A corporation that moved its year end from March to December files a nine-month 事業年度
    /// 2025-04-01–2025-12-31 with its 1,500㎡ office and a 600㎡ one opened on 2025-06-10. The new
    /// office counts July–December, 6 months (神戸市 FAQ 3685); a period of fewer than twelve
    /// months counts each floor for its months over twelve (第701条の40; 大分市: 算定期間が12月に
    /// 満たない場合; 岐阜市 申告書の記載要領: 床面積に算定期間の月数を乗じて12で除した床面積):
    /// 1,500 × 9 ÷ 12 + 600 × 6 ÷ 12 = 1,125 + 300 = 1,425㎡ × 600円 = 855,000. The 免税点 is judged
    /// on the whole 2,100㎡ at the end. The same offices over twelve months: 1,500 + 600 × 9 ÷ 12 =
    /// 1,950㎡, 1,170,000. Before this rule the nine months paid 1,900㎡: 1,140,000. And two
    /// 1,000㎡ offices, one for 6 of the 9 months: 750 + 500 = 1,250㎡, 750,000 (cut once; cutting
    /// at ÷ 9 and again at × 9 ÷ 12 would give 1,249.99㎡ and 749,900).
    @Test("事業所税's 資産割 over a 算定期間 of fewer than twelve months takes the floor × its months ÷ 12 (地方税法第701条の40), from events and from calc alike")
    func shortPeriodAssetShare() throws {
        let lines = [
            Line(id: "k-sp-reg", city: "okazaki", subject: "okz-c-9000041", type: "CorporationRegistered", valid: "2015-04-01", payload: #"{}"#),
            Line(id: "k-sp-a", city: "okazaki", subject: "okz-c-9000041", type: "OfficeOpened", valid: "2015-04-01", payload: #"{"floor_m2":1500,"office":"a"}"#),
            Line(id: "k-sp-b", city: "okazaki", subject: "okz-c-9000041", type: "OfficeOpened", valid: "2025-06-10", payload: #"{"floor_m2":600,"office":"b"}"#),
            Line(id: "k-sp-fin", city: "okazaki", subject: "okz-c-9000041", type: "CorporateReturnFiled", valid: "2026-02-20",
                 payload: #"{"capital":100000000,"employees_in_city":20,"kind":"final","national_corporate_tax":0,"payroll":50000000,"period_end":"2025-12-31","period_start":"2025-04-01"}"#),
        ]
        let s = try store(lines, "short")
        let o = try assess(s, "okz-c-9000041", fiscalYear: 2025)
        guard case .array(let periods)? = o["office_tax"]?["periods"], let p = periods.first else { Issue.record("no office tax: \(o)"); return }
        #expect(p["asset"] == .integer(855_000), "\(p)")
        #expect(o["office_tax"]?["total"] == .integer(855_000))
        let short = try KaiseiBinary.run(["calc", "--input", "-", "--revisions", History.revisions],
                                         stdin: Self.calcOfficeTax("2025-04-01", "2025-12-31", offices: #"{"floor_m2":1500},{"floor_m2":600,"opened":"2025-06-10"}"#))
        #expect(short.status == 0, "\(short.stderr)")
        #expect(short.stdout.contains(#""asset":855000"#) && short.stdout.contains(#""asset_base_m2":1425.00"#), "\(short.stdout)")
        let year = try KaiseiBinary.run(["calc", "--input", "-", "--revisions", History.revisions],
                                        stdin: Self.calcOfficeTax("2025-01-01", "2025-12-31", offices: #"{"floor_m2":1500},{"floor_m2":600,"opened":"2025-03-10"}"#))
        #expect(year.stdout.contains(#""asset":1170000"#), "\(year.stdout)")
        let cutOnce = try KaiseiBinary.run(["calc", "--input", "-", "--revisions", History.revisions],
                                           stdin: Self.calcOfficeTax("2025-04-01", "2025-12-31", offices: #"{"floor_m2":1000},{"floor_m2":1000,"opened":"2025-06-10"}"#))
        #expect(cutOnce.stdout.contains(#""asset":750000"#) && cutOnce.stdout.contains(#""asset_base_m2":1250.00"#), "\(cutOnce.stdout)")
        // A first 事業年度 of one month and a few days counts two months: 1,500 × 2 ÷ 12 = 250㎡.
        let first = try KaiseiBinary.run(["calc", "--input", "-", "--revisions", History.revisions],
                                         stdin: Self.calcOfficeTax("2025-02-20", "2025-03-31", offices: #"{"floor_m2":1500}"#))
        #expect(first.stdout.contains(#""asset":150000"#) && first.stdout.contains(#""period_months":2"#), "\(first.stdout)")
    }

    /// A 個人事業者 (Okazaki) with a 1,200㎡ office and 20 employees files its 2025 事業所税 on
    /// 2026-03-10: 1,200 × 600 = 720,000, no 従業者割, and no 法人市民税 at all. It is due on
    /// 15 March 2026 (地方税法第701条の47第1項; zeiken.co.jp 税務用語辞典「申告及び納付」: 個人 その年の
    /// 翌年3月15日; a city's 事業所税の手引: 個人 翌年の3月15日 [法701の47①]), a Sunday: 16 March
    /// (第20条の5). Paid on 2026-05-15: 延滞金 on 720,000 at 2.8% for 03-17–04-16 (31 days:
    /// 1,712.21) and 9.1% for 04-17–05-15 (29 days: 5,205.69), 6,917.90 → 6,900 (2026 rates).
    /// The same facts for a corporation owe 均等割 and fall due on 2026-02-28.
    ///
    /// Two that ended their business on 2025-08-20 (a 1,500㎡ office closed that day, the period
    /// January–August: 8 months, 1,500 × 8 ÷ 12 = 1,000㎡ → 600,000): due within one month of the
    /// ending, 2025-09-20, or four months when the proprietor died, 2025-12-20 (第701条の47第1項,
    /// counted from the next day as 民法第140条 has it) — also after a 修正申告 that does not
    /// repeat the death.
    @Test("A 個人事業者's 事業所税 is due on 15 March of the next year, or within one month (four on death) of ending the business, and it owes no 法人市民税 (地方税法第701条の47第1項, 第294条)")
    func individualProprietor() throws {
        func registered(_ id: String, _ subject: String, individual: Bool, floor: Int, closed: String? = nil) -> [Line] {
            [Line(id: "\(id)-reg", city: "okazaki", subject: subject, type: "CorporationRegistered", valid: "2015-01-01", payload: individual ? #"{"individual":true}"# : #"{}"#),
             Line(id: "\(id)-off", city: "okazaki", subject: subject, type: "OfficeOpened", valid: "2015-01-01", payload: #"{"floor_m2":\#(floor),"office":"main"}"#)]
                + (closed.map { [Line(id: "\(id)-close", city: "okazaki", subject: subject, type: "OfficeClosed", valid: $0, payload: #"{"office":"main"}"#)] } ?? [])
        }
        func filed(_ id: String, _ subject: String, end: String, on day: String, died: Bool = false) -> Line {
            Line(id: "\(id)-fin", city: "okazaki", subject: subject, type: "CorporateReturnFiled", valid: day,
                 payload: #"{\#(subject == "okz-c-9000034" ? #""capital":10000000,"# : "")"employees_in_city":20,"kind":"final","national_corporate_tax":0,"payroll":60000000,"period_end":"\#(end)","period_start":"2025-01-01"\#(died ? #","proprietor_died":true"# : "")}"#)
        }
        let lines = registered("k-i1", "okz-c-9000031", individual: true, floor: 1200) + [filed("k-i1", "okz-c-9000031", end: "2025-12-31", on: "2026-03-10")]
            + registered("k-c1", "okz-c-9000034", individual: false, floor: 1200) + [filed("k-c1", "okz-c-9000034", end: "2025-12-31", on: "2026-02-20")]
            + registered("k-i2", "okz-c-9000032", individual: true, floor: 1500, closed: "2025-08-20") + [filed("k-i2", "okz-c-9000032", end: "2025-08-20", on: "2025-09-12")]
            + registered("k-i3", "okz-c-9000033", individual: true, floor: 1500, closed: "2025-08-20") + [filed("k-i3", "okz-c-9000033", end: "2025-08-20", on: "2025-11-28", died: true)]
            // A 修正申告 of the same period that does not repeat the death: still four months.
            + [Line(id: "k-i3-amd", city: "okazaki", subject: "okz-c-9000033", type: "CorporateReturnFiled", valid: "2025-12-10",
                    payload: #"{"employees_in_city":20,"kind":"amended","national_corporate_tax":0,"payroll":70000000,"period_end":"2025-08-20","period_start":"2025-01-01"}"#)]
        for (name, order) in [("ind", lines), ("ind-rev", lines.reversed())] {
            let s = try store(order, name)
            let i1 = try assess(s, "okz-c-9000031", fiscalYear: 2025)
            #expect(i1["corporate_tax"] == nil, "\(name): \(i1)")
            guard case .array(let p1)? = i1["office_tax"]?["periods"], let x1 = p1.first else { Issue.record("\(name): no office tax: \(i1)"); return }
            #expect(x1["due_date"] == .string("2026-03-15") && i1["office_tax"]?["total"] == .integer(720_000), "\(name): \(x1)")
            let c1 = try assess(s, "okz-c-9000034", fiscalYear: 2025)
            #expect(c1["corporate_tax"]?["total"] != nil && c1["corporate_tax"]?["total"] != .integer(0), "\(name): \(c1)")
            guard case .array(let pc)? = c1["office_tax"]?["periods"], let xc = pc.first else { Issue.record("\(name): no office tax: \(c1)"); return }
            #expect(xc["due_date"] == .string("2026-02-28"), "\(name): \(xc)")
            for (subject, due) in [("okz-c-9000032", "2025-09-20"), ("okz-c-9000033", "2025-12-20")] {
                let x = try assess(s, subject, fiscalYear: 2025)
                #expect(x["corporate_tax"] == nil, "\(name) \(subject): \(x)")
                guard case .array(let px)? = x["office_tax"]?["periods"], let p = px.first else { Issue.record("\(name) \(subject): no office tax: \(x)"); continue }
                #expect(p["due_date"] == .string(due) && p["asset"] == .integer(600_000), "\(name) \(subject): \(p)")
            }
        }
        // Through the levy run and a late payment to the 納税証明書.
        let s = try store(lines, "ind-cert")
        let run = try kaisei(["levy-run", "--fiscal-year", "2025", "--city", "okazaki", "--at", "2026-04-01T10:00:00+09:00", "--no-snapshots"], s)
        #expect(run.status == 0, "\(run.stderr)")
        try append([#"{"id":"k-i1-pay","city":"okazaki","subject":"okz-c-9000031","type":"PaymentReceived","valid_date":"2026-05-15","recorded_at":"2026-05-18T09:00:00+09:00","payload":{"amount":720000,"fiscal_year":2025,"tax":"office_tax"}}"#],
                   "ind-pay", to: s)
        let r = try kaisei(["certificate", "tax-payment", "--subject", "okz-c-9000031", "--fiscal-year", "2025", "--known-at", "2026-12-03T10:00:00+09:00", "--no-snapshots"], s)
        #expect(r.status == 0, "\(r.stderr)")
        let text = JSONWriter.canonical(try JSONParser.parse(r.stdout))
        #expect(text.contains(#""due_date":"2026-03-16""#) && text.contains(#""levied":720000"#), "\(text)")
        #expect(text.contains(#""late_interest":6900"#), "\(text)")
        #expect(!text.contains("corporate_tax"), "\(text)")
    }

    @Test("A 個人事業者 on the register has no 法人番号 and is not a 公益法人等: import refuses either, naming the field")
    func individualRefusesCorporateFields() throws {
        for (field, value) in [("corporate_number", #""1180001000009""#), ("public_interest", "true")] {
            let bad = [Line(id: "k-ib-reg", city: "okazaki", subject: "okz-c-9000035", type: "CorporationRegistered", valid: "2015-01-01",
                            payload: #"{"individual":true,"\#(field)":\#(value)}"#)]
            let store = dir.appendingPathComponent("bad-\(field).sqlite").path
            let r = try KaiseiBinary.run(["import", try write(bad, "bad-\(field)").path, "--store", store])
            #expect(r.status != 0 && r.stderr.contains("payload.\(field)") && r.stderr.contains("個人事業者"), "\(r.stderr)")
        }
    }
}
