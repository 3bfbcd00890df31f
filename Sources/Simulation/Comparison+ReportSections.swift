import KaiseiCore
import Replay

/// The report's last pages and its print layout: the changed parameters, the values not yet
/// confirmed that the figures read, and the style sheet that keeps headings with what follows.
extension Comparison {
    /// Printed after a figure that reads a value the cities have not confirmed.
    static let unverifiedMark = "<span class=\"uv-mark\">※</span>"

    /// A4 print layout. A heading never ends a page (`break-after: avoid`, and each heading is
    /// grouped with its first chart or table in a `.keep` block); short tables move whole to the
    /// next page, long ones (`.long`) break between rows and repeat their header. Tables of keys
    /// have fixed column widths, so a long key wraps at its dots and underscores, not letter by letter.
    static let reportCSS = """
        @page { size: A4; margin: 14mm 12mm; }
        body { font-family: "Noto Sans CJK JP", "Noto Sans JP", "Hiragino Sans", "Yu Gothic", sans-serif; font-size: 10.5pt; color: #111; margin: 0 auto; max-width: 186mm; }
        h1 { font-size: 16pt; margin: 0 0 4mm; } h2 { font-size: 13pt; border-bottom: 2px solid #333; margin: 7mm 0 3mm; } h3 { font-size: 11pt; margin: 5mm 0 2mm; }
        h1, h2, h3 { break-after: avoid; page-break-after: avoid; }
        .keep { break-inside: avoid; page-break-inside: avoid; }
        table { border-collapse: collapse; width: 100%; margin: 2mm 0 4mm; break-inside: avoid; page-break-inside: avoid; }
        table.long { break-inside: auto; page-break-inside: auto; }
        table.fixed { table-layout: fixed; }
        thead { display: table-header-group; } tr { break-inside: avoid; page-break-inside: avoid; }
        th, td { border: 1px solid #999; padding: 1.2mm 1.6mm; font-size: 9pt; } th { background: #eee; }
        table.fixed td { overflow-wrap: anywhere; }
        td.n { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
        td.city { white-space: nowrap; }
        .more { color: #8b0000; } .less { color: #003f7f; } .meta { font-size: 9pt; color: #333; }
        td.unverified { background: #fff3cd; } .uv-mark { color: #8a4b00; font-weight: bold; padding-left: 0.6mm; }
        .uv-note { break-after: avoid; page-break-after: avoid; }
        svg.chart { width: 100%; height: auto; display: block; margin: 2mm 0 4mm; break-inside: avoid; page-break-inside: avoid; }
        section.city { break-before: page; page-break-before: always; }
        code { font-size: 8.5pt; overflow-wrap: anywhere; }
        col.c-city { width: 11mm; } col.c-year { width: 11mm; } col.c-key { width: 46mm; } col.c-value { width: 24mm; }
        col.c-revision { width: 30mm; } col.c-taxes { width: 26mm; } col.c-side { width: 15mm; } col.c-values { width: 60mm; } col.c-file { width: 30mm; }
        div.kv { margin: 0 0 0.8mm; } span.ln { white-space: nowrap; }

        """

    /// `resident_tax.<wbr>flat_<wbr>reduction…`: a key that may wrap after each dot and underscore.
    static func keyHTML(_ key: String) -> String {
        "<code class=\"key\">" + breakable(SVGChart.esc(key), after: [".", "_"]) + "</code>"
    }

    /// A path that may wrap after each slash.
    static func pathHTML(_ path: String) -> String {
        "<code>" + breakable(SVGChart.esc(path), after: ["/"]) + "</code>"
    }

    static func breakable(_ text: String, after: Set<Character>) -> String {
        var out = ""
        for c in text {
            out.append(c)
            if after.contains(c) { out += "<wbr>" }
        }
        return out
    }

    /// 変更されたパラメータ: one row per change; a change the same in both cities is one row, 両市.
    func parameterTableHTML() -> String {
        let e = SVGChart.esc
        var h = "<h2>変更されたパラメータ</h2>\n"
        guard !parameterChanges.isEmpty else { return h + "<p>二つのルールセットの間で値の異なるパラメータはありません。</p>\n" }
        h += "<table class=\"long fixed params\"><colgroup><col class=c-city><col class=c-year><col class=c-key><col class=c-value><col class=c-value>"
        h += "<col class=c-revision><col></colgroup>\n"
        h += "<thead><tr><th>市</th><th>年度</th><th>キー</th><th>変更前</th><th>変更後</th><th>改正 ID (前 → 後)</th><th>根拠</th></tr></thead>\n"
        for row in ParameterChange.rows(parameterChanges, cities: cities) {
            let p = row.change
            let city = row.cities.count > 1 ? "両市" : row.cities.map(\.japaneseName).joined()
            h += "<tr><td class=city>\(city)</td><td>\(p.fiscalYear)</td><td>\(Self.keyHTML(p.key))</td><td>\(e(p.before ?? "—"))</td><td>\(e(p.after ?? "—"))</td>"
            h += "<td>\(e(p.beforeRevision ?? "—")) → \(e(p.afterRevision ?? "—"))</td><td>\(e(p.reference))\(p.verified ? "" : " <b>(未確認)</b>")</td></tr>\n"
        }
        return h + "</table>\n"
    }

    /// 未確認の値: the footnote of the marked figures. Each revision entry once, with the cities and
    /// taxes that read it; entries of one file with the same note, cities, taxes and sides share a row.
    func unverifiedListHTML() -> String {
        let e = SVGChart.esc
        struct Entry { var value: UnverifiedValue; var cities: Set<City>; var taxes: Set<LevyTax>; var before: Bool; var after: Bool }
        var entries: [Entry] = []
        var index: [String: Int] = [:]
        for t in summaries {
            for u in t.unverified {
                if let i = index[u.value.entryID] {
                    entries[i].cities.insert(t.city); entries[i].taxes.insert(t.tax)
                    entries[i].before = entries[i].before || u.before; entries[i].after = entries[i].after || u.after
                    entries[i].value = entries[i].value.adding(years: u.value.fiscalYears)
                } else {
                    index[u.value.entryID] = entries.count
                    entries.append(Entry(value: u.value, cities: [t.city], taxes: [t.tax], before: u.before, after: u.after))
                }
            }
        }
        guard !entries.isEmpty else { return "" }
        struct Group { let cities: [City]; let taxes: [LevyTax]; let before: Bool; let after: Bool; let file: String; let note: String?; var values: [UnverifiedValue] }
        var groups: [Group] = []
        var groupIndex: [String: Int] = [:]
        for entry in entries {
            let cities = self.cities.filter(entry.cities.contains), taxes = LevyTax.allCases.filter(entry.taxes.contains)
            let id = [cities.map(\.rawValue).joined(separator: ","), taxes.map(\.rawValue).joined(separator: ","),
                      "\(entry.before)", "\(entry.after)", entry.value.file, entry.value.note ?? ""].joined(separator: "\u{1F}")
            if let i = groupIndex[id] { groups[i].values.append(entry.value); continue }
            groupIndex[id] = groups.count
            groups.append(Group(cities: cities, taxes: taxes, before: entry.before, after: entry.after, file: entry.value.file,
                                note: entry.value.note, values: [entry.value]))
        }
        var h = "<div class=keep><h2 id=\"unverified\">\(Self.unverifiedMark) 未確認の値</h2>\n"
        h += "<p class=\"meta uv-note\">\(Self.unverifiedMark) 印の税額は、次の値を使って計算しています。いずれも市がまだ確認していない値 (改正ファイルで "
        h += "<code>verified: false</code>) で、確認されると税額が変わることがあります (<code>kaisei revisions --unverified</code> で一覧できます)。</p></div>\n"
        h += "<table class=\"long fixed uv\"><colgroup><col class=c-city><col class=c-taxes><col class=c-side><col class=c-values><col class=c-file><col></colgroup>\n"
        h += "<thead><tr><th>市</th><th>税目</th><th>側</th><th>キーと値 [行]</th><th>改正ファイル</th><th>備考</th></tr></thead>\n"
        for g in groups {
            let city = g.cities.count > 1 ? "両市" : g.cities.map(\.japaneseName).joined()
            let side = g.before && g.after ? "両方" : g.before ? "変更前" : "変更後"
            let values = g.values.map { v -> String in
                let shown = v.value.count > 60 ? String(v.value.prefix(60)) + "…" : v.value
                let years = v.fiscalYears == [fiscalYear] ? "" : " (\(v.fiscalYearsText))"
                return "<div class=kv>\(Self.keyHTML(v.key)) = \(e(shown))\(years) <span class=\"meta ln\">[\(v.line)行]</span></div>"
            }
            h += "<tr><td class=city>\(city)</td><td>\(g.taxes.map(\.japaneseName).joined(separator: "、"))</td><td>\(side)</td>"
            h += "<td>\(values.joined())</td><td>\(Self.pathHTML(g.file))</td><td>\(e(g.note ?? ""))</td></tr>\n"
        }
        return h + "</table>\n"
    }
}
