import KaiseiCore
import Law
import Replay

public enum CertificateKind: String, Sendable, CaseIterable {
    case income, nonTaxation = "non-taxation", taxPayment = "tax-payment", vehicleInspection = "vehicle-inspection"
}

/// What was asked for: the same request always gives the same certificate, byte for byte,
/// whatever has been recorded since `knownAt`.
public struct CertificateRequest: Sendable, Equatable {
    public let kind: CertificateKind
    public let subject: String
    public let fiscalYear: Int
    public let knownAt: RecordedTime
    public let city: City?
    public init(kind: CertificateKind, subject: String, fiscalYear: Int, knownAt: RecordedTime, city: City? = nil) {
        self.kind = kind; self.subject = subject; self.fiscalYear = fiscalYear; self.knownAt = knownAt; self.city = city
    }
}

/// A certificate that cannot be issued, with the facts as fields; the message is made from
/// them and names no amount (a refusal is logged and shown at the counter, so it must not
/// carry a person's tax or income).
public struct CertificateRefusal: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Reason: Sendable, Equatable {
        case fiscalYearOutOfRange(Int, ClosedRange<Int>)
        case notResident(subject: String, city: City, fiscalYear: Int)
        /// A 非課税証明書 asked for a person who is taxed that year.
        case taxed(subject: String, fiscalYear: Int)
        case vehicleNotRegistered(vehicle: String, city: City, fiscalYear: Int)
        case noLevyRecorded(tax: LevyTax?, subject: String, fiscalYear: Int)
        /// 継続検査用: the owner has not paid the year's 軽自動車税 in full.
        case notPaidInFull(owner: String, fiscalYear: Int)
        case unknownSubject(String)
        /// The rules adopted at the time asked lack a parameter the law requires that year.
        case rulesIncomplete(MissingParameter)
        case malformed(String)
    }
    public let reason: Reason
    public let knownAt: RecordedTime?

    public init(_ reason: Reason, knownAt: RecordedTime? = nil) { self.reason = reason; self.knownAt = knownAt }
    init(description: String) { self.init(.malformed(description)) }

    public var description: String {
        let when = knownAt.map { " (as known at \($0))" } ?? ""
        switch reason {
        case let .fiscalYearOutOfRange(fy, years): return "fiscal year \(fy) is outside \(years.lowerBound)–\(years.upperBound)"
        case let .notResident(s, c, fy): return "\(s) was not registered in \(c.japaneseName) on 1 January \(fy)\(when)"
        case let .taxed(s, fy): return "\(s) is taxed for FY\(fy): a 非課税証明書 cannot be issued; issue the income certificate"
        case let .vehicleNotRegistered(v, c, fy): return "vehicle \(v) was not registered in \(c.japaneseName) on 1 April \(fy)\(when)"
        case let .noLevyRecorded(tax, s, fy):
            return tax == .lightVehicleTax ? "no 軽自動車税 levy of FY\(fy) is recorded for the owner \(s)\(when); run the levy first"
                                           : "no levy of FY\(fy) is recorded for \(s)\(when)"
        case let .notPaidInFull(owner, fy): return "軽自動車税 FY\(fy) of \(owner) is not paid in full: the certificate for 継続検査 is issued only when it is"
        case let .unknownSubject(s): return "no subject \(s) in either city\(when)"
        case let .rulesIncomplete(m): return "cannot be computed: \(m)"
        case let .malformed(text): return text
        }
    }
}

/// The certificate: its canonical content (everything printed, and the basis it was computed
/// from) and the SHA-256 of that content. JSON and HTML are two renderings of the same content.
public struct Certificate: Sendable {
    public let content: JSONValue
    public let fingerprint: String
    public var json: String { JSONWriter.canonical(Self.withFingerprint(content, fingerprint)) }
    public var html: String { CertificateHTML.render(self) }

    init(content: JSONValue) {
        self.content = content
        fingerprint = SHA256.hex(Array(JSONWriter.canonical(content).utf8))
    }

    static func withFingerprint(_ content: JSONValue, _ fp: String) -> JSONValue {
        guard case .object(let pairs) = content else { return content }
        return .object(pairs + [("fingerprint", .string(fp))])
    }
}
