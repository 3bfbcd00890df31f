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

/// A certificate that cannot be issued, said so that counter staff can act on it.
public struct CertificateRefusal: Error, Sendable, CustomStringConvertible {
    public let description: String
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
