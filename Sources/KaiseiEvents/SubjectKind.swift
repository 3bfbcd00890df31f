/// What an event's subject is. Each event type names the kind it concerns, so a subject id is
/// never read as the wrong kind of thing.
public enum SubjectKind: String, CaseIterable, Sendable {
    case resident
    case household
    case landParcel = "land_parcel"
    case building
    case vehicle
    case corporation
    /// The rule base itself: revision adoptions are events too.
    case rulebase
    /// Levies and payments concern whoever is liable: a resident, a household head, a
    /// corporation, or the co-owners of a property.
    case taxpayer
    /// A staff account of one city (`okz-s-USER`): who may use the counter service, and as what.
    case staff
}
