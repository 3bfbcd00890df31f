import KaiseiCore
import Law
import Replay

/// `kaisei certificate verify`: what a presented certificate claims, and whether the store and
/// the rule base still give exactly it.
public struct PresentedCertificate: Sendable {
    public let request: CertificateRequest
    public let content: JSONValue
    public let fingerprint: String

    public static func parse(_ text: String) -> Result<PresentedCertificate, CertificateRefusal> {
        guard let json = CertificateHTML.extractJSON(text) else { return .failure(CertificateRefusal(description: "not a Kaisei certificate (no embedded content)")) }
        let value: JSONValue
        do { value = try Array(json.utf8).withUnsafeBytes { try JSONParser.parse($0) } }
        catch { return .failure(CertificateRefusal(description: "the certificate's content is not valid JSON")) }
        guard case .object(let pairs) = value, case .string(let fp)? = value["fingerprint"],
              let cert = value["certificate"], case .string(let kindText)? = cert["kind"], let kind = CertificateKind(rawValue: kindText),
              case .string(let subject)? = value["subject"], case .integer(let fy)? = cert["fiscal_year"],
              case .string(let knownText)? = cert["known_at"], let knownAt = RecordedTime(iso: knownText),
              case .string(let cityText)? = cert["city"], let city = City(rawValue: cityText) else {
            return .failure(CertificateRefusal(description: "the certificate's content lacks kind, subject, fiscal year, known-at time or city"))
        }
        let content = JSONValue.object(pairs.filter { $0.0 != "fingerprint" })
        return .success(PresentedCertificate(request: CertificateRequest(kind: kind, subject: subject, fiscalYear: Int(fy), knownAt: knownAt, city: city),
                                             content: content, fingerprint: fp))
    }

    /// The content still hashes to the fingerprint printed with it (nothing edited by hand).
    public var isIntact: Bool { SHA256.hex(Array(JSONWriter.canonical(content).utf8)) == fingerprint }

    /// Why a re-derived certificate differs from this one: the history, the rules, or figures.
    public func differences(from now: Certificate, ruleBase: RuleBase, storeHashAtWatermark: [UInt8]?) -> [String] {
        var out: [String] = []
        if !isIntact {
            out.append("the certificate's content does not match its own fingerprint: it was altered after issue")
        }
        let basis = content["basis"]
        if case .string(let h)? = basis?["watermark_hash"], let storeHash = storeHashAtWatermark, storeHash.hexString != h {
            out.append("the store's event at seq \(basis?["watermark"].map { JSONWriter.canonical($0) } ?? "?") has another chain hash: history up to it was rewritten, or this is another store")
        } else if storeHashAtWatermark == nil {
            out.append("the store has no event at the certificate's watermark: it is another store, or older than the certificate")
        }
        if case .array(let revs)? = basis?["revisions"] {
            for r in revs {
                guard case .string(let id)? = r["id"], case .string(let hash)? = r["content_hash"] else { continue }
                if let current = ruleBase.revisions.first(where: { $0.id == id }) {
                    if current.contentHash != hash { out.append("revision \(id) (\(current.file)) was changed after the certificate was issued") }
                } else { out.append("revision \(id) no longer exists") }
            }
        }
        if basis?["revision_set"] != now.content["basis"]?["revision_set"] {
            out.append("the rule base as adopted at \(request.knownAt) differs from the one the certificate used (a revision file was added, edited or removed)")
        }
        if case .object(let was)? = content["body"], case .object(let is_)? = now.content["body"] {
            for (k, v) in was where is_.first(where: { $0.0 == k })?.1 != v {
                out.append("body.\(k): the certificate says \(JSONWriter.canonical(v).prefix(120)), the store now gives \(is_.first(where: { $0.0 == k }).map { JSONWriter.canonical($0.1) }?.prefix(120) ?? "nothing")")
            }
        }
        return out
    }
}
