import KaiseiCore

/// The recorded time a new event gets, the same in every backend: its own when it carries one
/// (a history being imported), else the clock's — strictly after the newest stored event, so
/// "as known at" the head never gains an event later (a clock behind a store that holds later
/// history would otherwise stamp new events with the head's own time).
enum RecordedStamp {
    static func recordedAt(_ given: RecordedTime?, after latest: RecordedTime, clock: () -> RecordedTime) -> RecordedTime {
        if let given { return given }
        let now = clock()
        return now <= latest && latest != .distantPast ? RecordedTime(microseconds: latest.microseconds + 1) : now
    }
}
