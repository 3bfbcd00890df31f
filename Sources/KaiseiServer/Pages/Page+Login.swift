import Foundation
import Hummingbird
import HTTPTypes
import KaiseiCore
import Counter

extension PageRoutes {
    static let loginCookie = "kaisei_login"

    /// The login form. A random token in a cookie and in the form (double submit) keeps another
    /// site from logging a browser in to an account of its choosing.
    func loginPage(_ request: Request, _ context: AppContext, message: String? = nil, status: HTTPResponse.Status = .ok) -> Response {
        let q = request.uri.queryParameters
        let next = context.form?["next"] ?? API.string(q["next"]) ?? ""
        let token = SessionStore.randomToken()
        var notice = ""
        if let message { notice = "<div class=\"notice\" role=\"alert\">\(HTML.esc(message))</div>" }
        else if API.string(q["ended"]) == "1" { notice = "<div class=\"notice\" role=\"status\">一定時間操作がなかったため、またはログアウトしたため、ログインが切れました。もう一度ログインしてください。</div>" }
        else if API.string(q["bye"]) == "1" { notice = "<div class=\"ok\" role=\"status\">ログアウトしました。</div>" }
        let body = """
        <h1>ログイン</h1>
        \(notice)
        <form class="stack" method="post" action="/login">
        <input type="hidden" name="login_token" value="\(token)"><input type="hidden" name="next" value="\(HTML.esc(next))">
        <label for="user">ユーザー名</label><input id="user" name="user" autocomplete="username" required autofocus>
        <label for="password">パスワード</label><input id="password" name="password" type="password" autocomplete="current-password" required>
        <div class="actions"><button type="submit">ログイン</button></div>
        </form>
        <p class="muted">職員アカウントは各市の管理者が発行します。パスワードを忘れたときは管理者に再設定を依頼してください。</p>
        """
        var headers: HTTPFields = [:]
        headers[.setCookie] = "\(Self.loginCookie)=\(token); Path=/login; HttpOnly; SameSite=Strict\(API.secureCookies ? "; Secure" : "")"
        return HTML.response(HTML.page(title: "ログイン", session: nil, path: "/login", showKnownAt: false, body: body), status: status, headers: headers)
    }

    func login(_ request: Request, _ context: AppContext) async throws -> Response {
        let form = context.form ?? FormFields()
        guard let token = form["login_token"], token == request.cookies[Self.loginCookie]?.value else {
            return loginPage(request, context, message: "ログイン画面を開き直してから、もう一度ログインしてください。", status: .forbidden)
        }
        guard let user = form["user"], let password = form["password"] else {
            return loginPage(request, context, message: "ユーザー名とパスワードを入力してください。", status: .badRequest)
        }
        let client = context.clientKey, counter = self.counter
        let session: SessionStore.Session
        do {
            session = try await Offload.run { try counter.login(user: user, password: password, client: client) }
        } catch CounterError.tooManyAttempts(let wait) {
            return loginPage(request, context, message: "ログインの失敗が続いたため、\(wait / 60 + 1) 分ほどログインできません。", status: .tooManyRequests)
        } catch {
            return loginPage(request, context, message: "ユーザー名またはパスワードが違うか、アカウントが無効です。", status: .unauthorized)
        }
        // Only a path of this site: never an address elsewhere.
        var next = form["next"] ?? HTML.home(session.caller.role)
        if !Self.isLocalPath(next) || next.hasPrefix("/login") { next = HTML.home(session.caller.role) }
        var response = HTML.redirect(next)
        response.setCookie(API.sessionCookie(session.token, secure: API.secureCookies))
        return response
    }

    /// A path of this site and nothing else: "/" then a letter (never "//", "/\", a scheme or a
    /// control character a browser would drop to read it as another host).
    static func isLocalPath(_ s: String) -> Bool {
        let u = Array(s.unicodeScalars)
        guard u.count >= 2, u[0] == "/", u[1].properties.isAlphabetic || u[1] == "?" else { return u == ["/"] }
        return !u.contains { $0 == "\\" || $0.value < 0x20 || $0.value == 0x7F || $0 == "@" }
    }

    func logout(_ request: Request, _ context: AppContext) -> Response {
        if let token = request.cookies[SessionMiddleware.cookieName]?.value { counter.sessions.close(token) }
        var response = HTML.redirect("/login?bye=1")
        response.setCookie(API.sessionCookie("", secure: API.secureCookies, expire: true))
        return response
    }
}
