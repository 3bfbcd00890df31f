import KaiseiCore
import Replay
import Law
import Assessment

/// What the counter shows of one corporation as known at a moment: its 宛名 (名称 and 所在地 with
/// both clocks of every change, 法人番号), its offices in the city, the returns it filed, and its
/// 法人市民税 and 事業所税 of the current year and the four before it, each as the 納税証明書 reads
/// it. A corporation asks at the counter for the same 納税証明書 a person does (入札参加資格 and
/// the like), so it is found and shown beside the residents.
public struct CorporationRecord: Sendable {
    public struct Return: Sendable {
        public let kind: CorporateReturnKind
        public let periodStart: CivilDate
        public let periodEnd: CivilDate
        public let filed: CivilDate
        /// nil for a 予定申告 deemed filed (地方税法第321条の8第1項後段): no event records it.
        public let recordedAt: RecordedTime?
        /// Not filed, deemed filed on its 提出期限.
        public let deemed: Bool
        /// A 個人事業者's return saying the business ended with the proprietor's death (its
        /// 事業所税 due within four months).
        public var proprietorDied = false
    }

    public let id: String
    public let city: City
    public let knownAt: RecordedTime
    public let watermark: Int64
    public let corporateNumber: String?
    public let publicInterest: Bool
    /// A 個人事業者 on the register for 事業所税 alone.
    public let individual: Bool
    public let registered: CivilDate?
    public let name: RegisteredName?
    public let address: RegisteredAddress?
    public let names: [ResidentRecord.Change<RegisteredName>]
    public let addresses: [ResidentRecord.Change<RegisteredAddress>]
    public let offices: [OfficeSpell]
    /// Newest period first, then filing order.
    public let returns: [Return]
    public let levies: [ResidentRecord.LevyYear]

    /// Builds the record from a scoped state as known at `knownAt` (`ScopedReplay.fold`); nil
    /// when the corporation was not yet registered then.
    /// `deemed`: the 予定申告 deemed filed as known then (from the assessment), listed with the filed.
    init?(id: String, pop: Population, recordedAt: [Int64: RecordedTime], knownAt: RecordedTime, watermark: Int64, calendar: CollectionCalendar,
          deemed: [CorporateAssessment.Period] = []) {
        guard let c = pop.corporations[id] else { return nil }
        let today = knownAt.japanDate
        self.id = id
        city = pop.city
        self.knownAt = knownAt
        self.watermark = watermark
        corporateNumber = c.corporateNumber
        publicInterest = c.publicInterest
        individual = c.individual
        registered = c.registered
        name = pop.names[id]?.value(on: today)
        address = pop.addresses[id]?.value(on: today)
        func changes<V>(_ t: Timeline<V>?) -> [ResidentRecord.Change<V>] {
            (t?.entries ?? []).map { ResidentRecord.Change(value: $0.value, valid: $0.valid, recordedAt: recordedAt[$0.seq] ?? .distantPast) }
        }
        names = changes(pop.names[id])
        addresses = changes(pop.addresses[id])
        offices = c.offices.sorted { ($0.opened, $0.office) < ($1.opened, $1.office) }
        var returns = c.returns
            .sorted { ($1.periodEnd, $0.filed, $0.seq) < ($0.periodEnd, $1.filed, $1.seq) }
            .map { Return(kind: $0.kind, periodStart: $0.periodStart, periodEnd: $0.periodEnd, filed: $0.filed, recordedAt: recordedAt[$0.seq] ?? .distantPast, deemed: false,
                          proprietorDied: c.individual && $0.proprietorDied) }
        // A deemed 予定申告 is of the period after the latest final return: it goes first.
        returns = deemed.map { Return(kind: .interim, periodStart: $0.start, periodEnd: $0.end, filed: $0.filed, recordedAt: nil, deemed: true) } + returns
        self.returns = returns
        levies = ResidentRecord.levyYears([id], pop: pop, knownAt: knownAt, calendar: calendar)
    }
}
