import Testing
import KaiseiCore
import Law

/// What a 所得・課税証明書 prints comes from these typed results: the deductions applied and
/// the 扶養親族 counted, which may differ from the family as claimed.
@Suite("Applied deductions, as the income certificate prints them (地方税法第314条の2)")
struct AppliedDeductionTests {
    /// 安城市「個人市民税の計算」例1 (city.anjo.aichi.jp/kurasu/zeikin/shiminzei/kojinshiminzei/zeigakukeisan.html,
    /// updated 2024-11-21): its 所得控除 1,804,930 is 社会保険料 236,930 + 生命保険料 28,000 + 基礎 430,000
    /// + 配偶者 330,000 + 特定扶養 450,000 (son 20) + 一般扶養 330,000 (son 17).
    @Test("安城市 例1 (FY2025): each 所得控除 by kind adds up to the published 1,804,930; spouse and dependants by class")
    func anjoByKind() {
        var f = TaxpayerFacts(birthDate: date("1979-06-01"), income: IncomeFacts(salary: Yen(6_050_000)))
        f.socialInsurance = Yen(236_930); f.lifeInsurance = Yen(28_000)
        f.spouse = RelativeFacts(birthDate: date("1981-06-01"))
        f.dependants = [RelativeFacts(birthDate: date("2004-06-01")), RelativeFacts(birthDate: date("2007-06-01"))]
        let r = ResidentTax.assess(f, fiscalYear: 2025, Repo.params(.okazaki, 2025))
        let byName = Dictionary(uniqueKeysWithValues: r.deductions.map { ($0.name, $0.amount) })
        #expect(byName == ["社会保険料控除": Yen(236_930), "生命保険料控除": Yen(28_000), "基礎控除": Yen(430_000),
                           "配偶者控除": Yen(330_000), "扶養控除 (特定)": Yen(450_000), "扶養控除 (一般)": Yen(330_000)])
        #expect(r.totalDeductions == Yen(1_804_930))
        #expect(r.salaryIncome == Yen(4_398_400))
        #expect(r.spouseDeduction == .spouse)
        #expect(r.dependants.specified == 1 && r.dependants.general == 1 && r.dependants.total == 2)
    }

    @Test("地方税法第314条の2第1項第9号・第10号の2: a spouse earning 4,700,000 gives no spouse deduction, so none is printed")
    func highEarningSpouse() {
        var f = TaxpayerFacts(birthDate: date("1979-06-01"), income: IncomeFacts(salary: Yen(6_050_000)))
        f.spouse = RelativeFacts(birthDate: date("1981-06-01"), income: IncomeFacts(salary: Yen(4_700_000)))
        let r = ResidentTax.assess(f, fiscalYear: 2025, Repo.params(.okazaki, 2025))
        #expect(r.spouseDeduction == nil)
        #expect(!r.deductions.contains { $0.name.hasPrefix("配偶者") })
    }

    @Test("地方税法第314条の2第1項第11号: a dependant over the income ceiling is not counted; a child under 16 is counted as 年少 with no deduction")
    func dependantsAsCounted() {
        var f = TaxpayerFacts(birthDate: date("1979-06-01"), income: IncomeFacts(salary: Yen(6_050_000)))
        f.dependants = [RelativeFacts(birthDate: date("2015-06-01")),
                        RelativeFacts(birthDate: date("2003-06-01"), income: IncomeFacts(salary: Yen(3_000_000)))]
        let r = ResidentTax.assess(f, fiscalYear: 2025, Repo.params(.okazaki, 2025))
        #expect(r.dependants.young == 1)
        #expect(r.dependants.total == 1, "the earning son is no 扶養親族")
        #expect(!r.deductions.contains { $0.name.hasPrefix("扶養控除") })
    }
}
