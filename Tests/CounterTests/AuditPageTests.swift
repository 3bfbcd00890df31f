import Foundation
import Testing
import KaiseiCore
import EventStore
import Counter
import TestSupport

/// The auditor's page shows the newest records first, a page at a time. It used to read the
/// oldest 500 and show them newest first, so once a city had more records than that, an
/// auditor never saw today's.
@Suite("The audit page: newest records first, a page at a time")
struct AuditPageTests {
    let f = CounterFixture.shared

    @Test("the latest N matching records come oldest first and end at the newest; the page before ends where this one starts")
    func latestAndEarlier() throws {
        let server = try f.server()
        let (clerk, _) = try server.login(.okazaki, .clerk)
        for id in f.residents(.okazaki).prefix(20) { _ = try clerk.request("GET", "/api/residents/\(id)") }
        let log = try SQLiteAccessLog(path: f.store, readOnly: true)
        // The plain path: every record of the city, in seq order.
        let all = try log.accessRecords(AccessFilter(city: .okazaki, limit: 10_000_000))
        try #require(all.count > 10, "the fixture has records")
        let n = min(7, all.count / 2)
        // Tests beside this one keep adding records: the window is pinned below the last one read.
        let top = all.last!.seq + 1
        let latest = try log.accessRecords(AccessFilter(city: .okazaki, limit: n, beforeSeq: top, latest: true))
        #expect(latest.map(\.seq) == all.suffix(n).map(\.seq))
        let before = try log.accessRecords(AccessFilter(city: .okazaki, limit: n, beforeSeq: latest[0].seq, latest: true))
        #expect(before.map(\.seq) == all.dropLast(n).suffix(n).map(\.seq))
        // Without `latest` the contract stays the oldest first.
        #expect(try log.accessRecords(AccessFilter(city: .okazaki, limit: n)).map(\.seq) == all.prefix(n).map(\.seq))
    }

    @Test("an auditor's page lists the newest record of the city (the page's own read is recorded after it) and links to the earlier ones")
    func pageShowsNewest() throws {
        let server = try f.server()
        let (auditor, _) = try server.login(.okazaki, .auditor)
        // Enough records that the page cannot hold them all.
        let (clerk, _) = try server.login(.okazaki, .clerk)
        let ids = f.residents(.okazaki)
        for i in 0..<210 { _ = try clerk.request("GET", "/api/residents/\(ids[i % ids.count])") }
        let newest = try SQLiteAccessLog(path: f.store, readOnly: true).accessRecords(AccessFilter(city: .okazaki, limit: 1, latest: true))[0]
        let page = try auditor.request("GET", "/audit")
        #expect(page.status == 200)
        #expect(page.text.contains("<td class=\"n\">\(newest.seq)</td>"), "the newest record, seq \(newest.seq), is on the first page")
        #expect(page.text.contains("さらに前の記録"))
    }
}
