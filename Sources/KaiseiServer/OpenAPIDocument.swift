import KaiseiCore

/// The OpenAPI 3.1 description of the service, served at /openapi.json. Written as data beside
/// the routes; a test checks that it names exactly the routes the router has, and schemathesis
/// can be pointed at it.
enum OpenAPIDocument {
    static func string(_ s: String) -> JSONValue { .string(s) }
    static func ref(_ name: String) -> JSONValue { .object([("$ref", .string("#/components/schemas/\(name)"))]) }

    static func param(_ name: String, in location: String = "query", required: Bool = false, _ description: String,
                      schema: JSONValue = .object([("type", .string("string"))])) -> JSONValue {
        .object([("name", .string(name)), ("in", .string(location)), ("required", .bool(required)), ("description", .string(description)),
                 ("schema", schema)])
    }

    static let knownAt = param("known_at", "As the city knew it at this time: YYYY-MM-DD (end of that day in Japan) or an ISO 8601 time; default now.")
    static let idPath = param("id", in: "path", required: true, "A subject id of your city (okz-… or toy-…).")
    static let fiscalYear = param("fiscal_year", "Fiscal year (年度).", schema: .object([("type", .string("integer"))]))

    static func responses(_ ok: String, _ okSchema: JSONValue?, okType: String = "application/json", errors: [Int]) -> JSONValue {
        var pairs: [(String, JSONValue)] = []
        var ok200: [(String, JSONValue)] = [("description", .string(ok))]
        if let okSchema { ok200.append(("content", .object([(okType, .object([("schema", okSchema)]))]))) }
        pairs.append(("200", .object(ok200)))
        for code in errors {
            pairs.append((String(code), .object([("description", .string(problemText[code] ?? "Problem")),
                                                   ("content", .object([("application/problem+json", .object([("schema", ref("Problem"))]))]))])))
        }
        return .object(pairs)
    }

    static let problemText = [400: "Bad request (a parameter is malformed)", 401: "Not logged in, or the session ended",
                              403: "Not allowed for your role, or the CSRF token is missing", 404: "Not found in your city (the same answer as for an unknown id)",
                              415: "JSON expected", 422: "The law or the record refuses it", 429: "Too many failed logins",
                              501: "PDF printing is not available on this server", 503: "Starting, or the store cannot be read"]

    static func op(_ summary: String, tag: String, params: [JSONValue] = [], body: JSONValue? = nil, _ responses: JSONValue) -> JSONValue {
        var pairs: [(String, JSONValue)] = [("summary", .string(summary)), ("tags", .array([.string(tag)]))]
        if !params.isEmpty { pairs.append(("parameters", .array(params))) }
        if let body { pairs.append(("requestBody", body)) }
        pairs.append(("responses", responses))
        return .object(pairs)
    }

    static func jsonBody(_ schema: JSONValue) -> JSONValue {
        .object([("required", .bool(true)), ("content", .object([("application/json", .object([("schema", schema)]))]))])
    }

    static func object(_ properties: [(String, String)], required: [String] = []) -> JSONValue {
        var pairs: [(String, JSONValue)] = [("type", .string("object")),
                                             ("properties", .object(properties.map { ($0.0, .object([("type", .string($0.1))])) }))]
        if !required.isEmpty { pairs.append(("required", .array(required.map { .string($0) }))) }
        return .object(pairs)
    }

    static let document: JSONValue = .object([
        ("openapi", .string("3.1.0")),
        ("info", .object([("title", .string("Kaisei counter service")), ("version", .string("1")),
                          ("description", .string("The API of kaisei serve for the counter staff of Okazaki and Toyohashi. Every personal-data answer leaves an access record; a subject of the other city answers exactly as an unknown one."))])),
        ("paths", .object([
            ("/healthz", .object([("get", op("The process is up", tag: "operations", responses("ok", .object([("type", .string("string"))]), okType: "text/plain", errors: [])))])),
            ("/readyz", .object([("get", op("Ready to answer (the first replay is done)", tag: "operations", responses("ready", ref("Ready"), errors: [503])))])),
            ("/metrics", .object([("get", op("Prometheus metrics (request latency histograms per route)", tag: "operations",
                                             responses("metrics", .object([("type", .string("string"))]), okType: "text/plain", errors: [])))])),
            ("/openapi.json", .object([("get", op("This document", tag: "operations", responses("OpenAPI 3.1", .object([("type", .string("object"))]), errors: [])))])),
            ("/api/session", .object([
                ("post", op("Log in: sets the kaisei_session cookie and gives the CSRF token", tag: "session",
                            body: jsonBody(object([("user", "string"), ("password", "string")], required: ["user", "password"])),
                            responses("logged in", ref("Session"), errors: [400, 401, 415, 429]))),
                ("get", op("The current session", tag: "session", responses("the session", ref("Session"), errors: [401]))),
                ("delete", op("Log out", tag: "session", .object([("204", .object([("description", .string("logged out"))]))]))),
            ])),
            ("/api/residents", .object([("get", op("Search the register (宛名)", tag: "residents", params: [
                param("q", "Kana prefix (濁点・半角 folded), kanji substring, id or address."),
                param("birth_date", "YYYY-MM-DD"), param("address", "Address substring."),
                param("limit", "At most this many results (1–200, default 50).", schema: .object([("type", .string("integer"))])), knownAt,
            ], responses("results", ref("SearchResults"), errors: [400, 401, 403, 503])))])),
            ("/api/residents/{id}", .object([("get", op("A resident's 宛名, household and levies with their corrections", tag: "residents",
                                                        params: [idPath, knownAt], responses("the resident", ref("Resident"), errors: [400, 401, 403, 404, 422, 503])))])),
            ("/api/residents/{id}/assessment", .object([("get", op("A resident's levies of a fiscal year, traced step by step", tag: "residents",
                                                                   params: [idPath, fiscalYear, knownAt], responses("the assessment", ref("Assessment"), errors: [400, 401, 403, 404, 503])))])),
            ("/api/corporations", .object([("get", op("Search the corporations of the register (宛名: 法人) by 名称, 法人番号 or id", tag: "residents", params: [
                param("q", "Any part of the 名称 in kana or kanji, the start of the 法人番号 (4 digits or more), or an id."),
                param("limit", "At most this many results (1–200, default 50).", schema: .object([("type", .string("integer"))])), knownAt,
            ], responses("results", ref("CorporationResults"), errors: [400, 401, 403, 503])))])),
            ("/api/corporations/{id}", .object([("get", op("A corporation's 宛名, offices, returns and its 法人市民税 and 事業所税 with their corrections", tag: "residents",
                                                           params: [param("id", in: "path", required: true, "A corporation id (okz-c-…)."), knownAt],
                                                           responses("the corporation", ref("Corporation"), errors: [400, 401, 403, 404, 422, 503])))])),
            ("/api/households/{id}/nhi", .object([("get", op("A household's NHI: members by month, 軽減, parts and caps", tag: "residents",
                                                             params: [param("id", in: "path", required: true, "A household id (okz-h-…)."), fiscalYear, knownAt],
                                                             responses("the household's NHI", ref("HouseholdNHI"), errors: [400, 401, 403, 404, 503])))])),
            ("/api/certificates", .object([("post", op("Issue a certificate (recorded as CertificateIssued)", tag: "certificates",
                                                      body: jsonBody(object([("kind", "string"), ("subject", "string"), ("fiscal_year", "integer"),
                                                                             ("known_at", "string"), ("format", "string")], required: ["kind", "subject", "fiscal_year"])),
                                                      responses("the certificate (JSON, HTML or PDF)", .object([("type", .string("object"))]),
                                                                errors: [400, 401, 403, 404, 422, 501, 503])))])),
            ("/api/certificates/verify", .object([("post", op("Verify a presented certificate (its JSON or its HTML page)", tag: "certificates",
                                                             body: .object([("required", .bool(true)), ("content", .object([
                                                                 ("application/json", .object([("schema", .object([("type", .string("object"))]))])),
                                                                 ("text/html", .object([("schema", .object([("type", .string("string"))]))])),
                                                             ]))]),
                                                             responses("whether it matches, and why not", ref("Verification"), errors: [400, 401, 403, 404, 422, 503])))])),
            ("/api/audit", .object([("get", op("The audit trail of your city (auditors)", tag: "audit", params: [
                param("subject", "Records that showed this subject."), param("staff", "Records of this staff id (okz-s-USER)."),
                param("from", "From this date or time."), param("to", "To this date or time (a date means its end)."),
                param("limit", "At most this many (default 10,000).", schema: .object([("type", .string("integer"))])),
                param("format", "json (default) or csv."),
            ], responses("records", ref("AuditRecords"), errors: [400, 401, 403, 503])))])),
            ("/api/staff", .object([
                ("get", op("The staff accounts of your city (admins)", tag: "staff", responses("accounts", ref("StaffList"), errors: [401, 403, 503]))),
                ("post", op("Add a staff account to your city (admins)", tag: "staff",
                            body: jsonBody(object([("user", "string"), ("role", "string"), ("password", "string")], required: ["user", "role", "password"])),
                            responses("added", ref("StaffChange"), errors: [400, 401, 403, 422, 503]))),
            ])),
            ("/api/staff/{user}/disable", .object([("post", op("Disable an account of your city (admins); its sessions end", tag: "staff",
                                                              params: [param("user", in: "path", required: true, "The login name.")],
                                                              responses("disabled", ref("StaffChange"), errors: [401, 403, 404, 422, 503])))])),
            ("/api/staff/{user}/password", .object([("post", op("Set a new password for an account of your city (admins); its sessions end", tag: "staff",
                                                               params: [param("user", in: "path", required: true, "The login name.")],
                                                               body: jsonBody(object([("password", "string")], required: ["password"])),
                                                               responses("changed", ref("StaffChange"), errors: [400, 401, 403, 404, 422, 503])))])),
        ])),
        ("components", .object([
            ("schemas", .object([
                ("Problem", object([("type", "string"), ("title", "string"), ("status", "integer"), ("detail", "string")], required: ["title", "status", "detail"])),
                ("Ready", object([("ready", "boolean"), ("watermark", "integer")])),
                ("Session", object([("user", "string"), ("staff_id", "string"), ("city", "string"), ("role", "string"), ("csrf_token", "string")])),
                ("SearchResults", object([("results", "array"), ("truncated", "boolean"), ("known_at", "string")], required: ["results"])),
                ("Resident", object([("id", "string"), ("name", "string"), ("kana", "string"), ("birth_date", "string"), ("address", "object"),
                                     ("names", "array"), ("addresses", "array"), ("household", "string"), ("levies", "object"), ("known_at", "string")])),
                ("CorporationResults", object([("results", "array"), ("truncated", "boolean"), ("known_at", "string")], required: ["results"])),
                ("Corporation", object([("id", "string"), ("name", "string"), ("kana", "string"), ("corporate_number", "string"), ("address", "object"),
                                        ("names", "array"), ("offices", "array"), ("returns", "array"), ("levies", "object"), ("known_at", "string")])),
                ("Assessment", object([("subject", "string"), ("fiscal_year", "integer"), ("levies", "array"), ("refused", "object")])),
                ("HouseholdNHI", object([("household", "string"), ("fiscal_year", "integer"), ("members", "array"), ("parts", "array"), ("reduction", "string")])),
                ("Verification", object([("matches", "boolean"), ("differences", "array"), ("fingerprint", "string")])),
                ("AuditRecords", object([("records", "array")])),
                ("StaffList", object([("staff", "array")])),
                ("StaffChange", object([("user", "string"), ("role", "string"), ("enabled", "boolean"), ("changed", "string")])),
            ])),
            ("securitySchemes", .object([("session", .object([("type", .string("apiKey")), ("in", .string("cookie")), ("name", .string("kaisei_session"))]))])),
        ])),
        ("security", .array([.object([("session", .array([]))])])),
    ])

    /// Every (method, path) the document describes, for the test against the router.
    static var operations: Set<String> {
        guard case .object(let paths)? = document["paths"] else { return [] }
        var out: Set<String> = []
        for (path, item) in paths {
            guard case .object(let methods) = item else { continue }
            for (m, _) in methods { out.insert("\(m.uppercased()) \(path)") }
        }
        return out
    }
}
