import KaiseiCore

/// Which rule set the amount: what a certificate or an explanation names.
public enum LightVehicleBasis: String, Sendable {
    case standard, legacy, surcharge
    case green75 = "green_t75", green50 = "green_t50", green25 = "green_t25"
}

public struct LightVehicleResult: Sendable, Equatable {
    public let amount: Yen
    public let basis: LightVehicleBasis
    public let steps: [TraceStep]
}

/// 軽自動車税 (種別割 from October 2019): one vehicle, one fiscal year. The owner on the 賦課期日
/// (1 April, 地方税法第463条の17) pays the whole year; there is no proration, so the facts are
/// read on that day by the caller.
public enum LightVehicleTax {
    typealias K = LightVehicleKeys

    public static func assess(_ v: VehicleFacts, fiscalYear fy: Int, _ p: LightVehicleParameters, trace enabled: Bool = false) -> LightVehicleResult {
        var trace = Trace(enabled: enabled)
        let c = v.vehicleClass, i = LightVehicleParameters.index(c)
        // グリーン化特例: only in the fiscal year after the one of 新規登録 (附則第30条第2項).
        if let registered = v.registeredNewOn, registered.fiscalYear + 1 == fy, let (tier, amount) = bestGreenTier(v, p, i) {
            trace.add("グリーン化特例 (軽課) \(tier.name): 新規登録 \(registered) の翌年度", amount, "地方税法附則第30条", set: p.set, K.greenAmount(tier.name, c))
            let basis = LightVehicleBasis(rawValue: "green_" + tier.name) ?? .standard
            return LightVehicleResult(amount: amount, basis: basis, steps: trace.steps)
        }
        if c.isInspected, let from = surchargeFrom(v, p), fy >= from, let amount = p.surchargeRate[i] {
            trace.add("経年重課: 初度検査から\(p.surchargeYears ?? 13)年を経過した年度の翌年度 (FY\(from)) 以後", amount, "地方税法附則第30条第1項", set: p.set, K.surchargeRate(c))
            return LightVehicleResult(amount: amount, basis: .surcharge, steps: trace.steps)
        }
        if c.isInspected, let legacy = p.legacyRate[i], let split = p.newRateFrom, firstInspectionMonth(v, p).map({ $0 < split }) ?? true {
            trace.add("旧税率: 初度検査が \(split) より前", legacy, "地方税法等の一部を改正する法律 (平成26年法律第4号) 附則", set: p.set, K.legacyRate(c))
            return LightVehicleResult(amount: legacy, basis: .legacy, steps: trace.steps)
        }
        let amount = p.rate[i] ?? .zero
        trace.add("標準税率 (\(c.rawValue))", amount, "地方税法第463条の15", set: p.set, K.rate(c))
        return LightVehicleResult(amount: amount, basis: .standard, steps: trace.steps)
    }

    /// The first inspection month, with the 車検証's year-only dates counted as `year_only_month`.
    static func firstInspectionMonth(_ v: VehicleFacts, _ p: LightVehicleParameters) -> YearMonth? {
        guard let fi = v.firstInspection else { return nil }
        return v.firstInspectionYearOnly ? YearMonth(year: fi.year, month: p.yearOnlyMonth) : fi
    }

    /// The first fiscal year of 経年重課: the year after the one in which `years` years from the
    /// 初度検査 month have passed (a vehicle first inspected in April 2004 reaches 13 years in
    /// April 2017, FY2017, and pays the surcharge from FY2018; Matsudo's table in levies.md §1b).
    public static func surchargeFrom(_ v: VehicleFacts, _ p: LightVehicleParameters) -> Int? {
        guard let years = p.surchargeYears, !p.exemptFuels.contains(v.fuel), !p.exemptClasses.contains(v.vehicleClass),
              let fi = firstInspectionMonth(v, p) else { return nil }
        return fi.adding(months: years * 12).fiscalYear + 1
    }

    /// The lowest reduced amount among the tiers whose criteria the vehicle meets.
    static func bestGreenTier(_ v: VehicleFacts, _ p: LightVehicleParameters, _ i: Int) -> (LightVehicleParameters.GreenTier, Yen)? {
        var best: (LightVehicleParameters.GreenTier, Yen)?
        for tier in p.green {
            guard let amount = tier.amount[i] else { continue }
            var qualifies = tier.fuels.contains(v.fuel)
            if !qualifies, let group = v.vehicleClass.greenGroup, let c = tier.criteria[group],
               let standard = v.fuelEconomyStandard, c.standards.contains(standard),
               (v.fuelEconomyAchievementPercent ?? 0) >= c.achievement, (v.emissionStars ?? 0) >= c.stars {
                qualifies = true
            }
            if qualifies && (best == nil || amount < best!.1) { best = (tier, amount) }
        }
        return best
    }
}
