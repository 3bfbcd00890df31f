import Foundation
import HummingbirdBcrypt

/// Staff passwords: bcrypt (salted, slow) from hummingbird-auth, never hand-rolled. Only the
/// hash is stored, in the staff account's events.
public enum StaffPasswords {
    /// Cost 12 (~0.25 s a hash here): slow enough for guessing, fast enough for a login.
    /// `KAISEI_BCRYPT_COST` lowers it for tests only (never below 10 outside them: 4 is the
    /// algorithm's minimum and is accepted so test suites stay fast).
    public static var cost: UInt8 {
        if let s = ProcessInfo.processInfo.environment["KAISEI_BCRYPT_COST"], let c = UInt8(s), (4...16).contains(c) { return c }
        return 12
    }

    public static let minimumLength = 12

    /// Why a new password is not acceptable, or nil.
    public static func problem(_ password: String) -> String? {
        if password.count < minimumLength { return "a password needs at least \(minimumLength) characters" }
        if password.trimmingCharacters(in: .whitespacesAndNewlines) != password { return "a password may not begin or end with spaces" }
        return nil
    }

    public static func hash(_ password: String) -> String { Bcrypt.hash(password, cost: cost) }

    public static func verify(_ password: String, hash: String) -> Bool { Bcrypt.verify(password, hash: hash) }

    /// A hash to verify against when the user does not exist, so that an unknown user takes as
    /// long to refuse as a wrong password (no user enumeration by timing).
    public static let decoy: String = Bcrypt.hash("decoy-password-never-matches", cost: cost)
}
