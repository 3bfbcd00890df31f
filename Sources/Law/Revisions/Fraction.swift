import Foundation
import KaiseiCore

/// An exact rate: 6%, 3/5, 1.021. The law sets rates as exact fractions, so they are never
/// floating point; every product with money names its rounding.
public struct Fraction: Hashable, Sendable, Comparable, CustomStringConvertible {
    public let numerator: Int64
    public let denominator: Int64

    public init(_ n: Int64, _ d: Int64) {
        precondition(d > 0)
        let g = Fraction.gcd(abs(n), d)
        numerator = n / max(g, 1); denominator = d / max(g, 1)
    }
    /// Without reduction: for transient ratios on the per-person path (no gcd loop).
    @inlinable public init(unreduced n: Int64, _ d: Int64) { numerator = n; denominator = d }
    public static var zero: Fraction { Fraction(unreduced: 0, 1) }
    public static var one: Fraction { Fraction(unreduced: 1, 1) }

    static func gcd(_ a: Int64, _ b: Int64) -> Int64 { b == 0 ? a : gcd(b, a % b) }

    /// Equal as numbers, whether or not reduced.
    public static func == (a: Fraction, b: Fraction) -> Bool { a.numerator * b.denominator == b.numerator * a.denominator }
    public func hash(into h: inout Hasher) {
        let g = Fraction.gcd(abs(numerator), denominator)
        h.combine(numerator / max(g, 1)); h.combine(denominator / max(g, 1))
    }

    /// The largest numerator or denominator a rate may be written with: far beyond any rate
    /// the law sets, and small enough that products with yen amounts cannot overflow.
    static let textLimit: Int64 = 1_000_000_000

    /// `6%`, `0.5%`, `3/5`, `1.021`, `2`. Anything beyond `textLimit` is refused (nil), never trapped.
    public init?(text: String) {
        let t = text.trimmingCharacters(in: .whitespaces)
        if t.hasSuffix("%") {
            guard let f = Fraction(decimal: String(t.dropLast())) else { return nil }
            self = f * Fraction(1, 100)
        } else if let slash = t.firstIndex(of: "/") {
            guard let n = Int64(t[..<slash]), let d = Int64(t[t.index(after: slash)...]), d > 0,
                  n >= -Self.textLimit, n <= Self.textLimit, d <= Self.textLimit else { return nil }
            self.init(n, d)
        } else if let f = Fraction(decimal: t) {
            self = f
        } else { return nil }
    }

    init?(decimal: String) {
        let parts = decimal.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count <= 2, !parts[0].isEmpty, let whole = Int64(parts[0]), whole >= -Self.textLimit, whole <= Self.textLimit else { return nil }
        if parts.count == 1 { self.init(whole, 1); return }
        let frac = parts[1]
        guard !frac.isEmpty, frac.count <= 9, frac.allSatisfy(\.isNumber), let f = Int64(frac) else { return nil }
        var scale: Int64 = 1
        for _ in 0..<frac.count { scale *= 10 }
        // The sign is the text's: "-0.5" is minus a half, though Int64("-0") is 0.
        let negative = parts[0].hasPrefix("-")
        self.init(whole * scale + (negative ? -f : f), scale)
    }

    public static func * (a: Fraction, b: Fraction) -> Fraction { Fraction(unreduced: a.numerator * b.numerator, a.denominator * b.denominator) }
    public static func + (a: Fraction, b: Fraction) -> Fraction {
        Fraction(a.numerator * b.denominator + b.numerator * a.denominator, a.denominator * b.denominator)
    }
    public static func - (a: Fraction, b: Fraction) -> Fraction { a + Fraction(-b.numerator, b.denominator) }
    public static func < (a: Fraction, b: Fraction) -> Bool { a.numerator * b.denominator < b.numerator * a.denominator }

    /// A factor written as the statute writes it (× 3.7, × 6), not as a percentage.
    public var decimalText: String {
        if denominator == 1 { return "\(numerator)" }
        var scale: Int64 = 10, digits = 1
        while digits <= 6 {
            if scale % denominator == 0 {
                let v = numerator * (scale / denominator)
                var frac = String(abs(v % scale))
                while frac.count < digits { frac = "0" + frac }
                while frac.hasSuffix("0") { frac.removeLast() }
                return "\(v < 0 ? "-" : "")\(abs(v / scale)).\(frac)"
            }
            scale *= 10; digits += 1
        }
        return "\(numerator)/\(denominator)"
    }

    public var description: String {
        if denominator == 1 { return "\(numerator)" }
        if 100 % denominator == 0 { return "\(numerator * (100 / denominator))%" }
        if denominator > 0 && 1000 % denominator == 0 {
            let perMille = numerator * (1000 / denominator)
            return "\(perMille / 10).\(abs(perMille % 10))%"
        }
        return "\(numerator)/\(denominator)"
    }
}

/// How a product of money and a rate is made whole. Each use names the statute's direction.
public enum Rounding: Sendable {
    case down, up
}

extension Yen {
    /// `amount × rate`, rounded as the law says. 128-bit intermediate: no overflow for any
    /// amount below a trillion yen and any rate the law sets.
    public func times(_ f: Fraction, _ rounding: Rounding) -> Yen {
        let q: Int64, r: Int64
        let (p, overflow) = amount.multipliedReportingOverflow(by: f.numerator)
        if !overflow {
            (q, r) = p.quotientAndRemainder(dividingBy: f.denominator)
        } else {
            let (hi, lo) = amount.multipliedFullWidth(by: f.numerator)
            (q, r) = f.denominator.dividingFullWidth((hi, lo))
        }
        var v = q
        if r != 0 {
            let positive = (amount < 0) == (f.numerator < 0)
            switch rounding {
            case .down: if !positive { v -= 1 }
            case .up: if positive { v += 1 }
            }
        }
        return Yen(v)
    }

    /// Rounds down to a multiple of `unit` (tax bases to 1,000 yen, tax amounts to 100 yen).
    public func flooredTo(_ unit: Int64) -> Yen {
        let q = amount >= 0 ? amount / unit : -((-amount + unit - 1) / unit)
        return Yen(q * unit)
    }

    /// Rounds up to a multiple of `unit`.
    public func ceiledTo(_ unit: Int64) -> Yen { -(Yen(-amount).flooredTo(unit)) }
}
