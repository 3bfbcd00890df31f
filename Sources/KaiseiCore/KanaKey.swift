/// The keys the counter's name and address search compares, so that what a clerk types finds
/// what the register holds however either was written: ｽｽﾞｷ, すずき and スズキ are one reading,
/// 髙橋 and 高橋 one surname, 1番地2 and 1-2 one lot. A key is for comparing only; it is never
/// shown or stored as the name.
///
/// Each key folds one scalar at a time from fixed tables, with no locale and no Foundation, so
/// it is the same on every machine and in every index built from it.
public enum SearchKey {
    /// The key a kana prefix search compares: hiragana and half-width katakana become full-width
    /// katakana; 濁点 and 半濁点 are dropped (ガ→カ, パ→ハ, ヴ→ウ, and the combining and spacing
    /// marks themselves), small kana become full size (ッ→ツ, ャ→ヤ, ヮ→ワ); spaces and the
    /// middle dot ・ are removed; the long-vowel mark ー stays. Full-width ASCII becomes ASCII,
    /// letters lower-cased.
    ///
    ///     SearchKey.kana("ｽｽﾞｷ　ｲﾁﾛｳ") == SearchKey.kana("すずき いちろう")   // "ススキイチロウ"
    public static func kana(_ text: String) -> String {
        var key = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            if let folded = kanaScalar(scalar) { key.append(folded) }
        }
        return String(key)
    }

    /// The key a kanji substring search compares: full-width ASCII becomes ASCII, letters
    /// lower-cased; half-width katakana becomes full-width (a following ﾞ or ﾟ joins it: ｶﾞ→ガ);
    /// spaces are removed; and the common 異体字 of names fold to their usual form (髙→高,
    /// 﨑・嵜→崎, 邊・邉→辺, 齋→斎, 澤→沢, 濱→浜 …). 漢数字 are left as written.
    ///
    ///     SearchKey.text("髙橋　一郎") == SearchKey.text("高橋一郎")
    public static func text(_ text: String) -> String {
        var key: [Unicode.Scalar] = []
        key.reserveCapacity(text.unicodeScalars.count)
        for scalar in text.unicodeScalars {
            let value = scalar.value
            if spaces.contains(value) { continue }
            if value == 0xFF9E || value == 0x3099 || value == 0xFF9F || value == 0x309A {
                // A voicing mark joins the kana before it where a composed kana exists.
                let semi = value == 0xFF9F || value == 0x309A
                if let last = key.last, let composed = (semi ? semiVoiced : voiced)[last] {
                    key[key.count - 1] = composed
                } else {
                    let mark: Unicode.Scalar = semi ? "\u{309A}" : "\u{3099}"
                    key.append(mark)
                }
                continue
            }
            var folded = widthFolded(scalar)
            folded = variants[folded] ?? folded
            key.append(lowercasedASCII(folded))
        }
        var view = String.UnicodeScalarView()
        view.append(contentsOf: key)
        return String(view)
    }

    /// The key an address search compares: `text(_:)`, then a lot written with 丁目, 番地, 番
    /// and 号 after a number reads as the hyphenated form (康生町1番地2 → 康生町1-2, 2丁目3番4号
    /// → 2-3-4), a dash of any kind — or ー, の, ノ between two numbers — is a hyphen, and a
    /// hyphen not followed by a number is dropped (1番地 → 1). Town names keep their 番 and
    /// 漢数字 (柱一番町).
    public static func address(_ text: String) -> String {
        let scalars = Array(Self.text(text).unicodeScalars)
        var key: [Unicode.Scalar] = []
        var index = 0
        while index < scalars.count {
            let scalar = scalars[index]
            let afterNumber = key.last.map { isDigit($0) } ?? false
            let beforeNumber = index + 1 < scalars.count && isDigit(scalars[index + 1])
            if afterNumber, let marker = lotMarker(scalars, at: index) {
                if marker.hyphen { appendHyphen(&key) }
                index += marker.length
                continue
            }
            if dashes.contains(scalar.value)
                || (joiners.contains(scalar.value) && (afterNumber || key.last == "-") && beforeNumber) {
                appendHyphen(&key)
            } else {
                key.append(scalar)
            }
            index += 1
        }
        var view = String.UnicodeScalarView()
        for (position, scalar) in key.enumerated() {
            let hyphenBeforeNumber = position + 1 < key.count && isDigit(key[position + 1])
            if scalar != "-" || hyphenBeforeNumber { view.append(scalar) }
        }
        return String(view)
    }

    // MARK: Folding one scalar

    /// One scalar of a kana key, or nil for what the key leaves out.
    static func kanaScalar(_ scalar: Unicode.Scalar) -> Unicode.Scalar? {
        var value = widthFolded(scalar).value
        if spaces.contains(value) || droppedInKana.contains(value) { return nil }
        if (0x3041...0x3096).contains(value) || value == 0x309D || value == 0x309E {
            value += 0x60 // ぁ…ゖ, ゝゞ → ァ…ヶ, ヽヾ
        }
        let katakana = Unicode.Scalar(value)!
        return lowercasedASCII(plainKana[katakana] ?? katakana)
    }

    /// Full-width ASCII (！…～) to ASCII, half-width katakana (｡…ﾝ) to full-width; the
    /// half-width voicing marks are left for the caller, which drops or joins them.
    static func widthFolded(_ scalar: Unicode.Scalar) -> Unicode.Scalar {
        let value = scalar.value
        if (0xFF01...0xFF5E).contains(value) { return Unicode.Scalar(value - 0xFEE0)! }
        if (0xFF61...0xFF9D).contains(value) { return fullWidthKana[Int(value - 0xFF61)] }
        return scalar
    }

    static func lowercasedASCII(_ scalar: Unicode.Scalar) -> Unicode.Scalar {
        (0x41...0x5A).contains(scalar.value) ? Unicode.Scalar(scalar.value + 0x20)! : scalar
    }

    static func isDigit(_ scalar: Unicode.Scalar) -> Bool { (0x30...0x39).contains(scalar.value) }

    static func appendHyphen(_ key: inout [Unicode.Scalar]) {
        if key.last != "-" { key.append("-") }
    }

    /// 丁目, 番地, 番 or 号 at `index`: how many scalars it takes, and whether it reads as a
    /// hyphen (号 ends a lot and reads as nothing).
    static func lotMarker(_ scalars: [Unicode.Scalar], at index: Int) -> (length: Int, hyphen: Bool)? {
        let next: Unicode.Scalar? = index + 1 < scalars.count ? scalars[index + 1] : nil
        switch scalars[index] {
        case "丁" where next == "目": return (2, true)
        case "番" where next == "地": return (2, true)
        case "番": return (1, true)
        case "号": return (1, false)
        default: return nil
        }
    }

    // MARK: Tables

    /// ASCII space, tab, no-break space and the ideographic (full-width) space.
    static let spaces: Set<UInt32> = [0x20, 0x09, 0xA0, 0x3000]

    /// Voicing marks (combining, spacing and half-width) and middle dots (・, ･, ·).
    static let droppedInKana: Set<UInt32> = [0x3099, 0x309A, 0x309B, 0x309C, 0xFF9E, 0xFF9F, 0x30FB, 0xFF65, 0xB7]

    /// Hyphens and dashes an address may be typed with.
    static let dashes: Set<UInt32> = [0x2D, 0x2010, 0x2011, 0x2012, 0x2013, 0x2014, 0x2015, 0x2212, 0xFE63]

    /// ー, の and ノ, read as a hyphen only between numbers (1の2, 1ー2): ノ in 三ノ輪町 stays.
    static let joiners: Set<UInt32> = [0x30FC, 0x306E, 0x30CE]

    /// ｡ through ﾝ (U+FF61–U+FF9D) in order, as full-width characters.
    static let fullWidthKana: [Unicode.Scalar] = Array(
        "。「」、・ヲァィゥェォャュョッーアイウエオカキクケコサシスセソタチツテトナニヌネノハヒフヘホマミムメモヤユヨラリルレロワン"
            .unicodeScalars)

    /// Voiced and small katakana to the plain full-size kana a reading is compared by.
    static let plainKana = pairs(
        from: "ガギグゲゴザジズゼゾダヂヅデドバビブベボパピプペポヴヷヸヹヺヾ" + "ァィゥェォッャュョヮヵヶ" + "ㇰㇱㇲㇳㇴㇵㇶㇷㇸㇹㇺㇻㇼㇽㇾㇿ",
        to: "カキクケコサシスセソタチツテトハヒフヘホハヒフヘホウワヰヱヲヽ" + "アイウエオツヤユヨワカケ" + "クシストヌハヒフヘホムラリルレロ")

    /// A kana and the same kana with 濁点, for joining a separate mark (ｶﾞ, カ + U+3099).
    static let voiced = pairs(
        from: "カキクケコサシスセソタチツテトハヒフヘホウワヰヱヲヽ" + "かきくけこさしすせそたちつてとはひふへほうゝ",
        to: "ガギグゲゴザジズゼゾダヂヅデドバビブベボヴヷヸヹヺヾ" + "がぎぐげござじずぜぞだぢづでどばびぶべぼゔゞ")

    /// A kana and the same kana with 半濁点.
    static let semiVoiced = pairs(from: "ハヒフヘホはひふへほ", to: "パピプペポぱぴぷぺぽ")

    /// 異体字 of names and their usual form (U+FA10 is the compatibility form of 塚). Only
    /// characters that are variants of one another in names: 埼 (埼玉) is not 崎, and 龍 and 竜
    /// are kept apart.
    static let variants = pairs(
        from: "髙﨑嵜邊邉齋齊澤濱濵櫻廣國眞冨德𠮷瀨藏邨嶋嶌惠榮淺萬與實壽條增槇峯舘曾圓兒禮彌靜黑桒亞晉戶淸靑\u{FA10}",
        to: "高崎崎辺辺斎斉沢浜浜桜広国真富徳吉瀬蔵村島島恵栄浅万与実寿条増槙峰館曽円児礼弥静黒桑亜晋戸清青塚")

    /// The scalars of `from` mapped one by one to those of `to`.
    static func pairs(from: String, to: String) -> [Unicode.Scalar: Unicode.Scalar] {
        let keys = Array(from.unicodeScalars), values = Array(to.unicodeScalars)
        precondition(keys.count == values.count, "SearchKey: a folding table is misaligned")
        return Dictionary(zip(keys, values), uniquingKeysWith: { first, _ in first })
    }
}
