/// A calendar month, such as a light vehicle's first-inspection month (初度検査年月) or the
/// month an NHI membership starts.
public struct YearMonth: Hashable, Comparable, Sendable, CustomStringConvertible {
    public let year: Int
    public let month: Int

    public init?(year: Int, month: Int) {
        guard CivilDate.supportedYears.contains(year), (1...12).contains(month) else { return nil }
        self.year = year; self.month = month
    }

    /// Strict `YYYY-MM`.
    public init?(iso: some StringProtocol) {
        let u = Array(iso.utf8)
        guard u.count == 7, u[4] == UInt8(ascii: "-"),
              let y = CivilDate.digits(u, 0, 4), let m = CivilDate.digits(u, 5, 2) else { return nil }
        self.init(year: y, month: m)
    }

    /// `yyyymm` as an integer.
    public var packed: Int { year * 100 + month }
    public init?(packed: Int) { self.init(year: packed / 100, month: packed % 100) }

    /// Months counted from year 0, for month arithmetic.
    public var ordinal: Int { year * 12 + (month - 1) }
    public init(ordinal: Int) { self.year = ordinal / 12; self.month = ordinal % 12 + 1 }
    public func adding(months: Int) -> YearMonth { YearMonth(ordinal: ordinal + months) }

    public var firstDay: CivilDate { CivilDate(year: year, month: month, day: 1)! }
    public var fiscalYear: Int { month >= 4 ? year : year - 1 }

    public static func < (a: YearMonth, b: YearMonth) -> Bool { a.packed < b.packed }

    public var description: String {
        let y = String(year), m = String(month)
        return String(repeating: "0", count: max(0, 4 - y.count)) + y + "-" + (m.count == 1 ? "0" + m : m)
    }
}
