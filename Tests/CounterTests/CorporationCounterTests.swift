import Foundation
import Testing
import KaiseiCore
import Replay
import Law
import Assessment
import Counter
import TestSupport
import EventStore
import KaiseiServer

/// Corporations at the counter: found by name or 法人番号 beside the residents, their 宛名 page
/// with 法人市民税 and 事業所税, and their 納税証明書 — each read recorded, and another city's
/// corporation (the same 法人番号 in both cities) answered exactly as an unknown id.
@Suite("Corporations at the counter: search, their page and their 納税証明書")
struct CorporationCounterTests {
    let f = CounterFixture.shared

    /// An Okazaki corporation with a recorded 法人市民税 of FY2026, and its name.
    func levied(_ city: City) throws -> (id: String, name: RegisteredName) {
        let pop = f.view.pops[city]!
        let id = try #require(pop.corporations.keys.sorted().first { id in
            (pop.ledger.levies[id] ?? []).contains { $0.tax == .corporateTax && $0.fiscalYear == 2026 } && pop.names[id] != nil
        }, "the fixture has no \(city) corporation with a FY2026 法人市民税")
        return (id, pop.names[id]!.entries.last!.value)
    }

    @Test("a clerk finds a corporation by part of its kana name and by its 法人番号; each search is in the access record")
    func search() throws {
        let (id, name) = try levied(.okazaki)
        let clerk = f.caller(.okazaki, .clerk)
        // The part after 「カブシキガイシャ」 or 「イッパンシャダンホウジン」: a clerk types the name itself.
        let part = String(name.kana.dropFirst(name.kana.hasPrefix("カブシキガイシャ") ? 8 : 12).prefix(3))
        let route = "test corporation search \(UUID().uuidString)"
        let byKana = try f.service.searchCorporations(clerk, part, knownAt: nil, route: route)
        #expect(byKana.hits.contains { $0.id == id }, "\(part)")
        #expect(byKana.hits.allSatisfy { $0.id.hasPrefix("okz-") })
        // Tests beside this one read too: find this search's own record by its route.
        let records = try SQLiteAccessLog(path: f.store, readOnly: true).accessRecords(AccessFilter(city: .okazaki, subject: id, limit: 10_000_000))
        let own = records.map(\.record).filter { (r: AccessRecord) -> Bool in r.route == route }
        #expect(own.count == 1 && own.first?.purpose == "search" && own.first?.staff == clerk.staffId)
        let number = try #require(f.view.pops[.okazaki]!.corporations[id]!.corporateNumber)
        #expect(try f.service.searchCorporations(clerk, number, knownAt: nil, route: "test").hits.map(\.id) == [id])
    }

    @Test("a name written with kanji numerals (八, 三, 百…) is searched as a name, not as a 法人番号")
    func kanjiNumeralName() throws {
        let pop = f.view.pops[.okazaki]!
        let clerk = f.caller(.okazaki, .clerk)
        // The fixture's corporations whose current name has a run of non-ASCII numeric characters.
        let withNumeral = pop.corporations.keys.sorted().compactMap { id -> (String, String)? in
            guard let name = pop.names[id]?.entries.last?.value.name else { return nil }
            let run = name.drop { !($0.isNumber && !$0.isASCII) }.prefix { $0.isNumber && !$0.isASCII }
            return run.isEmpty ? nil : (id, String(run))
        }
        let (id, numeral) = try #require(withNumeral.first, "no corporation name with a kanji numeral in the fixture")
        #expect(try f.service.searchCorporations(clerk, numeral, knownAt: nil, route: "test").hits.contains { $0.id == id }, "\(numeral)")
    }

    @Test("a corporation with offices in both cities: each city's clerk finds only its own record of the 法人番号, and the other's id is not found, exactly as an unknown id")
    func otherCity() throws {
        let okz = f.view.pops[.okazaki]!, toy = f.view.pops[.toyohashi]!
        let toyNumbers = Dictionary(toy.corporations.compactMap { id, c in c.corporateNumber.map { ($0, id) } }, uniquingKeysWith: min)
        let shared = try #require(okz.corporations.keys.sorted().first { id in okz.corporations[id]!.corporateNumber.map { toyNumbers[$0] != nil } ?? false },
                                  "the fixture has no corporation with offices in both cities")
        let number = okz.corporations[shared]!.corporateNumber!
        let toyClerk = f.caller(.toyohashi, .clerk)
        #expect(try f.service.searchCorporations(toyClerk, number, knownAt: nil, route: "test").hits.map(\.id) == [toyNumbers[number]!])
        func notFound(_ id: String) -> String? {
            do { _ = try f.service.corporation(toyClerk, id, knownAt: nil, route: "test"); return nil } catch { return "\(error)".replacingOccurrences(of: id, with: "ID") }
        }
        #expect(notFound(shared) != nil)
        #expect(notFound(shared) == notFound("okz-c-9999999"))
    }

    /// The record's figures by the counter's path (the corporation's own events, replayed alone
    /// as known at the moment) against the ledger of the whole city's replay.
    @Test("the corporation's record shows each recorded levy with its 更正 and payments, the same as the whole city's ledger; the 納税証明書 is issued for it")
    func recordAndCertificate() throws {
        let (id, name) = try levied(.okazaki)
        let clerk = f.caller(.okazaki, .clerk)
        let at = f.headAtCreation.recordedAt
        let r = try f.service.corporation(clerk, id, knownAt: at, route: "test")
        #expect(r.name == name)
        #expect(!r.returns.isEmpty && !r.offices.isEmpty)
        let pop = f.view.pops[.okazaki]!
        let ledger = (pop.ledger.levies[id] ?? []).filter { $0.fiscalYear >= at.japanDate.fiscalYear - 4 && $0.recordedAt <= at }
        #expect(Set(r.levies.map { "\($0.tax.rawValue) \($0.fiscalYear)" }) == Set(ledger.map { "\($0.tax.rawValue) \($0.fiscalYear)" }))
        let fy2026 = try #require(r.levies.first { $0.tax == .corporateTax && $0.fiscalYear == 2026 })
        #expect(fy2026.amount == ledger.filter { $0.tax == .corporateTax && $0.fiscalYear == 2026 }.last!.amount)
        let paid = (pop.ledger.payments[id] ?? []).filter { $0.tax == .corporateTax && $0.fiscalYear == 2026 && $0.kind == .tax && $0.recordedAt <= at && $0.date <= at.japanDate }
            .reduce(Yen.zero) { $0 + $1.amount }
        #expect(fy2026.paid == min(paid, fy2026.amount))
        let issued = try f.service.issueCertificate(clerk, kind: .taxPayment, subject: id, fiscalYear: 2026, knownAt: at, route: "test")
        let text = issued.certificate.json
        #expect(text.contains(name.name), "\(text.prefix(400))")
        #expect(text.contains(#""levied":\#(fy2026.amount.amount)"#), "\(text.prefix(800))")
    }

    @Test("a corporation's page names the 課税標準の特例 use of an office and the floor put to it (地方税法第701条の41)")
    func specialUsePage() throws {
        let found = City.allCases.lazy.compactMap { city -> (City, String, OfficeSpell)? in
            let pop = self.f.view.pops[city]!
            for id in pop.corporations.keys.sorted() {
                if let spell = pop.corporations[id]!.offices.first(where: { $0.floor.specialUse != nil }) { return (city, id, spell) }
            }
            return nil
        }.first
        let (city, id, spell) = try #require(found, "the fixture's generated corporations include one with a 特例 use (about 3.5% have one)")
        let server = try f.server()
        let (clerk, _) = try server.login(city, .clerk)
        let page = try clerk.request("GET", "/corporations/\(id)")
        let use = OfficeTaxKeys.useName(spell.floor.specialUse!.rawValue)
        #expect(page.status == 200 && page.text.contains("課税標準の特例") && page.text.contains(use)
                && page.text.contains(OfficeTax.squareMetres(spell.floor.specialCentiM2)), "\(use)")
    }

    /// A 予定申告 not filed by its 提出期限 is deemed filed on it (地方税法第321条の8第1項後段): the
    /// clerk sees it in the list of returns, marked as deemed and with no record time, from the
    /// day after the 提出期限 (2025-11-30, a Sunday: moved to 12-01) — the same facts as
    /// CorporateLevyTests.deemedInterim, whose levy is checked there.
    @Test("a 予定申告 deemed filed is listed among the corporation's returns, marked deemed, once its 提出期限 has passed (地方税法第321条の8第1項後段)")
    func deemedReturnListed() throws {
        let subject = "toy-c-9000031"
        let service = try f.service(of: subject, in: .toyohashi, [
            (#""type":"CorporationRegistered","valid_date":"2010-04-01""#, "{}"),
            (#""type":"OfficeOpened","valid_date":"2010-04-01""#, #"{"floor_m2":300,"office":"main"}"#),
            (#""type":"CorporateReturnFiled","valid_date":"2025-05-28""#,
             #"{"capital":300000000,"employees_in_city":10,"kind":"final","national_corporate_tax":3157000,"period_end":"2025-03-31","period_start":"2024-04-01"}"#),
        ], recordedOn: "2025-06-01")
        let clerk = f.caller(.toyohashi, .clerk)
        func returns(_ at: String) throws -> [CorporationRecord.Return] {
            try service.corporation(clerk, subject, knownAt: RecordedTime(iso: at)!, route: "test").returns
        }
        let before = try returns("2025-12-01T23:00:00+09:00")
        #expect(before.count == 1 && !before.contains(where: \.deemed), "the moved 提出期限 has not passed")
        let after = try returns("2025-12-02T09:00:00+09:00")
        let deemed = try #require(after.first)
        #expect(after.count == 2 && deemed.deemed && deemed.kind == .interim && deemed.recordedAt == nil)
        #expect(deemed.periodStart == CivilDate(iso: "2025-04-01") && deemed.periodEnd == CivilDate(iso: "2026-03-31") && deemed.filed == CivilDate(iso: "2025-11-30"))
        #expect(after[1].kind == .final && !after[1].deemed && after[1].recordedAt != nil)
    }

    @Test("the pages: the search lists the corporation under 法人 with a link to its page; its page and its certificate form answer; another city's corporation is the not-found page")
    func pages() throws {
        let (id, name) = try levied(.okazaki)
        let server = try f.server()
        let (clerk, _) = try server.login(.okazaki, .clerk)
        let part = String(name.name.dropFirst(name.name.hasPrefix("株式会社") ? 4 : 6).prefix(2))
        let search = try clerk.request("GET", "/residents?q=\(LoopbackHTTPClient.percentEncode(part))")
        #expect(search.status == 200 && search.text.contains("<h2>法人</h2>") && search.text.contains("/corporations/\(id)"), "\(part)")
        let page = try clerk.request("GET", "/corporations/\(id)")
        #expect(page.status == 200 && page.text.contains(name.name) && page.text.contains("法人市民税") && page.text.contains("kind=tax-payment"))
        let (toyClerk, _) = try server.login(.toyohashi, .clerk)
        let other = try toyClerk.request("GET", "/corporations/\(id)")
        let unknown = try toyClerk.request("GET", "/corporations/toy-c-9999999")
        #expect(other.status == 404 && unknown.status == 404)
        #expect(other.text.replacingOccurrences(of: id, with: "ID") == unknown.text.replacingOccurrences(of: "toy-c-9999999", with: "ID"))
        // The API for the cities' scripts: the same record as JSON, and the search.
        let api = try clerk.request("GET", "/api/corporations/\(id)")
        let record = try #require(try api.json() as? [String: Any])
        #expect(api.status == 200 && record["name"] as? String == name.name && (record["levies"] as? [String: Any])?["corporate_tax"] != nil)
        let found = try clerk.request("GET", "/api/corporations?q=\(LoopbackHTTPClient.percentEncode(part))")
        #expect(found.status == 200 && found.text.contains("\"id\":\"\(id)\""), "\(found.text.prefix(300))")
        #expect(try toyClerk.request("GET", "/api/corporations/\(id)").status == 404)
    }
}
