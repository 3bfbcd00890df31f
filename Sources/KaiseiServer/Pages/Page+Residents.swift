import Foundation
import Hummingbird
import HTTPTypes
import KaiseiCore
import Replay
import Assessment
import Law
import Counter

extension PageRoutes {
    func searchPage(_ request: Request, _ s: SessionStore.Session) async throws -> Response {
        let q = request.uri.queryParameters
        let text = API.string(q["q"]) ?? "", birth = API.string(q["birth_date"]), address = API.string(q["address"])
        let (knownAt, knownText) = try Self.knownAt(request)
        var results = ""
        if !text.isEmpty || birth != nil || address != nil {
            var query = SearchQuery(text: text)
            query.birthDate = try API.date(q["birth_date"], field: "birth_date")
            query.address = address
            let caller = s.caller, counter = self.counter, asked = query
            // 宛名 includes corporations: a name or 法人番号 finds them too (not a birth date or address alone).
            let (answer, corporations) = try await Offload.run { try counter.searchRegister(caller, asked, knownAt: knownAt, route: "GET /residents") }
            if answer.hits.isEmpty && corporations?.hits.isEmpty ?? true {
                results = "<p role=\"status\">該当する住民・法人は見つかりませんでした。かなの一部、生年月日、住所、法人番号でも探せます。</p>"
            } else if answer.hits.isEmpty {
                results = "<p role=\"status\">該当する住民は見つかりませんでした。</p>"
            } else {
                let rows = answer.hits.map { h in
                    let link = "/residents/\(HTML.percentEncode(h.id))" + HTML.query([("known_at", knownText)])
                    return "<tr><td><a href=\"\(link)\">\(HTML.esc(h.name ?? h.id))</a>\(h.formerName ? "（旧氏名で一致）" : "")</td><td>\(HTML.esc(h.kana ?? ""))</td>"
                        + "<td>\(HTML.esc(h.birthDate.map(\.description) ?? ""))</td><td>\(HTML.esc(h.address ?? ""))</td>"
                        + "<td>\(h.registered ? "住民" : "転出・死亡")</td><td class=\"id\">\(HTML.esc(h.id))</td></tr>"
                }.joined(separator: "\n")
                results = """
                <p role="status">\(answer.hits.count) 件\(answer.truncated ? "（ほかにもあります。条件を加えて絞り込んでください）" : "")</p>
                <div class="scroll"><table><caption class="muted">検索結果</caption>
                <thead><tr><th scope="col">氏名</th><th scope="col">フリガナ</th><th scope="col">生年月日</th><th scope="col">住所</th><th scope="col">状態</th><th scope="col">宛名番号</th></tr></thead>
                <tbody>\(rows)</tbody></table></div>
                """
            }
            if let corporations, !corporations.hits.isEmpty {
                let rows = corporations.hits.map { h in
                    let link = "/corporations/\(HTML.percentEncode(h.id))" + HTML.query([("known_at", knownText)])
                    return "<tr><td><a href=\"\(link)\">\(HTML.esc(h.name ?? h.id))</a>\(h.formerName ? "（旧名称で一致）" : "")</td><td>\(HTML.esc(h.kana ?? ""))</td>"
                        + "<td class=\"id\">\(HTML.esc(h.corporateNumber ?? ""))</td><td>\(HTML.esc(h.address ?? ""))</td><td class=\"id\">\(HTML.esc(h.id))</td></tr>"
                }.joined(separator: "\n")
                results += """
                <h2>法人</h2>
                <p role="status">\(corporations.hits.count) 件\(corporations.truncated ? "（ほかにもあります。条件を加えて絞り込んでください）" : "")</p>
                <div class="scroll"><table><caption class="muted">法人の検索結果</caption>
                <thead><tr><th scope="col">名称</th><th scope="col">フリガナ</th><th scope="col">法人番号</th><th scope="col">所在地</th><th scope="col">宛名番号</th></tr></thead>
                <tbody>\(rows)</tbody></table></div>
                """
            }
        }
        let body = """
        <h1>宛名検索</h1>
        <form class="stack" method="get" action="/residents" role="search">
        <label for="q">氏名・名称・フリガナ・番号・法人番号</label><input id="q" name="q" value="\(HTML.esc(text))" placeholder="例: すずき、鈴木、okz-r-0000006">
        <label for="birth_date">生年月日</label><input id="birth_date" name="birth_date" type="date" value="\(HTML.esc(birth ?? ""))">
        <label for="address">住所</label><input id="address" name="address" value="\(HTML.esc(address ?? ""))" placeholder="例: 康生町1-2">
        <input type="hidden" name="known_at" value="\(HTML.esc(knownText ?? ""))">
        <div class="actions"><button type="submit">検索</button></div>
        </form>
        \(results)
        """
        return HTML.response(HTML.page(title: "宛名検索", session: s, path: "/residents", query: [("q", text), ("birth_date", birth), ("address", address)],
                                       knownAt: knownText, body: body))
    }

    func residentPage(_ request: Request, _ context: AppContext, _ s: SessionStore.Session) async throws -> Response {
        let id = try context.parameters.require("id")
        let (knownAt, knownText) = try Self.knownAt(request)
        let caller = s.caller, counter = self.counter
        let r = try await Offload.run { try counter.resident(caller, id, knownAt: knownAt, route: "GET /residents/{id}") }
        let k = HTML.query([("known_at", knownText)])
        var levies = ""
        for tax in LevyTax.allCases {
            levies += Self.levyTable(tax, r.levies.filter { $0.tax == tax }, taxpayerColumn: true) { y in
                "<a href=\"/residents/\(HTML.percentEncode(id))/assessment\(HTML.query([("fiscal_year", String(y.fiscalYear)), ("known_at", knownText)]))\">計算の説明</a>"
            }
        }
        let pension = r.pension.map { p in
            "<tr><td>\(p.fiscalYear)年度</td><td>\(p.enrolled ? "第1号被保険者" : "加入なし")</td><td>\(HTML.esc(p.exemption.map(PageRoutes.exemptionName) ?? "なし"))</td></tr>"
        }.joined()
        // The certificate form starts at the latest year the person's resident tax was levied.
        let certificateYear = r.levies.filter { $0.tax == .residentTax }.map(\.fiscalYear).max().map(String.init)
        let household = r.household.map { h in
            "<p>世帯番号 <span class=\"id\">\(HTML.esc(h))</span>（世帯主 <span class=\"id\">\(HTML.esc(r.householdHead ?? "-"))</span>）　"
                + "<a href=\"/households/\(HTML.percentEncode(h))/nhi\(k)\">国民健康保険の世帯賦課状況</a></p>"
        } ?? "<p class=\"muted\">世帯の記録はありません。</p>"
        let body = """
        <h1>\(HTML.esc(r.name?.name ?? id))　<span class="muted">\(HTML.esc(r.name?.kana ?? ""))</span></h1>
        <p><a class="button" href="/certificates/new\(HTML.query([("subject", id), ("known_at", knownText), ("fiscal_year", certificateYear)]))">証明書を発行</a></p>
        <h2>宛名</h2>
        <div class="scroll"><table><tbody>
        <tr><th scope="row">宛名番号</th><td class="id">\(HTML.esc(r.id))</td></tr>
        <tr><th scope="row">生年月日</th><td>\(r.birthDate.map(\.description) ?? "")</td></tr>
        <tr><th scope="row">性別</th><td>\(r.female ? "女" : "男")</td></tr>
        <tr><th scope="row">住所</th><td>\(HTML.esc(r.city.japaneseName + (r.address?.line ?? "")))\(r.address?.postalCode.map { "（〒\(HTML.esc($0))）" } ?? "")</td></tr>
        <tr><th scope="row">状態</th><td>\(r.registered ? "住民登録あり" : "転出または死亡（記録を表示しています）")</td></tr>
        </tbody></table></div>
        <h3>氏名の履歴</h3>
        <div class="scroll"><table><thead><tr><th scope="col">氏名（フリガナ）</th><th scope="col">有効日</th><th scope="col">記録日時</th></tr></thead>
        <tbody>\(Self.changeRows(r.names) { "\($0.name)（\($0.kana)）" })</tbody></table></div>
        <h3>住所の履歴</h3>
        <div class="scroll"><table><thead><tr><th scope="col">住所</th><th scope="col">有効日</th><th scope="col">記録日時</th></tr></thead>
        <tbody>\(Self.changeRows(r.addresses) { $0.line })</tbody></table></div>
        <h2>世帯</h2>
        \(household)
        <h2>賦課の状況（当年度と過去4年度、更正を含む）</h2>
        <p class="muted">税額の行は、当初の賦課とその後の更正を記録の順に示します。記録日時は、その額が記録された時点です。</p>
        \(levies)
        <h3>国民年金</h3>
        <div class="scroll"><table><thead><tr><th scope="col">年度</th><th scope="col">資格（4月1日）</th><th scope="col">免除・猶予</th></tr></thead><tbody>\(pension)</tbody></table></div>
        <p class="muted">\(HTML.esc(r.knownAt.description)) 時点の記録（事象番号 \(r.watermark) まで）</p>
        """
        return HTML.response(HTML.page(title: r.name?.name ?? id, session: s, path: "/residents/\(id)", knownAt: knownText, body: body))
    }

    /// A history's rows: the value, the day it holds from, and when it was recorded.
    static func changeRows<V>(_ list: [ResidentRecord.Change<V>], _ show: (V) -> String) -> String {
        list.map { c in "<tr><td>\(HTML.esc(show(c.value)))</td><td>\(c.valid)</td><td>\(HTML.esc(c.recordedAt.description))</td></tr>" }.joined()
    }

    /// One tax's levies by fiscal year as the counter shows them: each 当初 and 更正 with both
    /// clocks, then what was paid, what is unpaid, of it 滞納, and 延滞金 (or 「割合未定」) with
    /// unpaid 督促手数料 — for a resident's page and a corporation's alike.
    static func levyTable(_ tax: LevyTax, _ years: [ResidentRecord.LevyYear], taxpayerColumn: Bool,
                          explain: ((ResidentRecord.LevyYear) -> String)?) -> String {
        let out = "<h3>\(HTML.esc(tax.japaneseName))</h3>"
        if years.isEmpty { return out + "<p class=\"muted\">この5年度の賦課はありません。</p>" }
        var rows = ""
        for y in years {
            let span = y.history.count
            for (i, e) in y.history.enumerated() {
                rows += "<tr>"
                if i == 0 {
                    rows += "<td rowspan=\"\(span)\">\(y.fiscalYear)年度</td>"
                    if taxpayerColumn { rows += "<td rowspan=\"\(span)\" class=\"id\">\(HTML.esc(y.taxpayer))</td>" }
                }
                rows += "<td>\(e.corrected ? "更正" : "当初")</td><td class=\"n\">\(HTML.yen(e.amount))</td><td>\(e.noticeDate)</td><td>\(HTML.esc(e.recordedAt.description))</td>"
                if i == 0 {
                    let due = y.outstanding > .zero ? "<span class=\"bad\">\(HTML.yen(y.outstanding))</span>" : "0 円"
                    let overdue = y.overdue > .zero ? "<span class=\"bad\">\(HTML.yen(y.overdue))</span>" : "0 円"
                    // 延滞金 unpaid on the day (accrued so far while the tax is unpaid), and 督促手数料.
                    var extra = y.lateInterestUnpaid.map { $0 > .zero ? HTML.yen($0) : "0 円" } ?? "<span class=\"muted\">割合未定</span>"
                    if y.demandFeesUnpaid > .zero { extra += "<br>督促手数料 \(HTML.yen(y.demandFeesUnpaid))" }
                    rows += "<td rowspan=\"\(span)\" class=\"n\">\(HTML.yen(y.paid))</td><td rowspan=\"\(span)\" class=\"n\">\(due)</td>"
                    rows += "<td rowspan=\"\(span)\" class=\"n\">\(overdue)</td><td rowspan=\"\(span)\" class=\"n\">\(extra)</td>"
                    if let explain { rows += "<td rowspan=\"\(span)\">\(explain(y))</td>" }
                }
                rows += "</tr>\n"
            }
        }
        return out + """
        <div class="scroll"><table><thead><tr><th scope="col">年度</th>\(taxpayerColumn ? "<th scope=\"col\">納税義務者</th>" : "")<th scope="col">区分</th><th scope="col" class="n">税額</th>
        <th scope="col">通知日（有効日）</th><th scope="col">記録日時</th><th scope="col" class="n">納付済</th><th scope="col" class="n">未納</th><th scope="col" class="n">うち滞納</th><th scope="col" class="n">延滞金</th>\(explain == nil ? "" : "<th scope=\"col\">説明</th>")</tr></thead>
        <tbody>\(rows)</tbody></table></div>
        """
    }

    /// The NHI parts as a notice names them (国民健康保険法第76条, 地方税法第703条の4).
    static func nhiPartName(_ part: String) -> String {
        ["medical": "医療分（基礎賦課額）", "support": "後期高齢者支援金等分", "care": "介護納付金分", "child": "子ども・子育て支援納付金分"][part] ?? part
    }

    static func exemptionName(_ code: String) -> String {
        ["full": "全額免除", "three_quarters": "4分の3免除", "half": "半額免除", "quarter": "4分の1免除", "student": "学生納付特例"][code] ?? code
    }

    func assessmentPage(_ request: Request, _ context: AppContext, _ s: SessionStore.Session) async throws -> Response {
        let id = try context.parameters.require("id")
        let (knownAt, knownText) = try Self.knownAt(request)
        guard let fy = try API.int(request.uri.queryParameters["fiscal_year"], field: "fiscal_year") else {
            throw CounterError.badRequest(field: "fiscal_year", reason: "required")
        }
        let caller = s.caller, counter = self.counter
        let a = try await Offload.run { try counter.assessment(caller, id, fiscalYear: fy, knownAt: knownAt, route: "GET /residents/{id}/assessment") }
        var sections = ""
        for levy in a.levies {
            let steps = levy.steps.map { st in
                "<tr><td>\(HTML.esc(st.label))</td><td class=\"n\">\(HTML.yen(st.amount))</td><td>\(HTML.esc(st.reference))</td><td class=\"id\">\(HTML.esc(st.revision ?? ""))</td></tr>"
            }.joined()
            sections += """
            <h2>\(HTML.esc(levy.tax.japaneseName))\(levy.object.map { "（\(HTML.esc($0))）" } ?? "")　\(HTML.yen(levy.amount))</h2>
            <div class="scroll"><table><thead><tr><th scope="col">計算の段階</th><th scope="col" class="n">金額</th><th scope="col">根拠条文</th><th scope="col">改正（revision）</th></tr></thead>
            <tbody>\(steps)</tbody></table></div>
            """
        }
        for (tax, missing) in a.refused.sorted(by: { $0.key < $1.key }) {
            sections += "<div class=\"notice\">\(HTML.esc(tax.japaneseName)): この時点で採択された法令データに必要な値がないため計算しません（\(HTML.esc(missing.map(\.description).joined(separator: "、"))))</div>"
        }
        if a.levies.isEmpty && a.refused.isEmpty { sections = "<p>この年度の賦課はありません。</p>" }
        let body = """
        <h1>計算の説明　\(fy)年度　<span class="id">\(HTML.esc(id))</span></h1>
        <p><a href="/residents/\(HTML.percentEncode(id))\(HTML.query([("known_at", knownText)]))">住民の画面へ戻る</a></p>
        \(sections)
        """
        return HTML.response(HTML.page(title: "計算の説明 \(fy)年度", session: s, path: "/residents/\(id)/assessment",
                                       query: [("fiscal_year", String(fy))], knownAt: knownText, body: body))
    }

    func householdPage(_ request: Request, _ context: AppContext, _ s: SessionStore.Session) async throws -> Response {
        let id = try context.parameters.require("id")
        let (knownAt, knownText) = try Self.knownAt(request)
        let fy = try API.int(request.uri.queryParameters["fiscal_year"], field: "fiscal_year")
        let caller = s.caller, counter = self.counter
        let h = try await Offload.run {
            guard let view = counter.state.view else { throw CounterError.unavailable("the service is still reading the store") }
            let year = fy ?? (knownAt ?? counter.now(view)).japanDate.fiscalYear
            return try counter.householdNHI(caller, id, fiscalYear: year, knownAt: knownAt, route: "GET /households/{id}/nhi")
        }
        let monthHeads = (0..<12).map { "<th scope=\"col\">\((3 + $0) % 12 + 1)月</th>" }.joined()
        let members = h.members.map { m in
            "<tr><td><a href=\"/residents/\(HTML.percentEncode(m.id))\(HTML.query([("known_at", knownText)]))\">\(HTML.esc(m.name ?? m.id))</a></td><td>\(m.birthDate)</td>"
                + "<td>\(m.preschool ? "未就学児" : "")</td>" + m.months.map { "<td>\($0 ? "●" : "")</td>" }.joined() + "</tr>"
        }.joined(separator: "\n")
        let parts = (h.result?.parts ?? []).map { p in
            "<tr><td>\(HTML.esc(Self.nhiPartName(p.part)))</td><td class=\"n\">\(HTML.yen(p.incomeLevy))</td><td class=\"n\">\(HTML.yen(p.perCapita))</td><td class=\"n\">\(HTML.yen(p.perHousehold))</td>"
                + "<td class=\"n\">\(HTML.yen(p.cap))\(p.capped ? "<br><strong>適用</strong>" : "")</td><td class=\"n\">\(HTML.yen(p.amount))</td></tr>"
        }.joined()
        let reduction = h.result.map { ["軽減なし", "2割軽減", "5割軽減", "7割軽減"][max(0, min(3, $0.reductionLevel))] } ?? "—"
        let steps = (h.result?.steps ?? []).map { st in
            "<tr><td>\(HTML.esc(st.label))</td><td class=\"n\">\(HTML.yen(st.amount))</td><td>\(HTML.esc(st.reference))</td></tr>"
        }.joined()
        var refused = ""
        if !h.refused.isEmpty { refused = "<div class=\"notice\">この時点で採択された法令データに必要な値がないため計算しません。</div>" }
        let body = """
        <h1>国民健康保険　世帯賦課状況　\(h.fiscalYear)年度</h1>
        <p>世帯番号 <span class="id">\(HTML.esc(h.household))</span>　納付義務者（世帯主） <span class="id">\(HTML.esc(h.payer ?? "—"))</span></p>
        <form method="get" action="/households/\(HTML.percentEncode(id))/nhi"><label for="fiscal_year">年度</label>
        <input id="fiscal_year" name="fiscal_year" type="number" min="2013" max="2027" value="\(h.fiscalYear)"><input type="hidden" name="known_at" value="\(HTML.esc(knownText ?? ""))">
        <button type="submit">表示</button></form>
        <h2>被保険者と加入月</h2>
        <div class="scroll"><table class="months"><thead><tr><th scope="col">氏名</th><th scope="col">生年月日</th><th scope="col">区分</th>\(monthHeads)</tr></thead>
        <tbody>\(members)</tbody></table></div>
        <h2>保険料（税）額　\(reduction)</h2>
        \(refused)
        <div class="scroll"><table><thead><tr><th scope="col">区分</th><th scope="col" class="n">所得割</th><th scope="col" class="n">均等割</th><th scope="col" class="n">平等割</th><th scope="col" class="n">賦課限度額</th><th scope="col" class="n">額</th></tr></thead>
        <tbody>\(parts)<tr><th scope="row" colspan="5">合計</th><td class="n">\(h.result.map { HTML.yen($0.total) } ?? "—")</td></tr></tbody></table></div>
        <h3>計算の段階</h3>
        <div class="scroll"><table><thead><tr><th scope="col">段階</th><th scope="col" class="n">金額</th><th scope="col">根拠</th></tr></thead><tbody>\(steps)</tbody></table></div>
        """
        return HTML.response(HTML.page(title: "国保 世帯賦課状況", session: s, path: "/households/\(id)/nhi", query: [("fiscal_year", String(h.fiscalYear))],
                                       knownAt: knownText, body: body))
    }
}

extension PageRoutes {
    /// A corporation's 宛名 page: 名称 and 所在地 with their history, 法人番号, offices in the city,
    /// returns filed, and its 法人市民税 and 事業所税 with what was paid, what is overdue and the
    /// 延滞金 on the day; the certificate button issues its 納税証明書.
    func corporationPage(_ request: Request, _ context: AppContext, _ s: SessionStore.Session) async throws -> Response {
        let id = try context.parameters.require("id")
        let (knownAt, knownText) = try Self.knownAt(request)
        let caller = s.caller, counter = self.counter
        let r = try await Offload.run { try counter.corporation(caller, id, knownAt: knownAt, route: "GET /corporations/{id}") }
        var levies = ""
        for tax in [LevyTax.corporateTax, .officeTax] {
            levies += Self.levyTable(tax, r.levies.filter { $0.tax == tax }, taxpayerColumn: false, explain: nil)
        }
        let offices = r.offices.map { o in
            // 課税標準の特例 (第701条の41): the use and the floor put to it, when recorded.
            let special = o.floor.specialUse.map { "\(OfficeTaxKeys.useName($0.rawValue))　\(OfficeTax.squareMetres(o.floor.specialCentiM2))" } ?? ""
            return "<tr><td class=\"id\">\(HTML.esc(o.office))</td><td class=\"n\">\(HTML.esc(OfficeTax.squareMetres(o.floor.floorCentiM2)))</td><td>\(HTML.esc(special))</td><td>\(o.opened)</td><td>\(o.closed.map(\.description) ?? "")</td></tr>"
        }.joined()
        let kinds: [CorporateReturnKind: String] = [.interim: "予定・中間申告", .final: "確定申告", .amended: "修正申告"]
        let returns = r.returns.map { x in
            // A deemed 予定申告 (第321条の8第1項後段) has no record: it says so where the time would be.
            x.deemed
                ? "<tr><td>\(x.periodStart)〜\(x.periodEnd)</td><td>予定申告（提出なし・みなし申告）</td><td>\(x.filed)（提出期限）</td><td>記録なし（地方税法第321条の8第1項後段により提出期限に提出があったものとみなす）</td></tr>"
                : "<tr><td>\(x.periodStart)〜\(x.periodEnd)</td><td>\(HTML.esc(kinds[x.kind] ?? x.kind.rawValue))\(x.proprietorDied ? "（事業主の死亡による廃業）" : "")</td><td>\(x.filed)</td><td>\(HTML.esc(x.recordedAt?.description ?? ""))</td></tr>"
        }.joined()
        let certificateYear = r.levies.map(\.fiscalYear).max().map(String.init)
        let body = """
        <h1>\(HTML.esc(r.name?.name ?? id))　<span class="muted">\(HTML.esc(r.name?.kana ?? ""))</span></h1>
        <p><a class="button" href="/certificates/new\(HTML.query([("subject", id), ("known_at", knownText), ("fiscal_year", certificateYear), ("kind", "tax-payment")]))">納税証明書を発行</a></p>
        <h2>\(r.individual ? "宛名（個人事業者）" : "宛名（法人）")</h2>
        <div class="scroll"><table><tbody>
        <tr><th scope="row">宛名番号</th><td class="id">\(HTML.esc(r.id))</td></tr>
        \(r.individual ? "" : "<tr><th scope=\"row\">法人番号</th><td class=\"id\">\(HTML.esc(r.corporateNumber ?? "記録なし"))</td></tr>")
        <tr><th scope="row">所在地</th><td>\(HTML.esc(r.address.map { r.city.japaneseName + $0.line } ?? "記録なし"))</td></tr>
        <tr><th scope="row">\(r.individual ? "事業開始・設置" : "設立・設置")</th><td>\(r.registered.map(\.description) ?? "")</td></tr>
        <tr><th scope="row">区分</th><td>\(r.individual ? "個人事業者（事業所税のみ）" : r.publicInterest ? "公益法人等（資本金等の額なし）" : "普通法人")</td></tr>
        </tbody></table></div>
        <h3>名称の履歴</h3>
        <div class="scroll"><table><thead><tr><th scope="col">名称（フリガナ）</th><th scope="col">有効日</th><th scope="col">記録日時</th></tr></thead>
        <tbody>\(Self.changeRows(r.names) { "\($0.name)（\($0.kana)）" })</tbody></table></div>
        <h3>市内の事務所・事業所</h3>
        <div class="scroll"><table><thead><tr><th scope="col">事業所</th><th scope="col" class="n">床面積</th><th scope="col">課税標準の特例</th><th scope="col">設置日</th><th scope="col">廃止日</th></tr></thead>
        <tbody>\(offices)</tbody></table></div>
        <h3>申告</h3>
        <div class="scroll"><table><thead><tr><th scope="col">事業年度</th><th scope="col">区分</th><th scope="col">提出日</th><th scope="col">記録日時</th></tr></thead>
        <tbody>\(returns)</tbody></table></div>
        <h2>賦課と納付の状況（当年度と過去4年度、更正を含む）</h2>
        \(levies)
        <p class="muted">\(HTML.esc(r.knownAt.description)) 時点の記録（事象番号 \(r.watermark) まで）</p>
        """
        return HTML.response(HTML.page(title: r.name?.name ?? id, session: s, path: "/corporations/\(id)", knownAt: knownText, body: body))
    }
}
