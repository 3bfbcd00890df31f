/// The unit a parameter is written in; the loader refuses a value of another shape.
public enum ParameterUnit: String, Sendable, CaseIterable {
    case yen, rate, date, count, flag
    case yenBrackets = "yen_brackets"
    case rateBrackets = "rate_brackets"
    case yenSteps = "yen_steps"
    case yenMatrix = "yen_matrix"
    case rateSteps = "rate_steps"
    case names
    /// Words a city uses (a certificate's title, the issuer): data, so both cities share the code.
    case text
}

/// What the rule base knows about a parameter before any revision sets it.
public struct ParameterSpec: Sendable {
    public let key: String
    public let unit: ParameterUnit
    /// Fiscal years in which the parameter must always have a value (temporal coverage). A
    /// gap in this range is a loader error.
    public let required: ClosedRange<Int>?
    public let description: String
    /// For `names`: the only names a value may list (fuels, vehicle classes).
    public let allowed: [String]?

    public init(key: String, unit: ParameterUnit, required: ClosedRange<Int>?, description: String, allowed: [String]? = nil) {
        self.key = key; self.unit = unit; self.required = required; self.description = description; self.allowed = allowed
    }
}
