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

    @Test("rules without a 申告納付期限's months (第321条の8, 第701条の47) are found missing, and a month count the calendar cannot hold is refused")
    func deadlineMonthsMissing() throws {
        for key in [CorporateTaxKeys.finalMonths, OfficeTaxKeys.individualDiedMonths] {
            let set = ParameterSet(ruleBase: Self.without(key: key), city: .okazaki, fiscalYear: 2024, asOf: Self.asOf)
            #expect(CorporateRulesProbe.missing(set).map(\.key) == [key])
        }
        let d = try CorporateDeadlineRules(ParameterSet(ruleBase: Repo.ruleBase, city: .toyohashi, fiscalYear: 2024, asOf: Self.asOf))
        #expect(d == CorporateDeadlineRules(finalMonths: 2, interimPeriodMonths: 6, officeTaxFinalMonths: 2, individualMonth: 3, individualDay: 15,
                                            individualEndedMonths: 1, individualDiedMonths: 4))
        let zero = Self.replacing(key: OfficeTaxKeys.individualEndedMonths, with: .count(0))
        let refused = CorporateRulesProbe.missing(ParameterSet(ruleBase: zero, city: .okazaki, fiscalYear: 2024, asOf: Self.asOf))
        #expect(refused.map(\.key) == [OfficeTaxKeys.individualEndedMonths])
        // Set but out of range: said so, with the value, its range and the revision, not "is not set".
        #expect(refused.first?.description.hasPrefix("office_tax.deadline.individual_ended_months is 0, outside 1–24 (revision corporate-deadlines-fy2013) for okazaki") == true,
                "\(refused.first?.description ?? "")")
        let day31 = Self.replacing(key: OfficeTaxKeys.individualDay, with: .count(31))
        let byDay = CorporateRulesProbe.missing(ParameterSet(ruleBase: day31, city: .okazaki, fiscalYear: 2024, asOf: Self.asOf))
        #expect(byDay.first?.description.contains("is 31, outside 1–28") == true, "\(byDay.first?.description ?? "")")
        // A missing one still reads as missing.
        #expect(CorporateRulesProbe.missing(ParameterSet(ruleBase: Self.without(key: CorporateTaxKeys.finalMonths), city: .okazaki, fiscalYear: 2024, asOf: Self.asOf))
            .first?.description.hasPrefix("corporate.deadline.final_months is not set for okazaki") == true)
    }

    /// The repository's rules with one key's value replaced in every revision that sets it.
    static func replacing(key: String, with value: ParameterValue) -> RuleBase {
        let rb = Repo.ruleBase
        let changed = rb.revisions.map { r in
            Revision(id: r.id, title: r.title, law: r.law, promulgated: r.promulgated, adopted: r.adopted, status: r.status,
                     fromFiscalYear: r.fromFiscalYear, toFiscalYear: r.toFiscalYear, corrects: r.corrects,
                     entries: r.entries.map { e in e.key == key ? Revision.Entry(key: e.key, city: e.city, value: value, reference: e.reference, verified: e.verified, note: e.note, line: e.line) : e }, file: r.file, contentHash: r.contentHash)
        }
        return RuleBase(revisions: changed, catalogue: rb.catalogue)
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
