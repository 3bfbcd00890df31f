import KaiseiCore
import Law

/// A light vehicle's register entry: who owns it and whether it is registered, over valid time.
public struct VehicleState: Sendable {
    public var facts: VehicleFacts
    public var owner = Timeline<String>()
    public var registered = Timeline<Bool>()
    public init(facts: VehicleFacts) { self.facts = facts }
}

/// A land parcel's ledger entry with its valid-time history: owners, use, valuations by
/// assessment year, and the recommendations that change its treatment.
public struct ParcelState: Sendable {
    public var category: LandCategory = .residential
    public var areaCentiM2: Int64 = 0
    public var urbanizationArea = false
    public var open = Timeline<Bool>()
    public var owners = Timeline<[String]>()
    public var use = Timeline<ParcelUse>()
    /// 評価額 by the assessment year it applies from, in year order; a later event for the same
    /// year replaces it.
    public var values = AssessedValues()
    public var vacant = Timeline<VacantHouseCategory?>()
    public var idleFarmland = Timeline<Bool>()
    public var buildings: [String] = []

    public func value(fiscalYear fy: Int) -> Yen? { values.value(fiscalYear: fy) }
}

/// Values by assessment year, kept sorted: the 評価額 in force for a fiscal year is that of the
/// latest assessment year not after it.
public struct AssessedValues: Sendable {
    public private(set) var entries: [(year: Int, value: Yen)] = []
    public init() {}
    public mutating func set(_ year: Int, _ value: Yen) {
        if let i = entries.firstIndex(where: { $0.year >= year }) {
            if entries[i].year == year { entries[i].value = value } else { entries.insert((year, value), at: i) }
        } else { entries.append((year, value)) }
    }
    public func value(fiscalYear fy: Int) -> Yen? {
        var found: Yen?
        for e in entries { if e.year > fy { break }; found = e.value }
        return found
    }
}

public struct ParcelUse: Sendable, Equatable {
    public var use: LandUse
    public var dwellings: Int
    public var sharePercent: Int?
    public var floors: Int?
}

public struct BuildingState: Sendable {
    public var parcel: String
    public var facts: BuildingFacts
    public var owners = Timeline<[String]>()
    public var standing = Timeline<Bool>()
    public var values = AssessedValues()

    public func value(fiscalYear fy: Int) -> Yen? { values.value(fiscalYear: fy) }
}
