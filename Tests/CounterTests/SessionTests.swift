import Foundation
import Testing
import KaiseiCore
import KaiseiEvents
import Counter
import TestSupport

/// Logging in and out, CSRF, limits on guessing, and sessions that end when the account changes.
@Suite("Sessions and staff", .serialized)
struct SessionTests {
    let f = CounterFixture.shared

    @Test("a wrong password, an unknown user and a disabled account get the same 401; the cookie is HttpOnly and SameSite=Strict")
    func login() throws {
        let server = try f.server()
        let c = server.client()
        let wrong = try c.json("POST", "/api/session", ["user": "okz-clerk", "password": "wrong-password-123"])
        let nobody = try c.json("POST", "/api/session", ["user": "nobody-at-all", "password": "wrong-password-123"])
        #expect(wrong.status == 401 && nobody.status == 401 && wrong.text == nobody.text)
        #expect(wrong.header("content-type") == "application/problem+json")
        let ok = try c.json("POST", "/api/session", ["user": "okz-clerk", "password": CounterFixture.password(.okazaki, .clerk)])
        #expect(ok.status == 200)
        let cookie = try #require(ok.header("set-cookie"))
        #expect(cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict") && cookie.hasPrefix("kaisei_session="))
        let form = try c.request("POST", "/api/session", headers: [("Content-Type", "application/x-www-form-urlencoded")], body: Array("user=a&password=b".utf8))
        #expect(form.status == 415)
    }

    @Test("a state-changing request without the CSRF token is refused (403); with it, it goes through")
    func csrf() throws {
        let server = try f.server()
        let (c, csrf) = try server.login(.toyohashi, .clerk)
        let id = f.residents(.toyohashi)[2]
        let body: [String: Any] = ["kind": "income", "subject": id, "fiscal_year": 2025]
        #expect(try c.json("POST", "/api/certificates", body).status == 403)
        #expect(try c.json("POST", "/api/certificates", body, headers: [("X-CSRF-Token", (csrf.hasPrefix("0") ? "1" : "0") + csrf.dropFirst())]).status == 403)
        let ok = try c.json("POST", "/api/certificates", body, headers: [("X-CSRF-Token", csrf)])
        #expect(ok.status == 200 || ok.status == 422)
    }

    @Test("five failed logins lock the user name (429 with Retry-After), the right password included")
    func limiter() throws {
        let server = try f.server()
        // An account of its own: the lock lasts 15 minutes, and other tests log in beside this one.
        _ = try server.loginNew("limit-probe", .toyohashi, .admin, store: f.store)
        let c = server.client()
        for _ in 0..<5 { _ = try c.json("POST", "/api/session", ["user": "limit-probe", "password": "guess-guess-guess"]) }
        let locked = try c.json("POST", "/api/session", ["user": "limit-probe", "password": "password-of-limit-probe"])
        #expect(locked.status == 429)
        #expect(Int(locked.header("retry-after") ?? "") ?? 0 > 0)
        // Another user from the same address still logs in.
        #expect(try c.json("POST", "/api/session", ["user": "toy-auditor", "password": CounterFixture.password(.toyohashi, .auditor)]).status == 200)
    }

    @Test("logout ends the session; a disabled account's or reset password's sessions end within a second")
    func sessionsEnd() throws {
        let server = try f.server()
        let (c, csrf) = try server.login(.okazaki, .analyst)
        #expect(try c.request("GET", "/api/session").status == 200)
        #expect(try c.request("DELETE", "/api/session").status == 403)
        #expect(try c.request("DELETE", "/api/session", headers: [("X-CSRF-Token", csrf)]).status == 204)
        #expect(try c.request("GET", "/api/session").status == 401)
        // A throwaway account, disabled by another process while logged in.
        let (t, _) = try server.loginNew("temp-clerk", .okazaki, .clerk, store: f.store)
        #expect(try t.request("GET", "/api/residents/\(f.residents(.okazaki)[1])").status == 200)
        let disable = try KaiseiBinary.run(["staff", "disable", "--store", f.store, "--city", "okazaki", "--user", "temp-clerk"])
        #expect(disable.status == 0, "\(disable.stderr)")
        var ended = false
        let start = Date()
        while !ended && Date().timeIntervalSince(start) < 5 {
            ended = try t.request("GET", "/api/session").status == 401
            if !ended { Thread.sleep(forTimeInterval: 0.05) }
        }
        #expect(ended)
        #expect(Date().timeIntervalSince(start) < 2.5)
    }

    @Test("staff add refuses a duplicate user (in either city), a short password and a bad role")
    func staffCommand() throws {
        func add(_ city: String, _ user: String, _ role: String, _ password: String) throws -> KaiseiBinary.Result {
            try KaiseiBinary.run(["staff", "add", "--store", f.store, "--city", city, "--role", role, "--user", user, "--password-stdin"],
                                 stdin: password, environment: CounterFixture.environment)
        }
        let dup = try add("toyohashi", "okz-clerk", "clerk", "long-enough-password")
        #expect(dup.status == 1 && dup.stderr.contains("already exists"))
        #expect(try add("okazaki", "short-pw", "clerk", "short").status == 1)
        #expect(try add("okazaki", "bad-role", "superuser", "long-enough-password").status == 64)
        #expect(try add("okazaki", "Bad User", "clerk", "long-enough-password").status == 1)
    }
}
