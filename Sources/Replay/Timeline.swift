import KaiseiCore

/// A value over valid time: each entry holds from its valid date until the next entry's.
/// Entries are kept in (valid date, log order), so a late correction with an early valid date
/// lands where it belongs and a read on any date sees the right value.
public struct Timeline<Value: Sendable>: Sendable {
    public private(set) var entries: [(valid: CivilDate, seq: Int64, value: Value)] = []
    public init() {}
    /// For the snapshot codec: entries already in (valid date, log order).
    init(sortedEntries: [(valid: CivilDate, seq: Int64, value: Value)]) { entries = sortedEntries }

    public mutating func set(_ value: Value, from valid: CivilDate, seq: Int64) {
        // Almost always appended in order; insertion keeps late corrections exact.
        var i = entries.count
        while i > 0 && (entries[i - 1].valid > valid || (entries[i - 1].valid == valid && entries[i - 1].seq > seq)) { i -= 1 }
        entries.insert((valid, seq, value), at: i)
    }

    /// The value holding on `date`, or nil before the first entry.
    public func value(on date: CivilDate) -> Value? {
        // From the end: the entries are in valid-date order, so the first one found is the
        // last that holds, and only it is copied (a walk from the front copied every earlier
        // value, a retain and a release each for strings, twelve times a member in NHI).
        var i = entries.count
        while i > 0 {
            i -= 1
            if entries[i].valid <= date { return entries[i].value }
        }
        return nil
    }
}
