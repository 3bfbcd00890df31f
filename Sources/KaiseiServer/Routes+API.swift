import Foundation
import Hummingbird
import HTTPTypes
import KaiseiCore
import EventStore
import Certificates
import Counter
import KaiseiEvents

/// The JSON API. Each handler parses, calls one `CounterService` workflow (which passes the gate and
/// writes the access record) off the event loop, and renders: no tax arithmetic, no event
/// construction, no city check of its own.
struct APIRoutes {
    let counter: CounterService
    let pdf: PDFRenderer

    func register(on router: Router<AppContext>) {
        router.post("/api/session") { request, context in try await login(request, context) }
        router.delete("/api/session") { request, context in logout(request, context) }
        router.get("/api/session") { _, context in try whoAmI(context) }
        router.get("/api/residents") { request, context in try await search(request, context) }
        router.get("/api/residents/{id}") { request, context in try await resident(request, context) }
        router.get("/api/residents/{id}/assessment") { request, context in try await assessment(request, context) }
        router.get("/api/corporations") { request, context in try await searchCorporations(request, context) }
        router.get("/api/corporations/{id}") { request, context in try await corporation(request, context) }
        router.get("/api/households/{id}/nhi") { request, context in try await householdNHI(request, context) }
        router.post("/api/certificates") { request, context in try await certificate(request, context) }
        router.post("/api/certificates/verify") { request, context in try await verify(request, context) }
        router.get("/api/audit") { request, context in try await audit(request, context) }
        router.get("/api/staff") { _, context in try await staffList(context) }
        router.post("/api/staff") { request, context in try await staffAdd(request, context) }
        router.post("/api/staff/{user}/disable") { request, context in try await staffChange(request, context, disable: true) }
        router.post("/api/staff/{user}/password") { request, context in try await staffChange(request, context, disable: false) }
    }

    // MARK: Staff (a city's admin)

    func staffList(_ context: AppContext) async throws -> Response {
        let caller = context.caller, counter = self.counter
        let list = try await Offload.run { try counter.staffList(caller) }
        return API.json(.object([("staff", .array(list.map { s in
            .object([("user", .string(s.user)), ("staff_id", .string(s.staffId)), ("role", .string(s.role.rawValue)),
                     ("enabled", .bool(s.enabled)), ("added_on", .string(s.addedOn.description))])
        }))]))
    }

    func staffAdd(_ request: Request, _ context: AppContext) async throws -> Response {
        let body = try await API.jsonBody(request)
        guard case .string(let user)? = body["user"], case .string(let roleName)? = body["role"], case .string(let password)? = body["password"] else {
            throw CounterError.badRequest(field: "user/role/password", reason: "all three are required strings")
        }
        guard let role = Vocabulary.StaffRole(rawValue: roleName) else {
            throw CounterError.badRequest(field: "role", reason: "one of \(Vocabulary.StaffRole.codes.joined(separator: ", "))")
        }
        let caller = context.caller, counter = self.counter
        try await Offload.run { try counter.changeStaff(caller, .add(user: user, role: role, password: password)) }
        return API.json(.object([("user", .string(user)), ("role", .string(role.rawValue)), ("enabled", .bool(true))]))
    }

    func staffChange(_ request: Request, _ context: AppContext, disable: Bool) async throws -> Response {
        let user = try context.parameters.require("user")
        var password = ""
        if !disable {
            let body = try await API.jsonBody(request)
            guard case .string(let p)? = body["password"] else { throw CounterError.badRequest(field: "password", reason: "required string") }
            password = p
        }
        let caller = context.caller, counter = self.counter, newPassword = password
        try await Offload.run {
            try counter.changeStaff(caller, disable ? .disable(user: user) : .resetPassword(user: user, password: newPassword))
        }
        return API.json(.object([("user", .string(user)), ("changed", .string(disable ? "disabled" : "password"))]))
    }

    // MARK: Sessions

    func login(_ request: Request, _ context: AppContext) async throws -> Response {
        // JSON only: a form on another site cannot send it without the browser asking first.
        guard request.headers[.contentType]?.lowercased().hasPrefix("application/json") == true else {
            throw Problem(.unsupportedMediaType, "JSON expected", "send {\"user\": …, \"password\": …} as application/json")
        }
        let body = try await API.jsonBody(request)
        guard case .string(let user)? = body["user"], case .string(let password)? = body["password"] else {
            throw CounterError.badRequest(field: "user/password", reason: "both are required strings")
        }
        let client = context.clientKey
        let counter = self.counter
        let session = try await Offload.run { try counter.login(user: user, password: password, client: client) }
        var response = API.json(.object([
            ("user", .string(session.caller.user)), ("staff_id", .string(session.caller.staffId)), ("city", .string(session.caller.city.rawValue)),
            ("role", .string(session.caller.role.rawValue)), ("csrf_token", .string(session.csrfToken)),
            ("idle_timeout_seconds", .integer(Int64(counter.sessions.idle))),
        ]))
        response.setCookie(API.sessionCookie(session.token, secure: API.secureCookies))
        return response
    }

    func logout(_ request: Request, _ context: AppContext) -> Response {
        if let token = request.cookies[SessionMiddleware.cookieName]?.value { counter.sessions.close(token) }
        var response = Response(status: .noContent)
        response.setCookie(API.sessionCookie("", secure: API.secureCookies, expire: true))
        return response
    }

    func whoAmI(_ context: AppContext) throws -> Response {
        guard let s = context.session else { throw CounterError.unauthenticated("log in first (POST /api/session)") }
        return API.json(.object([("user", .string(s.caller.user)), ("staff_id", .string(s.caller.staffId)), ("city", .string(s.caller.city.rawValue)),
                                 ("role", .string(s.caller.role.rawValue)), ("csrf_token", .string(s.csrfToken))]))
    }

    // MARK: Residents

    func search(_ request: Request, _ context: AppContext) async throws -> Response {
        let q = request.uri.queryParameters
        var query = SearchQuery(text: API.string(q["q"]) ?? "")
        query.birthDate = try API.date(q["birth_date"], field: "birth_date")
        query.address = API.string(q["address"])
        if let l = try API.int(q["limit"], field: "limit") { query.limit = l }
        let knownAt = try API.knownAt(q["known_at"])
        let caller = context.caller, counter = self.counter, asked = query
        let answer = try await Offload.run { try counter.search(caller, asked, knownAt: knownAt, route: "GET /api/residents") }
        return API.json(CounterJSON.search(answer))
    }

    func searchCorporations(_ request: Request, _ context: AppContext) async throws -> Response {
        let q = request.uri.queryParameters
        let text = API.string(q["q"]) ?? ""
        let limit = min(max(try API.int(q["limit"], field: "limit") ?? 50, 1), 200)
        let knownAt = try API.knownAt(q["known_at"])
        let caller = context.caller, counter = self.counter
        let answer = try await Offload.run { try counter.searchCorporations(caller, text, knownAt: knownAt, limit: limit, route: "GET /api/corporations") }
        return API.json(CounterJSON.corporations(answer))
    }

    func corporation(_ request: Request, _ context: AppContext) async throws -> Response {
        let id = try context.parameters.require("id")
        let knownAt = try API.knownAt(request.uri.queryParameters["known_at"])
        let caller = context.caller, counter = self.counter
        let record = try await Offload.run { try counter.corporation(caller, id, knownAt: knownAt, route: "GET /api/corporations/{id}") }
        return API.json(CounterJSON.corporation(record))
    }

    func resident(_ request: Request, _ context: AppContext) async throws -> Response {
        let id = try context.parameters.require("id")
        let knownAt = try API.knownAt(request.uri.queryParameters["known_at"])
        let caller = context.caller, counter = self.counter
        let record = try await Offload.run { try counter.resident(caller, id, knownAt: knownAt, route: "GET /api/residents/{id}") }
        return API.json(CounterJSON.resident(record))
    }

    func assessment(_ request: Request, _ context: AppContext) async throws -> Response {
        let id = try context.parameters.require("id")
        let q = request.uri.queryParameters
        guard let fy = try API.int(q["fiscal_year"], field: "fiscal_year") else { throw CounterError.badRequest(field: "fiscal_year", reason: "required") }
        let knownAt = try API.knownAt(q["known_at"])
        let caller = context.caller, counter = self.counter
        let a = try await Offload.run {
            try counter.assessment(caller, id, fiscalYear: fy, knownAt: knownAt, route: "GET /api/residents/{id}/assessment")
        }
        return API.json(CounterJSON.assessment(id: id, fiscalYear: fy, a))
    }

    func householdNHI(_ request: Request, _ context: AppContext) async throws -> Response {
        let id = try context.parameters.require("id")
        let q = request.uri.queryParameters
        let knownAt = try API.knownAt(q["known_at"])
        let caller = context.caller, counter = self.counter
        let fy = try API.int(q["fiscal_year"], field: "fiscal_year")
        let h = try await Offload.run {
            guard let view = counter.state.view else { throw CounterError.unavailable("the service is still reading the store") }
            let year = fy ?? counter.now(view).japanDate.fiscalYear
            return try counter.householdNHI(caller, id, fiscalYear: year, knownAt: knownAt, route: "GET /api/households/{id}/nhi")
        }
        return API.json(CounterJSON.householdNHI(h))
    }

    // MARK: Certificates

    func certificate(_ request: Request, _ context: AppContext) async throws -> Response {
        let body = try await API.jsonBody(request)
        guard case .string(let kindName)? = body["kind"], let kind = CertificateKind(rawValue: kindName) else {
            throw CounterError.badRequest(field: "kind", reason: "one of \(CertificateKind.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        guard case .string(let subject)? = body["subject"] else { throw CounterError.badRequest(field: "subject", reason: "required") }
        guard case .integer(let fy)? = body["fiscal_year"] else { throw CounterError.badRequest(field: "fiscal_year", reason: "required integer") }
        var knownAtText: Substring?
        if case .string(let k)? = body["known_at"] { knownAtText = Substring(k) }
        let knownAt = try API.knownAt(knownAtText)
        var format = "json"
        if case .string(let f)? = body["format"] { format = f }
        guard ["json", "html", "pdf"].contains(format) else { throw CounterError.badRequest(field: "format", reason: "json, html or pdf") }
        if format == "pdf" && !pdf.available {
            throw Problem(.notImplemented, "PDF not available", "this server has no Chromium to print PDFs; ask for format html and print it (A4)")
        }
        let caller = context.caller, counter = self.counter
        let issued = try await Offload.run {
            try counter.issueCertificate(caller, kind: kind, subject: subject, fiscalYear: Int(fy), knownAt: knownAt,
                                         route: "POST /api/certificates")
        }
        var headers: HTTPFields = [.cacheControl: "no-store"]
        headers[HTTPField.Name("X-Certificate-Fingerprint")!] = issued.certificate.fingerprint
        switch format {
        case "html":
            headers[.contentType] = "text/html; charset=utf-8"
            return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(string: issued.certificate.html)))
        case "pdf":
            let html = issued.certificate.html, renderer = pdf
            let bytes = try await Offload.run { try renderer.render(html) }
            headers[.contentType] = "application/pdf"
            headers[.contentDisposition] = "attachment; filename=\"\(issued.request.kind.rawValue)-\(issued.request.subject)-\(issued.request.fiscalYear).pdf\""
            return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: bytes)))
        default:
            headers[.contentType] = "application/json; charset=utf-8"
            return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(string: issued.certificate.json + "\n")))
        }
    }

    func verify(_ request: Request, _ context: AppContext) async throws -> Response {
        var request = request
        let buffer = try await request.collectBody(upTo: 4 << 20)
        var text = String(buffer: buffer)
        // `{"certificate": "<the document>"}`, or the document itself (its JSON or its HTML page).
        if let parsed = try? JSONParser.parse(text), case .string(let inner)? = parsed["certificate"] { text = inner }
        let caller = context.caller, counter = self.counter, document = text
        let check = try await Offload.run { try counter.verifyCertificate(caller, text: document, route: "POST /api/certificates/verify") }
        return API.json(.object([
            ("matches", .bool(check.matches)), ("fingerprint", .string(check.fingerprint)), ("current_fingerprint", .string(check.currentFingerprint)),
            ("kind", .string(check.request.kind.rawValue)), ("subject", .string(check.request.subject)),
            ("fiscal_year", .integer(Int64(check.request.fiscalYear))), ("known_at", .string(check.request.knownAt.description)),
            ("differences", .array(check.differences.map { .string($0) })),
        ]))
    }

    // MARK: Audit

    func audit(_ request: Request, _ context: AppContext) async throws -> Response {
        let q = request.uri.queryParameters
        var filter = AccessFilter()
        filter.subject = API.string(q["subject"])
        filter.staff = API.string(q["staff"])
        filter.from = try API.time(q["from"], field: "from", endOfDay: false)
        filter.to = try API.time(q["to"], field: "to", endOfDay: true)
        if let l = try API.int(q["limit"], field: "limit") { filter.limit = l }
        let caller = context.caller, counter = self.counter, f = filter
        let records = try await Offload.run { try counter.auditTrail(caller, f, route: "GET /api/audit") }
        if API.string(q["format"]) == "csv" {
            let csv = AccessRecordFormat.csv(records)
            return Response(status: .ok, headers: [.contentType: "text/csv; charset=utf-8", .cacheControl: "no-store",
                                                   .contentDisposition: "attachment; filename=\"audit.csv\""],
                            body: .init(byteBuffer: ByteBuffer(string: csv)))
        }
        return API.json(.object([("records", .array(records.map(AccessRecordFormat.json)))]))
    }
}
