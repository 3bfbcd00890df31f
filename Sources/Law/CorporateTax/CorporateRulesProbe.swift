import KaiseiCore

/// Which parameters the corporate calculators would miss under a rule set, found by running
/// them: every branch that reads a parameter (均等割 with and without 資本金等の額, either side of
/// the employee limit, a period starting before and after a mid-year rate change; 事業所税's
/// two parts) once on made-up facts.
///
/// Why by running rather than by listing keys: the levy fold refuses a tax whose rules are
/// incomplete before assessing anyone, and must never meet a missing parameter midway — that
/// would leave one corporation's levy out of a total without a word. Asking the calculators
/// themselves keeps the refusal exactly as wide as what they read, whatever is added to them.
public enum CorporateRulesProbe {
    private static let years = CivilDate.supportedYears
    public static func missing(_ p: ParameterSet) -> [MissingParameter] {
        var out: [MissingParameter] = []
        func note(_ e: MissingParameter) { if !out.contains(where: { $0.key == e.key }) { out.append(e) } }
        let early = CivilDate(year: Self.years.lowerBound, month: 1, day: 1)!, late = CivilDate(year: Self.years.upperBound - 1, month: 1, day: 1)!
        for start in [early, late] {
            for capital in [Yen?.none, Yen(1)] {
                for employees in [0, Int(Int32.max)] {
                    let f = CorporateMunicipalTax.Facts(capital: capital, periodStart: start, periodEnd: start.adding(days: 364),
                                                        employeesInCity: employees, nationalCorporateTax: Yen(1_000))
                    do { _ = try CorporateMunicipalTax.compute(f, city: p.city, asOf: p.asOf, trace: false, parameters: p) } catch { note(error) }
                }
            }
            // A 予定申告 from the previous period: whether one is required, and its 法人税割 (the
            // transitional factor is optional: read only where the set names it).
            var interim = CorporateMunicipalTax.Facts(capital: Yen(1), periodStart: start, periodEnd: start.adding(days: 364),
                                                      employeesInCity: 1, nationalCorporateTax: .zero)
            interim.previous = .init(taxLevy: Yen(1_000), months: 12, start: early)
            do {
                _ = try CorporateMunicipalTax.interimRequired(previousNationalTax: Yen(1_000), months: 12, parameters: p)
                _ = try CorporateMunicipalTax.compute(interim, city: p.city, asOf: p.asOf, trace: false, parameters: p)
            } catch { note(error) }
        }
        do { _ = try CorporateDeadlineRules(p) } catch { note(error) }
        let office = OfficeTax.Facts(periodStart: early, periodEnd: early.adding(days: 364), offices: [.init(floorCentiM2: 100)],
                                     employeesAtEnd: 1, payroll: Yen(1_000))
        do { _ = try OfficeTax.compute(office, city: p.city, asOf: p.asOf, trace: false, parameters: p) } catch { note(error) }
        return out
    }
}
