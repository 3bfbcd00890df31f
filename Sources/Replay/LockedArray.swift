import Foundation

/// A fixed-size array written from several threads, one slot each.
public final class LockedArray<T: Sendable>: @unchecked Sendable {
    private var items: [T]
    private let lock = NSLock()
    public init(count: Int, _ initial: T) { items = Array(repeating: initial, count: count) }
    public func set(_ i: Int, _ v: T) { lock.lock(); items[i] = v; lock.unlock() }
    public var values: [T] { lock.lock(); defer { lock.unlock() }; return items }
}
