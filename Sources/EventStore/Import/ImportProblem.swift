/// One problem in an input file, located for the person who has to fix it.
public struct ImportProblem: Sendable, Equatable, CustomStringConvertible {
    public let file: String
    public let line: Int
    public let field: String
    public let reason: String

    /// `FILE:LINE: field: reason`, the form editors and CI logs link to.
    public var description: String { "\(file):\(line): \(field): \(reason)" }
}
