import KaiseiCore
import KaiseiEvents

/// The one authorisation gate. Every route passes its caller and purpose here before it reads
/// anything, and reads subjects only through `Gate.visible`, so that a member of one city's
/// staff cannot search, see, count or issue for the other city: an id of the other city comes
/// back exactly as an unknown id does.
public enum Gate {
    /// The roles that may act for a purpose. `admin` is the city's administrator (staff
    /// accounts), not a super-user: it sees no resident data it does not need.
    public static func roles(for purpose: Purpose) -> Set<Vocabulary.StaffRole> {
        switch purpose {
        case .search, .resident, .householdNHI, .assessment, .certificateIssue, .certificateVerify: return [.clerk]
        case .aggregate: return [.analyst, .admin]
        case .auditTrail: return [.auditor]
        case .staffAdmin: return [.admin]
        }
    }

    /// The caller, if it may act for `purpose`; otherwise why not.
    public static func authorize(_ caller: Caller?, _ purpose: Purpose) throws(CounterError) -> Caller {
        guard let caller else { throw CounterError.unauthenticated("log in first (POST /api/session)") }
        guard roles(for: purpose).contains(caller.role) else {
            throw CounterError.forbidden("the \(caller.role.rawValue) role may not use \(purpose.rawValue)")
        }
        return caller
    }

    /// Whether a subject id belongs to the caller's city. Ids carry their city's prefix, and
    /// the caller's city's state is the only one a workflow is handed; this check is the
    /// second line, so a mistake in one is caught by the other.
    public static func visible(_ id: String, to caller: Caller) -> Bool {
        id.hasPrefix(caller.city.idPrefix + "-")
    }
}
