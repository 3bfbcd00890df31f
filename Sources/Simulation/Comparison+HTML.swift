import KaiseiCore
import Replay

extension Comparison {
    /// The report for the change-control meeting (変更調整会議): one self-contained HTML file in
    /// Japanese, charts as inline SVG (no script, no network), laid out for A4 printing. The
    /// same comparison always gives the same bytes; `command` is printed so anyone can re-run it.
    public func html(command: String) -> String {
        let e = SVGChart.esc
        func y(_ v: Yen) -> String { "¥" + v.grouped }
        func era(_ fy: Int) -> String { fy >= 2019 ? "令和\(fy - 2018 == 1 ? "元" : String(fy - 2018))年度" : "平成\(fy - 1988)年度" }
        func statusName(_ s: String) -> String {
            ["non_taxable": "非課税", "per_capita_only": "均等割のみ", "taxable": "課税", "none": "軽減なし", "exempt": "免税点未満",
             "green_t75": "グリーン化特例 75%", "green_t50": "グリーン化特例 50%", "green_t25": "グリーン化特例 25%",
             "standard": "標準税率", "legacy": "旧税率", "surcharge": "経年重課"][s] ?? s
        }
        var h = """
            <!DOCTYPE html>
            <html lang="ja"><head><meta charset="utf-8">
            <title>税制改正シミュレーション \(era(fiscalYear)) — \(e(after.label))</title>
            <style>
            \(Self.reportCSS)</style></head><body>
            <h1>税制改正シミュレーション報告 \(era(fiscalYear)) (FY\(fiscalYear))</h1>
            <p class="meta">変更前: <b>\(e(before.label))</b>　→　変更後: <b>\(e(after.label))</b><br>
            対象: \(cities.map { $0.japaneseName }.joined(separator: "・"))　税目: \(taxes.isEmpty ? "なし (税額に関わるパラメータの変更がありません)" : taxes.map(\.japaneseName).joined(separator: "、"))</p>

            """
        let drafts = before.drafts.map { ("変更前", $0) } + after.drafts.map { ("変更後", $0) }
        if !drafts.isEmpty {
            h += "<table><tr><th>側</th><th>改正案 ID</th><th>件名</th><th>根拠法令</th></tr>\n"
            for (side, d) in drafts { h += "<tr><td>\(side)</td><td>\(e(d.id))</td><td>\(e(d.title))</td><td>\(e(d.law))</td></tr>\n" }
            h += "</table>\n"
        }
        // A figure computed from a value the cities have not confirmed carries a mark and the
        // footnote at the end lists the values (「未確認の値」).
        let mark = Self.unverifiedMark
        func cell(_ text: String, unverified: Bool, _ classes: String = "n") -> String {
            "<td class=\"\(classes)\(unverified ? " unverified" : "")\">\(text)\(unverified ? mark : "")</td>"
        }
        h += "<div class=keep><h2>概要 (市別・税目別)</h2>\n<table class=summary><thead><tr><th>市</th><th>税目</th><th>変更前の税額</th><th>変更後の税額</th><th>増減</th><th>納税者数</th><th>増額</th><th>減額</th><th>変化なし</th><th>新たに課税</th><th>課税なしへ</th></tr></thead>\n"
        for t in summaries {
            let markBefore = t.unverified.contains { $0.before }, markAfter = t.unverified.contains { $0.after }
            let sign = t.difference.amount > 0 ? " more" : t.difference.amount < 0 ? " less" : ""
            h += "<tr><td class=city>\(t.city.japaneseName)</td><td>\(t.tax.japaneseName)</td>"
            h += cell(y(t.revenueBefore), unverified: markBefore) + cell(y(t.revenueAfter), unverified: markAfter)
            h += cell(t.difference.signedGrouped, unverified: markBefore || markAfter, "n" + sign)
            h += "<td class=n>\(t.payersBefore) → \(t.payersAfter)</td><td class=n>\(t.payMore)</td><td class=n>\(t.payLess)</td><td class=n>\(t.same)</td><td class=n>\(t.becamePayer)</td><td class=n>\(t.stoppedPaying)</td></tr>\n"
        }
        h += "</table>\n"
        if summaries.contains(where: { !$0.unverified.isEmpty }) {
            h += "<p class=\"meta uv-note\">\(mark) 市が確認していない値 (未確認の値) を使って計算した税額です。確認されるまで確定した数値として扱わないでください。値の一覧は末尾の「未確認の値」にあります。</p>\n"
        }
        h += "</div>\n"
        for c in cities {
            let rows = summaries.filter { $0.city == c }
            // The city's heading stays with its first chart.
            h += "<section class=\"city\"><div class=keep><h2>\(c.japaneseName)</h2>\n"
            if rows.isEmpty { h += "<p>税額に関わるパラメータの変更がないため、計算した税目はありません。</p></div></section>\n"; continue }
            h += SVGChart.shares(rows.map { ($0.tax.japaneseName, $0.payMore, $0.payLess, $0.same) }, title: "\(c.japaneseName): 増額・減額・変化なしの割合 (納税者数)") + "\n</div>\n"
            for t in rows {
                h += "<div class=keep><h3>\(t.tax.japaneseName)\(t.unverified.isEmpty ? "" : mark)</h3>\n"
                if !t.unverified.isEmpty {
                    h += "<p class=\"meta uv-note\">\(mark) この税目の数値は未確認の値 \(t.unverified.count) 件を使って計算しています (末尾の「未確認の値」)。</p>\n"
                }
                h += SVGChart.bars(t.histogram.enumerated().map { i, b in
                    SVGChart.Bar(label: b.label, value: Int64(b.count), color: i < 4 ? SVGChart.less : i == 4 ? SVGChart.none : SVGChart.more)
                }, title: "増減額の分布 (人数)", unit: "人") + "\n</div>\n"
                if !t.deciles.isEmpty {
                    h += SVGChart.bars(t.deciles.map { d in
                        SVGChart.Bar(label: "第\(d.label)分位", value: d.meanChange.amount, color: d.meanChange.amount > 0 ? SVGChart.more : d.meanChange.amount < 0 ? SVGChart.less : SVGChart.none)
                    }, title: "所得十分位別の平均増減額 (前年の収入による)", unit: "円") + "\n"
                    h += "<table><tr><th>十分位</th><th>収入の範囲</th><th>人数</th><th>変更前</th><th>変更後</th><th>増減</th><th>平均増減</th><th>増額</th><th>減額</th></tr>\n"
                    for d in t.deciles {
                        h += "<tr><td>第\(d.label)分位</td><td class=n>\(y(d.incomeFrom ?? .zero)) 〜 \(y(d.incomeTo ?? .zero))</td><td class=n>\(d.subjects)</td><td class=n>\(y(d.before))</td><td class=n>\(y(d.after))</td><td class=n>\(d.difference.signedGrouped)</td><td class=n>\(d.meanChange.signedGrouped)</td><td class=n>\(d.payMore)</td><td class=n>\(d.payLess)</td></tr>\n"
                    }
                    h += "</table>\n"
                    if t.withoutIncome > 0 { h += "<p class=meta>市内に住民記録のない納税者 \(t.withoutIncome) 人は十分位に含めていません。</p>\n" }
                }
                h += "<table><tr><th>世帯類型 (1月1日現在)</th><th>人数</th><th>変更前</th><th>変更後</th><th>増減</th><th>平均増減</th><th>増額</th><th>減額</th></tr>\n"
                for g in t.householdTypes {
                    let name = HouseholdType(rawValue: g.label)?.japaneseName ?? g.label
                    h += "<tr><td>\(name)</td><td class=n>\(g.subjects)</td><td class=n>\(y(g.before))</td><td class=n>\(y(g.after))</td><td class=n>\(g.difference.signedGrouped)</td><td class=n>\(g.meanChange.signedGrouped)</td><td class=n>\(g.payMore)</td><td class=n>\(g.payLess)</td></tr>\n"
                }
                h += "</table>\n"
                if !t.statusChanges.isEmpty {
                    h += "<table><tr><th>区分の変化 (課税・非課税、軽減)</th><th>人数</th></tr>\n"
                    for s in t.statusChanges { h += "<tr><td>\(e(statusName(s.from))) → \(e(statusName(s.to)))</td><td class=n>\(s.count)</td></tr>\n" }
                    h += "</table>\n"
                }
                if !t.largest.isEmpty {
                    h += "<table><tr><th>変化の大きい事例</th><th>世帯類型</th><th>変更前</th><th>変更後</th><th>増減</th><th>区分</th></tr>\n"
                    for x in t.largest {
                        let status = x.statusBefore == x.statusAfter ? statusName(x.statusAfter) : "\(statusName(x.statusBefore)) → \(statusName(x.statusAfter))"
                        h += "<tr><td>\(e(x.subject))</td><td>\(x.household.japaneseName)</td><td class=n>\(y(x.before))</td><td class=n>\(y(x.after))</td><td class=n>\(x.difference.signedGrouped)</td><td>\(e(status))</td></tr>\n"
                    }
                    h += "</table>\n"
                }
            }
            h += "</section>\n"
        }
        h += "<section class=\"city\" id=\"parameters\">\n" + parameterTableHTML() + unverifiedListHTML()
        // The corporate taxes' own sets, when one is compared (the individual set leaves their rates out).
        let corporateRows = comparesCorporateTaxes
            ? "<tr><th>変更前のルールセット (法人市民税・事業所税)</th><td><code>\(before.corporateHash)</code></td></tr>\n"
                + "<tr><th>変更後のルールセット (法人市民税・事業所税)</th><td><code>\(after.corporateHash)</code></td></tr>\n"
            : ""
        h += """
            <div class=keep><h2>再現のための情報</h2>
            <table>
            <tr><th>イベントの範囲</th><td>seq \(watermark) まで (記録時点 \(knownAt == .distantFuture ? "現在" : e(knownAt.description)))</td></tr>
            <tr><th>変更前のルールセット</th><td><code>\(before.hash)</code></td></tr>
            <tr><th>変更後のルールセット</th><td><code>\(after.hash)</code></td></tr>
            \(corporateRows)<tr><th>再実行のコマンド</th><td><code>\(e(command))</code></td></tr>
            </table>
            <p class=meta>同じイベントとルールセットからは、同じ数値とこのファイルと同じバイト列が得られます。金額は円単位の整数で、端数処理は各税の法令の定めによります。</p>
            </div></section>
            </body></html>

            """
        return h
    }
}
