import Testing
import Foundation
import KaiseiCore
import Law
import Replay
import Simulation

/// The report's "変更されたパラメータ" table: a change the same in both cities is read once.
@Suite("The changed-parameter table of the meeting's report")
struct ParameterTableTests {
    func change(_ city: City, _ key: String = "resident_tax.flat_reduction.per_person", after: String = "¥10,000",
                reference: String = "地方税法附則第5条の8") -> ParameterChange {
        ParameterChange(city: city, fiscalYear: 2024, key: key, before: "¥0", after: after, beforeRevision: "none",
                        afterRevision: "rt-flat-reduction-fy2024", reference: reference, verified: true)
    }

    @Test("a change equal in both cities is one row for both, listed before the changes of one city")
    func equalChangeOnce() {
        let changes = [change(.okazaki, "nhi.medical.income_rate", after: "7.04%"), change(.okazaki), change(.toyohashi)]
        let rows = ParameterChange.rows(changes, cities: City.allCases)
        #expect(rows.count == 2)
        #expect(rows.first?.cities == City.allCases && rows.first?.change.key == "resident_tax.flat_reduction.per_person")
        #expect(rows.last?.cities == [.okazaki] && rows.last?.change.key == "nhi.medical.income_rate")
    }

    @Test("equal values with each city's own reference stay one row per city, so both references are read")
    func differentReferencesStayApart() {
        let rows = ParameterChange.rows([change(.okazaki, reference: "岡崎市条例"), change(.toyohashi, reference: "豊橋市条例")], cities: City.allCases)
        #expect(rows.map(\.cities) == [[.okazaki], [.toyohashi]])
    }

    @Test("different values in the two cities stay one row per city; a one-city comparison never merges")
    func differentValuesStayApart() {
        let rows = ParameterChange.rows([change(.okazaki, after: "¥10,000"), change(.toyohashi, after: "¥20,000")], cities: City.allCases)
        #expect(rows.map(\.cities) == [[.okazaki], [.toyohashi]])
        #expect(ParameterChange.rows([change(.okazaki)], cities: [.okazaki]).map(\.cities) == [[.okazaki]])
    }

    @Test("in the report the FY2024 定額減税 (地方税法附則第5条の8), equal in both cities, is one row marked 両市")
    func reportListsEqualChangeOnce() throws {
        let cmp = UnverifiedCaveatTests.adoptions2024
        let key = ResidentTaxKeys.flatReductionPerPerson
        #expect(cmp.parameterChanges.filter { $0.key == key }.count == 2)
        let html = cmp.html(command: "kaisei compare").replacingOccurrences(of: "<wbr>", with: "")
        let start = try #require(html.range(of: "id=\"parameters\"")).upperBound
        let end = html.range(of: "id=\"unverified\"", range: start..<html.endIndex)?.lowerBound ?? html.endIndex
        let table = String(html[start..<end])
        #expect(table.components(separatedBy: ">\(key)</code>").count - 1 == 1, "\(table)")
        #expect(table.contains("<tr><td class=city>両市</td><td>2024</td><td><code class=\"key\">\(key)</code>"))
    }
}
