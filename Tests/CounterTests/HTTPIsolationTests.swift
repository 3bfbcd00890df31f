import Foundation
import Testing
import KaiseiCore
import KaiseiEvents
import Counter
import KaiseiServer
import TestSupport

/// The same property through `kaisei serve` itself: every API route, as every role of both
/// cities and as nobody, with ids of the other city, answers with the status and body an
/// unknown id gets. The route table must cover every operation of /openapi.json, so a route
/// added later cannot skip this test.
@Suite("Per-city isolation over HTTP (kaisei serve)", .serialized)
struct HTTPIsolationTests {
    let f = CounterFixture.shared

    /// Every /api operation with a way to aim it at a subject id.
    nonisolated(unsafe) static let routes: [(operation: String, call: (LoopbackHTTPClient, String, String) throws -> LoopbackResponse)] = [
        ("GET /api/residents", { c, _, id in try c.request("GET", "/api/residents?q=\(id)") }),
        ("GET /api/residents/{id}", { c, _, id in try c.request("GET", "/api/residents/\(id)") }),
        ("GET /api/corporations", { c, _, id in try c.request("GET", "/api/corporations?q=\(id)") }),
        ("GET /api/corporations/{id}", { c, _, id in try c.request("GET", "/api/corporations/\(id)") }),
        ("GET /api/residents/{id}/assessment", { c, _, id in try c.request("GET", "/api/residents/\(id)/assessment?fiscal_year=2025") }),
        ("GET /api/households/{id}/nhi", { c, _, id in try c.request("GET", "/api/households/\(id)/nhi?fiscal_year=2025") }),
        ("POST /api/certificates", { c, csrf, id in
            try c.json("POST", "/api/certificates", ["kind": "income", "subject": id, "fiscal_year": 2025], headers: [("X-CSRF-Token", csrf)])
        }),
        ("POST /api/certificates/verify", { c, csrf, id in
            try c.json("POST", "/api/certificates/verify", ["certificate": Self.forgedCertificate(subject: id)], headers: [("X-CSRF-Token", csrf)])
        }),
        // The same, but the document claims the caller's own city for the other city's subject.
        ("POST /api/certificates/verify", { c, csrf, id in
            try c.json("POST", "/api/certificates/verify", ["certificate": Self.forgedCertificate(subject: id, claimOtherCity: true)],
                       headers: [("X-CSRF-Token", csrf)])
        }),
        ("GET /api/audit", { c, _, id in try c.request("GET", "/api/audit?subject=\(id)") }),
        ("GET /api/staff", { c, _, _ in try c.request("GET", "/api/staff") }),
        ("POST /api/staff", { c, csrf, id in
            try c.json("POST", "/api/staff", ["user": id, "role": "clerk", "password": "short"], headers: [("X-CSRF-Token", csrf)])
        }),
        ("POST /api/staff/{user}/disable", { c, csrf, id in try c.request("POST", "/api/staff/\(id)/disable", headers: [("X-CSRF-Token", csrf)]) }),
        ("POST /api/staff/{user}/password", { c, csrf, id in
            try c.json("POST", "/api/staff/\(id)/password", ["password": "a-new-long-password"], headers: [("X-CSRF-Token", csrf)])
        }),
        ("GET /api/session", { c, _, _ in try c.request("GET", "/api/session") }),
        ("POST /api/session", { c, _, id in try c.json("POST", "/api/session", ["user": id, "password": "not-the-password-of-anyone"]) }),
        ("DELETE /api/session", { c, _, _ in try LoopbackHTTPClient(port: c.port).request("DELETE", "/api/session") }),
    ]

    /// A certificate of the subject with a fingerprint that cannot match: verification must
    /// answer "no such subject" for another city's subject as for an unknown one.
    static func forgedCertificate(subject: String, claimOtherCity: Bool = false) -> String {
        let city = subject.hasPrefix("okz-") != claimOtherCity ? "okazaki" : "toyohashi"
        return #"{"basis":{"watermark":1},"body":{},"certificate":{"city":"\#(city)","fiscal_year":2025,"kind":"income","known_at":"2026-06-01T00:00:00+09:00"},"fingerprint":"00","subject":"\#(subject)"}"#
    }

    static func timeless(_ text: String) -> String {
        text.replacingOccurrences(of: #""known_at":"[^"]*""#, with: #""known_at":"…""#, options: .regularExpression)
    }

    @Test("the route table covers every /api operation the OpenAPI document names")
    func coversEveryRoute() {
        let api = KaiseiService.openAPIOperations.filter { $0.contains(" /api/") }
        #expect(Set(Self.routes.map(\.operation)) == Set(api))
    }

    @Test("an admin cannot list, disable or reset the other city's staff: their user names answer as unknown ones")
    func staffAdminStaysInCity() throws {
        let server = try f.server()
        let (admin, csrf) = try server.login(.okazaki, .admin)
        let list = try admin.request("GET", "/api/staff")
        #expect(list.status == 200 && list.text.contains("okz-clerk") && !list.text.contains("toy-"))
        for path in ["disable", "password"] {
            let foreign = try admin.json("POST", "/api/staff/toy-clerk/\(path)", ["password": "a-new-long-password"], headers: [("X-CSRF-Token", csrf)])
            let unknown = try admin.json("POST", "/api/staff/zzz-clerk/\(path)", ["password": "a-new-long-password"], headers: [("X-CSRF-Token", csrf)])
            #expect(foreign.status == 404 && unknown.status == 404)
            #expect(foreign.text.replacingOccurrences(of: "toy-clerk", with: "<u>") == unknown.text.replacingOccurrences(of: "zzz-clerk", with: "<u>"))
        }
        // A clerk of the other city still logs in: nothing was changed.
        _ = try server.login(.toyohashi, .clerk)
    }

    @Test("every route × both cities × every role (and no session): other-city ids answer as unknown ids")
    func everyRouteEveryRole() throws {
        let server = try f.server()
        var rng = FuzzRandom(seed: 2026)
        var compared = 0
        for city in City.allCases {
            let other = City.allCases.first { $0 != city }!
            let pop = f.view.pops[other]!
            let pools = [pop.residents.keys.sorted(), pop.householdHeads.keys.sorted(), pop.vehicles.keys.sorted(), pop.corporations.keys.sorted()]
            var sessions: [(String, LoopbackHTTPClient, String)] = [("no session", server.client(), "")]
            for role in CounterFixture.roles {
                let (c, csrf) = try server.login(city, role)
                sessions.append(("\(city) \(role)", c, csrf))
            }
            for (who, client, csrf) in sessions {
                for route in Self.routes {
                    // Failed logins count against the address's limit: one pair per session is enough.
                    for _ in 0..<(route.operation == "POST /api/session" ? 1 : 4) {
                        let id = rng.pick(rng.pick(pools))
                        let unknown = IsolationTests.unknown(like: id)
                        let a = try route.call(client, csrf, id), b = try route.call(client, csrf, unknown)
                        #expect(a.status == b.status, "\(route.operation) as \(who) for \(id): \(a.status) vs \(b.status)")
                        // "Now" moves when tests beside this one append: the known-at of an answer is not compared.
                        #expect(Self.timeless(IsolationTests.masked(a.text, id)) == Self.timeless(IsolationTests.masked(b.text, unknown)),
                                "\(route.operation) as \(who) for \(id): \(a.text.prefix(300)) vs \(b.text.prefix(300))")
                        #expect(a.status < 500, "\(route.operation) answered \(a.status)")
                        compared += 1
                    }
                }
            }
        }
        #expect(compared == 2 * (1 + CounterFixture.roles.count) * (Self.routes.count * 4 - 3))
    }
}
