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
    /// 法人市民税.
    case corporateTax = "corporate-tax"
    /// 収納管理: 延滞金 and 還付加算金 (years are calendar years there).
    case collection
    /// 納期 of the taxes (fiscal years), collection's too.
    case dueDates = "due-dates"

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
        case .corporateTax: return CorporateTaxKeys.allKeys + OfficeTaxKeys.allKeys
        case .collection: return CollectionKeys.allKeys
        case .dueDates: return DueDateKeys.allKeys
        }
    }
}

/// The revision sets whose hashes fingerprint outputs. Each group of taxes has its own, so law
/// data added for one group (a new tax's history, with adoption dates long past) never changes
/// the fingerprints of another's outputs: the levy runs already recorded (`audit-levies`
/// compares their revision set) and the certificates already issued keep reproducing.
public enum RevisionSetScope: String, Sendable, CaseIterable {
    /// 個人住民税, 軽自動車税, 固定資産税, 国民健康保険 and the certificates' words.
    case individual
    /// 法人市民税 and 事業所税 (their levies carry this set since 2026-12-05).
    case corporate
    /// 収納管理.
    case collection
}

extension ParameterFolder {
    public var scope: RevisionSetScope {
        switch self {
        case .residentTax, .lightVehicleTax, .fixedAssetTax, .nhi, .certificates: return .individual
        case .corporateTax: return .corporate
        case .collection, .dueDates: return .collection
        }
    }

    /// Whether the folder's years are calendar years (collection's rates) rather than fiscal.
    public var usesCalendarYears: Bool { self == .collection }

    /// A year as messages print it: `FY2024`, or `2024` in a calendar-year folder.
    public func yearLabel(_ year: Int) -> String { usesCalendarYears ? "\(year)" : "FY\(year)" }

    /// A key's year as messages print it (the folder found by the key's Swift constants).
    public static func yearLabel(_ year: Int, forKey key: String) -> String {
        CollectionKeys.allKeys.contains(key) ? ParameterFolder.collection.yearLabel(year) : "FY\(year)"
    }

    /// The folder of a revision file named as the loader names it (`revisions/<folder>/…`);
    /// nil for drafts.
    public init?(revisionFile file: String) {
        let parts = file.split(separator: "/")
        guard parts.count >= 3 else { return nil }
        self.init(rawValue: String(parts[1]))
    }
}
