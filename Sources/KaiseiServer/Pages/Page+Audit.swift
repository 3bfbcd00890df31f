import Foundation
import Hummingbird
import HTTPTypes
import KaiseiCore
import EventStore
import Counter

extension PageRoutes {
    static let auditPageSize = 200

    func auditPage(_ request: Request, _ s: SessionStore.Session) async throws -> Response {
        let q = request.uri.queryParameters
        // The newest page first (the trail grows by thousands of records a day); the link at
        // the end reads the page before it, and the CSV has every matching record.
        var filter = AccessFilter(limit: Self.auditPageSize, latest: true)
        filter.beforeSeq = try API.int(q["before"], field: "before").map(Int64.init)
        filter.subject = API.string(q["subject"])
        filter.staff = API.string(q["staff"])
        filter.from = try API.time(q["from"], field: "from", endOfDay: false)
        filter.to = try API.time(q["to"], field: "to", endOfDay: true)
        // As known at a day: the trail as it stood at that day's end (the 記録時点 of every page).
        let (knownAt, knownText) = try Self.knownAt(request)
        if let k = knownAt { filter.to = min(filter.to ?? k, k) }
        let caller = s.caller, counter = self.counter, f = filter
        let records = try await Offload.run { try counter.auditTrail(caller, f, route: "GET /audit") }
        let rows = records.reversed().map { r in
            "<tr><td class=\"n\">\(r.seq)</td><td>\(HTML.esc(r.record.at.description))</td><td class=\"id\">\(HTML.esc(r.record.staff))</td><td>\(HTML.esc(r.record.role))</td>"
                + "<td>\(HTML.esc(r.record.purpose))</td><td>\(HTML.esc(r.record.route))</td><td class=\"id\">\(HTML.esc(r.record.subjects.prefix(12).joined(separator: " ")))\(r.record.subjects.count > 12 ? " 他\(r.record.subjects.count - 12)件" : "")</td>"
                + "<td>\(HTML.esc(r.record.detail))</td></tr>"
        }.joined(separator: "\n")
        // More records before the oldest shown: a link to the page before it, same filters.
        let filters: [(String, String?)] = [("subject", filter.subject), ("staff", filter.staff), ("from", API.string(q["from"])), ("to", API.string(q["to"])),
                                            ("known_at", knownText)]
        let earlier = records.count == Self.auditPageSize ? records.first.map { first in
            "<p><a href=\"/audit\(HTML.query(filters + [("before", String(first.seq))]))\">さらに前の記録</a></p>"
        } ?? "" : ""
        // The CSV (the API, which has no known_at) gets the same bound as its `to`.
        let csvTo = knownAt != nil ? filter.to?.description : API.string(q["to"])
        let csvQuery = HTML.query(filters.filter { $0.0 != "to" && $0.0 != "known_at" } + [("to", csvTo), ("format", "csv")])
        let body = """
        <h1>監査証跡　\(HTML.esc(s.caller.city.japaneseName))</h1>
        <p>個人の情報を表示した記録（誰が、いつ、誰の情報を、何のために）です。記録は改ざんを検出できる形で保存されています。</p>
        <form class="stack" method="get" action="/audit">
        <label for="subject">対象者の番号</label><input id="subject" name="subject" value="\(HTML.esc(filter.subject ?? ""))">
        <label for="staff">職員（例: okz-s-tanaka）</label><input id="staff" name="staff" value="\(HTML.esc(filter.staff ?? ""))">
        <label for="from">期間の始め</label><input id="from" name="from" type="date" value="\(HTML.esc(API.string(q["from"]) ?? ""))">
        <label for="to">期間の終わり</label><input id="to" name="to" type="date" value="\(HTML.esc(API.string(q["to"]) ?? ""))">
        <input type="hidden" name="known_at" value="\(HTML.esc(knownText ?? ""))">
        <div class="actions"><button type="submit">絞り込む</button></div>
        </form>
        <p>\(records.count) 件（新しい順、1 画面 \(Self.auditPageSize) 件まで）　<a href="/api/audit\(csvQuery)">CSV でダウンロード</a></p>
        <div class="scroll"><table><thead><tr><th scope="col" class="n">番号</th><th scope="col">日時</th><th scope="col">職員</th><th scope="col">役割</th><th scope="col">目的</th>
        <th scope="col">経路</th><th scope="col">対象者</th><th scope="col">内容</th></tr></thead><tbody>\(rows)</tbody></table></div>
        \(earlier)
        """
        return HTML.response(HTML.page(title: "監査証跡", session: s, path: "/audit", query: filters.filter { $0.0 != "known_at" },
                                       knownAt: knownText, body: body))
    }

    func staffPage(_ request: Request, _ s: SessionStore.Session) async throws -> Response {
        let caller = s.caller, counter = self.counter
        let list = try await Offload.run { try counter.staffList(caller) }
        let rows = list.map { a in
            "<tr><td class=\"id\">\(HTML.esc(a.user))</td><td>\(HTML.roleName(a.role))</td><td>\(a.enabled ? "有効" : "無効")</td><td>\(a.addedOn)</td></tr>"
        }.joined()
        let body = """
        <h1>職員アカウント　\(HTML.esc(s.caller.city.japaneseName))</h1>
        <div class="scroll"><table><thead><tr><th scope="col">ユーザー名</th><th scope="col">役割</th><th scope="col">状態</th><th scope="col">登録日</th></tr></thead><tbody>\(rows)</tbody></table></div>
        <p class="muted">追加・無効化・パスワードの再設定は API（POST /api/staff 他）または kaisei staff コマンドで行います。</p>
        """
        return HTML.response(HTML.page(title: "職員アカウント", session: s, path: "/staff", showKnownAt: false, body: body))
    }
}
