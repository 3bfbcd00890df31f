/// One thing wrong with one field of an input line: `payload.amount: must be ≥ 0, got -5`.
/// Built where the fact is known, turned into `FILE:LINE: field: reason` at the edge.
public struct FieldProblem: Error, Equatable, Sendable, CustomStringConvertible {
    public let field: String
    public let reason: String
    public init(_ field: String, _ reason: String) { self.field = field; self.reason = reason }
    public var description: String { "\(field): \(reason)" }
}

/// All the problems of one input line.
public struct FieldProblems: Error, Sendable {
    public let all: [FieldProblem]
    public init(_ all: [FieldProblem]) { self.all = all }
}
