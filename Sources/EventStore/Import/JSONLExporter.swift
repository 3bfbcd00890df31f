import KaiseiCore
import KaiseiEvents

/// Writes the log as canonical JSON Lines: one event a line, in log order, keys sorted, each
/// value in its one canonical spelling. Export → import into an empty store → export gives the
/// same bytes, which is how a migration or a backup is checked.
public enum JSONLExporter {
    public static func export(_ log: SQLiteEventLog, through: Int64 = .max, write: ([UInt8]) throws -> Void) throws {
        var buffer = [UInt8](); buffer.reserveCapacity(1 << 20)
        try log.scan(after: 0, through: through) { stored in
            buffer.append(contentsOf: EventJSON.canonicalLine(stored.event).utf8)
            buffer.append(0x0A)
            if buffer.count >= 1 << 20 { try write(buffer); buffer.removeAll(keepingCapacity: true) }
        }
        if !buffer.isEmpty { try write(buffer) }
    }
}
