import EventStore

/// Raw access to a store file for tests that tamper with it on purpose.
public enum SQLiteDatabaseOpener {
    public static func open(_ path: String) throws -> SQLiteDatabase { try SQLiteDatabase(path: path) }
}
