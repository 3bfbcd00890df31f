import Testing
import Foundation
import KaiseiCore
import Law

/// The rule base has two clocks too: a value is looked up for a fiscal year (valid time) as
/// the rules were adopted at a moment (recorded time).
@Suite("Bitemporal parameter lookup")
struct BitemporalRuleBaseTests {
    /// The FY2024 per-capita file was entered with a wrong city amount and fixed by a
    /// correction adopted in June 2024.
    func ruleBaseWithFix() throws -> RuleBase {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("kaisei-rev-\(UUID().uuidString)")
        try FileManager.default.copyItem(at: Repo.revisions, to: dir)
        defer { try? FileManager.default.removeItem(at: dir) }
        let fix = """
            id: rt-per-capita-fy2024-fix
            title: 均等割 (市) 入力誤りの訂正
            law: 地方税法第310条
            promulgated: 2019-03-29
            adopted: 2024-06-20T09:00:00+09:00
            status: enacted
            effective: {from: 2024}
            corrects: rt-per-capita-fy2024-forest
            overlays:
              toyohashi:
                resident_tax.per_capita.city: {value: 3100, reference: "試験用の訂正値"}

            """
        try fix.write(to: dir.appendingPathComponent("resident-tax/per-capita-fy2024-fix.yaml"), atomically: true, encoding: .utf8)
        switch RuleBase.load(directory: dir) {
        case .success(let rb): return rb
        case .failure(let e): throw e
        }
    }

    @Test("as adopted before the fix, FY2024 shows the old value; as adopted now, the fixed one")
    func correctionIsBitemporal() throws {
        let rb = try ruleBaseWithFix()
        let before = try #require(RecordedTime(iso: "2024-06-19", dateMeansEndOfDay: true))
        #expect(ParameterSet(ruleBase: rb, city: .toyohashi, fiscalYear: 2024, asOf: before).yen(ResidentTaxKeys.perCapitaCity) == Yen(3000))
        #expect(ParameterSet(ruleBase: rb, city: .toyohashi, fiscalYear: 2024, asOf: .distantFuture).yen(ResidentTaxKeys.perCapitaCity) == Yen(3100))
        #expect(ParameterSet(ruleBase: rb, city: .okazaki, fiscalYear: 2024, asOf: .distantFuture).yen(ResidentTaxKeys.perCapitaCity) == Yen(3000),
                "the overlay is Toyohashi's only")
        #expect(rb.revisionSetHash(asOf: before) != rb.revisionSetHash(asOf: .distantFuture))
    }

    @Test("a revision adopted later is not in force before its adoption, even for years it covers")
    func adoptionGatesLookup() throws {
        let beforeReform = try #require(RecordedTime(iso: "2020-12-31", dateMeansEndOfDay: true))
        let p = ParameterSet(ruleBase: Repo.ruleBase, city: .okazaki, fiscalYear: 2021, asOf: beforeReform)
        // As known at the end of 2020, the FY2021 basic deduction of 43万 was not yet adopted.
        #expect(p.resolved(ResidentTaxKeys.basic)?.revision == "rt-personal-deductions-fy2013")
        let now = Repo.params(.okazaki, 2021)
        #expect(now.resolved(ResidentTaxKeys.basic)?.revision == "rt-deduction-reform-fy2021")
    }

    @Test("the fiscal year picks the value in force (valid time), whatever the adoption order")
    func validTime() {
        #expect(Repo.params(.okazaki, 2013).yen(ResidentTaxKeys.perCapitaCity) == Yen(3000))
        #expect(Repo.params(.okazaki, 2014).yen(ResidentTaxKeys.perCapitaCity) == Yen(3500))
        #expect(Repo.params(.okazaki, 2023).yen(ResidentTaxKeys.perCapitaCity) == Yen(3500))
        #expect(Repo.params(.okazaki, 2024).yen(ResidentTaxKeys.perCapitaCity) == Yen(3000))
        #expect(Repo.params(.okazaki, 2024).yen(ResidentTaxKeys.forestEnvironmentTax) == Yen(1000))
    }

    @Test("a parameter set built in one pass gives resolve()'s value and revision for every key, city, year and adoption date")
    func parameterSetAgreesWithResolve() throws {
        let rb = try ruleBaseWithFix()
        let dates = [RecordedTime(iso: "2019-01-01", dateMeansEndOfDay: true)!, RecordedTime(iso: "2024-06-19", dateMeansEndOfDay: true)!, .distantFuture]
        var compared = 0
        for c in City.allCases {
            for fy in 2013...2027 {
                for asOf in dates {
                    let set = ParameterSet(ruleBase: rb, city: c, fiscalYear: fy, asOf: asOf)
                    for spec in ParameterCatalogue.all {
                        let one = rb.resolve(spec.key, city: c, fiscalYear: fy, asOf: asOf)
                        let got = set.resolved(spec.key)
                        #expect(got?.revision == one?.revision, "\(spec.key) \(c) FY\(fy)")
                        #expect(got.map { "\($0.value)" } == one.map { "\($0.value)" }, "\(spec.key) \(c) FY\(fy)")
                        if one != nil { compared += 1 }
                    }
                }
            }
        }
        #expect(compared > 5_000)
    }
}

