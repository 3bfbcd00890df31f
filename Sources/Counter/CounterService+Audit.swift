import KaiseiCore
import EventStore

extension CounterService {
    /// The audit trail of the auditor's own city. Reading it is itself recorded (who audited
    /// what), without the subjects: the trail is not a person's data page.
    public func auditTrail(_ caller: Caller?, _ filter: AccessFilter, route: String) throws -> [StoredAccessRecord] {
        let caller = try Gate.authorize(caller, .auditTrail)
        var f = filter
        f.city = caller.city
        f.limit = min(max(f.limit, 1), 10_000)
        let records = try audit.records(f)
        try audit.record(AccessRecord(at: clock(), city: caller.city, staff: caller.staffId, role: caller.role.rawValue,
                                      purpose: Purpose.auditTrail.rawValue, route: route, subjects: [],
                                      detail: "records=\(records.count)"
                                          + (f.subject.map { " subject=\($0)" } ?? "") + (f.staff.map { " staff=\($0)" } ?? "")))
        return records
    }
}
