import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The analysts' comparisons, run one at a time on a thread of their own at a lower priority.
///
/// At full scale a comparison assesses a whole city twice: seconds of a core. Run inside the
/// request, the analyst's page took that long, and two analysts (or a page and its report frame)
/// took both cores from the counter staff, whose answers the cities' SLA bounds. So the page
/// starts the comparison and answers at once ("計算中", refreshing itself without JavaScript);
/// the result is kept by its parameters and the store's position, for the page, its report and
/// its CSV alike. The worker thread is niced, so the kernel serves the counter's requests first.
final class ComparisonJobs<Value: Sendable>: @unchecked Sendable {
    enum State {
        /// Waiting for `ahead` others, or running since `since`.
        case waiting(ahead: Int)
        case running(since: Date)
        case done(Value)
        case failed(any Error)
    }

    private struct Entry {
        let key: String
        var state: State
        var waiters: [CheckedContinuation<Value, any Error>] = []
    }

    private let lock = NSLock()
    /// Newest first; finished entries beyond `keep` are dropped.
    private var entries: [Entry] = []
    private var pending: [(key: String, make: @Sendable () throws -> Value)] = []
    private var worker: Thread?
    private let wake = DispatchSemaphore(value: 0)
    private let keep: Int
    /// The worker's nice value (0 = as the server; higher = yields to it).
    private let nice: Int32

    init(keep: Int = 8, nice: Int32 = 10) { self.keep = keep; self.nice = nice }

    /// The comparison's state, queuing it when it is not known yet. A failure is reported once
    /// and forgotten, so asking again runs it again.
    func state(_ key: String, _ make: @escaping @Sendable () throws -> Value) -> State {
        lock.lock(); defer { lock.unlock() }
        if let i = entries.firstIndex(where: { $0.key == key }) {
            let s = entries[i].state
            if case .failed = s { entries.remove(at: i) }
            if case .waiting = s { return .waiting(ahead: pending.firstIndex { $0.key == key } ?? 0) }
            return s
        }
        enqueue(key, make)
        return .waiting(ahead: pending.count - 1)
    }

    /// Waits for the comparison (the report and the CSV), queuing it when it is not known.
    func value(_ key: String, _ make: @escaping @Sendable () throws -> Value) async throws -> Value {
        try await withCheckedThrowingContinuation { (c: CheckedContinuation<Value, any Error>) in
            lock.lock()
            if let i = entries.firstIndex(where: { $0.key == key }) {
                switch entries[i].state {
                case .done(let value): lock.unlock(); c.resume(returning: value); return
                case .failed(let error): entries.remove(at: i); lock.unlock(); c.resume(throwing: error); return
                case .waiting, .running: entries[i].waiters.append(c); lock.unlock(); return
                }
            }
            enqueue(key, make)
            entries[0].waiters.append(c)
            lock.unlock()
        }
    }

    /// Under the lock.
    private func enqueue(_ key: String, _ make: @escaping @Sendable () throws -> Value) {
        entries.insert(Entry(key: key, state: .waiting(ahead: pending.count)), at: 0)
        pending.append((key, make))
        if worker == nil {
            let t = Thread { [self] in self.work() }
            t.name = "kaisei.compare"
            worker = t
            t.start()
        }
        wake.signal()
    }

    private func work() {
        #if canImport(Glibc)
        // Linux keeps a nice value per thread, and `who` 0 is the calling thread: this lowers
        // only the comparisons' thread, not the server's.
        _ = setpriority(__priority_which_t(PRIO_PROCESS.rawValue), 0, nice)
        #endif
        while true {
            wake.wait()
            lock.lock()
            guard !pending.isEmpty else { lock.unlock(); continue }
            let job = pending.removeFirst()
            update(job.key) { $0.state = .running(since: Date()) }
            lock.unlock()
            let outcome = Result { try job.make() }
            lock.lock()
            var waiters: [CheckedContinuation<Value, any Error>] = []
            update(job.key) { e in
                waiters = e.waiters
                e.waiters = []
                switch outcome {
                case .success(let value): e.state = .done(value)
                case .failure(let error): e.state = .failed(error)
                }
            }
            // Forget the oldest finished ones; a failure someone waited for has been told.
            if case .failure = outcome, !waiters.isEmpty { entries.removeAll { $0.key == job.key } }
            var finished = 0
            entries.removeAll { e in
                if case .done = e.state { finished += 1; return finished > keep }
                return false
            }
            lock.unlock()
            for w in waiters { w.resume(with: outcome) }
        }
    }

    /// Under the lock.
    private func update(_ key: String, _ change: (inout Entry) -> Void) {
        if let i = entries.firstIndex(where: { $0.key == key }) { change(&entries[i]) }
    }
}
