/// The folders of `revisions/` that hold law in force, one per tax (and the certificates'
/// words). Each has an index, `revisions/<folder>/index.yaml`, declaring its parameters; a
/// revision in the folder may set only those. `drafts/` is not one: a draft may set any key.
public enum ParameterFolder: String, Sendable, CaseIterable {
    case residentTax = "resident-tax"
    case lightVehicleTax = "light-vehicle-tax"
    /// 固定資産税 and 都市計画税.
    case fixedAssetTax = "fixed-asset-tax"
    /// 国民健康保険 (料・税), and the 国民年金 premiums whose records the city keeps.
    case nhi
    case certificates

    /// The index, as errors name it.
    public var indexFile: String { "revisions/\(rawValue)/index.yaml" }

    /// Every key the Swift code can spell for this folder: each `*Keys` enum's constants and the
    /// keys its functions make. A test checks this equals the index, key for key.
    public var swiftKeys: [String] {
        switch self {
        case .residentTax: return ResidentTaxKeys.allKeys
        case .lightVehicleTax: return LightVehicleKeys.allKeys
        case .fixedAssetTax: return FixedAssetKeys.allKeys
        case .nhi: return NHIKeys.allKeys + NationalPensionKeys.allKeys
        case .certificates: return CertificateKeys.allKeys
        }
    }
}
