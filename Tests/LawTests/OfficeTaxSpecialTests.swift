import Testing
import KaiseiCore
import Law

/// 事業所税's 課税標準の特例 (地方税法第701条の41第1項) with the shares the revision folder holds.
/// No city's published worked example applying a 特例 with its figures was found; the golden
/// figures are worked by hand from the statute (each step in the test's comment), and the
/// warehouse case matches the one public example seen (trunktrunk.click, 事業所税 減免 ガイド:
/// 営業倉庫 2,000㎡, 120万円 without the 特例, 30万円 with it).
@Suite("事業所税 課税標準の特例 (地方税法第701条の41)")
struct OfficeTaxSpecialTests {
    func compute(_ offices: [OfficeTax.Office], employees: Int = 10, payroll: Int64 = 0, exempt: Int64 = 0,
                 payrollUse: String? = nil, specialPayroll: Int64 = 0, start: String = "2024-04-01", end: String = "2025-03-31") throws -> OfficeTax.Result {
        let f = OfficeTax.Facts(periodStart: date(start), periodEnd: date(end), offices: offices, employeesAtEnd: employees,
                                payroll: Yen(payroll), exemptPayroll: Yen(exempt), payrollSpecialUse: payrollUse, specialPayroll: Yen(specialPayroll))
        return try OfficeTax.compute(f, city: .okazaki, asOf: .distantFuture, trace: true, parameters: Repo.params(.okazaki, 2024))
    }

    /// 2,000㎡ × 600 = 1,200,000 without; 2,000 × 3/4 = 1,500㎡ off, 500㎡ × 600 = 300,000 with.
    @Test("A warehouse company's warehouse: three quarters of its floor off the 資産割 base, 300,000 yen not 1,200,000 (第701条の41第1項)")
    func warehouse() throws {
        let plain = try compute([OfficeTax.Office(floorCentiM2: 200_000)])
        #expect(plain.asset == Yen(1_200_000))
        let r = try compute([OfficeTax.Office(floorCentiM2: 200_000, specialUse: "warehouse", specialCentiM2: 200_000)])
        #expect(r.assetDeductionCentiM2 == 150_000 && r.assetBaseCentiM2 == 50_000)
        #expect(r.asset == Yen(300_000) && r.total == Yen(300_000))
        #expect(r.steps.contains { $0.reference.contains("第701条の41") && $0.revision != nil }, "the 特例 step names its article and revision")
    }

    /// 1,200㎡ all put to a cooperative's own business: judged on 1,200㎡ (> 1,000), taxed on
    /// 1,200 − 600 = 600㎡ → 360,000. Judged after the deduction (600㎡) it would be exempt.
    @Test("The 免税点 is judged on the floor before the 特例: a cooperative's 1,200㎡ is taxed on 600㎡, not exempt (第701条の43, 第701条の41)")
    func exemptionJudgedBeforeDeduction() throws {
        let r = try compute([OfficeTax.Office(floorCentiM2: 120_000, specialUse: "cooperative", specialCentiM2: 120_000)])
        #expect(r.judgedCentiM2 == 120_000 && !r.assetExempt)
        #expect(r.assetBaseCentiM2 == 60_000 && r.asset == Yen(360_000))
        // 非課税 floor, by contrast, is left out of the judgement: 1,200 − 300 = 900㎡ is exempt.
        let e = try compute([OfficeTax.Office(floorCentiM2: 120_000, exemptCentiM2: 30_000)])
        #expect(e.assetExempt && e.asset == .zero)
    }

    /// 120 employees, 給与総額 500,000,000 of which 300,000,000 for the cooperative's business:
    /// 300,000,000 × 1/2 = 150,000,000 off; 350,000,000 × 0.25% = 875,000. The 資産割 of its
    /// 1,500㎡ of which 1,000㎡ cooperative: 1,500 − 500 = 1,000㎡ × 600 = 600,000. 1,475,000.
    @Test("A cooperative's payroll for its own business: half off the 従業者割 base; a hotel's payroll keeps none off (第701条の41第1項)")
    func payroll() throws {
        let r = try compute([OfficeTax.Office(floorCentiM2: 150_000, specialUse: "cooperative", specialCentiM2: 100_000)],
                            employees: 120, payroll: 500_000_000, payrollUse: "cooperative", specialPayroll: 300_000_000)
        #expect(r.payrollDeduction == Yen(150_000_000) && r.payrollBase == Yen(350_000_000))
        #expect(r.payrollPart == Yen(875_000) && r.asset == Yen(600_000) && r.total == Yen(1_475_000))
        let h = try compute([OfficeTax.Office(floorCentiM2: 150_000, specialUse: "hotel", specialCentiM2: 100_000)],
                            employees: 120, payroll: 500_000_000, payrollUse: "hotel", specialPayroll: 300_000_000)
        #expect(h.payrollDeduction == .zero && h.payrollPart == Yen(1_250_000))
        #expect(h.assetBaseCentiM2 == 100_000 && h.asset == Yen(600_000))
    }

    /// Opened 2024-09-15: October to March, 6 of 12 months. 2,400㎡ → 1,200㎡; its 2,000㎡ of
    /// warehouse → 1,000㎡, × 3/4 = 750㎡ off: 450㎡ × 600 = 270,000. A 特例 floor larger than
    /// the office's taxable floor is cut to it (here 非課税 300 of 1,000㎡: at most 700 × 1/2).
    @Test("The 特例 floor is prorated by the office's months like its floor, and never exceeds the taxable floor (第701条の40第3項, 第701条の41)")
    func proratedAndCapped() throws {
        let r = try compute([OfficeTax.Office(floorCentiM2: 240_000, opened: date("2024-09-15"), specialUse: "warehouse", specialCentiM2: 200_000)])
        #expect(r.assetDeductionCentiM2 == 75_000 && r.assetBaseCentiM2 == 45_000 && r.asset == Yen(270_000))
        let c = try compute([OfficeTax.Office(floorCentiM2: 100_000, exemptCentiM2: 30_000, specialUse: "cooperative", specialCentiM2: 100_000),
                             OfficeTax.Office(floorCentiM2: 50_000)])
        #expect(c.assetDeductionCentiM2 == 35_000 && c.assetBaseCentiM2 == 85_000)
    }

    @Test("A 特例 use the revision folder has no share for is a missing parameter, not a silent zero")
    func unknownUse() {
        #expect(throws: MissingParameter.self) {
            _ = try compute([OfficeTax.Office(floorCentiM2: 200_000, specialUse: "spaceport", specialCentiM2: 100_000)])
        }
    }
}
