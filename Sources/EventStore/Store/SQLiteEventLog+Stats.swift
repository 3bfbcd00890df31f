import KaiseiCore
import KaiseiEvents

/// Counts per city and event type, for `kaisei stats` and for operators checking an import.
public struct StoreStats: Sendable {
    public struct Row: Sendable { public let city: City; public let type: EventType; public let count: Int64 }
    public var rows: [Row] = []
    public var totalEvents: Int64 = 0
    public var subjects: Int64 = 0
    public var firstRecorded: RecordedTime?
    public var lastRecorded: RecordedTime?
    public var fileBytes: Int64 = 0
    public var schemaVersion: Int64 = 0
}

extension SQLiteEventLog {
    public func stats() throws(StoreError) -> StoreStats {
        var s = StoreStats()
        do {
            let st = try db.prepare("SELECT city, type, COUNT(*) FROM events GROUP BY city, type ORDER BY city, type")
            while try st.step() {
                guard let c = City(code: UInt8(exactly: st.int(0)) ?? 0),
                      let t = EventType(rawValue: UInt16(exactly: st.int(1)) ?? 0) else { continue }
                s.rows.append(.init(city: c, type: t, count: st.int(2)))
                s.totalEvents += st.int(2)
            }
            s.subjects = try db.scalar("SELECT COUNT(*) FROM (SELECT DISTINCT city, subject FROM events)") ?? 0
            let r = try db.prepare("SELECT MIN(recorded_at), MAX(recorded_at) FROM events")
            if try r.step(), !r.isNull(0) {
                s.firstRecorded = RecordedTime(microseconds: r.int(0))
                s.lastRecorded = RecordedTime(microseconds: r.int(1))
            }
            let pages = try db.scalar("PRAGMA page_count") ?? 0
            let size = try db.scalar("PRAGMA page_size") ?? 0
            s.fileBytes = pages * size
            s.schemaVersion = try db.scalar("PRAGMA user_version") ?? 0
            return s
        } catch { throw StoreError.database("\(error)") }
    }
}
