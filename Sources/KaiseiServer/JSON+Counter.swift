import KaiseiCore
import Replay
import Law
import Assessment
import EventStore
import Counter

/// The API's JSON for the counter's answers. Keys are snake_case and stable: the pages and the
/// cities' scripts read them (documented in /openapi.json).
enum CounterJSON {
    static func string(_ s: String?) -> JSONValue { s.map { .string($0) } ?? .null }
    static func date(_ d: CivilDate?) -> JSONValue { d.map { .string($0.description) } ?? .null }
    static func yen(_ y: Yen) -> JSONValue { .integer(y.amount) }

    static func hit(_ h: SearchHit) -> JSONValue {
        .object([("id", .string(h.id)), ("name", string(h.name)), ("kana", string(h.kana)), ("birth_date", date(h.birthDate)),
                 ("address", string(h.address)), ("registered", .bool(h.registered)), ("former_name", .bool(h.formerName))])
    }

    static func search(_ a: SearchAnswer) -> JSONValue {
        .object([("results", .array(a.hits.map(hit))), ("truncated", .bool(a.truncated)), ("known_at", .string(a.knownAt.description))])
    }

    static func address(_ a: RegisteredAddress?) -> JSONValue {
        guard let a else { return .null }
        return .object([("town", .string(a.town)), ("block", .string(a.block)), ("building", string(a.building)),
                        ("postal_code", string(a.postalCode)), ("line", .string(a.line))])
    }

    static func corporations(_ a: CorporationAnswer) -> JSONValue {
        .object([("results", .array(a.hits.map { h in
            .object([("id", .string(h.id)), ("name", string(h.name)), ("kana", string(h.kana)), ("corporate_number", string(h.corporateNumber)),
                     ("address", string(h.address)), ("former_name", .bool(h.formerName))])
        })), ("truncated", .bool(a.truncated)), ("known_at", .string(a.knownAt.description))])
    }

    static func corporation(_ r: CorporationRecord) -> JSONValue {
        .object([
            ("id", .string(r.id)), ("city", .string(r.city.rawValue)), ("known_at", .string(r.knownAt.description)),
            ("watermark", .integer(r.watermark)), ("name", string(r.name?.name)), ("kana", string(r.name?.kana)),
            ("corporate_number", string(r.corporateNumber)), ("public_interest", .bool(r.publicInterest)), ("individual", .bool(r.individual)),
            ("registered", date(r.registered)),
            ("address", address(r.address)),
            ("names", .array(r.names.map { c in
                .object([("name", .string(c.value.name)), ("kana", .string(c.value.kana)), ("valid_from", date(c.valid)),
                         ("recorded_at", .string(c.recordedAt.description))])
            })),
            ("offices", .array(r.offices.map { o in
                .object([("office", .string(o.office)), ("floor_centi_m2", .integer(o.floor.floorCentiM2)), ("opened", date(o.opened)), ("closed", date(o.closed))])
            })),
            ("returns", .array(r.returns.map { x in
                .object([("kind", .string(x.kind.rawValue)), ("period_start", date(x.periodStart)), ("period_end", date(x.periodEnd)),
                         ("filed", date(x.filed)), ("recorded_at", x.recordedAt.map { .string($0.description) } ?? .null), ("deemed", .bool(x.deemed)),
                         ("proprietor_died", .bool(x.proprietorDied))])
            })),
            ("levies", levies(r.levies)),
        ])
    }

    /// Levies by tax and fiscal year, each with its 当初 and 更正 and what was paid.
    static func levies(_ all: [ResidentRecord.LevyYear]) -> JSONValue {
        var byTax: [(String, JSONValue)] = []
        for tax in LevyTax.allCases {
            let years = all.filter { $0.tax == tax }
            guard !years.isEmpty else { continue }
            byTax.append((tax.rawValue, .array(years.map { y in
                .object([
                    ("fiscal_year", .integer(Int64(y.fiscalYear))), ("taxpayer", .string(y.taxpayer)), ("name", .string(tax.japaneseName)),
                    ("amount", yen(y.amount)), ("paid", yen(y.paid)), ("outstanding", yen(y.outstanding)),
                    ("overdue", yen(y.overdue)), ("late_interest_unpaid", y.lateInterestUnpaid.map(yen) ?? .null),
                    ("demand_fees_unpaid", yen(y.demandFeesUnpaid)),
                    ("corrections", .array(y.history.map { e in
                        .object([("kind", .string(e.corrected ? "更正" : "当初")), ("amount", yen(e.amount)), ("notice_date", date(e.noticeDate)),
                                 ("recorded_at", .string(e.recordedAt.description)), ("revision_set", .string(e.revisionSet))])
                    })),
                ])
            })))
        }
        return .object(byTax)
    }

    static func resident(_ r: ResidentRecord) -> JSONValue {
        .object([
            ("id", .string(r.id)), ("city", .string(r.city.rawValue)), ("known_at", .string(r.knownAt.description)),
            ("watermark", .integer(r.watermark)),
            ("name", string(r.name?.name)), ("kana", string(r.name?.kana)), ("birth_date", date(r.birthDate)),
            ("sex", .string(r.female ? "female" : "male")), ("registered", .bool(r.registered)),
            ("address", address(r.address)), ("household", string(r.household)), ("household_head", string(r.householdHead)),
            ("names", .array(r.names.map { c in
                .object([("name", .string(c.value.name)), ("kana", .string(c.value.kana)), ("valid_from", date(c.valid)),
                         ("recorded_at", .string(c.recordedAt.description))])
            })),
            ("addresses", .array(r.addresses.map { c in
                .object([("address", address(c.value)), ("valid_from", date(c.valid)), ("recorded_at", .string(c.recordedAt.description))])
            })),
            ("levies", levies(r.levies)),
            ("national_pension", .array(r.pension.map { p in
                .object([("fiscal_year", .integer(Int64(p.fiscalYear))), ("enrolled", .bool(p.enrolled)), ("exemption", string(p.exemption))])
            })),
        ])
    }

    static func steps(_ steps: [TraceStep]) -> JSONValue {
        .array(steps.map { s in
            .object([("label", .string(s.label)), ("amount", yen(s.amount)), ("reference", .string(s.reference)), ("revision", string(s.revision))])
        })
    }

    static func householdNHI(_ h: HouseholdNHI) -> JSONValue {
        .object([
            ("household", .string(h.household)), ("fiscal_year", .integer(Int64(h.fiscalYear))), ("known_at", .string(h.knownAt.description)),
            ("payer", string(h.payer)),
            ("members", .array(h.members.map { m in
                .object([("id", .string(m.id)), ("name", string(m.name)), ("birth_date", date(m.birthDate)),
                         ("months", .array(m.months.map { .bool($0) })), ("preschool", .bool(m.preschool))])
            })),
            ("reduction", h.result.map { r in .string(["なし", "2割", "5割", "7割"][max(0, min(3, r.reductionLevel))]) } ?? .null),
            ("parts", .array((h.result?.parts ?? []).map { p in
                .object([("part", .string(p.part)), ("income_levy", yen(p.incomeLevy)), ("per_capita", yen(p.perCapita)),
                         ("per_household", yen(p.perHousehold)), ("capped", .bool(p.capped)), ("cap", yen(p.cap)), ("amount", yen(p.amount))])
            })),
            ("total", h.result.map { yen($0.total) } ?? .null),
            ("steps", steps(h.result?.steps ?? [])),
            ("refused", .array(h.refused.map { .string("\($0)") })),
        ])
    }

    static func assessment(id: String, fiscalYear: Int, _ a: (levies: [Levy], refused: [LevyTax: [MissingParameter]], knownAt: RecordedTime)) -> JSONValue {
        .object([
            ("subject", .string(id)), ("fiscal_year", .integer(Int64(fiscalYear))), ("known_at", .string(a.knownAt.description)),
            ("levies", .array(a.levies.map { l in
                .object([("tax", .string(l.tax.rawValue)), ("name", .string(l.tax.japaneseName)), ("taxpayer", .string(l.taxpayer)),
                         ("object", string(l.object)), ("amount", yen(l.amount)), ("steps", steps(l.steps))])
            })),
            ("refused", .object(a.refused.sorted { $0.key < $1.key }.map { ($0.key.rawValue, .array($0.value.map { .string("\($0)") })) })),
        ])
    }
}
