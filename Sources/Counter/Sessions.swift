import Foundation
import KaiseiCore
import KaiseiEvents

/// Logged-in sessions, in the memory of one service process (a restart logs everyone out,
/// which a counter can live with). A session ends after `idle` without a request, after
/// `lifetime` in any case, at logout, and when its account is disabled or its password reset
/// (the account's version moves).
public final class SessionStore: @unchecked Sendable {
    public struct Session: Sendable {
        public let token: String
        public let caller: Caller
        /// Sent back with every state-changing request (`X-CSRF-Token` or a form's `csrf_token`).
        public let csrfToken: String
        public let accountVersion: Int64
        public let created: Date
        public var lastSeen: Date
    }

    public let idle: TimeInterval
    public let lifetime: TimeInterval
    private var sessions: [String: Session] = [:]
    private let lock = NSLock()

    public init(idle: TimeInterval = 30 * 60, lifetime: TimeInterval = 8 * 3600) {
        self.idle = idle; self.lifetime = lifetime
    }

    public func open(_ caller: Caller, accountVersion: Int64, now: Date = Date()) -> Session {
        let s = Session(token: Self.randomToken(), caller: caller, csrfToken: Self.randomToken(), accountVersion: accountVersion,
                        created: now, lastSeen: now)
        lock.withLock {
            // Expired sessions are dropped as new ones open, so the table does not grow for ever.
            sessions = sessions.filter { now.timeIntervalSince($0.value.lastSeen) < idle && now.timeIntervalSince($0.value.created) < lifetime }
            sessions[s.token] = s
        }
        return s
    }

    public enum Lookup: Sendable { case valid(Session), expired, unknown }

    /// The session for a cookie's token, touched; `currentVersion` is the account's version now
    /// (nil if the account is gone or disabled).
    public func lookup(_ token: String, currentVersion: (Caller) -> Int64?, now: Date = Date()) -> Lookup {
        lock.withLock {
            guard var s = sessions[token] else { return .unknown }
            let fresh = now.timeIntervalSince(s.lastSeen) < idle && now.timeIntervalSince(s.created) < lifetime
            guard fresh, let v = currentVersion(s.caller), v == s.accountVersion else {
                sessions[token] = nil
                return .expired
            }
            s.lastSeen = now
            sessions[token] = s
            return .valid(s)
        }
    }

    /// Who a token belongs to, without touching the session (for the request log).
    public func peek(_ token: String) -> Caller? { lock.withLock { sessions[token]?.caller } }

    public func close(_ token: String) { lock.withLock { sessions[token] = nil } }

    public var count: Int { lock.withLock { sessions.count } }

    /// 32 random bytes from the system's generator, hex.
    public static func randomToken() -> String {
        var g = SystemRandomNumberGenerator()
        return (0..<32).map { _ in String(format: "%02x", UInt8.random(in: 0...255, using: &g)) }.joined()
    }
}

/// Failed logins per user name and per client address: after `limit` failures within
/// `window`, further attempts are refused for `lockout` (a correct password included), so
/// guessing costs hours, not seconds.
public final class LoginLimiter: @unchecked Sendable {
    public let limit: Int
    public let window: TimeInterval
    public let lockout: TimeInterval
    private var failures: [String: [Date]] = [:]
    private var lockedUntil: [String: Date] = [:]
    private let lock = NSLock()

    public init(limit: Int = 5, window: TimeInterval = 300, lockout: TimeInterval = 900) {
        self.limit = limit; self.window = window; self.lockout = lockout
    }

    /// Seconds to wait if any of `keys` is locked.
    public func retryAfter(_ keys: [String], now: Date = Date()) -> Int? {
        lock.withLock {
            let waits = keys.compactMap { lockedUntil[$0] }.filter { $0 > now }.map { Int($0.timeIntervalSince(now).rounded(.up)) }
            return waits.max()
        }
    }

    public func failed(_ keys: [String], now: Date = Date()) {
        lock.withLock {
            for k in keys {
                var f = (failures[k] ?? []).filter { now.timeIntervalSince($0) < window }
                f.append(now)
                if f.count >= limit { lockedUntil[k] = now.addingTimeInterval(lockout); f = [] }
                failures[k] = f
            }
        }
    }

    public func succeeded(_ keys: [String]) {
        lock.withLock { for k in keys { failures[k] = nil } }
    }
}
