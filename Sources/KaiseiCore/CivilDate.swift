/// A day on the civil calendar, with no time and no zone: the unit of **valid time**.
///
/// Facts hold "from 2019-04-01", tax bases are fixed "on 1 January": these are civil dates in
/// Japan, and turning them into instants would invite the classic off-by-one-day bug of UTC.
public struct CivilDate: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// year × 512 + month × 32 + day in four bytes: the replayed state holds tens of millions of
    /// dates (every timeline entry has one), and three Ints took 24 bytes each. The order of
    /// `raw` is the calendar's.
    private let raw: Int32
    public var year: Int { Int(raw >> 9) }
    public var month: Int { Int((raw >> 5) & 15) }
    public var day: Int { Int(raw & 31) }

    private init(unchecked year: Int, _ month: Int, _ day: Int) {
        raw = Int32(truncatingIfNeeded: year * 512 + month * 32 + day)
    }

    /// Dates outside this range are refused as input: no resident record predates 1870, and
    /// nothing the cities levy is dated past 2200.
    public static let supportedYears = 1870...2200

    public init?(year: Int, month: Int, day: Int) {
        guard Self.supportedYears.contains(year), (1...12).contains(month),
              day >= 1, day <= CivilDate.daysIn(year: year, month: month) else { return nil }
        self.init(unchecked: year, month, day)
    }

    /// Strict `YYYY-MM-DD`; anything else (including `2023-02-30`) is nil.
    public init?(iso: some StringProtocol) {
        let u = Array(iso.utf8)
        guard u.count == 10, u[4] == UInt8(ascii: "-"), u[7] == UInt8(ascii: "-"),
              let y = Self.digits(u, 0, 4), let m = Self.digits(u, 5, 2), let d = Self.digits(u, 8, 2)
        else { return nil }
        self.init(year: y, month: m, day: d)
    }

    /// `yyyymmdd` as an integer: sortable, readable in SQL, compact in storage.
    public init?(packed: Int) {
        self.init(year: packed / 10000, month: (packed / 100) % 100, day: packed % 100)
    }
    public var packed: Int { year * 10000 + month * 100 + day }

    public static func isLeap(_ y: Int) -> Bool { (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 }
    public static func daysIn(year: Int, month: Int) -> Int {
        switch month {
        case 2: return isLeap(year) ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// Days since 1970-01-01 (proleptic Gregorian), for date arithmetic.
    public var daysSinceEpoch: Int {
        // Howard Hinnant's days_from_civil.
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146097 + doe - 719468
    }

    public init(daysSinceEpoch z0: Int) {
        let z = z0 + 719468
        let era = (z >= 0 ? z : z - 146096) / 146097
        let doe = z - era * 146097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        self.init(unchecked: yoe + era * 400 + (m <= 2 ? 1 : 0), m, d)
    }

    public func adding(days: Int) -> CivilDate { CivilDate(daysSinceEpoch: daysSinceEpoch + days) }

    /// The last day of a period of `months` months that starts on this day (民法第143条): the
    /// day before the same day that many months on, or that month's last day when the same day
    /// does not exist in it. The law's "1月を経過する日", "2月以内" and "1年を経過する日" all count so.
    public func lastDayOfPeriod(months: Int) -> CivilDate {
        let index = year * 12 + (month - 1) + months
        let y = index / 12, m = index % 12 + 1
        let last = CivilDate.daysIn(year: y, month: m)
        return day > last ? CivilDate(year: y, month: m, day: last)! : CivilDate(year: y, month: m, day: day)!.adding(days: -1)
    }

    /// The fiscal year (年度, April to March) this day falls in.
    public var fiscalYear: Int { month >= 4 ? year : year - 1 }

    /// Age in completed years on this day, as 年齢計算ニ関スル法律 counts it: a person
    /// becomes a year older at the end of the day before the birthday, so someone born on
    /// 1 April reaches the age on 31 March.
    public func age(bornOn birth: CivilDate) -> Int {
        // The next day, without a round trip through day numbers: this runs per person.
        var (y, m, d) = (year, month, day + 1)
        if d > CivilDate.daysIn(year: y, month: m) { d = 1; m += 1; if m > 12 { m = 1; y += 1 } }
        var a = y - birth.year
        if (m, d) < (birth.month, birth.day) { a -= 1 }
        return a
    }

    public static func < (a: CivilDate, b: CivilDate) -> Bool { a.raw < b.raw }

    public var description: String {
        func pad(_ v: Int, _ w: Int) -> String { let s = String(v); return String(repeating: "0", count: max(0, w - s.count)) + s }
        return "\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2))"
    }

    static func digits(_ u: [UInt8], _ start: Int, _ count: Int) -> Int? {
        var v = 0
        for i in start..<(start + count) {
            let c = u[i]
            guard c >= 48 && c <= 57 else { return nil }
            v = v * 10 + Int(c - 48)
        }
        return v
    }
}
