import Testing
import KaiseiCore
import Law
import Assessment

/// The 法定納期限 of the corporate taxes from their months, worked by hand with the civil code's
/// count (民法第140条, 第143条: from the day after, to the day before the same day so many months
/// on, or the month's last day when it has none).
@Suite("Corporate 法定納期限 from the months in the rules (地方税法第321条の8, 第701条の46, 第701条の47)")
struct CorporateDeadlinesTests {
    static let statute = CorporateDeadlineRules(finalMonths: 2, interimPeriodMonths: 6, officeTaxFinalMonths: 2, individualMonth: 3,
                                                individualDay: 15, individualEndedMonths: 1, individualDiedMonths: 4)
    static func day(_ s: String) -> CivilDate { CivilDate(iso: s)! }

    @Test("the statute's months: 確定申告 2025-05-31, 予定申告 2024-11-30 after six months to 2024-09-30, a 個人事業者 15 March, one month after ending, four after a death")
    func statuteMonths() {
        let d = Self.statute
        #expect(CorporateDeadlines.final(periodEnd: Self.day("2025-03-31"), d) == Self.day("2025-05-31"))
        #expect(CorporateDeadlines.officeTax(periodEnd: Self.day("2025-03-31"), d) == Self.day("2025-05-31"))
        #expect(CorporateDeadlines.interimEnd(periodStart: Self.day("2024-04-01"), d) == Self.day("2024-09-30"))
        #expect(CorporateDeadlines.interim(periodStart: Self.day("2024-04-01"), d) == Self.day("2024-11-30"))
        // A year ending on 31 August: the day after is 1 September; two months on, 31 October.
        #expect(CorporateDeadlines.final(periodEnd: Self.day("2024-08-31"), d) == Self.day("2024-10-31"))
        #expect(CorporateDeadlines.individual(periodEnd: Self.day("2024-12-31"), died: false, d) == Self.day("2025-03-15"))
        #expect(CorporateDeadlines.individual(periodEnd: Self.day("2024-12-31"), died: true, d) == Self.day("2025-03-15"))
        #expect(CorporateDeadlines.individual(periodEnd: Self.day("2024-08-31"), died: false, d) == Self.day("2024-09-30"))
        #expect(CorporateDeadlines.individual(periodEnd: Self.day("2024-08-31"), died: true, d) == Self.day("2024-12-31"))
    }

    @Test("other months in the rules move each date by its own months only")
    func changedMonths() {
        var d = Self.statute
        d.interimPeriodMonths = 5
        #expect(CorporateDeadlines.interimEnd(periodStart: Self.day("2024-04-01"), d) == Self.day("2024-08-31"))
        #expect(CorporateDeadlines.interim(periodStart: Self.day("2024-04-01"), d) == Self.day("2024-10-31"))
        #expect(CorporateDeadlines.final(periodEnd: Self.day("2025-03-31"), d) == Self.day("2025-05-31"))
        d.officeTaxFinalMonths = 3
        #expect(CorporateDeadlines.officeTax(periodEnd: Self.day("2025-03-31"), d) == Self.day("2025-06-30"))
        #expect(CorporateDeadlines.final(periodEnd: Self.day("2025-03-31"), d) == Self.day("2025-05-31"))
        d.individualEndedMonths = 2; d.individualDay = 14
        #expect(CorporateDeadlines.individual(periodEnd: Self.day("2024-08-31"), died: false, d) == Self.day("2024-10-31"))
        #expect(CorporateDeadlines.individual(periodEnd: Self.day("2024-12-31"), died: false, d) == Self.day("2025-03-14"))
    }
}
