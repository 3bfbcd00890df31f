import Dispatch

/// Runs a blocking workflow (SQLite reads, a fold, bcrypt, the audit commit) on Dispatch's
/// pool rather than on Swift concurrency's few cooperative threads, so that one slow request
/// does not stall the event loop of every other.
enum Offload {
    static let queue = DispatchQueue(label: "kaisei.counter", qos: .userInitiated, attributes: .concurrent)

    static func run<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            queue.async {
                do { continuation.resume(returning: try body()) } catch { continuation.resume(throwing: error) }
            }
        }
    }
}
