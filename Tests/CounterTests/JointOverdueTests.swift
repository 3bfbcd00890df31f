import Testing
import KaiseiCore
import KaiseiEvents
import Replay
import Assessment
import TestSupport
@testable import Counter

/// The resident page's rows of a 固定資産税 and 都市計画税 collected together (地方税法第702条の8
/// 第1項): one account, each row its tax's share. Mid-year, with part paid and part not yet due,
/// splitting what was paid and what is not yet due apart (two cuts to the yen) could show a yen
/// overdue too many on one row; the page splits them once.
@Suite("Resident page: the shares of a joint 固定資産税・都市計画税 account")
struct JointOverdueTests {
    /// An Okazaki resident: FY2026 固定資産税 209,400 and 都市計画税 47,600 noticed 2026-04-10, as one
    /// sum 257,000 in 期別 of 65,000 + 64,000 × 3 (納期限 04-30, 07-31, 12-25, 2027-03-01); 100,000
    /// paid on 04-30 (the 第1期 and 35,000 of the 第2期). On 2026-12-10 (after the adoption of
    /// 2026-12-06): 29,000 overdue (the 第2期's rest), 128,000 not yet due. By hand: what is paid or
    /// not yet due, 228,000, is the 固定資産税's 228,000 × 209,400 ÷ 257,000 = 185,771.98 → 185,771;
    /// overdue 209,400 − 185,771 = 23,629 and 47,600 − (228,000 − 185,771) = 5,371, together 29,000.
    /// Paid: 100,000 × 209,400 ÷ 257,000 = 81,478.59 → 81,478, and 18,522. (Split apart, the
    /// 固定資産税's overdue was 127,922 − 104,292 = 23,630.)
    @Test("mid-year, each tax's overdue is its amount less its share of what is paid or not yet due, the two adding up to the account's (地方税法第702条の8)")
    func sharesMidYear() throws {
        let s = "okz-r-9100041"
        let lines = [
            #"{"id":"jo-reg","city":"okazaki","subject":"\#(s)","type":"ResidentRegistered","valid_date":"2013-04-01","recorded_at":"2013-04-02T09:00:00+09:00","payload":{"reason":"existing","birth_date":"1960-03-01","household":"okz-h-9100041","relationship_to_head":"head"}}"#,
            #"{"id":"jo-fa","city":"okazaki","subject":"\#(s)","type":"LevyAssessed","valid_date":"2026-04-10","recorded_at":"2026-04-10T09:00:00+09:00","payload":{"amount":209400,"fiscal_year":2026,"revision_set":"test","tax":"fixed_asset_tax","watermark":1}}"#,
            #"{"id":"jo-cp","city":"okazaki","subject":"\#(s)","type":"LevyAssessed","valid_date":"2026-04-10","recorded_at":"2026-04-10T09:01:00+09:00","payload":{"amount":47600,"fiscal_year":2026,"revision_set":"test","tax":"city_planning_tax","watermark":1}}"#,
            #"{"id":"jo-p","city":"okazaki","subject":"\#(s)","type":"PaymentReceived","valid_date":"2026-04-30","recorded_at":"2026-05-01T09:00:00+09:00","payload":{"amount":100000,"fiscal_year":2026,"tax":"fixed_asset_tax"}}"#,
        ]
        var pop = Population(city: .okazaki)
        for (seq, line) in lines.enumerated() {
            guard case .success(let d) = EventJSON.decode(try JSONParser.parse(line)) else { Issue.record("does not decode: \(line)"); return }
            pop.apply(d.event, seq: Int64(seq + 1))
        }
        let knownAt = RecordedTime(iso: "2026-12-10T12:00:00+09:00")!
        let calendar = CollectionCalendar(ruleBase: Checkout.ruleBase, city: .okazaki, asOf: knownAt)
        let rows = ResidentRecord.levyYears([s], pop: pop, knownAt: knownAt, calendar: calendar).filter { $0.fiscalYear == 2026 }
        let shown = rows.map { "\($0.tax.rawValue) \($0.paid.amount) \($0.overdue.amount)" }.sorted()
        #expect(shown == ["city_planning_tax 18522 5371", "fixed_asset_tax 81478 23629"], "\(shown)")
    }
}
