import KaiseiCore
import KaiseiEvents
import EventStore
import Replay

/// A city's administrator manages that city's staff accounts through the service; the same
/// workflow as `kaisei staff`, recorded as events with the admin as `by`.
extension CounterService {
    public struct StaffSummary: Sendable {
        public let user: String
        public let staffId: String
        public let role: Vocabulary.StaffRole
        public let enabled: Bool
        public let addedOn: CivilDate
    }

    /// The accounts of the admin's city.
    public func staffList(_ caller: Caller?) throws -> [StaffSummary] {
        let caller = try Gate.authorize(caller, .staffAdmin)
        let accounts = try view().pops[caller.city]!.staff
        return accounts.sorted { $0.key < $1.key }.map {
            StaffSummary(user: $0.value.user, staffId: $0.key, role: $0.value.role, enabled: $0.value.enabled, addedOn: $0.value.addedOn)
        }
    }

    public enum StaffChange: Sendable {
        case add(user: String, role: Vocabulary.StaffRole, password: String)
        case disable(user: String)
        case resetPassword(user: String, password: String)
    }

    /// Applies a change to an account of the admin's own city and waits until the service has
    /// followed it (so the next request sees it).
    public func changeStaff(_ caller: Caller?, _ change: StaffChange) throws {
        let caller = try Gate.authorize(caller, .staffAdmin)
        let city = caller.city
        let target: String
        switch change {
        case .add(let user, _, _), .disable(let user), .resetPassword(let user, _): target = user
        }
        do {
            _ = try writing { log -> Event in
                let now = now(try view())
                switch change {
                case let .add(user, role, password):
                    return try StaffWorkflow.add(log, city: city, user: user, role: role, password: password, by: caller.staffId, at: now)
                case let .disable(user):
                    // An account of the other city is not found here, like any unknown user.
                    return try StaffWorkflow.disable(log, city: city, user: user, by: caller.staffId, at: now)
                case let .resetPassword(user, password):
                    return try StaffWorkflow.resetPassword(log, city: city, user: user, password: password, by: caller.staffId, at: now)
                }
            }
        } catch let p as StaffWorkflow.Problem {
            switch p {
            case .unknown: throw CounterError.notFound(kind: "staff account", id: target)
            case .badUser(let r): throw CounterError.badRequest(field: "user", reason: r)
            case .badPassword(let r): throw CounterError.badRequest(field: "password", reason: r)
            // User names are unique across both cities; which city holds one is not said here.
            case .exists: throw CounterError.refused("the user name \(target) is taken; choose another")
            case .disabled: throw CounterError.refused(p.description)
            }
        }
        try state.follow()
    }
}
