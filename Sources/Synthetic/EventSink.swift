import KaiseiCore
import KaiseiEvents

/// Collects one year's events of both cities, then hands them out in recorded order, so the
/// file reads as a real system would have received it.
struct EventSink {
    struct Pending { let recorded: Int64; let order: Int; let event: Event }
    private(set) var pending: [Pending] = []
    private var order = 0
    private var counters: [Int] = [0, 0, 0]
    let seed: UInt64

    init(seed: UInt64) { self.seed = seed }

    mutating func emit(_ city: City, _ subject: String, _ type: EventType, valid: CivilDate, recorded: RecordedTime,
                       _ fields: [String: FieldValue]) {
        counters[Int(city.code)] += 1
        let n = String(counters[Int(city.code)])
        let id = "g\(seed)-\(city == .okazaki ? "okz" : "toy")-" + String(repeating: "0", count: max(0, 9 - n.count)) + n
        let e = Event(id: id, city: city, subject: subject, type: type, validDate: valid, recordedAt: recorded, payload: Payload(type, fields))
        order += 1
        pending.append(Pending(recorded: recorded.microseconds, order: order, event: e))
    }

    /// The year's events in recorded order (stable for equal times); the buffer is emptied.
    mutating func drain() -> [Event] {
        let sorted = pending.sorted { ($0.recorded, $0.order) < ($1.recorded, $1.order) }
        pending.removeAll(keepingCapacity: true)
        return sorted.map(\.event)
    }
}
