extension EventType {
    /// The levies' codes in stored order: `Vocabulary.LevyTax`'s. Prefer the enum: a writer
    /// stores `.choice(Vocabulary.LevyTax.residentTax)`, the ledger reads a case.
    public static let taxes = Vocabulary.LevyTax.codes

    func levySchema() -> EventSchema {
        let levyFields = [
            FieldSpec("tax", .choice(Vocabulary.LevyTax.codes), "the levy"),
            FieldSpec("fiscal_year", .integer(1990...2100), "賦課年度"),
            FieldSpec("amount", .yen, "the annual amount levied"),
            FieldSpec("revision_set", .text(maxLength: 64), "hash of the rule base the amount was computed with"),
            FieldSpec("watermark", .integer(0...Int64.max), "the last event sequence number the computation saw"),
            FieldSpec("notice_no", .text(maxLength: 40), required: false, "通知書番号"),
        ]
        // Appended after the fields stored before it (fields are stored by position).
        let dueDate = FieldSpec("due_date", .date, required: false,
                                "法定納期限 of a 申告納付 levy (法人市民税, 事業所税): its one 納期限, from which 延滞金 runs even when the return came late")
        let returnFiled = FieldSpec("return_filed", .date, required: false,
                                    "申告納付: the day the return in force was filed; after the 法定納期限 (期限後申告, 修正申告) the lower 延滞金 rate runs until one month after it (地方税法第321条の12)")
        let fraudForeseen = FieldSpec("fraud_foreseen", .bool, required: false,
                                      "申告納付: the return named is a 修正申告 filed after 偽りその他不正の行為, foreseeing a 更正: its raise has no 除算期間 (地方税法第321条の12第2項)")
        switch self {
        case .levyAssessed:
            return EventSchema("LevyAssessed", .taxpayer, "当初賦課: a levy computed in the annual run and notified.",
                valid: "the day of the notice (通知日)",
                fields: levyFields + [dueDate, returnFiled, fraudForeseen],
                example: ("okz-r-000001", "2025-06-10", #"{"amount":287000,"fiscal_year":2025,"revision_set":"3f1c…","tax":"resident_tax","watermark":1048576}"#))
        case .levyCorrected:
            return EventSchema("LevyCorrected", .taxpayer, "更正賦課: a levy recomputed after new facts; the amount replaces the earlier one.",
                valid: "the day of the correction notice",
                supersedes: "The earlier assessed or corrected amount of the same tax and fiscal year.",
                fields: levyFields + [FieldSpec("reason", .text(maxLength: 80), required: false, "更正の理由"), dueDate, returnFiled, fraudForeseen],
                example: ("okz-r-000001", "2025-09-01", #"{"amount":265400,"fiscal_year":2025,"reason":"所得更正","revision_set":"3f1c…","tax":"resident_tax","watermark":1103220}"#))
        case .paymentReceived:
            return EventSchema("PaymentReceived", .taxpayer, "収納: a payment toward a levy.",
                valid: "the day of payment (領収日)",
                fields: [
                    FieldSpec("tax", .choice(Vocabulary.LevyTax.codes), "the levy paid"),
                    FieldSpec("fiscal_year", .integer(1990...2100), "the levy's fiscal year"),
                    FieldSpec("amount", .yen, "amount paid"),
                    FieldSpec("instalment", .integer(0...12), required: false, "期別 (0 = 随時)"),
                    FieldSpec("kind", .choice(Vocabulary.PaymentKind.codes), required: false,
                              "what is paid: tax (本税, when absent), late_interest (延滞金) or demand_fee (督促手数料)"),
                ],
                example: ("okz-r-000001", "2025-06-30", #"{"amount":72000,"fiscal_year":2025,"instalment":1,"tax":"resident_tax"}"#))
        case .demandNoticeIssued:
            return EventSchema("DemandNoticeIssued", .taxpayer, "督促: a 督促状 sent for an instalment not paid in full by its 納期限 (地方税法第329条 and the like: within 20 days after it).",
                valid: "the day the 督促状 was sent (発付日)",
                fields: [
                    FieldSpec("tax", .choice(Vocabulary.LevyTax.codes), "the levy"),
                    FieldSpec("fiscal_year", .integer(1990...2100), "the levy's fiscal year"),
                    FieldSpec("instalment", .integer(0...12), "期別 demanded (0 = 随時)"),
                    FieldSpec("due_date", .date, "the instalment's 納期限"),
                    FieldSpec("fee", .yen, "督促手数料 charged by this letter (市税条例), 0 where the city charges none"),
                ],
                example: ("okz-r-000001", "2025-07-20", #"{"due_date":"2025-06-30","fee":100,"fiscal_year":2025,"instalment":1,"tax":"resident_tax"}"#))
        case .overpaymentAppropriated:
            return EventSchema("OverpaymentAppropriated", .taxpayer, "充当: part of a levy's 過誤納金 applied to another unpaid levy of the same taxpayer instead of being refunded (地方税法第17条の2).",
                valid: "the day the 充当 was made (充当日)",
                fields: [
                    FieldSpec("tax", .choice(Vocabulary.LevyTax.codes), "the levy overpaid"),
                    FieldSpec("fiscal_year", .integer(1990...2100), "its fiscal year"),
                    FieldSpec("amount", .yen, "the amount applied"),
                    FieldSpec("target_tax", .choice(Vocabulary.LevyTax.codes), "the unpaid levy it pays"),
                    FieldSpec("target_fiscal_year", .integer(1990...2100), "that levy's fiscal year"),
                    FieldSpec("deemed_paid_on", .date, "充当適状日: the unpaid levy counts as paid on this day (its 延滞金 stops there)"),
                    FieldSpec("target_kind", .choice(Vocabulary.PaymentKind.codes), required: false,
                              "what of the unpaid levy it pays: tax (本税, when absent), late_interest (its 延滞金) or demand_fee (its 督促手数料)"),
                    FieldSpec("kind", .choice(Vocabulary.PaymentKind.codes), required: false,
                              "what of the levy was overpaid: tax (本税, when absent), late_interest (its 延滞金) or demand_fee (its 督促手数料)"),
                    FieldSpec("interest", .yen, required: false,
                              "還付加算金 of the amount applied, counted through the 充当適状日 (地方税法第17条の4第1項) and paid to the taxpayer; absent when none (a 充当 recorded before 2026-12-05 never carries it)"),
                ],
                example: ("okz-r-000001", "2026-02-10", #"{"amount":12000,"deemed_paid_on":"2026-01-15","fiscal_year":2025,"target_fiscal_year":2024,"target_tax":"fixed_asset_tax","tax":"resident_tax"}"#))
        case .overpaymentRefunded:
            return EventSchema("OverpaymentRefunded", .taxpayer, "還付: a levy's 過誤納金 paid back to the taxpayer, with its 還付加算金 (地方税法第17条, 第17条の4).",
                valid: "the day the refund was decided (支出決定日)",
                fields: [
                    FieldSpec("tax", .choice(Vocabulary.LevyTax.codes), "the levy overpaid"),
                    FieldSpec("fiscal_year", .integer(1990...2100), "its fiscal year"),
                    FieldSpec("amount", .yen, "the 過誤納金 refunded"),
                    FieldSpec("interest", .yen, "還付加算金 added"),
                    FieldSpec("kind", .choice(Vocabulary.PaymentKind.codes), required: false,
                              "what of the levy was overpaid: tax (本税, when absent), late_interest (its 延滞金) or demand_fee (its 督促手数料)"),
                ],
                example: ("okz-r-000001", "2026-02-10", #"{"amount":8000,"fiscal_year":2025,"interest":0,"tax":"resident_tax"}"#))
        case .revisionAdopted:
            return EventSchema("RevisionAdopted", .rulebase, "A law revision file is put into production: the rule base's own history is part of the event history.",
                valid: "the revision's first effective date",
                fields: [
                    FieldSpec("revision_id", .text(maxLength: 80), "the revision's id in `revisions/`"),
                    FieldSpec("content_hash", .text(maxLength: 64), "SHA-256 of the revision file's bytes"),
                    FieldSpec("status", .choice(Vocabulary.RevisionStatus.codes), "as the file says"),
                ],
                example: ("rulebase", "2024-04-01", #"{"content_hash":"9a0b…","revision_id":"r2024-teigaku-genzei","status":"enacted"}"#))
        case .certificateIssued:
            return EventSchema("CertificateIssued", .resident, "A certificate was issued at the counter: who, when, and its fingerprint.",
                valid: "the day of issue",
                fields: [
                    FieldSpec("kind", .choice(Vocabulary.CertificateKind.codes), "the certificate"),
                    FieldSpec("fiscal_year", .integer(1990...2100), "the fiscal year certified"),
                    FieldSpec("fingerprint", .text(maxLength: 64), "SHA-256 of the canonical content"),
                    FieldSpec("issued_by", .id, "staff id of the issuing clerk"),
                ],
                example: ("okz-r-000001", "2026-05-12", #"{"fingerprint":"e3b0…","fiscal_year":2025,"issued_by":"staff-0042","kind":"income"}"#))
        default:
            fatalError("not a levy event: \(self)")
        }
    }
}
