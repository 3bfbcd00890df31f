import KaiseiCore
import Replay

/// The counter's search over one city's register: every name, kana and address a resident ever
/// had, as normalised keys (`SearchKey`), so a search as known at a past date finds the name
/// known then. A linear pass over flat byte arrays: at 380,000 residents a few milliseconds,
/// and it rebuilds in one pass when the register changes.
public struct ResidentIndex: Sendable {
    struct Entry: Sendable {
        let id: String
        let idKey: [UInt8]
        let birthDate: CivilDate?
        let kanaKeys: [[UInt8]]
        let givenKanaKeys: [[UInt8]]
        let textKeys: [[UInt8]]
        let addressKeys: [[UInt8]]
    }
    let entries: [Entry]

    public init(_ pop: Population) {
        var out: [Entry] = []
        out.reserveCapacity(pop.residents.count)
        for (id, r) in pop.residents {
            let names = pop.names[id]?.entries.map(\.value) ?? []
            let addresses = pop.addresses[id]?.entries.map(\.value) ?? []
            out.append(Entry(
                id: id, idKey: Array(id.utf8), birthDate: r.birthDate,
                kanaKeys: Self.unique(names.map { Array(SearchKey.kana($0.kana).utf8) }),
                givenKanaKeys: Self.unique(names.compactMap { n in Self.givenName(n.kana).map { Array(SearchKey.kana($0).utf8) } }),
                textKeys: Self.unique(names.map { Array(SearchKey.text($0.name).utf8) }),
                addressKeys: Self.unique(addresses.map { Array(SearchKey.address($0.town + $0.block + ($0.building ?? "")).utf8) })))
        }
        // A fixed order, so equal-ranked results come out the same way every time.
        entries = out.sorted { $0.id < $1.id }
    }

    static func unique(_ keys: [[UInt8]]) -> [[UInt8]] {
        var seen: [[UInt8]] = []
        for k in keys where !k.isEmpty && !seen.contains(k) { seen.append(k) }
        return seen
    }

    /// The given name of "姓　名" (the part after the first full-width or ASCII space).
    static func givenName(_ full: String) -> String? {
        guard let i = full.firstIndex(where: { $0 == "\u{3000}" || $0 == " " }) else { return nil }
        let rest = full[full.index(after: i)...]
        return rest.isEmpty ? nil : String(rest)
    }

    /// Candidates for a query, best first: the caller then checks each against the name and
    /// address known at the moment asked (`ResidentSearch`). `rank` 0 is an exact id or name,
    /// 1 a prefix of the whole kana, 2 a prefix of the given name's kana, 3 a substring.
    func candidates(_ q: SearchQuery) -> [(id: String, rank: Int, order: [UInt8])] {
        let idKey = Array(q.text.utf8)
        let kana = Array(SearchKey.kana(q.text).utf8)
        let text = Array(SearchKey.text(q.text).utf8)
        let address = q.address.map { Array(SearchKey.address($0).utf8) }
        var out: [(String, Int, [UInt8])] = []
        for e in entries {
            if let b = q.birthDate, e.birthDate != b { continue }
            if let address, !address.isEmpty, !e.addressKeys.contains(where: { Self.contains($0, address) }) { continue }
            var rank = Int.max
            if q.text.isEmpty {
                rank = 3
            } else if e.idKey == idKey {
                rank = 0
            } else {
                if !kana.isEmpty {
                    for k in e.kanaKeys where Self.hasPrefix(k, kana) { rank = min(rank, k.count == kana.count ? 0 : 1) }
                    if rank > 2 { for k in e.givenKanaKeys where Self.hasPrefix(k, kana) { rank = min(rank, 2) } }
                }
                if rank > 3, !text.isEmpty {
                    for k in e.textKeys where Self.contains(k, text) { rank = min(rank, k.count == text.count ? 0 : 3) }
                    if rank > 3, Self.hasPrefix(e.idKey, idKey) { rank = 3 }
                    if rank > 3, q.address == nil, !e.addressKeys.isEmpty {
                        let a = Array(SearchKey.address(q.text).utf8)
                        if e.addressKeys.contains(where: { Self.contains($0, a) }) { rank = 3 }
                    }
                }
            }
            if rank != Int.max { out.append((e.id, rank, e.kanaKeys.last ?? [])) }
        }
        // Best first, then by kana, then by id: the order results are shown in, so the caller
        // confirms candidates only until it has enough.
        out.sort { a, b in
            if a.1 != b.1 { return a.1 < b.1 }
            if a.2 != b.2 { return a.2.lexicographicallyPrecedes(b.2) }
            return a.0 < b.0
        }
        return out
    }

    @inline(__always) static func hasPrefix(_ s: [UInt8], _ p: [UInt8]) -> Bool {
        guard p.count <= s.count else { return false }
        for i in 0..<p.count where s[i] != p[i] { return false }
        return true
    }

    static func contains(_ s: [UInt8], _ p: [UInt8]) -> Bool {
        guard !p.isEmpty else { return true }
        guard p.count <= s.count else { return false }
        let first = p[0]
        var i = 0
        while i + p.count <= s.count {
            if s[i] == first {
                var j = 1
                while j < p.count && s[i + j] == p[j] { j += 1 }
                if j == p.count { return true }
            }
            i += 1
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
