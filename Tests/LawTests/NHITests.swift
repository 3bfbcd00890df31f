import Testing
import KaiseiCore
import Law

/// 国民健康保険料 (岡崎市). Rates: 岡崎市 p001846 (FY2022, FY2023 [V]; FY2021 derived from the
/// FY2022 deltas); caps and 軽減判定所得 from levies.md §3d–§3e. Each case is worked by hand in
/// its comment: 所得割 = (総所得金額等 − 43万) × rate × months/12, 均等割 and 平等割 by months,
/// 軽減 on 均等割 and 平等割, each part capped and rounded down to 100 yen.
@Suite("National Health Insurance: parts, months, 軽減, caps (国民健康保険法第76条, 施行令第29条の7)")
struct NHITests {
    func nhi(_ h: NHIHousehold, _ fy: Int, _ city: City = .okazaki) -> NHIResult { NHI.assess(h, fiscalYear: fy, Repo.params(city, fy), trace: true) }
    func person(_ birth: String, salary: Int64 = 0, pension: Int64 = 0, business: Int64 = 0, months: UInt16 = 0xFFF) -> NHIPerson {
        NHIPerson(birthDate: date(birth), income: IncomeFacts(salary: Yen(salary), pension: Yen(pension), business: Yen(business)), months: months)
    }

    @Test("FY2023, one member aged 45 with salary 3,000,000: 医療 160,900, 支援 65,800, 介護 59,500")
    func single() {
        // 給与所得 3,000,000 − (30% + 80,000) = 2,020,000; base 1,590,000; no 軽減 (> 43万 + 53.5万).
        // 医療 107,166 + 26,130 + 27,620 = 160,916; 支援 44,361 + 10,450 + 11,050 = 65,861; 介護 40,386 + 10,880 + 8,290 = 59,556.
        let r = nhi(NHIHousehold(members: [person("1978-06-01", salary: 3_000_000)]), 2023)
        #expect(r.reductionLevel == 0)
        #expect(r.part("medical")?.amount == Yen(160_900))
        #expect(r.part("support")?.amount == Yen(65_800))
        #expect(r.part("care")?.amount == Yen(59_500))
        #expect(r.total == Yen(286_200))
        #expect(r.steps.contains { $0.revision == "nhi-rates-fy2023" })
    }

    @Test("FY2023, a pensioner couple (70 and 68): 7割軽減 after the 15万 pension special deduction; 33,400")
    func sevenTenths() {
        // Head: 年金 1,500,000 − 1,100,000 = 400,000; judged 400,000 − 150,000 = 250,000 ≤ 43万 → 7割.
        // 医療: (26,130 − 18,291) × 2 + (27,620 − 19,334) = 15,678 + 8,286 = 23,964 → 23,900.
        // 支援: (10,450 − 7,315) × 2 + (11,050 − 7,735) = 6,270 + 3,315 = 9,585 → 9,500. No 介護 over 65.
        let r = nhi(NHIHousehold(members: [person("1952-05-01", pension: 1_500_000), person("1954-05-01", pension: 800_000)]), 2023)
        #expect(r.reductionLevel == 3)
        #expect(r.part("medical")?.amount == Yen(23_900))
        #expect(r.part("support")?.amount == Yen(9_500))
        #expect(r.part("care")?.amount == .zero)
        #expect(r.total == Yen(33_400))
    }

    @Test("FY2022, joining in October: six months of every part (月割)")
    func midYearJoin() {
        // 給与所得 2,000,000 − 680,000 = 1,320,000; base 890,000.
        // 医療 890,000 × 5.88% × 6/12 = 26,166; 24,190/2 = 12,095; 25,980/2 = 12,990 → 51,251 → 51,200.
        // 支援 890,000 × 2.29% × 6/12 = 10,190; 4,545; 4,880 → 19,615 → 19,600.
        let r = nhi(NHIHousehold(members: [person("1992-01-10", salary: 2_000_000, months: NHIPerson.months(from: 6))]), 2022)
        #expect(r.part("medical")?.amount == Yen(51_200))
        #expect(r.part("support")?.amount == Yen(19_600))
        #expect(r.total == Yen(70_800))
    }

    @Test("a head who is not insured (擬制世帯主) pays, and his income counts for 軽減 but not for 所得割")
    func nonMemberHead() {
        // Head salary 6,000,000 → 4,360,000: no 軽減. Spouse 50, no income: 均等割 and 平等割 only.
        // 医療 26,130 + 27,620 = 53,750 → 53,700; 支援 21,500; 介護 10,880 + 8,290 = 19,170 → 19,100.
        let h = NHIHousehold(members: [person("1973-04-10")], nonMemberHead: person("1971-04-10", salary: 6_000_000, months: 0))
        let r = nhi(h, 2023)
        #expect(r.reductionLevel == 0)
        #expect(r.total == Yen(94_300))
        #expect(nhi(NHIHousehold(members: [person("1973-04-10")]), 2023).reductionLevel == 3)
    }

    @Test("賦課限度額 FY2023: 65万 / 22万 / 17万 — a large income pays exactly the 104万 total")
    func caps() {
        let r = nhi(NHIHousehold(members: [person("1973-04-10", business: 20_000_000)]), 2023)
        #expect(r.part("medical")?.amount == Yen(650_000) && r.part("medical")?.capped == true)
        #expect(r.total == Yen(1_040_000))
        #expect(nhi(NHIHousehold(members: [person("1973-04-10", business: 20_000_000)]), 2019).total == Yen(960_000))
    }

    @Test("FY2022 未就学児: the child's 均等割 is halved after 5割軽減 (together 7.5割); 44,400")
    func preschool() {
        // Parent 給与所得 1,000,000 − 550,000 = 450,000; base 20,000; judged 450,000 ≤ 43万 + 28.5万 × 2 → 5割.
        // 医療 1,176 + 12,095 + (12,095 − 6,047) + 12,990 = 32,309 → 32,300; 支援 458 + 4,545 + 2,273 + 4,880 = 12,156 → 12,100.
        let h = NHIHousehold(members: [person("1987-05-01", salary: 1_000_000), person("2019-05-01")])
        let r = nhi(h, 2022)
        #expect(r.reductionLevel == 2)
        #expect(r.total == Yen(44_400))
        #expect(nhi(h, 2021).part("medical")?.perCapita == Yen(11_605 * 2))   // FY2021: no halving (23,210 − 11,605 each)
    }

    @Test("FY2021 on, each 給与所得者等 beyond the first raises the 7割 base by 10万: two earners of 550,000 reach 5割")
    func earnerAddition() {
        let h = NHIHousehold(members: [person("1990-01-01", salary: 1_100_000), person("1991-01-01", salary: 1_100_000)])
        #expect(nhi(h, 2021).reductionLevel == 2)   // 1,100,000 ≤ 43万 + 10万 + 28.5万 × 2
        // The same 1,100,000 with the second income from business (not a 給与所得者等): no addition → 2割.
        let oneEarner = NHIHousehold(members: [person("1990-01-01", salary: 1_100_000), person("1991-01-01", business: 550_000)])
        #expect(nhi(oneEarner, 2021).reductionLevel == 1)
    }

    @Test("非自発的失業者: 給与所得 at 30/100 to the end of the next fiscal year, under 65 at leaving; 2割, 医療 69,800")
    func involuntaryUnemployment() {
        // 給与所得 2,760,000 × 30/100 = 828,000 → base 398,000; 828,000 ≤ 43万 + 53.5万 → 2割.
        // 医療 26,825 + (26,130 − 5,226) + (27,620 − 5,524) = 69,825 → 69,800.
        var p = person("1978-06-01", salary: 4_000_000)
        p.involuntaryJobLoss = date("2022-09-30")          // period: October 2022 to March 2024
        let r = nhi(NHIHousehold(members: [p]), 2023)
        #expect(r.reductionLevel == 1)
        #expect(r.part("medical")?.amount == Yen(69_800))
        #expect(nhi(NHIHousehold(members: [p]), 2024).reductionLevel == 0)   // the period has ended
        p.birthDate = date("1957-06-01")                     // 65 on leaving: not eligible
        #expect(nhi(NHIHousehold(members: [p]), 2023).part("medical")?.amount != Yen(69_800))
    }

    /// 施行令第29条の7の2: the period runs from the day after leaving. Left on 2024-03-15: from
    /// 2024-03-16, in FY2023, to the end of FY2024 — FY2025 is past it. Left on 2024-03-31: from
    /// 04-01, FY2024 and FY2025. (Counted from the month after leaving, 03-15 reached FY2025.)
    @Test("非自発的失業: the period starts the day after leaving, so a job left on 15 March counts from FY2023 and ends with FY2024 (国民健康保険法施行令第29条の7の2)")
    func unemploymentFromTheDayAfterLeaving() {
        var p = person("1978-06-01", salary: 4_000_000)
        p.involuntaryJobLoss = date("2024-03-15")
        #expect(nhi(NHIHousehold(members: [p]), 2023).reductionLevel == 1)
        #expect(nhi(NHIHousehold(members: [p]), 2024).reductionLevel == 1)
        #expect(nhi(NHIHousehold(members: [p]), 2025).reductionLevel == 0)
        p.involuntaryJobLoss = date("2024-03-31")
        #expect(nhi(NHIHousehold(members: [p]), 2023).reductionLevel == 0)
        #expect(nhi(NHIHousehold(members: [p]), 2025).reductionLevel == 1)
    }

    @Test("介護分 from the month of the day before the 40th birthday: born 1983-08-15 → August–March, 8 months, 7割")
    func careMonths() {
        // 均等割 10,880 × 8/12 = 7,253 − 5,077 = 2,176; 平等割 8,290 × 8/12 = 5,526 − 3,868 = 1,658 → 3,834 → 3,800.
        let r = nhi(NHIHousehold(members: [person("1983-08-15")]), 2023)
        #expect(r.part("care")?.amount == Yen(3_800))
    }

    @Test("産前産後: months from January 2024 are exempt from 所得割 and 均等割")
    func maternity() {
        var p = person("1995-06-01", salary: 3_000_000)
        p.maternityMonths = NHIPerson.months(from: 8, untilBefore: 12)   // December 2023 – March 2024
        let full = nhi(NHIHousehold(members: [person("1995-06-01", salary: 3_000_000)]), 2023)
        let r = nhi(NHIHousehold(members: [p]), 2023)
        // Nine months charged (December 2023 is before the measure): 1,590,000 × 6.74% × 9/12 = 80,374.
        #expect(r.part("medical")?.incomeLevy == Yen(80_374))
        #expect(full.part("medical")?.incomeLevy == Yen(107_166))
        #expect(r.part("medical")?.perHousehold == full.part("medical")?.perHousehold)
    }

    @Test("特定世帯: one member left after the spouse moved to 後期高齢者医療 — 平等割 ½ for 5 years, ¼ off for 3 more (FY2018 on); the spouse counts for 軽減")
    func specifiedHousehold() {
        // Member 72 with pension 1,500,000 (所得 400,000; judged 250,000); former member's income 0 → 7割 (n = 2).
        // 医療 FY2023: 均等割 26,130 − 18,291 = 7,839; 平等割 27,620 → ½ 13,810 → − 9,667 = 4,143 → 11,982 → 11,900.
        var h = NHIHousehold(members: [person("1951-05-01", pension: 1_500_000)], formerMembers: [person("1948-05-01", months: 0)], monthsSinceElderlyTransfer: 20)
        #expect(nhi(h, 2023).reductionLevel == 3)
        #expect(nhi(h, 2023).part("medical")?.amount == Yen(11_900))
        // 特定継続世帯: 27,620 − 6,905 = 20,715 → − 14,500 = 6,215; 7,839 + 6,215 = 14,054 → 14,000.
        h.monthsSinceElderlyTransfer = 70
        #expect(nhi(h, 2023).part("medical")?.amount == Yen(14_000))
        h.monthsSinceElderlyTransfer = 100
        #expect(nhi(h, 2023).part("medical")?.perHousehold == Yen(27_620 - 19_334))
    }

    @Test("納期: 286,200 over eight instalments of 35,700 with the remainder 36,300 first; Toyohashi FY2024's own dates (61705)")
    func instalments() {
        let parts = NHI.instalments(Yen(286_200), fiscalYear: 2023, Repo.params(.okazaki, 2023))
        #expect(parts.count == 8)
        #expect(parts.map(\.amount) == [Yen(36_300)] + Array(repeating: Yen(35_700), count: 7))
        #expect(parts.reduce(Yen.zero) { $0 + $1.amount } == Yen(286_200))
        #expect(parts.last?.due == date("2024-02-28"))
        let toyohashi = NHI.instalments(Yen(80_000), fiscalYear: 2024, Repo.params(.toyohashi, 2024))
        #expect(toyohashi.map(\.due) == ["2024-07-31", "2024-09-02", "2024-09-30", "2024-10-31", "2024-12-02", "2025-01-06", "2025-01-31", "2025-02-28"].map(date))
    }

    @Test("子ども・子育て支援金分 from FY2026: no 均等割 for a child under 18 (placeholder rates marked unverified)")
    func childSupport() {
        let h = NHIHousehold(members: [person("1990-01-01"), person("2015-01-01")])
        #expect(nhi(h, 2025).part("child") == nil)
        let r = nhi(h, 2026)
        #expect(r.part("child")?.perCapita == Yen(1_100 - 770))   // only the parent's, after 7割
    }
}

/// 国民年金保険料: 月額 16,980 (FY2024) and 17,510 (FY2025) from levies.md §3g; the exemption year
/// runs July to June.
@Suite("National pension records: premiums due by month and exemption (国民年金法第87条・第90条)")
struct NationalPensionTests {
    @Test("a whole FY2024 without exemption: 12 × 16,980 = 203,760; half exemption from July: 3 × 16,980 + 9 × 8,490 = 127,350")
    func premiums() {
        let set = Repo.params(.okazaki, 2024)
        #expect(NationalPension.due(PensionMember(months: 0xFFF), set) == Yen(203_760))
        #expect(NationalPension.due(PensionMember(months: 0xFFF, exemptionThis: "half"), set) == Yen(127_350))
        #expect(NationalPension.due(PensionMember(months: 0xFFF, exemptionBefore: "full", exemptionThis: "student"), set) == .zero)
        #expect(NationalPension.due(PensionMember(months: NHIPerson.months(from: 6)), Repo.params(.toyohashi, 2025)) == Yen(6 * 17_510))
    }
}
