import KaiseiCore

public enum LandCategory: String, Sendable, CaseIterable {
    case residential, commercial, industrial, farmland, forest, miscellaneous
}

public enum LandUse: String, Sendable, CaseIterable {
    case nonResidential = "non_residential", residential, partlyResidential = "partly_residential"
}

public enum VacantHouseCategory: String, Sendable { case specified, poorlyManaged = "poorly_managed" }

/// A parcel as it stands on the 賦課期日 (1 January) of one fiscal year.
public struct LandFacts: Sendable, Equatable {
    public var category: LandCategory
    /// 地積 in hundredths of a square metre.
    public var areaCentiM2: Int64
    /// 評価額 for this fiscal year (of the 評価替え year, or a later 価格修正).
    public var value: Yen
    public var use: LandUse = .nonResidential
    public var dwellings = 0
    public var residentialFloorSharePercent: Int?
    public var floors: Int?
    /// Total floor area of the buildings on the parcel (hundredths of m²), for the 10× rule.
    public var buildingFloorCentiM2: Int64?
    public var urbanizationArea = false
    /// A 空家 勧告 standing on 1 January.
    public var vacantRecommendation: VacantHouseCategory?
    /// An idle-farmland 勧告 standing on 1 January.
    public var idleFarmlandRecommendation = false

    public init(category: LandCategory, areaCentiM2: Int64, value: Yen) {
        self.category = category; self.areaCentiM2 = areaCentiM2; self.value = value
    }
}

/// Last year's 課税標準額, split into the housing-land part and the rest, for each tax.
public struct LandTaxBase: Sendable, Equatable {
    public var housing = Yen.zero
    public var other = Yen.zero
    public var total: Yen { housing + other }
    public init(housing: Yen = .zero, other: Yen = .zero) { self.housing = housing; self.other = other }
}

public struct LandYear: Sendable, Equatable {
    public let fixedAsset: LandTaxBase
    public let cityPlanning: LandTaxBase
    public let steps: [TraceStep]
    public init(fixedAsset: LandTaxBase, cityPlanning: LandTaxBase, steps: [TraceStep] = []) {
        self.fixedAsset = fixedAsset; self.cityPlanning = cityPlanning; self.steps = steps
    }
}

/// A building as it stands on 1 January.
public struct BuildingFacts: Sendable, Equatable {
    public enum Use: String, Sendable { case dwelling, nonDwelling = "non_dwelling", mixed }
    public var use: Use
    public var floorCentiM2: Int64
    public var dwellingFloorCentiM2: Int64?
    public var dwellings = 1
    public var nonWooden = false
    public var storeys = 1
    /// 新築: the day of completion, for 新築住宅の減額.
    public var newlyBuiltOn: CivilDate?
    public var longLifeQuality = false
    public var value: Yen
    public var urbanizationArea = false

    public init(use: Use, floorCentiM2: Int64, value: Yen) { self.use = use; self.floorCentiM2 = floorCentiM2; self.value = value }
}
