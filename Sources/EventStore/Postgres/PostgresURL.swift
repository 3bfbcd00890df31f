import Foundation

/// `postgres://USER[:PASSWORD]@HOST[:PORT]/DB[?host=/socket/dir]`, as `--store` and
/// `KAISEI_STORE` give it. The password may also come from `PGPASSWORD`, so that it never has
/// to appear on a command line (where `ps` shows it).
struct PostgresURL: Sendable, CustomStringConvertible {
    var user: String
    var password: String?
    var host: String
    var port: Int
    var database: String
    /// A Unix-socket directory (`?host=/run/postgresql`): the socket is `DIR/.s.PGSQL.PORT`.
    var unixSocket: String?
    /// `?sslmode=disable|require|verify-full`. Without it: no TLS on loopback and a socket, TLS
    /// with the certificate verified against the system's roots to any other host — residents'
    /// data never crosses a network in clear unless someone asks for it by name.
    var tls: Bool

    init(_ text: String) throws(StoreError) {
        guard let components = URLComponents(string: text), let scheme = components.scheme?.lowercased(),
              scheme == "postgres" || scheme == "postgresql" else {
            throw StoreError.database("\(StoreLocation.redactingPassword(text)) is not a postgres:// URL")
        }
        guard let user = components.user, !user.isEmpty else {
            throw StoreError.database("\(StoreLocation.redactingPassword(text)): the URL names no user (postgres://USER@HOST:PORT/DB)")
        }
        let db = components.path.hasPrefix("/") ? String(components.path.dropFirst()) : components.path
        guard !db.isEmpty else {
            throw StoreError.database("\(StoreLocation.redactingPassword(text)): the URL names no database (postgres://USER@HOST:PORT/DB)")
        }
        self.user = user.removingPercentEncoding ?? user
        self.password = components.password?.removingPercentEncoding ?? ProcessInfo.processInfo.environment["PGPASSWORD"]
        self.host = components.host ?? "localhost"
        self.port = components.port ?? 5432
        self.database = db.removingPercentEncoding ?? db
        if let dir = components.queryItems?.first(where: { $0.name == "host" })?.value, dir.hasPrefix("/") {
            unixSocket = "\(dir)/.s.PGSQL.\(port)"
        }
        let loopback = unixSocket != nil || ["127.0.0.1", "localhost", "::1"].contains(host)
        switch components.queryItems?.first(where: { $0.name == "sslmode" })?.value {
        case nil: tls = !loopback
        case "disable"?: tls = false
        case "require"?, "verify-ca"?, "verify-full"?: tls = true
        case let other?:
            throw StoreError.database("\(StoreLocation.redactingPassword(text)): sslmode=\(other) is not one of disable, require, verify-full")
        }
    }

    /// The same server and user, another database (tests make one database per store).
    func with(database: String) -> PostgresURL { var u = self; u.database = database; return u }
    /// The same server and database as another user.
    func with(user: String, password: String? = nil) -> PostgresURL { var u = self; u.user = user; u.password = password; return u }

    /// Without the password: for messages and logs.
    var description: String { "postgres://\(user)@\(unixSocket ?? "\(host):\(port)")/\(database)" }

    /// The URL text again (with the password when it was in the URL), its parts percent-encoded
    /// as they were decoded, so it reads back as the same URL.
    var text: String {
        let u = user.addingPercentEncoding(withAllowedCharacters: .urlUserAllowed) ?? user
        let auth = password.map { "\(u):\($0.addingPercentEncoding(withAllowedCharacters: .urlPasswordAllowed) ?? $0)" } ?? u
        var params: [String] = []
        if let s = unixSocket { params.append("host=\((s as NSString).deletingLastPathComponent)") }
        let loopback = unixSocket != nil || ["127.0.0.1", "localhost", "::1"].contains(host)
        if tls == loopback { params.append("sslmode=\(tls ? "verify-full" : "disable")") }
        let query = params.isEmpty ? "" : "?" + params.joined(separator: "&")
        let h = host.contains(":") ? "[\(host)]" : host
        let db = database.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed) ?? database
        return "postgres://\(auth)@\(h):\(port)/\(db)\(query)"
    }
}
