extension EventType {
    /// 軽自動車税 classes (地方税法第463条の15), in stored order: `Vocabulary.LightVehicleClass`'s codes.
    public static let lightVehicleClasses = Vocabulary.LightVehicleClass.codes
    /// `Vocabulary.VehicleFuel`'s codes, in stored order.
    public static let fuels = Vocabulary.VehicleFuel.codes
    /// `Vocabulary.FuelEconomyStandard`'s codes, in stored order.
    public static let fuelEconomyStandards = Vocabulary.FuelEconomyStandard.codes

    func vehicleSchema() -> EventSchema {
        switch self {
        case .lightVehicleRegistered:
            return EventSchema("LightVehicleRegistered", .vehicle, "A light vehicle or motorcycle is registered (新規登録 or 転入) to an owner in the city.",
                valid: "the day of registration",
                fields: [
                    FieldSpec("owner", .id, "the taxpayer (所有者, or 使用者 under a retention-of-title sale)"),
                    FieldSpec("class", .choice(Vocabulary.LightVehicleClass.codes), "車種区分"),
                    FieldSpec("first_inspection", .yearMonth, required: false, "初度検査年月 (three- and four-wheelers)"),
                    FieldSpec("first_inspection_year_only", .bool, required: false, "only the year of first inspection is known (before October 2003): the month counts as December"),
                    FieldSpec("fuel", .choice(Vocabulary.VehicleFuel.codes), "燃料の種類"),
                    FieldSpec("emission_stars", .integer(0...4), required: false, "排出ガス性能 (★ count; 4 = 平成30年基準50%低減 or 平成17年基準75%低減)"),
                    FieldSpec("fuel_economy_standard", .choice(Vocabulary.FuelEconomyStandard.codes), required: false, "燃費基準 the achievement is measured against"),
                    FieldSpec("fuel_economy_achievement_percent", .integer(0...400), required: false, "燃費基準達成率 (%)"),
                    FieldSpec("new_vehicle", .bool, "新車 (first registration ever) rather than a used vehicle"),
                    FieldSpec("plate", .text(maxLength: 20), required: false, "標識番号"),
                ],
                example: ("okz-v-000001", "2023-05-20", #"{"class":"kei_passenger_private","emission_stars":4,"first_inspection":"2023-05","fuel":"gasoline","fuel_economy_achievement_percent":110,"fuel_economy_standard":"R2","new_vehicle":true,"owner":"okz-r-000001"}"#))
        case .lightVehicleTransferred:
            return EventSchema("LightVehicleTransferred", .vehicle, "名義変更: the vehicle passes to another owner within the city.",
                valid: "the day of the transfer",
                supersedes: "The earlier owner from the valid date on.",
                fields: [FieldSpec("new_owner", .id, "the new taxpayer")],
                example: ("okz-v-000001", "2026-02-10", #"{"new_owner":"okz-r-000002"}"#))
        case .lightVehicleDeregistered:
            return EventSchema("LightVehicleDeregistered", .vehicle, "廃車: the vehicle leaves the register (scrapped, exported, moved out, stolen).",
                valid: "the day of deregistration",
                fields: [FieldSpec("reason", .choice(Vocabulary.VehicleDeregistrationReason.codes), "why")],
                example: ("okz-v-000001", "2030-03-25", #"{"reason":"scrapped"}"#))
        default:
            fatalError("not a vehicle event: \(self)")
        }
    }
}
