import Foundation
import KaiseiCore
import KaiseiEvents
import EventStore

/// A fresh store file in a temporary folder, removed by `cleanUp()`.
public final class TemporaryStore {
    public let directory: URL
    public let path: String
    public private(set) var log: SQLiteEventLog

    public init(clock: @escaping () -> RecordedTime = TestClock().next) throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("kaisei-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        path = directory.appendingPathComponent("store.sqlite").path
        log = try SQLiteEventLog(path: path, clock: clock)
    }

    /// Reopens the file, as a new process would.
    public func reopen() throws { log = try SQLiteEventLog(path: path, clock: log.clock) }

    public func cleanUp() { try? FileManager.default.removeItem(at: directory) }
    deinit { cleanUp() }
}

/// A deterministic recorded-time source: starts at 2026-04-01 09:00 JST, one second a call.
public final class TestClock: @unchecked Sendable {
    private var current: Int64
    public init(start: RecordedTime = RecordedTime(japan: CivilDate(year: 2026, month: 4, day: 1)!, hour: 9)) {
        current = start.microseconds
    }
    public func next() -> RecordedTime {
        defer { current += 1_000_000 }
        return RecordedTime(microseconds: current)
    }
}
