import Testing
import KaiseiCore
import Law

/// Values that were literals inside the fold, the building calculator and the certificate builder,
/// now named constants of the law layer, each with its statute.
@Suite("Statutory constants of the law layer")
struct FormerLiteralTests {
    @Test("産前産後期間: the month before the expected month and four in all; a multiple birth three months before and six in all")
    func maternityWindow() throws {
        let window = try #require(NHIParameters(Repo.params(.okazaki, 2024)).maternityWindow)
        let may = try #require(YearMonth(iso: "2024-05"))
        #expect(window.exemptMonths(expected: may, multiple: false).map(\.description) == ["2024-04", "2024-05", "2024-06", "2024-07"])
        #expect(window.exemptMonths(expected: may, multiple: true).map(\.description) == ["2024-02", "2024-03", "2024-04", "2024-05", "2024-06", "2024-07"])
    }

    @Test("地方税法施行令附則第12条: a mixed building qualifies for 新築住宅の減額 when at least half its floor is dwelling")
    func newHousingDwellingShare() {
        let p = FixedAssetParameters(Repo.params(.toyohashi, 2024))
        #expect(p.newHousingDwellingShareSuffices(dwellingFloor: 5_000, floor: 10_000))
        #expect(!p.newHousingDwellingShareSuffices(dwellingFloor: 4_999, floor: 10_000))
    }

    @Test("継続検査用: the FY2024 certificate is valid until 31 May 2025")
    func vehicleInspectionValidity() {
        #expect(CertificateParameters(Repo.params(.okazaki, 2024)).vehicleInspectionValidUntil == CivilDate(year: 2025, month: 5, day: 31))
    }
}
