import Testing
import Foundation
import KaiseiCore
import TestSupport

/// 収納管理 end to end through the command line: a levy, a late payment, 督促, a 延滞金 payment,
/// and the 納税証明書 that shows them — against figures worked by hand from the statute, not
/// from the code under test.
@Suite("Collection: 督促, 延滞金 on the 納税証明書, 収納状況")
final class CollectionTests {
    let dir: URL
    init() throws {
        dir = FileManager.default.temporaryDirectory.appendingPathComponent("kaisei-collection-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    }
    deinit { try? FileManager.default.removeItem(at: dir) }

    static let subject = "okz-r-9100001"

    /// One Okazaki resident with FY2026 個人住民税 of 1,000,000 yen noticed 2026-06-10: four
    /// instalments of 250,000 (納期限 06-30, 08-31, 10-31 → 11-02 as the 31st is a Saturday,
    /// 01-31 → 02-01). The first is paid 2026-08-29, late; the second and third are not paid;
    /// 2,400 of 延滞金 is paid 2026-09-15.
    static func lines(order: [Int]) -> String {
        let s = subject
        let all = [
            #"{"id":"c-reg","city":"okazaki","subject":"\#(s)","type":"ResidentRegistered","valid_date":"2013-04-01","recorded_at":"2013-04-02T09:00:00+09:00","payload":{"reason":"existing","birth_date":"1970-01-15","household":"okz-h-9100001","relationship_to_head":"head"}}"#,
            #"{"id":"c-levy","city":"okazaki","subject":"\#(s)","type":"LevyAssessed","valid_date":"2026-06-10","recorded_at":"2026-06-10T09:00:00+09:00","payload":{"amount":1000000,"fiscal_year":2026,"revision_set":"test","tax":"resident_tax","watermark":1}}"#,
            #"{"id":"c-pay1","city":"okazaki","subject":"\#(s)","type":"PaymentReceived","valid_date":"2026-08-29","recorded_at":"2026-09-02T09:00:00+09:00","payload":{"amount":250000,"fiscal_year":2026,"instalment":1,"tax":"resident_tax"}}"#,
            #"{"id":"c-li1","city":"okazaki","subject":"\#(s)","type":"PaymentReceived","valid_date":"2026-09-15","recorded_at":"2026-09-17T09:00:00+09:00","payload":{"amount":2400,"fiscal_year":2026,"kind":"late_interest","tax":"resident_tax"}}"#,
        ]
        return order.map { all[$0] }.joined(separator: "\n") + "\n"
    }

    func store(_ name: String, order: [Int]) throws -> String {
        let file = dir.appendingPathComponent("\(name).jsonl"), store = dir.appendingPathComponent("\(name).sqlite").path
        try Data(Self.lines(order: order).utf8).write(to: file)
        let r = try KaiseiBinary.run(["import", file.path, "--store", store])
        #expect(r.status == 0, "\(r.stderr)")
        return store
    }

    func kaisei(_ args: [String], _ store: String) throws -> KaiseiBinary.Result {
        try KaiseiBinary.run(args + ["--store", store, "--revisions", History.revisions])
    }

    func certificate(_ store: String, knownAt: String) throws -> JSONValue {
        let r = try kaisei(["certificate", "tax-payment", "--subject", Self.subject, "--fiscal-year", "2026", "--known-at", knownAt, "--no-snapshots"], store)
        #expect(r.status == 0, "\(r.stderr)")
        return try JSONParser.parse(r.stdout)
    }

    @Test("督促 (地方税法第329条: within 20 days of the 納期限) goes to each instalment unpaid on its day, once; the 納税証明書 shows 延滞金 worked by hand (第326条, 2026 rates 2.8% / 9.1%)")
    func demandsAndLateInterest() throws {
        let store = try store("a", order: [0, 1, 2, 3])
        let d = try kaisei(["payments", "demand", "--through", "2026-12-10", "--at", "2026-12-10T10:00:00+09:00", "--no-snapshots"], store)
        #expect(d.status == 0, "\(d.stderr)")
        // 06-30 + 20 = 07-20 (paid only 08-29), 08-31 → 09-20, 11-02 → 11-22; the fourth is not due.
        #expect(d.stdout.contains("3 督促状, 3 events recorded"), "\(d.stdout)")
        let again = try kaisei(["payments", "demand", "--through", "2026-12-10", "--at", "2026-12-10T11:00:00+09:00", "--no-snapshots"], store)
        #expect(again.stdout.contains("0 督促状, 0 events recorded"), "a second run sends nothing twice: \(again.stdout)")

        let c = try certificate(store, knownAt: "2026-12-10T12:00:00+09:00")
        let line = try #require({ if case .array(let l)? = c["body"]?["lines"] { return l.first }; return nil }())
        func int(_ v: JSONValue?) -> Int64? { if case .integer(let i)? = v { return i }; return nil }
        #expect(int(line["levied"]) == 1_000_000 && int(line["paid"]) == 250_000 && int(line["unpaid"]) == 750_000)
        #expect(int(line["overdue"]) == 500_000, "the second and third instalments are past their 納期限")
        // Worked by hand (base 250,000, days counted from the day after the 納期限, each period
        // cut to the yen, the sum to 100 yen):
        //  第1期 07-01…07-31 31 days × 2.8% = 594; 08-01…08-29 29 days × 9.1% = 1,807 → 2,400 (final)
        //  第2期 09-01…09-30 30 days × 2.8% = 575; 10-01…12-10 71 days × 9.1% = 4,425 → 5,000 (so far)
        //  第3期 11-03…12-02 30 days × 2.8% = 575; 12-03…12-10 8 days × 9.1% = 498 → 1,000 (so far)
        guard case .array(let parts)? = line["instalments"] else { Issue.record("no instalments: \(line)"); return }
        #expect(parts.map { int($0["late_interest"]) } == [2_400, 5_000, 1_000, 0])
        #expect(parts.map { v -> String in if case .string(let s)? = v["due_date"] { return s }; return "" } == ["2026-06-30", "2026-08-31", "2026-11-02", "2027-02-01"])
        #expect(parts.map { v -> String? in if case .string(let s)? = v["demanded_on"] { return s }; return nil } == ["2026-07-20", "2026-09-20", "2026-11-22", nil])
        #expect(int(line["late_interest"]) == 8_400 && int(line["late_interest_paid"]) == 2_400 && int(line["late_interest_unpaid"]) == 6_000)
        #expect(int(line["demand_fees"]) == 300 && int(line["demand_fees_paid"]) == 0)
        #expect(int(c["body"]?["total_late_interest_unpaid"]) == 6_000 && int(c["body"]?["total_demand_fees_unpaid"]) == 300)

        // As known before the layout with 延滞金 was adopted, the certificate is the one issued then.
        let before = try certificate(store, knownAt: "2026-11-30")
        #expect(before["body"]?["total_late_interest_unpaid"] == nil)
        guard case .array(let old)? = before["body"]?["lines"] else { Issue.record("no lines"); return }
        #expect(old.first?["instalments"] == nil && int(old.first?["paid"]) == 250_000)

        let html = try kaisei(["certificate", "tax-payment", "--subject", Self.subject, "--fiscal-year", "2026", "--known-at", "2026-12-10T12:00:00+09:00",
                               "--no-snapshots", "--format", "html"], store)
        #expect(html.stdout.contains("延滞金 (未納) の合計") && html.stdout.contains("6,000 円") && html.stdout.contains("第2期 納期限 2026-08-31"))
    }

    @Test("the same facts recorded in another valid order give the same 納税証明書 figures")
    func anotherOrder() throws {
        let a = try store("b1", order: [0, 1, 2, 3])
        // The 延滞金 payment reported before the tax payment (each still recorded after it was made).
        let swapped = Self.lines(order: [0, 1, 3, 2])
            .replacingOccurrences(of: "2026-09-17T09:00:00+09:00", with: "2026-09-16T09:00:00+09:00")
            .replacingOccurrences(of: "2026-09-02T09:00:00+09:00", with: "2026-09-18T09:00:00+09:00")
        let file = dir.appendingPathComponent("b2.jsonl"), b = dir.appendingPathComponent("b2.sqlite").path
        try Data(swapped.utf8).write(to: file)
        #expect(try KaiseiBinary.run(["import", file.path, "--store", b]).status == 0)
        let x = try certificate(a, knownAt: "2026-12-10T12:00:00+09:00"), y = try certificate(b, knownAt: "2026-12-10T12:00:00+09:00")
        #expect(x["body"] == y["body"])
    }

    @Test("a payment dated before the day but recorded after the moment asked is not on the certificate")
    func recordedLater() throws {
        let store = try store("c", order: [0, 1, 2, 3])
        let c = try certificate(store, knownAt: "2026-09-01T12:00:00+09:00")
        guard case .array(let lines)? = c["body"]?["lines"] else { Issue.record("no lines"); return }
        #expect(lines.first?["paid"] == .integer(0), "the 08-29 payment was recorded on 09-02")
    }

    @Test("収納状況 (調定額, 収入額, 滞納繰越分) equals a plain sum over the exported events, per city and tax")
    func statusAgainstExport() throws {
        let store = dir.appendingPathComponent("h.sqlite").path
        try FileManager.default.copyItem(atPath: History.shared.store, toPath: store)
        // FY2026 paid through its 出納整理期間 by most, late by some, not at all by others; then
        // the FY2027 report carries FY2026's arrears.
        let sim = try kaisei(["payments", "simulate", "--fiscal-year", "2026", "--at", "2028-01-12T09:00:00+09:00", "--arrears-percent", "20",
                              "--late-percent", "20", "--no-snapshots"], store)
        #expect(sim.status == 0, "\(sim.stderr)")
        var reports: [Int: JSONValue] = [:]
        for fy in [2026, 2027] {
            let r = try KaiseiBinary.run(["payments", "status", "--fiscal-year", String(fy), "--format", "json", "--no-snapshots", "--store", store])
            #expect(r.status == 0, "\(r.stderr)")
            reports[fy] = try JSONParser.parse(r.stdout)
        }
        let export = try KaiseiBinary.run(["export", "--store", store])
        // The plain path: the last levy per (subject, tax, year), payments summed, no ledger.
        var levy: [String: Int64] = [:], city: [String: String] = [:]
        var paidBy: [String: [(date: String, amount: Int64)]] = [:]
        var lastDay = ""
        for line in export.stdout.split(separator: "\n") {
            let e = try JSONParser.parse(String(line))
            guard case .string(let type)? = e["type"], case .string(let subject)? = e["subject"], case .string(let c)? = e["city"],
                  case .string(let day)? = e["valid_date"], let p = e["payload"] else { continue }
            if case .string(let rec)? = e["recorded_at"] { lastDay = max(lastDay, String(rec.prefix(10))) }
            guard case .string(let tax)? = p["tax"], case .integer(let fy)? = p["fiscal_year"], case .integer(let amount)? = p["amount"] else { continue }
            let key = "\(c)|\(tax)|\(fy)|\(subject)"
            switch type {
            case "LevyAssessed", "LevyCorrected": levy[key] = amount; city[key] = c
            case "PaymentReceived":
                // The tax only: 延滞金 and 督促手数料 (`kind`) are not 収入 of the levy.
                if p["kind"] == nil || p["kind"] == .string("tax") { paidBy[key, default: []].append((day, amount)) }
            default: break
            }
        }
        func paid(_ key: String, from: String, through: String) -> Int64 {
            (paidBy[key] ?? []).filter { $0.date > from && $0.date <= through }.reduce(0) { $0 + $1.amount }
        }
        // What of a levy was paid by a day, capped at it. 固定資産税 and 都市計画税 are collected
        // together (地方税法第702条の8第1項; in the rules as known now): a payment naming either pays
        // their sum, and each tax's share of what was paid is pro rata to the two amounts, the
        // 固定資産税's cut to the yen (docs/collection.md).
        func received(_ key: String, through: String) -> Int64 {
            let p = key.split(separator: "|").map(String.init)
            guard p[1] == "fixed_asset_tax" || p[1] == "city_planning_tax" else { return min(paid(key, from: "", through: through), levy[key] ?? 0) }
            let fa = "\(p[0])|fixed_asset_tax|\(p[2])|\(p[3])", cp = "\(p[0])|city_planning_tax|\(p[2])|\(p[3])"
            let total = (levy[fa] ?? 0) + (levy[cp] ?? 0)
            let got = min(paid(fa, from: "", through: through) + paid(cp, from: "", through: through), total)
            let faShare = total > 0 ? got * (levy[fa] ?? 0) / total : 0
            return p[1] == "fixed_asset_tax" ? faShare : got - faShare
        }
        // Reported "as_of" is the store's last recorded day; FY2026's account closes 2027-05-31.
        for (fy, report) in reports {
            let through = min(lastDay, "\(fy + 1)-05-31"), carriedAt = "\(fy)-05-31"
            var expected: [String: (levied: Int64, received: Int64, carried: Int64, carriedIn: Int64)] = [:]
            for (key, amount) in levy where amount > 0 {
                let parts = key.split(separator: "|"); let year = Int(parts[2])!
                let rowKey = "\(parts[0])|\(parts[1])"
                var x = expected[rowKey] ?? (0, 0, 0, 0)
                if year == fy {
                    x.levied += amount; x.received += received(key, through: through)
                } else if year < fy {
                    let carried = max(0, amount - received(key, through: carriedAt))
                    if carried > 0 { x.carried += carried; x.carriedIn += received(key, through: through) - received(key, through: carriedAt) }
                }
                expected[rowKey] = x
            }
            guard case .array(let rows)? = report["rows"] else { Issue.record("no rows"); continue }
            #expect(!rows.isEmpty)
            var seen = 0
            for row in rows {
                guard case .string(let c)? = row["city"], case .string(let t)? = row["tax"] else { continue }
                let want = expected["\(c)|\(t)"] ?? (0, 0, 0, 0)
                #expect(row["current"]?["levied"] == .integer(want.levied), "FY\(fy) \(c) \(t) 調定額")
                #expect(row["current"]?["received"] == .integer(want.received), "FY\(fy) \(c) \(t) 収入額")
                #expect(row["carried_over"]?["levied"] == .integer(want.carried), "FY\(fy) \(c) \(t) 滞納繰越 調定額")
                #expect(row["carried_over"]?["received"] == .integer(want.carriedIn), "FY\(fy) \(c) \(t) 滞納繰越 収入額")
                seen += 1
            }
            #expect(seen == expected.filter { $0.value.levied > 0 || $0.value.carried > 0 }.count)
        }
        // Some of FY2026 was unpaid and is carried into FY2027.
        guard case .array(let rows)? = reports[2027]?["rows"] else { return }
        #expect(rows.contains { if case .integer(let n)? = $0["carried_over"]?["levied"] { return n > 0 }; return false })
    }

    /// A resident with FY2025 固定資産税 of 40,000 unpaid and FY2026 個人住民税 of 10,000,000 in four
    /// instalments of 2,500,000, three paid (7,500,000), lowered to 6,000,000 on 2026-11-20.
    static func lowered(_ s: String, prefix p: String) -> [String] {
        [
            #"{"id":"\#(p)-reg","city":"okazaki","subject":"\#(s)","type":"ResidentRegistered","valid_date":"2013-04-01","recorded_at":"2013-04-02T09:00:00+09:00","payload":{"reason":"existing","birth_date":"1960-03-01","household":"okz-h-\#(s.suffix(7))","relationship_to_head":"head"}}"#,
            #"{"id":"\#(p)-fa","city":"okazaki","subject":"\#(s)","type":"LevyAssessed","valid_date":"2025-04-10","recorded_at":"2025-04-10T09:00:00+09:00","payload":{"amount":40000,"fiscal_year":2025,"revision_set":"test","tax":"fixed_asset_tax","watermark":1}}"#,
            #"{"id":"\#(p)-rt","city":"okazaki","subject":"\#(s)","type":"LevyAssessed","valid_date":"2026-06-10","recorded_at":"2026-06-10T09:00:00+09:00","payload":{"amount":10000000,"fiscal_year":2026,"revision_set":"test","tax":"resident_tax","watermark":2}}"#,
            #"{"id":"\#(p)-p1","city":"okazaki","subject":"\#(s)","type":"PaymentReceived","valid_date":"2026-06-30","recorded_at":"2026-07-02T09:00:00+09:00","payload":{"amount":2500000,"fiscal_year":2026,"tax":"resident_tax"}}"#,
            #"{"id":"\#(p)-p2","city":"okazaki","subject":"\#(s)","type":"PaymentReceived","valid_date":"2026-08-31","recorded_at":"2026-09-02T09:00:00+09:00","payload":{"amount":2500000,"fiscal_year":2026,"tax":"resident_tax"}}"#,
            #"{"id":"\#(p)-p3","city":"okazaki","subject":"\#(s)","type":"PaymentReceived","valid_date":"2026-10-30","recorded_at":"2026-11-02T09:00:00+09:00","payload":{"amount":2500000,"fiscal_year":2026,"tax":"resident_tax"}}"#,
            #"{"id":"\#(p)-cut","city":"okazaki","subject":"\#(s)","type":"LevyCorrected","valid_date":"2026-11-20","recorded_at":"2026-11-20T09:00:00+09:00","payload":{"amount":6000000,"fiscal_year":2026,"reason":"減額更正","revision_set":"test","tax":"resident_tax","watermark":3}}"#,
        ]
    }

    @Test("a 減額更正 after payment makes 過誤納金: 充当 to the taxpayer's arrears first (地方税法第17条の2), the rest refunded with 還付加算金 worked by hand (第17条の4第1項第1号, 2026 rate 1.3%); a second run settles nothing")
    func appropriationAndRefund() throws {
        let s = "okz-r-9100002"
        let lines = Self.lowered(s, prefix: "r")
        let file = dir.appendingPathComponent("r.jsonl"), store = dir.appendingPathComponent("r.sqlite").path
        try Data((lines.joined(separator: "\n") + "\n").utf8).write(to: file)
        #expect(try KaiseiBinary.run(["import", file.path, "--store", store]).status == 0)
        let run = try kaisei(["payments", "refund", "--through", "2026-12-10", "--at", "2026-12-10T10:00:00+09:00", "--no-snapshots"], store)
        #expect(run.status == 0, "\(run.stderr)")
        // 充当 of the FY2025 tax, then of its 延滞金 (2,400, below); the rest refunded.
        #expect(run.stdout.contains("1 levies overpaid, 2 充当, 1 還付; 3 events recorded"), "\(run.stdout)")
        let again = try kaisei(["payments", "refund", "--through", "2026-12-10", "--at", "2026-12-10T11:00:00+09:00", "--no-snapshots"], store)
        #expect(again.stdout.contains("0 levies overpaid, 0 充当, 0 還付; 0 events recorded"), "\(again.stdout)")

        func int(_ v: JSONValue?) -> Int64? { if case .integer(let i)? = v { return i }; return nil }
        func line(_ fy: Int) throws -> JSONValue? {
            let r = try kaisei(["certificate", "tax-payment", "--subject", s, "--fiscal-year", String(fy), "--known-at", "2026-12-10T12:00:00+09:00", "--no-snapshots"], store)
            #expect(r.status == 0, "\(r.stderr)")
            if case .array(let l)? = try JSONParser.parse(r.stdout)["body"]?["lines"] { return l.first }
            return nil
        }
        // 7,500,000 paid on 6,000,000: 1,500,000 overpaid; 40,000 to the FY2025 固定資産税 (all of it
        // past its 納期限), then 2,400 to its 延滞金, now final (地方税法第17条の2: a 延滞金 is a 徴収金
        // too, after its own tax); 1,457,600 refunded (until 2026-12-04: 1,460,000, the 延滞金 left
        // owed). 還付加算金 from the day after the last payment (10-31) to the decision (12-10),
        // 41 days, on 1,457,000 (第17条の4: under 1,000 yen cut): 1,457,000 × 1.3% × 41 / 365 = 2,127 → 2,100.
        let rt = try #require(try line(2026))
        #expect(int(rt["levied"]) == 6_000_000 && int(rt["paid"]) == 6_000_000 && int(rt["overpaid"]) == 0)
        // The 第3期 (2,500,000 due 11-02) was paid in full on 10-30, before its 納期限, and lowered
        // to 1,000,000 on 11-20: no 延滞金 (until 2026-12-03 the 1,500,000 lowered was counted
        // unpaid from 11-03 to 11-19: 1,900 yen).
        #expect(int(rt["late_interest"]) == 0, "\(rt)")
        #expect(int(rt["appropriated"]) == 42_400 && int(rt["refunded"]) == 1_457_600 && int(rt["refund_interest"]) == 2_100, "\(rt)")
        let fa = try #require(try line(2025))
        #expect(int(fa["paid"]) == 40_000 && int(fa["unpaid"]) == 0 && int(fa["appropriated_in"]) == 40_000)
        #expect(int(fa["late_interest"]) == 2_400 && int(fa["late_interest_paid"]) == 2_400, "the 延滞金 paid by the 充当: \(fa)")
        // Its 延滞金 stops at the 充当適状日 (11-20) and is final. Worked by hand, base 10,000 each:
        //  第1期 (due 2025-04-30): 31 days × 2.4% = 20, 214 × 8.7% = 510 (2025), 324 × 9.1% = 807 (2026) → 1,300
        //  第2期 (due 2025-07-31): 31 × 2.4% = 20, 122 × 8.7% = 290, 324 × 9.1% = 807 → 1,100
        //  第3期 (due 2025-12-25): 6 × 2.4% = 3, 25 × 2.8% = 19, 299 × 9.1% = 745 → 767 → 700, under 1,000: none
        //  第4期 (due 2026-02-28 → 03-02): 31 × 2.8% = 23, 232 × 9.1% = 578 → 600: none
        guard case .array(let parts)? = fa["instalments"] else { Issue.record("no instalments"); return }
        #expect(parts.allSatisfy { $0["late_interest_final"] == .bool(true) })
        #expect(parts.map { int($0["late_interest"]) } == [1_300, 1_100, 0, 0])
        #expect(parts.map { v -> String? in if case .string(let d)? = v["paid_in_full_on"] { return d }; return nil } == Array(repeating: "2026-11-20", count: 4))
    }

    @Test("過誤納金 left after the arrears' tax pays their 延滞金, then the 督促手数料, before any refund (地方税法第17条の2, 施行令第6条の14); on the 納税証明書 as paid, not in 収納状況's 収入額 of the tax")
    func appropriationToLateInterestAndFees() throws {
        let s = "okz-r-9100005", p = "f"
        // appropriationAndRefund's resident, with a 督促状 (fee 100) for each of the FY2025 固定資産税's
        // first two instalments.
        let demands = [
            #"{"id":"\#(p)-d1","city":"okazaki","subject":"\#(s)","type":"DemandNoticeIssued","valid_date":"2025-05-20","recorded_at":"2025-05-20T09:00:00+09:00","payload":{"due_date":"2025-04-30","fee":100,"fiscal_year":2025,"instalment":1,"tax":"fixed_asset_tax"}}"#,
            #"{"id":"\#(p)-d2","city":"okazaki","subject":"\#(s)","type":"DemandNoticeIssued","valid_date":"2025-08-20","recorded_at":"2025-08-20T09:00:00+09:00","payload":{"due_date":"2025-07-31","fee":100,"fiscal_year":2025,"instalment":2,"tax":"fixed_asset_tax"}}"#,
        ]
        let events = Self.lowered(s, prefix: p)
        let lines = [events[0], events[1]] + demands + Array(events.dropFirst(2))
        let file = dir.appendingPathComponent("f.jsonl"), store = dir.appendingPathComponent("f.sqlite").path
        try Data((lines.joined(separator: "\n") + "\n").utf8).write(to: file)
        let imp = try KaiseiBinary.run(["import", file.path, "--store", store])
        #expect(imp.status == 0, "\(imp.stderr)")
        let run = try kaisei(["payments", "refund", "--through", "2026-12-10", "--at", "2026-12-10T10:00:00+09:00", "--no-snapshots"], store)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("1 levies overpaid, 3 充当, 1 還付; 4 events recorded"), "\(run.stdout)")
        let again = try kaisei(["payments", "refund", "--through", "2026-12-10", "--at", "2026-12-10T11:00:00+09:00", "--no-snapshots"], store)
        #expect(again.stdout.contains("0 levies overpaid, 0 充当, 0 還付; 0 events recorded"), "\(again.stdout)")
        // A payment posted later that day, of the lowered levy already settled: a second run of the
        // same day refunds it under an id of its own (the first run's id with other figures was
        // refused, and the run failed); run again, nothing.
        let late = dir.appendingPathComponent("f2.jsonl")
        try Data((#"{"id":"f-p9","city":"okazaki","subject":"\#(s)","type":"PaymentReceived","valid_date":"2026-12-10","recorded_at":"2026-12-10T12:00:00+09:00","payload":{"amount":100000,"fiscal_year":2026,"tax":"resident_tax"}}"# + "\n").utf8).write(to: late)
        #expect(try KaiseiBinary.run(["import", late.path, "--store", store]).status == 0)
        let second = try kaisei(["payments", "refund", "--through", "2026-12-10", "--at", "2026-12-10T13:00:00+09:00", "--no-snapshots"], store)
        #expect(second.status == 0 && second.stdout.contains("1 levies overpaid, 0 充当, 1 還付; 1 events recorded"), "\(second.stdout) \(second.stderr)")
        let third = try kaisei(["payments", "refund", "--through", "2026-12-10", "--at", "2026-12-10T14:00:00+09:00", "--no-snapshots"], store)
        #expect(third.stdout.contains("0 levies overpaid, 0 充当, 0 還付; 0 events recorded"), "\(third.stdout)")

        // The events as recorded: 40,000 of tax, 2,400 of 延滞金 (1,300 + 1,100, appropriationAndRefund's
        // hand count), 200 of fees, each counted paid on 2026-11-20 (the 過誤納金 arose with the
        // 減額更正, after every 納期限 and 督促状); 1,500,000 − 42,600 = 1,457,400 refunded with
        // 1,457,000 × 1.3% × 41 / 365 = 2,127 → 2,100 of 還付加算金.
        let export = try KaiseiBinary.run(["export", "--store", store])
        let settled = try export.stdout.split(separator: "\n").filter { $0.contains("Overpayment") }.map { try JSONParser.parse(String($0)) }
        func int(_ v: JSONValue?) -> Int64? { if case .integer(let i)? = v { return i }; return nil }
        func str(_ v: JSONValue?) -> String? { if case .string(let x)? = v { return x }; return nil }
        let summary = settled.map { e in
            "\(str(e["type"]) ?? "") \(str(e["payload"]?["target_kind"]) ?? "-") \(int(e["payload"]?["amount"]) ?? -1) \(str(e["payload"]?["deemed_paid_on"]) ?? "-") \(int(e["payload"]?["interest"]) ?? -1)"
        }
        #expect(Array(summary.prefix(4)) == ["OverpaymentAppropriated - 40000 2026-11-20 -1", "OverpaymentAppropriated late_interest 2400 2026-11-20 -1",
                                             "OverpaymentAppropriated demand_fee 200 2026-11-20 -1", "OverpaymentRefunded - 1457400 - 2100"], "\(summary)")
        // The later payment's refund, 100,000 (還付加算金 from one month after it: none yet), named apart.
        #expect(summary.count == 5 && summary[4] == "OverpaymentRefunded - 100000 - 0", "\(summary)")
        let ids = settled.compactMap { str($0["id"]) }
        #expect(Set(ids).count == 5 && ids[4].hasSuffix("-2026-12-10-n4"), "\(ids)")

        let r = try kaisei(["certificate", "tax-payment", "--subject", s, "--fiscal-year", "2025", "--known-at", "2026-12-10T12:00:00+09:00", "--no-snapshots"], store)
        #expect(r.status == 0, "\(r.stderr)")
        guard case .array(let l)? = try JSONParser.parse(r.stdout)["body"]?["lines"], let fa = l.first else { Issue.record("no line: \(r.stdout)"); return }
        #expect(int(fa["paid"]) == 40_000 && int(fa["unpaid"]) == 0, "\(fa)")
        #expect(int(fa["late_interest"]) == 2_400 && int(fa["late_interest_paid"]) == 2_400, "\(fa)")
        #expect(int(fa["demand_fees"]) == 200 && int(fa["demand_fees_paid"]) == 200, "\(fa)")
        // 収納状況 of FY2026: the FY2025 固定資産税 carried over received 40,000 (capped by what was
        // carried; appropriationToLateInterestIsNotTaxReceived shows the 延滞金 left out).
        let st = try KaiseiBinary.run(["payments", "status", "--fiscal-year", "2026", "--format", "json", "--no-snapshots", "--store", store])
        #expect(st.status == 0, "\(st.stderr)")
        guard case .array(let rows)? = try JSONParser.parse(st.stdout)["rows"] else { Issue.record("no rows: \(st.stdout)"); return }
        let fixed = rows.first { $0["tax"] == .string("fixed_asset_tax") }
        #expect(int(fixed?["carried_over"]?["received"]) == 40_000, "\(rows)")
    }

    /// A resident with FY2026 個人住民税 of 1,000,000 (four instalments of 250,000): the 第1期 (due
    /// 06-30) paid late on 08-29, the rest on 08-31; its 延滞金, 2,400 (worked in `lines`), paid on
    /// 09-15 and again on 09-20, and the 督促状's fee of 100 likewise. With `arrears`, an unpaid
    /// FY2025 固定資産税 of 40,000 (due from 2025-04-30).
    static func paidInterestTwice(_ s: String, prefix p: String, arrears: Bool) -> [String] {
        var lines = [
            #"{"id":"\#(p)-reg","city":"okazaki","subject":"\#(s)","type":"ResidentRegistered","valid_date":"2013-04-01","recorded_at":"2013-04-02T09:00:00+09:00","payload":{"reason":"existing","birth_date":"1970-01-15","household":"okz-h-\#(s.suffix(7))","relationship_to_head":"head"}}"#,
            #"{"id":"\#(p)-levy","city":"okazaki","subject":"\#(s)","type":"LevyAssessed","valid_date":"2026-06-10","recorded_at":"2026-06-10T09:00:00+09:00","payload":{"amount":1000000,"fiscal_year":2026,"revision_set":"test","tax":"resident_tax","watermark":1}}"#,
            #"{"id":"\#(p)-d1","city":"okazaki","subject":"\#(s)","type":"DemandNoticeIssued","valid_date":"2026-07-20","recorded_at":"2026-07-20T09:00:00+09:00","payload":{"due_date":"2026-06-30","fee":100,"fiscal_year":2026,"instalment":1,"tax":"resident_tax"}}"#,
            #"{"id":"\#(p)-p1","city":"okazaki","subject":"\#(s)","type":"PaymentReceived","valid_date":"2026-08-29","recorded_at":"2026-09-02T09:00:00+09:00","payload":{"amount":250000,"fiscal_year":2026,"tax":"resident_tax"}}"#,
            #"{"id":"\#(p)-p2","city":"okazaki","subject":"\#(s)","type":"PaymentReceived","valid_date":"2026-08-31","recorded_at":"2026-09-02T09:01:00+09:00","payload":{"amount":750000,"fiscal_year":2026,"tax":"resident_tax"}}"#,
            #"{"id":"\#(p)-li1","city":"okazaki","subject":"\#(s)","type":"PaymentReceived","valid_date":"2026-09-15","recorded_at":"2026-09-17T09:00:00+09:00","payload":{"amount":2400,"fiscal_year":2026,"kind":"late_interest","tax":"resident_tax"}}"#,
            #"{"id":"\#(p)-fee1","city":"okazaki","subject":"\#(s)","type":"PaymentReceived","valid_date":"2026-09-15","recorded_at":"2026-09-17T09:01:00+09:00","payload":{"amount":100,"fiscal_year":2026,"kind":"demand_fee","tax":"resident_tax"}}"#,
            #"{"id":"\#(p)-li2","city":"okazaki","subject":"\#(s)","type":"PaymentReceived","valid_date":"2026-09-20","recorded_at":"2026-09-24T09:00:00+09:00","payload":{"amount":2400,"fiscal_year":2026,"kind":"late_interest","tax":"resident_tax"}}"#,
            #"{"id":"\#(p)-fee2","city":"okazaki","subject":"\#(s)","type":"PaymentReceived","valid_date":"2026-09-20","recorded_at":"2026-09-24T09:01:00+09:00","payload":{"amount":100,"fiscal_year":2026,"kind":"demand_fee","tax":"resident_tax"}}"#,
        ]
        if arrears {
            lines.insert(#"{"id":"\#(p)-fa","city":"okazaki","subject":"\#(s)","type":"LevyAssessed","valid_date":"2025-04-10","recorded_at":"2025-04-10T09:00:00+09:00","payload":{"amount":40000,"fiscal_year":2025,"revision_set":"test","tax":"fixed_asset_tax","watermark":1}}"#, at: 1)
        }
        return lines
    }

    @Test("延滞金 and a 督促手数料 paid twice are 過誤納金 like overpaid tax (地方税法第17条): refunded when nothing is owed, with 還付加算金 from one month after the payment (第17条の4第1項第4号), else applied to the arrears' tax first (第17条の2); shown on the 納税証明書 until settled, never as 収入 of the tax")
    func overpaidLateInterestAndFees() throws {
        func int(_ v: JSONValue?) -> Int64? { if case .integer(let i)? = v { return i }; return nil }
        func str(_ v: JSONValue?) -> String? { if case .string(let x)? = v { return x }; return nil }
        func settle(_ name: String, arrears: Bool) throws -> (store: String, subject: String, events: [JSONValue], run: String) {
            let s = arrears ? "okz-r-9100007" : "okz-r-9100006"
            let file = dir.appendingPathComponent("\(name).jsonl"), store = dir.appendingPathComponent("\(name).sqlite").path
            try Data((Self.paidInterestTwice(s, prefix: name, arrears: arrears).joined(separator: "\n") + "\n").utf8).write(to: file)
            let imp = try KaiseiBinary.run(["import", file.path, "--store", store])
            #expect(imp.status == 0, "\(imp.stderr)")
            // Before the run: 4,800 of 延滞金 paid on 2,400 owed, 200 of fees on 100; the tax is exact.
            let before = try kaisei(["certificate", "tax-payment", "--subject", s, "--fiscal-year", "2026", "--known-at", "2026-12-10T09:00:00+09:00", "--no-snapshots"], store)
            #expect(before.status == 0, "\(before.stderr)")
            let body = try JSONParser.parse(before.stdout)["body"]
            guard case .array(let l)? = body?["lines"], let rt = l.first else { Issue.record("no line: \(before.stdout)"); return (store, s, [], "") }
            #expect(int(rt["late_interest"]) == 2_400 && int(rt["late_interest_paid"]) == 4_800 && int(rt["late_interest_unpaid"]) == 0, "\(rt)")
            #expect(int(rt["late_interest_overpaid"]) == 2_400 && int(rt["demand_fees_overpaid"]) == 100 && int(rt["overpaid"]) == 0, "\(rt)")
            #expect(int(body?["total_overpaid"]) == 2_500, "\(String(describing: body))")
            let run = try kaisei(["payments", "refund", "--through", "2026-12-10", "--at", "2026-12-10T10:00:00+09:00", "--no-snapshots"], store)
            #expect(run.status == 0, "\(run.stderr)")
            let again = try kaisei(["payments", "refund", "--through", "2026-12-10", "--at", "2026-12-10T11:00:00+09:00", "--no-snapshots"], store)
            #expect(again.stdout.contains("0 levies overpaid, 0 充当, 0 還付; 0 events recorded"), "\(again.stdout)")
            let export = try KaiseiBinary.run(["export", "--store", store])
            let settled = try export.stdout.split(separator: "\n").filter { $0.contains("Overpayment") }.map { try JSONParser.parse(String($0)) }
            return (store, s, settled, run.stdout)
        }
        func summary(_ events: [JSONValue]) -> [String] {
            events.map { e in
                "\(str(e["type"]) ?? "") \(str(e["payload"]?["kind"]) ?? "-") \(int(e["payload"]?["amount"]) ?? -1) \(str(e["payload"]?["target_tax"]) ?? "-") \(str(e["payload"]?["deemed_paid_on"]) ?? "-") \(int(e["payload"]?["interest"]) ?? -1)"
            }
        }

        // Nothing owed: both refunded on 12-10. 還付加算金 of the 延滞金: from the day after one month
        // after 09-20 (10-20) to 12-10, 51 days, on 2,000 (1,000-yen cut): 2,000 × 1.3% × 51 / 365 =
        // 3 → under 1,000 yen: none; the fee's base is under 2,000: none.
        let a = try settle("oa", arrears: false)
        #expect(a.run.contains("1 levies overpaid, 0 充当, 2 還付; 2 events recorded"), "\(a.run)")
        #expect(summary(a.events) == ["OverpaymentRefunded late_interest 2400 - - 0", "OverpaymentRefunded demand_fee 100 - - 0"], "\(summary(a.events))")
        let after = try kaisei(["certificate", "tax-payment", "--subject", a.subject, "--fiscal-year", "2026", "--known-at", "2026-12-10T12:00:00+09:00", "--no-snapshots"], a.store)
        let body = try JSONParser.parse(after.stdout)["body"]
        guard case .array(let l)? = body?["lines"], let rt = l.first else { Issue.record("no line: \(after.stdout)"); return }
        #expect(int(rt["late_interest_paid"]) == 2_400 && int(rt["demand_fees_paid"]) == 100 && int(rt["refunded"]) == 2_500, "\(rt)")
        #expect(rt["late_interest_overpaid"] == nil && rt["demand_fees_overpaid"] == nil && int(body?["total_overpaid"]) == 0, "\(rt)")
        #expect(int(rt["paid"]) == 1_000_000 && int(rt["unpaid"]) == 0, "the tax keeps what was paid of it: \(rt)")

        // With the FY2025 固定資産税 unpaid: 2,500 goes to its tax (第1期, 10,000 due 2025-04-30),
        // counted paid on 09-20, the day the second payments made the 過誤納; nothing is refunded.
        let b = try settle("ob", arrears: true)
        #expect(b.run.contains("1 levies overpaid, 2 充当, 0 還付; 2 events recorded"), "\(b.run)")
        #expect(summary(b.events) == ["OverpaymentAppropriated late_interest 2400 fixed_asset_tax 2026-09-20 -1",
                                      "OverpaymentAppropriated demand_fee 100 fixed_asset_tax 2026-09-20 -1"], "\(summary(b.events))")
        let fa = try kaisei(["certificate", "tax-payment", "--subject", b.subject, "--fiscal-year", "2025", "--known-at", "2026-12-10T12:00:00+09:00", "--no-snapshots"], b.store)
        guard case .array(let fl)? = try JSONParser.parse(fa.stdout)["body"]?["lines"], let fixed = fl.first else { Issue.record("no line: \(fa.stdout)"); return }
        #expect(int(fixed["paid"]) == 2_500 && int(fixed["appropriated_in"]) == 2_500, "\(fixed)")
        // 収納状況 of FY2026: the 住民税's 収入額 is its 1,000,000 of tax, not less (the 延滞金 and fee
        // settled were never 収入 of it); the 固定資産税 carried over received the 2,500.
        let st = try KaiseiBinary.run(["payments", "status", "--fiscal-year", "2026", "--format", "json", "--no-snapshots", "--store", b.store])
        #expect(st.status == 0, "\(st.stderr)")
        guard case .array(let rows)? = try JSONParser.parse(st.stdout)["rows"] else { Issue.record("no rows: \(st.stdout)"); return }
        #expect(int(rows.first { $0["tax"] == .string("resident_tax") }?["current"]?["received"]) == 1_000_000, "\(rows)")
        #expect(int(rows.first { $0["tax"] == .string("fixed_asset_tax") }?["carried_over"]?["received"]) == 2_500, "\(rows)")
    }

    @Test("a 充当 to the 延滞金 of a levy with instalments still to come is not 収入 of its tax in 収納状況, nor tax paid on the 納税証明書")
    func appropriationToLateInterestIsNotTaxReceived() throws {
        let s = "okz-r-9100006", p = "g"
        // FY2026 固定資産税 400,000 (100,000 due 04-30, 07-31, 12-25, 03-01): the first two paid on
        // 07-31, the first late; FY2026 軽自動車税 10,800 paid twice on 05-29. On 09-15 the 10,800
        // 過誤納金 finds no overdue tax and goes first to the 固定資産税's 延滞金.
        let lines = [
            #"{"id":"\#(p)-reg","city":"okazaki","subject":"\#(s)","type":"ResidentRegistered","valid_date":"2013-04-01","recorded_at":"2013-04-02T09:00:00+09:00","payload":{"reason":"existing","birth_date":"1960-03-01","household":"okz-h-9100006","relationship_to_head":"head"}}"#,
            #"{"id":"\#(p)-fa","city":"okazaki","subject":"\#(s)","type":"LevyAssessed","valid_date":"2026-04-10","recorded_at":"2026-04-10T09:00:00+09:00","payload":{"amount":400000,"fiscal_year":2026,"revision_set":"test","tax":"fixed_asset_tax","watermark":1}}"#,
            #"{"id":"\#(p)-lv","city":"okazaki","subject":"\#(s)","type":"LevyAssessed","valid_date":"2026-04-10","recorded_at":"2026-04-10T09:01:00+09:00","payload":{"amount":10800,"fiscal_year":2026,"revision_set":"test","tax":"light_vehicle_tax","watermark":1}}"#,
            #"{"id":"\#(p)-l1","city":"okazaki","subject":"\#(s)","type":"PaymentReceived","valid_date":"2026-05-29","recorded_at":"2026-06-01T09:00:00+09:00","payload":{"amount":10800,"fiscal_year":2026,"tax":"light_vehicle_tax"}}"#,
            #"{"id":"\#(p)-l2","city":"okazaki","subject":"\#(s)","type":"PaymentReceived","valid_date":"2026-05-29","recorded_at":"2026-06-01T09:01:00+09:00","payload":{"amount":10800,"fiscal_year":2026,"tax":"light_vehicle_tax"}}"#,
            #"{"id":"\#(p)-f1","city":"okazaki","subject":"\#(s)","type":"PaymentReceived","valid_date":"2026-07-31","recorded_at":"2026-08-03T09:00:00+09:00","payload":{"amount":200000,"fiscal_year":2026,"tax":"fixed_asset_tax"}}"#,
        ]
        let file = dir.appendingPathComponent("g.jsonl"), store = dir.appendingPathComponent("g.sqlite").path
        try Data((lines.joined(separator: "\n") + "\n").utf8).write(to: file)
        let imp = try KaiseiBinary.run(["import", file.path, "--store", store])
        #expect(imp.status == 0, "\(imp.stderr)")
        let run = try kaisei(["payments", "refund", "--through", "2026-09-15", "--at", "2026-09-15T10:00:00+09:00", "--no-snapshots"], store)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("1 levies overpaid, 1 充当, 1 還付; 2 events recorded"), "\(run.stdout)")

        func int(_ v: JSONValue?) -> Int64? { if case .integer(let i)? = v { return i }; return nil }
        let r = try kaisei(["certificate", "tax-payment", "--subject", s, "--fiscal-year", "2026", "--known-at", "2026-12-10T12:00:00+09:00", "--no-snapshots"], store)
        #expect(r.status == 0, "\(r.stderr)")
        guard case .array(let l)? = try JSONParser.parse(r.stdout)["body"]?["lines"],
              let fa = l.first(where: { $0["tax"] == .string("fixed_asset_tax") }), let lv = l.first(where: { $0["tax"] == .string("light_vehicle_tax") }) else {
            Issue.record("no lines: \(r.stdout)"); return
        }
        // 第1期 100,000 due 04-30, paid 07-31 (2026: 2.8 % / 9.1 %): 31 days (05-01…05-31) × 2.8 % = 237,
        // 61 days (06-01…07-31) × 9.1 % = 1,520; 1,758 → 1,700.
        let interest: Int64 = 1_700
        #expect(int(fa["late_interest"]) == interest && int(fa["late_interest_paid"]) == interest, "\(fa)")
        #expect(int(fa["paid"]) == 200_000 && int(fa["unpaid"]) == 200_000, "\(fa)")
        #expect(int(lv["appropriated"]) == interest && int(lv["refunded"]) == 10_800 - interest, "\(lv)")
        let st = try KaiseiBinary.run(["payments", "status", "--fiscal-year", "2026", "--format", "json", "--no-snapshots", "--store", store])
        #expect(st.status == 0, "\(st.stderr)")
        guard case .array(let rows)? = try JSONParser.parse(st.stdout)["rows"] else { Issue.record("no rows: \(st.stdout)"); return }
        let fixed = rows.first { $0["tax"] == .string("fixed_asset_tax") }
        #expect(int(fixed?["current"]?["levied"]) == 400_000 && int(fixed?["current"]?["received"]) == 200_000, "the tax received, not its 延滞金: \(rows)")
    }

    @Test("a raise (増額更正) after a 減額更正's 過誤納金 was refunded and applied elsewhere is owed in full: the refunded money no longer pays it (地方税法第17条・第17条の2), on the 納税証明書 and in 収納状況")
    func raiseAfterRefund() throws {
        let s = "okz-r-9100003"
        // The levy of appropriationAndRefund, raised back to 10,000,000 on 2027-01-10 after the refund.
        let lines = Self.lowered(s, prefix: "x")
        let raise = #"{"id":"x-up","city":"okazaki","subject":"\#(s)","type":"LevyCorrected","valid_date":"2027-01-10","recorded_at":"2027-01-10T09:00:00+09:00","payload":{"amount":10000000,"fiscal_year":2026,"reason":"増額更正","revision_set":"test","tax":"resident_tax","watermark":4}}"#
        let file = dir.appendingPathComponent("x.jsonl"), more = dir.appendingPathComponent("x2.jsonl"), store = dir.appendingPathComponent("x.sqlite").path
        try Data((lines.joined(separator: "\n") + "\n").utf8).write(to: file)
        #expect(try KaiseiBinary.run(["import", file.path, "--store", store]).status == 0)
        let run = try kaisei(["payments", "refund", "--through", "2026-12-10", "--at", "2026-12-10T10:00:00+09:00", "--no-snapshots"], store)
        #expect(run.stdout.contains("1 levies overpaid, 2 充当, 1 還付; 3 events recorded"), "\(run.stdout)")
        try Data((raise + "\n").utf8).write(to: more)
        #expect(try KaiseiBinary.run(["import", more.path, "--store", store]).status == 0)

        func int(_ v: JSONValue?) -> Int64? { if case .integer(let i)? = v { return i }; return nil }
        let r = try kaisei(["certificate", "tax-payment", "--subject", s, "--fiscal-year", "2026", "--known-at", "2027-01-15T12:00:00+09:00", "--no-snapshots"], store)
        #expect(r.status == 0, "\(r.stderr)")
        guard case .array(let l)? = try JSONParser.parse(r.stdout)["body"]?["lines"], let rt = l.first else { Issue.record("no line"); return }
        // Kept: 7,500,000 − 40,000 − 2,400 (its 延滞金) − 1,457,600 = 6,000,000; owed: 10,000,000 − 6,000,000. The
        // 4,000,000 raise falls on the 第4期 (2027-02-01, still ahead of a 10-day notice).
        #expect(int(rt["levied"]) == 10_000_000 && int(rt["paid"]) == 6_000_000 && int(rt["unpaid"]) == 4_000_000, "\(rt)")
        #expect(int(rt["overpaid"]) == 0 && int(rt["refunded"]) == 1_457_600 && int(rt["appropriated"]) == 42_400)
        guard case .array(let parts)? = rt["instalments"] else { Issue.record("no instalments"); return }
        #expect(parts.map { int($0["unpaid"]) } == [0, 0, 0, 4_000_000], "\(parts)")
        // A refund run after the raise finds nothing overpaid.
        let again = try kaisei(["payments", "refund", "--through", "2027-01-15", "--at", "2027-01-15T10:00:00+09:00", "--no-snapshots"], store)
        #expect(again.stdout.contains("0 levies overpaid, 0 充当, 0 還付; 0 events recorded"), "\(again.stdout)")
        // 収納状況 of FY2026: 収入額 is what the levy kept, 6,000,000 (the FY2025 levy's 40,000 is
        // 滞納繰越分 received).
        let st = try KaiseiBinary.run(["payments", "status", "--fiscal-year", "2026", "--format", "json", "--no-snapshots", "--store", store])
        #expect(st.status == 0, "\(st.stderr)")
        guard case .array(let rows)? = try JSONParser.parse(st.stdout)["rows"] else { Issue.record("no rows"); return }
        let resident = rows.first { $0["tax"] == .string("resident_tax") }
        #expect(int(resident?["current"]?["levied"]) == 10_000_000 && int(resident?["current"]?["received"]) == 6_000_000, "\(rows)")
    }

    /// A resident who paid the FY2026 固定資産税 (400,000) twice on 2026-04-30, with the FY2026
    /// 軽自動車税 (10,800, 納期限 2026-05-31 → 06-01) and 個人住民税 (1,000,000: 250,000 due 06-30,
    /// 08-31, 11-02, 02-01) unpaid. The refund run of 09-15 applies the 400,000 過誤納金 to the
    /// arrears oldest first (地方税法第17条の2), each counted as paid on its own 充当適状日 — the later
    /// of the day the 過誤納 arose (04-30) and its 納期限: 10,800 on 06-01, 250,000 on 06-30 and
    /// 139,200 on 08-31. So the 第1期 bears no 延滞金 (until 2026-12-03 the run dated all of the
    /// 住民税's 充当 08-31: 250,000 × 2.8% × 31/365 + 250,000 × 9.1% × 31/365 = 2,526 → 2,500).
    static func paidTwice(_ s: String, prefix p: String) -> [String] {
        [
            #"{"id":"\#(p)-reg","city":"okazaki","subject":"\#(s)","type":"ResidentRegistered","valid_date":"2013-04-01","recorded_at":"2013-04-02T09:00:00+09:00","payload":{"reason":"existing","birth_date":"1960-03-01","household":"okz-h-\#(s.suffix(7))","relationship_to_head":"head"}}"#,
            #"{"id":"\#(p)-car","city":"okazaki","subject":"okz-v-\#(s.suffix(7))","type":"LightVehicleRegistered","valid_date":"2023-05-20","recorded_at":"2023-05-21T09:00:00+09:00","payload":{"class":"kei_passenger_private","emission_stars":4,"first_inspection":"2023-05","fuel":"gasoline","fuel_economy_achievement_percent":110,"fuel_economy_standard":"R2","new_vehicle":true,"owner":"\#(s)"}}"#,
            #"{"id":"\#(p)-fa","city":"okazaki","subject":"\#(s)","type":"LevyAssessed","valid_date":"2026-04-10","recorded_at":"2026-04-10T09:00:00+09:00","payload":{"amount":400000,"fiscal_year":2026,"revision_set":"test","tax":"fixed_asset_tax","watermark":1}}"#,
            #"{"id":"\#(p)-lv","city":"okazaki","subject":"\#(s)","type":"LevyAssessed","valid_date":"2026-04-10","recorded_at":"2026-04-10T09:01:00+09:00","payload":{"amount":10800,"fiscal_year":2026,"revision_set":"test","tax":"light_vehicle_tax","watermark":1}}"#,
            #"{"id":"\#(p)-p1","city":"okazaki","subject":"\#(s)","type":"PaymentReceived","valid_date":"2026-04-30","recorded_at":"2026-05-02T09:00:00+09:00","payload":{"amount":400000,"fiscal_year":2026,"tax":"fixed_asset_tax"}}"#,
            #"{"id":"\#(p)-p2","city":"okazaki","subject":"\#(s)","type":"PaymentReceived","valid_date":"2026-04-30","recorded_at":"2026-05-02T09:01:00+09:00","payload":{"amount":400000,"fiscal_year":2026,"tax":"fixed_asset_tax"}}"#,
            #"{"id":"\#(p)-rt","city":"okazaki","subject":"\#(s)","type":"LevyAssessed","valid_date":"2026-06-10","recorded_at":"2026-06-10T09:00:00+09:00","payload":{"amount":1000000,"fiscal_year":2026,"revision_set":"test","tax":"resident_tax","watermark":2}}"#,
        ]
    }

    @Test("充当 counts each instalment paid on its own 充当適状日: a 第1期 covered by 過誤納金 arisen before its 納期限 bears no 延滞金 (地方税法第17条の2); the 継続検査用 certificate counts a 充当 as paid; a run through an earlier day is refused")
    func appropriationDayPerInstalment() throws {
        let s = "okz-r-9100004"
        let file = dir.appendingPathComponent("t.jsonl"), store = dir.appendingPathComponent("t.sqlite").path
        try Data((Self.paidTwice(s, prefix: "t").joined(separator: "\n") + "\n").utf8).write(to: file)
        let imp = try KaiseiBinary.run(["import", file.path, "--store", store])
        #expect(imp.status == 0, "\(imp.stderr)")
        let run = try kaisei(["payments", "refund", "--through", "2026-09-15", "--at", "2026-09-15T10:00:00+09:00", "--no-snapshots"], store)
        #expect(run.status == 0, "\(run.stderr)")
        // Two target levies, the 住民税's in two 充当 (06-30 and 08-31); nothing left to refund.
        #expect(run.stdout.contains("1 levies overpaid, 3 充当, 0 還付; 3 events recorded"), "\(run.stdout)")

        func int(_ v: JSONValue?) -> Int64? { if case .integer(let i)? = v { return i }; return nil }
        func str(_ v: JSONValue?) -> String? { if case .string(let x)? = v { return x }; return nil }
        let r = try kaisei(["certificate", "tax-payment", "--subject", s, "--fiscal-year", "2026", "--known-at", "2026-12-03T12:00:00+09:00", "--no-snapshots"], store)
        #expect(r.status == 0, "\(r.stderr)")
        guard case .array(let lines)? = try JSONParser.parse(r.stdout)["body"]?["lines"],
              let rt = lines.first(where: { $0["tax"] == .string("resident_tax") }), case .array(let parts)? = rt["instalments"] else {
            Issue.record("no resident tax line: \(r.stdout)"); return
        }
        #expect(int(rt["paid"]) == 389_200 && int(rt["appropriated_in"]) == 389_200, "\(rt)")
        #expect(str(parts[0]["paid_in_full_on"]) == "2026-06-30" && int(parts[0]["late_interest"]) == 0, "\(parts[0])")
        #expect(int(parts[1]["paid"]) == 139_200 && int(parts[1]["unpaid"]) == 110_800, "\(parts[1])")
        // The 軽自動車税 was paid by the 充当: the 継続検査用 certificate is issued (it summed only
        // payments received until 2026-12-03, and refused).
        let v = try kaisei(["certificate", "vehicle-inspection", "--subject", "okz-v-9100004", "--fiscal-year", "2026",
                            "--known-at", "2026-12-03T12:00:00+09:00", "--no-snapshots"], store)
        #expect(v.status == 0, "\(v.stderr)")
        #expect(int(try JSONParser.parse(v.stdout)["body"]?["paid"]) == 10_800, "\(v.stdout)")
        // A run through a day before the 充当 recorded would not see them and settle the money again.
        let back = try kaisei(["payments", "refund", "--through", "2026-09-10", "--at", "2026-09-16T10:00:00+09:00", "--no-snapshots"], store)
        #expect(back.status != 0 && back.stderr.contains("2026-09-15"), "\(back.stdout) \(back.stderr)")
    }

    @Test("a simulated late payer pays exactly the 延滞金 the 納税証明書 later shows for each levy paid in full late")
    func simulatedLateInterest() throws {
        let store = dir.appendingPathComponent("late.sqlite").path
        try FileManager.default.copyItem(atPath: History.shared.store, toPath: store)
        let sim = try kaisei(["payments", "simulate", "--fiscal-year", "2026", "--at", "2028-01-12T09:00:00+09:00", "--arrears-percent", "0",
                              "--late-percent", "60", "--no-snapshots"], store)
        #expect(sim.status == 0, "\(sim.stderr)")
        // The taxpayers the simulation made pay 延滞金, from the exported events.
        let export = try KaiseiBinary.run(["export", "--store", store])
        var payers: [String] = []
        for line in export.stdout.split(separator: "\n") where line.contains(#""kind":"late_interest""#) {
            let e = try JSONParser.parse(String(line))
            if case .string(let subject)? = e["subject"], !payers.contains(subject) { payers.append(subject) }
        }
        #expect(!payers.isEmpty, "some late payers owed and paid 延滞金")
        func int(_ v: JSONValue?) -> Int64? { if case .integer(let i)? = v { return i }; return nil }
        var compared = 0
        for id in payers.prefix(6) {
            let r = try kaisei(["certificate", "tax-payment", "--subject", id, "--fiscal-year", "2026", "--known-at", "2028-01-13", "--no-snapshots"], store)
            #expect(r.status == 0, "\(r.stderr)")
            guard case .array(let lines)? = try JSONParser.parse(r.stdout)["body"]?["lines"] else { continue }
            for l in lines where int(l["late_interest_paid"]).map({ $0 > 0 }) ?? false {
                // The 延滞金 of each 期 paid in full whose days all fall in years with a rate (one
                // reaching into 2027 has none yet: the simulator could not settle it either).
                guard case .array(let parts)? = l["instalments"] else { continue }
                let due = parts.filter { $0["late_interest_final"] == .bool(true) }.compactMap { int($0["late_interest"]) }.reduce(0, +)
                compared += 1
                #expect(int(l["late_interest_paid"]) == due, "\(id) \(l["tax"] ?? .null)")
            }
        }
        #expect(compared > 0)
    }
}
