import KaiseiCore

/// The simulated people and things of one city, indexed by position (no hashing, so the
/// generator is deterministic).
struct CityModel {
    struct Person {
        var birth: CivilDate
        var female: Bool
        var household: Int
        var resident = true
        var spouse: Int?
        var supporter: Int?          // who claims this person as a dependant
        var salaryFactor: Int64      // per mille around the median for the age
        var partTime: Bool
        var business: Bool
        var nhi = false
        var pensionFirst = false
        var disabled = false
    }
    struct Household { var head: Int; var parcel: Int?; var members: [Int] = [] }
    struct Vehicle { var owner: Int; var registered: Bool }
    struct Parcel {
        var owner: Int
        var area: Int64           // hundredths of m²
        var farmland: Bool
        var value: Int64
        var vacantRecommended = false
        var idleRecommended = false
        /// Besides `owner`: a spouse on the family home, neighbours on a shared private road.
        var coOwners: [Int] = []
        var closed = false
        var owners: [Int] { [owner] + coOwners }
    }
    struct Building { var parcel: Int; var value: Int64; var standing = true }

    let city: City
    let prefix: String
    var people: [Person] = []
    var households: [Household] = []
    var vehicles: [Vehicle] = []
    var parcels: [Parcel] = []
    var buildings: [Building] = []

    init(city: City) {
        self.city = city
        prefix = city == .okazaki ? "okz" : "toy"
    }

    func personId(_ i: Int) -> String { "\(prefix)-r-\(pad(i))" }
    func householdId(_ i: Int) -> String { "\(prefix)-h-\(pad(i))" }
    func vehicleId(_ i: Int) -> String { "\(prefix)-v-\(pad(i))" }
    func parcelId(_ i: Int) -> String { "\(prefix)-l-\(pad(i))" }
    func buildingId(_ i: Int) -> String { "\(prefix)-b-\(pad(i))" }

    func pad(_ i: Int) -> String {
        let s = String(i)
        return s.count >= 7 ? s : String(repeating: "0", count: 7 - s.count) + s
    }
}
