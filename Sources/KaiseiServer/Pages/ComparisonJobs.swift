import Foundation
import Counter
#if canImport(Glibc)
import Glibc
#endif

/// The analysts' comparisons, run one at a time on a thread of their own that only idle CPU
/// time runs (SCHED_IDLE).
///
/// At full scale a comparison assesses a whole city twice: seconds of a core. Run inside the
/// request, the analyst's page took that long, and two analysts (or a page and its report frame)
/// took both cores from the counter staff, whose answers the cities' SLA bounds. So the page
/// starts the comparison and answers at once ("計算中", refreshing itself without JavaScript);
/// the result is kept by its parameters and the store's position, for the page, its report and
/// its CSV alike. The worker thread is scheduled SCHED_IDLE, so the kernel serves the counter's
/// requests first: with nice 10 alone, single requests beside a comparison took 100–300 ms
/// (docs/performance.md, runs F and G).
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
        /// A result that cannot change (a comparison as known at a past moment) does not age.
        var lasting = false
        var state: State
        var waiters: [CheckedContinuation<Value, any Error>] = []
        var finished: Date?
    }

    private let lock = NSLock()
    /// Newest first; finished entries beyond `keep` are dropped.
    private var entries: [Entry] = []
    private var pending: [(key: String, make: @Sendable () throws -> Value)] = []
    private var worker: Thread?
    private let wake = DispatchSemaphore(value: 0)
    private let keep: Int
    /// 0: the worker runs as the server's threads do (tests); above 0: SCHED_IDLE, or this nice
    /// value where that policy is refused.
    private let nice: Int32

    /// A finished comparison is shown for this long, then computed again (a comparison "as known
    /// now" names the store position it was computed at; events arrive all day).
    private let maxAge: TimeInterval
    /// Comparisons waiting at most: beyond, asking for another is refused until some finish.
    private let maxWaiting: Int

    /// The clock results age by (a test's own clock, so its timing does not depend on the scheduler).
    private let clock: @Sendable () -> Date

    init(keep: Int = 8, nice: Int32 = 10, maxAge: TimeInterval = 600, maxWaiting: Int = 16, clock: @escaping @Sendable () -> Date = Date.init) {
        self.keep = keep; self.nice = nice; self.maxAge = maxAge; self.maxWaiting = maxWaiting; self.clock = clock
    }

    /// The comparison's state, queuing it when it is not known yet, or when it finished more
    /// than `maxAge` ago or `fresh` is asked for. A failure is reported once and forgotten, so
    /// asking again runs it again.
    func state(_ key: String, fresh: Bool = false, lasting: Bool = false, _ make: @escaping @Sendable () throws -> Value) throws -> State {
        lock.lock(); defer { lock.unlock() }
        if let i = entries.firstIndex(where: { $0.key == key }) {
            let s = entries[i].state
            switch s {
            case .failed: entries.remove(at: i); return s
            case .waiting: return .waiting(ahead: pending.firstIndex { $0.key == key } ?? 0)
            case .running: return s
            case .done:
                guard fresh || stale(entries[i]) else { return s }
                entries.remove(at: i)
            }
        }
        try enqueue(key, lasting: lasting, make)
        return .waiting(ahead: pending.count - 1)
    }

    /// Under the lock.
    private func stale(_ e: Entry) -> Bool { !e.lasting && (e.finished.map { clock().timeIntervalSince($0) > maxAge } ?? false) }

    /// Waits for the comparison (the report and the CSV), queuing it when it is not known.
    func value(_ key: String, lasting: Bool = false, _ make: @escaping @Sendable () throws -> Value) async throws -> Value {
        try await withCheckedThrowingContinuation { (c: CheckedContinuation<Value, any Error>) in
            lock.lock()
            if let i = entries.firstIndex(where: { $0.key == key }) {
                switch entries[i].state {
                case .done(let value) where !stale(entries[i]): lock.unlock(); c.resume(returning: value); return
                case .done: entries.remove(at: i)
                case .failed(let error): entries.remove(at: i); lock.unlock(); c.resume(throwing: error); return
                case .waiting, .running: entries[i].waiters.append(c); lock.unlock(); return
                }
            }
            do { try enqueue(key, lasting: lasting, make) } catch { lock.unlock(); c.resume(throwing: error); return }
            entries[0].waiters.append(c)
            lock.unlock()
        }
    }

    /// Under the lock.
    private func enqueue(_ key: String, lasting: Bool = false, _ make: @escaping @Sendable () throws -> Value) throws {
        guard pending.count < maxWaiting else {
            throw CounterError.unavailable("\(pending.count) comparisons are waiting to be computed; ask again when some have finished")
        }
        entries.insert(Entry(key: key, lasting: lasting, state: .waiting(ahead: pending.count)), at: 0)
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
        // Linux schedules threads one by one, and 0 names the calling thread: this lowers only
        // the comparisons' thread. SCHED_IDLE (policy 5) runs it only on a core nothing else
        // wants; where that is refused, a nice value.
        var param = sched_param(sched_priority: 0)
        if nice > 0, sched_setscheduler(0, 5 /* SCHED_IDLE */, &param) != 0 {
            _ = setpriority(__priority_which_t(PRIO_PROCESS.rawValue), 0, nice)
        }
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
                e.finished = clock()
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
