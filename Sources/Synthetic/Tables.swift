import Foundation

/// The generator's parameters, read from `tools/population/tables.json`: sizes and rates are
/// data, documented with their public sources in docs/population.md.
public struct Tables: Decodable, Sendable {
    public struct City: Decodable, Sendable {
        public let residents_2018: Int
        public let household_size: Double
        public let urbanization_share: Double
        public let farmland_share: Double
    }
    public struct AgeBand: Decodable, Sendable { public let from: Int; public let to: Int; public let share: Double }
    public struct RateFrom: Decodable, Sendable { public let from: Int; public let rate: Double }
    public struct YenFrom: Decodable, Sendable { public let from: Int; public let yen: Int64 }
    public struct Rates: Decodable, Sendable {
        public let birth_per_woman_20_44: Double
        public let death_by_age: [RateFrom]
        public let move_in: Double, move_out: Double, move_within: Double
        public let marriage_per_single_25_39: Double, separation_per_couple: Double
    }
    public struct Income: Decodable, Sendable {
        public let employment_rate_by_age: [RateFrom]
        public let median_salary_by_age: [YenFrom]
        public let salary_spread_percent: Int
        public let part_time_share_women: Double
        public let part_time_salary: Int64
        public let business_share: Double
        public let median_business_income: Int64
        public let median_pension_65: Int64
        public let social_insurance_percent: Int
        public let salary_growth_per_year_permille: Int
        public let correction_share: Double
    }
    public struct Furusato: Decodable, Sendable {
        public let donor_share_2013: Double, donor_share_2027: Double, one_stop_share: Double, lapse_share: Double
        public let max_donations: Int
    }
    public struct Share: Decodable, Sendable { public let share: Double; public let `class`: String? ; public let fuel: String? }
    public struct Vehicles: Decodable, Sendable {
        public let per_resident: Double, new_share_per_year: Double, scrap_share_per_year: Double, transfer_share_per_year: Double
        public let class_mix: [Share]
        public let fuel_mix_new: [Share]
    }
    public struct Property: Decodable, Sendable {
        public let parcels_per_household: Double, buildings_per_household: Double
        public let median_land_value_per_m2: Int64, median_building_value: Int64
        public let vacant_recommendation_share: Double, vacant_withdrawal_share: Double
        public let idle_farmland_share: Double, new_building_share_per_year: Double
        public let co_owned_home_share: Double, private_road_share: Double
        public let transfer_share_per_year: Double, demolition_share_per_year: Double, closure_share_per_year: Double
    }
    public struct Insurance: Decodable, Sendable {
        public let nhi_share: Double, nhi_join_share: Double, nhi_leave_share: Double, job_loss_share_of_joins: Double
        public let pension_first_share_20_59: Double, exemption_share: Double
    }
    public let cities: [String: City]
    public let age_pyramid_2013: [AgeBand]
    public let rates_per_year: Rates
    public let income: Income
    public let furusato: Furusato
    public let vehicles: Vehicles
    public let property: Property
    public let insurance: Insurance

    public static func load(_ url: URL) throws -> Tables {
        try JSONDecoder().decode(Tables.self, from: Data(contentsOf: url))
    }
}

extension Array where Element == Tables.RateFrom {
    func rate(at age: Int) -> Double { last(where: { $0.from <= age })?.rate ?? 0 }
}
extension Array where Element == Tables.YenFrom {
    func yen(at age: Int) -> Int64 { last(where: { $0.from <= age })?.yen ?? 0 }
}
