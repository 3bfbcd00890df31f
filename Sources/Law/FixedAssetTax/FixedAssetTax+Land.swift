import KaiseiCore

/// The land side of 固定資産税 and 都市計画税: one parcel's 課税標準額 for one fiscal year, from
/// its facts on 1 January and last year's 課税標準額 (負担調整 is a chain from year to year).
public enum FixedAssetTax {
    typealias K = FixedAssetKeys

    /// `prior` is last year's result; nil when the parcel has no history (a new parcel, or the
    /// first year of the ledger): its 負担水準 is then taken as reached, so the 課税標準額 is the
    /// 本則 (housing land) or the ceiling (商業地等). Real ledgers use a similar parcel's level;
    /// migrated parcels should carry their previous 課税標準額 instead.
    public static func land(_ f: LandFacts, fiscalYear fy: Int, prior: LandYear?, _ p: FixedAssetParameters, trace enabled: Bool = false) -> LandYear {
        var t = Trace(enabled: enabled)
        var value = f.value
        t.add("評価額", value, "地方税法第341条第5号・第349条")
        if f.category == .farmland && f.idleFarmlandRecommendation && p.idleCorrectionRemoved && p.farmlandCorrection.numerator > 0 {
            value = value.times(Fraction(p.farmlandCorrection.denominator, p.farmlandCorrection.numerator), .down)
            t.add("遊休農地: 勧告により補正 (0.55) を適用しない評価額", value, "地方税法附則第17条の3", set: p.set, K.farmlandCorrection)
        }
        let area = max(f.areaCentiM2, 1)
        var housing: Int64 = 0
        let excluded = f.vacantRecommendation.map { $0 == .specified ? p.specifiedVacantExcluded : p.poorlyManagedExcluded } ?? false
        if excluded {
            t.add("空家等の勧告 (1月1日現在): 住宅用地特例を適用しない", .zero, "地方税法第349条の3の2第1項", set: p.set,
                  f.vacantRecommendation == .specified ? K.specifiedVacantExcluded : K.poorlyManagedExcluded)
        } else if f.category != .farmland && f.category != .forest {
            switch f.use {
            case .nonResidential: housing = 0
            case .residential: housing = area
            case .partlyResidential:
                let share = Fraction(Int64(f.residentialFloorSharePercent ?? 0), 100)
                let table = (f.floors ?? 1) >= p.highRiseFloors ? p.shareTableHighRise : p.shareTable
                let r = table.rate(at: share) ?? .zero
                housing = Yen(area).times(r, .down).amount
            }
            if let floor = f.buildingFloorCentiM2, housing > 0 { housing = min(housing, floor * p.floorAreaMultiple) }
            housing = min(housing, area)
        }
        let small = min(housing, p.smallAreaCentiM2PerDwelling * Int64(max(f.dwellings, 1)))
        let general = housing - small
        let vSmall = value.times(Fraction(unreduced: small, area), .down)
        let vGeneral = value.times(Fraction(unreduced: general, area), .down)
        let vOther = value - vSmall - vGeneral
        if housing > 0 {
            t.add("小規模住宅用地 (\(small / 100)㎡) の評価額", vSmall, "地方税法第349条の3の2第2項", set: p.set, K.smallAreaPerDwelling)
            t.add("一般住宅用地 (\(general / 100)㎡) の評価額", vGeneral, "地方税法第349条の3の2第1項")
        }
        // 本則課税標準額 of housing land, per tax.
        let fatHousing = vSmall.times(p.smallRate, .down) + vGeneral.times(p.generalRate, .down)
        let cptHousing = vSmall.times(p.cityPlanningSmallRate, .down) + vGeneral.times(p.cityPlanningGeneralRate, .down)
        if housing > 0 {
            t.add("住宅用地の本則課税標準額 (固定資産税: 1/6・1/3)", fatHousing, "地方税法第349条の3の2", set: p.set, K.smallRate)
            t.add("住宅用地の本則課税標準額 (都市計画税: 1/3・2/3)", cptHousing, "地方税法第702条の3", set: p.set, K.cityPlanningSmallRate)
        }
        let fat = LandTaxBase(housing: residential(fatHousing, prior?.fixedAsset.housing, p, &t, "固定資産税"),
                              other: other(f.category, vOther, prior?.fixedAsset.other, p, &t, "固定資産税"))
        let cpt = LandTaxBase(housing: residential(cptHousing, prior?.cityPlanning.housing, p, &t, "都市計画税"),
                              other: other(f.category, vOther, prior?.cityPlanning.other, p, &t, "都市計画税"))
        t.add("課税標準額 (固定資産税)", fat.total, "地方税法第349条・附則第18条")
        t.add("課税標準額 (都市計画税)", f.urbanizationArea ? cpt.total : .zero, f.urbanizationArea ? "地方税法第702条・附則第25条" : "市街化区域外: 都市計画税なし (地方税法第702条)")
        return LandYear(fixedAsset: fat, cityPlanning: f.urbanizationArea ? cpt : LandTaxBase(), steps: t.steps)
    }

    /// 住宅用地の負担調整 (附則第18条): rises by 5% of the 本則 a year, between 20% and 100% of it.
    static func residential(_ base: Yen, _ prior: Yen?, _ p: FixedAssetParameters, _ t: inout Trace, _ tax: String) -> Yen {
        guard base > .zero else { return .zero }
        guard let prior, prior > .zero else { return base }
        if prior >= base {
            t.add("\(tax) 住宅用地: 負担水準100%以上 → 本則", base, "地方税法附則第18条第1項")
            return base
        }
        var b = prior + base.times(p.residentialStep, .down)
        b = min(b, base)
        b = max(b, base.times(p.residentialFloor, .down))
        t.add("\(tax) 住宅用地: 前年度課税標準額 \(prior.grouped) + 本則 × \(p.residentialStep)", b, "地方税法附則第18条第3項", set: p.set, K.residentialStep)
        return freeze(b, prior, p, &t, tax)
    }

    /// 商業地等 (附則第18条の3) and 一般農地 (附則第19条).
    static func other(_ category: LandCategory, _ value: Yen, _ prior: Yen?, _ p: FixedAssetParameters, _ t: inout Trace, _ tax: String) -> Yen {
        guard value > .zero else { return .zero }
        switch category {
        case .forest:
            return value
        case .farmland:
            guard let prior, prior > .zero else { return value }
            let level = Fraction(unreduced: prior.amount, value.amount)
            let factor = p.farmlandRates.rate(at: level) ?? .one
            let b = min(prior.times(factor, .down), value)
            t.add("\(tax) 農地: 前年度課税標準額 × 負担調整率 \(factor) (負担水準 \(percent(level)))", b, "地方税法附則第19条", set: p.set, K.farmlandRates)
            return freeze(b, prior, p, &t, tax)
        case .residential, .commercial, .industrial, .miscellaneous:
            let ceiling = value.times(p.commercialCeiling, .down)
            guard let prior, prior > .zero else { return ceiling }
            let level = Fraction(unreduced: prior.amount, value.amount)
            if level > p.commercialCeiling {
                t.add("\(tax) 商業地等: 負担水準 \(percent(level)) > \(p.commercialCeiling) → 評価額 × \(p.commercialCeiling)", ceiling, "地方税法附則第18条の3第1項", set: p.set, K.commercialCeiling)
                return ceiling
            }
            if level >= p.commercialHoldFrom {
                t.add("\(tax) 商業地等: 負担水準 \(percent(level)): 前年度課税標準額に据置き", prior, "地方税法附則第18条の3第2項", set: p.set, K.commercialHoldFrom)
                return prior
            }
            var b = prior + value.times(p.commercialStep, .down)
            b = min(b, value.times(p.commercialHoldFrom, .down))
            b = max(b, value.times(p.commercialFloor, .down))
            t.add("\(tax) 商業地等: 前年度課税標準額 \(prior.grouped) + 評価額 × \(p.commercialStep)", b, "地方税法附則第18条第5項", set: p.set, K.commercialStep)
            return freeze(b, prior, p, &t, tax)
        }
    }

    /// The FY2021 measure: where the 課税標準額 would rise, last year's is kept.
    static func freeze(_ b: Yen, _ prior: Yen, _ p: FixedAssetParameters, _ t: inout Trace, _ tax: String) -> Yen {
        guard p.noIncrease, b > prior else { return b }
        t.add("\(tax): 令和3年度の据置き (前年度課税標準額)", prior, "地方税法附則第18条 (令和3年度)", set: p.set, K.noIncrease)
        return prior
    }

    static func percent(_ f: Fraction) -> String {
        let tenths = f.denominator == 0 ? 0 : f.numerator * 1000 / f.denominator
        return "\(tenths / 10).\(tenths % 10)%"
    }
}
