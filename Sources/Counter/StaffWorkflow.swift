import KaiseiCore
import KaiseiEvents
import EventStore

/// Adding, disabling and resetting staff accounts: events appended with optimistic
/// concurrency on the account's stream, so two admins acting at once cannot both win. The CLI
/// (`kaisei staff`) and the service's admin routes call these.
public enum StaffWorkflow {
    public enum Problem: Error, Sendable, Equatable, CustomStringConvertible {
        case badUser(String)
        case badPassword(String)
        case exists(user: String, city: City)
        case unknown(user: String)
        case disabled(user: String)
        public var description: String {
            switch self {
            case .badUser(let r): return "--user: \(r)"
            case .badPassword(let r): return "password: \(r)"
            case let .exists(user, city): return "a staff account \"\(user)\" already exists (\(city.rawValue)); user names are unique across both cities"
            case .unknown(let user): return "no staff account \"\(user)\" in this city"
            case .disabled(let user): return "the staff account \"\(user)\" is disabled"
            }
        }
    }

    /// Why a user name cannot be used: it becomes part of an id.
    public static func userProblem(_ user: String) -> String? {
        if user.count < 2 || user.count > 40 { return "a user name has 2 to 40 characters" }
        let ok = user.utf8.allSatisfy { c in
            (c >= 0x30 && c <= 0x39) || (c >= 0x61 && c <= 0x7A) || c == UInt8(ascii: ".") || c == UInt8(ascii: "_") || c == UInt8(ascii: "-")
        }
        return ok ? nil : "a user name may contain only a–z 0–9 . _ - (got \"\(user)\")"
    }

    /// The account's state from its own events (a short stream), not from a replay.
    public static func account(_ log: any EventLog, city: City, user: String) throws -> (version: Int64, enabled: Bool)? {
        let events = try log.events(city: city, subject: city.staffId(user), validOn: nil, knownAt: nil)
        guard !events.isEmpty else { return nil }
        var enabled = false
        for e in events {
            switch e.event.type {
            case .staffAccountAdded: enabled = true
            case .staffAccountDisabled: enabled = false
            default: break
            }
        }
        return (Int64(events.last!.streamVersion), enabled)
    }

    public static func add(_ log: any EventLog, city: City, user: String, role: Vocabulary.StaffRole, password: String,
                           by: String, at now: RecordedTime) throws -> Event {
        if let p = userProblem(user) { throw Problem.badUser(p) }
        if let p = StaffPasswords.problem(password) { throw Problem.badPassword(p) }
        for c in City.allCases where try account(log, city: c, user: user) != nil { throw Problem.exists(user: user, city: c) }
        let e = Event(id: "staff-\(city.idPrefix)-\(user)-1", city: city, subject: city.staffId(user), type: .staffAccountAdded,
                      validDate: now.japanDate, recordedAt: now,
                      payload: Payload(.staffAccountAdded, ["user": .text(user), "role": .choice(role),
                                                            "password_hash": .text(StaffPasswords.hash(password)), "added_by": .text(by)]))
        _ = try log.append([AppendRequest(e, expectedVersion: 0)])
        return e
    }

    public static func disable(_ log: any EventLog, city: City, user: String, by: String, at now: RecordedTime) throws -> Event {
        guard let a = try account(log, city: city, user: user) else { throw Problem.unknown(user: user) }
        guard a.enabled else { throw Problem.disabled(user: user) }
        let e = Event(id: "staff-\(city.idPrefix)-\(user)-\(a.version + 1)", city: city, subject: city.staffId(user), type: .staffAccountDisabled,
                      validDate: now.japanDate, recordedAt: now, payload: Payload(.staffAccountDisabled, ["by": .text(by)]))
        _ = try log.append([AppendRequest(e, expectedVersion: a.version)])
        return e
    }

    public static func resetPassword(_ log: any EventLog, city: City, user: String, password: String, by: String,
                                     at now: RecordedTime) throws -> Event {
        if let p = StaffPasswords.problem(password) { throw Problem.badPassword(p) }
        guard let a = try account(log, city: city, user: user) else { throw Problem.unknown(user: user) }
        guard a.enabled else { throw Problem.disabled(user: user) }
        let e = Event(id: "staff-\(city.idPrefix)-\(user)-\(a.version + 1)", city: city, subject: city.staffId(user), type: .staffPasswordReset,
                      validDate: now.japanDate, recordedAt: now,
                      payload: Payload(.staffPasswordReset, ["password_hash": .text(StaffPasswords.hash(password)), "by": .text(by)]))
        _ = try log.append([AppendRequest(e, expectedVersion: a.version)])
        return e
    }
}
