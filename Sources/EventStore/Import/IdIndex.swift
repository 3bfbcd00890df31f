/// The ids of an import's lines, by a 64-bit hash of their bytes rather than by `String`: a
/// migration file of 28 million events would need about 2.6 GB for the strings and their
/// dictionary, this about 1 GB (`HashSlots`: one cache miss per new id). A hash names a
/// candidate, never a verdict: every hit is confirmed against the real id of the earlier line
/// (re-read from the file), and an id whose hash collides with another id's is kept exactly
/// instead.
struct IdIndex {
    private var byHash: HashSlots<Int>
    private var exact: [String: Int] = [:]

    init(capacity: Int) { byHash = HashSlots(capacity: capacity, empty: 0) }

    static func hash(_ id: String) -> UInt64 {
        // FNV-1a: the same in every process (Swift's Hasher is seeded per process), and enough
        // to spread ids; collisions are resolved exactly.
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for b in id.utf8 { h = (h ^ UInt64(b)) &* 0x0000_0100_0000_01B3 }
        return h
    }

    /// The ordinal of the earlier line with this id, or nil after recording `ordinal` for it.
    /// `idOfLine` reads an earlier line's id, to confirm a hash match.
    mutating func firstOrInsert(_ id: String, ordinal: Int, idOfLine: (Int) -> String?) -> Int? {
        if let k = exact[id] { return k }
        let h = Self.hash(id)
        guard let k = byHash.valueOrInsert(h, ordinal) else { return nil }
        if idOfLine(k) == id { return k }
        exact[id] = ordinal
        return nil
    }
}
