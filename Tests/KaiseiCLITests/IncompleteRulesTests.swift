import Testing
import Foundation
import KaiseiCore
import TestSupport

/// A tax whose rules, as adopted at the time asked, lack a parameter the law requires is
/// refused with the parameter named — never computed as ¥0 — while the other taxes are answered.
/// (Before issue 14, FY2024 NHI as adopted on 1 March 2024 assessed ¥0 for every household.)
@Suite("Incomplete rules refuse their tax, not the others")
struct IncompleteRulesTests {
    let h = History.shared

    @Test("assess FY2024 as known at 2024-03-01 shows every tax but NHI, names the first missing NHI parameter, exits 1")
    func assessRefusesNHI() throws {
        let r = try h.kaisei(["assess", "--fiscal-year", "2024", "--known-at", "2024-03-01", "--revisions", History.revisions, "--no-snapshots"])
        #expect(r.status == 1, "\(r.stderr)")
        #expect(r.stderr.contains("国民健康保険 of okazaki FY2024 was not assessed: nhi."), "\(r.stderr)")
        #expect(r.stderr.contains("is not set for okazaki FY2024 in the rules as adopted at 2024-03-01T23:59:59"), "\(r.stderr)")
        #expect(r.stdout.contains("国民健康保険料   NOT ASSESSED"), "\(r.stdout)")
        #expect(r.stdout.contains("個人住民税     taxpayers") && r.stdout.contains("固定資産税     taxpayers"), "\(r.stdout)")
        let later = try h.kaisei(["assess", "--fiscal-year", "2024", "--known-at", "2024-07-01", "--revisions", History.revisions, "--no-snapshots"])
        #expect(later.status == 0 && !later.stdout.contains("NOT ASSESSED"), "\(later.stderr)")
    }

    @Test("a levy run with incomplete NHI rules records no NHI levy and leaves recorded ones alone")
    func levyRunSkipsRefusedTax() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("kaisei-incomplete-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let store = dir.appendingPathComponent("s.sqlite").path
        try FileManager.default.copyItem(atPath: h.store, toPath: store)
        // The store's history runs past 2027, so a run is dated after it; in this copy of the rules
        // the FY2024 NHI rates are adopted only in 2099, so at the run they are not law yet.
        let cut = dir.appendingPathComponent("revisions")
        try FileManager.default.copyItem(atPath: History.revisions, toPath: cut.path)
        let rates = cut.appendingPathComponent("nhi/rates-fy2024.yaml")
        let text = try String(contentsOf: rates, encoding: .utf8)
        try #require(text.contains("adopted: 2024-03-31T18:00:00+09:00"))
        try text.replacingOccurrences(of: "adopted: 2024-03-31T18:00:00+09:00", with: "adopted: 2099-03-31T18:00:00+09:00")
            .write(to: rates, atomically: true, encoding: .utf8)
        let r = try KaiseiBinary.run(["levy-run", "--fiscal-year", "2024", "--store", store, "--revisions", cut.path, "--no-snapshots"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stderr.contains("nhi not assessed and nothing recorded for it"), "\(r.stderr)")
        let events = try KaiseiBinary.run(["export", "--store", store]).stdout.split(separator: "\n")
        let nhiLevies = events.filter { $0.contains("\"type\":\"LevyAssessed\"") && $0.contains("\"tax\":\"nhi\"") && $0.contains("\"fiscal_year\":2024") }
        #expect(nhiLevies.isEmpty, "\(nhiLevies.prefix(2))")
        let residentLevies = events.filter { $0.contains("\"type\":\"LevyAssessed\"") && $0.contains("\"tax\":\"resident_tax\"") && $0.contains("\"fiscal_year\":2024") }
        #expect(!residentLevies.isEmpty)
    }
}
