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

    /// Binds two texts and two blobs where they lie (SQLITE_STATIC: SQLite copies them only into
    /// the row it makes), steps a statement that returns no rows (an INSERT) while they are
    /// alive, resets it and binds NULL over them, so the statement never holds a pointer past
    /// this call. For the import's insert, where `bind`'s copies (SQLITE_TRANSIENT: an allocation
    /// and a copy each, four a row) were a measurable part of the write. The error, if any, is
    /// read before the unbinding (each bind clears the connection's error code). A statement that
    /// returns a row is refused (its row would point into the borrowed bytes).
    public func stepBorrowing(text i1: Int32, _ t1: String, text i2: Int32, _ t2: String,
                              blob i3: Int32, _ b3: [UInt8], blob i4: Int32, _ b4: [UInt8]) throws(SQLiteError) {
        var s1 = t1, s2 = t2
        // Empty text or blob: a non-null pointer, or SQLite would bind NULL.
        let none = UnsafeRawPointer(bitPattern: 1)!
        let (rc, code, message): (Int32, Int32, String) = s1.withUTF8 { u1 in
            s2.withUTF8 { u2 in
                b3.withUnsafeBytes { r3 in
                    b4.withUnsafeBytes { r4 in
                        sqlite3_bind_text(handle, i1, (u1.baseAddress.map(UnsafeRawPointer.init) ?? none).assumingMemoryBound(to: CChar.self), Int32(u1.count), nil)
                        sqlite3_bind_text(handle, i2, (u2.baseAddress.map(UnsafeRawPointer.init) ?? none).assumingMemoryBound(to: CChar.self), Int32(u2.count), nil)
                        sqlite3_bind_blob(handle, i3, r3.baseAddress ?? none, Int32(r3.count), nil)
                        sqlite3_bind_blob(handle, i4, r4.baseAddress ?? none, Int32(r4.count), nil)
                        let rc = sqlite3_step(handle)
                        sqlite3_reset(handle)
                        let failed = rc != SQLITE_DONE && rc != SQLITE_ROW
                        let code = failed ? sqlite3_extended_errcode(db.handle) : SQLITE_OK
                        let message = failed ? String(cString: sqlite3_errmsg(db.handle)) : ""
                        sqlite3_bind_null(handle, i1); sqlite3_bind_null(handle, i2)
                        sqlite3_bind_null(handle, i3); sqlite3_bind_null(handle, i4)
                        return (rc, code, message)
                    }
                }
            }
        }
        if rc == SQLITE_DONE { return }
        if rc == SQLITE_ROW { throw SQLiteError(code: SQLITE_MISUSE, message: "stepBorrowing is for statements that return no rows", sql: sql) }
        throw SQLiteError(code: code, message: message, sql: sql)
    }

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
