import KaiseiCore

/// The printable A4 page in Japanese. Rendered only from the certificate's content, so the same
/// content always gives the same bytes; the content itself is embedded (as JSON) for
/// `kaisei certificate verify`.
enum CertificateHTML {
    static let scriptOpen = #"<script type="application/json" id="kaisei-certificate">"#

    static func render(_ c: Certificate) -> String {
        let content = c.content
        let cert = content["certificate"], body = content["body"], basis = content["basis"]
        func str(_ v: JSONValue?) -> String { if case .string(let s)? = v { return s }; if case .integer(let i)? = v { return String(i) }; return "" }
        func yen(_ v: JSONValue?) -> String { if case .integer(let i)? = v { return Yen(i).grouped + " 円" }; return "" }
        func esc(_ s: String) -> String {
            s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
        }
        var rows: [(String, String)] = []
        switch str(cert?["kind"]) {
        case "income", "non-taxation":
            let i = body?["income"], t = body?["tax"]
            rows = [("所得の年分", "\(str(body?["income_year"]))年分"), ("給与収入", yen(i?["salary_receipts"])), ("給与所得", yen(i?["salary_income"])),
                    ("公的年金等の収入", yen(i?["pension_receipts"])), ("事業所得", yen(i?["business_income"])), ("その他の所得", yen(i?["other_income"])),
                    ("合計所得金額", yen(i?["total_income"])), ("所得控除の合計", yen(body?["deductions_total"])), ("課税標準額", yen(body?["taxable_income"])),
                    ("控除対象配偶者等", body?["spouse"] == .bool(true) ? "有" : "無"), ("扶養親族の数", "\(str(body?["dependants"]))人"),
                    ("市民税 所得割", yen(t?["city_income_levy"])), ("市民税 均等割", yen(t?["city_per_capita"])),
                    ("県民税 所得割", yen(t?["prefecture_income_levy"])), ("県民税 均等割", yen(t?["prefecture_per_capita"])),
                    ("森林環境税", yen(t?["forest_environment_tax"])), ("年税額", yen(t?["total"]))]
            if str(cert?["kind"]) == "non-taxation" { rows.append(("課税の状況", "上記の年度は非課税です")) }
        case "tax-payment":
            if case .array(let lines)? = body?["lines"] {
                for l in lines {
                    rows.append(("\(str(l["name"])) (\(str(l["taxpayer"])))", "税額 \(yen(l["levied"]))　納付済 \(yen(l["paid"]))　未納 \(yen(l["unpaid"]))"))
                }
            }
            rows += [("税額の合計", yen(body?["total_levied"])), ("納付済額の合計", yen(body?["total_paid"])), ("未納額 (滞納)", yen(body?["total_unpaid"]))]
        default:
            rows = [("車両番号 (管理番号)", str(body?["vehicle"])), ("車種区分", str(body?["class"])), ("初度検査年月", str(body?["first_inspection"])),
                    ("納税義務者", str(body?["owner"])), ("当該車両の税額", yen(body?["tax_for_vehicle"])), ("納付済額", yen(body?["paid"])),
                    ("有効期限", str(body?["valid_until"])), ("備考", str(body?["note"]))]
        }
        let table = rows.map { "<tr><th>\(esc($0.0))</th><td>\(esc($0.1))</td></tr>" }.joined(separator: "\n")
        let embedded = c.json.replacingOccurrences(of: "</", with: #"<\/"#)
        return """
        <!DOCTYPE html>
        <html lang="ja"><head><meta charset="utf-8"><title>\(esc(str(cert?["title"])))</title>
        <style>
        @page { size: A4; margin: 20mm; }
        body { font-family: "Noto Sans CJK JP", "Noto Sans JP", sans-serif; font-size: 11pt; color: #000; }
        h1 { text-align: center; font-size: 20pt; letter-spacing: 0.3em; margin: 0 0 8mm; }
        .meta { display: flex; justify-content: space-between; margin-bottom: 6mm; }
        table { width: 100%; border-collapse: collapse; }
        th, td { border: 1px solid #000; padding: 2.5mm 3mm; }
        th { width: 38%; background: #f0f0f0; text-align: left; font-weight: normal; }
        td { text-align: right; }
        .issuer { margin-top: 12mm; text-align: right; font-size: 13pt; }
        .fingerprint { margin-top: 10mm; font-size: 7.5pt; color: #333; word-break: break-all; border-top: 1px dashed #666; padding-top: 2mm; }
        </style></head>
        <body>
        <h1>\(esc(str(cert?["title"])))</h1>
        <div class="meta"><div>対象者: \(esc(str(content["subject"])))</div><div>\(esc(str(cert?["fiscal_year"])))年度 (\(esc(str(cert?["as_of"]))) 現在)</div></div>
        <table>
        \(table)
        </table>
        <p>上記のとおり証明します。</p>
        <div class="issuer">\(esc(str(cert?["as_of"])))　\(esc(str(cert?["issuer"])))</div>
        <div class="fingerprint">照合情報: 内容 SHA-256 \(c.fingerprint) / 事象 seq \(esc(str(basis?["watermark"]))) (chain \(esc(String(str(basis?["watermark_hash"]).prefix(16))))…) / 規定 \(esc(String(str(basis?["revision_set"]).prefix(16))))… / known at \(esc(str(cert?["known_at"])))</div>
        \(scriptOpen)\(embedded)</script>
        </body></html>

        """
    }

    /// The embedded content of an HTML certificate, or the JSON itself.
    static func extractJSON(_ text: String) -> String? {
        let t = text.drop { $0 == " " || $0 == "\n" }
        if t.hasPrefix("{") { return String(t) }
        guard let start = text.range(of: scriptOpen), let end = text.range(of: "</script>", range: start.upperBound..<text.endIndex) else { return nil }
        return String(text[start.upperBound..<end.lowerBound])
    }
}
