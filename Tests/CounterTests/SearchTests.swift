import Foundation
import Testing
import KaiseiCore
import KaiseiEvents
import Replay
import Counter
import TestSupport

/// 宛名 search as the counter uses it: kana however typed, kanji, birth date, address, and the
/// names known at a past moment (a maiden name before the marriage was recorded).
@Suite("宛名 search")
struct SearchTests {
    let f = CounterFixture.shared
    var clerk: Caller { f.caller(.okazaki, .clerk) }

    func someone() -> (id: String, name: RegisteredName, birth: CivilDate) {
        let pop = f.view.pops[.okazaki]!
        let id = f.residents(.okazaki).first { pop.names[$0]?.entries.count == 1 && pop.residents[$0]!.resident.entries.count == 1 }!
        return (id, pop.names[id]!.entries[0].value, pop.residents[id]!.birthDate!)
    }

    @Test("kana in katakana, hiragana, half-width or without 濁点 finds the same person")
    func kanaForms() throws {
        let p = someone()
        let kana = String(p.name.kana.prefix(while: { $0 != "\u{3000}" }))
        let hiragana = String(kana.unicodeScalars.map { Character(Unicode.Scalar($0.value >= 0x30A1 && $0.value <= 0x30F6 ? $0.value - 0x60 : $0.value)!) })
        let halfWidth = kana.applyingTransform(.fullwidthToHalfwidth, reverse: false)!
        for q in [kana, hiragana, halfWidth] {
            let answer = try f.service.search(clerk, SearchQuery(text: q, birthDate: p.birth), knownAt: nil, route: "test")
            #expect(answer.hits.contains { $0.id == p.id }, "\(q)")
        }
    }

    @Test("a kanji substring with the birth date, an address and an id each find the person")
    func otherKeys() throws {
        let p = someone()
        let surname = String(p.name.name.prefix(while: { $0 != "\u{3000}" }))
        let byName = try f.service.search(clerk, SearchQuery(text: surname, birthDate: p.birth), knownAt: nil, route: "test")
        #expect(byName.hits.contains { $0.id == p.id })
        let address = f.view.pops[.okazaki]!.addresses[p.id]!.entries.last!.value
        let byAddress = try f.service.search(clerk, SearchQuery(text: "", birthDate: p.birth, address: address.town + address.block), knownAt: nil, route: "test")
        #expect(byAddress.hits.contains { $0.id == p.id })
        let byId = try f.service.search(clerk, SearchQuery(text: p.id), knownAt: nil, route: "test")
        #expect(byId.hits.first?.id == p.id)
    }

    @Test("as known before a marriage was recorded, the maiden name finds her and the married name does not; after, both do")
    func maidenName() throws {
        let pop = f.view.pops[.okazaki]!
        // Someone whose second name was recorded some time after the first.
        let id = try #require(f.residents(.okazaki).first { id in
            guard let e = pop.names[id]?.entries, e.count >= 2, e[0].value.kana != e[1].value.kana else { return false }
            return e[0].seq < e[1].seq
        })
        let names = pop.names[id]!.entries
        let maiden = names[0].value, married = names[1].value
        let before = RecordedTime(japan: names[1].valid.adding(days: -1), hour: 23)
        let birth = pop.residents[id]!.birthDate
        let maidenBefore = try f.service.search(clerk, SearchQuery(text: maiden.kana, birthDate: birth), knownAt: before, route: "test")
        #expect(maidenBefore.hits.first { $0.id == id }?.name == maiden.name)
        let marriedBefore = try f.service.search(clerk, SearchQuery(text: married.kana, birthDate: birth), knownAt: before, route: "test")
        #expect(!marriedBefore.hits.contains { $0.id == id } || married.kana == maiden.kana)
        let maidenNow = try f.service.search(clerk, SearchQuery(text: maiden.kana, birthDate: birth), knownAt: nil, route: "test")
        let hit = try #require(maidenNow.hits.first { $0.id == id })
        #expect(hit.formerName || names.last!.value == maiden)
    }

    @Test("results are limited, and say so")
    func limited() throws {
        let answer = try f.service.search(clerk, SearchQuery(text: "", birthDate: nil, address: "町", limit: 5), knownAt: nil, route: "test")
        #expect(answer.hits.count == 5)
        #expect(answer.truncated)
    }

    /// The index finds kana prefixes through keys kept in byte order and sorts matches by a
    /// precomputed place; this recomputes the same answer by a plain walk over every resident's
    /// names, so the two paths share nothing but `SearchKey`.
    @Test("a kana search lists exact names, then whole-kana prefixes, then given-name prefixes, each by current kana then id, as a plain scan of every name does")
    func kanaOrderMatchesPlainScan() throws {
        let pop = f.view.pops[.okazaki]!
        let people = f.residents(.okazaki)
        func key(_ s: String) -> [UInt8] { Array(SearchKey.kana(s).utf8) }
        func given(_ full: String) -> String? {
            guard let i = full.firstIndex(where: { $0 == "\u{3000}" || $0 == " " }) else { return nil }
            let rest = full[full.index(after: i)...]
            return rest.isEmpty ? nil : String(rest)
        }
        var queries: [String] = []
        for id in people.prefix(400) {
            guard let n = pop.names[id]?.entries.last?.value.kana else { continue }
            if queries.count % 3 == 0 { queries.append(String(n.prefix(1))) } else if queries.count % 3 == 1 { queries.append(String(n.prefix(2))) } else { queries.append(n) }
            if queries.count == 24 { break }
        }
        if let g = pop.names[people[7]]?.entries.last.flatMap({ given($0.value.kana) }) { queries.append(String(g.prefix(2))) }
        for q in queries {
            let k = key(q)
            var expected: [(rank: Int, order: [UInt8], id: String)] = []
            for id in people {
                guard pop.residents[id] != nil, let names = pop.names[id]?.entries, !names.isEmpty else { continue }
                var best = Int.max
                for e in names {
                    let whole = key(e.value.kana)
                    if whole == k { best = min(best, 0) } else if whole.starts(with: k) { best = min(best, 1) }
                    if let g = given(e.value.kana), key(g).starts(with: k) { best = min(best, 2) }
                }
                if best != Int.max { expected.append((best, key(names.last!.value.kana), id)) }
            }
            expected.sort { a, b in
                if a.rank != b.rank { return a.rank < b.rank }
                if a.order != b.order { return a.order.lexicographicallyPrecedes(b.order) }
                return a.id < b.id
            }
            // A small limit orders only the best few of the matches; a large one orders them all.
            for limit in [3, 200] {
                let answer = try f.service.search(clerk, SearchQuery(text: q, limit: limit), knownAt: nil, route: "test")
                #expect(answer.hits.map(\.id) == expected.prefix(limit).map(\.id), "\(q) limit \(limit)")
                #expect(answer.truncated == (expected.count > limit), "\(q) limit \(limit)")
            }
        }
    }
}
