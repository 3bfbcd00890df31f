import Foundation
import NIOCore
import PostgresNIO
import KaiseiCore

/// Backups of a PostgreSQL store, in the same format as the SQLite store's (`SQLiteBackup`): a
/// self-contained store file with a manifest naming both chain heads and its SHA-256. So one
/// backup restores into either backend, `kaisei backup verify` needs no database server, and
/// the degraded environment can run on the file alone.
///
/// The copy is taken in one REPEATABLE READ transaction (the database's own snapshot): appends
/// go on meanwhile and the copy is the store as of one moment. Every event keeps its recorded
/// time, so the copy's chain is link for link the source's, and its head must be the head the
/// snapshot read. The physical tools (`pg_basebackup`, WAL archiving, a streaming standby) stay
/// the database administrators'; docs/operations.md says how the two fit together.
public enum PostgresBackup {
    static let batch = 50_000

    /// Copies the store at `url` into a new backup file `destination` and writes its manifest.
    public static func create(url: String, destination: String, now: RecordedTime) throws -> SQLiteBackup.Manifest {
        let fm = FileManager.default
        if fm.fileExists(atPath: destination) || fm.fileExists(atPath: SQLiteBackup.manifestPath(destination)) {
            throw SQLiteBackup.Problem.exists(destination)
        }
        let temporary = destination + ".partial"
        for suffix in ["", "-wal", "-shm", "-writer"] { try? fm.removeItem(atPath: temporary + suffix) }
        do {
            let source = try PostgresEventLog(url: url, readOnly: true)
            try copy(from: source, into: temporary)
            // One self-contained file: the write-ahead log merged into it, once every
            // connection of the copy is closed.
            let db = try SQLiteDatabase(path: temporary)
            try db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            try db.execute("PRAGMA journal_mode=DELETE")
        } catch {
            for suffix in ["", "-wal", "-shm", "-writer"] { try? fm.removeItem(atPath: temporary + suffix) }
            if error is SQLiteBackup.Problem { throw error }
            throw SQLiteBackup.Problem.unreadable(StoreLocation(url).description, "cannot copy the store (\(error))")
        }
        try? fm.removeItem(atPath: temporary + "-writer")
        return try SQLiteBackup.seal(temporary, as: destination, now: now)
    }

    /// Events and access records as of one snapshot of `source`, into a new SQLite store file.
    static func copy(from source: PostgresEventLog, into path: String) throws {
        try source.session.transaction("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY") {
            let head = try source.head()
            do {
                let target = try SQLiteEventLog(path: path)
                var batch: [AppendRequest] = []
                try source.scan(after: 0, through: head.seq) { stored in
                    batch.append(AppendRequest(stored.event))
                    if batch.count >= Self.batch { _ = try target.append(batch); batch.removeAll(keepingCapacity: true) }
                }
                if !batch.isEmpty { _ = try target.append(batch) }
                guard try target.head() == head else {
                    throw SQLiteBackup.Problem.mismatch("the copy does not end at the source's head (seq \(head.seq))")
                }
                let access = try SQLiteAccessLog(path: path)
                var after: Int64 = 0
                var lastHash = HashChain.genesis
                while true {
                    let rows = try source.session.query("""
                        SELECT seq, at, city, staff, role, purpose, route, subjects, detail, hash FROM access_log
                        WHERE seq > \(after) ORDER BY seq LIMIT 20000
                        """)
                    let records = try rows.map { try PostgresAccessLog.decode($0) }
                    guard let last = records.last else { break }
                    let seqs = try access.appendAccess(records.map(\.record))
                    guard seqs == records.map(\.seq) else { throw SQLiteBackup.Problem.mismatch("the access log's copy is out of step at seq \(records[0].seq)") }
                    after = last.seq
                    lastHash = last.hash
                }
                // Relinked here from the records alone, the copy's chain must end in the source's hash.
                guard (try access.verifyAccessChain().lastHash ?? HashChain.genesis) == lastHash else {
                    throw SQLiteBackup.Problem.mismatch("the access log's copy does not link as the source's")
                }
            }
        }
    }

    /// Verifies a backup, then loads it into the PostgreSQL database at `url`, and checks where
    /// it ends. The target holds no history but the backup's: empty, or a restore of this backup
    /// that stopped part way (a lost connection, a killed process), which is then completed —
    /// appends of events already there are no-ops, and each batch commits on its own, so a
    /// restore can always be run again. Any other history there is refused.
    public static func restore(_ backup: String, to url: String) throws -> SQLiteBackup.Manifest {
        try restoreReporting(backup, to: url).manifest
    }

    /// As `restore`, saying whether the events went in as a bulk load: from `bulkThreshold`
    /// events into an empty database the two unique indexes are dropped and built once after
    /// the load (`beginBulkLoad`, as `kaisei import` does), instead of being updated row by row
    /// in B-trees far larger than memory — at full scale the ordinary path took 18 minutes of
    /// the cities' one hour. Every check is still made; a restore stopped part way leaves whole
    /// batches and no indexes, which the next writer to open the store builds, and running the
    /// restore again completes it on the ordinary path.
    public static func restoreReporting(_ backup: String, to url: String, bulkThreshold: Int64 = 200_000) throws
        -> (manifest: SQLiteBackup.Manifest, bulkLoad: Bool) {
        let manifest = try SQLiteBackup.verify(backup)
        let target = try PostgresEventLog(url: url)
        try target.holdWriter(purpose: "restore")
        defer { target.releaseWriter() }
        let access = try PostgresAccessLog(url: url)
        let source = try SQLiteEventLog(path: backup, readOnly: true)
        let refuse = SQLiteBackup.Problem.exists("\(StoreLocation(url)) (it holds history that is not this backup's)")

        // Events: the target must end on the backup's own chain.
        let start = try target.head()
        if start.seq > 0 {
            guard start.seq <= manifest.head.seq else { throw refuse }
            var same = false
            try source.scan(after: start.seq - 1, through: start.seq) { same = $0.hash == start.hash }
            guard same else { throw refuse }
        }
        let bulk = start.seq == 0 && bulkThreshold > 0 && manifest.head.seq >= bulkThreshold ? try target.beginBulkLoad() : false
        do {
            var batch: [AppendRequest] = []
            try source.scan(after: start.seq, through: manifest.head.seq) { stored in
                batch.append(AppendRequest(stored.event))
                if batch.count >= Self.batch { _ = try target.append(batch); batch.removeAll(keepingCapacity: true) }
            }
            if !batch.isEmpty { _ = try target.append(batch) }
        } catch {
            if bulk { try? target.endBulkLoad() }
            throw error
        }
        if bulk { try target.endBulkLoad() }

        // Access records: likewise a prefix of the backup's, then the rest.
        let present = try access.verifyAccessChain()
        let records = manifest.accessRecords > 0
            ? try SQLiteAccessLog(path: backup, readOnly: true).accessRecords(AccessFilter(limit: Int.max)) : []
        if present.checked > 0 {
            guard present.checked <= Int64(records.count), records[Int(present.checked) - 1].hash == present.lastHash else { throw refuse }
        }
        for from in stride(from: Int(present.checked), to: records.count, by: 20_000) {
            _ = try access.appendAccess(records[from..<min(records.count, from + 20_000)].map(\.record))
        }

        let events = try target.verifyChain()
        let trail = try access.verifyAccessChain()
        guard events.isIntact, try target.head() == manifest.head, trail.isIntact, trail.checked == manifest.accessRecords,
              (trail.lastHash ?? HashChain.genesis) == manifest.accessHead else {
            throw SQLiteBackup.Problem.mismatch("\(StoreLocation(url)): the restored store does not end where the backup does")
        }
        return (manifest, bulk)
    }
}
