import KaiseiCore

/// What a city prints on its certificates for one fiscal year (`revisions/certificates/`), typed.
public struct CertificateParameters: Sendable {
    public typealias K = CertificateKeys
    public let set: ParameterSet

    public init(_ set: ParameterSet) { self.set = set }

    /// 証明者.
    public var issuer: String { self.set.text(K.issuer) }
    /// The title of a certificate kind (`income`, `non-taxation`, `tax-payment`, `vehicle-inspection`).
    public func title(_ kind: String) -> String { self.set.text(K.title(kind)) }
    /// 継続検査用: the note on its use.
    public var vehicleInspectionNote: String { self.set.text(K.purposeNote) }

    /// 継続検査用: the last day it may be presented — the end of the month
    /// `certificate.vehicle_inspection.valid_months_after_year` months after the fiscal year's
    /// 31 March (2: 31 May of the next year). nil when the rules asked do not set it.
    public var vehicleInspectionValidUntil: CivilDate? {
        guard set.has(K.vehicleInspectionValidMonths), let yearEnd = YearMonth(year: set.fiscalYear + 1, month: 3) else { return nil }
        let month = yearEnd.adding(months: Int(set.count(K.vehicleInspectionValidMonths)))
        return CivilDate(year: month.year, month: month.month, day: CivilDate.daysIn(year: month.year, month: month.month))
    }
}
