import KaiseiCore
import Law

extension Population {
    /// Whether the person was registered in the city on the 賦課期日 (1 January) of the fiscal
    /// year: the resident tax belongs to the city of residence on that day (地方税法第318条).
    public func isResident(_ id: String, fiscalYear fy: Int) -> Bool {
        residents[id]?.resident.value(on: CivilDate(year: fy, month: 1, day: 1)!) ?? false
    }

    /// The facts of one person for one fiscal year's resident tax: incomes of the income year,
    /// and family and status as of 31 December of it (地方税法第314条の2第7項).
    public func taxpayerFacts(_ id: String, fiscalYear fy: Int) -> TaxpayerFacts? {
        guard let r = residents[id] else { return nil }
        return taxpayerFacts(of: r, fiscalYear: fy)
    }

    /// The same from a state already in hand: a walk over every resident reads each one once
    /// (a lookup copies the whole state, a few dozen reference counts, and the levy fold of a
    /// fiscal year used to do it three times a person).
    public func taxpayerFacts(of r: ResidentState, fiscalYear fy: Int) -> TaxpayerFacts? {
        guard let birth = r.birthDate else { return nil }
        let year = fy - 1
        let yearEnd = CivilDate(year: year, month: 12, day: 31)!
        var f = TaxpayerFacts(birthDate: birth, income: r.income(of: year))
        f.female = r.female
        if let d = r.deductions[year] {
            f.socialInsurance = d.socialInsurance; f.lifeInsurance = d.lifeInsurance
            f.earthquakeInsurance = d.earthquakeInsurance; f.medical = d.medical; f.otherDeductions = d.other
        }
        f.disability = r.disability.value(on: yearEnd) ?? .none
        f.familyStatus = r.familyStatus.value(on: yearEnd) ?? .none
        f.workingStudent = r.workingStudent.value(on: yearEnd) ?? false
        if let spouseId = r.spouse.value(on: yearEnd) ?? nil, let s = relative(spouseId, year: year) {
            var rel = s
            rel.cohabiting = r.spouseCohabiting.value(on: yearEnd) ?? true
            f.spouse = rel
        }
        for (depId, support) in r.dependants.sorted(by: { $0.key < $1.key }) where support.value(on: yearEnd) == true {
            if var rel = relative(depId, year: year) {
                rel.cohabiting = r.dependantCohabiting[depId] ?? true
                f.dependants.append(rel)
            }
        }
        f.donations = r.donations.filter { $0.date.year == year }
        f.oneStopLapsed = r.oneStopLapsed.contains(year)
        return f
    }

    func relative(_ id: String, year: Int) -> RelativeFacts? {
        guard let r = residents[id], let birth = r.birthDate else { return nil }
        let yearEnd = CivilDate(year: year, month: 12, day: 31)!
        var rel = RelativeFacts(birthDate: birth, income: r.income(of: year), disability: r.disability.value(on: yearEnd) ?? .none)
        rel.linealAscendant = r.linealAscendant
        return rel
    }
}
