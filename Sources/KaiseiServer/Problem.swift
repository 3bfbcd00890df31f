import Foundation
import Hummingbird
import Logging
import KaiseiCore
import EventStore
import Counter

/// An RFC 9457 problem: every error the service answers, in `application/problem+json`, with a
/// `detail` that says what to do. Nothing below it reaches the client (no stack, no SQL).
public struct Problem: Error, Sendable {
    public let status: HTTPResponse.Status
    public let title: String
    public let detail: String
    public var headers: HTTPFields = [:]

    public init(_ status: HTTPResponse.Status, _ title: String, _ detail: String) {
        self.status = status; self.title = title; self.detail = detail
    }

    public var response: Response {
        let body: JSONValue = .object([
            ("type", .string("about:blank")), ("title", .string(title)), ("status", .integer(Int64(status.code))), ("detail", .string(detail)),
        ])
        var h = headers
        h[.contentType] = "application/problem+json"
        h[.cacheControl] = "no-store"
        return Response(status: status, headers: h, body: .init(byteBuffer: ByteBuffer(string: JSONWriter.canonical(body) + "\n")))
    }

    public static func from(_ e: CounterError) -> Problem {
        switch e {
        case .unauthenticated(let d): return Problem(.unauthorized, "Not logged in", d)
        case .forbidden(let d): return Problem(.forbidden, "Not allowed for your role", d)
        case .notFound: return Problem(.notFound, "Not found", e.description)
        case .badRequest: return Problem(.badRequest, "Bad request", e.description)
        case .refused(let d): return Problem(.unprocessableContent, "Cannot be done", d)
        case .tooManyAttempts(let s):
            var p = Problem(.tooManyRequests, "Too many attempts", e.description)
            p.headers[.retryAfter] = String(s)
            return p
        case .unavailable(let d): return Problem(.serviceUnavailable, "Unavailable", d)
        }
    }
}

/// Turns every error into a problem answer, so that bad input never answers 500 and a defect
/// answers 500 without its details (which go to the log, without personal data).
struct ProblemMiddleware: RouterMiddleware {
    typealias Context = AppContext
    let logger: Logger
    /// The session of a cookie's token, checked as the session middleware checks it (fresh, the
    /// account still enabled at its version), or nil.
    let session: @Sendable (String) -> SessionStore.Session?

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch {
            let p = problem(error, context)
            // A page (not the API, not an operations endpoint) answers with a page.
            let path = request.uri.path
            if !path.hasPrefix("/api/") && !["/healthz", "/readyz", "/metrics", "/openapi.json"].contains(path) {
                // This middleware runs outside the session's, and the context is a value: what the
                // session middleware found is not seen here. Look the session up again (as it does)
                // to keep the menu and logout on the error page.
                let session = context.session ?? request.cookies[SessionMiddleware.cookieName].flatMap { self.session($0.value) }
                return ErrorPage.response(for: p, session: session)
            }
            return p.response
        }
    }

    func problem(_ error: Error, _ context: Context) -> Problem {
        switch error {
        case let p as Problem:
            return p
        case let e as CounterError:
            return Problem.from(e)
        case let e as StoreError:
            logger.error("store error on \(context.endpointPath ?? "?"): \(e)")
            return Problem(.serviceUnavailable, "Store unavailable", "the store cannot be read just now; try again, and tell the operators if it persists")
        case let e as HTTPError:
            let detail = e.body ?? (e.status == .notFound ? "no such page or API route" : e.status.reasonPhrase)
            return Problem(e.status, e.status.reasonPhrase, detail)
        case let e as any HTTPResponseError:
            return Problem(e.status, e.status.reasonPhrase, e.status.reasonPhrase)
        default:
            logger.error("internal error on \(context.endpointPath ?? "?"): \(type(of: error))")
            return Problem(.internalServerError, "Internal error", "a defect in Kaisei; the operators have the details in the service log")
        }
    }
}
