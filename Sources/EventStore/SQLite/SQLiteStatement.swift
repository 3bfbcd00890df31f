import CKaiseiSQLite

/// A prepared statement. Bind by 1-based index, step, read columns by 0-based index.
public final class SQLiteStatement {
    let handle: OpaquePointer
    unowned let db: SQLiteDatabase
    let sql: String

    init(db: SQLiteDatabase, sql: String) throws(SQLiteError) {
        var st: OpaquePointer?
        let rc = sqlite3_prepare_v3(db.handle, sql, -1, UInt32(SQLITE_PREPARE_PERSISTENT), &st, nil)
        guard rc == SQLITE_OK, let st else {
            throw SQLiteError(code: rc, message: String(cString: sqlite3_errmsg(db.handle)), sql: sql)
        }
        handle = st; self.db = db; self.sql = sql
    }

    deinit { sqlite3_finalize(handle) }

    @inline(__always) public func bind(_ i: Int32, _ v: Int64) { sqlite3_bind_int64(handle, i, v) }
    @inline(__always) public func bind(_ i: Int32, _ v: Int) { sqlite3_bind_int64(handle, i, Int64(v)) }
    public func bind(_ i: Int32, _ v: String) { sqlite3_bind_text(handle, i, v, -1, SQLITE_TRANSIENT) }
    public func bind(_ i: Int32, _ bytes: [UInt8]) {
        bytes.withUnsafeBytes { b in
            _ = sqlite3_bind_blob(handle, i, b.baseAddress ?? UnsafeRawPointer(bitPattern: 1), Int32(b.count), SQLITE_TRANSIENT)
        }
    }
    public func bindNull(_ i: Int32) { sqlite3_bind_null(handle, i) }

    /// True while a row is available; false when done. Resets itself on completion or error.
    @discardableResult
    public func step() throws(SQLiteError) -> Bool {
        let rc = sqlite3_step(handle)
        if rc == SQLITE_ROW { return true }
        sqlite3_reset(handle)
        if rc == SQLITE_DONE { return false }
        throw SQLiteError(code: sqlite3_extended_errcode(db.handle), message: String(cString: sqlite3_errmsg(db.handle)), sql: sql)
    }

    public func reset() { sqlite3_reset(handle); sqlite3_clear_bindings(handle) }

    @inline(__always) public func int(_ c: Int32) -> Int64 { sqlite3_column_int64(handle, c) }
    public func isNull(_ c: Int32) -> Bool { sqlite3_column_type(handle, c) == SQLITE_NULL }
    public func text(_ c: Int32) -> String {
        guard let p = sqlite3_column_text(handle, c) else { return "" }
        let n = Int(sqlite3_column_bytes(handle, c))
        return String(decoding: UnsafeRawBufferPointer(start: p, count: n), as: UTF8.self)
    }
    /// The column's bytes, valid only until the next step: decode them before moving on.
    @inline(__always) public func blob(_ c: Int32) -> UnsafeRawBufferPointer {
        let p = sqlite3_column_blob(handle, c)
        let n = Int(sqlite3_column_bytes(handle, c))
        return UnsafeRawBufferPointer(start: p, count: n)
    }
    public func bytes(_ c: Int32) -> [UInt8] { Array(blob(c)) }
}
