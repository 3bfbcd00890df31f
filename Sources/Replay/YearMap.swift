/// Values by year, for a resident's per-year facts (incomes, deductions, exemptions): a sorted
/// array, not a Dictionary. A resident holds about fifteen years of each; a Dictionary of that
/// size keeps 32 buckets and rehashes as it grows, which at full scale was more than half of
/// the replayed state's memory and a good share of replay's time. Iterates in year order.
public struct YearMap<Value: Sendable>: Sendable, Sequence, ExpressibleByDictionaryLiteral {
    public typealias Element = (key: Int, value: Value)
    private var entries: [Element] = []

    public init() {}
    public init(dictionaryLiteral elements: (Int, Value)...) {
        for (k, v) in elements { self[k] = v }
    }

    public var count: Int { entries.count }
    public var isEmpty: Bool { entries.isEmpty }
    public func makeIterator() -> IndexingIterator<[Element]> { entries.makeIterator() }

    /// The position of `year`, or where it would go.
    private func slot(_ year: Int) -> (index: Int, found: Bool) {
        // Years arrive mostly in order: check the end first.
        if let last = entries.last {
            if last.key == year { return (entries.count - 1, true) }
            if last.key < year { return (entries.count, false) }
        }
        var lo = 0, hi = entries.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if entries[mid].key < year { lo = mid + 1 } else { hi = mid }
        }
        return (lo, lo < entries.count && entries[lo].key == year)
    }

    public subscript(year: Int) -> Value? {
        get {
            let s = slot(year)
            return s.found ? entries[s.index].value : nil
        }
        set {
            let s = slot(year)
            switch (s.found, newValue) {
            case (true, let v?): entries[s.index].value = v
            case (true, nil): entries.remove(at: s.index)
            case (false, let v?): entries.insert((year, v), at: s.index)
            case (false, nil): break
            }
        }
    }

    @discardableResult
    public mutating func removeValue(forKey year: Int) -> Value? {
        let old = self[year]
        self[year] = nil
        return old
    }

    public var keys: [Int] { entries.map(\.key) }
}
