/// The names and places the generator draws residents' 宛名 from. Common surnames and given
/// names, and real 町名 of each city: place names are public, and every person's name is a
/// random combination, so no real person's data is in the output. Kept in code rather than in
/// `tools/population/` so that every caller that builds a `Generator` gets them without a path.
enum NameTables {
    /// A name in kanji and its reading in full-width katakana.
    struct Name {
        let kanji: String
        let kana: String
    }

    /// Given names of one sex, grouped by when their bearers were born: a woman born in 1940 is
    /// a 和子 or a 節子 more often than a 陽菜.
    struct GivenNames {
        let all: [Name]
        /// Positions in `all` of the names of people born before 1955, 1955–1984, and from 1985.
        let eras: [Range<Int>]

        init(_ byEra: [[Name]]) {
            var all: [Name] = []
            var eras: [Range<Int>] = []
            for names in byEra {
                eras.append(all.count..<(all.count + names.count))
                all += names
            }
            self.all = all
            self.eras = eras
        }

        /// The positions in `all` a person born in `year` is named from.
        func era(born year: Int) -> Range<Int> {
            year < 1955 ? eras[0] : year < 1985 ? eras[1] : eras[2]
        }
    }

    /// A 町 (or 町 with 丁目) of one city. `numbered` marks an area under 住居表示 (番・号);
    /// elsewhere a lot is a 地番 (番地). The postal codes are plausible, not checked: the
    /// addresses are synthetic.
    struct Town {
        let name: String
        let postalCode: String
        /// How many 丁目 the town has (0: none).
        let chome: Int
        let numbered: Bool

        init(_ name: String, _ postalCode: String, chome: Int = 0, numbered: Bool = false) {
            self.name = name
            self.postalCode = postalCode
            self.chome = chome
            self.numbered = numbered
        }
    }

    /// Pairs "漢字 カナ" separated by spaces or line breaks; a table typo stops the generator
    /// at its first use rather than writing a half-named person.
    static func names(_ table: String) -> [Name] {
        let words = table.split(whereSeparator: { $0 == " " || $0 == "\n" })
        precondition(words.count % 2 == 0, "NameTables: a name without its reading")
        return stride(from: 0, to: words.count, by: 2).map { at in
            Name(kanji: String(words[at]), kana: String(words[at + 1]))
        }
    }

    /// About 170 surnames, the most common first (`Simulation.drawSurname` favours the head of
    /// the list). Aichi's own (杉浦, 神谷, 都築, 鈴村, 榊原, 夏目 …) are placed among the common
    /// ones, and the 異体字 spellings (髙橋, 渡邉, 齋藤, 山﨑, 冨田, 澤田) come last, as rarer.
    static let surnames = names("""
        佐藤 サトウ  鈴木 スズキ  高橋 タカハシ  田中 タナカ  伊藤 イトウ  渡辺 ワタナベ  山本 ヤマモト
        中村 ナカムラ  小林 コバヤシ  加藤 カトウ  杉浦 スギウラ  神谷 カミヤ  近藤 コンドウ  山田 ヤマダ
        吉田 ヨシダ  太田 オオタ  石川 イシカワ  都築 ツヅキ  鈴村 スズムラ  伊東 イトウ  河合 カワイ
        佐々木 ササキ  山口 ヤマグチ  松本 マツモト  井上 イノウエ  木村 キムラ  林 ハヤシ  斎藤 サイトウ
        清水 シミズ  山崎 ヤマザキ  森 モリ  池田 イケダ  橋本 ハシモト  阿部 アベ  山下 ヤマシタ
        中島 ナカジマ  石井 イシイ  小川 オガワ  前田 マエダ  岡田 オカダ  長谷川 ハセガワ  藤田 フジタ
        後藤 ゴトウ  村上 ムラカミ  遠藤 エンドウ  青木 アオキ  坂本 サカモト  斉藤 サイトウ  福田 フクダ
        大竹 オオタケ  榊原 サカキバラ  牧野 マキノ  夏目 ナツメ  稲垣 イナガキ  天野 アマノ  内藤 ナイトウ
        野々山 ノノヤマ  本多 ホンダ  彦坂 ヒコサカ  成瀬 ナルセ  中根 ナカネ  深見 フカミ  磯谷 イソガイ
        早川 ハヤカワ  長坂 ナガサカ  白井 シライ  小笠原 オガサワラ  大羽 オオバ  西村 ニシムラ
        藤井 フジイ  金子 カネコ  岡本 オカモト  藤原 フジワラ  中野 ナカノ  三浦 ミウラ  原田 ハラダ
        中川 ナカガワ  松田 マツダ  竹内 タケウチ  小野 オノ  田村 タムラ  中山 ナカヤマ  和田 ワダ
        石田 イシダ  森田 モリタ  上田 ウエダ  原 ハラ  内田 ウチダ  柴田 シバタ  酒井 サカイ
        宮崎 ミヤザキ  横山 ヨコヤマ  高木 タカギ  安藤 アンドウ  宮本 ミヤモト  大野 オオノ  小島 コジマ
        谷口 タニグチ  今井 イマイ  工藤 クドウ  高田 タカダ  増田 マスダ  丸山 マルヤマ  杉山 スギヤマ
        村田 ムラタ  大塚 オオツカ  新井 アライ  小山 コヤマ  平野 ヒラノ  藤本 フジモト  河野 コウノ
        上野 ウエノ  野口 ノグチ  武田 タケダ  松井 マツイ  千葉 チバ  岩崎 イワサキ  菅原 スガワラ
        木下 キノシタ  久保 クボ  佐野 サノ  野村 ノムラ  松尾 マツオ  市川 イチカワ  菊地 キクチ
        杉本 スギモト  古川 フルカワ  大西 オオニシ  島田 シマダ  水野 ミズノ  桜井 サクライ  高野 タカノ
        渡部 ワタナベ  吉川 ヨシカワ  山内 ヤマウチ  西田 ニシダ  飯田 イイダ  菊池 キクチ  西川 ニシカワ
        小松 コマツ  北村 キタムラ  安田 ヤスダ  五十嵐 イガラシ  川口 カワグチ  平田 ヒラタ  関 セキ
        中田 ナカタ  久保田 クボタ  服部 ハットリ  東 ヒガシ  岩田 イワタ  土屋 ツチヤ  川崎 カワサキ
        福島 フクシマ  本田 ホンダ  辻 ツジ  樋口 ヒグチ  秋山 アキヤマ  田口 タグチ  永井 ナガイ
        山中 ヤマナカ  中西 ナカニシ  吉村 ヨシムラ  川上 カワカミ  大橋 オオハシ  石原 イシハラ
        松岡 マツオカ  浅野 アサノ  髙橋 タカハシ  渡邉 ワタナベ  齋藤 サイトウ  山﨑 ヤマザキ
        冨田 トミタ  澤田 サワダ
        """)

    static let maleGivenNames = GivenNames([
        names("""
            清 キヨシ  勇 イサム  博 ヒロシ  茂 シゲル  実 ミノル  進 ススム  稔 ミノル  正 タダシ  武 タケシ
            明 アキラ  昭 アキラ  弘 ヒロシ  修 オサム  勝 マサル  三郎 サブロウ  正雄 マサオ  和夫 カズオ
            秀夫 ヒデオ  義雄 ヨシオ  幸男 ユキオ  健一 ケンイチ  正夫 マサオ  一郎 イチロウ  次郎 ジロウ
            忠 タダシ  光男 ミツオ  保 タモツ  豊 ユタカ  隆 タカシ  昇 ノボル  孝 タカシ  敏夫 トシオ
            貞夫 サダオ  悟 サトル  功 イサオ
            """),
        names("""
            誠 マコト  大輔 ダイスケ  健 ケン  浩 ヒロシ  学 マナブ  剛 ツヨシ  哲也 テツヤ  直樹 ナオキ
            和也 カズヤ  達也 タツヤ  拓也 タクヤ  健太 ケンタ  亮 リョウ  純 ジュン  淳 ジュン  裕介 ユウスケ
            秀樹 ヒデキ  浩二 コウジ  英樹 ヒデキ  聡 サトシ  智之 トモユキ  雅之 マサユキ  信也 シンヤ
            大介 ダイスケ  慎一 シンイチ  剛史 タケシ  洋平 ヨウヘイ  雄一 ユウイチ  恭平 キョウヘイ
            健二 ケンジ  修一 シュウイチ  敦 アツシ  康弘 ヤスヒロ  勇吾 ユウゴ  英二 エイジ
            """),
        names("""
            翔太 ショウタ  拓海 タクミ  大翔 ヒロト  蓮 レン  陽翔 ハルト  悠真 ユウマ  湊 ミナト  颯太 ソウタ
            翔 ショウ  大樹 ダイキ  優斗 ユウト  陸 リク  悠人 ユウト  蒼 アオイ  樹 イツキ  健太郎 ケンタロウ
            駿 シュン  海斗 カイト  颯 ハヤテ  隼人 ハヤト  陽太 ヨウタ  悠斗 ユウト  大和 ヤマト  航 ワタル
            瑛太 エイタ  涼太 リョウタ  裕太 ユウタ  奏太 カナタ  結翔 ユイト  碧 アオイ  律 リツ
            朝陽 アサヒ  蒼空 ソラ  悠 ユウ  岳 ガク  陽向 ヒナタ
            """),
    ])

    static let femaleGivenNames = GivenNames([
        names("""
            和子 カズコ  幸子 サチコ  節子 セツコ  洋子 ヨウコ  弘子 ヒロコ  京子 キョウコ  久子 ヒサコ
            恵子 ケイコ  美代子 ミヨコ  文子 フミコ  清子 キヨコ  光子 ミツコ  千代子 チヨコ  静子 シズコ
            信子 ノブコ  和江 カズエ  孝子 タカコ  悦子 エツコ  良子 ヨシコ  照子 テルコ  照代 テルヨ
            芳子 ヨシコ  澄子 スミコ  登美子 トミコ  八重子 ヤエコ  百合子 ユリコ  君子 キミコ  冨美子 フミコ
            美智子 ミチコ  敏子 トシコ  順子 ジュンコ  栄子 エイコ  昌子 マサコ  緑 ミドリ  正子 マサコ
            """),
        names("""
            陽子 ヨウコ  由美子 ユミコ  裕子 ユウコ  真由美 マユミ  明美 アケミ  直美 ナオミ  久美子 クミコ
            智子 トモコ  恵美 エミ  美穂 ミホ  純子 ジュンコ  香織 カオリ  さおり サオリ  恵 メグミ  由紀 ユキ
            典子 ノリコ  麻衣 マイ  綾 アヤ  愛 アイ  亜紀 アキ  美香 ミカ  理恵 リエ  奈緒美 ナオミ
            千尋 チヒロ  舞 マイ  優子 ユウコ  瞳 ヒトミ  紀子 ノリコ  淳子 ジュンコ  美紀 ミキ  しのぶ シノブ
            早苗 サナエ  薫 カオル  郁子 イクコ  みどり ミドリ
            """),
        names("""
            陽菜 ヒナ  結衣 ユイ  美咲 ミサキ  葵 アオイ  さくら サクラ  凛 リン  結菜 ユイナ  芽依 メイ
            莉子 リコ  美桜 ミオ  彩花 アヤカ  杏 アン  優花 ユウカ  花音 カノン  七海 ナナミ  楓 カエデ
            紬 ツムギ  陽葵 ヒマリ  心春 コハル  結愛 ユア  彩乃 アヤノ  真央 マオ  千夏 チナツ  遥 ハルカ
            菜々子 ナナコ  愛美 マナミ  沙織 サオリ  明日香 アスカ  瑞希 ミズキ  萌 モエ  美月 ミヅキ
            詩織 シオリ  琴音 コトネ  風花 フウカ  澪 ミオ  凪 ナギ
            """),
    ])

    /// 岡崎市: the old castle town around 康生, the station areas, and the farming and
    /// hillside districts (postal codes synthetic, in the city's 444- range).
    static let okazakiTowns: [Town] = [
        Town("康生町", "444-0052"),
        Town("康生通西", "444-0059", chome: 4),
        Town("康生通東", "444-0058", chome: 2),
        Town("康生通南", "444-0057", chome: 3),
        Town("伝馬通", "444-0043", chome: 5),
        Town("連尺通", "444-0044", chome: 3),
        Town("籠田町", "444-0042"),
        Town("材木町", "444-0046", chome: 2),
        Town("明大寺町", "444-0864"),
        Town("明大寺本町", "444-0860", chome: 4),
        Town("六名", "444-0823", chome: 3, numbered: true),
        Town("六名本町", "444-0824"),
        Town("羽根町", "444-0813"),
        Town("羽根東町", "444-0814", chome: 2),
        Town("大樹寺", "444-2121", chome: 3, numbered: true),
        Town("鴨田町", "444-0933"),
        Town("美合町", "444-0802"),
        Town("上地", "444-0826", chome: 6, numbered: true),
        Town("戸崎町", "444-0840"),
        Town("矢作町", "444-0943"),
        Town("福岡町", "444-0875"),
        Town("井田町", "444-0068"),
        Town("日名北町", "444-0926"),
        Town("日名南町", "444-0925"),
        Town("上和田町", "444-0838"),
        Town("大平町", "444-0011"),
        Town("竜美南", "444-0874", chome: 4, numbered: true),
        Town("竜美西", "444-0873", chome: 2, numbered: true),
        Town("洞町", "444-0021"),
        Town("岩津町", "444-2144"),
        Town("本宿町", "444-3505"),
        Town("稲熊町", "444-0016"),
        Town("欠町", "444-0015"),
        Town("針崎町", "444-0832"),
    ]

    /// 豊橋市: the centre around the station and 広小路, the eastern hills and the southern
    /// farmland (postal codes synthetic, in the city's 440- and 441- ranges).
    static let toyohashiTowns: [Town] = [
        Town("松葉町", "440-0897", chome: 3),
        Town("駅前大通", "440-0888", chome: 3),
        Town("広小路", "440-0881", chome: 3),
        Town("花田町", "440-0075"),
        Town("西小鷹野", "440-0853", chome: 4, numbered: true),
        Town("牛川町", "440-0016"),
        Town("向山町", "440-0864"),
        Town("三ノ輪町", "440-0826"),
        Town("大岩町", "441-3146"),
        Town("二川町", "441-3155"),
        Town("菰口町", "441-8141", chome: 6),
        Town("野依町", "441-8125"),
        Town("今橋町", "440-0001"),
        Town("八町通", "440-0802", chome: 5),
        Town("札木町", "440-0895"),
        Town("呉服町", "440-0893"),
        Town("魚町", "440-0891"),
        Town("曲尺手町", "440-0805"),
        Town("東田町", "440-0043"),
        Town("草間町", "441-8112"),
        Town("岩田町", "440-0066"),
        Town("柱一番町", "441-8024"),
        Town("弥生町", "441-8111"),
        Town("高師町", "441-8032"),
        Town("佐藤", "440-0861", chome: 5, numbered: true),
        Town("南栄町", "441-8151"),
        Town("北山町", "440-0035"),
        Town("西幸町", "441-8113"),
        Town("天伯町", "441-8115"),
        Town("大清水町", "441-8134"),
        Town("富士見台", "441-8021", chome: 6, numbered: true),
        Town("西岩田", "440-0065", chome: 6, numbered: true),
        Town("飯村北", "440-0833", chome: 5, numbered: true),
        Town("多米町", "440-0045"),
    ]

    /// The first part of an apartment building's name; the second is a local word.
    static let buildingKinds = ["コーポ", "メゾン", "ハイツ", "サンハイツ", "グランドール", "パークハイム", "レジデンス", "ヴィラ", "シャトレ", "ロイヤル"]
    static let buildingWords = ["康生", "葵", "桜", "城北", "緑ヶ丘", "旭", "朝日", "若葉", "東海", "三河", "吉田", "松風", "ひまわり", "ポプラ"]
}
