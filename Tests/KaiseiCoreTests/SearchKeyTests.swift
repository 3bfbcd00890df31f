import Testing
import KaiseiCore

/// Keys are compared scalar by scalar here: String's `==` treats カ + U+3099 and ガ as equal, a
/// database index does not.
private func scalars(_ text: String) -> [UInt32] { text.unicodeScalars.map(\.value) }

@Suite("Search keys: what a clerk types finds what the register holds")
struct SearchKeyTests {
    @Test("half-width, hiragana, voiced and unvoiced spellings of スズキ have one kana key",
          arguments: ["ｽｽﾞｷ", "すずき", "スズキ", "ススキ", "ス\u{30B9}\u{3099}キ"])
    func suzuki(spelling: String) {
        #expect(scalars(SearchKey.kana(spelling)) == scalars("ススキ"))
    }

    @Test("half-width ﾀﾞｲｽｹ and full-width ダイスケ have one kana key")
    func daisuke() {
        #expect(scalars(SearchKey.kana("ﾀﾞｲｽｹ")) == scalars(SearchKey.kana("ダイスケ")))
        #expect(scalars(SearchKey.kana("ダイスケ")) == scalars("タイスケ"))
    }

    @Test("半濁点 as a composed kana, a combining mark, a spacing mark or a half-width mark is dropped from the kana key",
          arguments: ["パ", "ハ\u{309A}", "ハ\u{309C}", "ﾊﾟ"])
    func handakuten(spelling: String) {
        #expect(scalars(SearchKey.kana(spelling)) == scalars("ハ"))
    }

    @Test("the text key joins a separate voicing mark to its kana, so the key holds composed kana only")
    func composedInText() {
        #expect(scalars(SearchKey.text("ハ\u{309A}")) == scalars("\u{30D1}"))
        #expect(scalars(SearchKey.text("ﾊﾟ")) == scalars("\u{30D1}"))
        #expect(scalars(SearchKey.text("ｺｰﾎﾟ康生")) == scalars("コーポ康生"))
        #expect(scalars(SearchKey.text("ｶﾞｽ")) == scalars("ガス"))
    }

    @Test("small kana read as full size, and ヴ as ウ, in the kana key")
    func smallKana() {
        #expect(scalars(SearchKey.kana("キャッシュ")) == scalars("キヤツシユ"))
        #expect(scalars(SearchKey.kana("きゃっしゅ")) == scalars("キヤツシユ"))
        #expect(scalars(SearchKey.kana("ヴァイオリン")) == scalars("ウアイオリン"))
    }

    @Test("spaces and the middle dot are removed from the kana key; the long-vowel mark stays")
    func separators() {
        let key = scalars("ススキイチロウ")
        #expect(scalars(SearchKey.kana("スズキ\u{3000}イチロウ")) == key)
        #expect(scalars(SearchKey.kana("すずき いちろう")) == key)
        #expect(scalars(SearchKey.kana("スズキ・イチロウ")) == key)
        #expect(scalars(SearchKey.kana("ﾕｳｺﾞ")) == scalars("ユウコ"))
        #expect(scalars(SearchKey.kana("コーヒー")) == scalars("コーヒー"))
    }

    @Test("full-width letters and digits become ASCII, letters lower-cased, in both keys")
    func fullWidthASCII() {
        #expect(SearchKey.kana("ＡＢＣ１２") == "abc12")
        #expect(SearchKey.text("ＡＢＣ１２") == "abc12")
        #expect(SearchKey.text("Corpo 203") == "corpo203")
    }

    @Test("髙橋 and 高橋 have one text key, as do other 異体字 of surnames")
    func variants() {
        #expect(scalars(SearchKey.text("髙橋")) == scalars(SearchKey.text("高橋")))
        #expect(scalars(SearchKey.text("髙橋")) == scalars("高橋"))
        #expect(scalars(SearchKey.text("山﨑")) == scalars("山崎"))
        #expect(scalars(SearchKey.text("渡邉")) == scalars("渡辺"))
        #expect(scalars(SearchKey.text("齋藤\u{3000}一郎")) == scalars("斎藤一郎"))
        #expect(scalars(SearchKey.text("澤田")) == scalars("沢田"))
    }

    @Test("the text key leaves 漢数字 and characters that are not variants as written")
    func notFolded() {
        #expect(scalars(SearchKey.text("三郎")) == scalars("三郎"))
        #expect(scalars(SearchKey.text("埼玉")) == scalars("埼玉"))
    }

    @Test("康生町1番地2 and 康生町1-2 have one address key")
    func banchi() {
        #expect(scalars(SearchKey.address("康生町1番地2")) == scalars(SearchKey.address("康生町1-2")))
        #expect(scalars(SearchKey.address("康生町1番地2")) == scalars("康生町1-2"))
        #expect(scalars(SearchKey.address("康生町１－２")) == scalars("康生町1-2"))
        #expect(scalars(SearchKey.address("康生町1番地の2")) == scalars("康生町1-2"))
    }

    @Test("丁目・番・号 read as hyphens, and a lot ending the address leaves no hyphen")
    func chome() {
        #expect(scalars(SearchKey.address("康生通西2丁目3番4号")) == scalars("康生通西2-3-4"))
        #expect(scalars(SearchKey.address("竜美南1丁目2番5号")) == scalars(SearchKey.address("竜美南1-2-5")))
        #expect(scalars(SearchKey.address("羽根町123番地")) == scalars("羽根町123"))
    }

    @Test("a 番 or ノ that belongs to a town name is kept in the address key")
    func townNames() {
        #expect(scalars(SearchKey.address("柱一番町5番地")) == scalars("柱一番町5"))
        #expect(scalars(SearchKey.address("三ノ輪町2ノ7")) == scalars("三ノ輪町2-7"))
    }
}
