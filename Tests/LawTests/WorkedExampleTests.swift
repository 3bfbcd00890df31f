import Testing
import KaiseiCore
import Law

/// Published worked examples, recomputed through the engine. Each cites its source.
@Suite("Resident tax: published worked examples")
struct WorkedExampleTests {
    /// 安城市「個人市民税の計算」例1 (city.anjo.aichi.jp/kurasu/zeikin/shiminzei/kojinshiminzei/zeigakukeisan.html,
    /// updated 2024-11-21), FY2025 rules: 給与収入 6,050,000; spouse 43 and sons 20 and 17 without income.
    @Test("安城市 例1 (FY2025): 給与所得 4,398,400, 課税 2,593,000, 市 154,000 / 県 102,700")
    func anjo() {
        var f = TaxpayerFacts(birthDate: date("1979-06-01"), income: IncomeFacts(salary: Yen(6_050_000)))
        f.socialInsurance = Yen(236_930); f.lifeInsurance = Yen(28_000)
        f.spouse = RelativeFacts(birthDate: date("1981-06-01"))
        f.dependants = [RelativeFacts(birthDate: date("2004-06-01")), RelativeFacts(birthDate: date("2007-06-01"))]
        let r = ResidentTax.assess(f, fiscalYear: 2025, Repo.params(.okazaki, 2025), explain: true)
        #expect(r.steps.first { $0.label == "給与所得" }?.amount == Yen(4_398_400))
        #expect(r.steps.first { $0.label == "所得控除の合計" }?.amount == Yen(1_804_930))
        #expect(r.taxableIncome == Yen(2_593_000))
        #expect(r.steps.first { $0.label == "算出所得割 (市民税)" }?.amount == Yen(155_580))
        #expect(r.steps.first { $0.label == "算出所得割 (県民税)" }?.amount == Yen(103_720))
        #expect(r.steps.first { $0.label == "調整控除 (市民税)" }?.amount == Yen(1_500))
        #expect(r.cityIncomeLevy == Yen(154_000))
        #expect(r.prefectureIncomeLevy == Yen(102_700))
        #expect(r.cityPerCapita == Yen(3_000) && r.prefecturePerCapita == Yen(1_500) && r.forestEnvironmentTax == Yen(1_000))
    }

    /// 岐阜市 計算例(1) (city.gifu.lg.jp/28646.htm, 2017-02-01), FY2017: the 所得割 carries over
    /// to Aichi unchanged (same rates and deductions); 均等割 differs (Gifu's own 森林環境税), so
    /// Aichi's 3,500 / 2,000 apply instead of Gifu's 3,500 / 2,500.
    @Test("岐阜市 計算例(1) (FY2017): 課税 1,300,000, 所得割 市 73,500 / 県 49,000")
    func gifu() {
        var f = TaxpayerFacts(birthDate: date("1971-05-01"), income: IncomeFacts(salary: Yen(4_000_000)))
        f.socialInsurance = Yen(300_000); f.lifeInsurance = Yen(70_000)
        f.spouse = RelativeFacts(birthDate: date("1974-05-01"), income: IncomeFacts(salary: Yen(900_000)))
        f.dependants = [RelativeFacts(birthDate: date("1999-05-01")), RelativeFacts(birthDate: date("2003-05-01"))]
        let r = ResidentTax.assess(f, fiscalYear: 2017, Repo.params(.toyohashi, 2017), explain: true)
        #expect(r.steps.first { $0.label == "給与所得" }?.amount == Yen(2_660_000))
        #expect(r.steps.first { $0.label == "所得控除の合計" }?.amount == Yen(1_360_000))
        #expect(r.taxableIncome == Yen(1_300_000))
        #expect(r.steps.first { $0.label == "調整控除 (市民税)" }?.amount == Yen(4_500))
        #expect(r.steps.first { $0.label == "調整控除 (県民税)" }?.amount == Yen(3_000))
        #expect(r.cityIncomeLevy == Yen(73_500))
        #expect(r.prefectureIncomeLevy == Yen(49_000))
        #expect(r.cityPerCapita == Yen(3_500) && r.prefecturePerCapita == Yen(2_000))
    }
}
