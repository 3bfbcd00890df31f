import Foundation
import KaiseiCore
import EventStore

/// The PostgreSQL server the tests may use: `KAISEI_TEST_POSTGRES`, a URL of a role that may
/// create databases and roles (`tools/pg-cluster start` prints one; `.ci/run` starts that
/// cluster and sets it). Unset, the PostgreSQL tests are reported as skipped; set but
/// unreachable, they fail.
public enum PostgresTestServer {
    public static var url: String? {
        let v = ProcessInfo.processInfo.environment["KAISEI_TEST_POSTGRES"] ?? ""
        return v.isEmpty ? nil : v
    }
    public static var available: Bool { url != nil }
    public static let skipReason = "no PostgreSQL server: start one with tools/pg-cluster start and set KAISEI_TEST_POSTGRES"
}

/// A fresh PostgreSQL database holding one store, dropped when this object goes.
public final class TemporaryPostgresStore {
    public let serverURL: String
    public let database: String
    /// The store's URL (as the server's admin role, who owns and migrates it).
    public let url: String
    public let log: PostgresEventLog

    public init(clock: @escaping () -> RecordedTime = TestClock().next) throws {
        guard let server = PostgresTestServer.url else { throw StoreError.database(PostgresTestServer.skipReason) }
        serverURL = server
        database = "kaisei_t_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").prefix(16).lowercased()
        try PostgresAdmin.createDatabase(serverURL: server, name: database)
        url = try PostgresAdmin.url(server, database: database)
        log = try PostgresEventLog(url: url, clock: clock)
    }

    deinit { try? PostgresAdmin.dropDatabase(serverURL: serverURL, name: database) }
}
