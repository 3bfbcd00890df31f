extension EventType {
    /// 宛名: the name and address every certificate and notice prints. They are events like any
    /// other, so a certificate regenerated as known at a past date prints the name known then.
    func registerSchema() -> EventSchema {
        switch self {
        case .nameRecorded:
            return EventSchema("NameRecorded", .taxpayer, "氏名 (or a corporation's 名称): the name in kanji and kana, as the register holds it.",
                valid: "the day the name takes effect (birth, move-in, marriage registration)",
                supersedes: "The earlier name from the valid date on; the old name stays in the history.",
                fields: [
                    FieldSpec("name", .text(maxLength: 60), "氏名 or 名称, surname and given name separated by a full-width space"),
                    FieldSpec("kana", .text(maxLength: 80), "フリガナ in full-width katakana, separated the same way"),
                    FieldSpec("reason", .choice(Vocabulary.NameReason.codes), required: false, "why it was recorded"),
                ],
                example: ("okz-r-000001", "2013-04-01", #"{"kana":"オカザキ　タロウ","name":"岡崎　太郎","reason":"registration"}"#))
        case .addressRecorded:
            return EventSchema("AddressRecorded", .taxpayer, "住所 within the city: 町名, 番地 and building, where notices are sent.",
                valid: "the day the subject starts living (or having its office) there",
                supersedes: "The earlier address from the valid date on.",
                fields: [
                    FieldSpec("town", .text(maxLength: 40), "町名 (丁目 included)"),
                    FieldSpec("block", .text(maxLength: 40), "番地 (番・号)"),
                    FieldSpec("building", .text(maxLength: 60), required: false, "建物名・部屋番号"),
                    FieldSpec("postal_code", .text(maxLength: 8), required: false, "郵便番号 NNN-NNNN"),
                ],
                example: ("okz-r-000001", "2016-09-15", #"{"block":"1番地2","postal_code":"444-0052","town":"康生町"}"#))
        default:
            fatalError("not a register event: \(self)")
        }
    }

    /// Staff accounts are events too, so who could look at what on a given day is history that
    /// can be replayed, not a table that was edited.
    func staffSchema() -> EventSchema {
        switch self {
        case .staffAccountAdded:
            return EventSchema("StaffAccountAdded", .staff, "A staff account of one city, with its role and password hash.",
                valid: "the day the account starts",
                supersedes: "An earlier account of the same user (re-enabled with this role and password).",
                fields: [
                    FieldSpec("user", .id, "the login name"),
                    FieldSpec("role", .choice(Vocabulary.StaffRole.codes), "clerk, analyst, auditor or admin"),
                    FieldSpec("password_hash", .text(maxLength: 100), "bcrypt hash ($2b$, salted, cost ≥ 10); never the password"),
                    FieldSpec("added_by", .id, required: false, "the admin (or operator) who added it"),
                ],
                example: ("okz-s-tanaka", "2026-04-01", #"{"added_by":"operator","password_hash":"$2b$12$…","role":"clerk","user":"tanaka"}"#))
        case .staffAccountDisabled:
            return EventSchema("StaffAccountDisabled", .staff, "The account can no longer log in; its sessions end.",
                valid: "the day it is disabled",
                fields: [FieldSpec("by", .id, required: false, "who disabled it")],
                example: ("okz-s-tanaka", "2027-03-31", #"{"by":"operator"}"#))
        case .staffPasswordReset:
            return EventSchema("StaffPasswordReset", .staff, "A new password hash for the account; its sessions end.",
                valid: "the day of the reset",
                supersedes: "The earlier password hash.",
                fields: [
                    FieldSpec("password_hash", .text(maxLength: 100), "bcrypt hash of the new password"),
                    FieldSpec("by", .id, required: false, "who reset it"),
                ],
                example: ("okz-s-tanaka", "2026-10-01", #"{"by":"operator","password_hash":"$2b$12$…"}"#))
        default:
            fatalError("not a staff event: \(self)")
        }
    }
}
