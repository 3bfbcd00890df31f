import KaiseiCore
import KaiseiEvents

/// The hash chain every backend keeps, and anyone can recompute from an export:
/// `hash(n) = SHA-256(hash(n−1) ‖ content(n))`, with 32 zero bytes before the first event.
/// The content is `Event.contentBytes(recordedAt:)`: every envelope field and the payload in a
/// fixed binary layout, so the same history has the same chain in every backend.
public enum HashChain {
    /// The "previous hash" of the first event.
    public static let genesis = [UInt8](repeating: 0, count: 32)

    /// `SHA-256(previous ‖ content)`: altering, inserting or deleting any row breaks every later link.
    public static func link(_ previous: [UInt8], _ event: Event, _ recordedAt: RecordedTime) -> [UInt8] {
        event.contentBytes(recordedAt: recordedAt, prefix: previous).withUnsafeBytes { SHA256.digest($0) }
    }
}
