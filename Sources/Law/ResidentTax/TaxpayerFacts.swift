import KaiseiCore

public enum Disability: String, Sendable, Equatable { case none, general, special }
public enum FamilyStatus: String, Sendable { case none, widow, singleParent = "single_parent", widower, specialWidow = "special_widow" }

/// Incomes of one income year: gross receipts for salary and pensions, incomes for the rest.
public struct IncomeFacts: Sendable, Equatable {
    public var salary: Yen = .zero
    public var pension: Yen = .zero
    public var business: Yen = .zero
    public var other: Yen = .zero
    public init(salary: Yen = .zero, pension: Yen = .zero, business: Yen = .zero, other: Yen = .zero) {
        self.salary = salary; self.pension = pension; self.business = business; self.other = other
    }
}

/// A spouse or dependant as the taxpayer's deductions see them.
public struct RelativeFacts: Sendable, Equatable {
    public var birthDate: CivilDate
    public var income: IncomeFacts
    public var disability: Disability = .none
    public var cohabiting = true
    /// 直系尊属 (a parent or grandparent), for 同居老親等.
    public var linealAscendant = false
    public init(birthDate: CivilDate, income: IncomeFacts = IncomeFacts(), disability: Disability = .none,
                cohabiting: Bool = true, linealAscendant: Bool = false) {
        self.birthDate = birthDate; self.income = income; self.disability = disability
        self.cohabiting = cohabiting; self.linealAscendant = linealAscendant
    }
}

public struct Donation: Sendable {
    public var date: CivilDate
    public var amount: Yen
    public var oneStop: Bool
    public var municipality: String
    public init(date: CivilDate, amount: Yen, oneStop: Bool, municipality: String) {
        self.date = date; self.amount = amount; self.oneStop = oneStop; self.municipality = municipality
    }
}

/// Everything the resident tax of one person for one fiscal year depends on, as the facts stood
/// on the 賦課期日 (1 January) and for the income year before it. Built by replay from events,
/// or from a `kaisei calc` household, through the same code.
public struct TaxpayerFacts: Sendable {
    public var birthDate: CivilDate
    public var female = false
    public var income: IncomeFacts
    public var socialInsurance: Yen = .zero
    public var lifeInsurance: Yen = .zero
    public var earthquakeInsurance: Yen = .zero
    public var medical: Yen = .zero
    public var otherDeductions: Yen = .zero
    public var disability: Disability = .none
    public var familyStatus: FamilyStatus = .none
    public var workingStudent = false
    public var spouse: RelativeFacts?
    public var dependants: [RelativeFacts] = []
    public var donations: [Donation] = []
    /// The one-stop applications of the income year lapsed (a 確定申告 or 住民税申告 was filed).
    public var oneStopLapsed = false

    public init(birthDate: CivilDate, income: IncomeFacts) { self.birthDate = birthDate; self.income = income }
}
