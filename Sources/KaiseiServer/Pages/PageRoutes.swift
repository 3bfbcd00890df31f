import Foundation
import Hummingbird
import HTTPTypes
import HTTPTypes
import KaiseiCore
import KaiseiEvents
import Counter
import Simulation

/// The pages. Like the API routes they parse, call one `CounterService` workflow (which passes
/// the gate and writes the access record) off the event loop, and render; a page without a
/// session sends the browser to the login page and back.
struct PageRoutes {
    let counter: CounterService
    let pdf: PDFRenderer
    let drafts: DraftCatalogue
    let comparisons = ComparisonJobs<Comparison>()

    func register(on router: Router<AppContext>) {
        router.get("/") { _, context in
            guard let s = context.session else { return HTML.redirect("/login") }
            return HTML.redirect(HTML.home(s.caller.role))
        }
        router.get("/login") { request, context in loginPage(request, context) }
        router.post("/login") { request, context in try await login(request, context) }
        router.post("/logout") { request, context in logout(request, context) }
        router.get("/residents") { request, context in try await page(request, context) { s in try await searchPage(request, s) } }
        router.get("/residents/{id}") { request, context in try await page(request, context) { s in try await residentPage(request, context, s) } }
        router.get("/residents/{id}/assessment") { request, context in
            try await page(request, context) { s in try await assessmentPage(request, context, s) }
        }
        router.get("/corporations/{id}") { request, context in try await page(request, context) { s in try await corporationPage(request, context, s) } }
        router.get("/households/{id}/nhi") { request, context in try await page(request, context) { s in try await householdPage(request, context, s) } }
        router.get("/certificates/new") { request, context in try await page(request, context) { s in try certificateForm(request, s) } }
        router.post("/certificates") { request, context in try await page(request, context) { s in try await issueCertificate(request, context, s) } }
        router.get("/certificates/verify") { request, context in try await page(request, context) { s in try verifyForm(request, s, result: nil) } }
        router.post("/certificates/verify") { request, context in try await page(request, context) { s in try await verify(request, context, s) } }
        router.get("/compare") { request, context in try await page(request, context) { s in try await comparePage(request, s) } }
        router.get("/compare/report") { request, context in try await page(request, context) { s in try await compareReport(request, s) } }
        router.get("/compare/summary.csv") { request, context in try await page(request, context) { s in try await compareCSV(request, s) } }
        router.get("/audit") { request, context in try await page(request, context) { s in try await auditPage(request, s) } }
        router.get("/staff") { request, context in try await page(request, context) { s in try await staffPage(request, s) } }
    }

    /// Runs a page for a logged-in caller; without a session, to the login page (and back after).
    func page(_ request: Request, _ context: AppContext, _ body: (SessionStore.Session) async throws -> Response) async throws -> Response {
        guard let s = context.session else {
            let back = request.uri.path + (request.uri.query.map { "?" + $0 } ?? "")
            return HTML.redirect("/login" + HTML.query([("next", back), ("ended", context.sessionExpired ? "1" : nil)]))
        }
        do {
            return try await body(s)
        } catch let e as CounterError {
            return ErrorPage.response(for: Problem.from(e), session: s)
        } catch let p as Problem {
            return ErrorPage.response(for: p, session: s)
        }
    }

    static func knownAt(_ request: Request) throws(CounterError) -> (time: RecordedTime?, text: String?) {
        let text = API.string(request.uri.queryParameters["known_at"])
        return (try API.knownAt(request.uri.queryParameters["known_at"]), text)
    }
}

/// An error as a page that says what to do; never a stack trace.
enum ErrorPage {
    static func response(for p: Problem, session: SessionStore.Session?) -> Response {
        let advice: String
        switch p.status.code {
        case 404: advice = "番号を確かめて、宛名検索から探してください。"
        case 400: advice = "入力の形式を確かめて、もう一度お試しください。"
        case 403: advice = "この操作はあなたの役割では行えません。必要なら管理者に相談してください。"
        case 422: advice = "記録または法令の定めにより、この依頼には応じられません。内容を確かめてください。"
        case 429: advice = "しばらく待ってから、もう一度ログインしてください。"
        case 503: advice = "少し待ってから、もう一度お試しください。続く場合はシステム担当に連絡してください。"
        default: advice = "もう一度お試しください。続く場合はシステム担当に連絡してください。"
        }
        let title = [404: "見つかりません", 400: "入力に誤りがあります", 403: "権限がありません", 422: "この依頼には応じられません",
                     429: "ログインの試行が多すぎます", 503: "一時的に利用できません"][p.status.code] ?? "エラーが発生しました"
        let body = """
        <h1>\(HTML.esc(title))</h1>
        <div class="notice"><p>\(HTML.esc(p.detail))</p><p>\(HTML.esc(advice))</p></div>
        <p><a href="/">最初の画面へ戻る</a></p>
        """
        return HTML.response(HTML.page(title: title, session: session, path: "/", showKnownAt: false, body: body), status: p.status, headers: p.headers)
    }
}
