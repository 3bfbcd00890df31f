import Testing
import TestSupport
import KaiseiCore
import Law
import Replay
import Assessment

/// The residents' table lends states in place to the city-wide walks; the one-person entry
/// points look a state up by id. Each levy of a walk must be the levy of the person it names
/// (a walk that paired one resident's id with another's state would keep the city's totals,
/// as a permutation does, and so pass the summary tests).
@Suite("Residents read in place")
struct ResidentTableTests {
    static let ruleBase = Checkout.ruleBase
    static let pops = Checkout.population(seed: 5, scale: 0.003)

    @Test("the table keeps ids, positions and states together, in the order first folded")
    func tableSemantics() {
        var t = ResidentTable()
        var a = ResidentState(); a.birthDate = CivilDate(year: 1980, month: 1, day: 2)
        t["b"] = a
        t["a", default: ResidentState()].female = true
        t["b", default: ResidentState()].female = true
        #expect(t.count == 2 && t.keys == ["b", "a"])
        #expect(t.position(of: "a") == 1 && t.id(at: 0) == "b" && t.position(of: "c") == nil)
        #expect(t["b"]?.birthDate == CivilDate(year: 1980, month: 1, day: 2) && t["b"]?.female == true)
        #expect(t["a"]?.birthDate == nil && t["a"]?.female == true && t["c"] == nil)
        #expect(t.map(\.key) == ["b", "a"])
        let births = t.withStates { s in s.indices.map { s[$0].birthDate } }
        #expect(births == [CivilDate(year: 1980, month: 1, day: 2), nil])
        // A copy of the table is its own value.
        var copy = t
        copy["a", default: ResidentState()].female = false
        #expect(t["a"]?.female == true && copy["a"]?.female == false)
    }

    @Test("each resident-tax levy of the city walk equals that person's levy looked up by id, FY2026")
    func walkMatchesLookup() {
        let fy = 2026
        for c in City.allCases {
            let pop = Self.pops[c]!
            let p = LevyParameters(ruleBase: Self.ruleBase, city: c, fiscalYear: fy, asOf: .distantFuture)
            let assessor = Assessor(pop, fiscalYear: fy)
            var checked = 0, taxed = 0
            for levy in assessor.levies(p, taxes: [.residentTax]) {
                let one = assessor.residentTax(of: levy.taxpayer, p.residentTax, trace: false)
                #expect(one?.amount == levy.amount, "\(c) \(levy.taxpayer)")
                checked += 1
                if levy.amount > .zero { taxed += 1 }
            }
            #expect(checked > 100 && taxed > 50, "\(c): \(checked) levies, \(taxed) taxed")
        }
    }
}
