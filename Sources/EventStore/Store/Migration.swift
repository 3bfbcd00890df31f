/// A named, numbered schema change. Released migrations are never edited: a new change is a
/// new migration, so every store can say exactly which schema it has.
public struct Migration: Sendable {
    public let version: Int
    public let name: String
    public let sql: String
    public init(version: Int, name: String, sql: String) { self.version = version; self.name = name; self.sql = sql }
}

/// Applies pending migrations, each in its own transaction with its bookkeeping row, so a
/// failed migration leaves the store exactly at the previous version.
public struct Migrator {
    public let migrations: [Migration]
    public init(_ migrations: [Migration]) { self.migrations = migrations }

    public func migrate(_ db: SQLiteDatabase) throws(StoreError) {
        do {
            try db.execute("""
                CREATE TABLE IF NOT EXISTS schema_migrations(
                  version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)
                """)
            let current = try db.scalar("SELECT COALESCE(MAX(version), 0) FROM schema_migrations") ?? 0
            let known = migrations.map(\.version).max() ?? 0
            if current > Int64(known) {
                throw StoreError.schemaTooNew(storeVersion: Int(current), supported: known)
            }
            for m in migrations.sorted(by: { $0.version < $1.version }) where Int64(m.version) > current {
                do {
                    try db.transaction {
                        // Another process may have applied it while this one waited for the lock.
                        let now = try db.scalar("SELECT COALESCE(MAX(version), 0) FROM schema_migrations") ?? 0
                        guard Int64(m.version) > now else { return }
                        try db.execute(m.sql)
                        let st = try db.prepare("INSERT INTO schema_migrations(version, name, applied_at) VALUES (?, ?, datetime('now'))")
                        st.bind(1, m.version); st.bind(2, m.name)
                        try st.step()
                        try db.execute("PRAGMA user_version = \(m.version)")
                    }
                } catch {
                    throw StoreError.migrationFailed(version: m.version, name: m.name, reason: "\(error)")
                }
            }
        } catch let e as StoreError {
            throw e
        } catch {
            throw StoreError.database("\(error)")
        }
    }
}

extension Migration {
    /// The event store's schema, in order. Append only.
    public static let eventStore: [Migration] = [
        Migration(version: 1, name: "create-events", sql: """
            CREATE TABLE events(
              seq            INTEGER PRIMARY KEY,   -- position in the log, from 1, no gaps
              event_id       TEXT    NOT NULL,      -- caller's idempotency key
              city           INTEGER NOT NULL,
              subject        TEXT    NOT NULL,
              stream_version INTEGER NOT NULL,      -- 1, 2, … per (city, subject)
              type           INTEGER NOT NULL,
              valid_date     INTEGER NOT NULL,      -- valid time, yyyymmdd
              recorded_at    INTEGER NOT NULL,      -- recorded time, µs since epoch (UTC)
              schema_version INTEGER NOT NULL,
              payload        BLOB    NOT NULL,      -- compact binary, see Event+Binary.swift
              hash           BLOB    NOT NULL       -- SHA-256(previous hash ‖ content)
            );
            CREATE UNIQUE INDEX events_by_id ON events(event_id);
            CREATE UNIQUE INDEX events_by_stream ON events(city, subject, stream_version);
            CREATE TRIGGER events_refuse_update BEFORE UPDATE ON events
              BEGIN SELECT RAISE(ABORT, 'events are append-only: update refused'); END;
            CREATE TRIGGER events_refuse_delete BEFORE DELETE ON events
              BEGIN SELECT RAISE(ABORT, 'events are append-only: delete refused'); END;
            CREATE TABLE chain_head(
              id   INTEGER PRIMARY KEY CHECK (id = 1),
              seq  INTEGER NOT NULL,
              hash BLOB    NOT NULL,
              recorded_at INTEGER NOT NULL
            );
            INSERT INTO chain_head(id, seq, hash, recorded_at) VALUES (1, 0, zeroblob(32), -9223372036854775808);
            """),
        // How far the chain was last verified, so that a command checks only what came since
        // (SQLiteEventLog+Integrity.swift). Schema version 0 matches no store: the first check
        // after this migration walks the whole chain.
        Migration(version: 2, name: "chain-checkpoint", sql: """
            CREATE TABLE chain_checkpoint(
              id   INTEGER PRIMARY KEY CHECK (id = 1),
              seq  INTEGER NOT NULL,               -- rows 1…seq were verified
              hash BLOB    NOT NULL,               -- row seq's chain hash
              schema_version INTEGER NOT NULL      -- PRAGMA schema_version when verified
            );
            INSERT INTO chain_checkpoint(id, seq, hash, schema_version) VALUES (1, 0, zeroblob(32), 0);
            """),
        // The counter service's audit trail (AccessLog.swift): every look at a person's data, in
        // its own hash chain beside the events, so a read never moves the event log's watermark
        // and `kaisei verify` checks both.
        Migration(version: 3, name: "access-log", sql: """
            CREATE TABLE access_log(
              seq      INTEGER PRIMARY KEY,   -- from 1, no gaps
              at       INTEGER NOT NULL,      -- µs since epoch (UTC)
              city     INTEGER NOT NULL,
              staff    TEXT    NOT NULL,
              role     TEXT    NOT NULL,
              purpose  TEXT    NOT NULL,
              route    TEXT    NOT NULL,
              subjects TEXT    NOT NULL,      -- ids separated by spaces
              detail   TEXT    NOT NULL,
              hash     BLOB    NOT NULL       -- SHA-256(previous hash ‖ content)
            );
            CREATE INDEX access_by_city_at ON access_log(city, at);
            CREATE TABLE access_subjects(
              subject TEXT NOT NULL, seq INTEGER NOT NULL, PRIMARY KEY(subject, seq)
            ) WITHOUT ROWID;
            CREATE TRIGGER access_refuse_update BEFORE UPDATE ON access_log
              BEGIN SELECT RAISE(ABORT, 'the access log is append-only: update refused'); END;
            CREATE TRIGGER access_refuse_delete BEFORE DELETE ON access_log
              BEGIN SELECT RAISE(ABORT, 'the access log is append-only: delete refused'); END;
            CREATE TRIGGER access_subjects_refuse_delete BEFORE DELETE ON access_subjects
              BEGIN SELECT RAISE(ABORT, 'the access log is append-only: delete refused'); END;
            CREATE TABLE access_head(
              id INTEGER PRIMARY KEY CHECK (id = 1), seq INTEGER NOT NULL, hash BLOB NOT NULL
            );
            INSERT INTO access_head(id, seq, hash) VALUES (1, 0, zeroblob(32));
            """),
        // "Who looked at me" is answered from `access_subjects`, which the chain does not cover;
        // migration 3 refused deleting its rows but not rewriting them, so one UPDATE could move
        // a look at one resident onto another. `kaisei verify` also checks it against the log.
        Migration(version: 4, name: "access-subjects-append-only", sql: """
            CREATE TRIGGER access_subjects_refuse_update BEFORE UPDATE ON access_subjects
              BEGIN SELECT RAISE(ABORT, 'the access log is append-only: update refused'); END;
            """),
    ]
}
