import KaiseiEvents
import EventStore

/// Records a run's events (a levy run, 督促, 充当・還付) in one transaction. Appended in batches,
/// a run stopped between two batches left part of itself in the store: the next run recorded the
/// rest under another watermark, and `audit-levies`, planning the first run again, found levies
/// it had not recorded. All or nothing, a stopped run is simply run again. A full-scale levy run
/// (1.2 M events) is one SQLite or PostgreSQL transaction of a few hundred megabytes of log.
func appendRun(_ log: any EventLog, _ events: [Event]) throws(StoreError) -> Int {
    try log.append(events.map { AppendRequest($0) }).appended
}
