import Foundation
import Hummingbird
import HTTPTypes
import KaiseiCore
import KaiseiEvents
import Counter

/// Server-rendered pages in Japanese: plain HTML and one inline style sheet, no script, no
/// external asset, so they load at once on an old office PC and work without JavaScript.
enum HTML {
    /// In the degraded environment, the line every page shows (what this is, how current).
    nonisolated(unsafe) static var degradedBanner: (@Sendable () -> String?)?
    static func esc(_ s: String) -> String {
        var out = ""
        out.reserveCapacity(s.utf8.count)
        for c in s {
            switch c {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.append(c)
            }
        }
        return out
    }

    static func yen(_ y: Yen) -> String { y.grouped + " 円" }

    static func percentEncode(_ s: String) -> String {
        s.addingPercentEncoding(withAllowedCharacters: .alphanumerics.union(CharacterSet(charactersIn: "-._~"))) ?? s
    }

    /// A query string from pairs, empty values left out.
    static func query(_ pairs: [(String, String?)]) -> String {
        let kept = pairs.compactMap { k, v -> String? in
            guard let v, !v.isEmpty else { return nil }
            return "\(k)=\(percentEncode(v))"
        }
        return kept.isEmpty ? "" : "?" + kept.joined(separator: "&")
    }

    static func roleName(_ r: Vocabulary.StaffRole) -> String {
        switch r {
        case .clerk: return "窓口"
        case .analyst: return "分析"
        case .auditor: return "監査"
        case .admin: return "管理"
        }
    }

    /// Where a role starts.
    static func home(_ r: Vocabulary.StaffRole) -> String {
        switch r {
        case .clerk: return "/residents"
        case .analyst: return "/compare"
        case .auditor: return "/audit"
        case .admin: return "/staff"
        }
    }

    static let style = """
    *{box-sizing:border-box}
    body{margin:0;font-family:"Noto Sans CJK JP","Noto Sans JP","Hiragino Sans","Yu Gothic",Meiryo,sans-serif;font-size:16px;line-height:1.6;color:#1a1a1a;background:#fff}
    a{color:#0b57d0}a:focus,button:focus,input:focus,select:focus,textarea:focus{outline:3px solid #e8a400;outline-offset:2px}
    .skip{position:absolute;left:-9999px}.skip:focus{left:8px;top:8px;background:#fff;padding:4px 8px;z-index:9}
    header.top{display:flex;flex-wrap:wrap;align-items:center;gap:8px 20px;background:#0b3d6e;color:#fff;padding:8px 20px}
    header.top a{color:#fff}header.top .home{font-weight:bold;text-decoration:none;font-size:18px}
    header.top nav{display:flex;flex-wrap:wrap;gap:4px 16px;flex:1}
    header.top form{margin:0}header.top button{background:#fff;color:#0b3d6e;border:0;padding:4px 12px;border-radius:4px;font:inherit;cursor:pointer}
    .degraded{background:#fff3cd;color:#1a1a1a;border-bottom:3px solid #8a6100;padding:8px 20px;font-weight:bold}
    .knownat{display:flex;flex-wrap:wrap;align-items:center;gap:8px;background:#eef2f7;padding:8px 20px;border-bottom:1px solid #c9d3df}
    .knownat .now{color:#333}
    main{max-width:1240px;margin:0 auto;padding:16px 20px 40px}
    h1{font-size:24px;margin:8px 0 16px}h2{font-size:20px;margin:28px 0 8px;border-bottom:2px solid #0b3d6e}h3{font-size:17px;margin:18px 0 6px}
    .scroll{overflow-x:auto;max-width:100%}
    table{border-collapse:collapse;margin:6px 0 12px}th,td{border:1px solid #9aa7b5;padding:4px 8px;text-align:left;vertical-align:top}
    th{background:#eef2f7;font-weight:bold}td.n,th.n{text-align:right;white-space:nowrap}
    .muted{color:#4a4a4a}.bad{color:#a30000;font-weight:bold}.good{color:#0a6b2a;font-weight:bold}
    .notice{border:2px solid #a30000;background:#fff4f4;padding:8px 12px;margin:12px 0}
    .ok{border:2px solid #0a6b2a;background:#f1fbf4;padding:8px 12px;margin:12px 0}
    form.stack{display:grid;grid-template-columns:max-content minmax(0,420px);gap:8px 12px;align-items:center;margin:12px 0}
    form.stack .actions{grid-column:2;display:flex;gap:8px;flex-wrap:wrap}
    input,select,textarea,button{font:inherit}input,select,textarea{padding:4px 6px;border:1px solid #6b7785;border-radius:3px;max-width:100%}
    button,.button{background:#0b57d0;color:#fff;border:0;border-radius:4px;padding:6px 16px;cursor:pointer;text-decoration:none;display:inline-block}
    button.secondary{background:#fff;color:#0b57d0;border:1px solid #0b57d0}
    .id{font-family:monospace;word-break:break-all}.months td{text-align:center;padding:2px 4px}
    footer{color:#4a4a4a;font-size:13px;padding:12px 20px;border-top:1px solid #c9d3df}
    iframe{width:100%;height:640px;border:1px solid #9aa7b5}
    @media print{header.top,.knownat,footer,form{display:none}}
    """

    /// The frame of every page: who is logged in, the navigation of their role, the as-known-at
    /// date (default now) and logout.
    static func page(title: String, session: SessionStore.Session?, path: String, query: [(String, String?)] = [],
                     knownAt: String? = nil, showKnownAt: Bool = true, refresh: (seconds: Int, url: String)? = nil, body: String) -> String {
        var nav = ""
        var who = ""
        if let s = session {
            let links: [(String, String)]
            switch s.caller.role {
            case .clerk: links = [("/residents", "宛名検索"), ("/certificates/new", "証明書の発行"), ("/certificates/verify", "証明書の照合")]
            case .analyst: links = [("/compare", "改正の比較")]
            case .auditor: links = [("/audit", "監査証跡")]
            case .admin: links = [("/staff", "職員アカウント")]
            }
            nav = "<nav aria-label=\"メニュー\">" + links.map { "<a href=\"\($0.0)\">\(esc($0.1))</a>" }.joined() + "</nav>"
            who = """
            <span>\(esc(s.caller.city.japaneseName))　\(esc(s.caller.user))（\(roleName(s.caller.role))）</span>\
            <form method="post" action="/logout"><input type="hidden" name="csrf_token" value="\(esc(s.csrfToken))"><button type="submit">ログアウト</button></form>
            """
        }
        var knownAtForm = ""
        if showKnownAt && session != nil {
            let hidden = query.filter { $0.0 != "known_at" }.compactMap { k, v -> String? in
                guard let v, !v.isEmpty else { return nil }
                return "<input type=\"hidden\" name=\"\(esc(k))\" value=\"\(esc(v))\">"
            }.joined()
            knownAtForm = """
            <form class="knownat" method="get" action="\(esc(path))">\(hidden)<label for="known_at">記録時点（この日の終わりまでに記録された内容で表示）</label>\
            <input type="date" id="known_at" name="known_at" value="\(esc(knownAt ?? ""))"><button type="submit">表示</button>\
            <span class="now">\(knownAt == nil || knownAt!.isEmpty ? "現在の記録で表示中" : "\(esc(knownAt!)) 時点の記録で表示中")</span></form>
            """
        }
        return """
        <!DOCTYPE html>
        <html lang="ja"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
        \(refresh.map { "<meta http-equiv=\"refresh\" content=\"\($0.seconds); url=\(esc($0.url))\">" } ?? "")<title>\(esc(title))｜Kaisei</title><style>\(style)</style></head>
        <body><a class="skip" href="#main">本文へ移動</a>
        <header class="top"><a class="home" href="/">改正 Kaisei</a>\(nav)\(who)</header>
        \(degradedBanner?().map { "<div class=\"degraded\" role=\"status\">\(esc($0))</div>" } ?? "")
        \(knownAtForm)
        <main id="main">
        \(body)
        </main>
        <footer>岡崎市・豊橋市 税務システム Kaisei。表示した個人の情報は、閲覧の記録（監査証跡）に残ります。</footer>
        </body></html>
        """
    }

    static func response(_ html: String, status: HTTPResponse.Status = .ok, headers extra: HTTPFields = [:]) -> Response {
        var headers = extra
        headers[.contentType] = "text/html; charset=utf-8"
        headers[.cacheControl] = "no-store"
        // Defence in depth: the pages run no script and load nothing from elsewhere.
        headers[.contentSecurityPolicy] = "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; form-action 'self'; frame-src 'self'; frame-ancestors 'self'"
        headers[HTTPField.Name("X-Content-Type-Options")!] = "nosniff"
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(string: html)))
    }

    static func redirect(_ location: String, headers extra: HTTPFields = [:]) -> Response {
        var headers = extra
        headers[.location] = location
        headers[.cacheControl] = "no-store"
        return Response(status: .seeOther, headers: headers)
    }
}
