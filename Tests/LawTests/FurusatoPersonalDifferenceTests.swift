import Testing
import KaiseiCore
import Law

/// The furusato 特例控除's rate is chosen by 課税総所得金額 − 人的控除差調整額 (地方税法第37条の2
/// 第11項第1号, 第314条の7第11項第1号). Two readings fixed here, each worked by hand from a
/// published example or the statute, not from this engine.
@Suite("Resident tax: the furusato 人的控除差調整額 (地方税法第314条の7第11項第1号)")
struct FurusatoPersonalDifferenceTests {
    /// Osaka city's FY2026 worked example (city.osaka.lg.jp/zaisei/page/0000384109.html, as
    /// transcribed in a public test file): 給与 5,436,629 → 給与所得 3,908,800; 社保 543,663,
    /// 生保 70,000, 地震 22,000, 医療費 11,530, 基礎 430,000, 配偶者 330,000, 一般扶養 330,000
    /// (the 17-year-old; the 13-year-old gives none) → 控除 1,737,193, 課税 2,171,000; 人的控除差
    /// 150,000; 所得税の基礎控除 680,000 (合計所得 336万超489万以下) → 人的控除差調整額
    /// 150,000 + (680,000 − 480,000) = 350,000; 2,171,000 − 350,000 = 1,821,000 → 84.895 %.
    /// Osaka's own figures are for a 指定都市 (市 8 % / 府 2 %); in Okazaki (市 6 % / 県 4 %), by
    /// hand: 算出 市 130,260 / 県 86,840; 調整控除 at the 2,500 minimum (市 1,500 / 県 1,000);
    /// donation 15,000 → 基本 13,000 × 6 % = 780 / × 4 % = 520; 特例 ⌈13,000 × 84.895 % × 3/5⌉
    /// = 6,622 / ⌈… × 2/5⌉ = 4,415 → 市 121,358 → 121,300, 県 80,905 → 80,900. Without the
    /// income tax's 基礎控除 the band was 2,021,000 → 79.79 %: 6,224 / 4,150 → 121,700 / 81,100.
    @Test("FY2026: the 人的控除差調整額 adds the income tax's 基礎控除 above 48万 (令和8年法律第2号): Osaka's example, 1,821,000 → 84.895 %")
    func osakaExampleFY2026() {
        let r = ResidentTax.assess(Self.osaka, fiscalYear: 2026, Repo.params(.okazaki, 2026), explain: true)
        #expect(r.totalIncome == Yen(3_908_800))
        #expect(r.taxableIncome == Yen(2_171_000))
        #expect(r.steps.first { $0.label == "人的控除差の合計" }?.amount == Yen(150_000))
        #expect(r.steps.first { $0.label == "所得税の基礎控除額 (前年分)" }?.amount == Yen(680_000))
        let adjustment = r.steps.first { $0.label == "人的控除差調整額" }
        #expect(adjustment?.amount == Yen(350_000))
        #expect(adjustment?.revision == "rt-furusato-personal-difference-fy2026")
        #expect(adjustment?.reference.contains("第314条の7第11項第1号") == true)
        #expect(r.steps.first { $0.label == "寄附金税額控除 特例控除 (市民税)" }?.amount == Yen(6_622))
        #expect(r.steps.first { $0.label == "寄附金税額控除 特例控除 (県民税)" }?.amount == Yen(4_415))
        #expect(r.cityIncomeLevy == Yen(121_300))
        #expect(r.prefectureIncomeLevy == Yen(80_900))

        // The rules as adopted before this revision (2026-12-04 14:30 JST) keep what they gave.
        let before = ResidentTax.assess(Self.osaka, fiscalYear: 2026,
                                        Repo.params(.okazaki, 2026, asOf: RecordedTime(iso: "2026-12-01T00:00:00Z")!), explain: true)
        #expect(before.steps.first { $0.label == "人的控除差調整額" } == nil)
        #expect(before.steps.first { $0.label == "寄附金税額控除 特例控除 (市民税)" }?.amount == Yen(6_224))
        #expect(before.cityIncomeLevy == Yen(121_700))
        #expect(before.prefectureIncomeLevy == Yen(81_100))

        // FY2025 had no such addition: the same facts a year earlier keep 150,000 as the band's offset.
        var lastYear = Self.osaka
        lastYear.donations = [Donation(date: date("2024-09-01"), amount: Yen(15_000), oneStop: false, municipality: "27100")]
        let fy2025 = ResidentTax.assess(lastYear, fiscalYear: 2025, Repo.params(.okazaki, 2025), explain: true)
        #expect(fy2025.steps.first { $0.label == "人的控除差調整額" } == nil)
        #expect(fy2025.taxableIncome == Yen(2_171_000))
        #expect(fy2025.steps.first { $0.label == "寄附金税額控除 特例控除 (市民税)" }?.amount == Yen(6_224))
    }

    /// 第37条第1号イ is "五万円に" the table's rows, whatever the income; only 調整控除 stops
    /// above 2,500万 (which also ends the 基礎控除). By hand, FY2025, 事業所得 40,040,000, nothing
    /// else: 課税 40,040,000; 人的控除差調整額 50,000 → 39,990,000, the 40 % band → 49.16 %
    /// (before: 40,040,000, the 45 % band, 44.055 %). Donation 1,000,000: 基本 998,000 × 6 % =
    /// 59,880 / × 4 % = 39,920; 特例 ⌈998,000 × 49.16 % × 3/5 = 294,370.08⌉ = 294,371 / ⌈… × 2/5⌉ = 196,247
    /// (caps 480,480 / 320,320 not reached) → 市 2,402,400 − 59,880 − 294,371 = 2,048,149 →
    /// 2,048,100; 県 1,601,600 − 39,920 − 196,247 = 1,365,433 → 1,365,400.
    @Test("above 2,500万 of 合計所得 the 基礎控除's 5万 still counts in the 人的控除差調整額 (地方税法第37条第1号イ): 39,990,000 is the 40 % band")
    func basicDifferenceAbove25m() {
        var f = TaxpayerFacts(birthDate: date("1965-04-01"), income: IncomeFacts(business: Yen(40_040_000)))
        f.donations = [Donation(date: date("2024-08-01"), amount: Yen(1_000_000), oneStop: false, municipality: "01100")]
        let r = ResidentTax.assess(f, fiscalYear: 2025, Repo.params(.okazaki, 2025), explain: true)
        #expect(r.taxableIncome == Yen(40_040_000))
        #expect(r.steps.first { $0.label == "人的控除差調整額" }?.amount == Yen(50_000))
        #expect(r.steps.first { $0.label == "寄附金税額控除 特例控除 (市民税)" }?.amount == Yen(294_371))
        #expect(r.steps.first { $0.label == "寄附金税額控除 特例控除 (県民税)" }?.amount == Yen(196_247))
        #expect(r.steps.first { $0.label == "人的控除差調整額" }?.revision == "rt-furusato-basic-difference-fy2021")
        #expect(r.cityIncomeLevy == Yen(2_048_100))
        #expect(r.prefectureIncomeLevy == Yen(1_365_400))

        // As the rules stood before 2026-12-04 14:30 JST: no 5万, the 45 % band (⌈998,000 ×
        // 44.055 % × 3/5 = 263,801.34⌉ = 263,802), and what was levied then replays unchanged.
        let before = ResidentTax.assess(f, fiscalYear: 2025, Repo.params(.okazaki, 2025, asOf: RecordedTime(iso: "2026-12-01T00:00:00Z")!), explain: true)
        #expect(before.steps.first { $0.label == "人的控除差調整額" } == nil)
        #expect(before.steps.first { $0.label == "寄附金税額控除 特例控除 (市民税)" }?.amount == Yen(263_802))
    }

    static var osaka: TaxpayerFacts {
        var f = TaxpayerFacts(birthDate: date("1979-05-01"), income: IncomeFacts(salary: Yen(5_436_629)))
        f.socialInsurance = Yen(543_663)
        f.lifeInsurance = Yen(70_000)
        f.earthquakeInsurance = Yen(22_000)
        f.medical = Yen(11_530)
        f.spouse = RelativeFacts(birthDate: date("1979-05-01"))
        f.dependants = [RelativeFacts(birthDate: date("2008-05-01")), RelativeFacts(birthDate: date("2012-05-01"))]
        f.donations = [Donation(date: date("2025-09-01"), amount: Yen(15_000), oneStop: false, municipality: "27100")]
        return f
    }
}
