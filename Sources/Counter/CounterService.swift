import Foundation
import KaiseiCore
import KaiseiEvents
import EventStore
import Law
import Replay
import Assessment

/// The counter's workflows: what `kaisei serve` calls for every route, and what tests call
/// directly. Each takes the caller, passes the gate first, reads only the caller's city, and
/// for a personal-data purpose writes its access record before it returns its answer.
public final class CounterService: @unchecked Sendable {
    public let state: CounterState
    public let ruleBase: RuleBase
    public let audit: AuditTrail
    public let sessions: SessionStore
    /// Failed logins per user name (5 lock the name for 15 minutes) and per client address (a
    /// whole counter office shares one address, so the bar is higher there: 100 in 5 minutes).
    public let limiter: LoginLimiter
    public let clientLimiter = LoginLimiter(limit: 100, window: 300, lockout: 900)
    /// The store connection writes go through (issued certificates, staff changes), one at a time.
    /// nil in the degraded environment (`kaisei serve --read-only` on a standby or a restored
    /// backup): nothing is written to the store, and writes are refused with a clear message.
    private let writer: (any EventLog)?
    public var readOnly: Bool { writer == nil }
    private let writeLock = NSLock()
    /// Each city's collection calendar per rule base in force (keyed by the latest adoption by
    /// the moment asked): a resident page reads a dozen parameter sets through it.
    private var calendars: [String: CollectionCalendar] = [:]
    private let calendarLock = NSLock()
    /// Each city's levy rules per fiscal year and rule base in force, keyed the same way: a
    /// rule set resolves every year from the first (負担調整) and took nine tenths of the
    /// assessment and NHI pages' server time when built per request.
    private var levyParameterSets: [String: LevyParameters] = [:]
    private let levyParameterLock = NSLock()
    /// The wall clock, injectable for tests.
    public let clock: @Sendable () -> RecordedTime

    public init(state: CounterState, ruleBase: RuleBase, audit: AuditTrail, writer: (any EventLog)?,
                sessions: SessionStore = SessionStore(), limiter: LoginLimiter = LoginLimiter(),
                clock: @escaping @Sendable () -> RecordedTime = SQLiteEventLog.systemClock) {
        self.state = state; self.ruleBase = ruleBase; self.audit = audit; self.writer = writer
        self.sessions = sessions; self.limiter = limiter; self.clock = clock
    }

    /// The rule base in force at a moment, named by its latest adoption before it: two moments
    /// with the same name read the same rules, so what is built from them can be shared.
    private func rulesInForce(_ knownAt: RecordedTime) -> Int64 {
        ruleBase.revisions.lazy.filter { $0.status == .enacted && $0.adopted <= knownAt }.map(\.adopted.microseconds).max() ?? 0
    }

    func collectionCalendar(_ city: City, knownAt: RecordedTime) -> CollectionCalendar {
        let key = "\(city.rawValue)|\(rulesInForce(knownAt))"
        return calendarLock.withLock {
            if let c = calendars[key] { return c }
            let c = CollectionCalendar(ruleBase: ruleBase, city: city, asOf: knownAt)
            calendars[key] = c
            return c
        }
    }

    /// The levy rules of a city's fiscal year as adopted at `knownAt`. Shared between requests
    /// only when complete: the rules' moment shows nowhere else in an answer, but a refusal
    /// names it, and that message must be the one asked for.
    func levyParameters(_ city: City, fiscalYear: Int, knownAt: RecordedTime) -> LevyParameters {
        let key = "\(city.rawValue)|\(fiscalYear)|\(rulesInForce(knownAt))"
        if let p = levyParameterLock.withLock({ levyParameterSets[key] }) { return p }
        let p = LevyParameters(ruleBase: ruleBase, city: city, fiscalYear: fiscalYear, asOf: knownAt)
        guard p.refused.isEmpty else { return p }
        levyParameterLock.withLock {
            // Bounded: two cities × the years a counter looks at × the rule bases asked for.
            if levyParameterSets.count >= 64 { levyParameterSets.removeAll() }
            levyParameterSets[key] = p
        }
        return p
    }

    func view() throws(CounterError) -> CounterState.View {
        guard let v = state.view else { throw CounterError.unavailable("the service is still reading the store; try again in a moment") }
        return v
    }

    /// "Now" as the counter means it: the wall clock, or the newest event's time when the store
    /// holds later history (a generated population runs to FY2027). Events appended later are
    /// stamped after it (the store keeps recorded time strictly increasing), so an answer "as
    /// known now" can be asked again with its known-at and give the same bytes.
    public func now(_ view: CounterState.View) -> RecordedTime {
        let wall = clock()
        return wall > view.head.recordedAt ? wall : view.head.recordedAt
    }

    func writing<T>(_ body: (any EventLog) throws -> T) throws -> T {
        guard let writer else {
            throw CounterError.unavailable("this is the degraded (read-only) environment: nothing can be recorded here; do it again in the main environment once it is back")
        }
        return try writeLock.withLock { try body(writer) }
    }

    /// Writes the access record of an answer; the answer is returned only if it was written.
    func disclose<T>(_ caller: Caller, _ purpose: Purpose, route: String, subjects: [String], detail: String,
                     _ answer: T) throws -> T {
        try audit.record(AccessRecord(at: clock(), city: caller.city, staff: caller.staffId, role: caller.role.rawValue,
                                      purpose: purpose.rawValue, route: route, subjects: subjects, detail: detail))
        return answer
    }

    // MARK: Sessions

    /// Checks a password and opens a session. An unknown user, a disabled account and a wrong
    /// password give the same answer after the same work (a bcrypt check), so a login form
    /// does not tell which user names exist.
    public func login(user: String, password: String, client: String) throws(CounterError) -> SessionStore.Session {
        let keys = ["user:" + user.lowercased()], clientKeys = ["client:" + client]
        if let wait = [limiter.retryAfter(keys), clientLimiter.retryAfter(clientKeys)].compactMap({ $0 }).max() {
            throw CounterError.tooManyAttempts(retryAfterSeconds: wait)
        }
        let v = try view()
        var found: (City, String, StaffAccount)?
        for c in City.allCases {
            let id = c.staffId(user)
            if let a = v.pops[c]?.staff[id] { found = (c, id, a) }
        }
        let hash = found.map { $0.2.passwordHash } ?? StaffPasswords.decoy
        let ok = StaffPasswords.verify(password, hash: hash)
        guard ok, let (city, id, account) = found, account.enabled else {
            limiter.failed(keys)
            clientLimiter.failed(clientKeys)
            throw CounterError.unauthenticated("the user name or the password is wrong, or the account is disabled")
        }
        limiter.succeeded(keys)
        return sessions.open(Caller(user: account.user, staffId: id, city: city, role: account.role), accountVersion: account.version)
    }

    /// The session of a cookie's token, if it is still valid.
    public func session(token: String) -> SessionStore.Lookup {
        sessions.lookup(token) { [weak self] caller in
            guard let a = self?.state.view?.pops[caller.city]?.staff[caller.staffId], a.enabled else { return nil }
            return a.version
        }
    }

    // MARK: Known-at

    /// A request's known-at: nil means now.
    /// A moment in the future is read as now: what is not yet recorded cannot be known, and an
    /// answer "as known in 2099" would change as events are appended.
    public func knownAt(_ requested: RecordedTime?, _ view: CounterState.View) -> RecordedTime {
        let now = now(view)
        guard let requested else { return now }
        return min(requested, now)
    }
}
