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

/// One parameter as its folder's index (`revisions/<folder>/index.yaml`) declares it, before
/// any revision sets it.
public struct ParameterSpec: Sendable {
    public let key: String
    public let unit: ParameterUnit
    /// The folder whose revisions may set it, and whose index declares it.
    public let folder: ParameterFolder
    /// The fiscal years, within `ParameterCatalogue.years`, in which the law requires a value for
    /// every city (`required:` in the index). A gap as the rule base stands now is a loader
    /// error; a gap as adopted at an earlier moment is a `MissingParameter` when assessing.
    public let requiredYears: [ClosedRange<Int>]
    /// `optional: true`: the law does not always require it, and a calculator reads it as absent.
    public let isOptional: Bool
    public let description: String
    /// For `names`: the only names a value may list (fuels, vehicle classes).
    public let allowed: [String]?
    /// The line of the index that declares it.
    public let line: Int

    public init(key: String, unit: ParameterUnit, folder: ParameterFolder, requiredYears: [ClosedRange<Int>], isOptional: Bool,
                description: String, allowed: [String]? = nil, line: Int = 0) {
        self.key = key; self.unit = unit; self.folder = folder; self.requiredYears = requiredYears; self.isOptional = isOptional
        self.description = description; self.allowed = allowed; self.line = line
    }

    /// Whether the law requires a value in this fiscal year.
    public func isRequired(in fiscalYear: Int) -> Bool { requiredYears.contains { $0.contains(fiscalYear) } }

    /// The required years as the loader's messages print them: `FY2013–FY2020, FY2024–FY2027`.
    public var requiredYearsText: String {
        requiredYears.map { $0.lowerBound == $0.upperBound ? folder.yearLabel($0.lowerBound) : "\(folder.yearLabel($0.lowerBound))–\(folder.yearLabel($0.upperBound))" }
            .joined(separator: ", ")
    }
}
