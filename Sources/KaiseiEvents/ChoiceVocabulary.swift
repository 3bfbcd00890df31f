/// The codes of one choice field, as a Swift enum: its raw values are the codes written in JSON
/// and `docs/events.md`, and its cases are in stored order.
///
/// A stored payload keeps a choice as its **position** in `allCases`, not its spelling, so the
/// cases of a vocabulary are never reordered or removed and a raw value is never changed: a new
/// code is appended as the last case. `VocabularyTests` holds the codes as first released and
/// fails if a vocabulary does not begin with them.
///
/// The schemas are built from these enums (`.choice(Vocabulary.IncomeSource.codes)`), and code
/// reads a choice field as a case through a `ChoiceRef`, never by comparing strings.
public protocol ChoiceVocabulary: RawRepresentable, CaseIterable, Hashable, Sendable
where RawValue == String, AllCases == [Self] {}

extension ChoiceVocabulary {
    /// The codes in stored order: what a schema's `.choice` lists.
    public static var codes: [String] { allCases.map(\.rawValue) }

    /// The stored form of this case: its position in the vocabulary. For writers (a levy run,
    /// a certificate issue), not for replay, which maps positions to cases through a `ChoiceRef`.
    public var code: Int64 { Int64(Self.allCases.firstIndex(of: self)!) }
}

extension FieldValue {
    /// A choice field's stored value: `.choice(Vocabulary.LevyTax.residentTax)` is `.int(0)`.
    public static func choice(_ value: some ChoiceVocabulary) -> FieldValue { .int(value.code) }
}
