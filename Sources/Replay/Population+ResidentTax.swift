import KaiseiCore
import Law

extension Population {
    /// Whether the person was registered in the city on the 賦課期日 (1 January) of the fiscal
    /// year: the resident tax belongs to the city of residence on that day (地方税法第318条).
    public func isResident(_ id: String, fiscalYear fy: Int) -> Bool {
        guard let i = residents.position(of: id) else { return false }
        return residents[position: i].resident.value(on: CivilDate(year: fy, month: 1, day: 1)!) == true
    }

    /// The facts of one person for one fiscal year's resident tax: incomes of the income year,
    /// and family and status as of 31 December of it (地方税法第314条の2第7項).
    public func taxpayerFacts(_ id: String, fiscalYear fy: Int) -> TaxpayerFacts? {
        guard let i = residents.position(of: id) else { return nil }
        return residents.withStates { taxpayerFacts(at: $0.baseAddress! + i, fiscalYear: fy) }
    }

    /// The same from a state already in hand: a walk over every resident reads each one once
    /// (a lookup copies the whole state, a few dozen reference counts, and the levy fold of a
    /// fiscal year used to do it three times a person).
    public func taxpayerFacts(of r: ResidentState, fiscalYear fy: Int) -> TaxpayerFacts? {
        withUnsafePointer(to: r) { taxpayerFacts(at: $0, fiscalYear: fy) }
    }

    /// The same from a state's address (`ResidentTable.withStates`): nothing copied but the
    /// fields read.
    public func taxpayerFacts(at p: UnsafePointer<ResidentState>, fiscalYear fy: Int) -> TaxpayerFacts? {
        guard let birth = p.pointee.birthDate else { return nil }
        let year = fy - 1
        let yearEnd = CivilDate(year: year, month: 12, day: 31)!
        var f = TaxpayerFacts(birthDate: birth, income: p.pointee.income(of: year))
        f.female = p.pointee.female
        if let d = p.pointee.deductions[year] {
            f.socialInsurance = d.socialInsurance; f.lifeInsurance = d.lifeInsurance
            f.earthquakeInsurance = d.earthquakeInsurance; f.medical = d.medical; f.otherDeductions = d.other
        }
        f.disability = p.pointee.disability.value(on: yearEnd) ?? .none
        f.familyStatus = p.pointee.familyStatus.value(on: yearEnd) ?? .none
        f.workingStudent = p.pointee.workingStudent.value(on: yearEnd) ?? false
        if let spouseId = p.pointee.spouse.value(on: yearEnd) ?? nil, let s = relative(spouseId, year: year) {
            var rel = s
            rel.cohabiting = p.pointee.spouseCohabiting.value(on: yearEnd) ?? true
            f.spouse = rel
        }
        for (depId, support) in p.pointee.dependants.sorted(by: { $0.key < $1.key }) where support.value(on: yearEnd) == true {
            if var rel = relative(depId, year: year) {
                rel.cohabiting = p.pointee.dependantCohabiting[depId] ?? true
                f.dependants.append(rel)
            }
        }
        f.donations = p.pointee.donations.filter { $0.date.year == year }
        f.oneStopLapsed = p.pointee.oneStopLapsed.contains(year)
        return f
    }

    func relative(_ id: String, year: Int) -> RelativeFacts? {
        // In place: `residents[id]` copied the relative's whole state for four fields.
        guard let i = residents.position(of: id) else { return nil }
        return residents.withStates { states in
            let r = states.baseAddress! + i
            guard let birth = r.pointee.birthDate else { return nil }
            let yearEnd = CivilDate(year: year, month: 12, day: 31)!
            var rel = RelativeFacts(birthDate: birth, income: r.pointee.income(of: year), disability: r.pointee.disability.value(on: yearEnd) ?? .none)
            rel.linealAscendant = r.pointee.linealAscendant
            return rel
        }
    }
}
