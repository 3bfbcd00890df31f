/// The light vehicle tax's parameter keys. Amounts per class are keys of their own
/// (`light_vehicle_tax.rate.kei_passenger_private`), so an overlay or a draft changes one cell.
/// Units, descriptions and the years the law requires each: `revisions/light-vehicle-tax/index.yaml`.
public enum LightVehicleKeys {
    public static let greenTiers = ["t75", "t50", "t25"]
    public static let greenGroups = ["passenger", "cargo"]
    static let greenClasses: [LightVehicleClass] = [.keiThreeWheel, .keiPassengerPrivate, .keiPassengerBusiness, .keiCargoPrivate, .keiCargoBusiness]
    /// The 燃費基準 a green tier may be measured against (the index's `fuel_economy_standards`).
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

    /// Every key above, for every class, tier and group (`ParameterFolder.swiftKeys`; a test
    /// checks it equals the index).
    public static var allKeys: [String] {
        var out = LightVehicleClass.allCases.map(rate)
        for c in LightVehicleClass.allCases where c.isInspected {
            out += [legacyRate(c), surchargeRate(c)]
        }
        out += [newRateFrom, surchargeYears, surchargeYearOnlyMonth, surchargeExemptFuels, surchargeExemptClasses]
        for tier in greenTiers {
            out += greenClasses.map { greenAmount(tier, $0) }
            out.append(greenFuels(tier))
            for group in greenGroups {
                out += [greenStandards(tier, group), greenAchievement(tier, group), greenStars(tier, group)]
            }
        }
        return out
    }
}
