/// The keys of 固定資産税 and 都市計画税. Each rate and bound the statute sets is one key, so a
/// city overlay or a draft changes one value and a comparison names it. Units, descriptions and
/// the years the law requires each: `revisions/fixed-asset-tax/index.yaml`.
public enum FixedAssetKeys {
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

    /// Every key above (`ParameterFolder.swiftKeys`; a test checks it equals the index).
    public static var allKeys: [String] {
        [
            rate, exemptionLand, exemptionBuildings, smallAreaPerDwelling,
            smallRate, generalRate, floorAreaMultiple, shareTable,
            shareTableHighRise, highRiseFloors, residentialStep, residentialFloor,
            commercialCeiling, commercialHoldFrom, commercialStep, commercialFloor,
            farmlandRates, noIncrease, farmlandCorrection, idleCorrectionRemoved,
            specifiedVacantExcluded, poorlyManagedExcluded, newHousingRate, newHousingAreaCap,
            newHousingMinFloor, newHousingMaxFloor, newHousingYears, newHousingYearsHighRise,
            newHousingYearsLongLife, newHousingYearsLongLifeHighRise, newHousingHighRiseStoreys, newHousingBuiltBy,
            cityPlanningRate, cityPlanningSmallRate, cityPlanningGeneralRate,
        ]
    }
}
