import Dispatch

/// Work started on another thread now and collected later: the importer parses the next chunk
/// of lines while it checks or writes the current one.
final class Ahead<T>: @unchecked Sendable {
    private var value: T?
    private let done = DispatchSemaphore(value: 0)

    init(_ work: @escaping @Sendable () -> T) {
        DispatchQueue.global(qos: .userInitiated).async {
            self.value = work()
            self.done.signal()
        }
    }

    /// The result, waiting for it if the work is still running. Called once.
    func wait() -> T {
        done.wait()
        return value!
    }
}
