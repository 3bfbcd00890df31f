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

    /// 継続検査用: the last day it may be presented, 31 May of the year after the fiscal year
    /// began (軽自動車税の納期は5月末; the certificate serves the inspections until the next
    /// year's tax is due). A constant of the law layer, not yet a revision parameter: see
    /// MaternityWindow on why.
    public var vehicleInspectionValidUntil: CivilDate? {
        CivilDate(year: self.set.fiscalYear + 1, month: 5, day: 31)
    }
}
