import KaiseiCore
import KaiseiEvents

extension Simulation {
    // MARK: Births, deaths, moves, marriages and separations through the year

    mutating func lifeEvents(_ m: inout CityModel, _ rng: inout SplitMix, _ sink: inout EventSink) {
        let r = tables.rates_per_year
        let count = m.people.count
        for i in 0..<count where m.people[i].resident {
            let p = m.people[i]
            let a = age(p)
            if rng.chance(r.death_by_age.rate(at: a)) {
                let (v, rec) = someDay(&rng)
                leave(i, .residentDied, valid: v, recorded: rec, [:], &m, &sink)
                continue
            }
            if rng.chance(r.move_out) {
                let (v, rec) = someDay(&rng)
                leave(i, .residentMovedOut, valid: v, recorded: rec, ["destination": .text(["名古屋市", "豊田市", "浜松市", "東京都港区", "安城市"][rng.below(5)])], &m, &sink)
                continue
            }
            if p.female && (20...44).contains(a) && p.spouse != nil && rng.chance(r.birth_per_woman_20_44 * 2) {
                let (v, rec) = someDay(&rng)
                let child = addPerson(birth: v, female: rng.below(2) == 0, household: p.household, &m, &rng)
                sink.emit(m.city, m.personId(child), .residentRegistered, valid: v, recorded: rec,
                          ["reason": .int(0), "birth_date": .int(Int64(v.packed)), "household": .text(m.householdId(p.household)), "relationship_to_head": .int(2)])
                // The child takes the mother's surname and the household's address.
                registerIdentity(child, surname: m.people[i].surname, valid: v, recorded: rec, &m, &sink)
                support(child, by: p.spouse.map { m.people[$0].resident ? $0 : i } ?? i, on: v, recorded: rec, &m, &sink)
                // A child born to an insured mother is insured from birth in her household (NHI
                // has no dependants: 国民健康保険法第5条・第7条); without it no generated household
                // ever had a member under school age, and their 均等割 軽減 (from FY2022) went
                // untested at scale. No random draw (and none later while under 20), so the rest
                // of the history is unchanged.
                if p.nhi {
                    m.people[child].nhi = true
                    m.people[child].bornInsured = (mother: i, recorded: rec)
                    sink.emit(m.city, m.personId(child), .nhiMembershipStarted, valid: v, recorded: rec,
                              ["household": .text(m.householdId(p.household)), "reason": .int(1)])   // birth
                }
                // An insured mother's 産前産後 届出 (NHI 所得割・均等割 waived from January 2024).
                if p.nhi && v >= CivilDate(year: 2023, month: 11, day: 1)! {
                    sink.emit(m.city, m.personId(i), .maternityPeriodRecorded, valid: v, recorded: rec, ["expected_delivery": .int(Int64(v.packed))])
                }
                continue
            }
            if rng.chance(r.move_within) {
                let (v, rec) = someDay(&rng)
                sink.emit(m.city, m.personId(i), .residentMovedWithinCity, valid: v, recorded: rec,
                          ["household": .text(m.householdId(p.household)), "district": .text("第\(1 + rng.below(40))区")])
                moveHousehold(p.household, valid: v, recorded: rec, &m, &sink)
            }
            if p.spouse == nil && (25...39).contains(a) && rng.chance(r.marriage_per_single_25_39) {
                // Marry another single resident of the city of the other sex, or someone moving in.
                let (v, rec) = someDay(&rng)
                let partner = addPerson(birth: CivilDate(year: p.birth.year + rng.below(5) - 2, month: 1 + rng.below(12), day: 1 + rng.below(28))!,
                                        female: !p.female, household: p.household, &m, &rng)
                sink.emit(m.city, m.personId(partner), .residentRegistered, valid: v, recorded: rec,
                          ["reason": .int(1), "birth_date": .int(Int64(m.people[partner].birth.packed)), "household": .text(m.householdId(p.household)),
                           "relationship_to_head": .int(1), "previous_municipality": .text("名古屋市")])
                let partnerSurname = Self.newcomerSurname(m.city, partner, avoiding: m.people[i].surname)
                registerIdentity(partner, surname: partnerSurname, valid: v, recorded: rec, &m, &sink)
                marry(i, partner, on: v, recorded: rec, &m, &sink)
                takeSurname(i, partner, valid: v, recorded: rec, &m, &sink)
                continue
            }
            if let s = p.spouse, s > i, rng.chance(r.separation_per_couple) {
                let (v, rec) = someDay(&rng)
                for (x, y) in [(i, s), (s, i)] {
                    sink.emit(m.city, m.personId(x), .relationshipEnded, valid: v, recorded: rec, ["kind": .int(0), "other": .text(m.personId(y)), "reason": .int(0)])
                }
                m.people[i].spouse = nil; m.people[s].spouse = nil
                let h = newHousehold(head: s, &m)
                sink.emit(m.city, m.personId(s), .residentHouseholdChanged, valid: v, recorded: rec, ["household": .text(m.householdId(h)), "relationship_to_head": .int(0)])
                sink.emit(m.city, m.householdId(h), .householdHeadDesignated, valid: v, recorded: rec, ["head": .text(m.personId(s))])
                separate(s, from: i, valid: v, recorded: rec, &m, &sink)
            }
            // Children who turn 23 or start earning are no longer claimed.
            if let sup = p.supporter, a >= 23 {
                m.people[i].supporter = nil
                sink.emit(m.city, m.personId(sup), .relationshipEnded, valid: date(1, 1), recorded: at(date(1, 5), &rng),
                          ["kind": .int(1), "other": .text(m.personId(i)), "reason": .int(2)])
            }
        }
        // People moving in: new households.
        let arrivals = Int(Double(count) * r.move_in / 2.2)
        for _ in 0..<arrivals {
            let (v, rec) = someDay(&rng)
            let age = 20 + rng.below(40)
            let h = newHousehold(head: -1, &m)
            let head = addPerson(birth: CivilDate(year: year - age, month: 1 + rng.below(12), day: 1 + rng.below(28))!, female: rng.below(2) == 0, household: h, &m, &rng)
            m.households[h].head = head
            sink.emit(m.city, m.personId(head), .residentRegistered, valid: v, recorded: rec,
                      ["reason": .int(1), "birth_date": .int(Int64(m.people[head].birth.packed)), "household": .text(m.householdId(h)),
                       "relationship_to_head": .int(0), "previous_municipality": .text(["名古屋市", "豊川市", "静岡市", "大阪市"][rng.below(4)])])
            registerIdentity(head, surname: Self.newcomerSurname(m.city, head), valid: v, recorded: rec, &m, &sink)
            sink.emit(m.city, m.householdId(h), .householdHeadDesignated, valid: v, recorded: rec, ["head": .text(m.personId(head))])
            if rng.chance(0.5) {
                let s = addPerson(birth: CivilDate(year: year - age + rng.below(5) - 2, month: 1 + rng.below(12), day: 1 + rng.below(28))!, female: !m.people[head].female, household: h, &m, &rng)
                sink.emit(m.city, m.personId(s), .residentRegistered, valid: v, recorded: rec,
                          ["reason": .int(1), "birth_date": .int(Int64(m.people[s].birth.packed)), "household": .text(m.householdId(h)), "relationship_to_head": .int(1)])
                registerIdentity(s, surname: m.people[head].surname, valid: v, recorded: rec, &m, &sink)
                marry(head, s, on: v, recorded: rec, &m, &sink)
                marriedBefore(s, &m)
            }
            if rng.chance(tables.insurance.nhi_join_share * 5) {
                m.people[head].nhi = true
                sink.emit(m.city, m.personId(head), .nhiMembershipStarted, valid: v, recorded: rec, ["household": .text(m.householdId(h)), "reason": .int(0)])
            }
        }
    }

    mutating func addPerson(birth: CivilDate, female: Bool, household: Int, _ m: inout CityModel, _ rng: inout SplitMix) -> Int {
        m.people.append(CityModel.Person(birth: birth, female: female, household: household,
                                         salaryFactor: rng.spread(percent: tables.income.salary_spread_percent),
                                         partTime: female && rng.chance(tables.income.part_time_share_women),
                                         business: rng.chance(tables.income.business_share)))
        m.households[household].members.append(m.people.count - 1)
        return m.people.count - 1
    }

    mutating func newHousehold(head: Int, _ m: inout CityModel) -> Int {
        m.households.append(.init(head: head, parcel: nil, members: head >= 0 ? [head] : []))
        if head >= 0 { m.people[head].household = m.households.count - 1 }
        return m.households.count - 1
    }

    /// Death or moving out: the record closes, relationships end, and a household that loses its
    /// head gets a new one.
    mutating func leave(_ i: Int, _ type: EventType, valid: CivilDate, recorded: RecordedTime, _ fields: [String: FieldValue],
                        _ m: inout CityModel, _ sink: inout EventSink) {
        m.people[i].resident = false
        sink.emit(m.city, m.personId(i), type, valid: valid, recorded: recorded, fields)
        if m.people[i].nhi {
            m.people[i].nhi = false
            sink.emit(m.city, m.personId(i), .nhiMembershipEnded, valid: valid.adding(days: 1), recorded: recorded, ["reason": .int(type == .residentDied ? 1 : 0)])
        }
        if let s = m.people[i].spouse {
            m.people[s].spouse = nil; m.people[i].spouse = nil
            sink.emit(m.city, m.personId(s), .relationshipEnded, valid: valid, recorded: recorded,
                      ["kind": .int(0), "other": .text(m.personId(i)), "reason": .int(type == .residentDied ? 1 : 3)])
        }
        let h = m.people[i].household
        m.households[h].members.removeAll { $0 == i }
        if m.households[h].head == i, let next = m.households[h].members.first(where: { m.people[$0].resident }) {
            m.households[h].head = next
            sink.emit(m.city, m.householdId(h), .householdHeadDesignated, valid: valid, recorded: recorded, ["head": .text(m.personId(next))])
        }
    }
}
