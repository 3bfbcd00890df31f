/// Bar charts as inline SVG: drawn by the page itself, no script and no network, identical
/// bytes for identical figures, and crisp when printed. Coordinates are integers.
enum SVGChart {
    static let more = "#c0392b", less = "#2e6da4", none = "#b8b8b8", axis = "#444444"

    struct Bar { let label: String; let value: Int64; let color: String }

    /// Vertical bars from a zero line (values may be negative), labels under each bar.
    static func bars(_ bars: [Bar], title: String, unit: String, width: Int = 680, height: Int = 220) -> String {
        let left = 70, right = 10, top = 28, bottom = 46
        let plotW = width - left - right, plotH = height - top - bottom
        let maxV = max(bars.map(\.value).max() ?? 0, 0), minV = min(bars.map(\.value).min() ?? 0, 0)
        let span = max(maxV - minV, 1)
        func y(_ v: Int64) -> Int { top + Int((Double(maxV - v) / Double(span) * Double(plotH)).rounded()) }
        let zero = y(0)
        let slot = bars.isEmpty ? plotW : plotW / bars.count
        var s = #"<svg xmlns="http://www.w3.org/2000/svg" class="chart" viewBox="0 0 \#(width) \#(height)" width="\#(width)" height="\#(height)" role="img" aria-label="\#(esc(title))">"#
        s += #"<text x="\#(left)" y="16" font-size="13" font-weight="bold">\#(esc(title))</text>"#
        s += #"<text x="4" y="\#(top + 4)" font-size="10" fill="\#(axis)">\#(esc(label(maxV)))\#(esc(unit))</text>"#
        if minV < 0 { s += #"<text x="4" y="\#(top + plotH)" font-size="10" fill="\#(axis)">\#(esc(label(minV)))\#(esc(unit))</text>"# }
        for (i, b) in bars.enumerated() {
            let x = left + i * slot + slot / 8, w = max(slot * 3 / 4, 1)
            let y0 = min(y(b.value), zero), h = abs(y(b.value) - zero)
            // A zero bar still gets a hairline so "no change" is visibly drawn, not missing.
            s += #"<rect class="bar" x="\#(x)" y="\#(h == 0 ? zero - 1 : y0)" width="\#(w)" height="\#(max(h, 2))" fill="\#(b.color)"><title>\#(esc(b.label)): \#(esc(label(b.value)))\#(esc(unit))</title></rect>"#
            s += #"<text x="\#(x + w / 2)" y="\#(height - bottom + 14 + (i % 2) * 12)" font-size="9.5" text-anchor="middle">\#(esc(b.label))</text>"#
        }
        s += #"<line x1="\#(left)" y1="\#(zero)" x2="\#(width - right)" y2="\#(zero)" stroke="\#(axis)" stroke-width="1"/>"#
        return s + "</svg>"
    }

    /// One horizontal bar per row, split into pay-more / pay-less / same shares.
    static func shares(_ rows: [(label: String, more: Int, less: Int, same: Int)], title: String, width: Int = 680) -> String {
        let left = 150, right = 10, rowH = 26, top = 28
        let height = top + rows.count * rowH + 30
        var s = #"<svg xmlns="http://www.w3.org/2000/svg" class="chart" viewBox="0 0 \#(width) \#(height)" width="\#(width)" height="\#(height)" role="img" aria-label="\#(esc(title))">"#
        s += #"<text x="\#(left)" y="16" font-size="13" font-weight="bold">\#(esc(title))</text>"#
        let plotW = width - left - right
        for (i, r) in rows.enumerated() {
            let total = max(r.more + r.less + r.same, 1), y = top + i * rowH
            s += #"<text x="4" y="\#(y + 16)" font-size="11">\#(esc(r.label))</text>"#
            var x = left
            for (n, color, name) in [(r.more, more, "増額"), (r.less, less, "減額"), (r.same, none, "変化なし")] where n > 0 {
                let w = max(plotW * n / total, 1)
                s += #"<rect class="bar" x="\#(x)" y="\#(y + 4)" width="\#(w)" height="\#(rowH - 8)" fill="\#(color)"><title>\#(name) \#(n)</title></rect>"#
                x += w
            }
        }
        let ly = top + rows.count * rowH + 14
        for (i, (color, name)) in [(more, "増額"), (less, "減額"), (none, "変化なし")].enumerated() {
            s += #"<rect x="\#(left + i * 110)" y="\#(ly - 9)" width="12" height="12" fill="\#(color)"/><text x="\#(left + i * 110 + 16)" y="\#(ly + 1)" font-size="11">\#(name)</text>"#
        }
        return s + "</svg>"
    }

    static func label(_ v: Int64) -> String {
        let a = v.magnitude
        var digits = String(a), out = ""
        for (i, ch) in digits.enumerated() { if i > 0 && (digits.count - i) % 3 == 0 { out.append(",") }; out.append(ch) }
        digits = out
        return v < 0 ? "−" + digits : digits
    }

    static func esc(_ s: String) -> String {
        var o = ""
        for ch in s {
            switch ch { case "&": o += "&amp;"; case "<": o += "&lt;"; case ">": o += "&gt;"; case "\"": o += "&quot;"; default: o.append(ch) }
        }
        return o
    }
}
