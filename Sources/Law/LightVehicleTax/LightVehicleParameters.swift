import KaiseiCore

/// The light vehicle tax's parameters for one city and fiscal year, resolved once into arrays
/// indexed by class, so the population loop reads no dictionaries.
public final class LightVehicleParameters: Sendable {
    typealias K = LightVehicleKeys
    public let set: ParameterSet
    let rate: [Yen?]
    let legacyRate: [Yen?]
    let surchargeRate: [Yen?]
    let newRateFrom: YearMonth?
    let surchargeYears: Int?
    let yearOnlyMonth: Int
    let exemptFuels: Set<VehicleFuel>
    let exemptClasses: Set<LightVehicleClass>
    let green: [GreenTier]

    /// One tier of the green special rate as in force that year.
    struct GreenTier: Sendable {
        let name: String
        let amount: [Yen?]
        let fuels: Set<VehicleFuel>
        /// By group (passenger, cargo): the standards, minimum achievement and stars.
        let criteria: [String: (standards: [String], achievement: Int, stars: Int)]
    }

    public init(_ set: ParameterSet) {
        self.set = set
        func yen(_ key: String) -> Yen? { set.has(key) ? set.yen(key) : nil }
        let classes = LightVehicleClass.allCases
        rate = classes.map { yen(K.rate($0)) }
        legacyRate = classes.map { yen(K.legacyRate($0)) }
        surchargeRate = classes.map { yen(K.surchargeRate($0)) }
        newRateFrom = set.date(K.newRateFrom).flatMap { YearMonth(year: $0.year, month: $0.month) }
        surchargeYears = set.has(K.surchargeYears) ? Int(set.count(K.surchargeYears)) : nil
        yearOnlyMonth = set.has(K.surchargeYearOnlyMonth) ? Int(set.count(K.surchargeYearOnlyMonth)) : 12
        exemptFuels = Set(set.names(K.surchargeExemptFuels).compactMap(VehicleFuel.init(rawValue:)))
        exemptClasses = Set(set.names(K.surchargeExemptClasses).compactMap(LightVehicleClass.init(rawValue:)))
        green = K.greenTiers.compactMap { t in
            let amounts = classes.map { yen(K.greenAmount(t, $0)) }
            guard amounts.contains(where: { $0 != nil }) else { return nil }
            var criteria: [String: (standards: [String], achievement: Int, stars: Int)] = [:]
            for g in K.greenGroups where set.has(K.greenAchievement(t, g)) {
                criteria[g] = (set.names(K.greenStandards(t, g)), Int(set.count(K.greenAchievement(t, g))), Int(set.count(K.greenStars(t, g))))
            }
            return GreenTier(name: t, amount: amounts, fuels: Set(set.names(K.greenFuels(t)).compactMap(VehicleFuel.init(rawValue:))), criteria: criteria)
        }
    }

    static func index(_ c: LightVehicleClass) -> Int { LightVehicleClass.allCases.firstIndex(of: c)! }
}
