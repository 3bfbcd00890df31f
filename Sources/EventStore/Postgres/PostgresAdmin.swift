import Foundation
import PostgresNIO
import KaiseiCore

/// Housekeeping on a PostgreSQL server that the store itself never does: making and dropping
/// databases, login roles for the services, one-off SQL. Operators' scripts and the tests use
/// it (each PostgreSQL test makes a database of its own and drops it).
public enum PostgresAdmin {
    /// Creates database `name` on the server of `serverURL` (connecting to its database).
    public static func createDatabase(serverURL: String, name: String) throws(StoreError) {
        let s = try PostgresSession(try PostgresURL(serverURL), applicationName: "kaisei admin")
        try s.execute("CREATE DATABASE \(quoteIdentifier(name))")
    }

    /// Drops database `name`, ending its sessions (PostgreSQL 13+).
    public static func dropDatabase(serverURL: String, name: String) throws(StoreError) {
        let s = try PostgresSession(try PostgresURL(serverURL), applicationName: "kaisei admin")
        try s.execute("DROP DATABASE IF EXISTS \(quoteIdentifier(name)) WITH (FORCE)")
    }

    /// `serverURL` with another database (the URL a store on that database is opened with).
    public static func url(_ serverURL: String, database: String) throws(StoreError) -> String {
        try PostgresURL(serverURL).with(database: database).text
    }

    /// `url` as another user (a service's login role).
    public static func url(_ url: String, user: String, password: String? = nil) throws(StoreError) -> String {
        try PostgresURL(url).with(user: user, password: password).text
    }

    /// Runs statements, in order, as the URL's user.
    public static func execute(_ url: String, _ statements: [String]) throws(StoreError) {
        let s = try PostgresSession(try PostgresURL(url), applicationName: "kaisei admin")
        for statement in statements { try s.execute(statement) }
    }

    /// The first column of the first row of `sql` as an integer, as the URL's user.
    public static func scalar(_ url: String, _ sql: String) throws(StoreError) -> Int64? {
        let s = try PostgresSession(try PostgresURL(url), applicationName: "kaisei admin")
        return try s.scalar(PostgresQuery(unsafeSQL: sql))
    }

    /// Creates (if missing) a login role that is a member of `groups` (e.g. `kaisei_city_okazaki`).
    /// Plain statements with quoted names (postgres-nio sends one statement per query), no
    /// dollar-quoted block a `$$` in a password could end.
    public static func createLoginRole(_ url: String, name: String, password: String?, groups: [String]) throws(StoreError) {
        let s = try PostgresSession(try PostgresURL(url), applicationName: "kaisei admin")
        if try s.scalar("SELECT count(*) FROM pg_roles WHERE rolname = \(name)") == 0 {
            let pass = password.map { " PASSWORD \(quoteLiteral($0))" } ?? ""
            do { try s.execute("CREATE ROLE \(quoteIdentifier(name)) LOGIN\(pass)") }
            catch { if try s.scalar("SELECT count(*) FROM pg_roles WHERE rolname = \(name)") == 0 { throw error } }
        }
        for g in groups { try s.execute("GRANT \(quoteIdentifier(g)) TO \(quoteIdentifier(name))") }
    }

    static func quoteIdentifier(_ s: String) -> String { "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\"" }
    static func quoteLiteral(_ s: String) -> String { "'" + s.replacingOccurrences(of: "'", with: "''") + "'" }
}
