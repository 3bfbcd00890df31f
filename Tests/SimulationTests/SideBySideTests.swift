import Testing
import KaiseiCore
import Law
import Replay
import Simulation

@Suite("Side-by-side explanation")
struct SideBySideTests {
    func step(_ label: String, _ amount: Int64, _ revision: String? = "r1") -> TraceStep {
        TraceStep(label: label, amount: Yen(amount), reference: "第1条", revision: revision)
    }

    @Test("steps are matched by label; a changed amount or revision is marked, equal steps are not")
    func matchedByLabel() {
        let b = TracedLevy(title: "t", tax: .nhi, amount: Yen(300), steps: [step("所得割", 100), step("均等割", 200), step("合計", 300)])
        let a = TracedLevy(title: "t", tax: .nhi, amount: Yen(310), steps: [step("所得割", 110, "draft"), step("均等割", 200), step("合計", 310)])
        let s = SideBySide(title: "t", tax: .nhi, before: b, after: a)
        #expect(s.rows.map(\.label) == ["所得割", "均等割", "合計"])
        #expect(s.rows.map(\.differs) == [true, false, true])
        #expect(s.differs)
    }

    @Test("a step only one side has is kept in place and marked")
    func oneSidedSteps() {
        let b = TracedLevy(title: "t", tax: .residentTax, amount: Yen(5), steps: [step("A", 1), step("C", 3)])
        let a = TracedLevy(title: "t", tax: .residentTax, amount: Yen(5), steps: [step("A", 1), step("B", 2), step("C", 3), step("D", 4)])
        let s = SideBySide(title: "t", tax: .residentTax, before: b, after: a)
        #expect(s.rows.map(\.label) == ["A", "B", "C", "D"])
        #expect(s.rows.map(\.differs) == [false, true, false, true])
        #expect(s.rows[1].before == nil && s.rows[1].after?.amount == Yen(2))
    }

    @Test("levies are paired by title; one present on one side only stands alone")
    func pairing() {
        let x = TracedLevy(title: "x", tax: .lightVehicleTax, amount: Yen(1), steps: [])
        let y = TracedLevy(title: "y", tax: .lightVehicleTax, amount: Yen(2), steps: [])
        let p = SideBySide.pair(before: [x], after: [y, x])
        #expect(p.map(\.title) == ["x", "y"])
        #expect(p[0].differs == false && p[1].before == nil && p[1].differs)
    }

    @Test("labels that quote figures still match: only the numbers differ")
    func labelsWithFigures() {
        let b = TracedLevy(title: "t", tax: .nhi, amount: Yen(238_100), steps: [step("medical: 所得割 184,433 + 均等割 26,130", 238_100), step("support: 所得割 76,345", 97_800)])
        let a = TracedLevy(title: "t", tax: .nhi, amount: Yen(247_300), steps: [step("medical: 所得割 192,642 + 均等割 27,130", 247_300, "draft"), step("support: 所得割 76,345", 97_800)])
        let s = SideBySide(title: "t", tax: .nhi, before: b, after: a)
        #expect(s.rows.count == 2)
        #expect(s.rows[0].before != nil && s.rows[0].after != nil && s.rows[0].differs)
        #expect(s.rows[1].differs == false)
    }
}
