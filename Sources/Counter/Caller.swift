import KaiseiCore
import KaiseiEvents

/// Who is asking: a logged-in staff member of one city. Every workflow takes a `Caller` and
/// nothing else decides which city's data exists for the request.
public struct Caller: Sendable, Equatable {
    public let user: String
    /// The staff account's subject id (`okz-s-USER`), as the audit trail names it.
    public let staffId: String
    public let city: City
    public let role: Vocabulary.StaffRole
    public init(user: String, staffId: String, city: City, role: Vocabulary.StaffRole) {
        self.user = user; self.staffId = staffId; self.city = city; self.role = role
    }
}

/// What a request is for. Each purpose is allowed to some roles (`Gate.roles(for:)`); those
/// marked `personal` show a person's data, so their answers leave an access record.
public enum Purpose: String, Sendable, CaseIterable {
    case search
    case resident
    case householdNHI = "household-nhi"
    case assessment
    case certificateIssue = "certificate-issue"
    case certificateVerify = "certificate-verify"
    case aggregate
    case auditTrail = "audit-trail"
    case staffAdmin = "staff-admin"

    /// Answers with a person's data (and so leave an access record).
    public var personal: Bool {
        switch self {
        case .search, .resident, .householdNHI, .assessment, .certificateIssue, .certificateVerify: return true
        case .aggregate, .auditTrail, .staffAdmin: return false
        }
    }
}

extension City {
    /// The three-letter prefix of the city's subject ids (`okz-r-…`, `toy-s-…`).
    public var idPrefix: String { self == .okazaki ? "okz" : "toy" }

    /// The staff subject id of a user of this city.
    public func staffId(_ user: String) -> String { "\(idPrefix)-s-\(user)" }
}
