import KaiseiCore
import KaiseiEvents

/// The outcome of walking the hash chain from the first event.
public struct ChainVerification: Sendable, Equatable {
    public enum Break: Sendable, Equatable {
        /// A row's seq is not the next number: a row before it was deleted (or inserted).
        case gap(expectedSeq: Int64, foundSeq: Int64)
        /// The row's hash does not match its content and the previous hash: altered.
        case hashMismatch(seq: Int64)
        case undecodable(seq: Int64, reason: String)
        /// The recorded chain head does not match the last row: trailing rows removed or added.
        case headMismatch(headSeq: Int64, lastSeq: Int64)
    }
    public var checked: Int64 = 0
    public var firstBreak: Break?
    public var isIntact: Bool { firstBreak == nil }
}

extension ChainVerification.Break: CustomStringConvertible {
    public var description: String {
        switch self {
        case let .gap(e, f): return "chain broken at seq \(e): the next stored row is seq \(f) (a row was removed or inserted)"
        case let .hashMismatch(s): return "chain broken at seq \(s): its hash does not match its content (the row was altered)"
        case let .undecodable(s, r): return "chain broken at seq \(s): \(r)"
        case let .headMismatch(h, l): return "chain head says seq \(h) but the last stored row is seq \(l) (rows were removed or added at the end)"
        }
    }
}

extension SQLiteEventLog {
    /// Walks every row in log order, recomputing each link. Linear, one pass, constant memory.
    public func verifyChain() throws(StoreError) -> ChainVerification {
        var report = ChainVerification()
        var prev = [UInt8](repeating: 0, count: 32)
        var expected: Int64 = 1
        do {
            let st = try db.prepare("SELECT \(Self.columns) FROM events ORDER BY seq")
            while try st.step() {
                let seq = st.int(0)
                guard seq == expected else { report.firstBreak = .gap(expectedSeq: expected, foundSeq: seq); return report }
                let row: StoredEvent
                do { row = try Self.decodeRow(st) } catch {
                    report.firstBreak = .undecodable(seq: seq, reason: "\(error)"); return report
                }
                let hash = Self.link(prev, row.event, row.recordedAt)
                guard hash == row.hash else { report.firstBreak = .hashMismatch(seq: seq); return report }
                prev = hash
                expected += 1
                report.checked += 1
            }
            let head = try readHeadForVerify()
            if head.seq != expected - 1 || (head.seq > 0 && head.hash != prev) {
                report.firstBreak = .headMismatch(headSeq: head.seq, lastSeq: expected - 1)
            }
            return report
        } catch let e as StoreError { throw e } catch { throw StoreError.database("\(error)") }
    }

    private func readHeadForVerify() throws(StoreError) -> ChainHead { try head() }
}
