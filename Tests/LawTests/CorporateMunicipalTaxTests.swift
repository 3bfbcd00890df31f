import Testing
import KaiseiCore
import Law

/// 法人市民税 (地方税法第312条, 第314条の4, 第321条の13). Golden cases are published worked
/// examples of other cities (the rules are national; each city's own rates are data).
@Suite("法人市民税 (corporate municipal tax)")
struct CorporateMunicipalTaxTests {
    func compute(capital: Int64?, start: String, end: String, officeFrom: String? = nil, officeUntil: String? = nil,
                 employees: Int = 10, total: Int? = nil, tax: Int64 = 0, city: City = .toyohashi) throws -> CorporateMunicipalTax.Result {
        let f = CorporateMunicipalTax.Facts(capital: capital.map { Yen($0) }, periodStart: date(start), periodEnd: date(end),
                                            officeFrom: officeFrom.map(date), officeUntil: officeUntil.map(date),
                                            employeesInCity: employees, employeesTotal: total, nationalCorporateTax: Yen(tax))
        return try CorporateMunicipalTax.compute(f, city: city, asOf: .distantFuture, trace: true, parameters: Repo.params(city, date(start).fiscalYear))
    }

    /// 逗子市 FAQ 1006907 例1: 資本金等 1,000万円, 50人以下, 事業年度 4/1–3/31, dissolved 3/30:
    /// 4/1–3/30 is 11 months and 30 days → 11 months; 50,000 × 11 ÷ 12 = 45,833 → 45,800円.
    @Test("Zushi's example 1: a part month is cut, 45,800 yen (地方税法第312条第3項)")
    func zushiDissolved() throws {
        let r = try compute(capital: 10_000_000, start: "2022-04-01", end: "2023-03-30")
        #expect(r.perCapitaAnnual == Yen(50_000) && r.months == 11 && r.perCapita == Yen(45_800))
    }

    /// 逗子市 例2: 資本金等 5,000万円, 50人以下, founded 3/10, period to 3/31: less than a month
    /// counts as one; 130,000 × 1 ÷ 12 = 10,833 → 10,800円.
    @Test("Zushi's example 2: less than a month counts as one, 10,800 yen (地方税法第312条第3項)")
    func zushiFounded() throws {
        let r = try compute(capital: 50_000_000, start: "2023-03-10", end: "2023-03-31")
        #expect(r.perCapitaAnnual == Yen(130_000) && r.months == 1 && r.perCapita == Yen(10_800))
    }

    /// 国分寺市 FAQ 1005451: a year 4/1–3/31, an office set up on 7/10: 8 months and 22 days → 8.
    @Test("Kokubunji's example: an office opened within the year counts its whole months")
    func kokubunjiMonths() {
        #expect(CorporateMunicipalTax.months(from: date("2023-07-10"), until: date("2024-03-31")) == 8)
        #expect(CorporateMunicipalTax.months(from: date("2024-03-15"), until: date("2024-03-31")) == 1)
        #expect(CorporateMunicipalTax.months(from: date("2023-04-01"), until: date("2024-03-31")) == 12)
    }

    /// 京都市 0000173416: 法人税額 3,157,000円, employees A市 25, B市 10, C町 4 (39): per
    /// employee 80,948.71 (two decimals: 39 has two digits) → 2,023,000 / 809,000 / 323,000円.
    @Test("Kyoto's division example: the base divided by employees, per-employee decimals as many as the total's digits (地方税法第321条の13)")
    func kyotoDivision() {
        let base = Yen(3_157_000)
        #expect(CorporateMunicipalTax.dividedBase(base, employeesInCity: 25, employeesTotal: 39, unit: Yen(1_000)) == Yen(2_023_000))
        #expect(CorporateMunicipalTax.dividedBase(base, employeesInCity: 10, employeesTotal: 39, unit: Yen(1_000)) == Yen(809_000))
        #expect(CorporateMunicipalTax.dividedBase(base, employeesInCity: 4, employeesTotal: 39, unit: Yen(1_000)) == Yen(323_000))
    }

    /// 下田市 111342 / 太子町: 12.3% for periods started by 2014-09-30, 9.7% from 2014-10-01,
    /// 6.0% from 2019-10-01 — decided by the period's start, not its end.
    @Test("the 法人税割 rate follows the period's start date across the 2014-10-01 and 2019-10-01 changes (地方税法第314条の4)")
    func rateByStart() throws {
        func rate(_ start: String, _ end: String) throws -> Fraction { try compute(capital: 10_000_000, start: start, end: end, tax: 1_000_000).taxLevyRate }
        #expect(try rate("2014-04-01", "2015-03-31") == Fraction(123, 1000))
        #expect(try rate("2014-09-30", "2015-09-29") == Fraction(123, 1000))
        #expect(try rate("2014-10-01", "2015-09-30") == Fraction(97, 1000))
        #expect(try rate("2019-04-01", "2020-03-31") == Fraction(97, 1000))
        #expect(try rate("2019-10-01", "2020-09-30") == Fraction(60, 1000))
        #expect(try rate("2024-04-01", "2025-03-31") == Fraction(60, 1000))
    }

    @Test("法人税割: 法人税額 cut to thousands, times the rate, cut to 100 yen; with offices elsewhere, the divided base")
    func taxLevy() throws {
        // 1,234,567 → 1,234,000 × 6.0% = 74,040 → 74,000.
        let alone = try compute(capital: 10_000_000, start: "2024-04-01", end: "2025-03-31", tax: 1_234_567)
        #expect(alone.taxBase == Yen(1_234_000) && alone.taxLevy == Yen(74_000))
        // Kyoto's B市 share under a 6.0% rate: 809,000 × 6.0% = 48,540 → 48,500.
        let divided = try compute(capital: 10_000_000, start: "2024-04-01", end: "2025-03-31", employees: 10, total: 39, tax: 3_157_000)
        #expect(divided.taxBase == Yen(809_000) && divided.taxLevy == Yen(48_500))
        #expect(divided.total == divided.perCapita + divided.taxLevy)
    }

    /// 予定申告 (前期実績, 地方税法第321条の8第1項): the previous 法人税割 × 6 ÷ its months, cut to
    /// 100 yen; for the first 事業年度 starting on or after a rate cut, × 4.7 (2014-10-01: 豊川市
    /// hozinzeiseikaisei/kaisei26, kigyo-ok.net) or × 3.7 (2019-10-01: 羽島市 0000007901, 税研
    /// no3605) — and only that first one. Worked by hand from those formulas.
    @Test("予定申告 法人税割: × 6 ÷ the previous months, × 4.7 / × 3.7 only for the first period after the 2014 and 2019 rate cuts (地方税法第321条の8第1項, 経過措置)")
    func interimFactor() throws {
        func interim(prevStart: String, prevMonths: Int = 12, start: String) throws -> CorporateMunicipalTax.Result {
            let s = date(start)
            var f = CorporateMunicipalTax.Facts(capital: Yen(10_000_000), periodStart: s, periodEnd: s.lastDayOfPeriod(months: 12),
                                                employeesInCity: 10, nationalCorporateTax: .zero)
            f.previous = .init(taxLevy: Yen(1_234_500), months: prevMonths, start: date(prevStart))
            return try CorporateMunicipalTax.compute(f, city: .okazaki, asOf: .distantFuture, trace: true, parameters: Repo.params(.okazaki, s.fiscalYear))
        }
        // 1,234,500 × 6 ÷ 12 = 617,250 → 617,200 (the period starts before the cut).
        #expect(try interim(prevStart: "2013-04-01", start: "2014-04-01").taxLevy == Yen(617_200))
        // The first period on or after 2014-10-01: × 4.7 ÷ 12 = 483,512.5 → 483,500.
        let first2014 = try interim(prevStart: "2014-04-01", start: "2015-04-01")
        #expect(first2014.taxLevy == Yen(483_500))
        #expect(first2014.steps.contains { $0.reference.contains("経過措置") && $0.label.contains("× 4.7 ÷ 12月") })
        // The next is back to × 6.
        #expect(try interim(prevStart: "2015-04-01", start: "2016-04-01").taxLevy == Yen(617_200))
        // The first on or after 2019-10-01: × 3.7 ÷ 12 = 380,637.5 → 380,600; a calendar-year
        // corporation's first is the period starting 2020-01-01 (still FY2019's parameters).
        #expect(try interim(prevStart: "2019-04-01", start: "2020-04-01").taxLevy == Yen(380_600))
        #expect(try interim(prevStart: "2019-01-01", start: "2020-01-01").taxLevy == Yen(380_600))
        // A previous period of nine months (a changed year end): × 3.7 ÷ 9 = 507,516.6 → 507,500.
        #expect(try interim(prevStart: "2019-07-01", prevMonths: 9, start: "2020-04-01").taxLevy == Yen(507_500))
        // A period that starts on the cut has a previous one that started before it: transitional.
        #expect(try interim(prevStart: "2018-10-01", start: "2019-10-01").taxLevy == Yen(380_600))
        // Its successor, and a period started before the cut, take × 6.
        #expect(try interim(prevStart: "2019-10-01", start: "2020-10-01").taxLevy == Yen(617_200))
        #expect(try interim(prevStart: "2018-04-01", start: "2019-04-01").taxLevy == Yen(617_200))
        #expect(try interim(prevStart: "2024-04-01", start: "2025-04-01").taxLevy == Yen(617_200))
    }

    @Test("均等割: more than 50 employees in the city takes the other column; 公益法人等 pay the minimum")
    func brackets() throws {
        #expect(try compute(capital: 500_000_000, start: "2024-04-01", end: "2025-03-31", employees: 50).perCapitaAnnual == Yen(160_000))
        #expect(try compute(capital: 500_000_000, start: "2024-04-01", end: "2025-03-31", employees: 51).perCapitaAnnual == Yen(400_000))
        #expect(try compute(capital: 10_000_001, start: "2024-04-01", end: "2025-03-31").perCapitaAnnual == Yen(130_000))
        #expect(try compute(capital: 6_000_000_000, start: "2024-04-01", end: "2025-03-31", employees: 300).perCapitaAnnual == Yen(3_000_000))
        #expect(try compute(capital: nil, start: "2024-04-01", end: "2025-03-31").perCapita == Yen(50_000))
    }
}

@Suite("Revision sets by scope")
struct RevisionSetScopeTests {
    @Test("law data for the corporate tax and for collection never changes the individual taxes' revision set (recorded levy runs and issued certificates keep reproducing)")
    func scopesAreIndependent() {
        let rb = Repo.ruleBase
        let individualOnly = RuleBase(revisions: rb.revisions.filter { (ParameterFolder(revisionFile: $0.file)?.scope ?? .individual) == .individual },
                                      catalogue: rb.catalogue)
        for at in ["2016-06-01T00:00:00+09:00", "2022-06-10T09:00:00+09:00", "2026-06-10T09:00:00+09:00"] {
            let asOf = RecordedTime(iso: at)!
            #expect(rb.revisionSetHash(asOf: asOf) == individualOnly.revisionSetHash(asOf: asOf))
            #expect(rb.revisionSetHash(asOf: asOf, scope: .corporate) != rb.revisionSetHash(asOf: asOf))
            #expect(individualOnly.revisionSetHash(asOf: asOf, scope: .collection) != rb.revisionSetHash(asOf: asOf, scope: .collection))
        }
        #expect(rb.revisions.contains { ParameterFolder(revisionFile: $0.file) == .collection })
        #expect(rb.revisions.contains { ParameterFolder(revisionFile: $0.file) == .corporateTax })
    }
}
