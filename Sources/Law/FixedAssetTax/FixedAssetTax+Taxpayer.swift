import KaiseiCore

/// One taxpayer's 固定資産税 and 都市計画税 in one city: a person, or co-owners together (共有物
/// are assessed to the co-owners jointly, 地方税法第10条の2, and their 免税点 is judged apart
/// from each owner's own property).
public struct FixedAssetAssessment: Sendable, Equatable {
    public let owners: [String]
    public let landBase: Yen
    public let buildingBase: Yen
    public let landExempt: Bool
    public let buildingExempt: Bool
    public let newHousingReduction: Yen
    public let fixedAssetTax: Yen
    public let cityPlanningBase: Yen
    public let cityPlanningTax: Yen
    public let steps: [TraceStep]
    public var total: Yen { fixedAssetTax + cityPlanningTax }
}

/// One taxpayer's parcels and buildings, summed as they are visited: the population path keeps
/// no per-parcel lists.
public struct PropertyTotals: Sendable {
    public var landFixedAsset = Yen.zero, landCityPlanning = Yen.zero
    public var buildingBase = Yen.zero, buildingCityPlanning = Yen.zero
    public var newHousingReduction = Yen.zero
    public var lands = 0, buildings = 0
    public init() {}

    public mutating func add(_ l: LandYear) {
        landFixedAsset += l.fixedAsset.total; landCityPlanning += l.cityPlanning.total; lands += 1
    }
    public mutating func add(_ b: BuildingYear, _ p: FixedAssetParameters) {
        buildingBase += b.base; if b.urbanizationArea { buildingCityPlanning += b.base }
        if b.newHousingShare > .zero { newHousingReduction += b.base.times(p.rate * b.newHousingShare, .down) }
        buildings += 1
    }
}

extension FixedAssetTax {
    public static func taxpayer(owners: [String], lands: [LandYear], buildings: [BuildingYear], _ p: FixedAssetParameters, trace enabled: Bool = false) -> FixedAssetAssessment {
        var t = PropertyTotals()
        for l in lands { t.add(l) }
        for b in buildings { t.add(b, p) }
        return taxpayer(owners: owners, t, p, trace: enabled)
    }

    public static func taxpayer(owners: [String], _ totals: PropertyTotals, _ p: FixedAssetParameters, trace enabled: Bool = false) -> FixedAssetAssessment {
        var t = Trace(enabled: enabled)
        let landSum = totals.landFixedAsset, landCPT = totals.landCityPlanning
        let bldSum = totals.buildingBase, bldCPT = totals.buildingCityPlanning
        // 免税点 (第351条): judged on each kind's total; under it, neither tax on that kind.
        let landExempt = landSum < p.exemptionLand, bldExempt = bldSum < p.exemptionBuildings
        t.add("土地の課税標準額の合計" + (landExempt && totals.lands > 0 ? " (免税点未満)" : ""), landSum, "地方税法第351条", set: p.set, K.exemptionLand)
        t.add("家屋の課税標準額の合計" + (bldExempt && totals.buildings > 0 ? " (免税点未満)" : ""), bldSum, "地方税法第351条", set: p.set, K.exemptionBuildings)
        let base = StatutoryRounding.taxBase((landExempt ? .zero : landSum) + (bldExempt ? .zero : bldSum))
        let gross = base.times(p.rate, .down)
        t.add("固定資産税 課税標準額 × \(p.rate)", gross, "地方税法第350条", set: p.set, K.rate)
        let reduction = bldExempt ? .zero : totals.newHousingReduction
        if reduction > .zero { t.add("新築住宅の減額", reduction, "地方税法附則第15条の6", set: p.set, K.newHousingRate) }
        let fat = StatutoryRounding.taxAmount(gross - reduction)
        t.add("固定資産税額", fat, "地方税法第20条の4の2第3項")
        let cptBase = StatutoryRounding.taxBase((landExempt ? .zero : landCPT) + (bldExempt ? .zero : bldCPT))
        let cpt = StatutoryRounding.taxAmount(cptBase.times(p.cityPlanningRate, .down))
        t.add("都市計画税額 (課税標準額 \(cptBase.grouped) × \(p.cityPlanningRate))", cpt, "地方税法第702条の4", set: p.set, K.cityPlanningRate)
        return FixedAssetAssessment(owners: owners, landBase: landSum, buildingBase: bldSum, landExempt: landExempt && totals.lands > 0,
                                    buildingExempt: bldExempt && totals.buildings > 0, newHousingReduction: reduction,
                                    fixedAssetTax: fat, cityPlanningBase: cptBase, cityPlanningTax: cpt, steps: t.steps)
    }
}
