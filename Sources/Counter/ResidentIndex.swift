import KaiseiCore
import Replay

/// The counter's search over one city's register: every name, kana and address a resident ever
/// had, as normalised keys (`SearchKey`), so a search as known at a past date finds the name
/// known then. Each kind of key lies in one flat byte buffer scanned from start to end: at
/// 670,000 residents a search reads a few tens of megabytes in order, in milliseconds, where
/// an array of small arrays per resident took 400 ms.
public struct ResidentIndex: Sendable {
    /// Keys back to back, each with the resident it belongs to.
    struct FlatKeys: Sendable {
        var bytes: [UInt8] = []
        var starts: [Int32] = [0]
        var owners: [Int32] = []
        var flags: [UInt8] = []
        mutating func add(_ key: [UInt8], owner: Int, flag: UInt8 = 0) {
            guard !key.isEmpty else { return }
            bytes.append(contentsOf: key)
            starts.append(Int32(bytes.count))
            owners.append(Int32(owner))
            flags.append(flag)
        }
        var count: Int { owners.count }
    }

    let ids: [String]
    let birthDates: [CivilDate?]
    /// Each resident's place in the order results are shown in (latest kana, then id), and the
    /// resident at each place: a search sorts its matches as integers. Comparing kana byte
    /// arrays in the sort took most of the service's time at full scale (issue 16's profile).
    let position: [Int32]
    let byPosition: [Int32]
    let kana: FlatKeys      // flag 1: the given name's kana alone
    /// The kana keys in byte order: the keys a kana prefix matches are one range, found by
    /// binary search instead of a scan of every key of the city.
    let kanaSorted: SortedKeys
    let text: FlatKeys
    let address: FlatKeys
    /// The corporations (a few percent of the residents' count): every 名称 they were recorded
    /// with, as kana and text keys with the event's sequence, in id order. Searched by a scan.
    let corporations: [CorporationKeys]

    struct CorporationKeys: Sendable {
        let id: String
        let number: String?
        let names: [(seq: Int64, kana: [UInt8], text: [UInt8])]
    }

    public init(_ pop: Population) {
        let sorted = pop.residents.keys.sorted()
        var birth: [CivilDate?] = [], order: [[UInt8]] = []
        var kana = FlatKeys(), text = FlatKeys(), address = FlatKeys()
        birth.reserveCapacity(sorted.count)
        for (i, id) in sorted.enumerated() {
            birth.append(pop.residents[id]?.birthDate)
            let names = pop.names[id]?.entries.map(\.value) ?? []
            var seenKana: Set<[UInt8]> = [], seenText: Set<[UInt8]> = []
            for n in names {
                let k = Array(SearchKey.kana(n.kana).utf8)
                if seenKana.insert(k).inserted { kana.add(k, owner: i) }
                if let g = Self.givenName(n.kana) {
                    let gk = Array(SearchKey.kana(g).utf8)
                    if seenKana.insert(gk).inserted { kana.add(gk, owner: i, flag: 1) }
                }
                let t = Array(SearchKey.text(n.name).utf8)
                if seenText.insert(t).inserted { text.add(t, owner: i) }
            }
            order.append(names.last.map { Array(SearchKey.kana($0.kana).utf8) } ?? [])
            var seenAddress: Set<[UInt8]> = []
            for a in pop.addresses[id]?.entries.map(\.value) ?? [] {
                let k = Array(SearchKey.address(a.town + a.block + (a.building ?? "")).utf8)
                if seenAddress.insert(k).inserted { address.add(k, owner: i) }
            }
        }
        ids = sorted
        birthDates = birth
        var byPosition = (0..<Int32(sorted.count)).map { $0 }
        byPosition.sort { a, b in
            let x = order[Int(a)], y = order[Int(b)]
            if x != y { return x.lexicographicallyPrecedes(y) }
            return a < b
        }
        var position = [Int32](repeating: 0, count: sorted.count)
        for (p, i) in byPosition.enumerated() { position[Int(i)] = Int32(p) }
        self.position = position
        self.byPosition = byPosition
        self.kanaSorted = SortedKeys(kana)
        self.kana = kana
        self.text = text
        self.address = address
        corporations = pop.corporations.keys.sorted().map { id in
            CorporationKeys(id: id, number: pop.corporations[id]?.corporateNumber,
                            names: (pop.names[id]?.entries ?? []).map { ($0.seq, Array(SearchKey.kana($0.value.kana).utf8), Array(SearchKey.text($0.value.name).utf8)) })
        }
    }

    /// The given name of "姓　名" (the part after the first full-width or ASCII space).
    static func givenName(_ full: String) -> String? {
        guard let i = full.firstIndex(where: { $0 == "\u{3000}" || $0 == " " }) else { return nil }
        let rest = full[full.index(after: i)...]
        return rest.isEmpty ? nil : String(rest)
    }

    /// Candidates for a query, best first (then by kana, then by id): the caller checks each
    /// against the name and address known at the moment asked (`CounterService.search`) and
    /// stops when it has enough. `rank` 0 is an exact id or name, 1 a prefix of the whole kana,
    /// 2 a prefix of the given name's kana, 3 a substring (kanji, id, address).
    func candidates(_ q: SearchQuery) -> Candidates {
        let none: UInt8 = 255
        var rank = [UInt8](repeating: none, count: ids.count)
        // The residents given a rank, each once: the answer is built from these, not from a walk
        // over the whole city.
        var touched: [Int32] = []
        let kanaKey = Array(SearchKey.kana(q.text).utf8)
        let textKey = Array(SearchKey.text(q.text).utf8)
        let textAsAddress = Array(SearchKey.address(q.text).utf8)
        // Kana typed as kana reads the same as text: names and addresses are not searched for it.
        let kanaOnly = !kanaKey.isEmpty && q.text.unicodeScalars.allSatisfy(Self.isKana)
        func offer(_ owner: Int, _ r: UInt8) {
            if rank[owner] == none { touched.append(Int32(owner)) }
            if r < rank[owner] { rank[owner] = r }
        }
        if q.text.isEmpty {
            for i in rank.indices { rank[i] = 3 }
            touched = (0..<Int32(ids.count)).map { $0 }
        } else {
            let idKey = Array(q.text.utf8)
            // Ids are sorted: the ones that start with the text are one range.
            var lo = 0, hi = ids.count
            while lo < hi { let mid = (lo + hi) / 2; if ids[mid] < q.text { lo = mid + 1 } else { hi = mid } }
            var i = lo
            while i < ids.count, Self.hasPrefix(Array(ids[i].utf8), idKey) { offer(i, ids[i] == q.text ? 0 : 3); i += 1 }
            if !kanaKey.isEmpty {
                kanaSorted.prefixRange(kanaKey) { owner, exact, flag in
                    offer(owner, exact && flag == 0 ? 0 : (flag == 0 ? 1 : 2))
                }
            }
            if !kanaOnly && !textKey.isEmpty {
                Self.scan(text, textKey) { owner, exact, _ in offer(owner, exact ? 0 : 3) }
                if !textAsAddress.isEmpty {
                    Self.scan(address, textAsAddress) { owner, _, _ in offer(owner, 3) }
                }
            }
        }
        if let wanted = q.address.map({ Array(SearchKey.address($0).utf8) }), !wanted.isEmpty {
            var matches = [Bool](repeating: false, count: ids.count)
            Self.scan(address, wanted) { owner, _, _ in matches[owner] = true }
            touched.removeAll { !matches[Int($0)] }
        }
        if let b = q.birthDate {
            touched.removeAll { birthDates[Int($0)] != b }
        }
        // Rank, then place in the shown order, packed into one integer per match.
        let packed = touched.map { UInt64(rank[Int($0)]) << 32 | UInt64(UInt32(position[Int($0)])) }
        return Candidates(ids: ids, byPosition: byPosition, packed: packed, first: min(max(q.limit, 1), 200) * 2 + 2)
    }

    /// Matches best first (by rank, then the shown order), ordered lazily: the caller confirms
    /// one more than its limit and stops, so usually only the best few of thousands of matches
    /// (a two-kana prefix) are ever put in order.
    struct Candidates: Sequence, IteratorProtocol {
        let ids: [String]
        let byPosition: [Int32]
        let packed: [UInt64]
        let first: Int
        private var ordered: [UInt64] = []
        private var cursor = 0
        private var pivot: UInt64?
        private var done = false

        init(ids: [String], byPosition: [Int32], packed: [UInt64], first: Int) {
            self.ids = ids; self.byPosition = byPosition; self.packed = packed; self.first = first
        }

        mutating func next() -> (id: String, rank: Int)? {
            if cursor == ordered.count {
                guard !done else { return nil }
                refill()
                guard cursor < ordered.count else { return nil }
            }
            let p = ordered[cursor]
            cursor += 1
            return (ids[Int(byPosition[Int(p & 0xFFFF_FFFF)])], Int(p >> 32))
        }

        /// First the `first` smallest, kept in a small sorted array as the matches pass; when
        /// those are used up, the rest in order. Packed values are distinct (one per resident).
        private mutating func refill() {
            cursor = 0
            if pivot == nil && packed.count > first * 4 {
                var best: [UInt64] = []
                best.reserveCapacity(first + 1)
                for p in packed where best.count < first || p < best[best.count - 1] {
                    var lo = 0, hi = best.count
                    while lo < hi { let mid = (lo + hi) / 2; if best[mid] < p { lo = mid + 1 } else { hi = mid } }
                    best.insert(p, at: lo)
                    if best.count > first { best.removeLast() }
                }
                ordered = best
                pivot = best.last
            } else {
                let pivot = self.pivot
                ordered = (pivot.map { p in packed.filter { $0 > p } } ?? packed).sorted()
                done = true
            }
        }
    }

    /// Keys in byte order (a shorter key before a longer one it begins), each with its owner,
    /// length and flag laid out in that order: the keys a prefix matches are one range between
    /// two binary searches, read front to back.
    struct SortedKeys: Sendable {
        let bytes: [UInt8]
        let starts: [Int32]
        let lengths: [Int32]
        let owners: [Int32]
        let flags: [UInt8]

        init(_ keys: FlatKeys) {
            var order = (0..<Int32(keys.count)).map { $0 }
            keys.bytes.withUnsafeBufferPointer { bytes in
                keys.starts.withUnsafeBufferPointer { starts in
                    order.sort { a, b in
                        let bs = Int(starts[Int(b)])
                        let c = ResidentIndex.compare(bytes, Int(starts[Int(a)]), Int(starts[Int(a) + 1]) - Int(starts[Int(a)]),
                                                      bytes, bs, Int(starts[Int(b) + 1]) - bs)
                        return c != 0 ? c < 0 : a < b
                    }
                }
            }
            bytes = keys.bytes
            starts = order.map { keys.starts[Int($0)] }
            lengths = order.map { keys.starts[Int($0) + 1] - keys.starts[Int($0)] }
            owners = order.map { keys.owners[Int($0)] }
            flags = order.map { keys.flags[Int($0)] }
        }

        /// Visits every key that starts with `needle`: the owner, whether the key is the needle
        /// exactly, and the key's flag.
        func prefixRange(_ needle: [UInt8], _ visit: (Int, Bool, UInt8) -> Void) {
            guard !needle.isEmpty else { return }
            let n = needle.count
            let (lo, hi) = bytes.withUnsafeBufferPointer { b in
                needle.withUnsafeBufferPointer { q in
                    // First key not below the needle, then the first whose first n bytes are above it.
                    var lo = 0, hi = owners.count
                    while lo < hi {
                        let mid = (lo + hi) / 2
                        if ResidentIndex.compare(b, Int(starts[mid]), Int(lengths[mid]), q, 0, n) < 0 { lo = mid + 1 } else { hi = mid }
                    }
                    var end = lo, top = owners.count
                    while end < top {
                        let mid = (end + top) / 2
                        if ResidentIndex.compare(b, Int(starts[mid]), min(Int(lengths[mid]), n), q, 0, n) <= 0 { end = mid + 1 } else { top = mid }
                    }
                    return (lo, end)
                }
            }
            for i in lo..<hi { visit(Int(owners[i]), Int(lengths[i]) == n, flags[i]) }
        }
    }

    /// Byte order of `a[aStart..<aStart + aLength]` against `b[bStart..<bStart + bLength]`:
    /// negative, zero or positive.
    @inline(__always)
    static func compare(_ a: UnsafeBufferPointer<UInt8>, _ aStart: Int, _ aLength: Int,
                        _ b: UnsafeBufferPointer<UInt8>, _ bStart: Int, _ bLength: Int) -> Int {
        let n = min(aLength, bLength)
        var j = 0
        while j < n {
            let x = a[aStart + j], y = b[bStart + j]
            if x != y { return x < y ? -1 : 1 }
            j += 1
        }
        return aLength - bLength
    }

    /// Visits every key that contains `needle` (names and addresses as substrings): the owner,
    /// whether the key is the needle exactly, and the key's flag.
    static func scan(_ keys: FlatKeys, _ needle: [UInt8], _ visit: (Int, Bool, UInt8) -> Void) {
        guard !needle.isEmpty else { return }
        keys.bytes.withUnsafeBufferPointer { bytes in
            keys.starts.withUnsafeBufferPointer { starts in
                needle.withUnsafeBufferPointer { n in
                    let first = n[0], len = n.count
                    for k in 0..<keys.count {
                        let s = Int(starts[k]), e = Int(starts[k + 1])
                        guard e - s >= len else { continue }
                        var found = false
                        var i = s
                        let last = e - len
                        while i <= last {
                            if bytes[i] == first {
                                var j = 1
                                while j < len && bytes[i + j] == n[j] { j += 1 }
                                if j == len { found = true; break }
                            }
                            i += 1
                        }
                        if found { visit(Int(keys.owners[k]), e - s == len, keys.flags[k]) }
                    }
                }
            }
        }
    }

    /// Hiragana, katakana (full and half width), the long-vowel mark, 濁点 and spaces.
    static func isKana(_ u: Unicode.Scalar) -> Bool {
        switch u.value {
        case 0x3041...0x309F, 0x30A0...0x30FF, 0xFF66...0xFF9F, 0x3000, 0x20: return true
        default: return false
        }
    }

    @inline(__always) static func hasPrefix(_ s: [UInt8], _ p: [UInt8]) -> Bool {
        guard p.count <= s.count else { return false }
        for i in 0..<p.count where s[i] != p[i] { return false }
        return true
    }

    static func contains(_ s: [UInt8], _ p: [UInt8]) -> Bool {
        guard !p.isEmpty else { return true }
        guard p.count <= s.count else { return false }
        for i in 0...(s.count - p.count) where s[i] == p[0] {
            var j = 1
            while j < p.count && s[i + j] == p[j] { j += 1 }
            if j == p.count { return true }
        }
        return false
    }
}

/// A search as the counter asks it: free text (kana, kanji, an id or an address), optionally a
/// birth date and an address, as known at a moment.
public struct SearchQuery: Sendable {
    public var text: String
    public var birthDate: CivilDate?
    public var address: String?
    public var limit: Int
    public init(text: String, birthDate: CivilDate? = nil, address: String? = nil, limit: Int = 50) {
        self.text = text; self.birthDate = birthDate; self.address = address; self.limit = limit
    }
}
