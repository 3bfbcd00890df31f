import KaiseiCore

/// 車種区分 of 地方税法第463条の15. The raw values are the event vocabulary's names
/// (`EventType.lightVehicleClasses`, checked equal by a test).
public enum LightVehicleClass: String, Sendable, CaseIterable {
    case moped50 = "moped_50", moped90 = "moped_90", moped125 = "moped_125", minicar
    case keiMotorcycle = "kei_motorcycle", smallMotorcycle = "small_motorcycle"
    case smallSpecialAgricultural = "small_special_agricultural", smallSpecialOther = "small_special_other"
    case keiThreeWheel = "kei_three_wheel"
    case keiPassengerPrivate = "kei_passenger_private", keiPassengerBusiness = "kei_passenger_business"
    case keiCargoPrivate = "kei_cargo_private", keiCargoBusiness = "kei_cargo_business"
    case keiTrailer = "kei_trailer"

    /// Three- and four-wheelers: rated by 初度検査 month, subject to 経年重課 and グリーン化特例.
    /// A kei trailer is taxed as a two-wheeler (rates follow 軽二輪; see lv-rates-fy2013).
    public var isInspected: Bool {
        switch self {
        case .keiThreeWheel, .keiPassengerPrivate, .keiPassengerBusiness, .keiCargoPrivate, .keiCargoBusiness: return true
        default: return false
        }
    }

    /// Which criteria of the green special rate a class is judged by (乗用 or 貨物).
    public var greenGroup: String? {
        switch self {
        case .keiThreeWheel, .keiPassengerPrivate, .keiPassengerBusiness: return "passenger"
        case .keiCargoPrivate, .keiCargoBusiness: return "cargo"
        default: return nil
        }
    }
}

/// The fuels of the event vocabulary (`EventType.fuels`).
public enum VehicleFuel: String, Sendable, CaseIterable {
    case gasoline, diesel, lpg, gasolineHybrid = "gasoline_hybrid", electric, naturalGas = "natural_gas", methanol, fuelCell = "fuel_cell", none
}

/// Everything the light vehicle tax reads about one vehicle on the 賦課期日 (1 April).
public struct VehicleFacts: Sendable, Equatable {
    public var vehicleClass: LightVehicleClass
    /// 初度検査年月; nil for motorcycles and mopeds.
    public var firstInspection: YearMonth?
    /// The 車検証 shows only the year (before October 2003): the month counts as the
    /// parameter `light_vehicle_tax.surcharge.year_only_month` (December).
    public var firstInspectionYearOnly = false
    public var fuel: VehicleFuel
    public var emissionStars: Int?
    public var fuelEconomyStandard: String?
    public var fuelEconomyAchievementPercent: Int?
    /// The day of 新規登録 when the vehicle was registered new; nil for a used vehicle.
    public var registeredNewOn: CivilDate?

    public init(vehicleClass: LightVehicleClass, firstInspection: YearMonth? = nil, firstInspectionYearOnly: Bool = false,
                fuel: VehicleFuel = .gasoline, emissionStars: Int? = nil, fuelEconomyStandard: String? = nil,
                fuelEconomyAchievementPercent: Int? = nil, registeredNewOn: CivilDate? = nil) {
        self.vehicleClass = vehicleClass; self.firstInspection = firstInspection; self.firstInspectionYearOnly = firstInspectionYearOnly
        self.fuel = fuel; self.emissionStars = emissionStars; self.fuelEconomyStandard = fuelEconomyStandard
        self.fuelEconomyAchievementPercent = fuelEconomyAchievementPercent; self.registeredNewOn = registeredNewOn
    }
}
