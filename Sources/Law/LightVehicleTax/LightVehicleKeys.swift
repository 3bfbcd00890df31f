/// The light vehicle tax's parameter keys. Amounts per class are keys of their own
/// (`light_vehicle_tax.rate.kei_passenger_private`), so an overlay or a draft changes one cell.
public enum LightVehicleKeys {
    static let all = 2013...2027
    static let fromRateSplit = 2015...2027
    static let fromSurcharge = 2016...2027
    public static let greenTiers = ["t75", "t50", "t25"]
    public static let greenGroups = ["passenger", "cargo"]
    static let greenClasses: [LightVehicleClass] = [.keiThreeWheel, .keiPassengerPrivate, .keiPassengerBusiness, .keiCargoPrivate, .keiCargoBusiness]
    static let standards = ["H22", "H27", "R2", "R12"]

    public static func rate(_ c: LightVehicleClass) -> String { "light_vehicle_tax.rate.\(c.rawValue)" }
    public static func legacyRate(_ c: LightVehicleClass) -> String { "light_vehicle_tax.legacy_rate.\(c.rawValue)" }
    public static func surchargeRate(_ c: LightVehicleClass) -> String { "light_vehicle_tax.surcharge.rate.\(c.rawValue)" }
    public static let newRateFrom = "light_vehicle_tax.new_rate_first_inspection_from"
    public static let surchargeYears = "light_vehicle_tax.surcharge.years"
    public static let surchargeYearOnlyMonth = "light_vehicle_tax.surcharge.year_only_month"
    public static let surchargeExemptFuels = "light_vehicle_tax.surcharge.exempt_fuels"
    public static let surchargeExemptClasses = "light_vehicle_tax.surcharge.exempt_classes"
    public static func greenAmount(_ tier: String, _ c: LightVehicleClass) -> String { "light_vehicle_tax.green.\(tier).amount.\(c.rawValue)" }
    public static func greenFuels(_ tier: String) -> String { "light_vehicle_tax.green.\(tier).fuels" }
    public static func greenStandards(_ tier: String, _ group: String) -> String { "light_vehicle_tax.green.\(tier).\(group).standards" }
    public static func greenAchievement(_ tier: String, _ group: String) -> String { "light_vehicle_tax.green.\(tier).\(group).min_achievement_percent" }
    public static func greenStars(_ tier: String, _ group: String) -> String { "light_vehicle_tax.green.\(tier).\(group).min_emission_stars" }

    static func s(_ key: String, _ unit: ParameterUnit, _ d: String, _ required: ClosedRange<Int>?, allowed: [String]? = nil) -> ParameterSpec {
        ParameterSpec(key: key, unit: unit, required: required, description: d, allowed: allowed)
    }

    static var specs: [ParameterSpec] {
        let classes = LightVehicleClass.allCases.map(\.rawValue), fuels = VehicleFuel.allCases.map(\.rawValue)
        var out: [ParameterSpec] = []
        for c in LightVehicleClass.allCases {
            out.append(s(rate(c), .yen, "標準税率 (地方税法第463条の15) for \(c.rawValue); for three- and four-wheelers, those first inspected from the split date", all))
        }
        for c in LightVehicleClass.allCases where c.isInspected {
            out.append(s(legacyRate(c), .yen, "旧税率 for \(c.rawValue) first inspected before the split date (平成26年改正附則)", fromRateSplit))
            out.append(s(surchargeRate(c), .yen, "経年重課 (地方税法附則第30条第1項) for \(c.rawValue)", fromSurcharge))
        }
        out += [
            s(newRateFrom, .date, "three- and four-wheelers first inspected from this month pay the new rate", fromRateSplit),
            s(surchargeYears, .count, "経年重課: years from the 初度検査 month after which the surcharge applies from the next fiscal year", fromSurcharge),
            s(surchargeYearOnlyMonth, .count, "経年重課: the month assumed when the 車検証 shows only the year of 初度検査", fromSurcharge),
            s(surchargeExemptFuels, .names, "経年重課: fuels exempt (電気, 天然ガス, メタノール, ハイブリッド)", fromSurcharge, allowed: fuels),
            s(surchargeExemptClasses, .names, "経年重課: classes exempt (被けん引車)", fromSurcharge, allowed: classes),
        ]
        for t in greenTiers {
            for c in greenClasses {
                out.append(s(greenAmount(t, c), .yen, "グリーン化特例 (地方税法附則第30条第2項以下) \(t): the reduced amount for \(c.rawValue); absent = the tier does not cover the class that year", nil))
            }
            out.append(s(greenFuels(t), .names, "グリーン化特例 \(t): fuels that qualify on their own (電気, 天然ガス)", nil, allowed: fuels))
            for g in greenGroups {
                out.append(s(greenStandards(t, g), .names, "グリーン化特例 \(t), \(g): the 燃費基準 the achievement is measured against", nil, allowed: standards))
                out.append(s(greenAchievement(t, g), .count, "グリーン化特例 \(t), \(g): minimum 燃費基準達成率 (%)", nil))
                out.append(s(greenStars(t, g), .count, "グリーン化特例 \(t), \(g): minimum 排出ガス性能 (★)", nil))
            }
        }
        return out
    }
}
