import Testing
import KaiseiCore
@testable import Law

/// The levy fold refuses incomplete corporate rules before assessing anyone, so that no
/// corporation's levy is dropped midway; the refusal is found by running the calculators.
@Suite("Corporate rules' completeness, by running the calculators")
struct CorporateRulesProbeTests {
    static let asOf = RecordedTime(iso: "2026-06-10T09:00:00+09:00")!

    @Test("the enacted rules leave nothing missing for either city, FY2014–FY2027")
    func enactedComplete() {
        for city in City.allCases {
            for fy in 2014...2027 {
                let set = ParameterSet(ruleBase: Repo.ruleBase, city: city, fiscalYear: fy, asOf: Self.asOf)
                #expect(CorporateRulesProbe.missing(set).isEmpty, "\(city) FY\(fy)")
            }
        }
    }

    @Test("a mid-year rate change without the rate before it (地方税法第314条の4: by the period's start) is found missing")
    func previousRateMissing() {
        let set = ParameterSet(ruleBase: Self.without(key: CorporateTaxKeys.taxLevyPreviousRate), city: .okazaki, fiscalYear: 2019, asOf: Self.asOf)
        #expect(CorporateRulesProbe.missing(set).map(\.key) == [CorporateTaxKeys.taxLevyPreviousRate])
        // FY2013 has no change within the year: nothing is missing there.
        let before = ParameterSet(ruleBase: Self.without(key: CorporateTaxKeys.taxLevyPreviousRate), city: .okazaki, fiscalYear: 2013, asOf: Self.asOf)
        #expect(CorporateRulesProbe.missing(before).isEmpty)
    }

    @Test("事業所税 rules without their payroll rate (第701条の42) are found missing")
    func officeTaxRateMissing() {
        let set = ParameterSet(ruleBase: Self.without(key: OfficeTaxKeys.payrollRate), city: .toyohashi, fiscalYear: 2024, asOf: Self.asOf)
        #expect(CorporateRulesProbe.missing(set).map(\.key) == [OfficeTaxKeys.payrollRate])
    }

    /// The repository's rules with one key taken out of every revision that sets it.
    static func without(key: String) -> RuleBase {
        let rb = Repo.ruleBase
        let kept = rb.revisions.map { r in
            Revision(id: r.id, title: r.title, law: r.law, promulgated: r.promulgated, adopted: r.adopted, status: r.status,
                     fromFiscalYear: r.fromFiscalYear, toFiscalYear: r.toFiscalYear, corrects: r.corrects,
                     entries: r.entries.filter { $0.key != key }, file: r.file, contentHash: r.contentHash)
        }
        return RuleBase(revisions: kept, catalogue: rb.catalogue)
    }
}
