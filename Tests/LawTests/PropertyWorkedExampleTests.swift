import Testing
import KaiseiCore
import Law

/// Worked examples published by cities, recomputed through the engine. Printed figures are
/// checked as printed; figures the page did not print (the excerpt stopped) are marked derived.
@Suite("Fixed asset and light vehicle tax: published worked examples")
struct PropertyWorkedExampleTests {
    func params(_ fy: Int) -> FixedAssetParameters { FixedAssetParameters(Repo.params(.okazaki, fy)) }
    func lot(_ m2: Int64, _ value: Int64, _ category: LandCategory = .residential) -> LandFacts {
        var f = LandFacts(category: category, areaCentiM2: m2 * 100, value: Yen(value))
        f.use = category == .residential ? .residential : .nonResidential; f.dwellings = 1; f.urbanizationArea = true
        return f
    }

    /// 岡崎市「土地の税額計算例 (住宅用地)」令和7年度 (city.okazaki.lg.jp/1100/1102/1122/p001627.html): 200㎡,
    /// 評価額 17,000,000, 前年度課税標準額 2,500,000 → 〔A〕 2,641,666 < 〔B〕 2,833,333 (printed).
    @Test("岡崎市 住宅用地 (FY2025): 課税標準額 2,641,666; tax 36,900 (derived)")
    func okazakiHousing() {
        let y = FixedAssetTax.land(lot(200, 17_000_000), fiscalYear: 2025,
                                   prior: LandYear(fixedAsset: LandTaxBase(housing: Yen(2_500_000)), cityPlanning: LandTaxBase()), params(2025))
        #expect(y.fixedAsset.total == Yen(2_641_666))
        #expect(FixedAssetTax.taxpayer(owners: ["a"], lands: [y], buildings: [], params(2025)).fixedAssetTax == Yen(36_900))
    }

    /// 岡崎市「土地の税額計算例 (非住宅用地)」令和4・5年度 (city.okazaki.lg.jp/1100/1102/1122/p001628.html):
    /// 300㎡, 評価額 27,000,000, 令和3年度課税標準額 14,000,000 (負担水準 0.518) → R4 14,675,000 with the
    /// 2.5% rule, 205,450 → 205,400 円 (printed); R5 16,025,000 (derived, the excerpt stops).
    @Test("岡崎市 非住宅用地 (FY2022 2.5% rule): 14,675,000 → 205,400 円; FY2023 16,025,000")
    func okazakiCommercial() {
        let f = lot(300, 27_000_000, .commercial)
        let r4 = FixedAssetTax.land(f, fiscalYear: 2022, prior: LandYear(fixedAsset: LandTaxBase(other: Yen(14_000_000)), cityPlanning: LandTaxBase()), params(2022))
        #expect(r4.fixedAsset.total == Yen(14_675_000))
        #expect(FixedAssetTax.taxpayer(owners: ["a"], lands: [r4], buildings: [], params(2022)).fixedAssetTax == Yen(205_400))
        let r5 = FixedAssetTax.land(f, fiscalYear: 2023, prior: r4, params(2023))
        #expect(r5.fixedAsset.total == Yen(16_025_000))
    }

    /// 横浜市「税のあらまし」令和7年度 p.13: 150㎡, 価格 18,900,600, 前年度 固定 3,119,250 / 都計 6,390,750;
    /// 本則 3,150,100 and 負担水準 99% (printed); the bases and taxes after that are derived (the
    /// 都計 prior is above its 本則 6,300,200, so the 本則 applies).
    @Test("横浜市 住宅用地 (FY2025): 本則 3,150,100; 都市計画税 falls to its 本則 6,300,200")
    func yokohama() {
        let y = FixedAssetTax.land(lot(150, 18_900_600), fiscalYear: 2025,
                                   prior: LandYear(fixedAsset: LandTaxBase(housing: Yen(3_119_250)), cityPlanning: LandTaxBase(housing: Yen(6_390_750))), params(2025))
        #expect(y.fixedAsset.total == Yen(3_150_100))
        #expect(y.cityPlanning.total == Yen(6_300_200))
        let a = FixedAssetTax.taxpayer(owners: ["a"], lands: [y], buildings: [], params(2025))
        #expect(a.fixedAssetTax == Yen(44_100))
        #expect(a.cityPlanningTax == Yen(18_900))
    }

    /// 鈴鹿市 (city.suzuka.lg.jp/life/benri/5314.html): 木造2階建て 125㎡, 評価額 10,000,000: 140,000 −
    /// 67,200 (= 10,000,000 × 1.4% × 120/125 × 1/2) (printed). 長門市 (city.nagato.yamaguchi.jp/soshiki/6/1209.html):
    /// 160㎡, 16,000,000: 224,000 − 84,000 = 140,000 (printed).
    @Test("新築住宅の減額: 鈴鹿市 125㎡ → 減額 67,200; 長門市 160㎡ → 140,000")
    func newHousing() {
        func fat(_ m2: Int64, _ value: Int64) -> FixedAssetAssessment {
            var b = BuildingFacts(use: .dwelling, floorCentiM2: m2 * 100, value: Yen(value))
            b.newlyBuiltOn = CivilDate(year: 2023, month: 7, day: 1)!
            return FixedAssetTax.taxpayer(owners: ["a"], lands: [], buildings: [FixedAssetTax.building(b, fiscalYear: 2024, params(2024))], params(2024))
        }
        #expect(fat(125, 10_000_000).newHousingReduction == Yen(67_200))
        #expect(fat(125, 10_000_000).fixedAssetTax == Yen(72_800))
        #expect(fat(160, 16_000_000).newHousingReduction == Yen(84_000))
        #expect(fat(160, 16_000_000).fixedAssetTax == Yen(140_000))
    }

    /// 弥彦村「税率の例」(vill.yahiko.niigata.jp/life/?content=817): 初度検査 平成16年10月 → 平成29年度まで 7,200,
    /// 平成30年度から 12,900; 平成27年5月 → 10,800 (to 令和10年度); 営業用乗用 registered 令和6年4月–令和7年3月:
    /// 令和7年度 25% 5,200, 50% 3,500, 75% 1,800 (all printed; the page's heading says 営業用 for the
    /// first examples, whose amounts are the 自家用 rates used here).
    @Test("弥彦村 (軽自動車税): H16.10 → 重課 from FY2018; H27.5 → 10,800; 営業用乗用 FY2025 軽課 5,200 / 3,500 / 1,800")
    func yahiko() {
        func lv(_ v: VehicleFacts, _ fy: Int) -> Yen { LightVehicleTax.assess(v, fiscalYear: fy, LightVehicleParameters(Repo.params(.okazaki, fy))).amount }
        let h16 = VehicleFacts(vehicleClass: .keiPassengerPrivate, firstInspection: YearMonth(year: 2004, month: 10)!)
        #expect(lv(h16, 2017) == Yen(7_200))
        #expect(lv(h16, 2018) == Yen(12_900))
        let h27 = VehicleFacts(vehicleClass: .keiPassengerPrivate, firstInspection: YearMonth(year: 2015, month: 5)!)
        #expect(lv(h27, 2016) == Yen(10_800))
        #expect(lv(h27, 2027) == Yen(10_800))
        func business(_ percent: Int?, _ fuel: VehicleFuel = .gasoline) -> VehicleFacts {
            VehicleFacts(vehicleClass: .keiPassengerBusiness, firstInspection: YearMonth(year: 2024, month: 6)!, fuel: fuel, emissionStars: 4,
                         fuelEconomyStandard: "R12", fuelEconomyAchievementPercent: percent, registeredNewOn: CivilDate(year: 2024, month: 6, day: 1)!)
        }
        #expect(lv(business(75), 2025) == Yen(5_200))
        #expect(lv(business(95), 2025) == Yen(3_500))
        #expect(lv(business(nil, .electric), 2025) == Yen(1_800))
    }
}
