import NIOCore
import PostgresNIO
import KaiseiCore
import KaiseiEvents

/// Replay from PostgreSQL: pages of the log, each packed by the server into one value.
///
/// Why packed: sent as rows, each event became a DataRow message that postgres-nio split into
/// cells and decoded column by column through its generic decoders (type metadata looked up per
/// row); at full scale that cost more than the fold itself (325,000 events/s against 750,000
/// from SQLite). Here the server concatenates a page's rows into one bytea of fixed-width
/// big-endian fields (`int8send`, `int4send`) and length-prefixed subject and payload, and the
/// client walks it with plain loads. The next page is asked for before this one is folded, so
/// the server's work overlaps the fold.
///
/// A page is one value, and PostgreSQL holds a value to 1 GB: 20,000 events of 53 KB each on
/// average would be refused with the server's error (nothing read wrong). Payloads are tiny (at
/// full scale the largest is 126 bytes, the mean 17; an import line is at most 64 KiB), so a
/// page is about 1.5 MB.
///
/// The order of the aggregate's input is the index scan's, but SQL does not promise it, so the
/// client does not rely on it: it lists the page's records, checks each seq is in range and
/// appears once, and folds them in seq order (sorting only if the server ever sent them out
/// of order).
extension PostgresEventLog {
    /// One record: seq int8, city int2, type int4, valid_date int4, recorded_at int8,
    /// schema_version int4, then the subject and the payload, each an int4 length and its bytes.
    static let packedRecord = """
        int8send(seq) || int2send(city) || int4send(type) || int4send(valid_date) || int8send(recorded_at) \
        || int4send(schema_version) || int4send(octet_length(convert_to(subject, 'UTF8'))) || convert_to(subject, 'UTF8') \
        || int4send(octet_length(payload)) || payload
        """

    func packedPage(city: City?, after from: Int64, through: Int64) -> PostgresQuery {
        let filter = city.map { " AND city = \($0.code)" } ?? ""
        return """
            SELECT count(*)::int8, max(seq), string_agg(\(unescaped: Self.packedRecord), ''::bytea)
            FROM (SELECT * FROM events WHERE seq > \(from) AND seq <= \(through)\(unescaped: filter) ORDER BY seq LIMIT \(Int64(Self.page))) AS page
            """
    }

    /// Pages of `page` events by seq (keyset paging on the primary key). Rows are immutable and
    /// become visible as a prefix of the log, so pages read at different moments still join up.
    func replayPages(city: City?, after: Int64, through: Int64, _ body: (Int64, Event) throws -> Bool) throws {
        var scratch: [FieldValue?] = []
        var from = after
        var pending: EventLoopFuture<PostgresQueryResult>? = from < through ? session.send(packedPage(city: city, after: from, through: through)) : nil
        // A page still being fetched when the fold stops is waited for, so the connection is
        // idle again when this returns.
        defer { if let pending { _ = try? session.wait(pending) } }
        while let future = pending {
            pending = nil
            let result = try session.wait(future)
            let (count, last, packed): (Int64, Int64?, ByteBuffer?)
            do {
                guard let row = result.rows.first else { throw StoreError.corruptRow(seq: from, reason: "a replay page came back without its row") }
                (count, last, packed) = try row.decode((Int64, Int64?, ByteBuffer?).self)
            } catch let e as StoreError { throw e } catch { throw StoreError.corruptRow(seq: from, reason: "a replay page does not decode: \(PostgresSession.describe(error))") }
            guard count > 0, let last, let packed else { return }
            if count == Int64(Self.page) && last < through {
                pending = session.send(packedPage(city: city, after: last, through: through))
            }
            let stop = try packed.withUnsafeReadableBytes { raw throws -> Bool in
                let records = try Self.packedRecords(raw, count: Int(count), after: from, through: last, city: city)
                for r in records {
                    let event = try Self.decodePacked(raw, at: r.offset, seq: r.seq, scratch: &scratch)
                    if try !body(r.seq, event) { return true }
                }
                return false
            }
            if stop { return }
            from = last
        }
    }

    /// Where each record of a packed page starts, in seq order; every length and seq checked.
    static func packedRecords(_ raw: UnsafeRawBufferPointer, count: Int, after from: Int64, through last: Int64, city: City?) throws(StoreError) -> [(seq: Int64, offset: Int)] {
        var records: [(seq: Int64, offset: Int)] = []
        records.reserveCapacity(count)
        var o = 0, ordered = true
        while o < raw.count {
            let start = o
            guard o + 34 <= raw.count else { throw StoreError.corruptRow(seq: from, reason: "a replay page ends inside a record") }
            let seq = Int64(bitPattern: raw.loadUnaligned(fromByteOffset: o, as: UInt64.self).bigEndian)
            let cityCode = UInt16(bigEndian: raw.loadUnaligned(fromByteOffset: o + 8, as: UInt16.self))
            o += 30
            let subjectLength = Int(Int32(bitPattern: UInt32(bigEndian: raw.loadUnaligned(fromByteOffset: o, as: UInt32.self))))
            guard subjectLength >= 0, o + 4 + subjectLength + 4 <= raw.count else { throw StoreError.corruptRow(seq: seq, reason: "a replay record's subject overruns its page") }
            o += 4 + subjectLength
            let payloadLength = Int(Int32(bitPattern: UInt32(bigEndian: raw.loadUnaligned(fromByteOffset: o, as: UInt32.self))))
            guard payloadLength >= 0, o + 4 + payloadLength <= raw.count else { throw StoreError.corruptRow(seq: seq, reason: "a replay record's payload overruns its page") }
            o += 4 + payloadLength
            guard seq > from, seq <= last else { throw StoreError.corruptRow(seq: seq, reason: "a replay page holds a seq outside the page") }
            if let city, cityCode != UInt16(city.code) { throw StoreError.corruptRow(seq: seq, reason: "a replay page of one city holds another city's event") }
            if let previous = records.last, previous.seq >= seq { ordered = false }
            records.append((seq, start))
        }
        if !ordered { records.sort { $0.seq < $1.seq } }
        guard records.count == count else { throw StoreError.corruptRow(seq: from, reason: "a replay page holds \(records.count) records, not \(count)") }
        for i in records.indices.dropFirst() where records[i - 1].seq == records[i].seq {
            throw StoreError.corruptRow(seq: records[i].seq, reason: "a replay page holds a seq twice")
        }
        return records
    }

    static func decodePacked(_ raw: UnsafeRawBufferPointer, at offset: Int, seq: Int64, scratch: inout [FieldValue?]) throws(StoreError) -> Event {
        func int32(_ at: Int) -> Int32 { Int32(bitPattern: UInt32(bigEndian: raw.loadUnaligned(fromByteOffset: at, as: UInt32.self))) }
        let cityCode = UInt16(bigEndian: raw.loadUnaligned(fromByteOffset: offset + 8, as: UInt16.self))
        let typeCode = int32(offset + 10), validPacked = int32(offset + 14)
        let recorded = Int64(bitPattern: raw.loadUnaligned(fromByteOffset: offset + 18, as: UInt64.self).bigEndian)
        let schema = int32(offset + 26)
        let subjectLength = Int(int32(offset + 30))
        let subjectStart = offset + 34
        let payloadStart = subjectStart + subjectLength + 4
        let payloadLength = Int(int32(subjectStart + subjectLength))
        guard let city = City(code: UInt8(exactly: cityCode) ?? 0),
              let type = EventType(rawValue: UInt16(exactly: typeCode) ?? 0),
              let valid = CivilDate(packed: Int(validPacked)) else {
            throw StoreError.corruptRow(seq: seq, reason: "bad city, type or valid date")
        }
        guard let subject = String(validating: UnsafeRawBufferPointer(rebasing: raw[subjectStart..<(subjectStart + subjectLength)]), as: UTF8.self) else {
            throw StoreError.corruptRow(seq: seq, reason: "a subject is not UTF-8")
        }
        do {
            var reader = ByteReader(UnsafeRawBufferPointer(rebasing: raw[payloadStart..<(payloadStart + payloadLength)]))
            try Payload.decode(type, from: &reader, into: &scratch)
            guard reader.isAtEnd else { throw StoreError.corruptRow(seq: seq, reason: "trailing payload bytes") }
        } catch let e as StoreError { throw e } catch { throw StoreError.corruptRow(seq: seq, reason: "payload does not decode") }
        return Event(id: "", city: city, subject: subject, type: type, validDate: valid,
                     recordedAt: RecordedTime(microseconds: recorded), schemaVersion: Int(schema), payload: Payload(values: scratch))
    }
}
