import Testing
import KaiseiCore
import EventStore
import TestSupport

@Suite("Schema migrations")
struct MigrationTests {
    @Test("a new store records each migration and its schema version")
    func recorded() throws {
        let store = try TemporaryStore()
        let db = try SQLiteDatabase(path: store.path)
        #expect(try db.scalar("SELECT COUNT(*) FROM schema_migrations") == Int64(Migration.eventStore.count))
        #expect(try db.scalar("PRAGMA user_version") == Int64(Migration.eventStore.last!.version))
    }

    @Test("a failing migration rolls back completely and leaves the earlier version")
    func failedMigrationRollsBack() throws {
        let store = try TemporaryStore()
        let db = try SQLiteDatabase(path: store.path)
        let broken = Migration(version: 99, name: "broken", sql: """
            CREATE TABLE half_done(x INTEGER);
            INSERT INTO no_such_table VALUES (1);
            """)
        #expect(throws: StoreError.self) { try Migrator(Migration.eventStore + [broken]).migrate(db) }
        #expect(try db.scalar("SELECT COUNT(*) FROM sqlite_master WHERE name = 'half_done'") == 0)
        let latest = Int64(Migration.eventStore.last!.version)
        #expect(try db.scalar("SELECT MAX(version) FROM schema_migrations") == latest)
        #expect(try db.scalar("PRAGMA user_version") == latest)
    }

    @Test("a store from a newer build is refused rather than misread")
    func tooNew() throws {
        let store = try TemporaryStore()
        let db = try SQLiteDatabase(path: store.path)
        try db.execute("INSERT INTO schema_migrations VALUES (50, 'future', datetime('now'))")
        #expect(throws: StoreError.schemaTooNew(storeVersion: 50, supported: Migration.eventStore.last!.version)) { try store.reopen() }
        // Readers refuse it too, rather than answering from tables they do not understand.
        #expect(throws: StoreError.schemaTooNew(storeVersion: 50, supported: Migration.eventStore.last!.version)) {
            _ = try SQLiteEventLog(path: store.path, readOnly: true)
        }
    }
}
