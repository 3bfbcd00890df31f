import Testing
import Foundation
import KaiseiCore
import TestSupport

/// A levy lowered and then raised again: what stays overpaid arose with the lowering (過納,
/// 地方税法第17条の4第1項第1号), not with the payment (誤納, 第4号). Until 2026-12-05 only the last
/// two notices were compared, so the raise made it 誤納 arising on the last payment, and its 充当
/// was dated before the overpayment existed (its target's 延滞金 and the 充当's 還付加算金 lost).
extension AppropriationInterestTests {
    /// FY2025 個人住民税 of 3,000,000 paid in full on 2025-06-30, lowered to 1,000,000 on 09-01
    /// and raised to 1,500,000 on 10-01: 1,500,000 overpaid since 09-01. FY2025 固定資産税 of
    /// 4,000,000 in four instalments of 1,000,000 (納期限 04-30, 07-31, 12-25, 2026-03-02), the
    /// first paid; the 第2期 is the one arrear on 12-10. By hand, with the 2025 rates in
    /// `revisions/collection/` (延滞金 2.4 % / 8.7 %, 還付加算金 0.9 %):
    /// - 充当 of 1,000,000 to the 第2期 on its 充当適状日, the later of 09-01 (the lowering) and
    ///   07-31: 09-01. Its 延滞金, 08-01–08-31 at 2.4 % (1,000,000 × 2.4 % × 31 / 365 = 2,038.3)
    ///   and 09-01 at 8.7 % (238.3): 2,276 → 2,200. The 充当's 還付加算金 from 07-01 (第1号: the day
    ///   after the payment) to 09-01, 63 days: 1,000,000 × 0.9 % × 63 / 365 = 1,553.4 → 1,500.
    /// - 2,200 of the rest to that 延滞金 (its 還付加算金: 2,000 × 0.9 % × 63 / 365 = 3, none).
    /// - 497,800 refunded on 12-10 with 還付加算金 from 07-01, 163 days: 497,000 × 0.9 % × 163 /
    ///   365 = 1,997.5 → 1,900.
    /// The code before: 第4号 from one month after the payment, 充当 dated 07-31 (no 延滞金, no
    /// 還付加算金), 500,000 refunded with 1,600.
    @Test("a levy lowered and then raised keeps its 過誤納金 dated by the lowering, cause 第1号: the 充当 counts from it and bears 還付加算金 from the payment; its target's 延滞金 runs to it (地方税法第17条の4第1項第1号, 第17条の2)")
    func loweredThenRaised() throws {
        let s = "okz-r-9100021", h = "okz-h-9100021"
        let lines = [
            #"{"id":"lr-reg","city":"okazaki","subject":"\#(s)","type":"ResidentRegistered","valid_date":"2013-04-01","recorded_at":"2013-04-02T09:00:00+09:00","payload":{"reason":"existing","birth_date":"1960-03-01","household":"\#(h)","relationship_to_head":"head"}}"#,
            #"{"id":"lr-fa","city":"okazaki","subject":"\#(s)","type":"LevyAssessed","valid_date":"2025-04-10","recorded_at":"2025-04-10T09:00:00+09:00","payload":{"amount":4000000,"fiscal_year":2025,"revision_set":"test","tax":"fixed_asset_tax","watermark":1}}"#,
            #"{"id":"lr-fp1","city":"okazaki","subject":"\#(s)","type":"PaymentReceived","valid_date":"2025-04-30","recorded_at":"2025-04-30T18:00:00+09:00","payload":{"amount":1000000,"fiscal_year":2025,"tax":"fixed_asset_tax"}}"#,
            #"{"id":"lr-rt","city":"okazaki","subject":"\#(s)","type":"LevyAssessed","valid_date":"2025-06-10","recorded_at":"2025-06-10T09:00:00+09:00","payload":{"amount":3000000,"fiscal_year":2025,"revision_set":"test","tax":"resident_tax","watermark":2}}"#,
            #"{"id":"lr-p","city":"okazaki","subject":"\#(s)","type":"PaymentReceived","valid_date":"2025-06-30","recorded_at":"2025-07-02T09:00:00+09:00","payload":{"amount":3000000,"fiscal_year":2025,"tax":"resident_tax"}}"#,
            #"{"id":"lr-cut","city":"okazaki","subject":"\#(s)","type":"LevyCorrected","valid_date":"2025-09-01","recorded_at":"2025-09-01T09:00:00+09:00","payload":{"amount":1000000,"fiscal_year":2025,"reason":"減額更正","revision_set":"test","tax":"resident_tax","watermark":3}}"#,
            #"{"id":"lr-up","city":"okazaki","subject":"\#(s)","type":"LevyCorrected","valid_date":"2025-10-01","recorded_at":"2025-10-01T09:00:00+09:00","payload":{"amount":1500000,"fiscal_year":2025,"reason":"増額更正","revision_set":"test","tax":"resident_tax","watermark":4}}"#,
        ]
        let store = try store("lowered-raised", lines.joined(separator: "\n") + "\n")
        let run = try kaisei(["payments", "refund", "--through", "2025-12-10", "--at", "2025-12-10T10:00:00+09:00", "--no-snapshots"], store)
        #expect(run.status == 0, "\(run.stderr)")
        let summary = try settlements(store).map { e in
            "\(str(e["type"]) ?? "") \(str(e["payload"]?["target_kind"]) ?? "tax") \(int(e["payload"]?["amount"]) ?? -1) \(str(e["payload"]?["deemed_paid_on"]) ?? "-") \(int(e["payload"]?["interest"]) ?? 0)"
        }
        #expect(summary == ["OverpaymentAppropriated tax 1000000 2025-09-01 1500", "OverpaymentAppropriated late_interest 2200 2025-09-01 0",
                            "OverpaymentRefunded tax 497800 - 1900"], "\(summary)")
    }
}
