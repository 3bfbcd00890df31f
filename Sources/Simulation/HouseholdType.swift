import KaiseiCore
import Replay

/// The household types a change-control meeting reads a change by, judged on 1 January of the
/// fiscal year from the registered household (住民基本台帳の世帯).
public enum HouseholdType: String, Sendable, CaseIterable, Comparable {
    case single, couple, withChildren = "with_children", elderlyOnly = "elderly_only", other
    /// The subject is not a registered resident that day (an owner living elsewhere, a company).
    case noHousehold = "no_household"

    public var japaneseName: String {
        switch self {
        case .single: "単身世帯"
        case .couple: "夫婦のみ世帯"
        case .withChildren: "18歳未満の子のいる世帯"
        case .elderlyOnly: "65歳以上のみの世帯"
        case .other: "その他の世帯"
        case .noHousehold: "市内に世帯なし"
        }
    }
    public static func < (a: Self, b: Self) -> Bool { allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)! }
}

/// Every resident's household type on one day, built once per city and fiscal year.
public struct HouseholdIndex: Sendable {
    public let day: CivilDate
    private var typeOf: [String: HouseholdType] = [:]

    public init(_ pop: Population, fiscalYear fy: Int) {
        let day = CivilDate(year: fy, month: 1, day: 1)!
        self.day = day
        var members: [String: [String]] = [:]
        for (id, r) in pop.residents where r.resident.value(on: day) == true {
            if let h = r.household.value(on: day) { members[h, default: []].append(id) }
        }
        // A marriage is recorded on one partner's stream: either side may name the other.
        func married(_ a: String, _ b: String) -> Bool { (pop.residents[a]?.spouse.value(on: day) ?? nil) == b }
        for (_, unordered) in members {
            // Sorted, so the judgement never depends on the dictionary's (per-process) order.
            let ids = unordered.sorted()
            let ages = ids.map { pop.residents[$0]?.birthDate.map { Self.age($0, on: day) } ?? 40 }
            let type: HouseholdType
            if ages.allSatisfy({ $0 >= 65 }) { type = .elderlyOnly }
            else if ids.count == 1 { type = .single }
            else if ages.contains(where: { $0 < 18 }) { type = .withChildren }
            else if ids.count == 2, married(ids[0], ids[1]) || married(ids[1], ids[0]) { type = .couple }
            else { type = .other }
            for id in ids { typeOf[id] = type }
        }
    }

    public func type(of subject: String) -> HouseholdType { typeOf[subject] ?? .noHousehold }

    static func age(_ birth: CivilDate, on day: CivilDate) -> Int {
        day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day) ? 1 : 0)
    }
}
