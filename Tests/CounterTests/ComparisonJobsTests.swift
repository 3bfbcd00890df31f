import Testing
import Foundation
@testable import KaiseiServer

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
        let first = jobs.state("a") { runs.add(); gate.wait(); return 42 }
        #expect(isPending(first))
        #expect(isPending(jobs.state("a") { runs.add(); return 0 }))
        #expect(Date().timeIntervalSince(t0) < 1, "the page waited for the computation")
        // Once the first is running, the third waits behind the second only.
        for _ in 0..<500 {
            if case .running = jobs.state("a", { 0 }) { break }
            try await Task.sleep(nanoseconds: 10_000_000)
        }
        _ = jobs.state("b") { 7 }
        if case .waiting(let ahead) = jobs.state("c", { 8 }) { #expect(ahead == 1) } else { Issue.record("c is not waiting") }
        async let waited = jobs.value("a") { runs.add(); return 0 }
        gate.signal()
        #expect(try await waited == 42)
        if case .done(let v) = jobs.state("a", { 0 }) { #expect(v == 42) } else { Issue.record("a is not done") }
        #expect(runs.value == 1)
        #expect(try await jobs.value("c") { 0 } == 8)
    }

    struct Boom: Error {}

    @Test("a failed comparison is reported once and forgotten: asking again runs it again")
    func failureIsToldOnce() async throws {
        let jobs = ComparisonJobs<Int>(nice: 0)
        let runs = Count()
        let make: @Sendable () throws -> Int = { runs.add(); throw Boom() }
        var told = false
        for _ in 0..<500 {
            if case .failed(let e) = jobs.state("x", make) { told = e is Boom; break }
            try await Task.sleep(nanoseconds: 10_000_000)
        }
        #expect(told)
        #expect(runs.value == 1)
        #expect(isPending(jobs.state("x", make)), "a failure is not kept")
        await #expect(throws: Boom.self) { try await jobs.value("x", make) }
        #expect(runs.value == 2)
    }
}
