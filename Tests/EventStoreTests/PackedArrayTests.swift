import Testing
import Foundation
import NIOCore
import PostgresNIO
import KaiseiCore
import KaiseiEvents
@testable import EventStore
import TestSupport

/// The bulk load writes its column arrays straight into PostgreSQL's binary array format
/// (`PackedArray`). These send each kind to the server and compare it there with the same
/// values encoded by postgres-nio's own array encoder, so a wrong length, header or byte order
/// fails here rather than as a chain that does not verify.
@Suite("PostgreSQL packed array parameters", .enabled(if: PostgresTestServer.available, "no PostgreSQL server: start one with tools/pg-cluster start and set KAISEI_TEST_POSTGRES"))
struct PackedArrayTests {
    func same(_ pg: TemporaryPostgresStore, _ packed: PackedArray, _ generic: some PostgresNonThrowingEncodable, as type: String) throws -> Bool {
        try pg.log.session.scalar("SELECT (\(packed)::\(unescaped: type) = \(generic)::\(unescaped: type))::int") == 1
    }

    @Test("integers, text and bytes in a packed array reach the server as postgres-nio's own arrays of the same values")
    func sameAsGenericArrays() throws {
        let pg = try TemporaryPostgresStore()
        let big: [Int64] = [Int64.min, -1, 0, 1, 20_240_101, Int64.max]
        var int8 = PackedArray(.int8, capacity: 2, bytesPerElement: 8)
        for v in big { int8.append(v) }
        #expect(try same(pg, int8, big, as: "bigint[]"))

        let mid: [Int32] = [Int32.min, -5, 0, 20_240_101, Int32.max]
        var int4 = PackedArray(.int4, capacity: 1, bytesPerElement: 4)
        for v in mid { int4.append(Int64(v)) }
        #expect(try same(pg, int4, mid, as: "integer[]"))

        let small: [Int16] = [Int16.min, 1, 2, Int16.max]
        var int2 = PackedArray(.int2, capacity: 1, bytesPerElement: 2)
        for v in small { int2.append(Int64(v)) }
        #expect(try same(pg, int2, small, as: "smallint[]"))

        let texts = ["", "okz-r-1", "岡崎市康生通西二丁目", String(repeating: "x", count: 70_000), "tyh-h-9"]
        var text = PackedArray(.text, capacity: 2, bytesPerElement: 4)
        for s in texts { text.append(text: s) }
        #expect(try same(pg, text, texts, as: "text[]"))
        #expect(try pg.log.session.scalar("SELECT length((\(text)::text[])[3])") == 10, "characters, not bytes: the UTF-8 went in as text")

        let blobs: [[UInt8]] = [[], [0, 255, 1], Array(0...255), [UInt8](repeating: 7, count: 32)]
        var bytea = PackedArray(.bytea, capacity: 1, bytesPerElement: 32)
        for b in blobs { bytea.append(bytes: b) }
        #expect(try same(pg, bytea, blobs.map { ByteBuffer(bytes: $0) }, as: "bytea[]"))
        // A different value must compare unequal, or the checks above prove nothing.
        var other = PackedArray(.int8, capacity: 1, bytesPerElement: 8)
        for v in big.dropLast() { other.append(v) }
        other.append(Int64.max - 1)
        #expect(try !same(pg, other, big, as: "bigint[]"))
    }

    @Test("an event repeated inside one batch of a PostgreSQL bulk load is a no-op, and a changed repeat is refused, as in the ordinary append")
    func repeatInsideABulkBatch() throws {
        let start = RecordedTime(japan: CivilDate(year: 2021, month: 4, day: 1)!, hour: 9)
        var events = SampleEvents.mixed(count: 5_000, recordedFrom: start)
        // Ids the COPY text form must escape: a backslash, "\." (the old end-of-data mark), a
        // quote, non-ASCII, the longest id allowed.
        events[100].id = "x\\y\\.z"
        events[101].id = "\\."
        events[102].id = "岡崎\\n'\"ü"
        events[103].id = String(repeating: "é", count: 64)
        // A repeat after the prepared links' threshold and far from its first line.
        events.insert(events[10], at: 4_500)
        let pg = try TemporaryPostgresStore()
        #expect(try pg.log.beginBulkLoad())
        let r = try pg.log.append(events.map { AppendRequest($0) })
        try pg.log.endBulkLoad()
        #expect(r.appended == 5_000 && r.alreadyPresent == 1)
        let sqlite = try TemporaryStore()
        _ = try sqlite.log.append(events.map { AppendRequest($0) })
        #expect(try BulkLoadTests.export(pg.log) == BulkLoadTests.export(sqlite.log))
        #expect(try pg.log.verifyChain().isIntact)

        let fresh = try TemporaryPostgresStore()
        var changed = SampleEvents.mixed(count: 5_000, startingAt: 10_000, recordedFrom: start)
        var altered = changed[20]
        altered.validDate = CivilDate(year: 2019, month: 1, day: 1)!
        changed.insert(altered, at: 4_800)
        #expect(try fresh.log.beginBulkLoad())
        #expect(throws: StoreError.self) { _ = try fresh.log.append(changed.map { AppendRequest($0) }) }
        #expect(try fresh.log.head().seq == 0, "the whole batch rolled back")
    }

    @Test("COPY text rows carry backslashes, control bytes, non-ASCII text, negative and extreme integers and any bytes exactly (PostgreSQL COPY text format)")
    func copyTextRoundTrip() throws {
        let pg = try TemporaryPostgresStore()
        try pg.log.session.execute("CREATE TEMP TABLE t(k integer, n bigint, s text, b bytea)")
        let texts = ["", "plain", "a\\b", "\\.", "tab\there", "line\nbreak\r", "\u{1}\u{1F}", "岡崎市", "x\\\\y"]
        let numbers: [Int64] = [0, -1, 7, Int64.min, Int64.max, 20_240_101, -1_000_000_000_000]
        let blobs: [[UInt8]] = [[], [0], [0x5C, 0x2E], Array(0...255), [9, 10, 13]]
        var text = CopyText(capacity: 16)
        let n = max(texts.count, numbers.count, blobs.count)
        for k in 0..<n {
            text.integer(Int64(k)); text.tab()
            text.integer(numbers[k % numbers.count]); text.tab()
            text.text(texts[k % texts.count]); text.tab()
            text.bytea(blobs[k % blobs.count]); text.newline()
        }
        _ = try pg.log.session.wait(pg.log.session.copy(into: "t", columns: ["k", "n", "s", "b"], text.take(), after: nil))
        let rows = try pg.log.session.query("SELECT k, n, s, b FROM t ORDER BY k")
        #expect(rows.count == n)
        for row in rows {
            let (k, v, s, b) = try row.decode((Int, Int64, String, ByteBuffer).self)
            #expect(v == numbers[k % numbers.count])
            #expect(s == texts[k % texts.count])
            #expect(Array(b.readableBytesView) == blobs[k % blobs.count])
        }
    }
}
