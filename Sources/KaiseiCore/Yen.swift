/// An amount of money in whole yen.
///
/// Japanese local taxes are computed and levied in whole yen; fractions only appear inside a
/// statutory formula and are rounded there by a named rule. Keeping money an integer wrapper
/// makes `Double` impossible near money and `Yen * Yen` a compile error.
public struct Yen: Hashable, Comparable, Sendable, CustomStringConvertible {
    public var amount: Int64

    @inlinable public init(_ amount: Int64) { self.amount = amount }
    @inlinable public static var zero: Yen { Yen(0) }

    @inlinable public static func + (a: Yen, b: Yen) -> Yen { Yen(a.amount + b.amount) }
    @inlinable public static func - (a: Yen, b: Yen) -> Yen { Yen(a.amount - b.amount) }
    @inlinable public static func += (a: inout Yen, b: Yen) { a.amount += b.amount }
    @inlinable public static func -= (a: inout Yen, b: Yen) { a.amount -= b.amount }
    @inlinable public static prefix func - (a: Yen) -> Yen { Yen(-a.amount) }
    @inlinable public static func < (a: Yen, b: Yen) -> Bool { a.amount < b.amount }

    /// Scales by an integer count (members, months); never by another amount of money.
    @inlinable public static func * (a: Yen, n: Int64) -> Yen { Yen(a.amount * n) }

    /// Never below zero: a deduction or credit cannot turn a base negative.
    @inlinable public var clampedAtZero: Yen { amount < 0 ? .zero : self }

    /// The amount as the cities print it: `1,234,567`.
    public var grouped: String {
        let digits = String(amount.magnitude)
        var out = ""
        for (i, ch) in digits.enumerated() {
            if i > 0 && (digits.count - i) % 3 == 0 { out.append(",") }
            out.append(ch)
        }
        return amount < 0 ? "-" + out : out
    }

    public var description: String { "¥" + grouped }
}
