import KaiseiCore
import Replay
import Law
import Assessment

/// What the counter shows of one resident as known at a moment: 宛名 with its history (both
/// clocks of every change), household, and each levy by fiscal year with its 当初 and every
/// 更正, what was paid and what remains.
public struct ResidentRecord: Sendable {
    public struct Change<Value: Sendable>: Sendable {
        public let value: Value
        public let valid: CivilDate
        public let recordedAt: RecordedTime
    }
    public struct LevyEntry: Sendable {
        public let amount: Yen
        public let corrected: Bool
        public let noticeDate: CivilDate
        public let recordedAt: RecordedTime
        public let revisionSet: String
    }
    public struct LevyYear: Sendable {
        public let tax: LevyTax
        public let fiscalYear: Int
        /// The taxpayer the levy is billed to: the resident, or a co-owner group they are one of.
        public let taxpayer: String
        public let history: [LevyEntry]
        /// The tax paid (本税; 延滞金 and 督促手数料 paid are not counted here).
        public let paid: Yen
        /// Of what is unpaid, the part whose 納期限 has passed (滞納).
        public let overdue: Yen
        /// 延滞金 on the day, less what was paid of it; nil when a year of it has no rate in the rules.
        public let lateInterestUnpaid: Yen?
        /// 督促手数料 charged, less what was paid of them.
        public let demandFeesUnpaid: Yen
        public var amount: Yen { history.last?.amount ?? .zero }
        public var outstanding: Yen { amount > paid ? amount - paid : .zero }
    }

    /// 国民年金 (a national scheme the city's register records): enrolment on 1 April and the
    /// exemption decided for each of the five years.
    public struct PensionYear: Sendable {
        public let fiscalYear: Int
        public let enrolled: Bool
        public let exemption: String?
    }

    public let id: String
    public let city: City
    public let knownAt: RecordedTime
    public let watermark: Int64
    public let birthDate: CivilDate?
    public let female: Bool
    /// Registered in the city on the day of `knownAt` (false after moving out or death).
    public let registered: Bool
    public let name: RegisteredName?
    public let address: RegisteredAddress?
    public let household: String?
    public let householdHead: String?
    public let names: [Change<RegisteredName>]
    public let addresses: [Change<RegisteredAddress>]
    public let levies: [LevyYear]
    public let pension: [PensionYear]

    /// Builds the record from a scoped state as known at `knownAt` (`ScopedReplay.fold`).
    init?(id: String, pop: Population, recordedAt: [Int64: RecordedTime], knownAt: RecordedTime, watermark: Int64, calendar: CollectionCalendar) {
        guard let r = pop.residents[id], !r.resident.entries.isEmpty else { return nil }
        let today = knownAt.japanDate
        self.id = id
        city = pop.city
        self.knownAt = knownAt
        self.watermark = watermark
        birthDate = r.birthDate
        female = r.female
        registered = r.resident.value(on: today) ?? false
        name = pop.names[id]?.value(on: today)
        address = pop.addresses[id]?.value(on: today)
        household = r.household.value(on: today)
        householdHead = household.flatMap { pop.householdHeads[$0]?.value(on: today) }
        func changes<V>(_ t: Timeline<V>?) -> [Change<V>] {
            (t?.entries ?? []).map { Change(value: $0.value, valid: $0.valid, recordedAt: recordedAt[$0.seq] ?? .distantPast) }
        }
        names = changes(pop.names[id])
        addresses = changes(pop.addresses[id])
        // The resident's own levies and those of every co-owner group they are one of.
        let keys = pop.ledger.levies.keys.filter { $0 == id || $0.split(separator: ":").contains(Substring(id)) }.sorted()
        let currentYear = today.fiscalYear
        levies = Self.levyYears(keys, pop: pop, knownAt: knownAt, calendar: calendar)
        pension = ((currentYear - 4)...currentYear).map { fy in
            PensionYear(fiscalYear: fy, enrolled: r.pension.value(on: CivilDate(year: fy, month: 4, day: 1)!) ?? false, exemption: r.pensionExemptions[fy])
        }
    }

    /// The levies of `keys` (a taxpayer, and the co-owner groups they are one of) for the
    /// current fiscal year and the four before it, each read as the 納税証明書 reads it: the
    /// account's 期別, payments and 延滞金 on the known-at day.
    static func levyYears(_ keys: [String], pop: Population, knownAt: RecordedTime, calendar: CollectionCalendar) -> [LevyYear] {
        let today = knownAt.japanDate
        let currentYear = today.fiscalYear
        var years: [LevyYear] = []
        for key in keys {
            let levies = pop.ledger.levies[key] ?? []
            var groups: [String: [RecordedLevy]] = [:]
            for l in levies { groups["\(l.tax.rawValue)|\(l.fiscalYear)", default: []].append(l) }
            for (_, ls) in groups {
                let first = ls[0]
                // The current year and the four before it (later years too, if already levied).
                guard first.fiscalYear >= currentYear - 4 else { continue }
                var account = LevyAccount.make(pop.ledger, subject: key, tax: first.tax, fiscalYear: first.fiscalYear, day: today, known: knownAt,
                                               calendar: calendar)
                // A 都市計画税 collected with the 固定資産税 is in that levy's account: its row shows its
                // share of what was paid and is overdue; the 期's 延滞金 and 督促手数料 stay on the
                // 固定資産税's row (one 期, one 督促状).
                var shareOnly = false
                if account == nil, first.tax == .cityPlanningTax,
                   let joint = LevyAccount.make(pop.ledger, subject: key, tax: .fixedAssetTax, fiscalYear: first.fiscalYear, day: today, known: knownAt,
                                                calendar: calendar), joint.cityPlanning != nil {
                    account = joint; shareOnly = true
                }
                let paid = account.map { $0.apportioned($0.paid, to: first.tax) } ?? .zero
                // Overdue of a joint account: what is paid or not yet due, split once, off the tax's
                // amount (splitting paid and not-due apart could leave a yen overdue on one row
                // with nothing overdue); the two rows add up to the account's overdue.
                let overdue = account.map { a -> Yen in
                    let open = a.openArrears.reduce(Yen.zero) { $0 + $1.instalment.unpaid }
                    guard let cp = a.cityPlanning else { return open }
                    let settledOrAhead = min((a.levied - open).clampedAtZero, a.levied)
                    return ((first.tax == .cityPlanningTax ? cp.amount : a.levy.amount) - a.apportioned(settledOrAhead, to: first.tax)).clampedAtZero
                } ?? .zero
                // (The 都市計画税's row says 割合未定 too while the 期's 延滞金 cannot be worked out.)
                let interest = account.flatMap { a in a.lateInterestMissing == nil ? (shareOnly ? .zero : (a.lateInterest - a.lateInterestPaid).clampedAtZero) : nil }
                let fees = shareOnly ? .zero : account.map { ($0.demandFees - $0.demandFeesPaid).clampedAtZero } ?? .zero
                years.append(LevyYear(
                    tax: first.tax, fiscalYear: first.fiscalYear, taxpayer: key,
                    history: ls.sorted { $0.seq < $1.seq }.map {
                        LevyEntry(amount: $0.amount, corrected: $0.corrected, noticeDate: $0.noticeDate, recordedAt: $0.recordedAt, revisionSet: $0.revisionSet)
                    },
                    paid: paid, overdue: overdue, lateInterestUnpaid: interest, demandFeesUnpaid: fees))
            }
        }
        return years.sorted { ($0.tax, -$0.fiscalYear, $0.taxpayer) < ($1.tax, -$1.fiscalYear, $1.taxpayer) }
    }
}
