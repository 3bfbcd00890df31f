#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif

/// A file mapped read-only for an import, whose pages can be handed back as the import moves
/// on. A migration file is several gigabytes: mapped whole, every page read counts in the
/// process's resident memory until the end (12 GB at full scale). Dropping the pages behind the
/// importer keeps them in the kernel's page cache (a second pass reads them from there) but out
/// of the process.
public final class MappedFile {
    public let path: String
    public let count: Int
    private let base: UnsafeMutableRawPointer?
    private static let pageSize = Int(sysconf(Int32(_SC_PAGESIZE)))

    public struct Failure: Error, CustomStringConvertible {
        public let description: String
    }

    public init(path: String) throws(Failure) {
        self.path = path
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw Failure(description: "cannot open \(path): \(String(cString: strerror(errno)))") }
        defer { close(fd) }
        var st = stat()
        guard fstat(fd, &st) == 0 else { throw Failure(description: "cannot read \(path): \(String(cString: strerror(errno)))") }
        guard st.st_mode & S_IFMT == S_IFREG else { throw Failure(description: "\(path) is not a regular file") }
        count = Int(st.st_size)
        guard count > 0 else { base = nil; return }
        let p = mmap(nil, count, PROT_READ, MAP_PRIVATE, fd, 0)
        guard let p, p != MAP_FAILED else { throw Failure(description: "cannot map \(path): \(String(cString: strerror(errno)))") }
        base = p
        _ = madvise(p, count, MADV_SEQUENTIAL)
    }

    /// Maps `count` bytes of an open file (the import's staging file); the descriptor stays the
    /// caller's.
    init(descriptor fd: Int32, count: Int) throws(Failure) {
        path = "(staging)"
        self.count = count
        guard count > 0 else { base = nil; return }
        let p = mmap(nil, count, PROT_READ, MAP_PRIVATE, fd, 0)
        guard let p, p != MAP_FAILED else { throw Failure(description: "cannot map the staging file: \(String(cString: strerror(errno)))") }
        base = p
        _ = madvise(p, count, MADV_SEQUENTIAL)
    }

    deinit { if let base { munmap(base, count) } }

    /// The bytes; valid while this object lives.
    public var bytes: UnsafeRawBufferPointer { UnsafeRawBufferPointer(start: base, count: base == nil ? 0 : count) }

    /// Lets go of the whole pages before `offset`: read again, they come back from the page
    /// cache (the mapping is private and never written, so their content cannot differ).
    public func release(before offset: Int) {
        guard let base else { return }
        let end = (min(offset, count) / Self.pageSize) * Self.pageSize
        if end > 0 { _ = madvise(base, end, MADV_DONTNEED) }
    }
}
