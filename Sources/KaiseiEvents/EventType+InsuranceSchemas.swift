extension EventType {
    func insuranceSchema() -> EventSchema {
        switch self {
        case .nhiMembershipStarted:
            return EventSchema("NhiMembershipStarted", .resident, "国民健康保険 資格取得: the person becomes a member of the city's NHI in a household.",
                valid: "the day eligibility starts (the levy runs from that month)",
                fields: [
                    FieldSpec("household", .id, "the NHI household (its head pays)"),
                    FieldSpec("reason", .choice(Vocabulary.NhiEntryReason.codes), "資格取得事由"),
                ],
                example: ("okz-r-000001", "2024-07-16", #"{"household":"okz-h-000001","reason":"left_employee_insurance"}"#))
        case .nhiMembershipEnded:
            return EventSchema("NhiMembershipEnded", .resident, "国民健康保険 資格喪失.",
                valid: "the day eligibility ends (the levy runs to the month before it)",
                fields: [FieldSpec("reason", .choice(Vocabulary.NhiExitReason.codes), "資格喪失事由 (75th birthday → 後期高齢者医療)")],
                example: ("okz-r-000001", "2025-04-01", #"{"reason":"joined_employee_insurance"}"#))
        case .involuntaryUnemploymentRecorded:
            return EventSchema("InvoluntaryUnemploymentRecorded", .resident, "非自発的失業者 軽減: salary income counts at 30/100 from the month after leaving to the end of the next fiscal year (国民健康保険法施行令).",
                valid: "the day the person left the job (離職日)",
                fields: [
                    FieldSpec("left_job_on", .date, "離職年月日"),
                    FieldSpec("reason_code", .choice(Vocabulary.JobLossReasonCode.codes), "雇用保険受給資格者証の離職理由コード (特定受給資格者 11–32, 特定理由離職者 23, 33, 34)"),
                ],
                example: ("okz-r-000001", "2024-07-15", #"{"left_job_on":"2024-07-15","reason_code":"11"}"#))
        case .maternityPeriodRecorded:
            return EventSchema("MaternityPeriodRecorded", .resident, "産前産後 期間の届出: the NHI 所得割 and 均等割 are waived for the months around delivery (from January 2024).",
                valid: "the day the notification was made",
                fields: [
                    FieldSpec("expected_delivery", .date, "出産予定日 (or the delivery date)"),
                    FieldSpec("multiple_birth", .bool, required: false, "多胎妊娠 (3 months before, 6 months in all)"),
                ],
                example: ("okz-r-000002", "2024-05-01", #"{"expected_delivery":"2024-08-20","multiple_birth":false}"#))
        case .nationalPensionEnrolled:
            return EventSchema("NationalPensionEnrolled", .resident, "国民年金 第1号被保険者 資格取得.",
                valid: "the day of enrolment",
                fields: [FieldSpec("reason", .choice(Vocabulary.PensionEnrolmentReason.codes), "取得事由")],
                example: ("okz-r-000009", "2023-05-10", #"{"reason":"turned_20"}"#))
        case .nationalPensionLost:
            return EventSchema("NationalPensionLost", .resident, "国民年金 第1号被保険者 資格喪失.",
                valid: "the day the status ends",
                fields: [FieldSpec("reason", .choice(Vocabulary.PensionLossReason.codes), "喪失事由")],
                example: ("okz-r-000009", "2026-04-01", #"{"reason":"employment"}"#))
        case .pensionExemptionApplied:
            return EventSchema("PensionExemptionApplied", .resident, "保険料免除・納付猶予 / 学生納付特例 申請.",
                valid: "the day of application",
                fields: [
                    FieldSpec("fiscal_year", .integer(1990...2100), "the fiscal year (July–June period starts in it) applied for"),
                    FieldSpec("kind", .choice(Vocabulary.PensionExemptionKind.codes), "全額・4分の3・半額・4分の1免除 or 学生納付特例"),
                ],
                example: ("okz-r-000009", "2023-06-01", #"{"fiscal_year":2023,"kind":"student"}"#))
        case .pensionExemptionDecided:
            return EventSchema("PensionExemptionDecided", .resident, "The decision on an exemption application (日本年金機構).",
                valid: "the day of decision",
                supersedes: "An earlier decision for the same fiscal year.",
                fields: [
                    FieldSpec("fiscal_year", .integer(1990...2100), "the fiscal year decided"),
                    FieldSpec("kind", .choice(Vocabulary.PensionExemptionKind.codes), "the exemption granted or refused"),
                    FieldSpec("approved", .bool, "承認 or 却下"),
                ],
                example: ("okz-r-000009", "2023-07-20", #"{"approved":true,"fiscal_year":2023,"kind":"student"}"#))
        default:
            fatalError("not an insurance event: \(self)")
        }
    }
}
