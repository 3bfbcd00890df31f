import KaiseiCore
import Foundation

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
            let i = body?["income"], t = body?["tax"], n = body?["dependants_by_class"]
            rows = [("所得の年分", "\(str(body?["income_year"]))年分"), ("給与収入", yen(i?["salary_receipts"])), ("給与所得", yen(i?["salary_income"])),
                    ("公的年金等の収入", yen(i?["pension_receipts"])), ("事業所得", yen(i?["business_income"])), ("その他の所得", yen(i?["other_income"])),
                    ("合計所得金額", yen(i?["total_income"]))]
            // Each 所得控除 the calculation applied, by kind, then their sum.
            if case .array(let ds)? = body?["deductions"] {
                for d in ds { rows.append(("　" + str(d["name"]), yen(d["amount"]))) }
            }
            rows += [("所得控除の合計", yen(body?["deductions_total"])), ("課税標準額", yen(body?["taxable_income"])),
                    ("控除対象配偶者", { if case .string(let s)? = body?["spouse_deduction"] { return "有 (\(s))" }; return "無" }()),
                    ("扶養親族の数", "\(str(body?["dependants"]))人 (一般 \(str(n?["general"])) ・特定 \(str(n?["specified"])) ・老人 \(str(n?["elderly"]))"
                        + "〔うち同居老親等 \(str(n?["cohabiting_parents"]))〕・年少 \(str(n?["young"])))"),
                    ("市民税 所得割", yen(t?["city_income_levy"])), ("市民税 均等割", yen(t?["city_per_capita"])),
                    ("県民税 所得割", yen(t?["prefecture_income_levy"])), ("県民税 均等割", yen(t?["prefecture_per_capita"])),
                    ("森林環境税", yen(t?["forest_environment_tax"])), ("年税額", yen(t?["total"]))]
            if str(cert?["kind"]) == "non-taxation" { rows.append(("課税の状況", "上記の年度は非課税です")) }
        case "tax-payment":
            if case .array(let lines)? = body?["lines"] {
                for l in lines {
                    rows.append(("\(str(l["name"])) (\(str(l["taxpayer"])))", "税額 \(yen(l["levied"]))　納付済 \(yen(l["paid"]))　未納 \(yen(l["unpaid"]))"))
                    // 固定資産税 and 都市計画税 collected together: each tax's amount and share of what was paid.
                    if case .array(let taxes)? = l["parts"] {
                        for t in taxes { rows.append(("　うち\(str(t["name"]))", "税額 \(yen(t["levied"]))　納付済 \(yen(t["paid"]))　未納 \(yen(t["unpaid"]))")) }
                    }
                    // Layout 2: each 期別, then the levy's 延滞金 and 督促手数料.
                    guard case .array(let parts)? = l["instalments"] else { continue }
                    for p in parts {
                        let number = str(p["instalment"]) == "0" ? "随時" : "第\(str(p["instalment"]))期"
                        var text = "税額 \(yen(p["amount"]))　納付済 \(yen(p["paid"]))　未納 \(yen(p["unpaid"]))"
                        if case .integer(let li)? = p["late_interest"], li > 0 { text += "　延滞金 \(yen(p["late_interest"]))" }
                        if case .string(let d)? = p["demanded_on"] { text += "　督促 \(d)" }
                        rows.append(("　\(number) 納期限 \(str(p["due_date"]))", text))
                    }
                    if case .integer? = l["late_interest_unpaid"] {
                        rows.append(("　延滞金 (未納)", "\(yen(l["late_interest_unpaid"])) (計 \(yen(l["late_interest"]))、納付済 \(yen(l["late_interest_paid"])))"))
                    } else {
                        rows.append(("　延滞金", "割合が定まっていない年を含むため記載なし (納付済 \(yen(l["late_interest_paid"])))"))
                    }
                    if case .integer(let f)? = l["demand_fees"], f > 0 { rows.append(("　督促手数料", "\(yen(l["demand_fees"])) (納付済 \(yen(l["demand_fees_paid"])))")) }
                    if case .integer(let o)? = l["overpaid"], o > 0 { rows.append(("　過誤納額 (未精算)", yen(l["overpaid"]))) }
                    if case .integer(let o)? = l["late_interest_overpaid"], o > 0 { rows.append(("　延滞金の過誤納額 (未精算)", yen(l["late_interest_overpaid"]))) }
                    if case .integer(let o)? = l["demand_fees_overpaid"], o > 0 { rows.append(("　督促手数料の過誤納額 (未精算)", yen(l["demand_fees_overpaid"]))) }
                    if case .integer(let o)? = l["appropriated"], o > 0 {
                        let interest = l["appropriation_interest"].map { " (還付加算金 \(yen($0)))" } ?? ""
                        rows.append(("　過誤納額のうち充当", yen(l["appropriated"]) + interest))
                    }
                    if case .integer(let o)? = l["refunded"], o > 0 {
                        rows.append(("　過誤納額のうち還付", "\(yen(l["refunded"])) (還付加算金 \(yen(l["refund_interest"])))"))
                    }
                    if case .integer(let o)? = l["appropriated_in"], o > 0 { rows.append(("　うち他の過誤納金からの充当", yen(l["appropriated_in"]))) }
                }
            }
            rows += [("税額の合計", yen(body?["total_levied"])), ("納付済額の合計", yen(body?["total_paid"])), ("未納額 (滞納)", yen(body?["total_unpaid"]))]
            if body?["total_late_interest_unpaid"] != nil {
                rows += [("延滞金 (未納) の合計", body?["total_late_interest_unpaid"] == .null ? "記載なし" : yen(body?["total_late_interest_unpaid"])),
                         ("督促手数料 (未納) の合計", yen(body?["total_demand_fees_unpaid"])),
                         ("備考", str(body?["late_interest_note"]))]
            }
        default:
            rows = [("車両番号 (管理番号)", str(body?["vehicle"])), ("車種区分", str(body?["class"])), ("初度検査年月", str(body?["first_inspection"])),
                    ("納税義務者", str(body?["owner"])), ("当該車両の税額", yen(body?["tax_for_vehicle"])), ("納付済額", yen(body?["paid"])),
                    ("有効期限", str(body?["valid_until"])), ("備考", str(body?["note"]))]
        }
        // 宛名 when the store holds one (older certificates print the id alone, as they did).
        var addressee = esc(str(content["subject"]))
        if let a = content["addressee"], case .string(let name)? = a["name"] {
            addressee = "\(esc(name)) (\(esc(str(a["kana"])))) \(addressee)"
            if case .string(let address)? = a["address"] { addressee += "　住所: \(esc(address))" }
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
        <div class="meta"><div>対象者: \(addressee)</div><div>\(esc(str(cert?["fiscal_year"])))年度 (\(esc(str(cert?["as_of"]))) 現在)</div></div>
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

    /// What a person reads on a rendered certificate, line by line: each table row as (its
    /// heading, its value), the other lines under a name for where they stand. Script, style
    /// and head are not read. Used by verification to say which printed line was altered.
    static func printedLines(_ html: String) -> [(label: String, value: String)] {
        var text = html
        for (open, close) in [("<head", "</head>"), ("<script", "</script>"), ("<style", "</style>")] {
            while let a = text.range(of: open), let b = text.range(of: close, range: a.upperBound..<text.endIndex) {
                text.removeSubrange(a.lowerBound..<b.upperBound)
            }
        }
        let names = ["h1": "表題", "div.meta": "対象者・年度", "p": "証明文", "div.issuer": "証明者", "div.fingerprint": "照合情報"]
        var out: [(label: String, value: String)] = []
        for line in text.split(separator: "\n") {
            let l = line.trimmingCharacters(in: .whitespaces)
            if let th = l.range(of: "<th>"), let thEnd = l.range(of: "</th>", range: th.upperBound..<l.endIndex) {
                out.append((plain(String(l[th.upperBound..<thEnd.lowerBound])), plain(String(l[thEnd.upperBound...]))))
                continue
            }
            let value = plain(l)
            guard !value.isEmpty, l.hasPrefix("<") else { continue }
            let tag = l.dropFirst().prefix { $0.isLetter || $0.isNumber }
            var key = String(tag)
            if let c = l.range(of: "class=\""), let e = l[c.upperBound...].firstIndex(of: "\"") { key += "." + l[c.upperBound..<e] }
            out.append((names[key] ?? key, value))
        }
        return out
    }

    /// Markup removed, entities decoded.
    static func plain(_ s: String) -> String {
        var out = "", inTag = false
        for ch in s {
            if ch == "<" { inTag = true } else if ch == ">" { inTag = false } else if !inTag { out.append(ch) }
        }
        return out.replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">")
            .replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&amp;", with: "&")
            .trimmingCharacters(in: .whitespaces)
    }

    /// The embedded content of an HTML certificate, or the JSON itself.
    static func extractJSON(_ text: String) -> String? {
        let t = text.drop { $0 == " " || $0 == "\n" }
        if t.hasPrefix("{") { return String(t) }
        guard let start = text.range(of: scriptOpen), let end = text.range(of: "</script>", range: start.upperBound..<text.endIndex) else { return nil }
        return String(text[start.upperBound..<end.lowerBound])
    }
}
