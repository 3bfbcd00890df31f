import KaiseiCore

/// A value the law sets, in one of the few shapes law uses: an amount, a rate, a date, a count,
/// or a bracket table. Tables are data here, never code.
public enum ParameterValue: Sendable, Equatable {
    case yen(Yen)
    case rate(Fraction)
    case date(CivilDate)
    case count(Int64)
    case flag(Bool)
    /// `f(x) = ⌊x × rate⌋ + add` for the first row with `x ≤ upto` (以下); the last row has no bound.
    case yenBrackets([YenBracket])
    /// The rate of the first row with `x ≤ upto`.
    case rateBrackets([RateBracket])
    /// Fixed steps: for `x ≥ from` (the last such row), the amount is `amount`.
    case yenSteps([YenStep])
    /// A table chosen by one amount, then a bracket table on another (配偶者特別控除: the
    /// taxpayer's income picks the column, the spouse's income the row).
    case yenMatrix([YenMatrixRow])
    /// A ratio looked up by another ratio: for `x ≥ from` (the last such row), `rate`
    /// (住宅用地率 by 居住部分の割合, 負担調整率 by 負担水準).
    case rateSteps([RateStep])
    /// A set of names the law lists (fuels exempt from a surcharge, classes a measure covers).
    case names([String])
    case text(String)
}

public struct RateStep: Sendable, Equatable {
    public let from: Fraction
    public let rate: Fraction
}

extension Array where Element == RateStep {
    /// The rate of the last row whose `from` is at most `x`; nil below the first row.
    public func rate(at x: Fraction) -> Fraction? {
        var found: Fraction?
        for step in self where x >= step.from { found = step.rate }
        return found
    }
}

public struct YenBracket: Sendable, Equatable {
    public let upto: Yen?
    public let rate: Fraction
    public let add: Yen
    public init(upto: Yen?, rate: Fraction, add: Yen) { self.upto = upto; self.rate = rate; self.add = add }
}

public struct RateBracket: Sendable, Equatable {
    public let upto: Yen?
    public let rate: Fraction
}

public struct YenStep: Sendable, Equatable {
    public let from: Yen
    public let amount: Yen
}

public struct YenMatrixRow: Sendable, Equatable {
    public let upto: Yen?
    public let brackets: [YenBracket]
}

extension Array where Element == YenBracket {
    /// Evaluates the table at `x`, flooring the product to the yen.
    public func evaluate(_ x: Yen) -> Yen {
        for row in self where row.upto == nil || x <= row.upto! {
            return x.times(row.rate, .down) + row.add
        }
        return .zero
    }
}

extension Array where Element == RateBracket {
    public func rate(at x: Yen) -> Fraction {
        for row in self where row.upto == nil || x <= row.upto! { return row.rate }
        return last?.rate ?? .zero
    }
}

extension Array where Element == YenMatrixRow {
    public func evaluate(select: Yen, at x: Yen) -> Yen {
        for row in self where row.upto == nil || select <= row.upto! { return row.brackets.evaluate(x) }
        return .zero
    }
}

extension Array where Element == YenStep {
    public func amount(at x: Yen) -> Yen? {
        var found: Yen?
        for step in self where x >= step.from { found = step.amount }
        return found
    }
}
