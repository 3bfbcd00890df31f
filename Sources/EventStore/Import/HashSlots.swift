/// A table from 64-bit keys to values, open addressing with each key beside its value (`Void`
/// for a set: eight bytes a slot).
///
/// An import keeps one entry per event (the ids of a migration file by their hashes; a bulk
/// load's ids); at full scale that is 33 million entries, far beyond any CPU cache, and each
/// new key is a cache miss. Swift's `Dictionary` keeps its occupancy bitmap, keys and values in
/// three arrays and hashes the key again: three misses per new key. Here a probe reads one
/// slot, placed by a multiplicative (Fibonacci) spread of the key.
struct HashSlots<Value> {
    private struct Slot { var key: UInt64; var value: Value }
    /// Key 0 marks an empty slot; the value of a real key 0 is kept apart.
    private var slots: [Slot]
    private var shift: UInt64
    private var zero: Value?
    private(set) var count = 0
    private let empty: Value

    /// `empty` fills the unused slots (any value: a slot is empty by its key).
    init(capacity: Int, empty: Value) {
        var bits: UInt64 = 4
        while (1 << bits) * 7 < max(capacity, 1) * 10 { bits += 1 }
        slots = [Slot](repeating: Slot(key: 0, value: empty), count: 1 << Int(bits))
        self.empty = empty
        shift = 64 - bits
    }

    /// The value recorded for `key`, or nil after recording `value` for it.
    mutating func valueOrInsert(_ key: UInt64, _ value: Value) -> Value? {
        if key == 0 {
            if let z = zero { return z }
            zero = value
            count += 1
            return nil
        }
        if (count + 1) * 10 > slots.count * 7 { grow() }
        let mask = slots.count - 1
        let found: Value? = slots.withUnsafeMutableBufferPointer { s in
            var i = Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> shift)
            while true {
                let k = s[i].key
                if k == key { return s[i].value }
                if k == 0 { s[i] = Slot(key: key, value: value); return nil }
                i = (i + 1) & mask
            }
        }
        if found == nil { count += 1 }
        return found
    }

    private mutating func grow() {
        let old = slots
        shift -= 1
        slots = [Slot](repeating: Slot(key: 0, value: empty), count: old.count * 2)
        let mask = slots.count - 1
        let shift = self.shift
        slots.withUnsafeMutableBufferPointer { s in
            for slot in old where slot.key != 0 {
                var i = Int(truncatingIfNeeded: (slot.key &* 0x9E37_79B9_7F4A_7C15) >> shift)
                while s[i].key != 0 { i = (i + 1) & mask }
                s[i] = slot
            }
        }
    }
}
