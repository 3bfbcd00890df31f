import Testing
import Foundation
import KaiseiCore
import KaiseiEvents
import EventStore
import TestSupport

@Suite("Crash safety")
struct CrashSafetyTests {
    /// A child `kaisei import` is killed with SIGKILL while it writes. The store must open,
    /// verify, and hold exactly a whole number of committed batches, which are a prefix of the
    /// file: nothing half-written, nothing acknowledged lost.
    /// Also as a bulk load (indexes built after the load): killed before they are built, the
    /// store has its rows without them, and the next writer to open it builds them.
    /// The time limit is a backstop against a hang (the child is given 120 s to start writing);
    /// under the whole suite on two cores CI saw a case wait past three minutes for the scheduler.
    @Test("an import killed with kill -9 mid-write leaves whole batches and an intact chain", .timeLimit(.minutes(10)),
          arguments: [false, true])
    func killedImport(bulk: Bool) throws {
        let store = try TemporaryStore()
        let total = 120_000, batch = 500
        let file = store.directory.appendingPathComponent("big.jsonl")
        let text = SampleEvents.mixed(count: total).map(EventJSON.canonicalLine).joined(separator: "\n") + "\n"
        try Data(text.utf8).write(to: file)
        let path = store.directory.appendingPathComponent("crash.sqlite").path

        let child = try KaiseiBinary.start(["import", "--store", path, "--batch-size", "\(batch)", "--quiet",
                                            "--bulk-threshold", bulk ? "1" : "0", file.path])
        // Wait until some batches are committed, then kill without warning.
        var seen: Int64 = 0
        let deadline = Date().addingTimeInterval(120)
        while seen == 0 && child.isRunning && Date() < deadline {
            Thread.sleep(forTimeInterval: 0.02)
            if let db = try? SQLiteDatabase(path: path, readOnly: true) { seen = (try? db.scalar("SELECT COUNT(*) FROM events")) ?? 0 }
        }
        kill(child.processIdentifier, SIGKILL)
        child.waitUntilExit()
        #expect(child.terminationReason == .uncaughtSignal, "the import finished before it could be killed: make the file larger")

        let log = try SQLiteEventLog(path: path)
        let report = try log.verifyChain()
        #expect(report.isIntact)
        let count = report.checked
        #expect(count > 0 && count < Int64(total))
        #expect(count % Int64(batch) == 0, "\(count) events is not a whole number of \(batch)-event batches")
        // The stored events are exactly the first `count` lines, in order.
        var k = 0
        try log.scan(after: 0, through: .max) { e in
            #expect(e.event.id == SampleEvents.id(k))
            k += 1
        }
        // And the import can simply be run again to finish the job.
        let again = try KaiseiBinary.run(["import", "--store", path, "--quiet", file.path])
        #expect(again.status == 0, "\(again.stderr)")
        #expect(try log.head().seq == Int64(total))
        #expect(try log.verifyChain().isIntact)
    }
}
