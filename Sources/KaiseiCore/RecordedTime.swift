/// An instant at which the system learned a fact: the unit of **recorded time**.
///
/// Stored as microseconds since 1970-01-01T00:00:00Z, so ordering and comparison are integer
/// operations. Shown in Japan Standard Time (+09:00, no daylight saving), the zone in which the
/// cities' clerks and certificates speak.
public struct RecordedTime: Hashable, Comparable, Sendable, CustomStringConvertible {
    public let microseconds: Int64

    public init(microseconds: Int64) { self.microseconds = microseconds }

    public static let japanOffsetSeconds: Int64 = 9 * 3600
    public static let distantPast = RecordedTime(microseconds: Int64.min)
    public static let distantFuture = RecordedTime(microseconds: Int64.max)

    /// A civil date and time of day in Japan.
    public init(japan date: CivilDate, hour: Int = 0, minute: Int = 0, second: Int = 0, micro: Int = 0) {
        let secs = Int64(date.daysSinceEpoch) * 86400 + Int64(hour * 3600 + minute * 60 + second) - Self.japanOffsetSeconds
        self.microseconds = secs * 1_000_000 + Int64(micro)
    }

    /// The last microsecond of a day in Japan: what "known at 2020-06-01" means.
    public static func endOfDayInJapan(_ date: CivilDate) -> RecordedTime {
        RecordedTime(microseconds: RecordedTime(japan: date.adding(days: 1)).microseconds - 1)
    }

    /// Parses ISO 8601 with an explicit zone: `2020-06-01T09:00:00+09:00`, `…Z`, with optional
    /// fractional seconds (up to 6 digits). With `dateMeansEndOfDay`, a bare `YYYY-MM-DD` is the
    /// end of that day in Japan (the reading the CLI gives `--known-at 2020-06-01`).
    public init?(iso text: some StringProtocol, dateMeansEndOfDay: Bool = false) {
        let u = Array(text.utf8)
        if u.count == 10 {
            guard dateMeansEndOfDay, let d = CivilDate(iso: text) else { return nil }
            self = .endOfDayInJapan(d); return
        }
        guard u.count >= 20, u[10] == UInt8(ascii: "T"), u[13] == UInt8(ascii: ":"), u[16] == UInt8(ascii: ":"),
              let date = CivilDate(iso: String(decoding: u[0..<10], as: UTF8.self)),
              let hh = CivilDate.digits(u, 11, 2), let mm = CivilDate.digits(u, 14, 2), let ss = CivilDate.digits(u, 17, 2),
              hh < 24, mm < 60, ss < 60 else { return nil }
        var i = 19
        var micro = 0
        if u[i] == UInt8(ascii: ".") {
            i += 1
            var n = 0
            while i < u.count, u[i] >= 48, u[i] <= 57 {
                guard n < 6 else { return nil }
                micro = micro * 10 + Int(u[i] - 48); n += 1; i += 1
            }
            guard n > 0 else { return nil }
            for _ in n..<6 { micro *= 10 }
        }
        guard i < u.count else { return nil }
        var offset = 0
        if u[i] == UInt8(ascii: "Z") {
            guard i + 1 == u.count else { return nil }
        } else if u[i] == UInt8(ascii: "+") || u[i] == UInt8(ascii: "-") {
            guard i + 6 == u.count, u[i + 3] == UInt8(ascii: ":"),
                  let oh = CivilDate.digits(u, i + 1, 2), let om = CivilDate.digits(u, i + 4, 2), oh < 24, om < 60
            else { return nil }
            offset = (oh * 3600 + om * 60) * (u[i] == UInt8(ascii: "-") ? -1 : 1)
        } else { return nil }
        let local = Int64(date.daysSinceEpoch) * 86400 + Int64(hh * 3600 + mm * 60 + ss)
        self.microseconds = (local - Int64(offset)) * 1_000_000 + Int64(micro)
    }

    /// The civil date in Japan on which this instant falls.
    public var japanDate: CivilDate {
        let local = floorDiv(microseconds, 1_000_000) + Self.japanOffsetSeconds
        return CivilDate(daysSinceEpoch: Int(floorDiv(local, 86400)))
    }

    /// Canonical text: Japan time, `+09:00`, fractional seconds only when present. One instant
    /// has exactly one spelling, so exports are byte-stable.
    public var description: String {
        let secs = floorDiv(microseconds, 1_000_000)
        let micro = microseconds - secs * 1_000_000
        let local = secs + Self.japanOffsetSeconds
        let day = CivilDate(daysSinceEpoch: Int(floorDiv(local, 86400)))
        let sod = Int(local - floorDiv(local, 86400) * 86400)
        func p2(_ v: Int) -> String { v < 10 ? "0\(v)" : "\(v)" }
        var s = "\(day)T\(p2(sod / 3600)):\(p2(sod / 60 % 60)):\(p2(sod % 60))"
        if micro != 0 {
            let m = String(micro)
            s += "." + String(repeating: "0", count: 6 - m.count) + m
        }
        return s + "+09:00"
    }

    public static func < (a: RecordedTime, b: RecordedTime) -> Bool { a.microseconds < b.microseconds }
}

@inline(__always) func floorDiv(_ a: Int64, _ b: Int64) -> Int64 {
    let q = a / b
    return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q
}
