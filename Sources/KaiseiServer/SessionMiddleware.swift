import Hummingbird
import HTTPTypes
import Counter

/// Who is asking, from the session cookie, for every route; and the CSRF check for every
/// state-changing request made with that cookie (a form or script on another site cannot read
/// the token, so it cannot send it). Routes never read the cookie themselves.
struct SessionMiddleware: RouterMiddleware {
    typealias Context = AppContext
    static let cookieName = "kaisei_session"
    static let csrfHeader = HTTPField.Name("X-CSRF-Token")!
    let counter: CounterService

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var context = context
        var request = request
        // A form's fields (the pages post forms): read once here, where the CSRF field is checked.
        let type = request.headers[.contentType]?.lowercased() ?? ""
        if request.method == .post && (type.hasPrefix("application/x-www-form-urlencoded") || type.hasPrefix("multipart/form-data")) {
            let body = try await request.collectBody(upTo: 4 << 20)
            context.form = FormFields.parse(request, body: body)
        }
        if let token = request.cookies[Self.cookieName]?.value, !token.isEmpty {
            switch counter.session(token: token) {
            case .valid(let s):
                context.caller = s.caller
                context.session = s
            case .expired:
                context.sessionExpired = true
            case .unknown:
                context.sessionExpired = true
            }
        }
        let unsafe = request.method != .get && request.method != .head && request.method != .options
        if unsafe, let s = context.session, !Self.isLogin(request) {
            guard (request.headers[Self.csrfHeader] ?? context.form?["csrf_token"]) == s.csrfToken else {
                throw Problem(.forbidden, "Missing CSRF token",
                              "send the csrf_token given at login in the X-CSRF-Token header (forms: the csrf_token field)")
            }
        }
        if context.caller == nil && context.sessionExpired && Self.needsCaller(request) {
            throw Problem(.unauthorized, "Session ended", "your session has ended (timed out, logged out, or the password was changed); log in again")
        }
        return try await next(request, context)
    }

    static func isLogin(_ request: Request) -> Bool {
        (request.uri.path == "/api/session" || request.uri.path == "/login") && request.method == .post
    }

    /// Everything under /api but the login itself.
    static func needsCaller(_ request: Request) -> Bool {
        request.uri.path.hasPrefix("/api/") && !isLogin(request)
    }
}

/// One line per request: method, route template (never the path with its ids, never the
/// query), status, milliseconds and the staff id. No resident's data reaches the log.
struct RequestLogMiddleware: RouterMiddleware {
    typealias Context = AppContext
    static let serverTiming = HTTPField.Name("Server-Timing")!
    let counter: CounterService

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let start = ContinuousClock.now
        var response = try await next(request, context)
        let elapsed = ContinuousClock.now - start
        let ms = elapsed.milliseconds
        // The server's own time (W3C Server Timing): the browser's developer tools show it, and
        // the serve benchmark reads it to tell handling from waiting in line.
        response.headers[Self.serverTiming] = "app;dur=" + elapsed.millisecondsWithThreeDecimals
        // This runs outside the session middleware: the staff id is looked up from the cookie.
        let staff = request.cookies[SessionMiddleware.cookieName].flatMap { counter.sessions.peek($0.value)?.staffId } ?? "-"
        context.logger.info("\(request.method) \(context.endpointPath ?? "(no route)") \(response.status.code) \(ms) ms staff=\(staff)")
        return response
    }
}

extension Duration {
    var milliseconds: Int64 { components.seconds * 1000 + components.attoseconds / 1_000_000_000_000_000 }

    /// "12.345": whole microseconds, written without Foundation's formatting.
    var millisecondsWithThreeDecimals: String {
        let micros = components.seconds * 1_000_000 + components.attoseconds / 1_000_000_000_000
        let fraction = String(micros % 1000)
        return "\(micros / 1000)." + String(repeating: "0", count: 3 - fraction.count) + fraction
    }
}
