import KaiseiCore
import KaiseiEvents
import Law

/// `RevisionAdopted` events: the rule base's enacted revisions recorded in the store, one per
/// revision and city, so the history says which law each city had adopted and when. Ids carry
/// the revision's content hash, so recording the same rule base again is a no-op.
public enum RevisionAdoption {
    public static func events(_ ruleBase: RuleBase) -> [Event] {
        var out: [Event] = []
        for r in ruleBase.revisions where r.status == .enacted {
            for city in City.allCases {
                out.append(Event(id: "revision-\(r.id)-\(r.contentHash.prefix(16))-\(city.rawValue)", city: city, subject: "rulebase",
                                 type: .revisionAdopted, validDate: CivilDate(year: r.fromFiscalYear, month: 4, day: 1)!,
                                 payload: Payload(.revisionAdopted, ["revision_id": .text(r.id), "content_hash": .text(r.contentHash), "status": .int(0)])))
            }
        }
        return out
    }
}
