import ArgumentParser
import Foundation
import EventStore
import KaiseiServer

struct ServeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Run the counter service (JSON API and operations endpoints) for both cities on one store.",
        discussion: """
            Answers /healthz at once and /readyz when the store is replayed (from the newest snapshot), then \
            follows the store: events appended by other processes are visible within a second. Staff log in \
            with accounts made by `kaisei staff add`. SIGTERM or SIGINT stops it after in-flight requests. \
            The API is described at /openapi.json.
            """)

    @OptionGroup var storeOptions: StoreOptions
    @OptionGroup var revisionOptions: RevisionOptions
    @OptionGroup var snapshotOptions: SnapshotOptions
    @Option(help: ArgumentHelp("Address and port to listen on.", valueName: "HOST:PORT"))
    var bind = "127.0.0.1:8080"
    @Flag(help: "Mark the session cookie Secure (when a TLS proxy is in front).")
    var secureCookies = false
    @Flag(help: "The degraded environment: read a standby or a restored backup without writing to it (needs --audit-log).")
    var readOnly = false
    @Option(help: ArgumentHelp("With --read-only: the file that keeps the access records (created if missing).", valueName: "PATH"))
    var auditLog: String?

    func run() throws {
        try reporting {
            guard let colon = bind.lastIndex(of: ":"), let port = Int(bind[bind.index(after: colon)...]), (0...65535).contains(port) else {
                throw CLIFailure.usage("--bind: expected HOST:PORT, got \(bind)")
            }
            let host = String(bind[..<colon])
            let rb = try revisionOptions.load()
            if readOnly && auditLog == nil { throw CLIFailure.usage("--read-only needs --audit-log PATH: every look at a person's data is recorded, here in a file of its own") }
            if !readOnly && auditLog != nil { throw CLIFailure.usage("--audit-log is for --read-only; the main environment records in the store") }
            // Checks the chain before anything is served (and, writing, migrates the store for its access log).
            _ = try storeOptions.open(readOnly: readOnly)
            let counter: CounterServiceHandle
            do {
                counter = CounterServiceHandle(try KaiseiService.makeCounter(storeOptions.location, ruleBase: rb,
                                                                             snapshots: snapshotOptions.noSnapshots ? nil : snapshotOptions.folder,
                                                                             readOnlyAudit: readOnly ? auditLog : nil))
            } catch { throw CLIFailure.store(error as? StoreError ?? .database("\(error)")) }
            var configuration = KaiseiService.Configuration(host: host, port: port)
            configuration.secureCookies = secureCookies
            configuration.revisions = revisionOptions.path
            let done = DispatchSemaphore(value: 0)
            let failure = FailureBox()
            let config = configuration
            Task {
                do { try await KaiseiService.run(counter.service, configuration: config) } catch { failure.set(error) }
                done.signal()
            }
            done.wait()
            if let e = failure.error { throw CLIFailure(message: "kaisei serve: \(e)", code: ExitStatus.store) }
        }
    }
}

import Counter

/// The service handed to the server task (a class reference, shared, never mutated here).
struct CounterServiceHandle: @unchecked Sendable { let service: CounterService; init(_ s: CounterService) { service = s } }

final class FailureBox: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: Error?
    func set(_ e: Error) { lock.withLock { stored = e } }
    var error: Error? { lock.withLock { stored } }
}
