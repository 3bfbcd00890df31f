import Foundation
#if canImport(Glibc)
import Glibc
#endif
import EventStore

/// A private PostgreSQL cluster for a test that must stop, crash, replicate or promote a
/// server (which the shared test server of `KAISEI_TEST_POSTGRES` must never be): driven
/// through `tools/pg-cluster`, on a free port, removed by `remove()` or when it goes.
public final class PostgresCluster {
    public let port: Int
    public let directory: String
    /// `postgres://OWNER@127.0.0.1:PORT/postgres`, as `tools/pg-cluster` prints it.
    public private(set) var url = ""
    static let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("tools/pg-cluster").path

    /// A new cluster, initialised and started.
    public static func start() throws -> PostgresCluster {
        let c = PostgresCluster()
        c.url = try c.run("start")
        return c
    }

    /// A streaming standby of `primary` (pg_basebackup -R), started: read-only, following it.
    public static func standby(of primary: PostgresCluster) throws -> PostgresCluster {
        let c = PostgresCluster()
        c.url = try c.run("standby \(primary.port)")
        return c
    }

    private init() {
        port = Self.freePort()
        directory = "/tmp/kaisei-pgtest-\(port)"
    }

    deinit { remove() }

    /// The URL of database `name` on this cluster.
    public func url(database name: String) throws -> String { try PostgresAdmin.url(url, database: name) }

    public func crash() throws { _ = try run("crash") }
    public func restart() throws { _ = try run("start") }
    public func promote() throws { _ = try run("promote") }
    public func remove() { _ = try? run("remove") }

    /// Runs the script with posix_spawn and waitpid rather than Foundation's Process: the
    /// server that `start` leaves running is a grandchild, and Foundation's child monitor was
    /// seen never to reap the script that started it (the wait hung on a zombie). Only standard
    /// input, output and error go on to the script (and so to the server it leaves running):
    /// a server holding the test runner's pipes would keep them open.
    @discardableResult
    func run(_ verb: String) throws -> String {
        let out = "/tmp/kaisei-pgtest-\(port).\(verb.split(separator: " ")[0]).out"
        let closeInherited = #"for f in /proc/$$/fd/*; do n=${f##*/}; [ "$n" -gt 2 ] && eval "exec $n>&-"; done 2>/dev/null; "#
        let command = closeInherited + "KAISEI_PG_DIR='\(directory)' KAISEI_PG_PORT=\(port) /bin/bash '\(Self.script)' \(verb) > '\(out)' 2>&1 < /dev/null"
        var pid: pid_t = 0
        let argv: [UnsafeMutablePointer<CChar>?] = [strdup("/bin/bash"), strdup("-c"), strdup(command), nil]
        defer { argv.forEach { free($0) } }
        guard posix_spawn(&pid, "/bin/bash", nil, nil, argv, environ) == 0 else { throw StoreError.database("cannot start tools/pg-cluster") }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        let text = (try? String(contentsOfFile: out, encoding: .utf8)) ?? ""
        try? FileManager.default.removeItem(atPath: out)
        guard status == 0 else { throw StoreError.database("tools/pg-cluster \(verb) failed (\(status)): \(text)") }
        return text.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// A port nothing listens on now (bound then released by the kernel's choice).
    static func freePort() -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        addr.sin_port = 0
        var len = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &addr) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, len) } }
        _ = withUnsafeMutablePointer(to: &addr) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &len) } }
        return Int(UInt16(bigEndian: addr.sin_port))
    }
}
