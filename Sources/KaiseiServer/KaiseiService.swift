import Foundation
import Hummingbird
import HTTPTypes
import Logging
import Metrics
import Prometheus
import KaiseiCore
import EventStore
import Law
import Snapshots
import Counter

/// `kaisei serve`: the counter service of both cities on one store. It answers /healthz at
/// once, replays the store (from the newest snapshot) in the background and answers /readyz
/// when done, then follows the store so an event appended by another process (a levy run, an
/// import) is visible within a second. SIGTERM or SIGINT stops it after in-flight requests.
public enum KaiseiService {
    public struct Configuration: Sendable {
        public var host: String
        public var port: Int
        public var followInterval: Double = 0.25
        public var secureCookies = false
        /// The revisions folder (the analysts' comparison lists its drafts/).
        public var revisions = "revisions"
        public init(host: String, port: Int) { self.host = host; self.port = port }
    }

    /// Opens what the service needs: the writer (which creates the access log if the store
    /// predates it), the access log's two connections, and a pool of readers.
    /// `readOnlyAudit`: the degraded environment. The store is only read (a standby, a restored
    /// backup); the access records go to this separate trail file (created if missing), to be
    /// kept with the main trail once the main environment is back.
    public static func makeCounter(_ location: StoreLocation, ruleBase: RuleBase, snapshots: SnapshotFolder?,
                                   readOnlyAudit: String? = nil) throws -> CounterService {
        if let trail = readOnlyAudit {
            // A trail of its own: an event store with no events, whose access log takes the records.
            _ = try SQLiteEventLog(path: trail)
            let audit = AuditTrail(writer: try SQLiteAccessLog(path: trail), reader: try SQLiteAccessLog(path: trail, readOnly: true))
            let readers = ReaderPool { try StoreBackend.open(location, readOnly: true) }
            return CounterService(state: CounterState(readers: readers, snapshots: snapshots), ruleBase: ruleBase, audit: audit, writer: nil)
        }
        let writer = try StoreBackend.open(location, readOnly: false)
        let audit = AuditTrail(writer: try StoreBackend.openAccessLog(location), reader: try StoreBackend.openAccessLog(location, readOnly: true))
        let readers = ReaderPool { try StoreBackend.open(location, readOnly: true) }
        let state = CounterState(readers: readers, snapshots: snapshots)
        return CounterService(state: state, ruleBase: ruleBase, audit: audit, writer: writer)
    }

    /// The router with every route and middleware: what `run` serves and the route test reads.
    public static func makeRouter(_ counter: CounterService, logger: Logger, revisions: String = "revisions") -> Router<AppContext> {
        let router = Router(context: AppContext.self)
        router.add(middleware: RequestLogMiddleware(counter: counter))
        router.add(middleware: MetricsMiddleware())
        router.add(middleware: ProblemMiddleware(logger: logger, session: { token in
            if case .valid(let s) = counter.session(token: token) { return s }
            return nil
        }))
        router.add(middleware: SessionMiddleware(counter: counter))
        if counter.readOnly {
            router.add(middleware: DegradedMiddleware(counter: counter))
            HTML.degradedBanner = { [counter] in
                let head = counter.state.view?.head
                return "縮退環境（読み取り専用）です。記録は \(head.map { $0.recordedAt.description } ?? "読込中") 時点（事象番号 \(head?.seq ?? 0)）までです。"
                    + "証明書の発行は閲覧の記録にのみ残り、職員アカウントの変更はできません。"
            }
        }
        OperationsRoutes(counter: counter).register(on: router)
        let pdf = PDFRenderer()
        APIRoutes(counter: counter, pdf: pdf).register(on: router)
        PageRoutes(counter: counter, pdf: pdf, drafts: DraftCatalogue(revisions: revisions)).register(on: router)
        return router
    }

    /// The (method, path) of every route, as the OpenAPI test compares them.
    public static func routeList(_ router: Router<AppContext>) -> Set<String> {
        Set(router.routes.map { "\($0.method.rawValue) \($0.path.description)" })
    }

    public static var openAPIOperations: Set<String> { OpenAPIDocument.operations }

    /// Whether the login page would follow `next` to this address (tests).
    public static func isLocalRedirect(_ path: String) -> Bool { PageRoutes.isLocalPath(path) }

    public static func run(_ counter: CounterService, configuration: Configuration) async throws {
        var logger = Logger(label: "kaisei.serve")
        logger.logLevel = ProcessInfo.processInfo.environment["LOG_LEVEL"].flatMap { Logger.Level(rawValue: $0) } ?? .info
        KaiseiMetrics.bootstrapOnce()
        API.secureCookies = configuration.secureCookies
        let follower = Follower(counter: counter, interval: configuration.followInterval, logger: logger)
        let app = Application(
            router: makeRouter(counter, logger: logger, revisions: configuration.revisions),
            configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: "kaisei"),
            onServerRunning: { _ in follower.start() },
            logger: logger)
        try await app.runService()
        follower.stop()
    }
}

/// Marks every answer of the degraded environment, for scripts: `X-Kaisei-Degraded: read-only;
/// current-to=TIME; seq=N`.
struct DegradedMiddleware: RouterMiddleware {
    typealias Context = AppContext
    let counter: CounterService
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var response = try await next(request, context)
        let head = counter.state.view?.head
        response.headers[HTTPField.Name("X-Kaisei-Degraded")!] = "read-only; current-to=\(head.map { $0.recordedAt.description } ?? "-"); seq=\(head?.seq ?? 0)"
        return response
    }
}

/// Replays once, then folds new events every `interval` seconds, on its own thread.
final class Follower: @unchecked Sendable {
    let counter: CounterService
    let interval: Double
    let logger: Logger
    private let lock = NSLock()
    private var stopping = false
    private var thread: Thread?

    init(counter: CounterService, interval: Double, logger: Logger) { self.counter = counter; self.interval = interval; self.logger = logger }

    func start() {
        let t = Thread { [self] in loop() }
        t.name = "kaisei-follower"
        lock.withLock { thread = t }
        t.start()
    }

    func stop() { lock.withLock { stopping = true } }

    private func loop() {
        do {
            try counter.state.load()
            if let s = counter.state.startup, let v = counter.state.view {
                logger.info("ready: replayed to seq \(v.head.seq) in \(String(format: "%.1f", s.seconds)) s\(s.snapshotWatermark.map { " from the snapshot at seq \($0)" } ?? " from the first event")")
            }
        } catch {
            logger.critical("cannot replay the store: \(error)")
            return
        }
        while !lock.withLock({ stopping }) {
            Thread.sleep(forTimeInterval: interval)
            do { try counter.state.follow() } catch { logger.error("following the store: \(error)") }
        }
    }
}

/// swift-metrics' one global backend: Prometheus, bootstrapped once per process.
enum KaiseiMetrics {
    static let registry = PrometheusCollectorRegistry()
    private static let once: Void = { MetricsSystem.bootstrap(PrometheusMetricsFactory(registry: registry)) }()
    static func bootstrapOnce() { _ = once }
}
