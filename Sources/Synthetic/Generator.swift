import KaiseiCore
import KaiseiEvents

/// `kaisei generate`: a synthetic population of Okazaki and Toyohashi, FY2013–FY2027, as the
/// events their systems would have recorded, in recorded-time order. Same seed and scale ⇒ the
/// same bytes on any machine.
public struct Generator {
    public let tables: Tables
    public let seed: UInt64
    public let scale: Double
    public static let years = 2013...2027

    public init(tables: Tables, seed: UInt64, scale: Double) {
        self.tables = tables; self.seed = seed; self.scale = scale
    }

    /// Runs the simulation year by year, handing each year's events (both cities, in recorded
    /// order) to `write`. `progress` is told each finished year and the events so far.
    public func run(write: ([Event]) throws -> Void, progress: ((Int, Int) -> Void)? = nil) rethrows {
        var sink = EventSink(seed: seed)
        var models = City.allCases.map { CityModel(city: $0) }
        var rngs = City.allCases.map { SplitMix(seed: seed &* 0x2545F4914F6CDD1D &+ UInt64($0.code)) }
        var world = CorporateWorld(seed: seed, scale: scale, residents: tables.cities.values.reduce(0) { $0 + $1.residents_2018 })
        var total = 0
        for year in Self.years {
            for c in models.indices {
                var sim = Simulation(tables: tables, scale: scale, year: year)
                sim.step(&models[c], &rngs[c], &sink)
            }
            world.step(year: year, &sink)
            let events = sink.drain()
            total += events.count
            try write(events)
            progress?(year, total)
        }
    }
}

/// One city's year: the order of the steps follows the municipal calendar (migration of the
/// register, salary reports in January, returns by 15 March, life events through the year).
struct Simulation {
    let tables: Tables
    let scale: Double
    let year: Int

    func date(_ m: Int, _ d: Int) -> CivilDate { CivilDate(year: year, month: m, day: d)! }
    func at(_ day: CivilDate, _ rng: inout SplitMix) -> RecordedTime {
        RecordedTime(japan: day, hour: 8 + rng.below(10), minute: rng.below(60), second: rng.below(60))
    }
    /// A random day of the year and its recording a few days later (never past 31 December).
    func someDay(_ rng: inout SplitMix) -> (valid: CivilDate, recorded: RecordedTime) {
        let valid = CivilDate(year: year, month: 1 + rng.below(12), day: 1 + rng.below(28))!
        let later = valid.adding(days: 1 + rng.below(10))
        return (valid, at(min(later, date(12, 28)), &rng))
    }

    mutating func step(_ m: inout CityModel, _ rng: inout SplitMix, _ sink: inout EventSink) {
        if year == Generator.years.lowerBound { seed(&m, &rng, &sink) }
        declareIncomes(&m, &rng, &sink)
        donations(&m, &rng, &sink)
        corrections(&m, &rng, &sink)
        lifeEvents(&m, &rng, &sink)
        vehicles(&m, &rng, &sink)
        property(&m, &rng, &sink)
        insurance(&m, &rng, &sink)
    }

    // MARK: The register as migrated on 4 January 2013

    mutating func seed(_ m: inout CityModel, _ rng: inout SplitMix, _ sink: inout EventSink) {
        let ct = tables.cities[m.city.rawValue]!
        // Sizes are for January 2018; start slightly smaller, as both cities grew little since.
        let residents = max(20, Int(Double(ct.residents_2018) * scale))
        let householdCount = max(8, Int(Double(residents) / ct.household_size))
        let migrated = date(1, 4)
        let validFrom = date(1, 1)
        for h in 0..<householdCount { m.households.append(.init(head: -1, parcel: nil)); _ = h }
        let bands = tables.age_pyramid_2013
        let total = bands.reduce(0) { $0 + $1.share }
        for i in 0..<residents {
            var pick = Double(rng.below(1_000_000)) / 1_000_000 * total
            var band = bands[0]
            for b in bands { band = b; pick -= b.share; if pick <= 0 { break } }
            let age = band.from + rng.below(band.to - band.from + 1)
            let birth = CivilDate(year: year - 1 - age, month: 1 + rng.below(12), day: 1 + rng.below(28))!
            let female = rng.below(2) == 0
            let household = age >= 20 && i < householdCount ? i : rng.below(householdCount)
            var p = CityModel.Person(birth: birth, female: female, household: household, salaryFactor: rng.spread(percent: tables.income.salary_spread_percent),
                                     partTime: female && rng.chance(tables.income.part_time_share_women), business: rng.chance(tables.income.business_share))
            p.disabled = rng.chance(0.04)
            m.people.append(p)
            m.households[household].members.append(i)
            if m.households[household].head < 0 && age >= 20 { m.households[household].head = i }
        }
        for h in m.households.indices where m.households[h].head < 0 {
            // A household whose members are all young is headed by its first member.
            m.households[h].head = m.households[h].members.first ?? -1
        }
        for (i, p) in m.people.enumerated() {
            var f: [String: FieldValue] = ["reason": .int(2), "birth_date": .int(Int64(p.birth.packed)),
                                           "household": .text(m.householdId(p.household)), "sex": .int(p.female ? 0 : 1)]
            f["relationship_to_head"] = .int(m.households[p.household].head == i ? 0 : 6)
            let recorded = at(migrated, &rng) // drawn where the emit drew it: the stream is unchanged
            sink.emit(m.city, m.personId(i), .residentRegistered, valid: validFrom, recorded: recorded, f)
            let surname = Self.householdSurname(m.city, p.household)
            registerIdentity(i, surname: surname, valid: validFrom, recorded: recorded, &m, &sink)
            if p.disabled { sink.emit(m.city, m.personId(i), .disabilityStatusRecorded, valid: validFrom, recorded: at(migrated, &rng), ["status": .int(Int64(1 + rng.below(2)))]) }
        }
        for (h, hh) in m.households.enumerated() where hh.head >= 0 {
            sink.emit(m.city, m.householdId(h), .householdHeadDesignated, valid: validFrom, recorded: at(migrated, &rng), ["head": .text(m.personId(hh.head))])
        }
        // Couples and dependants inside households.
        for h in m.households.indices {
            let head = m.households[h].head
            guard head >= 0 else { continue }
            let members = m.households[h].members.filter { $0 != head }
            if let s = members.first(where: { abs(m.people[$0].birth.year - m.people[head].birth.year) < 8 && m.people[$0].female != m.people[head].female && age(m.people[$0]) >= 20 }) {
                marry(head, s, on: validFrom, recorded: at(migrated, &rng), &m, &sink)
                marriedBefore(s, &m)
            }
            for c in members where age(m.people[c]) < 23 && m.people[c].spouse == nil {
                support(c, by: head, on: validFrom, recorded: at(migrated, &rng), &m, &sink)
            }
        }
        seedVehicles(&m, &rng, &sink, residents: residents)
        seedProperty(&m, &rng, &sink)
        for i in m.people.indices {
            let a = age(m.people[i])
            if rng.chance(tables.insurance.nhi_share) && a < 75 {
                m.people[i].nhi = true
                sink.emit(m.city, m.personId(i), .nhiMembershipStarted, valid: validFrom, recorded: at(migrated, &rng),
                          ["household": .text(m.householdId(m.people[i].household)), "reason": .int(4)])
            }
            if (20..<60).contains(a) && rng.chance(tables.insurance.pension_first_share_20_59) {
                m.people[i].pensionFirst = true
                sink.emit(m.city, m.personId(i), .nationalPensionEnrolled, valid: validFrom, recorded: at(migrated, &rng), ["reason": .int(3)])
            }
        }
    }

    func age(_ p: CityModel.Person, on day: CivilDate? = nil) -> Int { (day ?? CivilDate(year: year, month: 1, day: 1)!).age(bornOn: p.birth) }

    mutating func marry(_ a: Int, _ b: Int, on valid: CivilDate, recorded: RecordedTime, _ m: inout CityModel, _ sink: inout EventSink) {
        m.people[a].spouse = b; m.people[b].spouse = a
        sink.emit(m.city, m.personId(a), .relationshipStarted, valid: valid, recorded: recorded, ["kind": .int(0), "other": .text(m.personId(b)), "cohabiting": .bool(true)])
        sink.emit(m.city, m.personId(b), .relationshipStarted, valid: valid, recorded: recorded, ["kind": .int(0), "other": .text(m.personId(a)), "cohabiting": .bool(true)])
    }

    mutating func support(_ child: Int, by parent: Int, on valid: CivilDate, recorded: RecordedTime, _ m: inout CityModel, _ sink: inout EventSink) {
        m.people[child].supporter = parent
        sink.emit(m.city, m.personId(parent), .relationshipStarted, valid: valid, recorded: recorded, ["kind": .int(1), "other": .text(m.personId(child)), "cohabiting": .bool(true)])
    }
}
