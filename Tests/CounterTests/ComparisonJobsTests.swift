import Testing
import Foundation
#if canImport(Glibc)
import Glibc
#endif
@testable import KaiseiServer
import Counter

/// The analysts' comparisons run beside the requests, one at a time (`ComparisonJobs`): the
/// page answers at once while one is computed, and the report and CSV wait for the same run.
@Suite("Comparison jobs: the analyst's page never waits for a comparison")
struct ComparisonJobsTests {
    final class Count: @unchecked Sendable {
        private let lock = NSLock()
        private var n = 0
        func add() { lock.withLock { n += 1 } }
        var value: Int { lock.withLock { n } }
    }

    final class Clock: @unchecked Sendable {
        private let lock = NSLock()
        private var t = Date(timeIntervalSince1970: 1_800_000_000)
        var now: Date { lock.withLock { t } }
        func advance(_ seconds: TimeInterval) { lock.withLock { t += seconds } }
    }

    func isPending<V>(_ s: ComparisonJobs<V>.State) -> Bool {
        switch s {
        case .waiting, .running: return true
        case .done, .failed: return false
        }
    }

    @Test("a comparison still computing answers at once; asking again, or waiting for it, does not run it twice; the next one waits behind it")
    func pageDoesNotWait() async throws {
        let jobs = ComparisonJobs<Int>(nice: 0)
        let gate = DispatchSemaphore(value: 0)
        let runs = Count()
        let t0 = Date()
        let first = try jobs.state("a") { runs.add(); gate.wait(); return 42 }
        #expect(isPending(first))
        #expect(try isPending(jobs.state("a") { runs.add(); return 0 }))
        #expect(Date().timeIntervalSince(t0) < 1, "the page waited for the computation")
        // Once the first is running, the third waits behind the second only.
        for _ in 0..<500 {
            if case .running = try jobs.state("a", { 0 }) { break }
            try await Task.sleep(nanoseconds: 10_000_000)
        }
        _ = try jobs.state("b") { 7 }
        if case .waiting(let ahead) = try jobs.state("c", { 8 }) { #expect(ahead == 1) } else { Issue.record("c is not waiting") }
        async let waited = jobs.value("a") { runs.add(); return 0 }
        gate.signal()
        #expect(try await waited == 42)
        if case .done(let v) = try jobs.state("a", { 0 }) { #expect(v == 42) } else { Issue.record("a is not done") }
        #expect(runs.value == 1)
        #expect(try await jobs.value("c") { 0 } == 8)
    }

    @Test("the comparison runs on a thread the kernel schedules only when no request wants the core (SCHED_IDLE)")
    func idleThread() async throws {
        let jobs = ComparisonJobs<Int32>(nice: 10)
        #if canImport(Glibc)
        // Read on the worker itself: the policy is the thread's, not the process's.
        #expect(try await jobs.value("policy") { sched_getscheduler(0) } == 5)
        #expect(sched_getscheduler(0) != 5, "the test's own thread is untouched")
        #endif
    }

    @Test("a comparison as known at a past moment is kept however long ago it finished (it cannot change); asked afresh, it is computed again")
    func pastComparisonLasts() async throws {
        let runs = Count()
        let clock = Clock()
        let jobs = ComparisonJobs<Int>(nice: 0, maxAge: 600, clock: { clock.now })
        let make: @Sendable () throws -> Int = { runs.add(); return runs.value }
        #expect(try await jobs.value("past", lasting: true, make) == 1)
        #expect(try await jobs.value("now", make) == 2)
        clock.advance(3_600)
        if case .done(let v) = try jobs.state("past", lasting: true, make) { #expect(v == 1) } else { Issue.record("the past comparison aged") }
        #expect(try isPending(jobs.state("now", make)), "one as known now ages as before")
        #expect(try await jobs.value("now", make) == 3)
        #expect(try isPending(jobs.state("past", fresh: true, lasting: true, make)))
        #expect(try await jobs.value("past", lasting: true, make) == 4)
    }

    @Test("a finished comparison is kept for its time, then computed again; a fresh one is computed when asked; a full queue refuses more")
    func freshness() async throws {
        let runs = Count()
        // A clock of the test's own: results age only when the test says so.
        let clock = Clock()
        let jobs = ComparisonJobs<Int>(nice: 0, maxAge: 600, maxWaiting: 2, clock: { clock.now })
        let make: @Sendable () throws -> Int = { runs.add(); return runs.value }
        #expect(try await jobs.value("k", make) == 1)
        if case .done(let v) = try jobs.state("k", make) { #expect(v == 1) } else { Issue.record("not kept") }
        // Asked for afresh: computed again.
        #expect(try isPending(jobs.state("k", fresh: true, make)))
        #expect(try await jobs.value("k", make) == 2)
        // Older than its time: computed again on the next ask.
        clock.advance(601)
        #expect(try await jobs.value("k", make) == 3)
        // The queue holds two waiting: a third distinct one is refused, asking for a queued one is not.
        let gate = DispatchSemaphore(value: 0)
        _ = try jobs.state("slow") { gate.wait(); return 0 }
        for _ in 0..<500 {
            if case .running = try jobs.state("slow", { 0 }) { break }
            try await Task.sleep(nanoseconds: 10_000_000)
        }
        _ = try jobs.state("a") { 0 }
        _ = try jobs.state("b") { 0 }
        #expect(throws: CounterError.self) { try jobs.state("c") { 0 } }
        #expect(try isPending(jobs.state("a") { 0 }))
        gate.signal()
    }

    struct Boom: Error {}

    @Test("a failed comparison is reported once and forgotten: asking again runs it again")
    func failureIsToldOnce() async throws {
        let jobs = ComparisonJobs<Int>(nice: 0)
        let runs = Count()
        let make: @Sendable () throws -> Int = { runs.add(); throw Boom() }
        var told = false
        for _ in 0..<500 {
            if case .failed(let e) = try jobs.state("x", make) { told = e is Boom; break }
            try await Task.sleep(nanoseconds: 10_000_000)
        }
        #expect(told)
        #expect(runs.value == 1)
        #expect(try isPending(jobs.state("x", make)), "a failure is not kept")
        await #expect(throws: Boom.self) { try await jobs.value("x", make) }
        #expect(runs.value == 2)
    }
}
