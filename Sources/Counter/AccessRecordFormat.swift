import KaiseiCore
import EventStore

/// The access records as the auditors read them: one JSON object each, or CSV for a
/// spreadsheet. `kaisei audit-log` and the service's /api/audit print the same.
public enum AccessRecordFormat {
    public static func json(_ r: StoredAccessRecord) -> JSONValue {
        .object([
            ("seq", .integer(r.seq)), ("at", .string(r.record.at.description)), ("city", .string(r.record.city.rawValue)),
            ("staff", .string(r.record.staff)), ("role", .string(r.record.role)), ("purpose", .string(r.record.purpose)),
            ("route", .string(r.record.route)), ("subjects", .array(r.record.subjects.map { .string($0) })), ("detail", .string(r.record.detail)),
        ])
    }

    public static let csvHeader = "seq,at,city,staff,role,purpose,route,subjects,detail"

    public static func csvLine(_ r: StoredAccessRecord) -> String {
        [String(r.seq), r.record.at.description, r.record.city.rawValue, r.record.staff, r.record.role, r.record.purpose,
         r.record.route, r.record.subjects.joined(separator: " "), r.record.detail].map(csvField).joined(separator: ",")
    }

    public static func csv(_ records: [StoredAccessRecord]) -> String {
        ([csvHeader] + records.map(csvLine)).joined(separator: "\n") + "\n"
    }

    /// RFC 4180 quoting, and a leading `=`, `+`, `-` or `@` defused so a spreadsheet does not
    /// run it as a formula.
    public static func csvField(_ s: String) -> String {
        var v = s
        if let first = v.first, "=+-@".contains(first) { v = "'" + v }
        if v.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" }) { return "\"" + v.replacingOccurrences(of: "\"", with: "\"\"") + "\"" }
        return v
    }
}
