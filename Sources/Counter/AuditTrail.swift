import Foundation
import KaiseiCore
import EventStore

/// Appends access records with group commit: the first request to arrive writes every record
/// waiting at that moment in one transaction, then wakes the others, so 32 clerks at once cost
/// a few fsyncs, not 32. `record` returns only once its record is committed; a request whose
/// record cannot be written gets an error instead of its answer (no record, no answer).
public final class AuditTrail: @unchecked Sendable {
    private let log: any AccessLog
    /// Its own connection: the writer's is used outside any lock while a batch is written.
    private let reader: any AccessLog
    private let readLock = NSLock()
    private let condition = NSCondition()
    private var pending: [(record: AccessRecord, ticket: Int)] = []
    private var nextTicket = 0
    private var results: [Int: Result<Int64, StoreError>] = [:]
    private var writing = false
    /// When the leader of a batch last asked the store to keep its journal small.
    private var lastMaintenance = DispatchTime.now().uptimeNanoseconds

    public init(writer: any AccessLog, reader: any AccessLog) { self.log = writer; self.reader = reader }

    @discardableResult
    public func record(_ record: AccessRecord) throws(StoreError) -> Int64 {
        condition.lock()
        let ticket = nextTicket
        nextTicket += 1
        pending.append((record, ticket))
        while results[ticket] == nil {
            if writing {
                condition.wait()
                continue
            }
            // Lead a batch: everything pending now, written outside the lock.
            writing = true
            let batch = pending
            pending.removeAll()
            condition.unlock()
            let outcome: Result<[Int64], StoreError>
            do { outcome = .success(try log.appendAccess(batch.map(\.record))) } catch { outcome = .failure(error) }
            condition.lock()
            switch outcome {
            case .success(let seqs): for (i, b) in batch.enumerated() { results[b.ticket] = .success(seqs[i]) }
            case .failure(let e): for b in batch { results[b.ticket] = .failure(e) }
            }
            // Every couple of seconds, the leader (still the trail's only writer) asks the store
            // to keep its journal small: the batch's other requests are answered meanwhile, and
            // records arriving wait for the next batch.
            let now = DispatchTime.now().uptimeNanoseconds
            if now - lastMaintenance > 2_000_000_000 {
                lastMaintenance = now
                condition.broadcast()
                condition.unlock()
                log.maintainJournal()
                condition.lock()
            }
            writing = false
            condition.broadcast()
        }
        let result = results.removeValue(forKey: ticket)!
        condition.unlock()
        return try result.get()
    }

    public func records(_ filter: AccessFilter) throws(StoreError) -> [StoredAccessRecord] {
        readLock.lock()
        defer { readLock.unlock() }
        return try reader.accessRecords(filter)
    }
}
