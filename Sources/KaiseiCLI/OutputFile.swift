import Foundation
#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif

/// Every file a command writes (`-o`, `--output`, `--csv`, `--report`) goes through here, so
/// that no command can destroy what the user pointed it at by mistake: a directory or a device
/// is refused, nothing is ever removed, and the file is written beside its final name, then
/// renamed over it in one step (a reader sees the old file or the new one, never half of one).
struct OutputFile {
    let path: String
    /// The option that named the path, for messages (`-o`, `--csv`).
    let flag: String
    private let handle: FileHandle
    private let temporary: String
    private var finished = false

    /// Opens a temporary file in the destination's folder after checking the destination.
    init(path: String, flag: String) throws {
        self.path = path
        self.flag = flag
        guard !path.isEmpty else { throw CLIFailure.usage("\(flag): the file name is empty") }
        var st = stat()
        // The replaced file keeps its permissions; a new one gets the umask's (certificates and
        // CSVs hold personal data: never widened to world-readable behind the user's back).
        var mode = mode_t(0o666)
        let mask = umask(0); umask(mask)
        mode &= ~mask
        if lstat(path, &st) == 0 {
            mode = st.st_mode & 0o7777
            switch st.st_mode & S_IFMT {
            case S_IFREG: break
            case S_IFDIR:
                throw CLIFailure.usage("\(flag): \(path) is a directory; give a file name (nothing was written or removed)")
            case S_IFLNK:
                throw CLIFailure.usage("\(flag): \(path) is a symbolic link; give the file's own path (nothing was written or removed)")
            default:
                throw CLIFailure.usage("\(flag): \(path) is not a regular file (nothing was written or removed)")
            }
        }
        let folder = (path as NSString).deletingLastPathComponent
        let name = (path as NSString).lastPathComponent
        var template = Array(((folder.isEmpty ? "." : folder) + "/.\(name).kaisei-XXXXXX").utf8CString)
        let fd = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard fd >= 0 else {
            throw CLIFailure.input("\(flag): cannot write in \(folder.isEmpty ? "." : folder): \(String(cString: strerror(errno)))")
        }
        fchmod(fd, mode)
        temporary = String(cString: template.withUnsafeBufferPointer { $0.baseAddress! })
        handle = FileHandle(fileDescriptor: fd, closeOnDealloc: true)
    }

    func write(_ bytes: Data) throws {
        do { try handle.write(contentsOf: bytes) } catch {
            discard()
            throw CLIFailure.input("\(flag): cannot write \(path): \(String(cString: strerror(errno)))")
        }
    }

    func write(_ text: String) throws { try write(Data(text.utf8)) }

    /// Flushes to disk and renames over the destination. Until then the destination is untouched.
    mutating func commit() throws {
        do {
            try handle.synchronize()
            try handle.close()
        } catch {
            discard()
            throw CLIFailure.input("\(flag): cannot write \(path): \(error.localizedDescription)")
        }
        // rename(2) replaces a regular file atomically; a directory that appeared meanwhile is not replaced.
        guard rename(temporary, path) == 0 else {
            let reason = String(cString: strerror(errno))
            unlink(temporary)
            throw CLIFailure.input("\(flag): cannot write \(path): \(reason)")
        }
        finished = true
    }

    /// Removes the temporary file (on failure); the destination was never touched.
    func discard() {
        try? handle.close()
        unlink(temporary)
    }

    /// The common case: the whole text at once.
    static func write(_ text: String, to path: String, flag: String) throws {
        var file = try OutputFile(path: path, flag: flag)
        try file.write(text)
        try file.commit()
    }
}
