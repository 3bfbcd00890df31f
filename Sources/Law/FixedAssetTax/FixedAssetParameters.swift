import KaiseiCore

/// 固定資産税・都市計画税 parameters for one city and fiscal year, typed once.
public final class FixedAssetParameters: Sendable {
    typealias K = FixedAssetKeys
    public let set: ParameterSet
    let rate, smallRate, generalRate, residentialStep, residentialFloor: Fraction
    let commercialCeiling, commercialHoldFrom, commercialStep, commercialFloor, farmlandCorrection, newHousingRate: Fraction
    let cityPlanningRate, cityPlanningSmallRate, cityPlanningGeneralRate: Fraction
    let exemptionLand, exemptionBuildings: Yen
    let smallAreaCentiM2PerDwelling, floorAreaMultiple, highRiseFloors: Int64
    let shareTable, shareTableHighRise, farmlandRates: [RateStep]
    let noIncrease, idleCorrectionRemoved, specifiedVacantExcluded, poorlyManagedExcluded: Bool
    let newHousingAreaCap, newHousingMinFloor, newHousingMaxFloor: Int64
    let newHousingYears, newHousingYearsHighRise, newHousingYearsLongLife, newHousingYearsLongLifeHighRise, newHousingHighRiseStoreys: Int
    let newHousingBuiltBy: CivilDate?
    /// 新築住宅の減額: a mixed building's dwelling floor must be at least this share (½).
    /// 併用住宅: at least half the floor is dwelling (地方税法施行令附則第12条第4項). A statutory
    /// constant kept in the law layer (see MaternityWindow on why not yet a revision parameter).
    let newHousingMinDwellingShare = Fraction(1, 2)

    public init(_ s: ParameterSet) {
        set = s
        rate = s.rate(K.rate); smallRate = s.rate(K.smallRate); generalRate = s.rate(K.generalRate)
        residentialStep = s.rate(K.residentialStep); residentialFloor = s.rate(K.residentialFloor)
        commercialCeiling = s.rate(K.commercialCeiling); commercialHoldFrom = s.rate(K.commercialHoldFrom)
        commercialStep = s.rate(K.commercialStep); commercialFloor = s.rate(K.commercialFloor)
        farmlandCorrection = s.rate(K.farmlandCorrection); newHousingRate = s.rate(K.newHousingRate)
        cityPlanningRate = s.rate(K.cityPlanningRate); cityPlanningSmallRate = s.rate(K.cityPlanningSmallRate)
        cityPlanningGeneralRate = s.rate(K.cityPlanningGeneralRate)
        exemptionLand = s.yen(K.exemptionLand); exemptionBuildings = s.yen(K.exemptionBuildings)
        smallAreaCentiM2PerDwelling = s.count(K.smallAreaPerDwelling) * 100
        floorAreaMultiple = s.count(K.floorAreaMultiple); highRiseFloors = s.count(K.highRiseFloors)
        shareTable = s.rateSteps(K.shareTable); shareTableHighRise = s.rateSteps(K.shareTableHighRise); farmlandRates = s.rateSteps(K.farmlandRates)
        noIncrease = s.flag(K.noIncrease); idleCorrectionRemoved = s.flag(K.idleCorrectionRemoved)
        specifiedVacantExcluded = s.flag(K.specifiedVacantExcluded); poorlyManagedExcluded = s.flag(K.poorlyManagedExcluded)
        newHousingAreaCap = s.count(K.newHousingAreaCap) * 100; newHousingMinFloor = s.count(K.newHousingMinFloor) * 100
        newHousingMaxFloor = s.count(K.newHousingMaxFloor) * 100
        newHousingYears = Int(s.count(K.newHousingYears)); newHousingYearsHighRise = Int(s.count(K.newHousingYearsHighRise))
        newHousingYearsLongLife = Int(s.count(K.newHousingYearsLongLife)); newHousingYearsLongLifeHighRise = Int(s.count(K.newHousingYearsLongLifeHighRise))
        newHousingHighRiseStoreys = Int(s.count(K.newHousingHighRiseStoreys)); newHousingBuiltBy = s.date(K.newHousingBuiltBy)
    }

    /// 新築住宅の減額 (地方税法施行令附則第12条): whether a mixed building's dwelling floor is at
    /// least `fixed_asset_tax.new_housing.min_dwelling_share` of its floor. Exact, in 128 bits.
    public func newHousingDwellingShareSuffices(dwellingFloor: Int64, floor: Int64) -> Bool {
        let share = newHousingMinDwellingShare
        let dwelling = dwellingFloor.multipliedFullWidth(by: share.denominator)
        let needed = floor.multipliedFullWidth(by: share.numerator)
        return (dwelling.high, dwelling.low) >= (needed.high, needed.low)
    }
}
