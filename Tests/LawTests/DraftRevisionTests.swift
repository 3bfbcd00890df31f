import Testing
import KaiseiCore
import Law

/// The shipped drafts, through the calculators: each changes what it says and nothing else.
/// Figures derived step by step from 所得税法第28条第3項 (FY2026 table, rt-salary-deduction-fy2026)
/// and the 令和8年度税制改正大綱's 690,000-yen minimum.
@Suite("Draft revisions (revisions/drafts/)")
struct DraftRevisionTests {
    static func draft(_ id: String) -> Revision { Repo.ruleBase.revisions.first { $0.id == id }! }
    static func salaryIncome(_ receipts: Int64, drafts: [Revision]) -> Yen? {
        let set = ParameterSet(ruleBase: Repo.ruleBase, city: .okazaki, fiscalYear: 2027, asOf: .distantFuture, drafts: drafts)
        let f = TaxpayerFacts(birthDate: CivilDate(year: 1980, month: 4, day: 1)!, income: IncomeFacts(salary: Yen(receipts)))
        return ResidentTax.assess(f, fiscalYear: 2027, ResidentTaxParameters(set), explain: true).steps.first { $0.label == "給与所得" }?.amount
    }

    @Test("drafts are loaded with the rule base but apply only when named")
    func draftsApplyOnlyWhenNamed() {
        let d = Self.draft("draft-rt-salary-deduction-fy2027")
        #expect(d.status == .draft)
        #expect(Repo.params(.okazaki, 2027).resolved(ResidentTaxKeys.salaryDeduction)?.revision == "rt-salary-deduction-fy2026")
        let with = ParameterSet(ruleBase: Repo.ruleBase, city: .okazaki, fiscalYear: 2027, asOf: .distantFuture, drafts: [d])
        #expect(with.resolved(ResidentTaxKeys.salaryDeduction)?.revision == "draft-rt-salary-deduction-fy2027")
    }

    @Test("FY2027 給与所得 with the 740,000 minimum (69万 + 特例5万): 1,000,000 → 260,000; 2,000,000 → 1,260,000; the NTA steps below 2,200,000; 2,200,000 and above unchanged")
    func salaryMinimum740() {
        let d = [Self.draft("draft-rt-salary-deduction-fy2027")]
        // 1,000,000 − 650,000 = 350,000 (enacted); − 740,000 = 260,000.
        #expect(Self.salaryIncome(1_000_000, drafts: []) == Yen(350_000))
        #expect(Self.salaryIncome(1_000_000, drafts: d) == Yen(260_000))
        // Enacted: 2,000,000 is in the 4,000-yen table: 2,000,000 × 70% − 80,000 = 1,320,000.
        // Draft: below 2,191,000 the minimum applies to the receipts as they are: 1,260,000.
        #expect(Self.salaryIncome(2_000_000, drafts: []) == Yen(1_320_000))
        #expect(Self.salaryIncome(2_000_000, drafts: d) == Yen(1_260_000))
        #expect(Self.salaryIncome(2_190_999, drafts: d) == Yen(1_450_999))
        // The NTA's irregular steps (令和8・9年分).
        #expect(Self.salaryIncome(2_191_000, drafts: d) == Yen(1_451_000))
        #expect(Self.salaryIncome(2_195_999, drafts: d) == Yen(1_453_000))
        #expect(Self.salaryIncome(2_199_999, drafts: d) == Yen(1_456_000))
        // From 2,200,000 the table is as before: 2,200,000 × 70% − 80,000 = 1,460,000; 2,204,000 → 1,462,800.
        #expect(Self.salaryIncome(2_200_000, drafts: d) == Yen(1_460_000))
        #expect(Self.salaryIncome(2_204_000, drafts: d) == Self.salaryIncome(2_204_000, drafts: []))
        #expect(Self.salaryIncome(2_204_000, drafts: d) == Yen(1_462_800))
        // 740,000 of receipts: no income with the draft, 90,000 without.
        #expect(Self.salaryIncome(740_000, drafts: []) == Yen(90_000))
        #expect(Self.salaryIncome(740_000, drafts: d) == Yen(0))
    }

    @Test("the 690,000-only reading: 1,000,000 → 310,000; 2,035,999 → 2,032,000 − 690,000 = 1,342,000 (enacted 1,342,400)")
    func salaryMinimum690() {
        let d = [Self.draft("draft-rt-salary-deduction-fy2027-without-temporary")]
        #expect(Self.salaryIncome(1_000_000, drafts: d) == Yen(310_000))
        #expect(Self.salaryIncome(2_035_999, drafts: []) == Yen(1_342_400))
        #expect(Self.salaryIncome(2_035_999, drafts: d) == Yen(1_342_000))
        #expect(Self.salaryIncome(3_000_000, drafts: d) == Yen(2_020_000))
    }

    @Test("the green special-rate draft restores the 営業用乗用 50% tier for FY2027 only")
    func greenDraft() {
        let d = Self.draft("draft-lv-green-business-50-fy2027")
        let key = "light_vehicle_tax.green.t50.amount.kei_passenger_business"
        #expect(Repo.params(.okazaki, 2027).has(key) == false)
        #expect(ParameterSet(ruleBase: Repo.ruleBase, city: .okazaki, fiscalYear: 2027, asOf: .distantFuture, drafts: [d]).yen(key) == Yen(3_500))
        #expect(ParameterSet(ruleBase: Repo.ruleBase, city: .okazaki, fiscalYear: 2028 - 2, asOf: .distantFuture, drafts: [d]).resolved(key)?.revision == "lv-green-fy2026")
    }
}
