import Foundation
import Testing
import KaiseiCore
import KaiseiEvents
import EventStore
import Certificates
import Counter
import TestSupport

/// Per-city isolation, checked as a property over generated cases: for every workflow, every
/// role of both cities and many ids of the other city, the answer is the one an id that never
/// existed gets (the id itself aside). Nothing the other city holds can be searched, seen,
/// counted or issued.
@Suite("Per-city isolation (every workflow, every role, both cities)")
struct IsolationTests {
    let f = CounterFixture.shared

    /// The outcome of a call as the client would see it: its error, or "answered".
    static func outcome(_ body: () throws -> Void) -> String {
        do { try body(); return "answered" } catch let e as CounterError { return "\(e)" } catch { return "other: \(error)" }
    }

    /// Every workflow that takes a subject id, as (name, call).
    func workflows(_ caller: Caller) -> [(String, (String) throws -> Void)] {
        let s = f.service
        return [
            ("resident", { _ = try s.resident(caller, $0, knownAt: nil, route: "test") }),
            ("resident as known at 2021", { _ = try s.resident(caller, $0, knownAt: RecordedTime(iso: "2021-06-01", dateMeansEndOfDay: true), route: "test") }),
            ("assessment", { _ = try s.assessment(caller, $0, fiscalYear: 2025, knownAt: nil, route: "test") }),
            ("household NHI", { _ = try s.householdNHI(caller, $0, fiscalYear: 2025, knownAt: nil, route: "test") }),
            ("income certificate", { _ = try s.issueCertificate(caller, kind: .income, subject: $0, fiscalYear: 2025, knownAt: nil, route: "test") }),
            ("non-taxation certificate", { _ = try s.issueCertificate(caller, kind: .nonTaxation, subject: $0, fiscalYear: 2025, knownAt: nil, route: "test") }),
            ("tax-payment certificate", { _ = try s.issueCertificate(caller, kind: .taxPayment, subject: $0, fiscalYear: 2026, knownAt: nil, route: "test") }),
            ("vehicle-inspection certificate", { _ = try s.issueCertificate(caller, kind: .vehicleInspection, subject: $0, fiscalYear: 2026, knownAt: nil, route: "test") }),
        ]
    }

    /// Ids of the other city of every kind a route takes, drawn with a seeded generator.
    func foreignIds(of city: City, count: Int, seed: UInt64) -> [String] {
        let pop = f.view.pops[city]!
        var rng = FuzzRandom(seed: seed)
        let residents = pop.residents.keys.sorted(), vehicles = pop.vehicles.keys.sorted(), households = pop.householdHeads.keys.sorted()
        var out: [String] = []
        for i in 0..<count {
            let pool = [residents, vehicles, households][i % 3]
            if !pool.isEmpty { out.append(pool[rng.below(pool.count)]) }
        }
        return out
    }

    /// An id of the same shape that exists in neither city.
    static func unknown(like id: String) -> String {
        let parts = id.split(separator: "-")
        return parts.dropLast().joined(separator: "-") + "-9" + String(repeating: "9", count: max(0, parts.last!.count - 1))
    }

    static func masked(_ text: String, _ id: String) -> String { text.replacingOccurrences(of: id, with: "<id>") }

    @Test("an id of the other city answers exactly as an unknown id, for every workflow, role and city", arguments: City.allCases)
    func otherCityIsUnknown(city: City) throws {
        let other = City.allCases.first { $0 != city }!
        let ids = foreignIds(of: other, count: 24, seed: UInt64(city.code) * 7919)
        #expect(ids.count == 24)
        var compared = 0
        for role in CounterFixture.roles {
            let caller = f.caller(city, role)
            for (name, call) in workflows(caller) {
                for id in ids {
                    let unknown = Self.unknown(like: id)
                    let foreign = Self.masked(Self.outcome { try call(id) }, id)
                    let none = Self.masked(Self.outcome { try call(unknown) }, unknown)
                    #expect(foreign == none, "\(name) as \(city) \(role) for \(id): \(foreign) vs unknown: \(none)")
                    compared += 1
                }
            }
        }
        #expect(compared == CounterFixture.roles.count * workflows(f.caller(city, .clerk)).count * 24)
    }

    @Test("a search never returns, counts or hints at the other city's residents (by their id, kana, kanji or address)", arguments: City.allCases)
    func searchStaysInCity(city: City) throws {
        let other = City.allCases.first { $0 != city }!
        let clerk = f.caller(city, .clerk)
        let otherPop = f.view.pops[other]!
        var rng = FuzzRandom(seed: 77 + UInt64(city.code))
        let ids = otherPop.residents.keys.sorted()
        for _ in 0..<30 {
            let id = ids[rng.below(ids.count)]
            var queries = [SearchQuery(text: id), SearchQuery(text: String(id.prefix(8)))]
            if let n = otherPop.names[id]?.entries.last?.value {
                queries.append(SearchQuery(text: String(n.kana.prefix(3)), limit: 200))
                queries.append(SearchQuery(text: n.name, birthDate: otherPop.residents[id]?.birthDate))
            }
            if let a = otherPop.addresses[id]?.entries.last?.value { queries.append(SearchQuery(text: a.town + a.block)) }
            for q in queries {
                let answer = try? f.service.search(clerk, q, knownAt: nil, route: "test")
                for hit in answer?.hits ?? [] { #expect(hit.id.hasPrefix(city.idPrefix + "-"), "search \(q.text) as \(city) found \(hit.id)") }
            }
        }
    }

    @Test("the audit trail of one city never shows the other city's records, whatever the filter", arguments: City.allCases)
    func auditStaysInCity(city: City) throws {
        // Something to find in both cities first.
        for c in City.allCases {
            _ = try f.service.search(f.caller(c, .clerk), SearchQuery(text: "ス"), knownAt: nil, route: "test")
        }
        let other = City.allCases.first { $0 != city }!
        let auditor = f.caller(city, .auditor)
        for filter in [AccessFilter(), AccessFilter(city: other), AccessFilter(staff: other.staffId(CounterFixture.user(other, .clerk)))] {
            let records = try f.service.auditTrail(auditor, filter, route: "test")
            #expect(records.allSatisfy { $0.record.city == city })
        }
        #expect(try f.service.auditTrail(auditor, AccessFilter(), route: "test").isEmpty == false)
    }

    @Test("roles: only clerks see residents; analysts, auditors and admins are refused the same way for any id")
    func rolesGate() throws {
        let id = f.residents(.okazaki)[3]
        for role in [Vocabulary.StaffRole.analyst, .auditor, .admin] {
            let caller = f.caller(.okazaki, role)
            let mine = Self.outcome { _ = try f.service.resident(caller, id, knownAt: nil, route: "test") }
            let unknown = Self.outcome { _ = try f.service.resident(caller, "okz-r-9999999", knownAt: nil, route: "test") }
            #expect(mine == unknown)
            #expect(mine.contains("may not"))
        }
        #expect(Self.outcome { _ = try f.service.resident(nil, id, knownAt: nil, route: "test") }.contains("log in"))
        #expect(Self.outcome { _ = try f.service.resident(f.caller(.okazaki, .clerk), id, knownAt: nil, route: "test") } == "answered")
    }
}
