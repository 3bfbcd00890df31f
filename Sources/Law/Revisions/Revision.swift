import KaiseiCore

/// One revision file: a law change (or a parameter family) as the cities adopted it.
public struct Revision: Sendable {
    public enum Status: String, Sendable { case enacted, draft }

    public struct Entry: Sendable {
        public let key: String
        /// nil: applies to both cities; otherwise a per-city overlay.
        public let city: City?
        public let value: ParameterValue
        public let reference: String
        public let verified: Bool
        public let note: String?
        public let line: Int
    }

    public let id: String
    public let title: String
    public let law: String
    public let promulgated: CivilDate
    /// When the cities put the revision into production: the recorded-time axis of law.
    public let adopted: RecordedTime
    public let status: Status
    public let fromFiscalYear: Int
    /// nil: in force until a later-adopted revision sets the same parameters.
    public let toFiscalYear: Int?
    /// The revision this one corrects (a wrongly entered value fixed by a later adoption).
    public let corrects: String?
    public let entries: [Entry]
    /// The file, relative to the revisions folder, and the SHA-256 of its bytes.
    public let file: String
    public let contentHash: String

    public func covers(_ fy: Int) -> Bool { fy >= fromFiscalYear && (toFiscalYear.map { fy <= $0 } ?? true) }
}

/// A revision file that cannot be loaded: `file:line: key: reason`.
public struct RevisionError: Error, Sendable, Equatable, CustomStringConvertible {
    public let file: String
    public let line: Int
    public let key: String
    public let reason: String
    public init(_ file: String, _ line: Int, _ key: String, _ reason: String) {
        self.file = file; self.line = line; self.key = key; self.reason = reason
    }
    public var description: String { "\(file.singleLine):\(line): \(key.isEmpty ? "\"\"" : key.singleLine): \(reason.singleLine)" }
}

/// Every problem found in one file.
public struct RevisionErrors: Error, Sendable {
    public let all: [RevisionError]
    public init(_ all: [RevisionError]) { self.all = all }
}
