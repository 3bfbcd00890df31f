import Foundation
import KaiseiCore
import KaiseiEvents
import EventStore
import Replay

/// Replay of a store as known at a time, starting from the newest usable snapshot when there
/// is one. The answer is the same either way (the tests compare the bytes of both states);
/// only the time differs.
public enum StoreReplay {
    public struct Outcome {
        public let pops: [City: Population]
        public let watermark: Int64
        /// The snapshot used, if any, and why others were passed over.
        public let snapshot: SnapshotHeader?
        public let warnings: [SnapshotProblem]
    }

    public static func replay(_ log: any EventLog, knownAt: RecordedTime, through: Int64 = .max, snapshots: SnapshotFolder?) throws -> Outcome {
        var warnings: [SnapshotProblem] = []
        var start: (SnapshotHeader, [City: Population])?
        if let snapshots {
            // Newest first; the first usable one wins.
            for url in snapshots.files.reversed() {
                guard case .success(let (h, _, _)) = snapshots.header(url) else {
                    if case .failure(let p) = snapshots.header(url) { warnings.append(p) }
                    continue
                }
                guard h.watermarkRecordedAt <= knownAt, h.watermark <= through else { continue }
                switch snapshots.load(url, log: log) {
                case .success(let loaded): start = loaded
                case .failure(let p): warnings.append(p); continue
                }
                break
            }
        }
        let from = start.map { ($0.1, $0.0.watermark) }
        let (pops, watermark) = try foldEvents(log, knownAt: knownAt, through: through, from: from)
        return Outcome(pops: pops, watermark: watermark, snapshot: start?.0, warnings: warnings)
    }

    /// Replay from the store (after a restored state, if any), the two cities on two cores each
    /// from its own reader (`EventLog.makeReader()`). Every reader reads up to the head seen
    /// first, so an append by another process in between cannot put the two cities at
    /// different points. A store that cannot be opened twice (in memory) replays on one connection.
    public static func foldEvents(_ log: any EventLog, knownAt: RecordedTime, through: Int64 = .max,
                                  from: ([City: Population], Int64)?) throws -> (pops: [City: Population], watermark: Int64) {
        let bound = min(through, try log.head().seq)
        // Opened here, one per city, and each handed to the thread that folds its city.
        var readers: [City: any EventLog] = [:]
        for city in City.allCases {
            guard let reader = try log.makeReader() else {
                return try Replayer.replayWithWatermark(knownAt: knownAt, through: through, from: from) { visit in
                    try log.replayScan(after: from?.1 ?? 0, visit)
                }
            }
            readers[city] = reader
        }
        // Each reader is used by one thread only: the one folding its city.
        nonisolated(unsafe) let perCity = readers
        return try Replayer.replayByCity(knownAt: knownAt, through: bound, from: from) { city, after, visit in
            try perCity[city]!.replayScan(city: city, after: after, through: bound, visit)
        }
    }
}
