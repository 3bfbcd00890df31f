import Dispatch
import Synchronization
import Logging
import NIOCore
import NIOPosix
import NIOSSL
import PostgresNIO
import KaiseiCore

/// One PostgreSQL connection used synchronously, as the `EventLog` protocol is: each call sends
/// a query through postgres-nio and waits for its result on the calling thread.
///
/// Why blocking: every caller of the store (import, replay, the CLI, the counter's reader pool)
/// is synchronous code on its own thread, and the SQLite backend is synchronous by nature. The
/// connections run on one private event-loop thread of their own, so a wait here can never
/// block the loop it waits for (nor a Hummingbird loop).
final class PostgresSession {
    /// The event loop of every store connection. One thread is plenty: it only moves bytes;
    /// decoding and hashing happen on the callers' threads.
    static let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)

    let connection: PostgresConnection
    let info: PostgresURL
    private let logger: Logger

    init(_ info: PostgresURL, applicationName: String) throws(StoreError) {
        self.info = info
        var logger = Logger(label: "kaisei.store.postgres")
        // postgres-nio logs queries and binds at debug and trace levels: binds are personal data.
        logger.logLevel = .error
        self.logger = logger
        var config: PostgresConnection.Configuration
        if let socket = info.unixSocket {
            config = .init(unixSocketPath: socket, username: info.user, password: info.password, database: info.database)
        } else {
            var tls = PostgresConnection.Configuration.TLS.disable
            if info.tls {
                do { tls = .require(try NIOSSLContext(configuration: .makeClientConfiguration())) }
                catch { throw StoreError.database("cannot set up TLS for \(info): \(error)") }
            }
            config = .init(host: info.host, port: info.port, username: info.user, password: info.password, database: info.database, tls: tls)
        }
        config.options.additionalStartupParameters = [("application_name", applicationName)]
        do {
            connection = try PostgresConnection.connect(on: Self.group.next(), configuration: config, id: 1, logger: logger).wait()
        } catch {
            throw StoreError.database("cannot connect to \(info): \(Self.describe(error))")
        }
    }

    deinit { try? connection.close().wait() }

    /// Runs one statement and collects its rows.
    @discardableResult
    func query(_ q: PostgresQuery) throws(StoreError) -> [PostgresRow] {
        Array(try wait(connection.query(q, logger: logger)).rows)
    }

    /// Runs one statement without binds (DDL, BEGIN, COMMIT). The extended protocol that
    /// postgres-nio speaks takes one statement per query: scripts are lists of statements.
    func execute(_ sql: String) throws(StoreError) {
        _ = try wait(connection.query(PostgresQuery(unsafeSQL: sql), logger: logger))
    }

    /// Sends a statement without waiting for it: statements queue on the connection in order,
    /// so a writer can build its next slice of rows while the server inserts this one.
    func send(_ q: PostgresQuery) -> EventLoopFuture<PostgresQueryResult> {
        connection.query(q, logger: logger)
    }

    /// Starts `COPY table(columns) FROM STDIN` of `rows` (complete rows in text form) once
    /// `previous` has ended, without waiting. It fails if `previous` failed: the transaction is
    /// then aborted anyway, and the first failure is the one reported.
    ///
    /// postgres-nio's COPY is async only. Its task runs on `CopyExecutor`'s own thread, never on
    /// Swift's cooperative pool: the store's callers block their threads while they wait (this
    /// API is synchronous), and a caller that is itself an async task (a test, a request
    /// handler) may hold one of the pool's few threads. A COPY waiting for a pool thread that its
    /// own caller holds would never run (seen: the whole test run stopped).
    func copy(into table: String, columns: [String], _ rows: ByteBuffer, after previous: EventLoopFuture<Void>?) -> EventLoopFuture<Void> {
        let promise = connection.eventLoop.makePromise(of: Void.self)
        let connection = connection, logger = logger
        Task(executorPreference: CopyExecutor.shared) {
            do {
                if let previous { try await previous.get() }
                try await connection.copyFrom(table: table, columns: columns, logger: logger) { writer in
                    try await writer.write(rows)
                }
                promise.succeed(())
            } catch {
                promise.fail(error)
            }
        }
        return promise.futureResult
    }

    /// Waits for a result, or for the connection to close. A server stopped in the middle of a
    /// statement (`pg_ctl stop -m immediate`, a failover) was seen to leave the statement's
    /// future pending for ever after the socket closed: the store then reports the lost
    /// connection rather than hang. Whether that statement's transaction committed is the
    /// server's to say; the chain check on the next open tells.
    func wait<T: Sendable>(_ future: EventLoopFuture<T>) throws(StoreError) -> T {
        let done = DispatchSemaphore(value: 0)
        let outcome = Mutex<Result<T, Error>?>(nil)
        future.whenComplete { r in outcome.withLock { $0 = r }; done.signal() }
        // Polled four times a second rather than a callback on the close future: a callback per
        // statement would pile up on a connection that lives for months.
        var closedFor = 0
        while done.wait(timeout: .now() + 0.25) == .timedOut {
            if connection.isClosed { closedFor += 1 } else { closedFor = 0 }
            if closedFor >= 2 {
                throw StoreError.database("PostgreSQL: the connection to \(info) was lost in the middle of a statement")
            }
        }
        switch outcome.withLock({ $0 })! {
        case .success(let v): return v
        case .failure(let e): throw Self.storeError(e)
        }
    }

    /// The first column of the first row as an integer (nil for no row or NULL).
    func scalar(_ q: PostgresQuery) throws(StoreError) -> Int64? {
        guard let row = try query(q).first else { return nil }
        do { return try row.decode(Int64?.self) } catch { throw Self.storeError(error) }
    }

    /// Runs `body` in one transaction: committed if it returns, rolled back if it throws.
    func transaction<T>(_ begin: String = "BEGIN", _ body: () throws -> T) throws -> T {
        try execute(begin)
        do {
            let value = try body()
            try execute("COMMIT")
            return value
        } catch {
            try? execute("ROLLBACK")
            throw error
        }
    }

    /// The SQLSTATE of a server error (`23505` unique violation, `42501` insufficient privilege…).
    static func sqlState(_ error: Error) -> String? {
        (error as? PSQLError)?.serverInfo?[.sqlState]
    }

    /// postgres-nio hides the server's message from `description` (it may hold data); the store
    /// reports the message and its SQLSTATE, never the query's binds.
    static func describe(_ error: Error) -> String {
        if let e = error as? PSQLError {
            if let info = e.serverInfo, let message = info[.message] {
                return "\(message) (SQLSTATE \(info[.sqlState] ?? "?"))"
            }
            return "\(e.code)"
        }
        return "\(error)"
    }

    static func storeError(_ error: Error) -> StoreError {
        if let e = error as? StoreError { return e }
        return StoreError.database("PostgreSQL: \(describe(error))")
    }
}

/// The thread that runs the COPY tasks (`PostgresSession.copy`): a serial queue of its own,
/// outside Swift's cooperative pool, so a COPY never waits for a thread its caller is blocking.
final class CopyExecutor: TaskExecutor, @unchecked Sendable {
    static let shared = CopyExecutor()
    private let queue = DispatchQueue(label: "kaisei.postgres.copy")

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        queue.async { job.runSynchronously(on: self.asUnownedTaskExecutor()) }
    }
}
