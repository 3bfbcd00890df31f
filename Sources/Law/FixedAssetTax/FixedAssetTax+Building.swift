import KaiseiCore

public struct BuildingYear: Sendable, Equatable {
    /// 課税標準額 (= 評価額 for buildings, 地方税法第349条).
    public let base: Yen
    /// The share of the building's 固定資産税 taken off by 新築住宅の減額 this year (zero if none).
    public let newHousingShare: Fraction
    public let urbanizationArea: Bool
    public let steps: [TraceStep]
}

extension FixedAssetTax {
    public static func building(_ b: BuildingFacts, fiscalYear fy: Int, _ p: FixedAssetParameters, trace enabled: Bool = false) -> BuildingYear {
        var t = Trace(enabled: enabled)
        t.add("家屋の評価額 = 課税標準額", b.value, "地方税法第349条")
        var share = Fraction.zero
        if let years = newHousingYears(b, p), let built = b.newlyBuiltOn {
            // The first 1 January on which the building stands starts the period.
            let first = built.month == 1 && built.day == 1 ? built.year : built.year + 1
            if fy >= first && fy < first + years {
                let dwellingFloor = b.use == .dwelling ? b.floorCentiM2 : (b.dwellingFloorCentiM2 ?? 0)
                let eligible = min(dwellingFloor, p.newHousingAreaCap * Int64(max(b.dwellings, 1)))
                share = Fraction(unreduced: eligible * p.newHousingRate.numerator, max(b.floorCentiM2, 1) * p.newHousingRate.denominator)
                t.add("新築住宅の減額: FY\(first)–FY\(first + years - 1), \(eligible / 100)㎡ 分の税額 × \(p.newHousingRate)", .zero, b.longLifeQuality ? "地方税法附則第15条の7" : "地方税法附則第15条の6", set: p.set, K.newHousingRate)
            }
        }
        return BuildingYear(base: b.value, newHousingShare: share, urbanizationArea: b.urbanizationArea, steps: t.steps)
    }

    /// How many fiscal years of 新築住宅の減額 a building earns, or nil if it does not qualify:
    /// a dwelling (or a mixed building at least half dwelling) completed by `built_by`, each
    /// dwelling within the floor-area limits.
    static func newHousingYears(_ b: BuildingFacts, _ p: FixedAssetParameters) -> Int? {
        guard let built = b.newlyBuiltOn, let by = p.newHousingBuiltBy, built <= by else { return nil }
        let dwellingFloor: Int64
        switch b.use {
        case .nonDwelling: return nil
        case .dwelling: dwellingFloor = b.floorCentiM2
        case .mixed:
            dwellingFloor = b.dwellingFloorCentiM2 ?? 0
            guard p.newHousingDwellingShareSuffices(dwellingFloor: dwellingFloor, floor: b.floorCentiM2) else { return nil }
        }
        let perDwelling = dwellingFloor / Int64(max(b.dwellings, 1))
        guard perDwelling >= p.newHousingMinFloor && perDwelling <= p.newHousingMaxFloor else { return nil }
        let highRise = b.nonWooden && b.storeys >= p.newHousingHighRiseStoreys
        switch (b.longLifeQuality, highRise) {
        case (false, false): return p.newHousingYears
        case (false, true): return p.newHousingYearsHighRise
        case (true, false): return p.newHousingYearsLongLife
        case (true, true): return p.newHousingYearsLongLifeHighRise
        }
    }
}
