import Testing
import KaiseiCore
import Law

/// The rounding rules of `Sources/Law/Rounding.swift`, one behaviour each.
@Suite("Statutory rounding")
struct StatutoryRoundingTests {
    @Test("地方税法第20条の4の2第1項: a tax base is truncated to 1,000 yen, and one below 1,000 yen to 0")
    func taxBase() {
        #expect(StatutoryRounding.taxBase(Yen(1_234_567)) == Yen(1_234_000))
        #expect(StatutoryRounding.taxBase(Yen(999)) == .zero)
        #expect(StatutoryRounding.taxBase(Yen(-5_000)) == .zero)
    }

    @Test("地方税法第20条の4の2第3項: a tax amount is truncated to 100 yen, and one below 100 yen to 0")
    func taxAmount() {
        #expect(StatutoryRounding.taxAmount(Yen(52_399)) == Yen(52_300))
        #expect(StatutoryRounding.taxAmount(Yen(99)) == .zero)
    }

    @Test("所得税法第28条第4項・別表第五: receipts are truncated to the table's 4,000-yen step")
    func salaryTable() {
        #expect(StatutoryRounding.salaryTableReceipts(Yen(3_333_333), step: Yen(4_000)) == Yen(3_332_000))
        #expect(StatutoryRounding.salaryTableReceipts(Yen(3_332_000), step: Yen(4_000)) == Yen(3_332_000))
    }

    @Test("地方税法第20条の4の2第6項: instalments are whole units, the remainder with the first")
    func instalments() {
        #expect(StatutoryRounding.instalments(Yen(100_050), count: 3, unit: Yen(100)) == [Yen(33_450), Yen(33_300), Yen(33_300)])
        #expect(StatutoryRounding.instalments(Yen(100_050), count: 0, unit: Yen(100)) == [])
    }

    @Test("a credit's fraction of a yen is rounded up, in the taxpayer's favour")
    func credit() {
        #expect(StatutoryRounding.credit(Yen(10_001), Fraction(3, 100)) == Yen(301))
    }
}
