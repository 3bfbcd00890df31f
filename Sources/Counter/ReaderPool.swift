import Foundation
import EventStore

/// Read connections to the store, one per concurrent request: a connection is used by one
/// thread at a time (`EventLog`), so a request borrows one and gives it back.
public final class ReaderPool: @unchecked Sendable {
    private let make: () throws -> any EventLog
    private var idle: [any EventLog] = []
    private let lock = NSLock()

    public init(_ make: @escaping () throws -> any EventLog) { self.make = make }

    /// A connection that failed with a database error (a networked store restarted, a standby
    /// promoted) is not given back: the next request opens a new one, so the service recovers
    /// without a restart once the database is back.
    public func with<T>(_ body: (any EventLog) throws -> T) throws -> T {
        let reader = try lock.withLock { idle.popLast() } ?? make()
        do {
            let value = try body(reader)
            lock.withLock { idle.append(reader) }
            return value
        } catch let e as StoreError {
            if case .database = e {} else { lock.withLock { idle.append(reader) } }
            throw e
        } catch {
            lock.withLock { idle.append(reader) }
            throw error
        }
    }
}
