import Testing
import KaiseiCore
import Law

/// Two NHI rules a review found missing, worked by hand with 岡崎市's FY2023 figures (NHITests'
/// header: 医療 所得割 6.74 %, 均等割 26,130, 平等割 27,620, cap 65万; 軽減 43万 + 53.5万 per
/// person for 2割; 給与所得 by 所得税法別表第五).
@Suite("NHI: 軽減 judged on the 賦課期日, and 所得金額調整控除 in the 所得割 base (施行令第29条の7)")
struct NHIJudgementDayTests {
    func nhi(_ h: NHIHousehold, _ fy: Int) -> NHIResult { NHI.assess(h, fiscalYear: fy, Repo.params(.okazaki, fy), trace: true) }
    let head = NHIPerson(birthDate: date("1978-06-01"), income: IncomeFacts(salary: Yen(1_800_000)))

    /// 給与所得 1,800,000 × 40 % − 100,000 = 620,000 off → 1,180,000. On 1 April the household is
    /// one person: 2割 needs ≤ 430,000 + 535,000 = 965,000, so none. Counting the January newborn
    /// (as Kaisei did) made it 1,500,000 and gave 2割.
    @Test("a child born in January does not count for the year's 軽減, judged on 1 April (施行令第29条の7第5項): no 2割軽減 for 1,180,000")
    func newbornAfterFirstApril() {
        let baby = NHIPerson(birthDate: date("2024-01-10"), months: NHIPerson.months(from: 9))
        let r = nhi(NHIHousehold(members: [head, baby]), 2023)
        #expect(r.reductionLevel == 0)
        #expect(r.steps.contains { $0.label.contains("被保険者等 1人") })
        // Both insured on 1 April: two persons, 1,500,000 ≥ 1,180,000 → 2割.
        let both = nhi(NHIHousehold(members: [head, NHIPerson(birthDate: date("2022-01-10"))]), 2023)
        #expect(both.reductionLevel == 1)
    }

    @Test("a household first insured in October is judged as it stood then: both members count")
    func householdFromOctober() {
        let october = NHIPerson.months(from: 6)
        var h = head; h.months = october
        let r = nhi(NHIHousehold(members: [h, NHIPerson(birthDate: date("2022-01-10"), months: october)]), 2023)
        #expect(r.reductionLevel == 1)
    }

    /// NHI's base is the resident tax's 総所得金額 (施行令第29条の7第2項第4号), which has case 1 of
    /// 所得金額調整控除 (措置法第41条の3の3第1項). 給与 10,000,000 → 8,050,000 − (10,000,000 −
    /// 8,500,000) × 10 % = 7,900,000; base 7,470,000; 医療 503,478 + 26,130 + 27,620 = 557,228 →
    /// 557,200. Without a child under 23 the base is 7,620,000 and 医療 567,300.
    @Test("所得金額調整控除 for a child under 23 lowers the 所得割 base as it lowers the resident tax's: 医療 557,200, not 567,300")
    func incomeAdjustmentCase1() {
        var earner = NHIPerson(birthDate: date("1978-06-01"), income: IncomeFacts(salary: Yen(10_000_000)))
        let child = RelativeFacts(birthDate: date("2012-05-01"))
        earner.family = IncomeAdjustmentFamily(specialDisability: false, spouse: nil, dependants: [child])
        #expect(nhi(NHIHousehold(members: [earner]), 2023).part("medical")?.amount == Yen(557_200))
        // A 特別障害者 spouse earning 2,500,000 is not a 同一生計配偶者: no case 1.
        earner.family = IncomeAdjustmentFamily(specialDisability: false,
                                               spouse: RelativeFacts(birthDate: date("1979-01-01"), income: IncomeFacts(salary: Yen(2_500_000)), disability: .special),
                                               dependants: [])
        #expect(nhi(NHIHousehold(members: [earner]), 2023).part("medical")?.amount == Yen(567_300))
        earner.family = nil
        #expect(nhi(NHIHousehold(members: [earner]), 2023).part("medical")?.amount == Yen(567_300))
    }
}
