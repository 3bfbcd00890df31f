import Testing
import KaiseiCore
import KaiseiEvents
import Law

/// 軽自動車税 (種別割) at every year boundary. Amounts: 八代市 (city.yatsushiro.lg.jp/kiji0036652)
/// and 新潟市 (軽課後の税額, h29/29keiji_1.html); the surcharge start: 松戸市's table
/// (city.matsudo.chiba.jp/.../jukazeiritsu.html), shared/law/levies.md §1.
@Suite("Light vehicle tax: rates, 13-year surcharge, green special rates (地方税法第463条の15, 附則第30条)")
struct LightVehicleTaxTests {
    func tax(_ v: VehicleFacts, _ fy: Int, _ city: City = .okazaki) -> LightVehicleResult {
        LightVehicleTax.assess(v, fiscalYear: fy, LightVehicleParameters(Repo.params(city, fy)), trace: true)
    }
    func car(_ fi: String, _ c: LightVehicleClass = .keiPassengerPrivate, fuel: VehicleFuel = .gasoline, yearOnly: Bool = false) -> VehicleFacts {
        VehicleFacts(vehicleClass: c, firstInspection: YearMonth(iso: fi)!, firstInspectionYearOnly: yearOnly, fuel: fuel)
    }
    func green(_ c: LightVehicleClass, registered: String, fuel: VehicleFuel = .gasoline, standard: String? = nil, percent: Int? = nil, stars: Int = 4) -> VehicleFacts {
        let d = date(registered)
        return VehicleFacts(vehicleClass: c, firstInspection: YearMonth(year: d.year, month: d.month), fuel: fuel, emissionStars: stars,
                            fuelEconomyStandard: standard, fuelEconomyAchievementPercent: percent, registeredNewOn: d)
    }

    @Test("class and fuel names are the event vocabulary's")
    func vocabulary() {
        #expect(LightVehicleClass.allCases.map(\.rawValue) == EventType.lightVehicleClasses)
        #expect(VehicleFuel.allCases.map(\.rawValue) == EventType.fuels)
    }

    @Test("FY2014: old rates for all; FY2015: four-wheelers first inspected from April 2015 pay 10,800 (平成26年法律第4号)")
    func rateSplit() {
        #expect(tax(car("2010-05"), 2014).amount == Yen(7_200))
        #expect(tax(car("2015-03"), 2015).amount == Yen(7_200))
        #expect(tax(car("2015-03"), 2015).basis == .legacy)
        #expect(tax(car("2015-04"), 2015).amount == Yen(10_800))
        #expect(tax(car("2015-04", .keiCargoPrivate), 2015).amount == Yen(5_000))
        #expect(tax(car("2015-04", .keiCargoBusiness), 2016).amount == Yen(3_800))
        #expect(tax(car("2015-04", .keiThreeWheel), 2016).amount == Yen(3_900))
        #expect(tax(car("2015-04", .keiPassengerBusiness), 2016).amount == Yen(6_900))
        #expect(tax(car("2014-12", .keiPassengerBusiness), 2016).amount == Yen(5_500))
    }

    @Test("motorcycles and mopeds: old rates through FY2015, new from FY2016 (平成27年法律第2号)")
    func motorcycles() {
        let expected: [(LightVehicleClass, Int64, Int64)] = [
            (.moped50, 1_000, 2_000), (.moped90, 1_200, 2_000), (.moped125, 1_600, 2_400), (.minicar, 2_500, 3_700),
            (.keiMotorcycle, 2_400, 3_600), (.smallMotorcycle, 4_000, 6_000),
            (.smallSpecialAgricultural, 1_600, 2_400), (.smallSpecialOther, 4_700, 5_900), (.keiTrailer, 2_400, 3_600),
        ]
        for (c, old, new) in expected {
            #expect(tax(VehicleFacts(vehicleClass: c), 2015).amount == Yen(old), "\(c) FY2015")
            #expect(tax(VehicleFacts(vehicleClass: c), 2016).amount == Yen(new), "\(c) FY2016")
            #expect(tax(VehicleFacts(vehicleClass: c), 2027, .toyohashi).amount == Yen(new), "\(c) FY2027")
        }
    }

    @Test("経年重課 starts the fiscal year after 13 years pass (松戸市: 〜H14.12 → FY2016, H16.4–H17.3 → FY2018, H22.4–H23.3 → FY2024)")
    func surchargeStart() {
        #expect(tax(car("2002-12"), 2015).amount == Yen(7_200))            // no surcharge before FY2016
        #expect(tax(car("2002-12"), 2016).amount == Yen(12_900))
        #expect(tax(car("2004-03"), 2016).amount == Yen(7_200))
        #expect(tax(car("2004-03"), 2017).amount == Yen(12_900))
        #expect(tax(car("2004-04"), 2017).amount == Yen(7_200))
        #expect(tax(car("2004-04"), 2018).amount == Yen(12_900))
        #expect(tax(car("2010-04"), 2023).amount == Yen(7_200))
        #expect(tax(car("2010-04"), 2024).amount == Yen(12_900))
        #expect(tax(car("2011-03"), 2024).amount == Yen(12_900))
        #expect(tax(car("2011-04"), 2024).amount == Yen(7_200))
        #expect(tax(car("2000-06", .keiCargoPrivate), 2016).amount == Yen(6_000))
        #expect(tax(car("2000-06", .keiCargoBusiness), 2016).amount == Yen(4_500))
        #expect(tax(car("2000-06", .keiPassengerBusiness), 2016).amount == Yen(8_200))
        #expect(tax(car("2000-06", .keiThreeWheel), 2016).amount == Yen(4_600))
        #expect(tax(car("2002-12"), 2016).steps.last?.revision == "lv-rates-fy2016")
    }

    @Test("a 車検証 showing only the year (before October 2003) counts as December: 2003 → FY2017, not FY2016")
    func yearOnly() {
        #expect(tax(car("2003-02"), 2016).amount == Yen(12_900))                  // month known: 2016-02 is in FY2015
        #expect(tax(car("2003-02", yearOnly: true), 2016).amount == Yen(7_200))   // counts as 2003-12
        #expect(tax(car("2003-02", yearOnly: true), 2017).amount == Yen(12_900))
    }

    @Test("electric, natural gas, methanol and hybrid vehicles are exempt from the surcharge")
    func surchargeExempt() {
        for fuel in [VehicleFuel.electric, .naturalGas, .methanol, .gasolineHybrid] {
            #expect(tax(car("2000-01", fuel: fuel), 2020).amount == Yen(7_200), "\(fuel)")
        }
        #expect(tax(car("2000-01", fuel: .diesel), 2020).amount == Yen(12_900))
    }

    @Test("green special rate FY2016–FY2017: 乗用 ★4 and R2+20% → 50% (5,400), R2 met → 25% (8,100); only the year after registration")
    func greenFY2017() {
        #expect(tax(green(.keiPassengerPrivate, registered: "2016-05-10", standard: "R2", percent: 125), 2017).amount == Yen(5_400))
        #expect(tax(green(.keiPassengerPrivate, registered: "2016-05-10", standard: "R2", percent: 125), 2018).amount == Yen(10_800))
        #expect(tax(green(.keiPassengerPrivate, registered: "2016-05-10", standard: "R2", percent: 105), 2017).amount == Yen(8_100))
        #expect(tax(green(.keiPassengerPrivate, registered: "2016-05-10", standard: "R2", percent: 125, stars: 3), 2017).amount == Yen(10_800))
        #expect(tax(green(.keiCargoPrivate, registered: "2016-06-01", standard: "H27", percent: 140), 2017).amount == Yen(2_500))
        #expect(tax(green(.keiCargoBusiness, registered: "2016-06-01", standard: "H27", percent: 120), 2017).amount == Yen(2_900))
        #expect(tax(green(.keiPassengerPrivate, registered: "2016-05-10", fuel: .electric), 2017).amount == Yen(2_700))
        #expect(tax(green(.keiPassengerPrivate, registered: "2016-05-10", standard: "R2", percent: 125), 2017).basis == .green50)
    }

    @Test("green special rate FY2018–FY2021: the 乗用 thresholds rise to R2+30% (50%) and R2+10% (25%)")
    func greenFY2018() {
        #expect(tax(green(.keiPassengerPrivate, registered: "2017-05-10", standard: "R2", percent: 125), 2018).amount == Yen(8_100))
        #expect(tax(green(.keiPassengerPrivate, registered: "2017-05-10", standard: "R2", percent: 130), 2018).amount == Yen(5_400))
        #expect(tax(green(.keiPassengerPrivate, registered: "2020-05-10", standard: "R2", percent: 105), 2021).amount == Yen(10_800))
        #expect(tax(green(.keiPassengerBusiness, registered: "2020-05-10", standard: "R2", percent: 115), 2021).amount == Yen(5_200))
    }

    @Test("from FY2022 the 50%/25% tiers cover only 営業用乗用 meeting R12 90%/70%; 25% ends after FY2025; FY2027 keeps only 電気・天然ガス")
    func greenFY2022On() {
        #expect(tax(green(.keiPassengerPrivate, registered: "2021-06-01", standard: "R12", percent: 95), 2022).amount == Yen(10_800))
        #expect(tax(green(.keiPassengerBusiness, registered: "2021-06-01", standard: "R12", percent: 95), 2022).amount == Yen(3_500))
        #expect(tax(green(.keiPassengerBusiness, registered: "2022-06-01", standard: "R12", percent: 75), 2023).amount == Yen(5_200))
        #expect(tax(green(.keiPassengerBusiness, registered: "2024-06-01", standard: "R12", percent: 75), 2025).amount == Yen(5_200))
        #expect(tax(green(.keiPassengerBusiness, registered: "2025-06-01", standard: "R12", percent: 75), 2026).amount == Yen(6_900))
        #expect(tax(green(.keiPassengerBusiness, registered: "2025-06-01", standard: "R12", percent: 95), 2026).amount == Yen(3_500))
        #expect(tax(green(.keiPassengerBusiness, registered: "2026-06-01", standard: "R12", percent: 95), 2027).amount == Yen(6_900))
        #expect(tax(green(.keiPassengerBusiness, registered: "2026-06-01", fuel: .electric), 2027).amount == Yen(1_800))
        #expect(tax(green(.keiCargoPrivate, registered: "2022-06-01", fuel: .naturalGas), 2023, .toyohashi).amount == Yen(1_300))
        #expect(tax(green(.keiCargoPrivate, registered: "2022-06-01", standard: "H27", percent: 140), 2023).amount == Yen(5_000))
    }

    @Test("a used vehicle gets no green special rate")
    func used() {
        var v = green(.keiPassengerPrivate, registered: "2021-06-01", fuel: .electric)
        v.registeredNewOn = nil
        #expect(tax(v, 2022).amount == Yen(10_800))
    }
}
