import Testing
import Foundation
import KaiseiCore
import KaiseiEvents
import EventStore
import Law
import Replay
import Assessment
import Synthetic
import TestSupport

/// A metamorphic check of the fold: the same facts, recorded in another valid order, give the
/// same assessments once everything is known. A city learns of a building before its parcel,
/// of a vehicle before its owner moves in, of a dependant relation before the dependant's
/// registration; none of that changes what holds on the 賦課期日.
///
/// The reordering is generated from the population, not written by hand: targeted swaps of
/// events about different subjects that refer to each other (building ↔ parcel, vehicle ↔
/// owner, parcel ↔ owner, relation ↔ relative, household head ↔ registration, NHI membership
/// ↔ household), plus random moves of unrelated events. Each event keeps its valid date and
/// payload; only its place in the log changes, and recorded times are handed out again in the
/// new order so the store accepts it. Each subject's own events keep their order (so do a
/// household's head designations and its head's registration, which write the same state):
/// that is what makes the new order a valid history of the same facts.
@Suite("The same facts recorded in another valid order give the same assessments")
struct MetamorphicOrderTests {
    private static let reordering = Reordering(seed: 31, scale: 0.002)
    static let fiscalYears = [2020, 2025]

    @Test("the reordered log is a valid history: the same events and valid dates, each subject's events in order, recorded times never going back")
    func reorderingIsValid() {
        let r = Self.reordering
        #expect(r.permuted.count == r.original.count)
        let originalById = Dictionary(uniqueKeysWithValues: r.original.enumerated().map { ($1.id, (index: $0, event: $1)) })
        var changed: [String] = []
        for e in r.permuted {
            guard var o = originalById[e.id]?.event else { changed.append("\(e.id) is not in the generated log"); continue }
            o.recordedAt = e.recordedAt
            if o != e { changed.append("\(e.id) differs from the generated event other than in its recorded time") }
        }
        #expect(changed.isEmpty, "\(changed.prefix(10))")
        var regressions = 0
        for (a, b) in zip(r.permuted, r.permuted.dropFirst()) where b.recordedAt! < a.recordedAt! { regressions += 1 }
        #expect(regressions == 0, "recorded time goes back \(regressions) times")
        // Every chain (a subject's events; a household's head) keeps its generated order.
        var lastSeen: [String: Int] = [:]
        var outOfOrder: [String] = []
        for e in r.permuted {
            let i = originalById[e.id]!.index
            for k in Reordering.chainKeys(e) {
                if let j = lastSeen[k], j > i { outOfOrder.append("\(k): \(e.id) after a later event of the same chain") }
                lastSeen[k] = i
            }
        }
        #expect(outOfOrder.isEmpty, "\(outOfOrder.prefix(10))")
        let moved = zip(r.permuted, r.original).filter { $0.id != $1.id }.count
        #expect(moved > r.original.count / 10, "only \(moved) of \(r.original.count) events changed place")
        for kind in Reordering.Kind.allCases {
            #expect(r.realized[kind, default: 0] >= kind.minimum,
                    "\(kind.rawValue): \(r.realized[kind, default: 0]) swapped of \(r.proposed[kind, default: 0]) proposed")
        }
    }

    @Test("every levy of FY2020 and FY2025 in both cities is the same per subject, whichever valid order the facts were recorded in")
    func sameAssessments() throws {
        let r = Self.reordering
        let generated = try storeAndReplay(r.original)
        let reordered = try storeAndReplay(r.permuted)
        var differences: [String] = []
        var compared = 0, cityPlanningLevies = 0
        for city in City.allCases {
            let before = try #require(generated[city]), after = try #require(reordered[city])
            for fy in Self.fiscalYears {
                let p = LevyParameters(ruleBase: Checkout.ruleBase, city: city, fiscalYear: fy, asOf: .distantFuture)
                let a = assessments(before, fiscalYear: fy, p)
                let b = assessments(after, fiscalYear: fy, p)
                compared += a.count
                cityPlanningLevies += a.keys.filter { $0.hasSuffix(" \(LevyTax.cityPlanningTax.rawValue)") }.count
                for key in Set(a.keys).union(b.keys).sorted() where a[key] != b[key] {
                    differences.append("\(city.rawValue) FY\(fy) \(key): as generated [\(a[key] ?? "none")], reordered [\(b[key] ?? "none")]")
                }
            }
        }
        var message = ["\(differences.count) difference(s) between the generated and the reordered log:"] + differences.prefix(30).map { "  " + $0 }
        if differences.count > 30 { message.append("  … and \(differences.count - 30) more") }
        #expect(differences.isEmpty, "\(message.joined(separator: "\n"))")
        #expect(compared >= 3_000, "only \(compared) figures compared")
        #expect(cityPlanningLevies >= 100, "only \(cityPlanningLevies) 都市計画税 levies compared")
    }
}

/// Imports the events into a fresh store (in batches, as the importer does) and replays it
/// all: the state a clerk's `kaisei assess` would start from.
private func storeAndReplay(_ events: [Event]) throws -> [City: Population] {
    let store = try TemporaryStore()
    defer { store.cleanUp() }
    for start in stride(from: 0, to: events.count, by: 20_000) {
        _ = try store.log.append(events[start..<min(start + 20_000, events.count)].map { AppendRequest($0) })
    }
    #expect(try store.log.head().seq == Int64(events.count), "not every event was appended")
    return try Replayer.replay(knownAt: .distantFuture) { visit in try store.log.replayScan(visit) }
}

/// Every figure of a fiscal year by subject: the levy lines a levy run records (resident tax,
/// light vehicle, fixed asset, city planning, NHI per taxpayer), and the parts behind them
/// (each resident's tax, vehicle, parcel, building and NHI household), so a difference names
/// the thing that moved as well as the levy.
private func assessments(_ pop: Population, fiscalYear fy: Int, _ p: LevyParameters) -> [String: String] {
    var out: [String: String] = [:]
    for line in pop.levyLines(fiscalYear: fy, p) { out["levy \(line.subject) \(line.tax.rawValue)"] = line.amount.grouped }
    for (id, _) in pop.residents where pop.isResident(id, fiscalYear: fy) {
        guard let facts = pop.taxpayerFacts(id, fiscalYear: fy) else { continue }
        let r = ResidentTax.assess(facts, fiscalYear: fy, p.residentTax)
        out["resident tax \(id)"] = "市 所得割 \(r.cityIncomeLevy.grouped), 県 所得割 \(r.prefectureIncomeLevy.grouped), 均等割 \(r.cityPerCapita.grouped)+\(r.prefecturePerCapita.grouped), 森林環境税 \(r.forestEnvironmentTax.grouped)"
    }
    for a in pop.lightVehicleTax(fiscalYear: fy, p.lightVehicle) {
        out["vehicle \(a.vehicle)"] = "owner \(a.owner), \(a.result.amount.grouped) \(a.result.basis.rawValue)"
    }
    for id in pop.parcels.keys {
        guard let y = pop.landYear(id, fiscalYear: fy, firstYear: p.firstYear, params: p.fixedAsset) else { continue }
        out["land \(id)"] = "固定 base \(y.fixedAsset.total.grouped), 都計 base \(y.cityPlanning.total.grouped)"
    }
    for id in pop.buildings.keys {
        guard let b = pop.buildingYear(id, fiscalYear: fy, p.fixedAsset[fy - p.firstYear]) else { continue }
        out["building \(id)"] = "owners \(b.owners), base \(b.year.base.grouped), 新築減額 \(b.year.newHousingShare), 市街化区域 \(b.year.urbanizationArea)"
    }
    for h in pop.nhiHouseholds(fiscalYear: fy, maternity: p.nhi.maternityWindow) {
        let r = NHI.assess(h.facts, fiscalYear: fy, p.nhi)
        out["nhi \(h.household)"] = "payer \(h.payer), 軽減 level \(r.reductionLevel), total \(r.total.grouped)"
    }
    return out
}

/// A generated population's events and the same events in another valid log order.
private struct Reordering: Sendable {
    enum Kind: String, CaseIterable, Sendable {
        case buildingBeforeParcel = "a building registered before its parcel"
        case parcelBeforeBuilding = "a parcel registered before a building logged ahead of it"
        case vehicleBeforeOwner = "a vehicle registered before its owner"
        case transferBeforeOwner = "a vehicle passed to an owner not yet registered"
        case parcelBeforeOwner = "a parcel registered before its owner"
        case propertyTransferBeforeOwner = "a parcel or building passed to an owner not yet registered"
        case relationBeforeRelative = "a spouse or dependant relation before the other person's registration"
        case headBeforeRegistration = "a household head designated before that person's registration"
        case membershipBeforeHousehold = "an NHI membership before its household's head designation"
        case unrelated = "unrelated events moved up to 3,000 places earlier"

        /// How many swaps of the kind the generated reordering must contain at least.
        var minimum: Int {
            switch self {
            case .buildingBeforeParcel: return 50
            case .vehicleBeforeOwner, .parcelBeforeOwner, .relationBeforeRelative: return 20
            case .parcelBeforeBuilding: return 10
            case .transferBeforeOwner, .propertyTransferBeforeOwner, .headBeforeRegistration, .membershipBeforeHousehold: return 3
            case .unrelated: return 100
            }
        }
    }

    let original: [Event]
    let permuted: [Event]
    /// Swaps asked for and swaps present in the permuted log, by kind.
    let proposed: [Kind: Int]
    let realized: [Kind: Int]

    /// The chains whose order the fold depends on: the subject's own events, and a household's
    /// head, which both its designations and its head's registration (続柄 世帯主) write.
    static func chainKeys(_ e: Event) -> [String] {
        let subject = "\(e.city.rawValue)/\(e.subject)"
        if e.type == .residentRegistered, EventJSON.payloadJSON(e)["relationship_to_head"] == .string("head"), let h = e.field("household")?.text {
            return [subject, "\(e.city.rawValue)/\(h)"]
        }
        return [subject]
    }

    init(seed: UInt64, scale: Double) {
        let tables = try! Tables.load(Checkout.root.appendingPathComponent("tools/population/tables.json"))
        var events: [Event] = []
        Generator(tables: tables, seed: seed, scale: scale).run(write: { events += $0 })
        original = events
        let n = events.count

        // Where each subject's registration sits in the generated log.
        var registered: [String: Int] = [:], parcelRegistered: [String: Int] = [:], headDesignated: [String: Int] = [:]
        var buildingsByParcel: [String: [Int]] = [:]
        for (i, e) in events.enumerated() {
            let key = "\(e.city.rawValue)/\(e.subject)"
            switch e.type {
            case .residentRegistered: if registered[key] == nil { registered[key] = i }
            case .landParcelRegistered: if parcelRegistered[key] == nil { parcelRegistered[key] = i }
            case .householdHeadDesignated: if headDesignated[key] == nil { headDesignated[key] = i }
            case .buildingRegistered:
                if let parcel = e.field("parcel")?.text { buildingsByParcel["\(e.city.rawValue)/\(parcel)", default: []].append(i) }
            default: break
            }
        }

        // Swaps: event x is to come before event y, which the generated log has first.
        var rng = SplitMix(seed: seed ^ 0x5EED_0F_0DE5)
        var swaps: [(x: Int, y: Int, kind: Kind)] = []
        func propose(_ x: Int, before y: Int?, _ kind: Kind) {
            guard let y, y < x else { return }
            swaps.append((x, y, kind))
        }
        for parcel in buildingsByParcel.keys.sorted() {
            guard let p = parcelRegistered[parcel], let buildings = buildingsByParcel[parcel] else { continue }
            // Two parcels in three: every building before the parcel; otherwise the parcel before all.
            if rng.below(3) < 2 {
                for b in buildings { propose(b, before: p, .buildingBeforeParcel) }
            } else {
                propose(p, before: buildings.min(), .parcelBeforeBuilding)
            }
        }
        for (x, e) in events.enumerated() {
            let city = e.city.rawValue
            func registration(_ person: String?) -> Int? { person.flatMap { registered["\(city)/\($0)"] } }
            switch e.type {
            case .lightVehicleRegistered:
                if rng.chance(0.5) { propose(x, before: registration(e.field("owner")?.text), .vehicleBeforeOwner) }
            case .lightVehicleTransferred:
                if rng.chance(0.5) { propose(x, before: registration(e.field("new_owner")?.text), .transferBeforeOwner) }
            case .landParcelRegistered:
                if rng.chance(0.5) { propose(x, before: (e.field("owners")?.list ?? []).compactMap { registration($0) }.min(), .parcelBeforeOwner) }
            case .propertyOwnershipTransferred:
                if rng.chance(0.5) { propose(x, before: (e.field("owners")?.list ?? []).compactMap { registration($0) }.min(), .propertyTransferBeforeOwner) }
            case .relationshipStarted:
                if rng.chance(0.5) { propose(x, before: registration(e.field("other")?.text), .relationBeforeRelative) }
            case .householdHeadDesignated:
                if rng.chance(0.5) { propose(x, before: registration(e.field("head")?.text), .headBeforeRegistration) }
            case .nhiMembershipStarted:
                if rng.chance(0.5), let h = e.field("household")?.text { propose(x, before: headDesignated["\(city)/\(h)"], .membershipBeforeHousehold) }
            default: break
            }
            if x > 0 && rng.chance(0.02) { propose(x, before: x - 1 - rng.below(min(x, 3_000)), .unrelated) }
        }

        // Each moved event takes a place just before its y. An event's earlier events in any of
        // its chains move up with it (a key is the smallest of its own and those of the later
        // events of its chains), so sorting by key keeps every chain in order.
        var key = (0..<n).map { Double($0) }
        for s in swaps { key[s.x] = min(key[s.x], Double(s.y) - 0.5) }
        let chains = events.map(Self.chainKeys)
        var nextInChain: [String: Int] = [:]
        for i in stride(from: n - 1, through: 0, by: -1) {
            for k in chains[i] {
                if let later = nextInChain[k] { key[i] = min(key[i], key[later]) }
                nextInChain[k] = i
            }
        }
        let order = (0..<n).sorted { (key[$0], $0) < (key[$1], $1) }
        // Recorded times are handed out again in the new order: the k-th event of the new log
        // gets the k-th recorded time of the generated one, so they never go back.
        permuted = order.enumerated().map { (k: Int, i: Int) -> Event in
            var e = events[i]
            e.recordedAt = events[k].recordedAt
            return e
        }
        var position = [Int](repeating: 0, count: n)
        for (k, i) in order.enumerated() { position[i] = k }
        var proposed: [Kind: Int] = [:], realized: [Kind: Int] = [:]
        for s in swaps {
            proposed[s.kind, default: 0] += 1
            if position[s.x] < position[s.y] { realized[s.kind, default: 0] += 1 }
        }
        self.proposed = proposed
        self.realized = realized
    }
}
