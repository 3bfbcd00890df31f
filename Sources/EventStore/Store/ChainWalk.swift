import KaiseiCore
import KaiseiEvents

/// Walking the hash chain row by row, the same for every backend: each backend only reads its
/// rows in seq order and hands them here, so a gap, an altered row and a head that does not
/// match are judged by one piece of code.
struct ChainWalk {
    private(set) var report = ChainVerification()
    private var previous: [UInt8]
    private(set) var expected: Int64

    /// Starts after a verified point (seq 0 and the genesis hash for the whole chain).
    init(afterSeq seq: Int64, hash: [UInt8]) {
        previous = hash
        expected = seq + 1
    }

    /// Links the next row; false at the first break (recorded in `report`), after which the
    /// walk stops. `decode` is called only when the row is where it should be.
    mutating func step(seq: Int64, _ decode: () throws -> StoredEvent) -> Bool {
        guard seq == expected else { report.firstBreak = .gap(expectedSeq: expected, foundSeq: seq); return false }
        let row: StoredEvent
        do { row = try decode() } catch {
            report.firstBreak = .undecodable(seq: seq, reason: "\(error)"); return false
        }
        let hash = HashChain.link(previous, row.event, row.recordedAt)
        guard hash == row.hash else { report.firstBreak = .hashMismatch(seq: seq); return false }
        previous = hash
        expected += 1
        report.checked += 1
        return true
    }

    /// The report once every row was linked: the recorded head must be the last row.
    func finish(head: ChainHead) -> ChainVerification {
        var r = report
        if r.firstBreak == nil, head.seq != expected - 1 || (head.seq > 0 && head.hash != previous) {
            r.firstBreak = .headMismatch(headSeq: head.seq, lastSeq: expected - 1)
        }
        r.lastSeq = expected - 1
        r.lastHash = previous
        return r
    }
}

/// The access log's chain walked row by row, the same for every backend (as `ChainWalk` for
/// the events): the backend reads rows in seq order, this judges them.
struct AccessChainWalk {
    private(set) var report = ChainVerification()
    private var previous = HashChain.genesis
    private(set) var expected: Int64 = 1

    /// Links the next record; false at the first break (recorded in `report`).
    mutating func step(seq: Int64, _ decode: () throws -> StoredAccessRecord) -> Bool {
        guard seq == expected else { report.firstBreak = .gap(expectedSeq: expected, foundSeq: seq); return false }
        let row: StoredAccessRecord
        do { row = try decode() } catch { report.firstBreak = .undecodable(seq: seq, reason: "\(error)"); return false }
        let link = AccessRecord.link(previous, row.record, seq: seq)
        guard link == row.hash else { report.firstBreak = .hashMismatch(seq: seq); return false }
        previous = link
        report.checked += 1; report.lastSeq = seq; report.lastHash = link
        expected += 1
        return true
    }

    /// The report once every record was linked: the recorded head (nil when its row is
    /// missing) must be the last record.
    func finish(head: (seq: Int64, hash: [UInt8])?) -> ChainVerification {
        var r = report
        guard let head else { r.firstBreak = .headMismatch(headSeq: -1, lastSeq: r.lastSeq); return r }
        if head.seq != r.lastSeq || (r.lastSeq > 0 && head.hash != previous) {
            r.firstBreak = .headMismatch(headSeq: head.seq, lastSeq: r.lastSeq)
        }
        return r
    }
}
