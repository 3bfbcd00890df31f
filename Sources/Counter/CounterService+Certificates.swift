import KaiseiCore
import KaiseiEvents
import EventStore
import Law
import Replay
import Certificates

/// What a certificate request gives back: the certificate and the record of its issue.
public struct IssuedCertificate: Sendable {
    public let certificate: Certificate
    public let request: CertificateRequest
    /// The seq of the `CertificateIssued` event recorded for it.
    public let issuedEventId: String
}

public struct CertificateCheck: Sendable {
    public let matches: Bool
    public let fingerprint: String
    public let currentFingerprint: String
    public let request: CertificateRequest
    public let differences: [String]
}

extension CounterService {
    /// Builds a certificate from the subject's world as known at the request's moment (the
    /// same bytes `kaisei certificate` gives for the same request), records its issue as a
    /// `CertificateIssued` event by the caller, then its access record.
    public func issueCertificate(_ caller: Caller?, kind: CertificateKind, subject: String, fiscalYear: Int,
                                 knownAt requested: RecordedTime?, route: String) throws -> IssuedCertificate {
        let caller = try Gate.authorize(caller, .certificateIssue)
        guard ParameterCatalogue.years.contains(fiscalYear) else {
            throw CounterError.badRequest(field: "fiscal_year", reason: "must be between \(ParameterCatalogue.years.lowerBound) and \(ParameterCatalogue.years.upperBound)")
        }
        let certificate: (issued: CertificateIssuance.Issued, request: CertificateRequest)
        do {
            certificate = try build(caller, kind: kind, subject: subject, fiscalYear: fiscalYear, knownAt: requested)
        } catch CounterError.refused(let why) {
            // A refusal tells something of the person too (taxed, not registered): it is recorded.
            try audit.record(AccessRecord(at: clock(), city: caller.city, staff: caller.staffId, role: caller.role.rawValue,
                                          purpose: Purpose.certificateIssue.rawValue, route: route, subjects: [subject],
                                          detail: "kind=\(kind.rawValue) fiscal_year=\(fiscalYear) refused"))
            throw CounterError.refused(why)
        }
        let event = CertificateIssuance.issuedEvent(certificate.issued, request: certificate.request, staff: caller.staffId, at: clock())
        // In the degraded environment the issue is recorded only in its access record (with the
        // fingerprint), kept in the local trail until the main environment is back.
        if !readOnly {
            do {
                _ = try writing { try $0.append([AppendRequest(event)]) }
            } catch {
                throw CounterError.unavailable("the certificate could not be recorded (\(error)); it was not issued")
            }
        }
        let answer = IssuedCertificate(certificate: certificate.issued.certificate, request: certificate.request, issuedEventId: event.id)
        return try disclose(caller, .certificateIssue, route: route, subjects: [subject],
                            detail: "kind=\(kind.rawValue) fiscal_year=\(fiscalYear) known_at=\(certificate.request.knownAt) fingerprint=\(answer.certificate.fingerprint)"
                                + (readOnly ? " degraded=read-only" : ""),
                            answer)
    }

    func build(_ caller: Caller, kind: CertificateKind, subject: String, fiscalYear: Int, knownAt requested: RecordedTime?)
        throws -> (issued: CertificateIssuance.Issued, request: CertificateRequest) {
        let s = try scoped(caller, subject, kind: kind == .vehicleInspection ? "vehicle" : "resident", knownAt: requested)
        let request = CertificateRequest(kind: kind, subject: subject, fiscalYear: fiscalYear, knownAt: s.knownAt, city: caller.city)
        let builder = CertificateBuilder(ruleBase: ruleBase, pops: [caller.city: s.pop], watermark: s.watermark.seq, watermarkHash: s.watermark.hash)
        do {
            let built = try builder.buildWithCity(request)
            return (CertificateIssuance.Issued(certificate: built.certificate, city: built.city, watermarkHash: s.watermark.hash, warnings: []), request)
        } catch {
            throw CounterError.refused(error.description)
        }
    }

    /// Re-derives a presented certificate (its JSON, or the HTML page with the JSON inside) and
    /// says whether it matches the store, and if not, why.
    public func verifyCertificate(_ caller: Caller?, text: String, route: String) throws -> CertificateCheck {
        let caller = try Gate.authorize(caller, .certificateVerify)
        let presented: PresentedCertificate
        switch PresentedCertificate.parse(text) {
        case .success(let p): presented = p
        case .failure(let e): throw CounterError.badRequest(field: "certificate", reason: e.description)
        }
        let r = presented.request
        // Another city's certificate is verified by that city: here its subject does not exist.
        if let c = r.city, c != caller.city { throw CounterError.notFound(kind: r.kind == .vehicleInspection ? "vehicle" : "resident", id: r.subject) }
        let now: (issued: CertificateIssuance.Issued, request: CertificateRequest)
        do {
            now = try build(caller, kind: r.kind, subject: r.subject, fiscalYear: r.fiscalYear, knownAt: r.knownAt)
        } catch CounterError.refused(let why) {
            try audit.record(AccessRecord(at: clock(), city: caller.city, staff: caller.staffId, role: caller.role.rawValue,
                                          purpose: Purpose.certificateVerify.rawValue, route: route, subjects: [r.subject],
                                          detail: "kind=\(r.kind.rawValue) fiscal_year=\(r.fiscalYear) refused"))
            throw CounterError.refused(why)
        }
        var storeHash: [UInt8]?
        if case .integer(let w)? = presented.content["basis"]?["watermark"], w > 0 {
            try state.readers.with { log in try log.scan(after: w - 1, through: w) { storeHash = $0.hash } }
        } else {
            storeHash = [UInt8](repeating: 0, count: 32)
        }
        let matches = presented.matches(now.issued.certificate)
        let differences = matches ? [] : presented.differences(from: now.issued.certificate, ruleBase: ruleBase, storeHashAtWatermark: storeHash)
        let answer = CertificateCheck(matches: matches, fingerprint: presented.fingerprint, currentFingerprint: now.issued.certificate.fingerprint,
                                      request: r, differences: differences)
        return try disclose(caller, .certificateVerify, route: route, subjects: [r.subject],
                            detail: "kind=\(r.kind.rawValue) fiscal_year=\(r.fiscalYear) matches=\(matches)", answer)
    }
}
