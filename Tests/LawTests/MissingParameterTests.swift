import Testing
import Foundation
import KaiseiCore
import Law

/// A parameter the law requires for the year asked, with no value in the rules as adopted at the
/// time asked, refuses its tax instead of reading as 0.
@Suite("Required parameters missing as adopted at a time")
struct MissingParameterTests {
    static let march1st2024 = RecordedTime(iso: "2024-03-01", dateMeansEndOfDay: true)!

    @Test("FY2024 NHI as adopted on 1 March 2024 (its rates and 賦課限度額 were adopted on 31 March) names nhi.medical.income_rate first")
    func nhiBeforeItsRates() throws {
        let set = ParameterSet(ruleBase: Repo.ruleBase, city: .toyohashi, fiscalYear: 2024, asOf: Self.march1st2024)
        let missing = set.missingRequired(in: .nhi)
        let first = try #require(missing.first)
        #expect(first == MissingParameter(key: NHIKeys.incomeRate("medical"), city: .toyohashi, fiscalYear: 2024, asOf: Self.march1st2024))
        #expect(first.description == "nhi.medical.income_rate is not set for toyohashi FY2024 in the rules as adopted at 2024-03-01T23:59:59.999999+09:00")
        let rates = ["medical", "support", "care"].flatMap { [NHIKeys.incomeRate($0), NHIKeys.perCapita($0), NHIKeys.perHousehold($0), NHIKeys.cap($0)] }
        #expect(missing.map(\.key) == rates + [NHIKeys.reductionFivePerPerson, NHIKeys.reductionTwoPerPerson, NHIKeys.reductionFiveCountsHead])
        #expect(throws: first) { try set.requireAll(in: .nhi) }
    }

    @Test("FY2024 resident tax, light vehicle tax, fixed asset tax and certificates as adopted on 1 March 2024 miss nothing (定額減税's income limit is optional)")
    func otherTaxesBeforeTheApril2024Adoptions() {
        for city in City.allCases {
            let set = ParameterSet(ruleBase: Repo.ruleBase, city: city, fiscalYear: 2024, asOf: Self.march1st2024)
            for folder in [ParameterFolder.residentTax, .lightVehicleTax, .fixedAssetTax, .certificates] {
                #expect(set.missingRequired(in: folder) == [], "\(city) \(folder)")
            }
            #expect(set.missingRequired(among: NationalPensionKeys.allKeys) == [], "\(city) 国民年金")
        }
    }

    @Test("as adopted now, no tax of either city misses a required parameter in any year FY2013–FY2027")
    func nothingMissingNow() {
        for city in City.allCases {
            for fy in ParameterCatalogue.years {
                let set = Repo.params(city, fy)
                for folder in ParameterFolder.allCases {
                    #expect(set.missingRequired(in: folder) == [], "\(city) FY\(fy) \(folder)")
                }
            }
        }
    }

    @Test("地方税法第314条の2 (令和2年改正): ひとり親控除 is required from FY2021 only, so FY2020 as adopted at the end of 2020 misses nothing and FY2021 misses it")
    func singleParentFromFY2021() {
        let endOf2020 = RecordedTime(iso: "2020-12-31", dateMeansEndOfDay: true)!
        let fy2020 = ParameterSet(ruleBase: Repo.ruleBase, city: .okazaki, fiscalYear: 2020, asOf: endOf2020)
        #expect(fy2020.missingRequired(in: .residentTax) == [])
        let fy2021 = ParameterSet(ruleBase: Repo.ruleBase, city: .okazaki, fiscalYear: 2021, asOf: endOf2020)
        #expect(fy2021.missingRequired(in: .residentTax).map(\.key).contains(ResidentTaxKeys.singleParent))
    }

    @Test("NHI's check includes the resident tax's income rules it computes with (公的年金等控除), not the resident tax's own deductions")
    func nhiReadsTheIncomeRules() {
        let endOf2020 = RecordedTime(iso: "2020-12-31", dateMeansEndOfDay: true)!
        let keys = ParameterSet(ruleBase: Repo.ruleBase, city: .okazaki, fiscalYear: 2021, asOf: endOf2020).missingRequired(in: .nhi).map(\.key)
        #expect(keys.contains(ResidentTaxKeys.pensionUnder65))
        #expect(!keys.contains(ResidentTaxKeys.singleParent))
        #expect(!keys.contains(NationalPensionKeys.monthlyPremium), "国民年金 is checked on its own")
    }

    @Test("a required key removed from a copy of revisions/ is refused when loading, and named with city, year and adoption time when assessing")
    func removedKey() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("kaisei-rev-\(UUID().uuidString)")
        try FileManager.default.copyItem(at: Repo.revisions, to: dir)
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("resident-tax/personal-deductions-fy2013.yaml")
        let original = try String(contentsOf: file, encoding: .utf8)
        let lines = original.split(separator: "\n", omittingEmptySubsequences: false)
        let kept = lines.filter { !$0.hasPrefix("  \(ResidentTaxKeys.workingStudent):") }
        try #require(kept.count == lines.count - 1, "personal-deductions-fy2013.yaml no longer sets 勤労学生控除 on one line")
        try kept.joined(separator: "\n").write(to: file, atomically: true, encoding: .utf8)

        guard case .failure(let e) = RuleBase.load(directory: dir) else { Issue.record("loaded"); return }
        #expect(e.all.map(\.description).contains(
            "revisions/:0: resident_tax.deduction.working_student: no value for okazaki in FY2013–FY2027 (required FY2013–FY2027)"))

        let asOf = RecordedTime(iso: "2019-06-01", dateMeansEndOfDay: true)!
        let unchecked = try Self.uncheckedRuleBase(dir)
        let set = ParameterSet(ruleBase: unchecked, city: .toyohashi, fiscalYear: 2019, asOf: asOf)
        #expect(set.missingRequired(in: .residentTax).map(\.description) == [
            "resident_tax.deduction.working_student is not set for toyohashi FY2019 in the rules as adopted at 2019-06-01T23:59:59.999999+09:00",
        ])
        #expect(set.missingRequired(in: .nhi) == [], "勤労学生控除 is the resident tax's alone")
    }

    @Test("as adopted now, the message says so")
    func now() {
        let m = MissingParameter(key: FixedAssetKeys.rate, city: .okazaki, fiscalYear: 2027, asOf: .distantFuture)
        #expect(m.description == "fixed_asset_tax.rate is not set for okazaki FY2027 in the rules as adopted now")
    }

    /// The copy's files without the loader's coverage check: what an assessment would see.
    static func uncheckedRuleBase(_ dir: URL) throws -> RuleBase {
        let catalogue = try ParameterCatalogue.load(directory: dir).get()
        let files = (FileManager.default.enumerator(at: dir, includingPropertiesForKeys: nil)?.compactMap { $0 as? URL } ?? [])
            .filter { $0.pathExtension == "yaml" && $0.lastPathComponent != ParameterCatalogue.indexFileName }
        var revisions: [Revision] = []
        for url in files {
            let text = try String(contentsOf: url, encoding: .utf8)
            revisions.append(try RevisionLoader.load(text: text, file: url.lastPathComponent, catalogue: catalogue).get())
        }
        return RuleBase(revisions: revisions, catalogue: catalogue)
    }
}
