import Foundation
import KaiseiCore
import Replay

extension Comparison {
    /// The machine-readable result (`--format json`): every figure of the report.
    public var json: JSONValue {
        func yen(_ y: Yen) -> JSONValue { .integer(y.amount) }
        func group(_ g: TaxComparison.GroupRow) -> JSONValue {
            .object([("label", .string(g.label)), ("income_from", g.incomeFrom.map(yen) ?? .null), ("income_to", g.incomeTo.map(yen) ?? .null),
                     ("subjects", .integer(Int64(g.subjects))), ("before", yen(g.before)), ("after", yen(g.after)), ("difference", yen(g.difference)),
                     ("mean_change", yen(g.meanChange)), ("pay_more", .integer(Int64(g.payMore))), ("pay_less", .integer(Int64(g.payLess)))])
        }
        func change(_ c: SubjectChange) -> JSONValue {
            .object([("subject", .string(c.subject)), ("before", yen(c.before)), ("after", yen(c.after)), ("difference", yen(c.difference)),
                     ("status_before", .string(c.statusBefore)), ("status_after", .string(c.statusAfter)), ("household_type", .string(c.household.rawValue))])
        }
        // A value not yet confirmed that the figures of one city and tax read, and on which side.
        func unverifiedValue(_ u: TaxComparison.Unverified) -> JSONValue {
            let v = u.value
            let years: [JSONValue] = v.fiscalYears.map { JSONValue.integer(Int64($0)) }
            let note: JSONValue = v.note.map { JSONValue.string($0) } ?? .null
            let fields: [(String, JSONValue)] = [
                ("key", .string(v.key)), ("city", .string(v.city.rawValue)), ("value", .string(v.value)), ("fiscal_years", .array(years)),
                ("revision", .string(v.revision)), ("file", .string(v.file)), ("line", .integer(Int64(v.line))),
                ("reference", .string(v.reference)), ("note", note), ("before", .bool(u.before)), ("after", .bool(u.after)),
            ]
            return .object(fields)
        }
        let cityObjects: [JSONValue] = cities.map { city in
            let rows = summaries.filter { $0.city == city }
            return .object([
                ("city", .string(city.rawValue)),
                ("revenue_before", yen(rows.reduce(.zero) { $0 + $1.revenueBefore })),
                ("revenue_after", yen(rows.reduce(.zero) { $0 + $1.revenueAfter })),
                ("difference", yen(rows.reduce(.zero) { $0 + $1.difference })),
                ("taxes", .array(rows.map { t in
                    .object([
                        ("tax", .string(t.tax.rawValue)),
                        ("revenue_before", yen(t.revenueBefore)), ("revenue_after", yen(t.revenueAfter)), ("difference", yen(t.difference)),
                        ("payers_before", .integer(Int64(t.payersBefore))), ("payers_after", .integer(Int64(t.payersAfter))),
                        ("pay_more", .integer(Int64(t.payMore))), ("pay_less", .integer(Int64(t.payLess))), ("same", .integer(Int64(t.same))),
                        ("became_payer", .integer(Int64(t.becamePayer))), ("stopped_paying", .integer(Int64(t.stoppedPaying))),
                        ("status_changes", .array(t.statusChanges.map { .object([("from", .string($0.from)), ("to", .string($0.to)), ("count", .integer(Int64($0.count)))]) })),
                        ("by_income_decile", .array(t.deciles.map(group))),
                        ("subjects_without_income", .integer(Int64(t.withoutIncome))),
                        ("by_household_type", .array(t.householdTypes.map(group))),
                        ("distribution", .array(t.histogram.map { .object([("band", .string($0.label)), ("subjects", .integer(Int64($0.count)))]) })),
                        ("largest_changes", .array(t.largest.map(change))),
                        ("unverified", .array(t.unverified.map(unverifiedValue))),
                    ])
                })),
            ])
        }
        func ruleSet(_ r: RuleSetInfo) -> JSONValue {
            .object([("label", .string(r.label)), ("revision_set", .string(r.hash))]
                     + (comparesCorporateTaxes ? [("corporate_revision_set", .string(r.corporateHash))] : [])
                     + [("drafts", .array(r.drafts.map { .object([("id", .string($0.id)), ("title", .string($0.title)), ("law", .string($0.law))]) }))])
        }
        let refusedJSON: [(String, JSONValue)] = refused.isEmpty ? [] : [("refused", .array(refused.map { r in
            .object([("city", .string(r.city.rawValue)), ("tax", .string(r.tax.rawValue)), ("side", .string(r.side)), ("missing", .string(r.missing.description))])
        }))]
        return .object(refusedJSON + [
            ("fiscal_year", .integer(Int64(fiscalYear))),
            ("before", ruleSet(before)), ("after", ruleSet(after)),
            ("fingerprint", .object([("watermark", .integer(watermark)), ("known_at", .string(knownAt == .distantFuture ? "now" : knownAt.description)),
                                     ("before_revision_set", .string(before.hash)), ("after_revision_set", .string(after.hash))]
                                    + (comparesCorporateTaxes ? [("before_corporate_revision_set", .string(before.corporateHash)),
                                                                 ("after_corporate_revision_set", .string(after.corporateHash))] : []))),
            ("taxes", .array(taxes.map { .string($0.rawValue) })),
            ("cities", .array(cityObjects)),
            ("changed_parameters", .array(parameterChanges.map { p in
                .object([("city", .string(p.city.rawValue)), ("fiscal_year", .integer(Int64(p.fiscalYear))), ("key", .string(p.key)),
                         ("before", p.before.map { .string($0) } ?? .null), ("after", p.after.map { .string($0) } ?? .null),
                         ("before_revision", p.beforeRevision.map { .string($0) } ?? .null), ("after_revision", p.afterRevision.map { .string($0) } ?? .null),
                         ("reference", .string(p.reference)), ("verified", .bool(p.verified))])
            })),
        ])
    }

    /// The per-subject review file: `subject,city,tax,before,after,difference`, one row per
    /// subject and tax paying on either side, sorted by city, tax and subject.
    public var csv: String {
        var out = "subject,city,tax,before,after,difference\n"
        out.reserveCapacity(changes.count * 48)
        for (c, x) in changes {
            out += "\(Self.csvField(x.subject)),\(c.rawValue),\(x.tax.rawValue),\(x.before.amount),\(x.after.amount),\(x.difference.amount)\n"
        }
        return out
    }

    static func csvField(_ s: String) -> String {
        s.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" }) ? "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : s
    }
}
