extension EventType {
    func residentSchema() -> EventSchema {
        switch self {
        case .residentRegistered:
            return EventSchema("ResidentRegistered", .resident, "住民登録: a person enters the city's basic resident register by birth, move-in, or migration of an existing record.",
                valid: "the day of birth or move-in (for `existing`, the day the record was already valid)",
                fields: [
                    FieldSpec("reason", .choice(Vocabulary.RegistrationReason.codes), "how the person came onto the register"),
                    FieldSpec("birth_date", .date, "date of birth (ages are counted from it as 年齢計算ニ関スル法律 says)"),
                    FieldSpec("household", .id, "the household (世帯) the person belongs to"),
                    FieldSpec("relationship_to_head", .choice(Vocabulary.RelationshipToHead.codes), required: false, "続柄 to the head of household"),
                    FieldSpec("sex", .choice(Vocabulary.Sex.codes), required: false, "as registered"),
                    FieldSpec("previous_municipality", .text(maxLength: 40), required: false, "転入元 for a move-in"),
                ],
                example: ("okz-r-000001", "2013-04-01", #"{"birth_date":"1980-04-02","household":"okz-h-000001","reason":"existing","relationship_to_head":"head","sex":"male"}"#))
        case .residentMovedWithinCity:
            return EventSchema("ResidentMovedWithinCity", .resident, "転居: the person moves to another address in the same city.",
                valid: "the day of the move",
                supersedes: "The earlier household and district from the valid date on.",
                fields: [
                    FieldSpec("household", .id, "the household after the move"),
                    FieldSpec("relationship_to_head", .choice(Vocabulary.RelationshipToHead.codes), required: false, "続柄 in that household"),
                    FieldSpec("district", .text(maxLength: 40), required: false, "町名 or school district, for statistics"),
                ],
                example: ("okz-r-000001", "2016-09-15", #"{"district":"康生町","household":"okz-h-000420","relationship_to_head":"head"}"#))
        case .residentMovedOut:
            return EventSchema("ResidentMovedOut", .resident, "転出: the person leaves the city. Resident tax stays with the city where they lived on 1 January.",
                valid: "the day of moving out",
                fields: [FieldSpec("destination", .text(maxLength: 40), required: false, "転出先 municipality")],
                example: ("okz-r-000001", "2021-03-31", #"{"destination":"名古屋市"}"#))
        case .residentDied:
            return EventSchema("ResidentDied", .resident, "死亡: the person dies; the record closes.",
                valid: "the day of death", fields: [],
                example: ("okz-r-000001", "2025-11-02", "{}"))
        case .residentHouseholdChanged:
            return EventSchema("ResidentHouseholdChanged", .resident, "世帯変更 without moving: 世帯分離, 世帯合併, marriage into a household.",
                valid: "the day of the change",
                supersedes: "The earlier household and 続柄 from the valid date on.",
                fields: [
                    FieldSpec("household", .id, "the new household"),
                    FieldSpec("relationship_to_head", .choice(Vocabulary.RelationshipToHead.codes), "続柄 in the new household"),
                ],
                example: ("okz-r-000002", "2018-06-01", #"{"household":"okz-h-000001","relationship_to_head":"spouse"}"#))
        case .householdHeadDesignated:
            return EventSchema("HouseholdHeadDesignated", .household, "世帯主: who heads the household (the NHI levy payer, even when not a member).",
                valid: "the day the person becomes head",
                supersedes: "The earlier head from the valid date on.",
                fields: [FieldSpec("head", .id, "the resident who is head of household")],
                example: ("okz-h-000001", "2013-04-01", #"{"head":"okz-r-000001"}"#))
        case .relationshipStarted:
            return EventSchema("RelationshipStarted", .resident, "A relationship that matters for deductions begins: marriage (spouse) or a dependant (扶養親族) supported by this person.",
                valid: "the day the relationship begins (marriage registration, start of support)",
                fields: [
                    FieldSpec("kind", .choice(Vocabulary.RelationshipKind.codes), "配偶者 or 扶養親族"),
                    FieldSpec("other", .id, "the spouse or the dependant"),
                    FieldSpec("cohabiting", .bool, required: false, "同居 (matters for 同居老親 and 同居特別障害者)"),
                ],
                example: ("okz-r-000001", "2008-10-10", #"{"cohabiting":true,"kind":"spouse","other":"okz-r-000002"}"#))
        case .relationshipEnded:
            return EventSchema("RelationshipEnded", .resident, "A spouse or dependant relationship ends (divorce, death, independence).",
                valid: "the day it ends",
                fields: [
                    FieldSpec("kind", .choice(Vocabulary.RelationshipKind.codes), "配偶者 or 扶養親族"),
                    FieldSpec("other", .id, "the former spouse or dependant"),
                    FieldSpec("reason", .choice(Vocabulary.RelationshipEndReason.codes), required: false, "why it ended"),
                ],
                example: ("okz-r-000001", "2022-03-31", #"{"kind":"dependant","other":"okz-r-000003","reason":"independence"}"#))
        case .disabilityStatusRecorded:
            return EventSchema("DisabilityStatusRecorded", .resident, "障害者 status for 障害者控除 and 非課税: none, 一般 or 特別 (特別障害者).",
                valid: "the day the certificate (手帳) takes effect or lapses",
                supersedes: "Any earlier status from the valid date on; `none` ends it.",
                fields: [FieldSpec("status", .choice(Vocabulary.DisabilityStatus.codes), "障害の程度")],
                example: ("okz-r-000005", "2019-07-01", #"{"status":"special"}"#))
        case .familyStatusRecorded:
            return EventSchema("FamilyStatusRecorded", .resident, "寡婦 / ひとり親 status (and the pre-FY2021 寡夫, 特別寡婦) for deductions and 非課税.",
                valid: "the day the status begins or ends",
                supersedes: "Any earlier status from the valid date on; `none` ends it.",
                fields: [FieldSpec("status", .choice(Vocabulary.FamilyStatus.codes), "as the taxpayer declares it")],
                example: ("okz-r-000007", "2020-12-31", #"{"status":"single_parent"}"#))
        case .workingStudentStatusRecorded:
            return EventSchema("WorkingStudentStatusRecorded", .resident, "勤労学生 status for the 勤労学生控除.",
                valid: "the day the status begins or ends",
                supersedes: "Any earlier status from the valid date on.",
                fields: [FieldSpec("working_student", .bool, "whether the person is a 勤労学生")],
                example: ("okz-r-000009", "2023-04-01", #"{"working_student":true}"#))
        default:
            fatalError("not a resident event: \(self)")
        }
    }
}
