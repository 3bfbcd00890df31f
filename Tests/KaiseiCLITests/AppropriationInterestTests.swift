import Testing
import Foundation
import KaiseiCore
import TestSupport

/// 還付加算金 of a 充当 (地方税法第17条の4第1項: counted "充当をした日（同日前に充当をするのに適する
/// こととなつた日がある場合には、当該適することとなつた日）まで"), end to end through the command
/// line, against figures worked by hand from the statute and the years' rates in `revisions/`
/// (2025: 0.9%, 2026: 1.3%), not from the code under test.
@Suite("Collection: 還付加算金 of a 充当")
final class AppropriationInterestTests {
    let dir: URL
    init() throws {
        dir = FileManager.default.temporaryDirectory.appendingPathComponent("kaisei-appropriation-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    }
    deinit { try? FileManager.default.removeItem(at: dir) }

    /// An Okazaki resident: FY2025 個人住民税 of 3,000,000 paid in full on 2025-06-30, lowered to
    /// 1,000,000 on 2026-05-20 (2,000,000 overpaid); FY2026 固定資産税 of `fixedAsset` in four
    /// equal instalments (納期限 04-30, 07-31, 12-25, 2027-02-28 → 03-01), those in `paid` paid on
    /// their 納期限.
    static func lines(_ s: String, fixedAsset: Int, paid: [(String, Int)]) -> String {
        var lines = [
            #"{"id":"ai-reg","city":"okazaki","subject":"\#(s)","type":"ResidentRegistered","valid_date":"2013-04-01","recorded_at":"2013-04-02T09:00:00+09:00","payload":{"reason":"existing","birth_date":"1960-03-01","household":"okz-h-\#(s.suffix(7))","relationship_to_head":"head"}}"#,
            #"{"id":"ai-rt","city":"okazaki","subject":"\#(s)","type":"LevyAssessed","valid_date":"2025-06-10","recorded_at":"2025-06-10T09:00:00+09:00","payload":{"amount":3000000,"fiscal_year":2025,"revision_set":"test","tax":"resident_tax","watermark":1}}"#,
            #"{"id":"ai-p","city":"okazaki","subject":"\#(s)","type":"PaymentReceived","valid_date":"2025-06-30","recorded_at":"2025-07-02T09:00:00+09:00","payload":{"amount":3000000,"fiscal_year":2025,"tax":"resident_tax"}}"#,
            #"{"id":"ai-fa","city":"okazaki","subject":"\#(s)","type":"LevyAssessed","valid_date":"2026-04-10","recorded_at":"2026-04-10T09:00:00+09:00","payload":{"amount":\#(fixedAsset),"fiscal_year":2026,"revision_set":"test","tax":"fixed_asset_tax","watermark":2}}"#,
        ]
        for (n, (day, amount)) in paid.enumerated() {
            lines.append(#"{"id":"ai-fp\#(n)","city":"okazaki","subject":"\#(s)","type":"PaymentReceived","valid_date":"\#(day)","recorded_at":"\#(day)T18:00:00+09:00","payload":{"amount":\#(amount),"fiscal_year":2026,"tax":"fixed_asset_tax"}}"#)
        }
        lines.append(#"{"id":"ai-cut","city":"okazaki","subject":"\#(s)","type":"LevyCorrected","valid_date":"2026-05-20","recorded_at":"2026-05-20T09:00:00+09:00","payload":{"amount":1000000,"fiscal_year":2025,"reason":"減額更正","revision_set":"test","tax":"resident_tax","watermark":3}}"#)
        // In recorded order, as an import requires (the same offset everywhere: the text sorts).
        func recorded(_ l: String) -> Substring { l.split(separator: "\"recorded_at\":\"")[1].prefix(25) }
        return lines.sorted { recorded($0) < recorded($1) }.joined(separator: "\n") + "\n"
    }

    func store(_ name: String, _ text: String) throws -> String {
        let (store, r) = try KaiseiBinary.importedStore(in: dir, name, text)
        #expect(r.status == 0, "\(r.stderr)")
        return store
    }

    func kaisei(_ args: [String], _ store: String) throws -> KaiseiBinary.Result {
        try KaiseiBinary.run(args + ["--store", store, "--revisions", History.revisions])
    }

    func int(_ v: JSONValue?) -> Int64? { if case .integer(let i)? = v { return i }; return nil }
    func str(_ v: JSONValue?) -> String? { if case .string(let x)? = v { return x }; return nil }

    func settlements(_ store: String) throws -> [JSONValue] {
        let export = try KaiseiBinary.run(["export", "--store", store])
        return try export.stdout.split(separator: "\n").filter { $0.contains("Overpayment") }.map { try JSONParser.parse(String($0)) }
    }

    @Test("a 充当 carries 還付加算金 from the day after the payment (地方税法第17条の4第1項第1号) through its 充当適状日, on its own amount, across a year's rate change (附則第3条の2); the refund of the rest counts its own to the decision; both on the 納税証明書")
    func appropriationEarnsRefundInterest() throws {
        let s = "okz-r-9100011"
        let store = try store("a", Self.lines(s, fixedAsset: 400_000, paid: [("2026-04-30", 100_000)]))
        let run = try kaisei(["payments", "refund", "--through", "2026-12-10", "--at", "2026-12-10T10:00:00+09:00", "--no-snapshots"], store)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("1 levies overpaid, 1 充当, 1 還付; 2 events recorded"), "\(run.stdout)")

        // The 過誤納金 arose with the 減額更正 (2026-05-20); the 第2期 (100,000, due 07-31) is the one
        // arrear by 12-10, so its 充当適状日 is 07-31 and it bears no 延滞金. 還付加算金 from
        // 2025-07-01 (第1号: the day after the payment), by hand, base 100,000:
        //   2025-07-01–12-31, 184 days: 100,000 × 0.9% × 184 / 365 = 453.6 → 453
        //   2026-01-01–07-31, 212 days: 100,000 × 1.3% × 212 / 365 = 755.0 → 755
        //   1,208 → 1,200 (第20条の4の2: 100円未満切捨て).
        // The refund of the rest, 1,900,000, to the decision (12-10):
        //   2025: 1,900,000 × 0.9% × 184 / 365 = 8,620.2 → 8,620
        //   2026-01-01–12-10, 344 days: 1,900,000 × 1.3% × 344 / 365 = 23,278.9 → 23,278
        //   31,898 → 31,800.
        let summary = try settlements(store).map { e in
            "\(str(e["type"]) ?? "") \(int(e["payload"]?["amount"]) ?? -1) \(str(e["payload"]?["deemed_paid_on"]) ?? "-") \(int(e["payload"]?["interest"]) ?? -1)"
        }
        #expect(summary == ["OverpaymentAppropriated 100000 2026-07-31 1200", "OverpaymentRefunded 1900000 - 31800"], "\(summary)")

        func line(_ fy: Int) throws -> JSONValue? {
            let r = try kaisei(["certificate", "tax-payment", "--subject", s, "--fiscal-year", String(fy), "--known-at", "2026-12-10T12:00:00+09:00", "--no-snapshots"], store)
            #expect(r.status == 0, "\(r.stderr)")
            if case .array(let l)? = try JSONParser.parse(r.stdout)["body"]?["lines"] { return l.first }
            return nil
        }
        let rt = try #require(try line(2025))
        #expect(int(rt["appropriated"]) == 100_000 && int(rt["appropriation_interest"]) == 1_200, "\(rt)")
        #expect(int(rt["refunded"]) == 1_900_000 && int(rt["refund_interest"]) == 31_800 && int(rt["overpaid"]) == 0, "\(rt)")
        let fa = try #require(try line(2026))
        #expect(int(fa["paid"]) == 200_000 && int(fa["appropriated_in"]) == 100_000 && int(fa["late_interest"]) == 0, "\(fa)")
        // Only the levy whose 過誤納金 was applied shows it.
        #expect(fa["appropriation_interest"] == nil, "\(fa)")

        let html = try kaisei(["certificate", "tax-payment", "--subject", s, "--fiscal-year", "2025", "--known-at", "2026-12-10T12:00:00+09:00",
                               "--no-snapshots", "--format", "html"], store)
        #expect(html.status == 0, "\(html.stderr)")
        #expect(html.stdout.contains("100,000 円 (還付加算金 1,200 円)"), "\(html.stdout.prefix(400))")
    }

    @Test("a 充当 whose 還付加算金 needs a year's rate not in the rules yet is held back, not recorded without it; nothing of the taxpayer is half-settled, not even a refund that needs no rate")
    func appropriationHeldBackWithoutRate() throws {
        // 7,996,000 in instalments of 1,999,000, the first three paid on time: of the 過誤納金
        // (2,000,000), 1,999,000 goes to the 第4期, due 2027-03-01, so its 還付加算金 runs into
        // 2027, whose rate is not in `revisions/`; the 1,000 left would be refunded with none
        // (under 2,000: no rate needed), but is held back with it.
        let s = "okz-r-9100012"
        let store = try store("b", Self.lines(s, fixedAsset: 7_996_000, paid: [("2026-04-30", 1_999_000), ("2026-07-31", 1_999_000), ("2026-12-25", 1_999_000)]))
        let run = try kaisei(["payments", "refund", "--through", "2027-03-10", "--at", "2027-03-10T10:00:00+09:00", "--no-snapshots"], store)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("0 充当, 0 還付, 1 held back"), "\(run.stdout)")
        #expect(try settlements(store).isEmpty)
        // Through 2026-12-31 nothing is past due: nothing to apply, the whole 2,000,000 refunded
        // (its 還付加算金 all in 2025–2026).
        let before = try kaisei(["payments", "refund", "--through", "2026-12-28", "--at", "2026-12-28T10:00:00+09:00", "--no-snapshots"], store)
        #expect(before.stdout.contains("1 levies overpaid, 0 充当, 1 還付; 1 events recorded"), "\(before.stdout) \(before.stderr)")
    }
}
