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
            @page { size: A4; margin: 14mm 12mm; }
            body { font-family: "Noto Sans CJK JP", "Noto Sans JP", "Hiragino Sans", "Yu Gothic", sans-serif; font-size: 10.5pt; color: #111; margin: 0 auto; max-width: 186mm; }
            h1 { font-size: 16pt; margin: 0 0 4mm; } h2 { font-size: 13pt; border-bottom: 2px solid #333; margin: 7mm 0 3mm; } h3 { font-size: 11pt; margin: 5mm 0 2mm; }
            table { border-collapse: collapse; width: 100%; margin: 2mm 0 4mm; page-break-inside: avoid; }
            th, td { border: 1px solid #999; padding: 1.2mm 1.6mm; font-size: 9pt; } th { background: #eee; }
            td.n { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
            .more { color: #8b0000; } .less { color: #003f7f; } .meta { font-size: 9pt; color: #333; }
            svg.chart { width: 100%; height: auto; display: block; margin: 2mm 0 4mm; page-break-inside: avoid; }
            section.city { page-break-before: always; } code { font-size: 8.5pt; word-break: break-all; }
            </style></head><body>
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
        h += "<h2>概要 (市別・税目別)</h2>\n<table><tr><th>市</th><th>税目</th><th>変更前の税額</th><th>変更後の税額</th><th>増減</th><th>納税者数</th><th>増額</th><th>減額</th><th>変化なし</th><th>新たに課税</th><th>課税なしへ</th></tr>\n"
        for t in summaries {
            h += "<tr><td>\(t.city.japaneseName)</td><td>\(t.tax.japaneseName)</td><td class=n>\(y(t.revenueBefore))</td><td class=n>\(y(t.revenueAfter))</td>"
            h += "<td class=\"n \(t.difference.amount > 0 ? "more" : t.difference.amount < 0 ? "less" : "")\">\(t.difference.signedGrouped)</td>"
            h += "<td class=n>\(t.payersBefore) → \(t.payersAfter)</td><td class=n>\(t.payMore)</td><td class=n>\(t.payLess)</td><td class=n>\(t.same)</td><td class=n>\(t.becamePayer)</td><td class=n>\(t.stoppedPaying)</td></tr>\n"
        }
        h += "</table>\n"
        for c in cities {
            let rows = summaries.filter { $0.city == c }
            h += "<section class=\"city\"><h2>\(c.japaneseName)</h2>\n"
            if rows.isEmpty { h += "<p>税額に関わるパラメータの変更がないため、計算した税目はありません。</p></section>\n"; continue }
            h += SVGChart.shares(rows.map { ($0.tax.japaneseName, $0.payMore, $0.payLess, $0.same) }, title: "\(c.japaneseName): 増額・減額・変化なしの割合 (納税者数)") + "\n"
            for t in rows {
                h += "<h3>\(t.tax.japaneseName)</h3>\n"
                h += SVGChart.bars(t.histogram.enumerated().map { i, b in
                    SVGChart.Bar(label: b.label, value: Int64(b.count), color: i < 4 ? SVGChart.less : i == 4 ? SVGChart.none : SVGChart.more)
                }, title: "増減額の分布 (人数)", unit: "人") + "\n"
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
        h += "<section class=\"city\"><h2>変更されたパラメータ</h2>\n"
        if parameterChanges.isEmpty { h += "<p>二つのルールセットの間で値の異なるパラメータはありません。</p>\n" }
        else {
            h += "<table><tr><th>市</th><th>年度</th><th>キー</th><th>変更前</th><th>変更後</th><th>改正 ID (前 → 後)</th><th>根拠</th></tr>\n"
            for p in parameterChanges {
                h += "<tr><td>\(p.city.japaneseName)</td><td>\(p.fiscalYear)</td><td><code>\(e(p.key))</code></td><td>\(e(p.before ?? "—"))</td><td>\(e(p.after ?? "—"))</td>"
                h += "<td>\(e(p.beforeRevision ?? "—")) → \(e(p.afterRevision ?? "—"))</td><td>\(e(p.reference))\(p.verified ? "" : " <b>(未確認)</b>")</td></tr>\n"
            }
            h += "</table>\n"
        }
        h += """
            <h2>再現のための情報</h2>
            <table>
            <tr><th>イベントの範囲</th><td>seq \(watermark) まで (記録時点 \(knownAt == .distantFuture ? "現在" : e(knownAt.description)))</td></tr>
            <tr><th>変更前のルールセット</th><td><code>\(before.hash)</code></td></tr>
            <tr><th>変更後のルールセット</th><td><code>\(after.hash)</code></td></tr>
            <tr><th>再実行のコマンド</th><td><code>\(e(command))</code></td></tr>
            </table>
            <p class=meta>同じイベントとルールセットからは、同じ数値とこのファイルと同じバイト列が得られます。金額は円単位の整数で、端数処理は各税の法令の定めによります。</p>
            </section>
            </body></html>

            """
        return h
    }
}
