import Foundation
import Hummingbird
import HTTPTypes
import KaiseiCore
import Certificates
import Counter

extension PageRoutes {
    static let kindNames: [(CertificateKind, String)] = [
        (.income, "所得・課税証明書"), (.nonTaxation, "非課税証明書"), (.taxPayment, "納税証明書"), (.vehicleInspection, "軽自動車税納税証明書（継続検査用）"),
    ]

    func certificateForm(_ request: Request, _ s: SessionStore.Session) throws -> Response {
        let q = request.uri.queryParameters
        let subject = API.string(q["subject"]) ?? ""
        let (_, knownText) = try Self.knownAt(request)
        let fy = try API.int(q["fiscal_year"], field: "fiscal_year") ?? (counter.state.view.map { counter.now($0) } ?? RecordedTime(microseconds: 0)).japanDate.fiscalYear
        let kind = API.string(q["kind"]) ?? CertificateKind.income.rawValue
        let options = Self.kindNames.map { k, name in
            "<option value=\"\(k.rawValue)\"\(k.rawValue == kind ? " selected" : "")>\(HTML.esc(name))</option>"
        }.joined()
        let body = """
        <h1>証明書の発行</h1>
        <p>発行すると、発行の記録（発行者・日時・内容の指紋）が残ります。同じ条件で再発行すると同じ内容になります。</p>
        <form class="stack" method="post" action="/certificates">
        <input type="hidden" name="csrf_token" value="\(HTML.esc(s.csrfToken))">
        <label for="subject">宛名番号（継続検査用は車両番号）</label><input id="subject" name="subject" value="\(HTML.esc(subject))" required>
        <label for="kind">証明書の種類</label><select id="kind" name="kind">\(options)</select>
        <label for="fiscal_year">年度</label><input id="fiscal_year" name="fiscal_year" type="number" min="2013" max="2027" value="\(fy)" required>
        <label for="cert_known_at">記録時点（空欄は現在）</label><input id="cert_known_at" name="known_at" type="date" value="\(HTML.esc(knownText ?? ""))">
        <div class="actions"><button type="submit" name="format" value="html">発行（印刷用 A4）</button><button type="submit" name="format" value="pdf" class="secondary">発行（PDF をダウンロード）</button></div>
        </form>
        \(pdf.available ? "" : "<p class=\"muted\">このサーバーでは PDF を作成できません。印刷用ページをブラウザから印刷してください。</p>")
        """
        return HTML.response(HTML.page(title: "証明書の発行", session: s, path: "/certificates/new", query: [("subject", subject)], knownAt: knownText,
                                       showKnownAt: false, body: body))
    }

    /// Issues the certificate and answers the certificate's own A4 page (its bytes are what
    /// verification re-derives) or its PDF.
    func issueCertificate(_ request: Request, _ context: AppContext, _ s: SessionStore.Session) async throws -> Response {
        let form = context.form ?? FormFields()
        guard let subject = form["subject"] else { throw CounterError.badRequest(field: "subject", reason: "required") }
        guard let kind = form["kind"].flatMap(CertificateKind.init(rawValue:)) else { throw CounterError.badRequest(field: "kind", reason: "choose a certificate") }
        guard let fy = form["fiscal_year"].flatMap({ Int($0) }) else { throw CounterError.badRequest(field: "fiscal_year", reason: "a year such as 2025") }
        let knownAt = try API.knownAt(form["known_at"].map { Substring($0) })
        let format = form["format"] ?? "html"
        if format == "pdf" && !pdf.available {
            throw Problem(.notImplemented, "PDF not available", "このサーバーでは PDF を作成できません。印刷用ページを使ってください。")
        }
        let caller = s.caller, counter = self.counter
        let issued = try await Offload.run {
            try counter.issueCertificate(caller, kind: kind, subject: subject, fiscalYear: fy, knownAt: knownAt, route: "POST /certificates")
        }
        var headers: HTTPFields = [:]
        headers[HTTPField.Name("X-Certificate-Fingerprint")!] = issued.certificate.fingerprint
        if format == "pdf" {
            let html = issued.certificate.html, renderer = pdf
            let bytes = try await Offload.run { try renderer.render(html) }
            headers[.contentType] = "application/pdf"
            headers[.cacheControl] = "no-store"
            headers[.contentDisposition] = "attachment; filename=\"\(kind.rawValue)-\(subject)-\(fy).pdf\""
            return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: bytes)))
        }
        return HTML.response(issued.certificate.html, headers: headers)
    }

    func verifyForm(_ request: Request, _ s: SessionStore.Session, result: String?, status: HTTPResponse.Status = .ok) throws -> Response {
        let body = """
        <h1>証明書の照合</h1>
        <p>窓口や提出先に出された証明書（印刷用ページの HTML、または JSON）が、記録から作り直したものと一致するかを確かめます。</p>
        \(result ?? "")
        <form class="stack" method="post" action="/certificates/verify" enctype="multipart/form-data">
        <input type="hidden" name="csrf_token" value="\(HTML.esc(s.csrfToken))">
        <label for="file">ファイルを選ぶ</label><input id="file" name="file" type="file" accept=".html,.htm,.json,text/html,application/json">
        <label for="certificate">または内容を貼り付け</label><textarea id="certificate" name="certificate" rows="8" cols="60"></textarea>
        <div class="actions"><button type="submit">照合する</button></div>
        </form>
        """
        return HTML.response(HTML.page(title: "証明書の照合", session: s, path: "/certificates/verify", showKnownAt: false, body: body), status: status)
    }

    func verify(_ request: Request, _ context: AppContext, _ s: SessionStore.Session) async throws -> Response {
        let form = context.form ?? FormFields()
        guard let presented = form["file"].flatMap({ $0.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty ? nil : $0 }) ?? form["certificate"] else {
            return try verifyForm(request, s, result: "<div class=\"notice\" role=\"alert\">ファイルを選ぶか、内容を貼り付けてください。</div>", status: .badRequest)
        }
        // A browser sends a textarea's line breaks as CRLF (HTML's form submission rules), and a
        // file saved on a Windows PC may carry them too; a certificate is written with LF alone.
        let text = presented.replacingOccurrences(of: "\r\n", with: "\n")
        let caller = s.caller, counter = self.counter
        let check: CertificateCheck
        do {
            check = try await Offload.run { try counter.verifyCertificate(caller, text: text, route: "POST /certificates/verify") }
        } catch CounterError.badRequest(_, let reason) {
            return try verifyForm(request, s, result: "<div class=\"notice\" role=\"alert\">Kaisei の証明書として読めません（\(HTML.esc(reason))）。</div>", status: .badRequest)
        }
        let what = "\(HTML.esc(Self.kindNames.first { $0.0 == check.request.kind }?.1 ?? check.request.kind.rawValue))　\(check.request.fiscalYear)年度　<span class=\"id\">\(HTML.esc(check.request.subject))</span>"
        let result: String
        if check.matches {
            result = "<div class=\"ok\" role=\"status\"><p class=\"good\">一致しました。</p><p>\(what)（\(HTML.esc(check.request.knownAt.description)) 時点の記録）は、記録から作り直した内容と同じです。</p></div>"
        } else {
            let items = check.differences.map { "<li>\(HTML.esc($0))</li>" }.joined()
            result = "<div class=\"notice\" role=\"alert\"><p class=\"bad\">一致しません。</p><p>\(what)</p><ul>\(items)</ul></div>"
        }
        return try verifyForm(request, s, result: result)
    }
}
