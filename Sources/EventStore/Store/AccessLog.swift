import KaiseiCore

/// One look at a person's data through the counter service: who (staff and role), for which
/// city, at whom (the subjects shown), why (the purpose the route serves) and where (the route
/// template, never the query values). The law on personal information asks a city to be able
/// to answer "who looked at my data"; this is that answer.
public struct AccessRecord: Sendable, Equatable {
    public let at: RecordedTime
    public let city: City
    public let staff: String
    public let role: String
    /// `search`, `resident`, `household-nhi`, `assessment`, `certificate-issue`, … (what was shown).
    public let purpose: String
    /// `GET /api/residents/{id}`: the route's template, so the trail does not copy a query.
    public let route: String
    /// The subjects whose data left the service in that answer (a search: every result).
    public let subjects: [String]
    /// What else an auditor needs to read the record: the fiscal year, the known-at time, the
    /// certificate's fingerprint, the number of results. Never an amount or a name.
    public let detail: String

    public init(at: RecordedTime, city: City, staff: String, role: String, purpose: String, route: String,
                subjects: [String], detail: String = "") {
        self.at = at; self.city = city; self.staff = staff; self.role = role; self.purpose = purpose
        self.route = route; self.subjects = subjects; self.detail = detail
    }

    /// The bytes its chain link covers: every field, unit-separated, after a version tag.
    func contentBytes(seq: Int64) -> [UInt8] {
        let fields = ["access-v1", String(seq), String(at.microseconds), city.rawValue, staff, role, purpose, route,
                      subjects.joined(separator: " "), detail]
        return Array(fields.joined(separator: "\u{1F}").utf8)
    }

    /// `SHA-256(previous ‖ content)`, as the event chain links its rows.
    public static func link(_ previous: [UInt8], _ record: AccessRecord, seq: Int64) -> [UInt8] {
        (previous + record.contentBytes(seq: seq)).withUnsafeBytes { SHA256.digest($0) }
    }
}

public struct StoredAccessRecord: Sendable, Equatable {
    public let seq: Int64
    public let record: AccessRecord
    public let hash: [UInt8]
}

/// Which records an auditor asks for; every condition given must hold.
public struct AccessFilter: Sendable {
    public var city: City?
    public var staff: String?
    public var subject: String?
    public var from: RecordedTime?
    public var to: RecordedTime?
    public var limit: Int
    /// Only records before this seq (the audit page's "earlier records" link).
    public var beforeSeq: Int64?
    /// The newest `limit` matching records rather than the oldest (still returned oldest
    /// first): what an auditor's page shows first.
    public var latest: Bool
    public init(city: City? = nil, staff: String? = nil, subject: String? = nil, from: RecordedTime? = nil,
                to: RecordedTime? = nil, limit: Int = 10_000, beforeSeq: Int64? = nil, latest: Bool = false) {
        self.city = city; self.staff = staff; self.subject = subject; self.from = from; self.to = to; self.limit = limit
        self.beforeSeq = beforeSeq; self.latest = latest
    }
}

/// The audit trail's store: append-only and hash-chained like the events, in the same store
/// (so a backup holds both) but in its own chain, so that reading never moves the event log's
/// watermark and a certificate's fingerprint does not depend on who looked before.
public protocol AccessLog: AnyObject {
    /// Appends the records in one transaction (all or none) and returns their seqs. An answer
    /// leaves the service only after its record is committed: no record, no answer.
    func appendAccess(_ records: [AccessRecord]) throws(StoreError) -> [Int64]
    /// Matching records, oldest first, at most `filter.limit`.
    func accessRecords(_ filter: AccessFilter) throws(StoreError) -> [StoredAccessRecord]
    /// Re-walks the whole chain and its recorded head.
    func verifyAccessChain() throws(StoreError) -> ChainVerification
    /// Keeps the store's journal from growing without bound under a service that never stops
    /// reading; called by the audit trail between batches. Nothing to do for most stores.
    func maintainJournal()
}

extension AccessLog {
    public func maintainJournal() {}
}
