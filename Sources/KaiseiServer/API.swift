import Foundation
import Hummingbird
import KaiseiCore
import Counter
import EventStore

/// Parsing and rendering shared by the routes: query values, JSON bodies, the session cookie.
enum API {
    /// Set by `kaisei serve --secure-cookies` (behind TLS): the cookie is then `Secure`.
    nonisolated(unsafe) static var secureCookies = false

    static func json(_ value: JSONValue, status: HTTPResponse.Status = .ok) -> Response {
        // Personal data: never cached by a browser or a proxy.
        Response(status: status, headers: [.contentType: "application/json; charset=utf-8", .cacheControl: "no-store"],
                 body: .init(byteBuffer: ByteBuffer(string: JSONWriter.canonical(value) + "\n")))
    }

    static func jsonBody(_ request: Request) async throws -> JSONValue {
        var request = request
        let buffer = try await request.collectBody(upTo: 1 << 20)
        do { return try JSONParser.parse(String(buffer: buffer)) } catch {
            throw CounterError.badRequest(field: "body", reason: "not JSON (\(error))")
        }
    }

    static func sessionCookie(_ token: String, secure: Bool, expire: Bool = false) -> Cookie {
        Cookie(name: SessionMiddleware.cookieName, value: token, maxAge: expire ? 0 : nil, path: "/", secure: secure, httpOnly: true, sameSite: .strict)
    }

    /// A query value; an empty one counts as absent. `+` is a space, as forms send it.
    static func string(_ v: Substring?) -> String? {
        guard let v, !v.isEmpty else { return nil }
        return v.replacingOccurrences(of: "+", with: " ")
    }

    static func int(_ v: Substring?, field: String) throws(CounterError) -> Int? {
        guard let s = string(v) else { return nil }
        guard let i = Int(s) else { throw CounterError.badRequest(field: field, reason: "not a whole number: \"\(s.prefix(20))\"") }
        return i
    }

    static func date(_ v: Substring?, field: String) throws(CounterError) -> CivilDate? {
        guard let s = string(v) else { return nil }
        guard let d = CivilDate(iso: s) else { throw CounterError.badRequest(field: field, reason: "not a date (YYYY-MM-DD): \"\(s.prefix(20))\"") }
        return d
    }

    static func time(_ v: Substring?, field: String, endOfDay: Bool) throws(CounterError) -> RecordedTime? {
        // A time's "+09:00" arrives as "+" from a JSON body or a typed URL, and as "%2B" from a
        // form; a space is never part of one, so it is read back as the "+" a form turned into one.
        guard let v, !v.isEmpty else { return nil }
        let s = v.replacingOccurrences(of: " ", with: "+")
        guard let t = RecordedTime(iso: s, dateMeansEndOfDay: endOfDay) else {
            throw CounterError.badRequest(field: field, reason: "not a date or time (YYYY-MM-DD or 2020-06-01T09:00:00+09:00): \"\(s.prefix(40))\"")
        }
        return t
    }

    /// `known_at`: a time, or a date meaning the end of that day in Japan; absent means now.
    static func knownAt(_ v: Substring?) throws(CounterError) -> RecordedTime? {
        try time(v, field: "known_at", endOfDay: true)
    }
}
