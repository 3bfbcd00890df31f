import Testing
import TestSupport
import Foundation
import KaiseiCore
import Law
import Replay
import Simulation

/// Figures computed from a value the cities have not confirmed (`verified: false`) say so next
/// to the figure: the values a levy reads, the comparison's marks, and its JSON, text and report.
@Suite("Unverified values behind a comparison's figures")
struct UnverifiedCaveatTests {
    static let ruleBase = ComparisonTests.ruleBase
    static let march2024 = RuleSet(ruleBase: ruleBase, adoptedBy: RecordedTime(iso: "2024-03-30", dateMeansEndOfDay: true)!)
    static let april2024 = RuleSet(ruleBase: ruleBase, adoptedBy: RecordedTime(iso: "2024-04-02", dateMeansEndOfDay: true)!)
    /// The April 2024 adoptions: the rules as adopted on 30 March have no FY2024 NHI rates at all.
    static let adoptions2024 = Comparison.run(ComparisonTests.pops, cities: City.allCases, fiscalYear: 2024, before: march2024, after: april2024,
                                              watermark: 1, knownAt: .distantFuture)
    /// FY2027 with Okazaki's draft NHI rates: both sides read the carried-over unverified rates
    /// (Toyohashi's copied from Okazaki's); the draft's own values are on the after side only.
    static let draft = try! RuleSet.loadDraft(ComparisonTests.root.appendingPathComponent("revisions/drafts/nhi-okazaki-rates-fy2027.yaml").path)
    static let draft2027 = Comparison.run(ComparisonTests.pops, cities: City.allCases, fiscalYear: 2027,
                                          before: RuleSet(ruleBase: ruleBase, adoptedBy: .distantFuture),
                                          after: RuleSet(ruleBase: ruleBase, adoptedBy: .distantFuture, drafts: [draft]),
                                          watermark: 1, knownAt: .distantFuture, taxes: .all)

    @Test("a tax the earlier rules cannot assess is not compared, never shown as ¥0: FY2024 NHI as adopted on 30 March 2024")
    func refusedTaxNotCompared() throws {
        for city in City.allCases {
            #expect(Self.adoptions2024.refused.contains { $0.city == city && $0.tax == .nhi && $0.side == "before" }, "\(city)")
            #expect(!Self.adoptions2024.summaries.contains { $0.city == city && $0.tax == .nhi }, "\(city)")
        }
        #expect(Self.adoptions2024.summaries.contains { $0.tax == .residentTax }, "the other taxes are compared")
        #expect(Self.adoptions2024.text.contains("国民健康保険: NOT COMPARED: the before rules are incomplete: nhi."))
        guard case .array(let refused)? = Self.adoptions2024.json["refused"] else { Issue.record("no refused list in JSON"); return }
        #expect(refused.count == 2)
    }

    @Test("Toyohashi's FY2024 NHI reads the rates carried over from Okazaki's, each listed with its file, line and note")
    func toyohashiNHIRates() throws {
        let values = UnverifiedValue.used(by: .nhi, city: .toyohashi, fiscalYear: 2024, ruleBase: Self.ruleBase, asOf: .distantFuture)
        let rate = try #require(values.first { $0.key == NHIKeys.incomeRate("medical") })
        #expect(rate.file == "revisions/nhi/rates-fy2024.yaml")
        #expect(rate.city == .toyohashi && rate.value == "6.74%" && rate.fiscalYears == [2024])
        #expect(!(rate.note ?? "").isEmpty)
        // The same entry `kaisei revisions --unverified` lists.
        let listed = Set(Self.ruleBase.unverified.map { "\($0.0.file):\($0.1.line)" })
        #expect(listed.contains(rate.location), "\(rate.location)")
    }

    @Test("only unverified values the levy reads are listed, each revision entry once, in every city and tax",
          arguments: LevyTax.allCases)
    func onlyUnverifiedValuesTheTaxReads(tax: LevyTax) {
        let listed = Set(Self.ruleBase.unverified.map { "\($0.0.file):\($0.1.line)" })
        for city in City.allCases {
            let values = UnverifiedValue.used(by: tax, city: city, fiscalYear: 2027, ruleBase: Self.ruleBase, asOf: .distantFuture)
            #expect(Set(values.map(\.key)).isSubset(of: Set(tax.parameterKeys)), "\(city) \(tax)")
            #expect(values.allSatisfy { listed.contains($0.location) }, "\(city) \(tax)")
            #expect(Set(values.map(\.location)).count == values.count, "\(city) \(tax): an entry listed twice")
            let set = ParameterSet(ruleBase: Self.ruleBase, city: city, fiscalYear: 2027, asOf: .distantFuture)
            for key in tax.parameterKeys where set.resolved(key)?.verified == false {
                #expect(values.contains { $0.key == key && $0.fiscalYears.contains(2027) }, "\(city) \(tax): \(key) is unverified and not listed")
            }
        }
    }

    @Test("a draft's unverified value is listed under the rule set that contains it, and not under the enacted rules")
    func draftValuesOnTheirSide() throws {
        let path = ComparisonTests.root.appendingPathComponent("revisions/drafts/nhi-okazaki-rates-fy2027.yaml").path
        let draft = try RuleSet.loadDraft(path)
        let drafted = RuleSet(ruleBase: Self.ruleBase, adoptedBy: .distantFuture, drafts: [draft])
        let enacted = RuleSet(ruleBase: Self.ruleBase, adoptedBy: .distantFuture)
        let fromDraft = drafted.unverifiedValues(for: .nhi, city: .okazaki, fiscalYear: 2027).filter { $0.revision == draft.id }
        #expect(!fromDraft.isEmpty && fromDraft.allSatisfy { $0.file == path })
        #expect(!enacted.unverifiedValues(for: .nhi, city: .okazaki, fiscalYear: 2027).contains { $0.revision == draft.id })
    }

    @Test("the comparison marks each city's NHI figures; the draft's values on the after side only, the enacted ones on both")
    func comparisonMarksNHI() throws {
        for city in City.allCases {
            let nhi = try #require(Self.draft2027.summaries.first { $0.city == city && $0.tax == .nhi })
            let rates = nhi.unverified.filter { $0.value.file == "revisions/nhi/rates-fy2024.yaml" }
            #expect(!rates.isEmpty, "\(city)")
            let fromDraft = nhi.unverified.filter { $0.value.revision == Self.draft.id }
            if city == .okazaki {
                #expect(!fromDraft.isEmpty && fromDraft.allSatisfy { $0.after && !$0.before }, "\(city)")
            } else {
                #expect(fromDraft.isEmpty, "the draft sets Okazaki's rates only")
                #expect(rates.allSatisfy { $0.after && $0.before }, "\(city)")
            }
        }
    }

    @Test("JSON gives each city and tax an `unverified` list; the text prints a ※ unverified line under the row")
    func jsonAndText() throws {
        let json = Self.draft2027.json
        guard case .array(let cities)? = json["cities"] else { Issue.record("no cities"); return }
        let toyohashi = try #require(cities.first { $0["city"] == .string("toyohashi") })
        guard case .array(let taxes)? = toyohashi["taxes"], let nhi = taxes.first(where: { $0["tax"] == .string("nhi") }),
              case .array(let values)? = nhi["unverified"] else { Issue.record("no unverified list for Toyohashi's NHI"); return }
        let rate = try #require(values.first { $0["key"] == .string("nhi.medical.income_rate") })
        #expect(rate["file"] == .string("revisions/nhi/rates-fy2024.yaml") && rate["after"] == .bool(true) && rate["before"] == .bool(true))
        #expect(rate["value"] == .string("6.74%") && rate["line"] != nil && rate["note"] != nil)
        // Keys already there keep their names.
        for key in ["revenue_before", "revenue_after", "difference", "largest_changes"] { #expect(nhi[key] != nil, "\(key)") }
        let text = Self.draft2027.text
        #expect(text.contains("    ※ unverified: "), "\(text)")
        #expect(text.contains("revisions/nhi/rates-fy2024.yaml:") || text.contains("more (--format json or --report)"))
    }

    @Test("the report marks the summary cells and lists the values in a footnote with key, city, value, file and note")
    func reportFootnote() throws {
        let html = Self.draft2027.html(command: "kaisei simulate")
        #expect(html.contains("class=\"n unverified\""))
        #expect(html.contains("<span class=\"uv-mark\">※</span>"))
        let footnote = try #require(html.range(of: "id=\"unverified\"")).upperBound
        let list = String(html[footnote...]).replacingOccurrences(of: "<wbr>", with: "")
        #expect(list.contains("nhi.medical.income_rate</code> = 6.74%"))
        #expect(list.contains("revisions/nhi/rates-fy2024.yaml"))
        #expect(list.contains("豊橋市") || list.contains("両市"))
    }
}
