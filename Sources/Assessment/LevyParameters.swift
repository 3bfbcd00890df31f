import KaiseiCore
import Law
import Replay

/// The rule set one run uses: parameters for a city, resolved once per tax (and, for 負担調整,
/// for every year since the start of Kaisei's history).
public struct LevyParameters: Sendable {
    public let residentTax: ResidentTaxParameters
    public let lightVehicle: LightVehicleParameters
    public let nhi: NHIParameters
    public let fixedAsset: [FixedAssetParameters]
    /// 法人市民税 and 事業所税 by fiscal year: a levy of the year covers the 事業年度 whose return is
    /// due in it, each under the rules of the year it starts in (up to two years before).
    public let corporate: [Int: ParameterSet]
    /// The 申告納付期限's months of the same years (`CorporateDeadlineRules`); a year whose rules
    /// lack them is refused with the corporate taxes.
    public let corporateDeadlines: [Int: CorporateDeadlineRules]
    public let firstYear: Int
    /// Closed days, for deadlines the law counts (a 予定申告's 提出期限 moved off a weekend).
    public let calendar: CollectionCalendar
    /// The fingerprint of the rules a levy of the individual taxes was computed by (the
    /// individual scope: resident tax, light vehicle, property, NHI, certificates' words).
    public let revisionSetHash: String
    /// The same for 法人市民税 and 事業所税: the corporate folder's revisions. Until 2026-12-05 the
    /// corporate levies carried the individual scope's hash, which says nothing of the rates and
    /// months they were computed by; `audit-levies` counts those apart (`legacyRevisionSet`).
    public let corporateRevisionSetHash: String
    /// Taxes whose rules, as adopted at the time asked, lack a parameter the law requires that
    /// year: each with every missing parameter. The assessor refuses these taxes rather than
    /// reading a missing value as ¥0.
    public let refused: [LevyTax: [MissingParameter]]

    public init(ruleBase rb: RuleBase, city: City, fiscalYear fy: Int, asOf: RecordedTime, drafts: [Revision] = []) {
        let set = ParameterSet(ruleBase: rb, city: city, fiscalYear: fy, asOf: asOf, drafts: drafts)
        residentTax = ResidentTaxParameters(set)
        lightVehicle = LightVehicleParameters(set)
        nhi = NHIParameters(set)
        firstYear = ParameterCatalogue.years.lowerBound
        calendar = CollectionCalendar(ruleBase: rb, city: city, asOf: asOf)
        // 負担調整 reads every earlier year's rules: each year's set is resolved once, for its
        // parameters and for the check below.
        let yearSets = (firstYear...fy).map { $0 == fy ? set : ParameterSet(ruleBase: rb, city: city, fiscalYear: $0, asOf: asOf, drafts: drafts) }
        fixedAsset = yearSets.map(FixedAssetParameters.init)
        revisionSetHash = set.revisionSetHash
        corporateRevisionSetHash = rb.revisionSetHash(asOf: asOf, drafts: drafts, scope: .corporate)
        var refused: [LevyTax: [MissingParameter]] = [:]
        let residentTax = set.missingRequired(in: .residentTax), nhi = set.missingRequired(in: .nhi)
        if !residentTax.isEmpty { refused[.residentTax] = residentTax }
        let lightVehicle = set.missingRequired(in: .lightVehicleTax)
        if !lightVehicle.isEmpty { refused[.lightVehicleTax] = lightVehicle }
        if !nhi.isEmpty { refused[.nhi] = nhi }
        let property = yearSets.flatMap { $0.missingRequired(in: .fixedAssetTax) }
        if !property.isEmpty { refused[.fixedAssetTax] = property; refused[.cityPlanningTax] = property }
        var corporateSets: [Int: ParameterSet] = [:]
        var deadlines: [Int: CorporateDeadlineRules] = [:]
        var corporateMissing: [MissingParameter] = []
        for year in max(firstYear, fy - 2)...max(firstYear, fy) {
            let s = yearSets.indices.contains(year - firstYear) ? yearSets[year - firstYear] : set
            corporateSets[year] = s
            deadlines[year] = try? CorporateDeadlineRules(s)
            let listed = s.missingRequired(in: .corporateTax)
            // Whatever else the calculators read (a rate that changed within the year must keep
            // the one before for the earlier starts), found by running them.
            corporateMissing += listed + CorporateRulesProbe.missing(s).filter { e in !listed.contains { $0.key == e.key } }
        }
        corporate = corporateSets
        corporateDeadlines = deadlines
        if !corporateMissing.isEmpty { refused[.corporateTax] = corporateMissing; refused[.officeTax] = corporateMissing }
        self.refused = refused
    }

    /// The fingerprint a levy of `tax` carries: its own group's revision set.
    public func revisionSet(for tax: LevyTax) -> String {
        // No levy carries the collection set (`revisionScope` is individual or corporate).
        tax.revisionScope == .corporate ? corporateRevisionSetHash : revisionSetHash
    }

    /// The fingerprint a levy of `tax` recorded before its group had its own: the individual set
    /// for 法人市民税 and 事業所税 (levy runs before 2026-12-05), nil for the others.
    public func legacyRevisionSet(for tax: LevyTax) -> String? {
        tax.revisionScope == .corporate ? revisionSetHash : nil
    }

    /// The taxes of `taxes` these rules can assess.
    public func assessable(_ taxes: Set<LevyTax>) -> Set<LevyTax> { taxes.subtracting(refused.keys) }
}

extension LevyTax {
    /// The group of revisions whose set a levy of this tax carries as its fingerprint (the
    /// corporate taxes read none of the individual rules, and the individual set leaves theirs out).
    public var revisionScope: RevisionSetScope {
        switch self {
        case .corporateTax, .officeTax: return .corporate
        default: return .individual
        }
    }
}
