#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif
import KaiseiCore

/// One writer at a time per store, across processes: an advisory `flock` on a file beside the
/// store (`STORE-writer`). SQLite serialises single transactions, but an import is many
/// transactions long and validates against the store before it writes; two importers
/// interleaving their batches would leave a hole in recorded order that no re-import can fill.
/// The kernel releases the lock when its process dies (even by kill -9), so a crashed writer
/// never blocks the store. The file holds the holder's pid and purpose, for the message a
/// second writer prints.
final class WriterLock {
    let path: String
    private var fd: Int32 = -1
    /// Nested holds (an import's batches inside its session) release only at the outermost.
    private var depth = 0

    /// The lock sits beside the real file: two writers naming the store through a symbolic
    /// link and through its own path must take the same lock.
    init(storePath: String) {
        var resolved = storePath
        if let real = realpath(storePath, nil) { resolved = String(cString: real); free(real) }
        path = resolved + "-writer"
    }

    deinit { if fd >= 0 { close(fd) } }

    var isHeld: Bool { depth > 0 }

    /// Takes the lock, waiting up to `timeout` seconds for another writer to finish.
    func acquire(purpose: String, timeout: Double) throws(StoreError) {
        if depth > 0 { depth += 1; return }
        let handle = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard handle >= 0 else {
            throw StoreError.database("cannot open the store's writer lock \(path): \(String(cString: strerror(errno)))")
        }
        let deadline = SQLiteEventLog.systemClock().microseconds + Int64(timeout * 1_000_000)
        while flock(handle, LOCK_EX | LOCK_NB) != 0 {
            guard errno == EWOULDBLOCK || errno == EINTR else {
                close(handle)
                throw StoreError.database("cannot lock \(path): \(String(cString: strerror(errno)))")
            }
            if SQLiteEventLog.systemClock().microseconds >= deadline {
                let holder = Self.describeHolder(handle)
                close(handle)
                throw StoreError.busy(holder: holder, waitedSeconds: timeout)
            }
            usleep(20_000)
        }
        // Ours now: say who holds it, for anyone who has to wait.
        let note = Array("\(getpid())\t\(purpose)\t\(SQLiteEventLog.systemClock())\n".utf8)
        _ = ftruncate(handle, 0)
        _ = note.withUnsafeBytes { pwrite(handle, $0.baseAddress, $0.count, 0) }
        fd = handle
        depth = 1
    }

    func release() {
        guard depth > 0 else { return }
        depth -= 1
        guard depth == 0 else { return }
        _ = ftruncate(fd, 0)
        flock(fd, LOCK_UN)
        close(fd)
        fd = -1
    }

    /// "another import (pid 1234) since …", from the note the holder wrote.
    private static func describeHolder(_ handle: Int32) -> String {
        var buffer = [UInt8](repeating: 0, count: 256)
        let n = buffer.withUnsafeMutableBytes { pread(handle, $0.baseAddress, $0.count, 0) }
        guard n > 0 else { return "another writer" }
        let parts = String(decoding: buffer[0..<n], as: UTF8.self).split(separator: "\t").map { $0.split(separator: "\n").first.map(String.init) ?? "" }
        guard parts.count == 3 else { return "another writer" }
        return "another \(parts[1]) (pid \(parts[0])) since \(parts[2])"
    }
}
