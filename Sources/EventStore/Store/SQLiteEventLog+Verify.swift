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
        /// Something the chain's rows do not cover was removed or altered: a table the schema
        /// created is gone, or an index derived from the rows disagrees with them.
        case structure(String)
    }
    public var checked: Int64 = 0
    public var firstBreak: Break?
    /// The last row linked and its hash (the new verified point), when intact.
    public var lastSeq: Int64 = 0
    public var lastHash: [UInt8]?
    public var isIntact: Bool { firstBreak == nil }
}

extension ChainVerification.Break: CustomStringConvertible {
    public var description: String {
        switch self {
        case let .gap(e, f): return "chain broken at seq \(e): the next stored row is seq \(f) (a row was removed or inserted)"
        case let .hashMismatch(s): return "chain broken at seq \(s): its hash does not match its content (the row was altered)"
        case let .undecodable(s, r): return "chain broken at seq \(s): \(r)"
        case let .headMismatch(h, l): return "chain head says seq \(h) but the last stored row is seq \(l) (rows were removed or added at the end)"
        case let .structure(what): return what
        }
    }
}
