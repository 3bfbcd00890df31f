import Testing
import Foundation
import KaiseiCore
import KaiseiEvents
import Synthetic

/// The generated history is what the demo tells its story from: a 更正 corrects the income that
/// was declared, and buildings stand on land whose use fits them.
@Suite("A plausible synthetic history")
struct PlausibleHistoryTests {
    static let events: [Event] = {
        var out: [Event] = []
        Generator(tables: GeneratorTests.tables, seed: 21, scale: 0.002).run(write: { out += $0 })
        return out
    }()
    static let incomeFields = ["salary", "pension", "business_income", "other_income"]

    /// The non-zero incomes of a declaration or correction, by field.
    static func incomes(_ e: Event) -> [String: Int64] {
        var out: [String: Int64] = [:]
        for name in incomeFields {
            if let amount = e.field(name)?.int, amount != 0 { out[name] = amount }
        }
        return out
    }

    /// A choice field's code ("residential", "dwelling", …).
    static func choice(_ e: Event, _ field: String) -> String? {
        let schema = e.type.schema
        guard let i = schema.index(of: field), case .choice(let codes) = schema.fields[i].kind, let v = e.payload[i]?.int else { return nil }
        return codes[Int(v)]
    }

    /// Every income correction with the incomes of the declaration it corrects (the latest
    /// declaration of that person and income year recorded before it).
    static let corrections: [(correction: Event, declared: [String: Int64]?)] = {
        var declared: [String: [String: Int64]] = [:]
        var out: [(correction: Event, declared: [String: Int64]?)] = []
        for e in PlausibleHistoryTests.events {
            guard let year = e.field("income_year")?.int else { continue }
            let key = "\(e.subject)|\(year)"
            if e.type == .incomeDeclared { declared[key] = PlausibleHistoryTests.incomes(e) }
            if e.type == .incomeCorrected { out.append((e, declared[key])) }
        }
        return out
    }()

    @Test("a 更正 corrects the incomes that were declared: a business owner's business income, a pensioner's pension, an employee's salary")
    func correctionsKeepTheKindOfIncome() throws {
        try #require(Self.corrections.count > 20)
        var correctedKinds: Set<String> = []
        for (correction, declaration) in Self.corrections {
            let declared = try #require(declaration, "\(correction.subject): a correction without a declaration")
            let now = Self.incomes(correction)
            #expect(Set(now.keys) == Set(declared.keys), "\(correction.subject): declared \(declared), corrected \(now)")
            for (field, amount) in now where declared[field] != amount { correctedKinds.insert(field) }
        }
        #expect(correctedKinds == ["salary", "pension", "business_income"], "\(correctedKinds)")
    }

    @Test("a 更正 moves one income by a few percent and keeps the others as declared")
    func correctionsChangeOneAmountPlausibly() throws {
        for (correction, declaration) in Self.corrections {
            guard let declared = declaration else { continue }
            let now = Self.incomes(correction)
            let changed = now.filter { declared[$0.key] != $0.value }
            #expect(changed.count == 1, "\(correction.subject): declared \(declared), corrected \(now)")
            for (field, amount) in changed {
                let before = declared[field] ?? 0
                // 1–6 %, to the thousand yen.
                #expect(abs(amount - before) <= abs(before) * 7 / 100 + 1_000, "\(correction.subject) \(field): \(before) → \(amount)")
            }
        }
    }

    /// Parcels' 現況地目 and the history of their recorded use (recorded time, use), in recorded order.
    static func land() -> (category: [String: String], uses: [String: [(recorded: RecordedTime, use: String)]]) {
        var category: [String: String] = [:]
        var uses: [String: [(recorded: RecordedTime, use: String)]] = [:]
        for e in events {
            if e.type == .landParcelRegistered { category[e.subject] = choice(e, "category") }
            if e.type == .landUseRecorded, let use = choice(e, "use") { uses[e.subject, default: []].append((e.recordedAt!, use)) }
        }
        return (category, uses)
    }

    @Test("no building stands on farmland, forest or a private road: houses on residential land, shops and offices on commercial land")
    func buildingsFitTheirLand() throws {
        let (category, _) = Self.land()
        let buildings = Self.events.filter { $0.type == .buildingRegistered }
        try #require(buildings.count > 100)
        var uses: Set<String> = []
        for b in buildings {
            let parcel = try #require(b.field("parcel")?.text)
            let land = try #require(category[parcel], "\(b.subject) on an unknown parcel \(parcel)")
            let use = try #require(Self.choice(b, "use"))
            uses.insert(use)
            switch use {
            case "dwelling": #expect(land == "residential", "\(b.subject), a dwelling, on \(land) land")
            default: #expect(land == "commercial" || land == "industrial", "\(b.subject), \(use), on \(land) land")
            }
        }
        #expect(uses.contains("dwelling") && uses.contains("non_dwelling"), "\(uses)")
    }

    @Test("every dwelling's parcel has its use recorded as residential (住宅用地) by the time the dwelling is registered")
    func dwellingsHaveResidentialLandUse() throws {
        let (_, uses) = Self.land()
        for b in Self.events where b.type == .buildingRegistered && Self.choice(b, "use") == "dwelling" {
            let parcel = try #require(b.field("parcel")?.text)
            let use = uses[parcel]?.last { $0.recorded <= b.recordedAt! }?.use
            #expect(use == "residential" || use == "partly_residential", "\(b.subject) on \(parcel): land use \(use ?? "none")")
        }
    }
}
