import KaiseiCore
import KaiseiEvents

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
        /// Insured in the mother's NHI household from birth (her index, and when the membership
        /// was recorded): follows her (no draws of its own until 20), and leaves with her for her
        /// employee insurance.
        var bornInsured: (mother: Int, recorded: RecordedTime)? = nil
        var pensionFirst = false
        var disabled = false
        /// 氏名 as positions in `NameTables` (set by `registerIdentity`): the surname now, the one
        /// at birth (a divorce may return to it), the given name, and whether the surname was
        /// taken from the spouse at marriage.
        var surname = 0
        var birthSurname = 0
        var givenName = 0
        var tookSpouseSurname = false
        /// The declarations of the last two income years (a 更正 corrects the one two years back).
        var latestDeclaration: Declaration?
        var previousDeclaration: Declaration?

        mutating func remember(_ declaration: Declaration) {
            previousDeclaration = latestDeclaration
            latestDeclaration = declaration
        }

        func declaration(of incomeYear: Int) -> Declaration? {
            if let d = latestDeclaration, d.incomeYear == incomeYear { return d }
            if let d = previousDeclaration, d.incomeYear == incomeYear { return d }
            return nil
        }
    }
    /// An income as declared (`IncomeDeclared`), kept so that its 更正 corrects the same income.
    struct Declaration {
        /// What the declaration was about: the income a correction of it changes.
        enum Kind { case salary, pension, business }
        var incomeYear: Int
        var kind: Kind
        var salary: Int64?
        var pension: Int64?
        var businessIncome: Int64?

        /// The field a 更正 of this declaration changes, and its declared amount.
        var correctable: (field: String, amount: Int64) {
            switch kind {
            case .salary: return ("salary", salary ?? 0)
            case .pension: return ("pension", pension ?? 0)
            case .business: return ("business_income", businessIncome ?? 0)
            }
        }
    }
    struct Household {
        var head: Int
        var parcel: Int?
        var members: [Int] = []
        /// Drawn when first needed (`Simulation.householdAddress`), redrawn when the household moves.
        var address: Address? = nil
    }
    struct Vehicle { var owner: Int; var registered: Bool }
    struct Parcel {
        /// 現況地目, one of `EventType.landCategories`.
        enum Category: String {
            case residential, commercial, farmland, miscellaneous
            var code: Int64 { Int64(EventType.landCategories.firstIndex(of: rawValue)!) }
        }
        var owner: Int
        var area: Int64           // hundredths of m²
        var category: Category
        var value: Int64
        var vacantRecommended = false
        var idleRecommended = false
        /// Besides `owner`: a spouse on the family home, neighbours on a shared private road.
        var coOwners: [Int] = []
        var closed = false
        /// Buildings standing on the parcel (at most one is ever placed on a lot).
        var standingBuildings = 0
        var owners: [Int] { [owner] + coOwners }
        var farmland: Bool { category == .farmland }
    }
    /// A building: a dwelling (`dwellings` > 0) on residential land, or a shop or office on
    /// commercial land.
    struct Building { var parcel: Int; var value: Int64; var dwellings: Int64; var standing = true }

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
