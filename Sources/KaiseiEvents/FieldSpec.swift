import KaiseiCore

/// What a payload field may hold. Validation, the binary encoding and `docs/events.md` are all
/// driven by this one description, so the three can never disagree.
public enum FieldKind: Sendable, Equatable {
    /// A reference to another subject or a short code (1–64 of `A–Z a–z 0–9 . _ : -`).
    case id
    /// A list of subject ids (co-owners), at least one.
    case idList
    /// Free text up to the given number of characters (a municipality's name, a notice number).
    case text(maxLength: Int)
    /// Integer yen, zero or more.
    case yen
    /// Integer yen that may be negative (a business loss).
    case signedYen
    /// An integer within a range (a year, a count, a percentage).
    case integer(ClosedRange<Int64>)
    case bool
    /// `YYYY-MM-DD`.
    case date
    /// `YYYY-MM`.
    case yearMonth
    /// One of a fixed list of codes; stored as its position, so codes are only ever appended.
    /// Schemas take the list from a vocabulary enum, `.choice(Vocabulary.IncomeSource.codes)`,
    /// and code reads the field as that enum's case through a `ChoiceRef`.
    case choice([String])
    /// Square metres with up to two decimals (`165.29`), stored as hundredths.
    case area

    public var jsonDescription: String {
        switch self {
        case .id: return "subject id"
        case .idList: return "array of subject ids"
        case .text(let n): return "text (≤ \(n) characters)"
        case .yen: return "integer yen ≥ 0"
        case .signedYen: return "integer yen"
        case .integer(let r): return "integer \(r.lowerBound)…\(r.upperBound)"
        case .bool: return "true | false"
        case .date: return "date YYYY-MM-DD"
        case .yearMonth: return "month YYYY-MM"
        case .choice(let c): return c.joined(separator: " | ")
        case .area: return "m², up to 2 decimals"
        }
    }
}

public struct FieldSpec: Sendable {
    public let name: String
    public let kind: FieldKind
    public let required: Bool
    /// Why the field exists, in the words of the law or the register it comes from.
    public let doc: String

    public init(_ name: String, _ kind: FieldKind, required: Bool = true, _ doc: String) {
        self.name = name; self.kind = kind; self.required = required; self.doc = doc
    }
}

/// A validated field value in its stored form: dates as `yyyymmdd`, months as `yyyymm`,
/// choices as their index, areas as hundredths of a square metre.
public enum FieldValue: Hashable, Sendable {
    case int(Int64)
    case bool(Bool)
    case text(String)
    case list([String])

    public var int: Int64? { if case .int(let v) = self { return v }; return nil }
    public var bool: Bool? { if case .bool(let v) = self { return v }; return nil }
    public var text: String? { if case .text(let v) = self { return v }; return nil }
    public var list: [String]? { if case .list(let v) = self { return v }; return nil }
}
