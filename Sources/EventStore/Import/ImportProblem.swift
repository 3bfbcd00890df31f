import KaiseiCore

/// One problem in an input file, located for the person who has to fix it.
public struct ImportProblem: Sendable, Equatable, CustomStringConvertible {
    public let file: String
    public let line: Int
    public let field: String
    public let reason: String

    /// An empty key in the input is named `""`, so every problem names a field.
    public init(file: String, line: Int, field: String, reason: String) {
        self.file = file; self.line = line; self.field = field.isEmpty ? "\"\"" : field; self.reason = reason
    }

    /// `FILE:LINE: field: reason`, the form editors and CI logs link to.
    /// Input quoted in it is escaped onto one line; an empty key is shown as `""`.
    public var description: String { "\(file.singleLine):\(line): \(field.singleLine): \(reason.singleLine)" }
}
