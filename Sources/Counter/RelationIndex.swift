import KaiseiCore
import Replay

/// Who is connected to whom, over all time, in one city's state: the reverse of the links the
/// fold keeps forward (a household's members, an owner's vehicles and properties, the co-owner
/// groups a person belongs to). Because the log only grows, every link known at a past moment
/// is in the current state too, so a neighbourhood read here is a superset of the one known
/// then: what a scoped replay needs (`ScopedReplay`).
public struct RelationIndex: Sendable {
    public private(set) var householdMembers: [String: Set<String>] = [:]
    public private(set) var householdsHeaded: [String: Set<String>] = [:]
    public private(set) var vehiclesOwned: [String: Set<String>] = [:]
    public private(set) var parcelsOwned: [String: Set<String>] = [:]
    public private(set) var buildingsOwned: [String: Set<String>] = [:]
    /// Ledger subjects (`a:b` co-owner groups) a person is one of.
    public private(set) var taxpayerGroups: [String: Set<String>] = [:]

    public init(_ pop: Population) {
        for (id, r) in pop.residents {
            for e in r.household.entries { householdMembers[e.value, default: []].insert(id) }
            for e in r.nhi.entries { if let h = e.value { householdMembers[h, default: []].insert(id) } }
            if let t = r.nhiToElderly { householdMembers[t.household, default: []].insert(id) }
        }
        for (h, t) in pop.householdHeads { for e in t.entries { householdsHeaded[e.value, default: []].insert(h) } }
        for (id, v) in pop.vehicles { for e in v.owner.entries { vehiclesOwned[e.value, default: []].insert(id) } }
        for (id, l) in pop.parcels { for e in l.owners.entries { for o in e.value { parcelsOwned[o, default: []].insert(id) } } }
        for (id, b) in pop.buildings { for e in b.owners.entries { for o in e.value { buildingsOwned[o, default: []].insert(id) } } }
        for key in pop.ledger.levies.keys where key.contains(":") {
            for member in key.split(separator: ":") { taxpayerGroups[String(member), default: []].insert(key) }
        }
        for key in pop.ledger.payments.keys where key.contains(":") {
            for member in key.split(separator: ":") { taxpayerGroups[String(member), default: []].insert(key) }
        }
    }
}
