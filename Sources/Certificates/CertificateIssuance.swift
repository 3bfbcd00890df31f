import KaiseiCore
import KaiseiEvents
import EventStore
import Law
import Replay
import Snapshots

/// Certificate issuance as a library workflow: replay the store as known at the request's time
/// (from the newest usable snapshot), build the certificate, and — when a staff member issues
/// it — the `CertificateIssued` event to append. The CLI and the counter service call this and
/// only render or append what it returns.
public enum CertificateIssuance {
    /// A built certificate with what the caller needs without reading its JSON back: the city
    /// it was found in and the chain hash of the event at its watermark.
    public struct Issued: Sendable {
        public let certificate: Certificate
        public let city: City
        public let watermarkHash: [UInt8]
        /// Snapshots passed over on the way (a cache: never an error).
        public let warnings: [SnapshotProblem]
        public init(certificate: Certificate, city: City, watermarkHash: [UInt8], warnings: [SnapshotProblem]) {
            self.certificate = certificate; self.city = city; self.watermarkHash = watermarkHash; self.warnings = warnings
        }
    }

    public static func build(_ req: CertificateRequest, log: any EventLog, ruleBase: RuleBase, snapshots: SnapshotFolder?) throws -> Issued {
        let o = try StoreReplay.replay(log, knownAt: req.knownAt, snapshots: snapshots)
        var hash = [UInt8](repeating: 0, count: 32)
        if o.watermark > 0 { try log.scan(after: o.watermark - 1, through: o.watermark) { hash = $0.hash } }
        let builder = CertificateBuilder(ruleBase: ruleBase, pops: o.pops, watermark: o.watermark, watermarkHash: hash)
        let built = try builder.buildWithCity(req)
        return Issued(certificate: built.certificate, city: built.city, watermarkHash: hash, warnings: o.warnings)
    }

    /// The `CertificateIssued` event recording that `staff` issued it at `now`.
    public static func issuedEvent(_ issued: Issued, request: CertificateRequest, staff: String, at now: RecordedTime) -> Event {
        Event(id: "cert-\(issued.certificate.fingerprint.prefix(24))-\(now.microseconds)", city: issued.city, subject: request.subject,
              type: .certificateIssued, validDate: now.japanDate,
              payload: Payload(.certificateIssued, ["kind": .int(Int64(CertificateKind.allCases.firstIndex(of: request.kind)!)),
                                                    "fiscal_year": .int(Int64(request.fiscalYear)), "fingerprint": .text(issued.certificate.fingerprint),
                                                    "issued_by": .text(staff)]))
    }
}
