/// The unit a parameter is written in; the loader refuses a value of another shape.
public enum ParameterUnit: String, Sendable, CaseIterable {
    case yen, rate, date, count, flag
    case yenBrackets = "yen_brackets"
    case rateBrackets = "rate_brackets"
    case yenSteps = "yen_steps"
    case yenMatrix = "yen_matrix"
}

/// What the rule base knows about a parameter before any revision sets it.
public struct ParameterSpec: Sendable {
    public let key: String
    public let unit: ParameterUnit
    /// Fiscal years in which the parameter must always have a value (temporal coverage). A
    /// gap in this range is a loader error.
    public let required: ClosedRange<Int>?
    public let description: String
}
