import Testing
import Foundation
import KaiseiCore
import TestSupport

/// 固定資産税 and 都市計画税 collected together (地方税法第702条の8第1項; `due.city_planning_with_fixed_asset`,
/// adopted 2026-12-06 00:00 JST): one account per 期 for their sum. Checked against 豊橋市's
/// published worked example, whose 第1期 of "固定資産税・都市計画税" is one sum of 65,000 yen bearing
/// 3,400 yen of 延滞金 (city.toyohashi.lg.jp dd.aspx?menuid=10874; LateInterestTests works it by hand),
/// not against the code: split into two levies the same 65,000 bore 2,800 + 0.
@Suite("Collection: 固定資産税 and 都市計画税 collected together (地方税法第702条の8)")
final class JointPropertyCollectionTests {
    let dir: URL
    init() throws {
        dir = FileManager.default.temporaryDirectory.appendingPathComponent("kaisei-joint-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    }
    deinit { try? FileManager.default.removeItem(at: dir) }

    static let subject = "toy-r-9100031"
    static let after = "2026-12-10T12:00:00+09:00", before = "2026-12-05T12:00:00+09:00"

    /// A Toyohashi resident: FY2021 固定資産税 of 209,400 and 都市計画税 of 47,600 noticed 2021-04-10,
    /// 257,000 together. Toyohashi's 納期限 for FY2021: 05-31, 07-31 → 08-02 (a Saturday), 12-25 →
    /// 12-27, 2022-02-28. Split as one sum (第20条の4の2第6項: 1,000-yen parts, the remainder on
    /// the first): 65,000 + 64,000 × 3. Apart: 53,400 + 52,000 × 3 and 14,600 + 11,000 × 3.
    /// Nothing is paid until 2022-01-31, when 65,000 is (as one slip of the 固定資産税, or as two
    /// slips of 53,500 and 11,500 when `twoSlips`).
    static func lines(cityPlanningFirst: Bool = false, twoSlips: Bool = false) -> String {
        let s = subject
        let fa = #"{"id":"j-fa","city":"toyohashi","subject":"\#(s)","type":"LevyAssessed","valid_date":"2021-04-10","recorded_at":"2021-04-10T09:0\#(cityPlanningFirst ? 1 : 0):00+09:00","payload":{"amount":209400,"fiscal_year":2021,"revision_set":"test","tax":"fixed_asset_tax","watermark":1}}"#
        let cp = #"{"id":"j-cp","city":"toyohashi","subject":"\#(s)","type":"LevyAssessed","valid_date":"2021-04-10","recorded_at":"2021-04-10T09:0\#(cityPlanningFirst ? 0 : 1):00+09:00","payload":{"amount":47600,"fiscal_year":2021,"revision_set":"test","tax":"city_planning_tax","watermark":1}}"#
        var lines = [
            #"{"id":"j-reg","city":"toyohashi","subject":"\#(s)","type":"ResidentRegistered","valid_date":"2013-04-01","recorded_at":"2013-04-02T09:00:00+09:00","payload":{"reason":"existing","birth_date":"1960-03-01","household":"toy-h-9100031","relationship_to_head":"head"}}"#,
        ]
        lines += cityPlanningFirst ? [cp, fa] : [fa, cp]
        if twoSlips {
            lines.append(#"{"id":"j-p1","city":"toyohashi","subject":"\#(s)","type":"PaymentReceived","valid_date":"2022-01-31","recorded_at":"2022-02-01T09:00:00+09:00","payload":{"amount":53500,"fiscal_year":2021,"tax":"fixed_asset_tax"}}"#)
            lines.append(#"{"id":"j-p2","city":"toyohashi","subject":"\#(s)","type":"PaymentReceived","valid_date":"2022-01-31","recorded_at":"2022-02-01T09:01:00+09:00","payload":{"amount":11500,"fiscal_year":2021,"tax":"city_planning_tax"}}"#)
        } else {
            lines.append(#"{"id":"j-p","city":"toyohashi","subject":"\#(s)","type":"PaymentReceived","valid_date":"2022-01-31","recorded_at":"2022-02-01T09:00:00+09:00","payload":{"amount":65000,"fiscal_year":2021,"tax":"fixed_asset_tax"}}"#)
        }
        return lines.joined(separator: "\n") + "\n"
    }

    func store(_ name: String, _ text: String) throws -> String {
        let (store, r) = try KaiseiBinary.importedStore(in: dir, name, text)
        #expect(r.status == 0, "\(r.stderr)")
        return store
    }

    func kaisei(_ args: [String], _ store: String) throws -> KaiseiBinary.Result {
        try KaiseiBinary.run(args + ["--store", store, "--revisions", History.revisions])
    }

    func certificate(_ store: String, knownAt: String) throws -> JSONValue {
        let r = try kaisei(["certificate", "tax-payment", "--subject", Self.subject, "--fiscal-year", "2021", "--known-at", knownAt, "--no-snapshots"], store)
        #expect(r.status == 0, "\(r.stderr)")
        return try JSONParser.parse(r.stdout)
    }

    func int(_ v: JSONValue?) -> Int64? { if case .integer(let i)? = v { return i }; return nil }
    func str(_ v: JSONValue?) -> String? { if case .string(let x)? = v { return x }; return nil }
    func array(_ v: JSONValue?) -> [JSONValue] { if case .array(let a)? = v { return a }; return [] }

    @Test("the 第1期 of 固定資産税・都市計画税 is one sum, 65,000 yen, and bears 豊橋市's published 3,400 yen of 延滞金 (地方税法第702条の8第1項, 第369条, 附則第3条の2)")
    func toyohashiWorkedExample() throws {
        let store = try store("a", Self.lines())
        let c = try certificate(store, knownAt: Self.after)
        let lines = array(c["body"]?["lines"])
        #expect(lines.count == 1, "one line for the two taxes: \(lines.map { str($0["tax"]) ?? "" })")
        let line = try #require(lines.first)
        #expect(str(line["tax"]) == "fixed_asset_tax" && str(line["name"]) == "固定資産税・都市計画税" && str(line["collected_with"]) == "city_planning_tax")
        #expect(int(line["levied"]) == 257_000 && int(line["paid"]) == 65_000 && int(line["unpaid"]) == 192_000)
        let parts = array(line["instalments"])
        #expect(parts.map { int($0["amount"]) } == [65_000, 64_000, 64_000, 64_000])
        #expect(parts.map { str($0["due_date"]) } == ["2021-05-31", "2021-08-02", "2021-12-27", "2022-02-28"])
        #expect(str(parts.first?["paid_in_full_on"]) == "2022-01-31")
        // 65,000 × 2.5 % × 30 / 365 = 133; × 8.8 % × 184 / 365 = 2,883; × 8.7 % × 31 / 365 = 480: 3,496 → 3,400.
        #expect(int(parts.first?["late_interest"]) == 3_400, "\(String(describing: parts.first))")
        // Each tax's share of what was paid, pro rata (65,000 × 209,400 / 257,000 = 52,961.09 → 52,961; the rest 12,039).
        let shares = array(line["parts"]).map { "\(str($0["tax"]) ?? "") \(int($0["levied"]) ?? -1) \(int($0["paid"]) ?? -1) \(int($0["unpaid"]) ?? -1)" }
        #expect(shares == ["fixed_asset_tax 209400 52961 156439", "city_planning_tax 47600 12039 35561"], "\(shares)")

        // As known before the adoption, the two levies as they were: two lines, each its own 期別,
        // the payment all the 固定資産税's (its 第1期 of 53,400 paid on 2022-01-31, 11,600 to its 第2期).
        let old = try certificate(store, knownAt: Self.before)
        let oldLines = array(old["body"]?["lines"])
        #expect(oldLines.map { str($0["tax"]) } == ["fixed_asset_tax", "city_planning_tax"])
        #expect(oldLines.map { array($0["instalments"]).first.flatMap { int($0["amount"]) } } == [53_400, 14_600])
        #expect(oldLines.allSatisfy { $0["parts"] == nil && $0["collected_with"] == nil })

        let html = try kaisei(["certificate", "tax-payment", "--subject", Self.subject, "--fiscal-year", "2021", "--known-at", Self.after,
                               "--no-snapshots", "--format", "html"], store)
        #expect(html.stdout.contains("固定資産税・都市計画税") && html.stdout.contains("うち都市計画税"))
    }

    @Test("one 督促状 and one 督促手数料 per 期 of the two taxes together; apart, as known before the adoption, one per tax (地方税法第702条の8第1項, 第371条)")
    func oneDemandPerInstalment() throws {
        let joint = try store("d1", Self.lines())
        let d = try kaisei(["payments", "demand", "--through", "2022-03-31", "--at", "2026-12-10T10:00:00+09:00", "--no-snapshots"], joint)
        #expect(d.status == 0, "\(d.stderr)")
        // Each of the four 期 unpaid on its 納期限 + 20 days (the first was paid only on 2022-01-31).
        #expect(d.stdout.contains("4 督促状, 4 events recorded"), "\(d.stdout)")
        let c = try certificate(joint, knownAt: Self.after)
        #expect(int(array(c["body"]?["lines"]).first?["demand_fees"]) == 400)

        let apart = try store("d2", Self.lines())
        let e = try kaisei(["payments", "demand", "--through", "2022-03-31", "--at", "2026-12-05T10:00:00+09:00", "--no-snapshots"], apart)
        #expect(e.stdout.contains("8 督促状, 8 events recorded"), "\(e.stdout)")
    }

    @Test("収納状況 splits what came in for the two taxes pro rata to their amounts; as known before the adoption, by the tax each payment named")
    func statusApportioned() throws {
        let store = try store("s", Self.lines())
        func received(_ knownAt: String) throws -> [String] {
            let r = try kaisei(["payments", "status", "--fiscal-year", "2021", "--city", "toyohashi", "--known-at", knownAt, "--format", "json", "--no-snapshots"], store)
            #expect(r.status == 0, "\(r.stderr)")
            return array(try JSONParser.parse(r.stdout)["rows"]).map {
                "\(str($0["tax"]) ?? "") \(int($0["current"]?["levied"]) ?? -1) \(int($0["current"]?["received"]) ?? -1)"
            }
        }
        #expect(try received(Self.after) == ["fixed_asset_tax 209400 52961", "city_planning_tax 47600 12039"])
        #expect(try received(Self.before) == ["fixed_asset_tax 209400 65000", "city_planning_tax 47600 0"])
    }

    @Test("the same facts in another valid order — the 都市計画税 recorded first, the 65,000 paid as two slips naming each tax — give the same 納税証明書")
    func anotherOrder() throws {
        let a = try certificate(try store("o1", Self.lines()), knownAt: Self.after)
        let b = try certificate(try store("o2", Self.lines(cityPlanningFirst: true, twoSlips: true)), knownAt: Self.after)
        #expect(a["body"] == b["body"])
        #expect(a["body"] != nil)
    }

    /// A 減額更正 of the 都市計画税 to 0, dated on the notice day (2021-04-10) but recorded on
    /// 2021-06-01: a correction of the sum, taken from the last 期 backwards (65,000, 64,000,
    /// 64,000, then 64,000 − 47,600 = 16,400), not a new split of the 209,400 left (53,400 +
    /// 52,000 × 3), which the two records of one levy run are merged into.
    @Test("a correction dated on the notice day but recorded later is a 更正 of the sum, lowered from the last 期, not a new split of it")
    func laterCorrectionSameDay() throws {
        let cut = #"{"id":"j-cut","city":"toyohashi","subject":"\#(Self.subject)","type":"LevyCorrected","valid_date":"2021-04-10","recorded_at":"2021-06-01T09:00:00+09:00","payload":{"amount":0,"fiscal_year":2021,"reason":"減額更正","revision_set":"test","tax":"city_planning_tax","watermark":2}}"#
        var lines = Self.lines().split(separator: "\n").map(String.init)
        lines.insert(cut, at: lines.count - 1)
        let c = try certificate(try store("c", lines.joined(separator: "\n") + "\n"), knownAt: Self.after)
        let certLines = array(c["body"]?["lines"])
        let line = try #require(certLines.first)
        #expect(int(line["levied"]) == 209_400)
        #expect(array(line["instalments"]).map { int($0["amount"]) } == [65_000, 64_000, 64_000, 16_400])
    }
}
