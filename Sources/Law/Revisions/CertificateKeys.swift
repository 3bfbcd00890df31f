/// The words each city prints on its certificates (`revisions/certificates/index.yaml`).
public enum CertificateKeys {
    public static let issuer = "certificate.issuer"
    public static func title(_ kind: String) -> String { "certificate.title.\(kind.replacingOccurrences(of: "-", with: "_"))" }
    public static let kinds = ["income", "non-taxation", "tax-payment", "vehicle-inspection"]
    public static let purposeNote = "certificate.vehicle_inspection.note"
    /// The 納税証明書's layout (absent = 1): 2 adds 期別, 延滞金 and 督促手数料.
    public static let taxPaymentLayout = "certificate.tax_payment.layout"

    /// Every key above (`ParameterFolder.swiftKeys`; a test checks it equals the index).
    public static var allKeys: [String] { [issuer, purposeNote, taxPaymentLayout] + kinds.map(title) }
}
