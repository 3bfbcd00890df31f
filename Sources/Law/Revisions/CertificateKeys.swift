/// The words each city prints on its certificates (`revisions/certificates/index.yaml`).
public enum CertificateKeys {
    public static let issuer = "certificate.issuer"
    public static func title(_ kind: String) -> String { "certificate.title.\(kind.replacingOccurrences(of: "-", with: "_"))" }
    public static let kinds = ["income", "non-taxation", "tax-payment", "vehicle-inspection"]
    public static let purposeNote = "certificate.vehicle_inspection.note"

    /// Every key above (`ParameterFolder.swiftKeys`; a test checks it equals the index).
    public static var allKeys: [String] { [issuer, purposeNote] + kinds.map(title) }
}
