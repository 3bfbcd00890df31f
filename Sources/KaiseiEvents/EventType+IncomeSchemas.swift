extension EventType {
    static let incomeYears: ClosedRange<Int64> = 1990...2100

    func incomeSchema() -> EventSchema {
        switch self {
        case .incomeDeclared:
            return EventSchema("IncomeDeclared", .resident, "An income for a calendar income year, as declared on a 給与支払報告書, 確定申告 or 住民税申告. Amounts are gross receipts except `business_income` and `other_income`, which are incomes (所得).",
                valid: "the day the declaration was made or received (the amounts belong to `income_year`)",
                supersedes: "An earlier declaration from a source of equal or lower precedence for the same income year (確定申告 > 住民税申告 > 給与支払報告書).",
                fields: [
                    FieldSpec("income_year", .integer(Self.incomeYears), "the calendar year the income was earned (FY − 1)"),
                    FieldSpec("source", .choice(Vocabulary.IncomeSource.codes), "給与支払報告書, 確定申告 or 住民税申告"),
                    FieldSpec("salary", .yen, required: false, "給与収入 (gross)"),
                    FieldSpec("pension", .yen, required: false, "公的年金等の収入 (gross)"),
                    FieldSpec("business_income", .signedYen, required: false, "事業所得 (may be a loss)"),
                    FieldSpec("other_income", .signedYen, required: false, "other 総合課税 income (雑所得 other than pensions, 不動産所得, …) as an income"),
                ],
                example: ("okz-r-000001", "2025-01-31", #"{"income_year":2024,"salary":6050000,"source":"salary_report"}"#))
        case .incomeCorrected:
            return EventSchema("IncomeCorrected", .resident, "更正: the income of an income year is corrected after assessment (late 確定申告, 税務署 notice, audit).",
                valid: "the day the correction was decided (the amounts belong to `income_year`)",
                supersedes: "Every earlier declaration and correction for the same income year, entirely.",
                fields: [
                    FieldSpec("income_year", .integer(Self.incomeYears), "the income year corrected"),
                    FieldSpec("salary", .yen, required: false, "給与収入 (gross)"),
                    FieldSpec("pension", .yen, required: false, "公的年金等の収入 (gross)"),
                    FieldSpec("business_income", .signedYen, required: false, "事業所得"),
                    FieldSpec("other_income", .signedYen, required: false, "other income (所得)"),
                    FieldSpec("reason", .text(maxLength: 80), required: false, "更正の理由"),
                ],
                example: ("okz-r-000001", "2022-05-20", #"{"income_year":2019,"reason":"税務署からの更正通知","salary":5200000}"#))
        case .deductionsDeclared:
            return EventSchema("DeductionsDeclared", .resident, "所得控除 amounts declared for an income year (already computed as deductions, except where noted).",
                valid: "the day the declaration was made",
                supersedes: "The earlier declaration for the same income year, entirely.",
                fields: [
                    FieldSpec("income_year", .integer(Self.incomeYears), "the income year"),
                    FieldSpec("social_insurance", .yen, required: false, "社会保険料控除"),
                    FieldSpec("life_insurance", .yen, required: false, "生命保険料控除 (resident-tax amount)"),
                    FieldSpec("earthquake_insurance", .yen, required: false, "地震保険料控除 (resident-tax amount)"),
                    FieldSpec("medical", .yen, required: false, "医療費控除"),
                    FieldSpec("other", .yen, required: false, "other 所得控除 (雑損控除, 小規模企業共済等掛金控除, …)"),
                ],
                example: ("okz-r-000001", "2025-01-31", #"{"income_year":2024,"life_insurance":28000,"social_insurance":236930}"#))
        case .furusatoDonationMade:
            return EventSchema("FurusatoDonationMade", .resident, "ふるさと納税: a donation to a municipality (寄附金税額控除, 地方税法第37条の2・第314条の7).",
                valid: "the day of the donation (it counts for the income year it falls in)",
                fields: [
                    FieldSpec("amount", .yen, "the donation"),
                    FieldSpec("receiving_municipality", .text(maxLength: 40), "寄附先 (prefecture or municipality)"),
                    FieldSpec("one_stop", .bool, "whether a 寄附金税額控除に係る申告特例申請書 (one-stop) was filed"),
                ],
                example: ("okz-r-000001", "2024-08-01", #"{"amount":30000,"one_stop":true,"receiving_municipality":"北海道紋別市"}"#))
        case .oneStopExceptionLapsed:
            return EventSchema("OneStopExceptionLapsed", .resident, "The one-stop 申告特例 for an income year no longer applies: a 確定申告 or 住民税申告 was filed, or donations went to more than five municipalities.",
                valid: "the day the lapse became known (the filing date)",
                supersedes: "The one-stop applications of that income year: the donations are then taken from the return.",
                fields: [
                    FieldSpec("income_year", .integer(Self.incomeYears), "the income year whose one-stop applications lapse"),
                    FieldSpec("reason", .choice(Vocabulary.OneStopLapseReason.codes), "why"),
                ],
                example: ("okz-r-000001", "2025-03-10", #"{"income_year":2024,"reason":"final_return_filed"}"#))
        default:
            fatalError("not an income event: \(self)")
        }
    }
}
