import KaiseiCore
import Law
import Replay

/// `kaisei certificate verify`: what a presented certificate claims, and whether the store and
/// the rule base still give exactly it.
public struct PresentedCertificate: Sendable {
    public let request: CertificateRequest
    public let content: JSONValue
    public let fingerprint: String
    /// The document exactly as presented (the HTML a person read, or the JSON).
    public let text: String
    public var isHTML: Bool { !text.drop { $0 == " " || $0 == "\n" }.hasPrefix("{") }

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
        guard let year = Int(exactly: fy) else {
            return .failure(CertificateRefusal(description: "the certificate's fiscal year is out of range"))
        }
        let content = JSONValue.object(pairs.filter { $0.0 != "fingerprint" })
        return .success(PresentedCertificate(request: CertificateRequest(kind: kind, subject: subject, fiscalYear: year, knownAt: knownAt, city: city),
                                             content: content, fingerprint: fp, text: text))
    }

    /// The content still hashes to the fingerprint printed with it (nothing edited by hand).
    public var isIntact: Bool { SHA256.hex(Array(JSONWriter.canonical(content).utf8)) == fingerprint }

    /// Whether the document, as a person reads it, is exactly what the store gives now: the
    /// whole HTML (or JSON) re-rendered and compared byte for byte, not only the embedded data.
    public func matches(_ now: Certificate) -> Bool {
        guard isIntact, now.fingerprint == fingerprint else { return false }
        if isHTML { return text == now.html }
        return text == now.json || text == now.json + "\n"
    }

    /// The printed lines that differ between the presented document and the one re-rendered
    /// now, by their label, each with both values whole.
    public func printedDifferences(from now: Certificate) -> [String] {
        guard isHTML else { return [] }
        let was = CertificateHTML.printedLines(text), is_ = CertificateHTML.printedLines(now.html)
        var out: [String] = []
        for (label, value) in was {
            if let other = is_.first(where: { $0.label == label }) {
                if other.value != value { out.append("printed 「\(label)」: the certificate shows \(quoted(value)), the store gives \(quoted(other.value))") }
            } else {
                out.append("printed line 「\(label)」 (\(quoted(value))) is not on the certificate the store gives")
            }
        }
        for (label, value) in is_ where !was.contains(where: { $0.label == label }) {
            out.append("printed line 「\(label)」 (\(quoted(value))) is missing from the certificate presented")
        }
        if out.isEmpty && text != now.html {
            out.append("the document's markup differs from the one the store gives (same printed text): it was edited after issue")
        }
        return out
    }

    private func quoted(_ s: String) -> String { "\"\(s)\"" }

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
        if let was = content["body"], let is_ = now.content["body"] {
            Self.leafDifferences("body", was, is_, into: &out)
        }
        out += printedDifferences(from: now)
        return out
    }

    /// Only the leaves that differ, each named by its path and printed whole (a trace step by
    /// its label, not its position).
    static func leafDifferences(_ path: String, _ a: JSONValue?, _ b: JSONValue?, into out: inout [String]) {
        if a == b { return }
        if case .object(let x)? = a, case .object(let y)? = b {
            var keys = x.map(\.0)
            for (k, _) in y where !keys.contains(k) { keys.append(k) }
            for k in keys { leafDifferences("\(path).\(k)", a?[k], b?[k], into: &out) }
            return
        }
        if case .array(let x)? = a, case .array(let y)? = b {
            func key(_ v: JSONValue, _ i: Int) -> String {
                if case .string(let l)? = v["label"] { return l }
                if case .string(let n)? = v["name"] { return n }
                if case .string(let t)? = v["tax"], case .string(let p)? = v["taxpayer"] { return "\(p) \(t)" }
                return String(i)
            }
            let xs = x.enumerated().map { (key($0.element, $0.offset), $0.element) }
            let ys = y.enumerated().map { (key($0.element, $0.offset), $0.element) }
            for (k, v) in xs { leafDifferences("\(path)[\(k)]", v, ys.first { $0.0 == k }?.1, into: &out) }
            for (k, v) in ys where !xs.contains(where: { $0.0 == k }) { leafDifferences("\(path)[\(k)]", nil, v, into: &out) }
            return
        }
        out.append("\(path): the certificate says \(a.map { JSONWriter.canonical($0) } ?? "nothing"), the store now gives \(b.map { JSONWriter.canonical($0) } ?? "nothing")")
    }
}
