import Testing
import KaiseiCore
import Law

/// 固定資産税・都市計画税 at every year boundary. Rules: 地方税法第349条の3の2 (住宅用地), 附則第18条
/// –第19条 (負担調整) as 岡崎市 explains them (city.okazaki.lg.jp/1100/1102/1122/p044269.html);
/// shared/law/levies.md §2. Each figure is derived by hand in the comment beside it.
@Suite("Fixed asset and city planning tax: housing land, burden adjustment, vacant houses, idle farmland, new housing")
struct FixedAssetTaxTests {
    func params(_ fy: Int, _ city: City = .okazaki) -> FixedAssetParameters { FixedAssetParameters(Repo.params(city, fy)) }
    func lot(_ m2: Int64, _ value: Int64, category: LandCategory = .residential, use: LandUse = .residential, dwellings: Int = 1) -> LandFacts {
        var f = LandFacts(category: category, areaCentiM2: m2 * 100, value: Yen(value))
        f.use = use; f.dwellings = dwellings; f.urbanizationArea = true
        return f
    }
    func prior(housing: Int64 = 0, other: Int64 = 0) -> LandYear {
        LandYear(fixedAsset: LandTaxBase(housing: Yen(housing), other: Yen(other)), cityPlanning: LandTaxBase(housing: Yen(housing * 2), other: Yen(other)), steps: [])
    }
    func land(_ f: LandFacts, _ fy: Int, _ prior: LandYear? = nil) -> LandYear { FixedAssetTax.land(f, fiscalYear: fy, prior: prior, params(fy), trace: true) }

    @Test("小規模住宅用地 165㎡: 本則 1/6 (固定) and 1/3 (都計); tax 1.4% and 0.3% of the 1,000-yen base")
    func smallHousingLand() {
        let y = land(lot(165, 12_000_000), 2016)
        #expect(y.fixedAsset.total == Yen(2_000_000))        // 12,000,000 / 6
        #expect(y.cityPlanning.total == Yen(4_000_000))      // 12,000,000 / 3
        let a = FixedAssetTax.taxpayer(owners: ["a"], lands: [y], buildings: [], params(2016))
        #expect(a.fixedAssetTax == Yen(28_000))               // 2,000,000 × 1.4%
        #expect(a.cityPlanningTax == Yen(12_000))             // 4,000,000 × 0.3%
    }

    @Test("一般住宅用地: 500㎡ on one dwelling is 200㎡ at 1/6 and 300㎡ at 1/3; a 40㎡ house limits housing land to 400㎡")
    func largeHousingLand() {
        #expect(land(lot(500, 30_000_000), 2016).fixedAsset.total == Yen(8_000_000))   // 12M/6 + 18M/3
        var f = lot(500, 30_000_000)
        f.buildingFloorCentiM2 = 4_000
        let y = land(f, 2016)
        #expect(y.fixedAsset.housing == Yen(6_000_000))      // 12M/6 + 12M/3
        #expect(y.fixedAsset.other == Yen(4_200_000))        // 100㎡ = 6M, 商業地等 without history: 70%
    }

    @Test("併用住宅: 居住部分 30% gives 住宅用地率 1/2; 地上5階以上 with 60% gives 3/4 (施行令第52条の11)")
    func partlyResidential() {
        var f = lot(200, 10_000_000, use: .partlyResidential)
        f.residentialFloorSharePercent = 30
        let y = land(f, 2016)
        #expect(y.fixedAsset.housing == Yen(833_333))        // 100㎡ = 5,000,000 / 6
        #expect(y.fixedAsset.other == Yen(3_500_000))        // 5,000,000 × 70%
        f.residentialFloorSharePercent = 60; f.floors = 5
        #expect(land(f, 2016).fixedAsset.housing == Yen(1_250_000))   // 150㎡ = 7,500,000 / 6
        f.residentialFloorSharePercent = 20
        #expect(land(f, 2016).fixedAsset.housing == .zero)
    }

    @Test("住宅用地の負担調整: +5% of the 本則, at most the 本則, at least 20% (附則第18条)")
    func residentialBurden() {
        let f = lot(165, 12_000_000)                          // 本則 2,000,000
        #expect(land(f, 2019, prior(housing: 1_800_000)).fixedAsset.total == Yen(1_900_000))
        #expect(land(f, 2019, prior(housing: 1_950_000)).fixedAsset.total == Yen(2_000_000))
        #expect(land(f, 2019, prior(housing: 2_300_000)).fixedAsset.total == Yen(2_000_000))
        #expect(land(f, 2019, prior(housing: 200_000)).fixedAsset.total == Yen(400_000))
        // 都市計画税 on its own chain: 本則 4,000,000, prior 3,600,000 → +200,000
        #expect(land(f, 2019, prior(housing: 1_800_000)).cityPlanning.total == Yen(3_800_000))
    }

    @Test("FY2021: a base that would rise stays at FY2020's; a falling one falls (令和3年度の据置き)")
    func freeze2021() {
        let f = lot(165, 12_000_000)
        #expect(land(f, 2021, prior(housing: 1_800_000)).fixedAsset.total == Yen(1_800_000))
        #expect(land(f, 2021, prior(housing: 2_300_000)).fixedAsset.total == Yen(2_000_000))
        #expect(land(f, 2022, prior(housing: 1_800_000)).fixedAsset.total == Yen(1_900_000))
        #expect(land(f, 2021, prior(housing: 1_800_000)).steps.contains { $0.revision == "fa-no-increase-fy2021" })
    }

    @Test("商業地等: over 70% → 70%; 60–70% held; under 60% +5% (FY2022: +2.5%) between 20% and 60% (附則第18条の3)")
    func commercialBurden() {
        let f = lot(300, 50_000_000, category: .commercial, use: .nonResidential)
        #expect(land(f, 2019, prior(other: 36_000_000)).fixedAsset.total == Yen(35_000_000))
        #expect(land(f, 2019, prior(other: 32_000_000)).fixedAsset.total == Yen(32_000_000))
        #expect(land(f, 2019, prior(other: 25_000_000)).fixedAsset.total == Yen(27_500_000))
        #expect(land(f, 2022, prior(other: 25_000_000)).fixedAsset.total == Yen(26_250_000))
        #expect(land(f, 2023, prior(other: 25_000_000)).fixedAsset.total == Yen(27_500_000))
        #expect(land(f, 2019, prior(other: 29_000_000)).fixedAsset.total == Yen(30_000_000))
        #expect(land(f, 2019, prior(other: 5_000_000)).fixedAsset.total == Yen(10_000_000))
    }

    @Test("特定空家等: a 勧告 standing on 1 January removes the 特例 from FY2016; 管理不全空家等 from FY2024")
    func vacantHouses() {
        var f = lot(165, 12_000_000)
        f.vacantRecommendation = .specified
        #expect(land(f, 2015).fixedAsset.total == Yen(2_000_000))   // not yet in force
        #expect(land(f, 2016).fixedAsset.total == Yen(8_400_000))   // 12,000,000 × 70%, no history
        #expect(land(f, 2017, prior(housing: 2_000_000)).fixedAsset.total == Yen(8_400_000))
        f.vacantRecommendation = .poorlyManaged
        #expect(land(f, 2023).fixedAsset.total == Yen(2_000_000))
        #expect(land(f, 2024).fixedAsset.total == Yen(8_400_000))
    }

    @Test("遊休農地: from FY2017 a 勧告 removes the 0.55 correction; 一般農地 rises by its 負担調整率 (附則第17条の3, 第19条)")
    func idleFarmland() {
        var f = lot(1_000, 1_100_000, category: .farmland, use: .nonResidential)
        f.idleFarmlandRecommendation = true
        #expect(land(f, 2016, prior(other: 1_100_000)).fixedAsset.total == Yen(1_100_000))
        #expect(land(f, 2017).fixedAsset.total == Yen(2_000_000))                          // 1,100,000 / 0.55
        #expect(land(f, 2017, prior(other: 1_100_000)).fixedAsset.total == Yen(1_210_000)) // 負担水準 55% → ×1.1
        f.idleFarmlandRecommendation = false
        f.value = Yen(1_000_000)
        #expect(land(f, 2019, prior(other: 950_000)).fixedAsset.total == Yen(973_750))     // 95% → ×1.025
        #expect(land(f, 2019, prior(other: 850_000)).fixedAsset.total == Yen(892_500))     // 85% → ×1.05
        #expect(land(f, 2019, prior(other: 750_000)).fixedAsset.total == Yen(806_250))     // 75% → ×1.075
        #expect(land(f, 2019, prior(other: 600_000)).fixedAsset.total == Yen(660_000))     // 60% → ×1.1
        #expect(land(f, 2019, prior(other: 990_000)).fixedAsset.total == Yen(1_000_000))   // capped at 評価額
    }

    @Test("免税点: land under 300,000 bears neither tax; a 250,000 building still pays 3,500 (第351条)")
    func exemptionPoint() {
        let cheap = land(lot(165, 1_740_000), 2020)            // 本則 290,000
        #expect(cheap.fixedAsset.total == Yen(290_000))
        var b = BuildingFacts(use: .nonDwelling, floorCentiM2: 3_000, value: Yen(250_000))
        b.urbanizationArea = true
        let by = FixedAssetTax.building(b, fiscalYear: 2020, params(2020))
        let a = FixedAssetTax.taxpayer(owners: ["a"], lands: [cheap], buildings: [by], params(2020))
        #expect(a.landExempt && !a.buildingExempt)
        #expect(a.fixedAssetTax == Yen(3_500))                 // 250,000 × 1.4%
        #expect(a.cityPlanningTax == Yen(700))                 // 250,000 × 0.3% = 750 → 700
    }

    @Test("新築住宅の減額: half the tax on up to 120㎡ for 3 years (5 for 長期優良 or 3+ storey non-wooden); 50–280㎡ (附則第15条の6)")
    func newHousing() {
        func house(_ m2: Int64, built: String, longLife: Bool = false, storeys: Int = 2, nonWooden: Bool = false) -> BuildingFacts {
            var b = BuildingFacts(use: .dwelling, floorCentiM2: m2 * 100, value: Yen(10_000_000))
            b.newlyBuiltOn = date(built); b.longLifeQuality = longLife; b.storeys = storeys; b.nonWooden = nonWooden
            return b
        }
        func fat(_ b: BuildingFacts, _ fy: Int) -> Yen {
            FixedAssetTax.taxpayer(owners: ["a"], lands: [], buildings: [FixedAssetTax.building(b, fiscalYear: fy, params(fy))], params(fy)).fixedAssetTax
        }
        let h = house(100, built: "2022-03-15")
        #expect(fat(h, 2022) == Yen(140_000))   // 1 Jan 2022 before completion: the building would not be levied yet; the reduction has not begun
        #expect(fat(h, 2023) == Yen(70_000))    // 140,000 − 140,000 × 1/2
        #expect(fat(h, 2025) == Yen(70_000))
        #expect(fat(h, 2026) == Yen(140_000))
        #expect(fat(house(150, built: "2022-03-15"), 2023) == Yen(84_000))     // 140,000 − 140,000 × 120/150 × 1/2
        #expect(fat(house(100, built: "2022-03-15", longLife: true), 2027) == Yen(70_000))
        #expect(fat(house(100, built: "2022-03-15", longLife: true), 2028 - 1) == Yen(70_000))
        #expect(fat(house(100, built: "2022-03-15", storeys: 3, nonWooden: true), 2027) == Yen(70_000))
        #expect(fat(house(100, built: "2022-03-15", storeys: 3, nonWooden: false), 2026) == Yen(140_000))
        #expect(fat(house(45, built: "2022-03-15"), 2023) == Yen(140_000))
        #expect(fat(house(100, built: "2026-06-01"), 2027) == Yen(70_000))     // built_by 2028-03-31 from FY2027
    }
}
