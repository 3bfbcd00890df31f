import Testing
import Foundation
import KaiseiCore
import TestSupport

/// A 予定申告 deemed filed (地方税法第321条の8第1項後段) keeps its tax on its 提出期限 once the
/// period's final return is known, as a filed one does: until 2026-12-06 the whole period moved
/// to the final return's 納期限, so a store levied only after the final return ran the deemed
/// tax's 延滞金 from June instead of December.
extension CorporateLevyTests {
    /// CorporateLevyTests.deemedInterim's corporation (Toyohashi, 3億円, 10 employees, previous
    /// 法人税額 3,157,000 → 法人税割 189,400), levied once, on 2026-06-10, after its final return for
    /// 2025-04-01–2026-03-31 (法人税額 4,000,000: 160,000 + 240,000 = 400,000) filed 2026-05-20 and
    /// no 予定申告 filed. The deemed 予定申告 (80,000 + 94,700 = 174,700, 提出期限 2025-11-30, a
    /// Sunday: 12-01) stays due on 12-01, the balance 225,300 on 2026-06-01 (05-31 a Sunday).
    /// Nothing paid; 延滞金 on 2026-12-03, by hand with the 2025 rates 2.4 % / 8.7 % and 2026's
    /// 2.8 % / 9.1 %, each year's part cut to the yen, the sum to 100 yen:
    /// - 174,000 (174,700 cut): 12-02…12-31 30 days × 2.4 % = 343; 2026-01-01 × 2.8 % = 13;
    ///   01-02…12-03 336 days × 9.1 % = 14,576 → 14,932 → 14,900.
    /// - 225,000: 06-02…07-01 30 days × 2.8 % = 517; 07-02…12-03 155 days × 9.1 % = 8,694 → 9,211 → 9,200.
    /// The code before: one instalment of 400,000 due 06-01.
    @Test("a deemed 予定申告 stays due on its 提出期限 when the only levy run comes after the final return, the balance on the final's 納期限, each with its own 延滞金 (地方税法第321条の8第1項後段, 第321条の12)")
    func deemedInterimKeptAfterFinal() throws {
        let (s, levied, shown) = try leviedOnceAfterFinal("k-e", "toy-c-9000032", previousFiled: "2025-05-28")
        #expect(levied == 400_000)
        #expect(shown == ["2025-12-01 174700 14900", "2026-06-01 225300 9200"], "\(shown)")
        // calc's payments block, given the two instalments by hand (no ledger, no levy run).
        let input = #"{"city":"toyohashi","payments":{"through":"2026-12-03","instalments":[{"id":"a","levy":"corporate_tax","amount":174700,"due_date":"2025-12-01","paid":[]},{"id":"b","levy":"corporate_tax","amount":225300,"due_date":"2026-06-01","paid":[]}]}}"#
        let c = try KaiseiBinary.run(["calc", "--input", "-", "--revisions", History.revisions], stdin: input)
        #expect(c.status == 0, "\(c.stderr)")
        #expect(try JSONParser.parse(c.stdout)["payments"]?["late_interest_total"] == .integer(24_100), "\(c.stdout)")
        let audit = try kaisei(["audit-levies", "--no-snapshots"], s)
        #expect(audit.status == 0, "\(audit.stdout) \(audit.stderr)")
    }

    /// The same corporation with its previous period's return filed late, on 2025-10-20, after
    /// the last day of the new period's first six months (2025-09-30): no 法人税額 of the previous
    /// period was 確定 by then, so no 予定申告 was due (法人税法第71条第1項: "…六月を経過した日の前日
    /// までに確定したもの"), and none is deemed. The one run after the final return records 400,000
    /// due 2026-06-01; its 延滞金 on 2026-12-03 by hand: 400,000 × 2.8 % × 30 / 365 = 920 (06-02…
    /// 07-01) + × 9.1 % × 155 / 365 = 15,457 (07-02…12-03) → 16,377 → 16,300.
    @Test("no 予定申告 is deemed when the previous period's return was filed after the first six months of the period (法人税法第71条第1項, 地方税法第321条の8第1項)")
    func noDeemedInterimAfterLatePreviousReturn() throws {
        let (_, _, shown) = try leviedOnceAfterFinal("k-g", "toy-c-9000033", previousFiled: "2025-10-20")
        #expect(shown == ["2026-06-01 400000 16300"], "\(shown)")
    }

    /// A Toyohashi corporation (3億円, 10 employees, one office): its 2024-04-01–2025-03-31 return
    /// (法人税額 3,157,000) filed on `previousFiled`, its 2025-04-01–2026-03-31 final return (法人税額
    /// 4,000,000) on 2026-05-20, no 予定申告 filed; levied once, on 2026-06-10. The store, the FY2026
    /// levy and its 期別 on the 納税証明書 of 2026-12-03 as "納期限 amount 延滞金".
    func leviedOnceAfterFinal(_ prefix: String, _ subject: String, previousFiled: String) throws -> (store: String, levied: Int64?, shown: [String]) {
        let lines = Self.registered(prefix, subject, floor: 300) + [
            Line(id: "\(prefix)-fin", city: "toyohashi", subject: subject, type: "CorporateReturnFiled", valid: previousFiled,
                 payload: #"{"capital":300000000,"employees_in_city":10,"kind":"final","national_corporate_tax":3157000,"period_end":"2025-03-31","period_start":"2024-04-01"}"#),
            Line(id: "\(prefix)-fin2", city: "toyohashi", subject: subject, type: "CorporateReturnFiled", valid: "2026-05-20",
                 payload: #"{"capital":300000000,"employees_in_city":10,"kind":"final","national_corporate_tax":4000000,"period_end":"2026-03-31","period_start":"2025-04-01"}"#),
        ]
        let s = try store(lines, "once-\(prefix)", start: "2026-05-21T09:00")
        let run = try kaisei(["levy-run", "--fiscal-year", "2026", "--city", "toyohashi", "--at", "2026-06-10T10:00:00+09:00", "--no-snapshots"], s)
        #expect(run.status == 0, "\(run.stderr)")
        let cert = try kaisei(["certificate", "tax-payment", "--subject", subject, "--fiscal-year", "2026", "--known-at", "2026-12-03T10:00:00+09:00", "--no-snapshots"], s)
        #expect(cert.status == 0, "\(cert.stderr)")
        guard case .array(let certLines)? = try JSONParser.parse(cert.stdout)["body"]?["lines"], let line = certLines.first,
              case .array(let parts)? = line["instalments"] else { Issue.record("no instalments: \(cert.stdout)"); return (s, nil, []) }
        let shown = parts.map { p -> String in
            guard case .string(let due)? = p["due_date"], case .integer(let amount)? = p["amount"], case .integer(let li)? = p["late_interest"] else { return "?" }
            return "\(due) \(amount) \(li)"
        }
        if case .integer(let levied)? = line["levied"] { return (s, levied, shown) }
        return (s, nil, shown)
    }
}
