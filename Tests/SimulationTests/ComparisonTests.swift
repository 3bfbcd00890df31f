import Testing
import TestSupport
import Foundation
import KaiseiCore
import KaiseiEvents
import Law
import Replay
import Assessment
import Synthetic
import Simulation

/// Simulation over a small generated population: the comparison must agree with the levy run
/// it extends, touch only what a draft changes, and say the same thing every time.
@Suite("Draft simulation and before/after comparison")
struct ComparisonTests {
    static let root = Checkout.root
    static let ruleBase = Checkout.ruleBase
    static let pops = Checkout.population(seed: 5, scale: 0.003)
    static func draft(_ name: String) throws -> Revision { try RuleSet.loadDraft(root.appendingPathComponent("revisions/drafts/\(name)").path) }
    static let enacted = RuleSet(ruleBase: ruleBase, adoptedBy: .distantFuture)

    func run(_ after: RuleSet, fy: Int = 2027, taxes: Comparison.TaxChoice = .affected) -> Comparison {
        Comparison.run(Self.pops, cities: City.allCases, fiscalYear: fy, before: Self.enacted, after: after, watermark: 1, knownAt: .distantFuture, taxes: taxes)
    }

    @Test("the same rules on both sides: every tax's revenue equals the levy run's, and nobody's levy changes")
    func identityAgreesWithLevyRun() {
        let cmp = run(Self.enacted, fy: 2026, taxes: .all)
        #expect(cmp.parameterChanges.isEmpty)
        #expect(cmp.changes.allSatisfy { $0.change.before == $0.change.after })
        for r in FiscalYearLevies.run(Self.pops, fiscalYear: 2026, ruleBase: Self.ruleBase, asOf: .distantFuture) {
            func revenue(_ t: LevyTax) -> Yen? { cmp.summaries.first { $0.city == r.city && $0.tax == t }?.revenueAfter }
            #expect(revenue(.residentTax) == r.residentTax)
            #expect(revenue(.lightVehicleTax) == r.lightVehicleTax)
            #expect(revenue(.fixedAssetTax) == r.fixedAssetTax)
            #expect(revenue(.cityPlanningTax) == r.cityPlanningTax)
            #expect(revenue(.nhi) == r.nhi)
            #expect(r.residentTax > .zero && r.nhi > .zero && r.fixedAssetTax > .zero)
        }
    }

    @Test("the one-city NHI draft changes Okazaki's NHI only, and each payer's new amount is the calculator's with the draft")
    func oneCityDraft() throws {
        let d = try Self.draft("nhi-okazaki-rates-fy2027.yaml")
        let cmp = run(RuleSet(ruleBase: Self.ruleBase, adoptedBy: .distantFuture, drafts: [d]))
        #expect(cmp.taxes == [.nhi])
        #expect(Set(cmp.parameterChanges.map(\.city)) == [.okazaki])
        #expect(Set(cmp.parameterChanges.map(\.key)) == [NHIKeys.incomeRate("medical"), NHIKeys.perCapita("medical")])
        let okazaki = try #require(cmp.summaries.first { $0.city == .okazaki }), toyohashi = try #require(cmp.summaries.first { $0.city == .toyohashi })
        #expect(okazaki.difference > .zero && okazaki.payLess == 0 && okazaki.payMore > 0)
        #expect(toyohashi.difference == .zero && toyohashi.payMore == 0 && toyohashi.payLess == 0)
        // Independent check: every Okazaki household assessed directly with the draft's parameters.
        let p = NHIParameters(ParameterSet(ruleBase: Self.ruleBase, city: .okazaki, fiscalYear: 2027, asOf: .distantFuture, drafts: [d]))
        var byPayer: [String: Yen] = [:]
        for h in Self.pops[.okazaki]!.nhiHouseholds(fiscalYear: 2027, maternity: p.maternityWindow) { byPayer[h.payer, default: .zero] += NHI.assess(h.facts, fiscalYear: 2027, p).total }
        let after = Dictionary(uniqueKeysWithValues: cmp.changes.filter { $0.city == .okazaki }.map { ($0.change.subject, $0.change.after) })
        #expect(after.count == byPayer.filter { $0.value > .zero }.count)
        for (payer, amount) in byPayer where amount > .zero { #expect(after[payer] == amount, "\(payer)") }
    }

    /// Not "nobody pays more": a lower 給与所得 of a spouse can raise the 配偶者特別控除 and drop
    /// the taxpayer into a lower income-tax bracket, which shrinks the one-stop 申告特例控除 by
    /// more than the tax falls (地方税法附則第5条の6) — at full scale 4 of 490,963 resident
    /// taxpayers pay more, 74,619 less.
    @Test("the FY2027 salary-deduction draft lowers resident tax and NHI (whose 所得割 uses the same 給与所得) in both cities")
    func salaryDraftLowersRevenue() throws {
        let cmp = run(RuleSet(ruleBase: Self.ruleBase, adoptedBy: .distantFuture, drafts: [try Self.draft("rt-salary-deduction-fy2027.yaml")]))
        #expect(cmp.taxes == [.residentTax, .nhi])
        for t in cmp.summaries {
            #expect(t.payLess > 0 && t.difference < .zero, "\(t.city) \(t.tax)")
            #expect(t.payMore * 100 <= t.payLess, "\(t.city) \(t.tax): \(t.payMore) pay more")
        }
        let crossings = cmp.summaries.filter { $0.tax == .residentTax }.reduce(0) { $0 + $1.stoppedPaying + $1.statusChanges.reduce(0) { $0 + $1.count } }
        #expect(crossings > 0)
    }

    @Test("a draft outside the fiscal year it covers changes nothing")
    func draftOutsideItsYears() throws {
        let cmp = run(RuleSet(ruleBase: Self.ruleBase, adoptedBy: .distantFuture, drafts: [try Self.draft("nhi-okazaki-rates-fy2027.yaml")]), fy: 2026)
        #expect(cmp.parameterChanges.isEmpty && cmp.taxes.isEmpty && cmp.summaries.isEmpty)
    }

    @Test("income deciles split the subjects with an income into ten near-equal groups, lowest income first")
    func deciles() throws {
        let cmp = run(RuleSet(ruleBase: Self.ruleBase, adoptedBy: .distantFuture, drafts: [try Self.draft("nhi-okazaki-rates-fy2027.yaml")]))
        let t = try #require(cmp.summaries.first { $0.city == .okazaki })
        #expect(t.deciles.count == 10)
        #expect(t.deciles.reduce(0) { $0 + $1.subjects } + t.withoutIncome == t.payMore + t.payLess + t.same)
        let sizes = t.deciles.map(\.subjects)
        #expect(sizes.max()! - sizes.min()! <= 1)
        for (a, b) in zip(t.deciles, t.deciles.dropFirst()) { #expect(a.incomeTo! <= b.incomeFrom!) }
        #expect(t.householdTypes.reduce(0) { $0 + $1.subjects } == t.payMore + t.payLess + t.same)
        #expect(t.householdTypes.reduce(Yen.zero) { $0 + $1.difference } == t.difference)
    }

    @Test("the same comparison gives the same JSON, CSV and report bytes")
    func deterministic() throws {
        let d = try Self.draft("lv-green-business-50-fy2027.yaml")
        let a = run(RuleSet(ruleBase: Self.ruleBase, adoptedBy: .distantFuture, drafts: [d]))
        let b = run(RuleSet(ruleBase: Self.ruleBase, adoptedBy: .distantFuture, drafts: [d]))
        #expect(JSONWriter.canonical(a.json) == JSONWriter.canonical(b.json))
        #expect(a.csv == b.csv)
        #expect(a.html(command: "x") == b.html(command: "x"))
        #expect(a.csv.hasPrefix("subject,city,tax,before,after,difference\n"))
    }

    @Test("rule-set specs: enacted@date, drafts joined by +, and errors that name the problem")
    func ruleSetSpecs() throws {
        let rb = Self.ruleBase
        let path = Self.root.appendingPathComponent("revisions/drafts/nhi-okazaki-rates-fy2027.yaml").path
        let s = try RuleSet.parse("enacted@2024-06-19+\(path)", ruleBase: rb, defaultAdoptedBy: .distantFuture)
        #expect(s.adoptedBy == RecordedTime(iso: "2024-06-19", dateMeansEndOfDay: true))
        #expect(s.drafts.map(\.id) == ["draft-nhi-okazaki-rates-fy2027"])
        #expect(throws: RuleSet.SpecError.self) { try RuleSet.parse("enacted@yesterday", ruleBase: rb, defaultAdoptedBy: .distantFuture) }
        #expect(throws: RuleSet.SpecError.self) { try RuleSet.parse("\(path)+enacted", ruleBase: rb, defaultAdoptedBy: .distantFuture) }
        let enactedFile = Self.root.appendingPathComponent("revisions/nhi/rates-fy2024.yaml").path
        do { _ = try RuleSet.loadDraft(enactedFile); Issue.record("an enacted file was taken as a draft") }
        catch let e as RuleSet.SpecError { #expect(e.description.contains("rates-fy2024.yaml:1: status")) }
        #expect(s.hash != Self.enacted.hash)
    }
}
