import KaiseiCore
import EventStore
import Replay

/// One search result: enough to tell two people of the same name apart at the counter.
public struct SearchHit: Sendable, Equatable {
    public let id: String
    public let name: String?
    public let kana: String?
    public let birthDate: CivilDate?
    public let address: String?
    /// Registered in the city on the known-at day (false: moved out or died).
    public let registered: Bool
    /// Found by a name that is no longer the current one (旧姓).
    public let formerName: Bool
}

public struct SearchAnswer: Sendable {
    public let hits: [SearchHit]
    /// More matched than `limit`: the caller should narrow the search.
    public let truncated: Bool
    public let knownAt: RecordedTime
}

extension CounterService {
    /// 宛名 search in the caller's city as known at a moment: kana prefix (濁点, 半角 and
    /// hiragana folded), kanji substring, id, birth date, address. Every result is in the
    /// access record.
    public func search(_ caller: Caller?, _ query: SearchQuery, knownAt requested: RecordedTime?, route: String) throws -> SearchAnswer {
        let caller = try Gate.authorize(caller, .search)
        let answer = try residents(caller, query, knownAt: requested)
        return try disclose(caller, .search, route: route, subjects: answer.hits.map(\.id),
                            detail: "results=\(answer.hits.count)\(answer.truncated ? "+" : "") known_at=\(answer.knownAt)", answer)
    }

    /// The 宛名 search of the pages: residents, and the corporations a name or 法人番号 finds
    /// (none for a birth date or address alone), in one access record.
    public func searchRegister(_ caller: Caller?, _ query: SearchQuery, knownAt requested: RecordedTime?,
                               route: String) throws -> (residents: SearchAnswer, corporations: CorporationAnswer?) {
        let caller = try Gate.authorize(caller, .search)
        let answer = try residents(caller, query, knownAt: requested)
        let corporations = query.text.isEmpty ? nil : try corporations(caller, query.text, knownAt: answer.knownAt, limit: 50)
        let found = answer.hits.map(\.id) + (corporations?.hits.map(\.id) ?? [])
        var detail = "results=\(answer.hits.count)\(answer.truncated ? "+" : "")"
        if let c = corporations { detail += " corporations=\(c.hits.count)\(c.truncated ? "+" : "")" }
        return try disclose(caller, .search, route: route, subjects: found, detail: detail + " known_at=\(answer.knownAt)", (answer, corporations))
    }

    /// The residents a query finds (the caller already authorised; no access record).
    func residents(_ caller: Caller, _ query: SearchQuery, knownAt requested: RecordedTime?) throws -> SearchAnswer {
        if query.text.isEmpty && query.birthDate == nil && (query.address ?? "").isEmpty {
            throw CounterError.badRequest(field: "q", reason: "give a name, kana, id, birth date or address to search for")
        }
        let v = try view()
        let knownAt = knownAt(requested, v)
        let limit = min(max(query.limit, 1), 200)
        let pop = v.pops[caller.city]!
        let seq = try state.readers.with { try ScopedReplay.watermark(knownAt: knownAt, head: try $0.head(), log: $0, after: v.head).seq }
        let today = knownAt.japanDate
        let kana = Array(SearchKey.kana(query.text).utf8)
        let text = Array(SearchKey.text(query.text).utf8)
        // An id (or the start of one) is matched on the id alone.
        let isIdQuery = query.text.hasPrefix(caller.city.idPrefix + "-") || query.text.hasPrefix("okz-") || query.text.hasPrefix("toy-")
        var hits: [(rank: Int, hit: SearchHit)] = []
        // Candidates come best first: confirming one more than the limit tells whether there are more.
        for c in v.search[caller.city]!.candidates(query) where Gate.visible(c.id, to: caller) {
            if hits.count > limit { break }
            guard let r = pop.residents[c.id], r.resident.entries.contains(where: { $0.seq <= seq }) else { continue }
            let known = (pop.names[c.id]?.entries ?? []).filter { $0.seq <= seq }
            let current = pop.names[c.id]?.value(on: today, knownThrough: seq)
            // The rank came from every name and address ever recorded: check that one known by
            // then matches, so a search as known at a past moment cannot find a later name.
            var former = false
            if !query.text.isEmpty && !isIdQuery {
                let matching = known.filter { e in
                    let k = Array(SearchKey.kana(e.value.kana).utf8), t = Array(SearchKey.text(e.value.name).utf8)
                    let given = ResidentIndex.givenName(e.value.kana).map { Array(SearchKey.kana($0).utf8) } ?? []
                    return (!kana.isEmpty && (ResidentIndex.hasPrefix(k, kana) || ResidentIndex.hasPrefix(given, kana)))
                        || (!text.isEmpty && ResidentIndex.contains(t, text))
                }
                let addressKey = Array(SearchKey.address(query.text).utf8)
                let addressMatch = (pop.addresses[c.id]?.entries ?? []).contains { e in
                    e.seq <= seq && ResidentIndex.contains(Array(SearchKey.address(e.value.town + e.value.block + (e.value.building ?? "")).utf8), addressKey)
                }
                if matching.isEmpty && !addressMatch { continue }
                former = !matching.isEmpty && !matching.contains { $0.value == current }
            }
            if let wanted = query.address, !wanted.isEmpty {
                let key = Array(SearchKey.address(wanted).utf8)
                let known = (pop.addresses[c.id]?.entries ?? []).contains { e in
                    e.seq <= seq && ResidentIndex.contains(Array(SearchKey.address(e.value.town + e.value.block + (e.value.building ?? "")).utf8), key)
                }
                if !known { continue }
            }
            let address = pop.addresses[c.id]?.value(on: today, knownThrough: seq)
            hits.append((c.rank, SearchHit(id: c.id, name: current?.name, kana: current?.kana, birthDate: r.birthDate,
                                           address: address?.line, registered: r.resident.value(on: today, knownThrough: seq) ?? false,
                                           formerName: former)))
        }
        let shown = Array(hits.prefix(limit).map(\.hit))
        return SearchAnswer(hits: shown, truncated: hits.count > limit, knownAt: knownAt)
    }
}
