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
}
