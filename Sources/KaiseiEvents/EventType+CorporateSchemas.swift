extension EventType {
    /// `Vocabulary.CorporateReturnKind`'s codes, in stored order.
    public static let corporateReturnKinds = Vocabulary.CorporateReturnKind.codes

    /// Corporations are the city's own 宛名 (one subject per city: a corporation with offices in
    /// both cities is a subject in each, linked by its 法人番号). Their 名称 and 所在地 are
    /// `NameRecorded` and `AddressRecorded` like any taxpayer's.
    func corporateSchema() -> EventSchema {
        switch self {
        case .corporationRegistered:
            return EventSchema("CorporationRegistered", .corporation, "法人設立・設置届: a corporation (or a 個人事業者 liable to 事業所税) enters the city's register.",
                valid: "the day the corporation was founded or first had an office in the city",
                fields: [
                    FieldSpec("corporate_number", .text(maxLength: 13), required: false, "法人番号 (13 digits): the same corporation in the other city"),
                    FieldSpec("public_interest", .bool, required: false, "公益法人等 or another corporation without 資本金等の額 (均等割 at the lowest amount, 地方税法第312条第1項第1号)"),
                    FieldSpec("individual", .bool, required: false,
                              "a 個人事業者 liable to 事業所税, not a corporation: no 法人市民税; its 事業所税 is due on 15 March of the next year, or within a month of ending the business (地方税法第701条の47第1項)"),
                ],
                example: ("okz-c-000001", "2015-04-01", #"{"corporate_number":"1180001000001"}"#))
        case .officeOpened:
            return EventSchema("OfficeOpened", .corporation, "事業所等の設置: an office of the corporation in the city (法人市民税's months, 事業所税's floor).",
                valid: "the day the office opened",
                fields: [
                    FieldSpec("office", .text(maxLength: 40), "the office's id within the corporation"),
                    FieldSpec("floor_m2", .area, "事業所用家屋の専用床面積"),
                    FieldSpec("shared_m2", .area, required: false, "the building's 共用部分, shared by its tenants' own floors (第701条の40)"),
                    FieldSpec("all_exclusive_m2", .area, required: false, "every tenant's own floor in the building together (the share's denominator)"),
                    FieldSpec("exempt_m2", .area, required: false, "floor used for 非課税 purposes (第701条の34), its shared share included"),
                    FieldSpec("special_use", .choice(Vocabulary.OfficeSpecialUse.codes), required: false,
                              "the use that earns 課税標準の特例 (第701条の41) for special_m2 of this office"),
                    FieldSpec("special_m2", .area, required: false, "floor put to special_use, its shared share included (the part the 特例 deducts from)"),
                ],
                example: ("okz-c-000001", "2015-04-01", #"{"floor_m2":1200.5,"office":"head"}"#))
        case .officeClosed:
            return EventSchema("OfficeClosed", .corporation, "事業所等の廃止: the office is closed.",
                valid: "the day the office closed",
                supersedes: "The office from the valid date on.",
                fields: [FieldSpec("office", .text(maxLength: 40), "the office's id within the corporation")],
                example: ("okz-c-000001", "2030-09-30", #"{"office":"head"}"#))
        case .corporateReturnFiled:
            return EventSchema("CorporateReturnFiled", .corporation,
                "法人市民税・事業所税の申告: the figures of one 事業年度 as the corporation declared them (予定・中間, 確定 or 修正). One return carries both taxes' figures, filed together.",
                valid: "the day the return was filed",
                supersedes: "An earlier final or amended return of the same 事業年度 (an interim return counts until the final one).",
                fields: [
                    FieldSpec("kind", .choice(Vocabulary.CorporateReturnKind.codes), "interim (予定・中間申告, the first six months), final (確定申告) or amended (修正申告)"),
                    FieldSpec("period_start", .date, "事業年度 start (an individual's 算定期間: the calendar year, or the part of it the business ran)"),
                    FieldSpec("period_end", .date, "事業年度 end"),
                    FieldSpec("capital", .yen, required: false, "資本金等の額 at the period's end (absent for a public_interest corporation or an individual)"),
                    FieldSpec("national_corporate_tax", .yen, "法人税額 of the period (of the six months for an interim return) from the national return; 0 for an individual"),
                    FieldSpec("employees_in_city", .integer(0...10_000_000), "従業者 in the city at the period's end"),
                    FieldSpec("employees_total", .integer(0...10_000_000), required: false, "従業者 in every municipality at the period's end, when the corporation has offices in more than one (分割基準)"),
                    FieldSpec("office_tax_employees", .integer(0...10_000_000), required: false, "従業者 counted for 事業所税's 免税点 (障害者 and those 65 and over left out); absent: employees_in_city"),
                    FieldSpec("payroll", .yen, required: false, "従業者給与総額 of the period in the city (事業所税 従業者割)"),
                    FieldSpec("exempt_payroll", .yen, required: false, "of it, paid for 非課税 work"),
                    FieldSpec("special_use", .choice(Vocabulary.OfficeSpecialUse.codes), required: false,
                              "the use that earns 課税標準の特例 (第701条の41) for special_payroll"),
                    FieldSpec("special_payroll", .yen, required: false, "of the payroll, paid for work in special_use (the part the 特例 deducts from)"),
                    FieldSpec("fraud_foreseen", .bool, required: false,
                              "amended only: filed by a corporation that evaded the tax by 偽りその他不正の行為, foreseeing a 更正 after an investigation — its raise has no 除算期間 (地方税法第321条の12第2項)"),
                    FieldSpec("proprietor_died", .bool, required: false,
                              "individual only: the business ended at period_end with the proprietor's death — the 事業所税 is due within four months, not one (地方税法第701条の47第1項); once said by a final or amended return of the period it holds for the period"),
                    // Appended (2026-12-05): a field's number in the payload is its place here, so new ones go last.
                    FieldSpec("division_employees_in_city", .integer(0...10_000_000), required: false,
                              "分割基準の従業者数 in the city, as the return's 分割基準 declares it when it differs from employees_in_city: an office opened or closed within the period counts its employees by its months (地方税法第321条の13第2項; 京都市 0000173416); absent: employees_in_city"),
                    FieldSpec("division_employees_total", .integer(0...10_000_000), required: false,
                              "分割基準の従業者数 in every municipality, likewise; absent: employees_total"),
                ],
                example: ("okz-c-000001", "2026-05-29", #"{"capital":50000000,"employees_in_city":120,"kind":"final","national_corporate_tax":8400000,"payroll":540000000,"period_end":"2026-03-31","period_start":"2025-04-01"}"#))
        default:
            fatalError("not a corporate event: \(self)")
        }
    }
}
