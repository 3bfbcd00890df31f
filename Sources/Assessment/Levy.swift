import KaiseiCore
import Law
import Replay

/// One levy: one tax of one fiscal year on one taxpayer, for one object where the tax is per
/// object (a vehicle, an NHI household), with the calculator's typed result. Every output that
/// shows levies — a city's summary, a levy run's lines, a before/after comparison, a subject's
/// explanation, a certificate — is a fold over these, made by the one `Assessor`.
public struct Levy: Sendable {
    /// The calculator's result, typed: consumers read figures from fields, never from trace labels.
    public enum Result: Sendable {
        case residentTax(ResidentTaxResult)
        case lightVehicle(LightVehicleResult)
        /// With the household's facts (members, incomes) as assessed.
        case nhi(NHIResult, household: NHIHousehold)
        /// 固定資産税 and 都市計画税 are computed together per taxpayer; each is its own levy
        /// sharing this result.
        case property(FixedAssetAssessment)
        /// 法人市民税 and 事業所税 of a corporation: each 事業年度 starting in the fiscal year.
        case corporate(CorporateAssessment)
        case officeTax(OfficeTaxAssessment)
    }

    public let city: City
    public let fiscalYear: Int
    public let tax: LevyTax
    /// Who is billed, by one canonical id: a person, or co-owners joined by ":" (共有者 are
    /// assessed jointly, LevyLine.groupSubject).
    public let taxpayer: String
    /// The co-owners of a property levy; nil for a levy on one person (no array is made per
    /// levy on the population path).
    private let coOwners: [String]?
    /// The persons liable: the taxpayer, or every co-owner.
    public var owners: [String] { coOwners ?? [taxpayer] }
    /// The first person liable (the taxpayer, or the first co-owner by id).
    public var firstOwner: String { coOwners?.first ?? taxpayer }
    /// What the levy is on when it is per object: the vehicle, or the NHI household.
    public let object: String?
    public let amount: Yen
    public let result: Result

    init(city: City, fiscalYear: Int, tax: LevyTax, taxpayer: String, coOwners: [String]? = nil, object: String?, amount: Yen, result: Result) {
        self.city = city; self.fiscalYear = fiscalYear; self.tax = tax; self.taxpayer = taxpayer; self.coOwners = coOwners
        self.object = object; self.amount = amount; self.result = result
    }

    /// Every step with its law reference and revision (empty unless assessed with a trace).
    public var steps: [TraceStep] {
        switch result {
        case .residentTax(let r): return r.steps
        case .lightVehicle(let r): return r.steps
        case .nhi(let r, _): return r.steps
        case .property(let t): return t.steps
        case .corporate(let a): return a.steps
        case .officeTax(let a): return a.steps
        }
    }

    /// The day the latest return in force was filed (申告納付 only): the lower 延滞金 rate of a
    /// late or amended return runs until one month after it.
    public var returnFiled: CivilDate? {
        switch result {
        case .corporate(let a): return a.periods.map(\.filed).max()
        case .officeTax(let a): return a.periods.map(\.filed).max()
        default: return nil
        }
    }

    /// Whether that latest return is a 修正申告 filed after 不正, foreseeing a 更正 (no 除算期間).
    public var fraudForeseen: Bool {
        switch result {
        case .corporate(let a): return a.periods.max { $0.filed < $1.filed }?.fraudForeseen ?? false
        case .officeTax(let a): return a.periods.max { $0.filed < $1.filed }?.fraudForeseen ?? false
        default: return false
        }
    }

    /// Each 法定納期限's share of a 申告納付 levy, in due order (empty for a 賦課 levy): two
    /// 事業年度 due in one fiscal year (a changed year end, a first short period) are two
    /// instalments, each bearing 延滞金 only from its own 納期限. A period whose return in force
    /// was filed late over earlier returns is one share per raise on its 納期限, each as filed
    /// then (`ReplacedReturn`): the return filed in time, each late return's raise over the
    /// ones before it, the return in force's. A return lower than an earlier one adds nothing,
    /// and no share goes beyond the total in force.
    public var dueParts: [DuePart] {
        let periods: [(due: CivilDate, amount: Yen, filed: CivilDate, fraud: Bool, replaced: [ReplacedReturn],
                       interim: (dueDate: CivilDate, total: Yen, filed: CivilDate)?)]
        switch result {
        case .corporate(let a): periods = a.periods.map { ($0.dueDate, $0.result.total, $0.filed, $0.fraudForeseen, $0.replaced, $0.interim) }
        case .officeTax(let a): periods = a.periods.map { ($0.dueDate, $0.result.total, $0.filed, $0.fraudForeseen, $0.replaced, nil) }
        default: return []
        }
        var out: [DuePart] = []
        for p in periods.sorted(by: { $0.due < $1.due }) {
            var shares: [(Yen, CivilDate, Bool)] = []
            var covered = Yen.zero
            // A filed 予定申告's tax stays on its own 納期限 (第321条の8第1項); the final return's
            // is the rest (none when the 予定申告 declared as much or more).
            if let i = p.interim, i.total > .zero {
                covered = min(i.total, p.amount)
                if covered > .zero { out.append(DuePart(dueDate: i.dueDate, amount: covered, filed: i.filed)) }
            }
            for e in p.replaced where e.total > covered && e.total < p.amount {
                shares.append((e.total - covered, e.filed, e.fraudForeseen))
                covered = e.total
            }
            if p.interim == nil || p.amount > covered { shares.append((p.amount - covered, p.filed, p.fraud)) }
            for (amount, filed, fraud) in shares {
                if let last = out.last, last.dueDate == p.due, last.filed == filed {
                    out[out.count - 1] = DuePart(dueDate: p.due, amount: last.amount + amount, filed: filed, fraudForeseen: fraud)
                } else {
                    out.append(DuePart(dueDate: p.due, amount: amount, filed: filed, fraudForeseen: fraud))
                }
            }
        }
        return out.enumerated().sorted { ($0.element.dueDate, $0.offset) < ($1.element.dueDate, $1.offset) }.map(\.element)
    }

    /// 法定納期限 of a 申告納付 levy: the earliest of its periods' (nil for a 賦課 levy).
    public var dueDate: CivilDate? {
        switch result {
        // A filed 予定申告's share is due before its period's final return.
        case .corporate(let a): return ([dueParts.first?.dueDate].compactMap { $0 } + a.periods.map(\.dueDate)).min()
        case .officeTax(let a): return a.periods.map(\.dueDate).min()
        default: return nil
        }
    }

    /// The status a before/after comparison reports transitions of.
    public var status: String {
        switch result {
        case .residentTax(let r): return r.total == .zero || r.perCapitaExempt ? "non_taxable" : r.incomeLevyExempt ? "per_capita_only" : "taxable"
        case .nhi(let r, _):
            switch r.reductionLevel { case ...0: return "none"; case 1: return "2割"; case 2: return "5割"; default: return "7割" }
        case .lightVehicle(let r): return r.basis.rawValue
        case .property: return amount == .zero ? "exempt" : "taxable"
        case .corporate(let a): return a.taxLevy == .zero ? "per_capita_only" : "taxable"
        case .officeTax: return amount == .zero ? "exempt" : "taxable"
        }
    }
}
