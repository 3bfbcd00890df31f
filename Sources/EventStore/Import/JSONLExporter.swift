import KaiseiCore
import KaiseiEvents

/// Writes the log as canonical JSON Lines: one event a line, in log order, keys sorted, each
/// value in its one canonical spelling. Export → import into an empty store → export gives the
/// same bytes, which is how a migration or a backup is checked.
public enum JSONLExporter {
    /// With `verifyingChain`, each row's link is recomputed as it is written and the export
    /// stops with `.chainBroken` at the first bad row (the caller discards what it wrote).
    public static func export(_ log: any EventLog, through: Int64 = .max, verifyingChain: Bool = false,
                              write: ([UInt8]) throws -> Void) throws {
        var buffer = [UInt8](); buffer.reserveCapacity(1 << 20)
        var previous = HashChain.genesis
        var expected: Int64 = 1
        try log.scan(after: 0, through: through) { stored in
            if verifyingChain {
                guard stored.seq == expected else { throw StoreError.chainBroken(.gap(expectedSeq: expected, foundSeq: stored.seq)) }
                let hash = HashChain.link(previous, stored.event, stored.recordedAt)
                guard hash == stored.hash else { throw StoreError.chainBroken(.hashMismatch(seq: stored.seq)) }
                previous = hash
                expected += 1
            }
            buffer.append(contentsOf: EventJSON.canonicalLine(stored.event).utf8)
            buffer.append(0x0A)
            if buffer.count >= 1 << 20 { try write(buffer); buffer.removeAll(keepingCapacity: true) }
        }
        if !buffer.isEmpty { try write(buffer) }
    }
}
