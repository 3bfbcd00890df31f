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

    public static func replay(_ log: SQLiteEventLog, knownAt: RecordedTime, through: Int64 = .max, snapshots: SnapshotFolder?) throws -> Outcome {
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
        let (pops, watermark) = try Replayer.replayWithWatermark(knownAt: knownAt, through: through, from: from) { visit in
            try log.replayScan(after: from?.1 ?? 0, visit)
        }
        return Outcome(pops: pops, watermark: watermark, snapshot: start?.0, warnings: warnings)
    }
}

