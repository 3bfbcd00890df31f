import KaiseiCore
import KaiseiEvents

/// A one-line summary of an event's fields, for the answer a command prints.
public enum EventSummary {
    /// The fields present, as `name=value` in schema order: yen grouped with ¥, choices by
    /// code, dates ISO, free text cut at 24 characters.
    ///
    /// With amounts the line shows incomes and other personal figures: it belongs in a command's
    /// standard output (the clerk's answer), never in a log or an error message. Pass
    /// `amounts: false` for a line that names yen fields without their values.
    ///
    /// Example: `income_year=2025 salary=¥6,200,000 reason=税務署からの更正通知`.
    public static func fields(_ event: Event, amounts: Bool = true) -> String {
        var parts: [String] = []
        for (index, field) in event.type.schema.fields.enumerated() {
            guard let value = event.payload[index] else { continue }
            parts.append(field.name + "=" + text(value, kind: field.kind, amounts: amounts))
        }
        return parts.joined(separator: " ")
    }

    static func text(_ value: FieldValue, kind: FieldKind, amounts: Bool) -> String {
        switch (kind, value) {
        case (.yen, .int(let n)), (.signedYen, .int(let n)):
            return amounts ? Yen(n).description : "¥…"
        case (.date, .int(let n)):
            return CivilDate(packed: Int(n))?.description ?? String(n)
        case (.yearMonth, .int(let n)):
            return YearMonth(packed: Int(n))?.description ?? String(n)
        case (.choice(let codes), .int(let n)):
            return codes.indices.contains(Int(n)) ? codes[Int(n)] : String(n)
        case (.area, .int(let n)):
            let hundredths = n % 100
            return "\(n / 100).\(hundredths < 10 ? "0" : "")\(hundredths)m²"
        case (_, .text(let s)):
            return s.count > 24 ? String(s.prefix(24)) + "…" : s
        case (_, .list(let ids)):
            return ids.joined(separator: ",")
        case (_, .bool(let b)):
            return b ? "true" : "false"
        case (_, .int(let n)):
            return String(n)
        }
    }
}
