extension EventType {
    /// 地目 as used for the 固定資産税 base (residential land is whatever carries housing), in
    /// stored order: `Vocabulary.LandCategory`'s codes.
    public static let landCategories = Vocabulary.LandCategory.codes
    static let assessmentYears: ClosedRange<Int64> = 1994...2100

    func propertySchema() -> EventSchema {
        switch self {
        case .landParcelRegistered:
            return EventSchema("LandParcelRegistered", .landParcel, "A land parcel enters the 土地課税台帳.",
                valid: "the day the parcel is registered (分筆, 取得, or migration of an existing record)",
                fields: [
                    FieldSpec("owners", .idList, "所有者; several means co-owned (共有), assessed jointly"),
                    FieldSpec("category", .choice(Vocabulary.LandCategory.codes), "現況地目"),
                    FieldSpec("area_m2", .area, "地積 in m²"),
                    FieldSpec("urbanization_area", .bool, required: false, "in the 市街化区域 (都市計画税 applies)"),
                ],
                example: ("okz-l-000001", "2013-01-01", #"{"area_m2":165.29,"category":"residential","owners":["okz-r-000001"],"urbanization_area":true}"#))
        case .landValued:
            return EventSchema("LandValued", .landParcel, "評価額 of a parcel for a 評価替え (base) year, or a revaluation (価格修正) within the cycle.",
                valid: "the 賦課期日 (1 January) from which the value applies",
                supersedes: "An earlier value for the same assessment year.",
                fields: [
                    FieldSpec("assessment_year", .integer(Self.assessmentYears), "the fiscal year of the 評価替え (2015, 2018, 2021, …) or of the change"),
                    FieldSpec("value", .yen, "評価額"),
                ],
                example: ("okz-l-000001", "2024-01-01", #"{"assessment_year":2024,"value":12400000}"#))
        case .landUseRecorded:
            return EventSchema("LandUseRecorded", .landParcel, "How the parcel is used on 1 January: whether it carries housing (住宅用地) and how many dwellings.",
                valid: "the day the use begins",
                supersedes: "The earlier use from the valid date on.",
                fields: [
                    FieldSpec("use", .choice(Vocabulary.LandUse.codes), "住宅用地 status"),
                    FieldSpec("dwellings", .integer(0...10_000), "住戸数 on the parcel"),
                    FieldSpec("residential_floor_share_percent", .integer(0...100), required: false, "居住部分の割合 for partly residential buildings (sets the 住宅用地率)"),
                    FieldSpec("floors", .integer(1...200), required: false, "階数 of the building, for the 住宅用地率 table"),
                ],
                example: ("okz-l-000001", "2013-01-01", #"{"dwellings":1,"use":"residential"}"#))
        case .propertyOwnershipTransferred:
            return EventSchema("PropertyOwnershipTransferred", .taxpayer, "所有権移転 of a parcel or building (sale, inheritance).",
                valid: "the day the transfer is registered (the owner on 1 January is liable)",
                supersedes: "The earlier owners from the valid date on.",
                fields: [FieldSpec("owners", .idList, "the new owners")],
                example: ("okz-l-000001", "2020-07-15", #"{"owners":["okz-r-000001","okz-r-000002"]}"#))
        case .vacantHouseRecommendationIssued:
            return EventSchema("VacantHouseRecommendationIssued", .landParcel, "勧告 under 空家等対策の推進に関する特別措置法 to the owner of a 特定空家等 (§22②) or 管理不全空家等 (§13②, from FY2024); while it stands on 1 January the 住宅用地特例 does not apply (地方税法第349条の3の2).",
                valid: "the day the 勧告 was issued",
                fields: [
                    FieldSpec("category", .choice(Vocabulary.VacantHouseCategory.codes), "特定空家等 or 管理不全空家等"),
                    FieldSpec("notice_no", .text(maxLength: 40), required: false, "勧告番号"),
                ],
                example: ("okz-l-000001", "2023-10-02", #"{"category":"specified","notice_no":"岡空第12号"}"#))
        case .vacantHouseRecommendationWithdrawn:
            return EventSchema("VacantHouseRecommendationWithdrawn", .landParcel, "The 勧告 is withdrawn (the house repaired or demolished); the 特例 returns from the next 1 January.",
                valid: "the day of withdrawal",
                fields: [FieldSpec("category", .choice(Vocabulary.VacantHouseCategory.codes), "which 勧告")],
                example: ("okz-l-000001", "2024-06-30", #"{"category":"specified"}"#))
        case .idleFarmlandRecommendationIssued:
            return EventSchema("IdleFarmlandRecommendationIssued", .landParcel, "農業委員会の勧告 on 遊休農地 (農地法第36条); from FY2017 the parcel loses the 0.55 correction from the following fiscal year (地方税法附則第17条の3).",
                valid: "the day of the 勧告",
                fields: [FieldSpec("notice_no", .text(maxLength: 40), required: false, "勧告番号")],
                example: ("okz-l-000077", "2018-11-20", #"{"notice_no":"農委第3号"}"#))
        case .idleFarmlandRecommendationWithdrawn:
            return EventSchema("IdleFarmlandRecommendationWithdrawn", .landParcel, "The idle-farmland 勧告 is withdrawn (cultivation resumed).",
                valid: "the day of withdrawal", fields: [],
                example: ("okz-l-000077", "2021-05-01", "{}"))
        case .landParcelClosed:
            return EventSchema("LandParcelClosed", .landParcel, "The parcel leaves the register (合筆, 分筆 into new parcels, public acquisition).",
                valid: "the day of closure",
                fields: [FieldSpec("reason", .choice(Vocabulary.ParcelClosureReason.codes), "why")],
                example: ("okz-l-000001", "2027-02-01", #"{"reason":"divided"}"#))
        case .buildingRegistered:
            return EventSchema("BuildingRegistered", .building, "A building enters the 家屋課税台帳 (新築, 増築, or migration of an existing record).",
                valid: "the day of completion (新築) or registration",
                fields: [
                    FieldSpec("parcel", .id, "the land parcel it stands on"),
                    FieldSpec("owners", .idList, "所有者"),
                    FieldSpec("use", .choice(Vocabulary.BuildingUse.codes), "用途"),
                    FieldSpec("floor_area_m2", .area, "床面積 in m²"),
                    FieldSpec("dwelling_floor_area_m2", .area, required: false, "居住部分の床面積 (mixed use)"),
                    FieldSpec("dwellings", .integer(0...10_000), required: false, "住戸数"),
                    FieldSpec("structure", .choice(Vocabulary.BuildingStructure.codes), "構造"),
                    FieldSpec("storeys", .integer(1...200), required: false, "階数 (3 or more fireproof storeys earn the 5-year 新築減額)"),
                    FieldSpec("newly_built", .bool, "a new construction (新築), eligible for 新築住宅の減額"),
                    FieldSpec("long_life_quality", .bool, required: false, "認定長期優良住宅"),
                ],
                example: ("okz-b-000001", "2022-03-15", #"{"dwellings":1,"floor_area_m2":112.4,"newly_built":true,"owners":["okz-r-000001"],"parcel":"okz-l-000001","structure":"wooden","use":"dwelling"}"#))
        case .buildingValued:
            return EventSchema("BuildingValued", .building, "評価額 of a building for a 評価替え year or after new construction.",
                valid: "the 賦課期日 (1 January) from which the value applies",
                supersedes: "An earlier value for the same assessment year.",
                fields: [
                    FieldSpec("assessment_year", .integer(Self.assessmentYears), "the fiscal year from which the value applies"),
                    FieldSpec("value", .yen, "評価額"),
                ],
                example: ("okz-b-000001", "2023-01-01", #"{"assessment_year":2023,"value":9800000}"#))
        case .buildingDemolished:
            return EventSchema("BuildingDemolished", .building, "滅失: the building is demolished or destroyed.",
                valid: "the day of demolition", fields: [],
                example: ("okz-b-000001", "2040-08-01", "{}"))
        default:
            fatalError("not a property event: \(self)")
        }
    }
}
