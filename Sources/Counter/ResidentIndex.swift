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
    /// Latest kana key per resident: the order results are shown in.
    let order: [[UInt8]]
    let kana: FlatKeys      // flag 1: the given name's kana alone
    let text: FlatKeys
    let address: FlatKeys

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
        self.order = order
        self.kana = kana
        self.text = text
        self.address = address
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
    func candidates(_ q: SearchQuery) -> [(id: String, rank: Int)] {
        let none: UInt8 = 255
        var rank = [UInt8](repeating: none, count: ids.count)
        let kanaKey = Array(SearchKey.kana(q.text).utf8)
        let textKey = Array(SearchKey.text(q.text).utf8)
        let textAsAddress = Array(SearchKey.address(q.text).utf8)
        // Kana typed as kana reads the same as text: names and addresses are not searched for it.
        let kanaOnly = !kanaKey.isEmpty && q.text.unicodeScalars.allSatisfy(Self.isKana)
        if q.text.isEmpty {
            for i in rank.indices { rank[i] = 3 }
        } else {
            let idKey = Array(q.text.utf8)
            // Ids are sorted: the ones that start with the text are one range.
            var lo = 0, hi = ids.count
            while lo < hi { let mid = (lo + hi) / 2; if ids[mid] < q.text { lo = mid + 1 } else { hi = mid } }
            var i = lo
            while i < ids.count, Self.hasPrefix(Array(ids[i].utf8), idKey) { rank[i] = ids[i] == q.text ? 0 : 3; i += 1 }
            if !kanaKey.isEmpty {
                Self.scan(kana, prefix: true, kanaKey) { owner, exact, flag in
                    let r: UInt8 = exact && flag == 0 ? 0 : (flag == 0 ? 1 : 2)
                    if r < rank[owner] { rank[owner] = r }
                }
            }
            if !kanaOnly && !textKey.isEmpty {
                Self.scan(text, prefix: false, textKey) { owner, exact, _ in
                    let r: UInt8 = exact ? 0 : 3
                    if r < rank[owner] { rank[owner] = r }
                }
                if !textAsAddress.isEmpty {
                    Self.scan(address, prefix: false, textAsAddress) { owner, _, _ in if rank[owner] == none { rank[owner] = 3 } }
                }
            }
        }
        if let wanted = q.address.map({ Array(SearchKey.address($0).utf8) }), !wanted.isEmpty {
            var matches = [Bool](repeating: false, count: ids.count)
            Self.scan(address, prefix: false, wanted) { owner, _, _ in matches[owner] = true }
            for i in rank.indices where !matches[i] { rank[i] = none }
        }
        if let b = q.birthDate {
            for i in rank.indices where birthDates[i] != b { rank[i] = none }
        }
        var out: [(Int, UInt8)] = []
        for i in rank.indices where rank[i] != none { out.append((i, rank[i])) }
        out.sort { a, b in
            if a.1 != b.1 { return a.1 < b.1 }
            if order[a.0] != order[b.0] { return order[a.0].lexicographicallyPrecedes(order[b.0]) }
            return a.0 < b.0
        }
        return out.map { (ids[$0.0], Int($0.1)) }
    }

    /// Visits every key that starts with (or contains) `needle`: the owner, whether the key is
    /// the needle exactly, and the key's flag.
    static func scan(_ keys: FlatKeys, prefix: Bool, _ needle: [UInt8], _ visit: (Int, Bool, UInt8) -> Void) {
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
                        let last = prefix ? s : e - len
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
