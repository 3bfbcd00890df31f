/// The keys of 固定資産税 and 都市計画税. Each rate and bound the statute sets is one key, so a
/// city overlay or a draft changes one value and a comparison names it.
public enum FixedAssetKeys {
    static let all = 2013...2027
    public static let rate = "fixed_asset_tax.rate"
    public static let exemptionLand = "fixed_asset_tax.exemption_point.land"
    public static let exemptionBuildings = "fixed_asset_tax.exemption_point.buildings"
    public static let smallAreaPerDwelling = "fixed_asset_tax.housing_land.small_area_m2_per_dwelling"
    public static let smallRate = "fixed_asset_tax.housing_land.small_rate"
    public static let generalRate = "fixed_asset_tax.housing_land.general_rate"
    public static let floorAreaMultiple = "fixed_asset_tax.housing_land.floor_area_multiple"
    public static let shareTable = "fixed_asset_tax.housing_land.share_table"
    public static let shareTableHighRise = "fixed_asset_tax.housing_land.share_table_high_rise"
    public static let highRiseFloors = "fixed_asset_tax.housing_land.high_rise_floors"
    public static let residentialStep = "fixed_asset_tax.burden.residential_step"
    public static let residentialFloor = "fixed_asset_tax.burden.residential_floor"
    public static let commercialCeiling = "fixed_asset_tax.burden.commercial_ceiling"
    public static let commercialHoldFrom = "fixed_asset_tax.burden.commercial_hold_from"
    public static let commercialStep = "fixed_asset_tax.burden.commercial_step"
    public static let commercialFloor = "fixed_asset_tax.burden.commercial_floor"
    public static let farmlandRates = "fixed_asset_tax.burden.farmland_rates"
    public static let noIncrease = "fixed_asset_tax.burden.no_increase"
    public static let farmlandCorrection = "fixed_asset_tax.farmland.correction"
    public static let idleCorrectionRemoved = "fixed_asset_tax.farmland.idle_correction_removed"
    public static let specifiedVacantExcluded = "fixed_asset_tax.vacant_house.specified_excluded"
    public static let poorlyManagedExcluded = "fixed_asset_tax.vacant_house.poorly_managed_excluded"
    public static let newHousingRate = "fixed_asset_tax.new_housing.rate"
    public static let newHousingAreaCap = "fixed_asset_tax.new_housing.area_cap_m2_per_dwelling"
    public static let newHousingMinFloor = "fixed_asset_tax.new_housing.min_floor_m2"
    public static let newHousingMaxFloor = "fixed_asset_tax.new_housing.max_floor_m2"
    public static let newHousingYears = "fixed_asset_tax.new_housing.years"
    public static let newHousingYearsHighRise = "fixed_asset_tax.new_housing.years_high_rise"
    public static let newHousingYearsLongLife = "fixed_asset_tax.new_housing.years_long_life"
    public static let newHousingYearsLongLifeHighRise = "fixed_asset_tax.new_housing.years_long_life_high_rise"
    public static let newHousingHighRiseStoreys = "fixed_asset_tax.new_housing.high_rise_storeys"
    public static let newHousingBuiltBy = "fixed_asset_tax.new_housing.built_by"
    public static let cityPlanningRate = "city_planning_tax.rate"
    public static let cityPlanningSmallRate = "city_planning_tax.housing_land.small_rate"
    public static let cityPlanningGeneralRate = "city_planning_tax.housing_land.general_rate"

    static func s(_ key: String, _ unit: ParameterUnit, _ d: String) -> ParameterSpec {
        ParameterSpec(key: key, unit: unit, required: all, description: d)
    }

    static var specs: [ParameterSpec] {
        [
            s(rate, .rate, "固定資産税の標準税率 (地方税法第350条)"),
            s(exemptionLand, .yen, "免税点: 土地の課税標準額の合計 (地方税法第351条)"),
            s(exemptionBuildings, .yen, "免税点: 家屋の課税標準額の合計 (地方税法第351条)"),
            s(smallAreaPerDwelling, .count, "小規模住宅用地: m² per dwelling (地方税法第349条の3の2第2項)"),
            s(smallRate, .rate, "小規模住宅用地の特例率 (固定資産税)"),
            s(generalRate, .rate, "一般住宅用地の特例率 (固定資産税)"),
            s(floorAreaMultiple, .count, "住宅用地は家屋の床面積のこの倍数まで (地方税法施行令第52条の11)"),
            s(shareTable, .rateSteps, "住宅用地率 by 居住部分の割合 (併用住宅, 施行令第52条の11)"),
            s(shareTableHighRise, .rateSteps, "住宅用地率 for 地上5階以上の耐火建築物"),
            s(highRiseFloors, .count, "the high-rise table applies from this many floors"),
            s(residentialStep, .rate, "負担調整 (住宅用地): 前年度課税標準額 + 本則 × this (附則第18条)"),
            s(residentialFloor, .rate, "負担調整 (住宅用地): at least 本則 × this"),
            s(commercialCeiling, .rate, "負担調整 (商業地等): 負担水準 above this is reduced to 評価額 × this (附則第18条の3)"),
            s(commercialHoldFrom, .rate, "負担調整 (商業地等): from this 負担水準 up to the ceiling the previous 課税標準額 is held"),
            s(commercialStep, .rate, "負担調整 (商業地等): 前年度課税標準額 + 評価額 × this"),
            s(commercialFloor, .rate, "負担調整 (商業地等): at least 評価額 × this"),
            s(farmlandRates, .rateSteps, "負担調整率 (一般農地) by 負担水準 (附則第19条)"),
            s(noIncrease, .flag, "this year's 課税標準額 may not exceed last year's (the FY2021 measure)"),
            s(farmlandCorrection, .rate, "農地の評価額に用いる補正 (0.55), removed by an idle-farmland 勧告"),
            s(idleCorrectionRemoved, .flag, "遊休農地: a 勧告 standing on 1 January removes the correction (附則第17条の3)"),
            s(specifiedVacantExcluded, .flag, "特定空家等: a 勧告 standing on 1 January removes the 住宅用地特例 (第349条の3の2第1項)"),
            s(poorlyManagedExcluded, .flag, "管理不全空家等: likewise"),
            s(newHousingRate, .rate, "新築住宅の減額: the share of the tax taken off (附則第15条の6)"),
            s(newHousingAreaCap, .count, "新築住宅の減額: m² per dwelling reduced at most"),
            s(newHousingMinFloor, .count, "新築住宅の減額: floor area per dwelling at least"),
            s(newHousingMaxFloor, .count, "新築住宅の減額: floor area per dwelling at most"),
            s(newHousingYears, .count, "新築住宅の減額: fiscal years"),
            s(newHousingYearsHighRise, .count, "新築住宅の減額: fiscal years for 中高層耐火建築物"),
            s(newHousingYearsLongLife, .count, "新築住宅の減額: fiscal years for 認定長期優良住宅 (附則第15条の7)"),
            s(newHousingYearsLongLifeHighRise, .count, "新築住宅の減額: fiscal years for 長期優良 中高層耐火"),
            s(newHousingHighRiseStoreys, .count, "中高層耐火: storeys at least (non-wooden)"),
            s(newHousingBuiltBy, .date, "新築住宅の減額: homes completed by this date"),
            s(cityPlanningRate, .rate, "都市計画税の税率 (地方税法第702条の4; each city's ordinance)"),
            s(cityPlanningSmallRate, .rate, "小規模住宅用地の特例率 (都市計画税, 第702条の3)"),
            s(cityPlanningGeneralRate, .rate, "一般住宅用地の特例率 (都市計画税)"),
        ]
    }
}
