import Foundation
import EventStore

/// Read connections to the store, one per concurrent request: a connection is used by one
/// thread at a time (`EventLog`), so a request borrows one and gives it back.
public final class ReaderPool: @unchecked Sendable {
    private let make: () throws -> any EventLog
    private var idle: [any EventLog] = []
    private let lock = NSLock()

    public init(_ make: @escaping () throws -> any EventLog) { self.make = make }

    public func with<T>(_ body: (any EventLog) throws -> T) throws -> T {
        let reader = try lock.withLock { idle.popLast() } ?? make()
        defer { lock.withLock { idle.append(reader) } }
        return try body(reader)
    }
}
