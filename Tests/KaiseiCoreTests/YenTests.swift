import Testing
import KaiseiCore

@Suite("Yen: integer money")
struct YenTests {
    @Test("amounts print with thousands separators, as on notices")
    func grouping() {
        #expect(Yen(1_234_567).grouped == "1,234,567")
        #expect(Yen(-1_000).grouped == "-1,000")
        #expect(Yen(0).grouped == "0")
        #expect(Yen(25_000_001).description == "¥25,000,001")
    }

    @Test("a deduction larger than the base clamps at zero")
    func clamp() {
        #expect((Yen(300_000) - Yen(430_000)).clampedAtZero == .zero)
    }
}
