import NIOCore
import PostgresNIO
import KaiseiCore
import KaiseiEvents

extension PostgresEventLog {
    /// A batch's new rows, sent a slice at a time. Each full slice is sent at once and not
    /// waited for: the server inserts it while the next is hashed and encoded here, so the two
    /// cores work together. `finish` waits for every slice and reports the first failure (after
    /// which PostgreSQL refuses the rest of the transaction, and the caller rolls it back).
    ///
    /// Two ways in, the same rows:
    /// - **Ordinary appends**: `INSERT … SELECT FROM unnest(…)` of column arrays written straight
    ///   into their wire format (`PackedArray`). This works under any role the policies let
    ///   insert (row-level security does not allow `COPY FROM`).
    /// - **A bulk load** (the table's owner, RLS not applied to it): `COPY events FROM STDIN` in
    ///   text form (`CopyText`). The server then inserts rows a page at a time (one WAL record
    ///   for many rows) instead of one by one: at scale 0.1 the server's share of the write fell
    ///   from 2.5 s to 1.6 s per million rows (measured in psql on the same rows), and the server
    ///   is what the client waits for.
    struct Rows {
        static let slice = 10_000
        let session: PostgresSession
        let copy: Bool
        /// Rows a slice is sized for: a one-event append does not reserve room for 10,000.
        private let capacity: Int
        private var sent: [EventLoopFuture<Void>] = []
        // Only the form in use is given room.
        private var columns: Columns
        private var text: CopyText
        private var count = 0

        init(session: PostgresSession, copy: Bool, expected: Int) {
            self.session = session
            self.copy = copy
            capacity = max(1, min(expected, Self.slice))
            columns = Columns(capacity: copy ? 0 : capacity)
            text = CopyText(capacity: copy ? capacity * 240 : 0)
        }

        struct Columns {
            var seq, id, city, subject, version, type, valid, recorded, schema, payload, hash: PackedArray
            init(capacity n: Int) {
                func column(_ element: PackedArray.Element, _ bytes: Int = 8) -> PackedArray {
                    PackedArray(element, capacity: n, bytesPerElement: bytes)
                }
                seq = column(.int8); id = column(.text, 24); city = column(.int2); subject = column(.text, 16)
                version = column(.int8); type = column(.int4); valid = column(.int4); recorded = column(.int8)
                schema = column(.int4); payload = column(.bytea, 48); hash = column(.bytea, 32)
            }
        }

        mutating func append(seq s: Int64, event e: Event, streamVersion: Int64, recordedAt: RecordedTime, payload p: [UInt8], hash h: [UInt8]) {
            if copy {
                text.integer(s); text.tab(); text.text(e.id); text.tab(); text.integer(Int64(e.city.code)); text.tab()
                text.text(e.subject); text.tab(); text.integer(streamVersion); text.tab(); text.integer(Int64(e.type.rawValue)); text.tab()
                text.integer(Int64(e.validDate.packed)); text.tab(); text.integer(recordedAt.microseconds); text.tab()
                text.integer(Int64(e.schemaVersion)); text.tab(); text.bytea(p); text.tab(); text.bytea(h); text.newline()
            } else {
                columns.seq.append(s); columns.id.append(text: e.id); columns.city.append(Int64(e.city.code))
                columns.subject.append(text: e.subject); columns.version.append(streamVersion)
                columns.type.append(Int64(e.type.rawValue)); columns.valid.append(Int64(e.validDate.packed))
                columns.recorded.append(recordedAt.microseconds); columns.schema.append(Int64(e.schemaVersion))
                columns.payload.append(bytes: p); columns.hash.append(bytes: h)
            }
            count += 1
            if count >= Self.slice { sendSlice() }
        }

        private mutating func sendSlice() {
            guard count > 0 else { return }
            if copy {
                // Each COPY starts only when the one before has ended, so the rows go in in seq
                // order (the heap then reads back in the order replay asks for).
                sent.append(session.copy(into: "events", columns: PostgresEventLog.columnList, text.take(), after: sent.last))
            } else {
                let c = columns
                sent.append(session.send("""
                    INSERT INTO events(seq, event_id, city, subject, stream_version, type, valid_date, recorded_at, schema_version, payload, hash)
                    SELECT * FROM unnest(\(c.seq)::bigint[], \(c.id)::text[], \(c.city)::smallint[],
                      \(c.subject)::text[], \(c.version)::bigint[], \(c.type)::integer[],
                      \(c.valid)::integer[], \(c.recorded)::bigint[], \(c.schema)::integer[],
                      \(c.payload)::bytea[], \(c.hash)::bytea[])
                    """).map { _ in })
                columns = Columns(capacity: capacity)
            }
            count = 0
        }

        /// Sends the last slice and waits for all of them.
        mutating func finish() throws(StoreError) {
            sendSlice()
            var firstError: StoreError?
            for f in sent {
                do { _ = try session.wait(f) } catch { if firstError == nil { firstError = error } }
            }
            sent = []
            if let firstError { throw firstError }
        }

        /// Waits for whatever was sent, ignoring failures: the caller is leaving the transaction
        /// on an error of its own, and its ROLLBACK must not overtake a slice still queued (a
        /// COPY that started after the ROLLBACK would commit on its own).
        mutating func abandon() {
            for f in sent { _ = try? session.wait(f) }
            sent = []
        }
    }

    static let columnList = ["seq", "event_id", "city", "subject", "stream_version", "type", "valid_date", "recorded_at",
                             "schema_version", "payload", "hash"]
}
