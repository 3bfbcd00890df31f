/// Why the counter cannot answer, as the service turns it into a problem+json answer. Each
/// case says what to do; none carries an amount or a name.
public enum CounterError: Error, Sendable, Equatable, CustomStringConvertible {
    /// No session, or it expired: log in (again).
    case unauthenticated(String)
    /// The role may not do this.
    case forbidden(String)
    /// Nothing of that kind with that id exists for the caller: the same answer whether it does
    /// not exist at all or belongs to the other city.
    case notFound(kind: String, id: String)
    /// A parameter or body field is missing or malformed.
    case badRequest(field: String, reason: String)
    /// The request is well-formed but the law or the record says no (a non-taxation
    /// certificate for a taxed person, rules that lack a parameter).
    case refused(String)
    /// Too many failed logins: wait.
    case tooManyAttempts(retryAfterSeconds: Int)
    /// The service is still replaying, or the store cannot be read.
    case unavailable(String)

    public var description: String {
        switch self {
        case .unauthenticated(let s), .forbidden(let s), .refused(let s), .unavailable(let s): return s
        case let .notFound(kind, id): return "no \(kind) \(id) in your city's register"
        case let .badRequest(field, reason): return "\(field): \(reason)"
        case .tooManyAttempts(let s): return "too many failed logins; try again in \(s) seconds"
        }
    }
}
