import Foundation
import Hummingbird
import HTTPTypes
import KaiseiCore
import Replay
import Simulation
import Counter

/// The drafts under `revisions/drafts/`, by file name (an analyst picks one by name, never a path).
struct DraftCatalogue: Sendable {
    let paths: [String: String]
    init(revisions directory: String) {
        let dir = URL(fileURLWithPath: directory).appendingPathComponent("drafts")
        let files = (try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? []
        var paths: [String: String] = [:]
        for f in files where f.hasSuffix(".yaml") { paths[String(f.dropLast(5))] = dir.appendingPathComponent(f).path }
        self.paths = paths
    }
}

extension PageRoutes {
    struct CompareRequest {
        var fiscalYear: Int?
        var beforeAt: String?, afterAt: String?, draft: String?
        /// The 記録時点 (the frame's date picker): the records as known at the end of that day.
        var knownAt: String?
        var query: [(String, String?)] {
            [("fiscal_year", fiscalYear.map(String.init)), ("before_at", beforeAt), ("after_at", afterAt), ("draft", draft), ("known_at", knownAt)]
        }
    }

    func compareRequest(_ request: Request) throws -> CompareRequest {
        let q = request.uri.queryParameters
        return CompareRequest(fiscalYear: try API.int(q["fiscal_year"], field: "fiscal_year"), beforeAt: API.string(q["before_at"]),
                              afterAt: API.string(q["after_at"]), draft: API.string(q["draft"]), knownAt: API.string(q["known_at"]))
    }

    /// The comparison's key (the caller's city and the form) and how to make it, or nil without
    /// a fiscal year (the empty form).
    func comparisonJob(_ r: CompareRequest, _ s: SessionStore.Session) throws -> (key: String, lasting: Bool, make: @Sendable () throws -> Comparison)? {
        // The gate before the cache: a kept comparison is still only for analysts (and admins).
        _ = try Gate.authorize(s.caller, .aggregate)
        guard let fy = r.fiscalYear else { return nil }
        let beforeAt = try API.time(r.beforeAt.map { Substring($0) }, field: "before_at", endOfDay: true)
        let afterAt = try API.time(r.afterAt.map { Substring($0) }, field: "after_at", endOfDay: true)
        let knownAt = try API.knownAt(r.knownAt.map { Substring($0) })
        if let d = r.draft, drafts.paths[d] == nil { throw CounterError.badRequest(field: "draft", reason: "no draft \(d) in revisions/drafts/") }
        let caller = s.caller, counter = self.counter, drafts = self.drafts.paths
        // Not the store's position: clerks record events all day (certificates issued), and a
        // key with it never met a finished comparison. The result names the position it was
        // computed at and is computed again after ten minutes or when asked (「最新の記録で再計算」).
        // Keyed by the moments the dates mean, however they were written; a comparison as known at
        // a past moment cannot change (nothing is recorded in the past), so it is kept, not aged.
        func micros(_ t: RecordedTime?) -> String { t.map { String($0.microseconds) } ?? "" }
        let key = "\(caller.city.rawValue)|\(fy)|\(micros(beforeAt))|\(micros(afterAt))|\(r.draft ?? "")|\(micros(knownAt))"
        let past = knownAt.map { t in counter.state.view.map { t < counter.now($0) } ?? false } ?? false
        return (key, past, { try counter.compare(caller, fiscalYear: fy, beforeAt: beforeAt, afterAt: afterAt, draft: r.draft, drafts: drafts, knownAt: knownAt) })
    }

    /// The finished comparison, waiting for it (the report and the CSV).
    func comparison(_ r: CompareRequest, _ s: SessionStore.Session) async throws -> Comparison? {
        guard let job = try comparisonJob(r, s) else { return nil }
        return try await comparisons.value(job.key, lasting: job.lasting, job.make)
    }

    func comparePage(_ request: Request, _ s: SessionStore.Session) async throws -> Response {
        _ = try Gate.authorize(s.caller, .aggregate)
        let r = try compareRequest(request)
        // The page never waits for the computation: it says how far along it is and refreshes.
        var cmp: Comparison?
        var pending: String?
        if let job = try comparisonJob(r, s) {
            switch try comparisons.state(job.key, fresh: API.string(request.uri.queryParameters["recompute"]) == "1", lasting: job.lasting, job.make) {
            case .done(let value): cmp = value
            case .failed(let error): throw error
            case .waiting(let ahead): pending = ahead > 0 ? "ほかの比較 \(ahead) 件の後に計算します。" : "計算を始めます。"
            case .running(let since): pending = "計算中です（開始から \(Int(Date().timeIntervalSince(since))) 秒）。"
            }
        }
        let draftOptions = (["": "（なし：採択済みの規定のみ）"].map { $0 } + drafts.paths.keys.sorted().map { ($0, $0) }).map { k, v in
            "<option value=\"\(HTML.esc(k))\"\(k == (r.draft ?? "") ? " selected" : "")>\(HTML.esc(v))</option>"
        }.joined()
        let fy = r.fiscalYear ?? (counter.state.view.map { counter.now($0) } ?? RecordedTime(microseconds: 0)).japanDate.fiscalYear
        var results = ""
        if let cmp {
            let q = HTML.query(r.query)
            var rows = ""
            for t in cmp.summaries {
                rows += "<tr><td>\(HTML.esc(t.tax.japaneseName))</td><td class=\"n\">\(HTML.yen(t.revenueBefore))</td><td class=\"n\">\(HTML.yen(t.revenueAfter))</td>"
                    + "<td class=\"n\">\(HTML.yen(t.difference))</td><td class=\"n\">\(t.payersBefore) → \(t.payersAfter)</td><td class=\"n\">\(t.payMore)</td><td class=\"n\">\(t.payLess)</td><td class=\"n\">\(t.same)</td></tr>"
            }
            var refused = ""
            for x in cmp.refused {
                refused += "<div class=\"notice\">\(HTML.esc(x.tax.japaneseName)): \(x.side == "before" ? "比較前" : "比較後")の規定に必要な値がないため比較していません（\(HTML.esc(x.missing.description))）。</div>"
            }
            results = """
            <h2>結果　\(cmp.fiscalYear)年度　\(HTML.esc(s.caller.city.japaneseName))</h2>
            <p>比較前: <span class="id">\(HTML.esc(cmp.before.label))</span>　比較後: <span class="id">\(HTML.esc(cmp.after.label))</span>　（\(r.knownAt.map { "\(HTML.esc($0)) 時点、" } ?? "")事象番号 \(cmp.watermark) までの記録）</p>
            \(refused)
            <div class="scroll"><table><thead><tr><th scope="col">税目</th><th scope="col" class="n">比較前の税収</th><th scope="col" class="n">比較後の税収</th><th scope="col" class="n">差額</th>
            <th scope="col" class="n">納税者数</th><th scope="col" class="n">増額</th><th scope="col" class="n">減額</th><th scope="col" class="n">変わらず</th></tr></thead><tbody>\(rows)</tbody></table></div>
            <p><a href="/compare\(HTML.query(r.query + [("recompute", "1")]))">最新の記録で再計算</a>　<a href="/compare/summary.csv\(q)">集計表を CSV でダウンロード</a>　<a href="/compare/report\(q)" download="report.html">会議資料（HTML、A4）をダウンロード</a></p>
            <h3>会議資料</h3>
            <iframe title="会議資料" src="/compare/report\(q)"></iframe>
            """
        }
        if let pending {
            let here = "/compare" + HTML.query(r.query)
            results = """
            <h2>結果　\(fy)年度　\(HTML.esc(s.caller.city.japaneseName))</h2>
            <p class="ok" role="status">\(HTML.esc(pending))全住民の計算には数秒から数十秒（過去の記録時点では40秒ほど）かかります。このページは終わるまで自動で更新されます。</p>
            <p><a href="\(HTML.esc(here))">今すぐ更新する</a></p>
            """
        }
        let body = """
        <h1>改正の比較</h1>
        <p>採択済みの規定（ある日付に採択されていたもの）と、改正案（revisions/drafts/）を加えた規定で、\(HTML.esc(s.caller.city.japaneseName))の全住民の税額を比べます。個人ごとの値は表示しません。記録時点を選ぶと、その日の終わりまでに記録された内容で比べます（日付のない規定はその時点で採択済みのもの。過去の記録時点は記録を読み直すため、40秒ほどかかります）。</p>
        <form class="stack" id="compare-form" method="get" action="/compare">
        <label for="fiscal_year">年度</label><input id="fiscal_year" name="fiscal_year" type="number" min="2013" max="2027" value="\(fy)" required>
        <label for="before_at">比較前：この日に採択済みの規定（空欄は現在）</label><input id="before_at" name="before_at" type="date" value="\(HTML.esc(r.beforeAt ?? ""))">
        <label for="after_at">比較後：この日に採択済みの規定（空欄は現在）</label><input id="after_at" name="after_at" type="date" value="\(HTML.esc(r.afterAt ?? ""))">
        <label for="draft">比較後に加える改正案</label><select id="draft" name="draft">\(draftOptions)</select>
        <input type="hidden" name="known_at" value="\(HTML.esc(r.knownAt ?? ""))">
        <div class="actions"><button type="submit">比較する</button></div>
        </form>
        \(results)
        """
        return HTML.response(HTML.page(title: "改正の比較", session: s, path: "/compare", query: r.query, knownAt: r.knownAt,
                                       refresh: pending == nil ? nil : (2, "/compare" + HTML.query(r.query)), body: body))
    }

    func compareReport(_ request: Request, _ s: SessionStore.Session) async throws -> Response {
        let r = try compareRequest(request)
        guard let cmp = try await comparison(r, s) else { throw CounterError.badRequest(field: "fiscal_year", reason: "required") }
        var command = "kaisei compare --fiscal-year \(cmp.fiscalYear) --city \(s.caller.city.rawValue)"
        command += " --before \(cmp.before.label) --after \(cmp.after.label)"
        if r.knownAt != nil { command += " --known-at \(cmp.knownAt)" }
        var response = HTML.response(cmp.html(command: command))
        // The report is a whole document of its own, shown in the page's frame.
        response.headers[.contentSecurityPolicy] = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'self'"
        return response
    }

    /// The aggregate table as CSV: per tax and income decile, never per subject.
    func compareCSV(_ request: Request, _ s: SessionStore.Session) async throws -> Response {
        let r = try compareRequest(request)
        guard let cmp = try await comparison(r, s) else { throw CounterError.badRequest(field: "fiscal_year", reason: "required") }
        var out = "city,tax,group,subjects,before,after,difference,pay_more,pay_less\n"
        for t in cmp.summaries {
            out += "\(t.city.rawValue),\(t.tax.rawValue),all,\(max(t.payersBefore, t.payersAfter)),\(t.revenueBefore.amount),\(t.revenueAfter.amount),\(t.difference.amount),\(t.payMore),\(t.payLess)\n"
            for g in t.deciles {
                out += "\(t.city.rawValue),\(t.tax.rawValue),\(AccessRecordFormat.csvField(g.label)),\(g.subjects),\(g.before.amount),\(g.after.amount),\(g.difference.amount),\(g.payMore),\(g.payLess)\n"
            }
        }
        return Response(status: .ok, headers: [.contentType: "text/csv; charset=utf-8", .cacheControl: "no-store",
                                               .contentDisposition: "attachment; filename=\"comparison-\(cmp.fiscalYear).csv\""],
                        body: .init(byteBuffer: ByteBuffer(string: out)))
    }
}
