import Foundation
import KaiseiCore
import Replay
import Assessment

/// The corporations a search found.
public struct CorporationAnswer: Sendable {
    public let hits: [CorporationHit]
    /// More matched than the limit: the caller should narrow the search.
    public let truncated: Bool
    public let knownAt: RecordedTime
}

/// One corporation found at the counter.
public struct CorporationHit: Sendable, Equatable {
    public let id: String
    public let name: String?
    public let kana: String?
    public let corporateNumber: String?
    public let address: String?
    /// Found by a name that is no longer the current one (商号変更).
    public let formerName: Bool
}

extension CounterService {
    /// A corporation's 宛名 record, as known at a moment, for the caller's city only (another
    /// city's corporation does not exist here, exactly as an unknown id).
    public func corporation(_ caller: Caller?, _ id: String, knownAt requested: RecordedTime?, route: String) throws -> CorporationRecord {
        let caller = try Gate.authorize(caller, .resident)
        guard try view().pops[caller.city]!.corporations[id] != nil else { throw CounterError.notFound(kind: "corporation", id: id) }
        let s = try scoped(caller, id, kind: "corporation", knownAt: requested)
        // A deemed 予定申告's final return falls due in this fiscal year or the next (its 提出期限,
        // eight months from the period's start, has passed; the final is due six months later).
        let year = s.knownAt.japanDate.fiscalYear
        let deemed = (year...year + 1).compactMap { fy in
            Assessor(s.pop, fiscalYear: fy).deemedInterim(of: id, levyParameters(caller.city, fiscalYear: fy, knownAt: s.knownAt))
        }
        guard let record = CorporationRecord(id: id, pop: s.pop, recordedAt: s.recordedAt, knownAt: s.knownAt, watermark: s.watermark.seq,
                                             calendar: collectionCalendar(caller.city, knownAt: s.knownAt), deemed: deemed) else {
            throw CounterError.refused("\(id) was not yet registered as known at \(s.knownAt)")
        }
        return try disclose(caller, .resident, route: route, subjects: [id], detail: "known_at=\(s.knownAt)", record)
    }

    /// Corporations of the caller's city whose 名称 (kana or kanji, any part: 「株式会社」 comes
    /// first in most), 法人番号 or id matches, as known at a moment. Every result is in the
    /// access record.
    public func searchCorporations(_ caller: Caller?, _ text: String, knownAt requested: RecordedTime?, limit: Int = 50,
                                   route: String) throws -> CorporationAnswer {
        let caller = try Gate.authorize(caller, .search)
        let answer = try corporations(caller, text, knownAt: requested, limit: limit)
        return try disclose(caller, .search, route: route, subjects: answer.hits.map(\.id),
                            detail: "corporations=\(answer.hits.count)\(answer.truncated ? "+" : "") known_at=\(answer.knownAt)", answer)
    }

    /// The corporations a text finds (the caller already authorised; no access record). A
    /// city has some 19,000 at full scale: a scan of their name keys (`ResidentIndex`), with no
    /// allocation per corporation, takes about a millisecond.
    func corporations(_ caller: Caller, _ text: String, knownAt requested: RecordedTime?, limit: Int) throws -> CorporationAnswer {
        let query = text.trimmingCharacters(in: .whitespaces)
        guard !query.isEmpty else { throw CounterError.badRequest(field: "q", reason: "give a name, kana, 法人番号 or id to search for") }
        let v = try view()
        let knownAt = knownAt(requested, v)
        let pop = v.pops[caller.city]!
        let seq = try state.readers.with { try ScopedReplay.watermark(knownAt: knownAt, head: try $0.head(), log: $0, after: v.head).seq }
        let today = knownAt.japanDate
        let kana = Array(SearchKey.kana(query).utf8), plain = Array(SearchKey.text(query).utf8)
        // ASCII digits only: `isNumber` is true of 一, 八, 百 too, and a name with them must still match.
        let digits = query.allSatisfy { $0.isASCII && $0.isNumber }
        var hits: [CorporationHit] = []
        var truncated = false
        for c in v.search[caller.city]!.corporations where Gate.visible(c.id, to: caller) {
            // Searchable once a 名称 is recorded (by the moment asked); "former" when only a name
            // recorded before the latest one known matches (商号変更).
            var known = false, any = false, latest = false
            for n in c.names where n.seq <= seq {
                let m = !digits && ((!kana.isEmpty && ResidentIndex.contains(n.kana, kana)) || (!plain.isEmpty && ResidentIndex.contains(n.text, plain)))
                known = true; latest = m; any = any || m
            }
            guard known else { continue }
            let byNumber = c.id == query || (digits && query.count >= 4 && (c.number ?? "").hasPrefix(query))
            guard byNumber || any else { continue }
            if hits.count == limit { truncated = true; break }
            let name = pop.names[c.id]?.value(on: today, knownThrough: seq)
            hits.append(CorporationHit(id: c.id, name: name?.name, kana: name?.kana, corporateNumber: c.number,
                                       address: pop.addresses[c.id]?.value(on: today, knownThrough: seq)?.line, formerName: !byNumber && !latest))
        }
        return CorporationAnswer(hits: hits, truncated: truncated, knownAt: knownAt)
    }
}
