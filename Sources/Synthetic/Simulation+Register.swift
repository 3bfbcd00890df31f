import KaiseiCore
import KaiseiEvents

extension CityModel {
    /// Where a household lives: its members share it, and it changes only when the household
    /// moves, so every member's `AddressRecorded` prints the same lines.
    struct Address {
        var town: String
        var block: String
        var building: String?
        var postalCode: String
    }
}

/// What a draw of the register is for. Each purpose has its own stream, so a person's given
/// name does not depend on whether their household's address has a building.
enum RegisterDraw: UInt64 {
    case givenName = 1, householdSurname, newcomerSurname, birthSurname, address, marriage, divorce
}

extension Simulation {
    // MARK: 宛名: names and addresses, drawn apart from the simulation's random stream

    /// The random stream of one register draw about one person or household, derived from the
    /// city, the purpose, the index and a salt (the day, for a draw that can recur, such as a
    /// move). Never the simulation's `rng`: names and addresses leave every other draw, and so
    /// every figure of a generated population, as it was, and the same person of a run gets the
    /// same name on every run.
    static func registerDraws(_ city: City, _ purpose: RegisterDraw, _ index: Int, salt: Int = 0) -> SplitMix {
        let person = 0x9E3779B97F4A7C15 &* UInt64(truncatingIfNeeded: index + 1)
        var mixer = SplitMix(seed: person ^ (UInt64(city.code) << 56) ^ (purpose.rawValue << 48))
        var salted = SplitMix(seed: mixer.next() ^ UInt64(truncatingIfNeeded: salt))
        return SplitMix(seed: salted.next())
    }

    /// A position in `NameTables.surnames`, the common surnames more often (the smaller of two
    /// uniform draws favours the head of the list), and never `avoided`.
    static func drawSurname(_ draws: inout SplitMix, avoiding avoided: Int? = nil) -> Int {
        let count = NameTables.surnames.count
        var pick = min(draws.below(count), draws.below(count))
        while pick == avoided {
            pick = min(draws.below(count), draws.below(count))
        }
        return pick
    }

    /// The surname all members of a household registered on 4 January 2013 share.
    static func householdSurname(_ city: City, _ household: Int) -> Int {
        var draws = registerDraws(city, .householdSurname, household)
        return drawSurname(&draws)
    }

    /// The surname of someone moving in from elsewhere (a new household's head, a partner
    /// marrying a resident, who is given another surname than `avoided`).
    static func newcomerSurname(_ city: City, _ person: Int, avoiding avoided: Int? = nil) -> Int {
        var draws = registerDraws(city, .newcomerSurname, person)
        return drawSurname(&draws, avoiding: avoided)
    }

    /// A new address in the city: a 町 (and 丁目), a lot — 番・号 where the area has 住居表示,
    /// a 地番 (番地, with or without a 枝番) elsewhere — and a flat for about 30 % of households.
    static func drawAddress(_ city: City, household: Int, salt: Int) -> CityModel.Address {
        var draws = registerDraws(city, .address, household, salt: salt)
        let towns = city == .okazaki ? NameTables.okazakiTowns : NameTables.toyohashiTowns
        let town = towns[draws.below(towns.count)]
        let townName = town.chome > 0 ? "\(town.name)\(1 + draws.below(town.chome))丁目" : town.name
        let block: String
        if town.numbered {
            block = "\(1 + draws.below(30))番\(1 + draws.below(25))号"
        } else if draws.chance(0.6) {
            block = "\(1 + draws.below(300))番地\(1 + draws.below(30))"
        } else {
            block = "\(1 + draws.below(300))番地"
        }
        var building: String?
        if draws.chance(0.3) {
            let kind = NameTables.buildingKinds[draws.below(NameTables.buildingKinds.count)]
            let word = NameTables.buildingWords[draws.below(NameTables.buildingWords.count)]
            building = "\(kind)\(word) \(1 + draws.below(5))0\(1 + draws.below(8))号室"
        }
        return CityModel.Address(town: townName, block: block, building: building, postalCode: town.postalCode)
    }

    /// The household's address, drawn the first time it is needed: a household is never
    /// recorded without one, whichever step created it.
    func householdAddress(_ household: Int, _ m: inout CityModel) -> CityModel.Address {
        if let address = m.households[household].address { return address }
        let address = Self.drawAddress(m.city, household: household, salt: 0)
        m.households[household].address = address
        return address
    }

    // MARK: Events

    /// Names a newly registered person — a given name usual for their sex and year of birth,
    /// and `surname` — and records the name (reason registration) and their household's
    /// address with the registration's dates.
    func registerIdentity(_ person: Int, surname: Int, valid: CivilDate, recorded: RecordedTime,
                          _ m: inout CityModel, _ sink: inout EventSink) {
        let names = m.people[person].female ? NameTables.femaleGivenNames : NameTables.maleGivenNames
        let era = names.era(born: m.people[person].birth.year)
        var draws = Self.registerDraws(m.city, .givenName, person)
        m.people[person].givenName = era.lowerBound + draws.below(era.count)
        m.people[person].surname = surname
        m.people[person].birthSurname = surname
        m.people[person].tookSpouseSurname = false
        recordName(person, reason: .registration, valid: valid, recorded: recorded, m, &sink)
        recordAddress(person, valid: valid, recorded: recorded, &m, &sink)
    }

    /// `NameRecorded` of the person's current name: surname and given name separated by a
    /// full-width space, in kanji and in katakana.
    func recordName(_ person: Int, reason: Vocabulary.NameReason, valid: CivilDate, recorded: RecordedTime,
                    _ m: CityModel, _ sink: inout EventSink) {
        let p = m.people[person]
        let surname = NameTables.surnames[p.surname]
        let given = (p.female ? NameTables.femaleGivenNames : NameTables.maleGivenNames).all[p.givenName]
        sink.emit(m.city, m.personId(person), .nameRecorded, valid: valid, recorded: recorded, [
            "name": .text(surname.kanji + "\u{3000}" + given.kanji),
            "kana": .text(surname.kana + "\u{3000}" + given.kana),
            "reason": .choice(reason),
        ])
    }

    /// `AddressRecorded` of the person's household's address.
    func recordAddress(_ person: Int, valid: CivilDate, recorded: RecordedTime,
                       _ m: inout CityModel, _ sink: inout EventSink) {
        let address = householdAddress(m.people[person].household, &m)
        var fields: [String: FieldValue] = [
            "town": .text(address.town),
            "block": .text(address.block),
            "postal_code": .text(address.postalCode),
        ]
        if let building = address.building { fields["building"] = .text(building) }
        sink.emit(m.city, m.personId(person), .addressRecorded, valid: valid, recorded: recorded, fields)
    }

    /// A move within the city takes the household to a new address (the day salts the draw, so
    /// a second move goes elsewhere), recorded for every member living in it.
    func moveHousehold(_ household: Int, valid: CivilDate, recorded: RecordedTime,
                       _ m: inout CityModel, _ sink: inout EventSink) {
        m.households[household].address = Self.drawAddress(m.city, household: household, salt: valid.packed)
        let members = m.households[household].members
        for member in members where m.people[member].resident && m.people[member].household == household {
            recordAddress(member, valid: valid, recorded: recorded, &m, &sink)
        }
    }

    /// 民法第750条 (夫婦同氏): at a marriage one spouse takes the other's surname — the wife
    /// the husband's in about 95 % of marriages — recorded with the marriage's dates.
    func takeSurname(_ one: Int, _ other: Int, valid: CivilDate, recorded: RecordedTime,
                     _ m: inout CityModel, _ sink: inout EventSink) {
        let (wife, husband) = m.people[one].female ? (one, other) : (other, one)
        var draws = Self.registerDraws(m.city, .marriage, wife, salt: valid.packed)
        let (changing, keeping) = draws.chance(0.95) ? (wife, husband) : (husband, wife)
        m.people[keeping].tookSpouseSurname = false
        m.people[changing].tookSpouseSurname = true
        guard m.people[changing].surname != m.people[keeping].surname else { return }
        m.people[changing].surname = m.people[keeping].surname
        recordName(changing, reason: .marriage, valid: valid, recorded: recorded, m, &sink)
    }

    /// A couple married before they were first registered (the register of 2013, a couple
    /// moving in) share the surname `spouse` was registered with; `spouse` is the one who took
    /// it, and is given another birth surname for a later divorce to return to.
    func marriedBefore(_ spouse: Int, _ m: inout CityModel) {
        var draws = Self.registerDraws(m.city, .birthSurname, spouse)
        m.people[spouse].birthSurname = Self.drawSurname(&draws, avoiding: m.people[spouse].surname)
        m.people[spouse].tookSpouseSurname = true
    }

    /// A divorce with one spouse leaving: the leaver is recorded at the new household's address,
    /// and the spouse who took the other's surname at marriage returns to the birth surname in
    /// about 70 % of divorces (民法第767条第1項); the others keep it (婚氏続称, 同条第2項).
    func separate(_ leaving: Int, from staying: Int, valid: CivilDate, recorded: RecordedTime,
                  _ m: inout CityModel, _ sink: inout EventSink) {
        recordAddress(leaving, valid: valid, recorded: recorded, &m, &sink)
        for spouse in [leaving, staying] where m.people[spouse].tookSpouseSurname {
            m.people[spouse].tookSpouseSurname = false
            var draws = Self.registerDraws(m.city, .divorce, spouse, salt: valid.packed)
            guard draws.chance(0.7), m.people[spouse].surname != m.people[spouse].birthSurname else { continue }
            m.people[spouse].surname = m.people[spouse].birthSurname
            recordName(spouse, reason: .divorce, valid: valid, recorded: recorded, m, &sink)
        }
    }
}
