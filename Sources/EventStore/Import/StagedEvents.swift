#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif
import Foundation
import KaiseiCore
import KaiseiEvents

/// The events an import's checks accepted, in order, in a compact binary form, so that the
/// write phase reads them back instead of parsing the JSON a second time (parsing is most of
/// an import's work: 32 million lines take two cores two and a half minutes).
///
/// A large import stages to an unlinked temporary file (about 110 bytes an event, in
/// `TMPDIR`), which the kernel removes whatever happens to the process; a small one stays in
/// memory. The form is private to one import and never stored: nothing reads it but
/// `StagedEvents.Reader` in the same run.
final class StagedEvents {
    private var buffer: [UInt8] = []
    private var fd: Int32 = -1
    private var written = 0
    private(set) var count = 0

    /// Above this many input bytes the events go to a temporary file (`JSONLImporter.stageInMemoryUpTo`).
    static let inMemoryLimit = 256 << 20
    private static let flushAt = 4 << 20

    init(inputBytes: Int, inMemoryUpTo limit: Int = StagedEvents.inMemoryLimit) throws(StoreError) {
        buffer.reserveCapacity(min(Self.flushAt, max(4096, inputBytes / 2)) + 4096)
        guard inputBytes > limit else { return }
        let dir = ProcessInfo.processInfo.environment["TMPDIR"].flatMap { $0.isEmpty ? nil : $0 } ?? "/tmp"
        var template = Array("\(dir)/kaisei-import-XXXXXX".utf8CString)
        let handle = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard handle >= 0 else {
            throw StoreError.database("cannot create a staging file in \(dir) (set TMPDIR to a folder with room for about half the input): \(String(cString: strerror(errno)))")
        }
        // Unlinked at once: only this process can reach it, and it disappears with it.
        template.withUnsafeBufferPointer { _ = unlink($0.baseAddress!) }
        fd = handle
    }

    deinit { if fd >= 0 { close(fd) } }

    /// Whether the events go to a temporary file rather than memory.
    var isFile: Bool { fd >= 0 }

    func append(_ d: DecodedEvent) throws(StoreError) {
        let e = d.event
        var w = ByteWriter(capacity: 128)
        w.string(e.id)
        w.byte(e.city.code)
        w.string(e.subject)
        w.unsigned(UInt64(e.type.rawValue))
        w.unsigned(UInt64(e.validDate.packed))
        w.byte((e.recordedAt != nil ? 1 : 0) | (d.expectedVersion != nil ? 2 : 0))
        if let at = e.recordedAt { w.signed(at.microseconds) }
        w.unsigned(UInt64(e.schemaVersion))
        if let v = d.expectedVersion { w.signed(v) }
        e.payload.encode(for: e.type, into: &w)
        var n = UInt32(w.bytes.count)
        withUnsafeBytes(of: &n) { buffer.append(contentsOf: $0) }
        buffer.append(contentsOf: w.bytes)
        count += 1
        if fd >= 0 && buffer.count >= Self.flushAt { try flush() }
    }

    private func flush() throws(StoreError) {
        var done = 0
        while done < buffer.count {
            let n = buffer.withUnsafeBytes { write(fd, $0.baseAddress! + done, $0.count - done) }
            if n < 0 && errno == EINTR { continue }
            guard n > 0 else { throw StoreError.database("cannot write the import's staging file: \(String(cString: strerror(errno)))") }
            done += n
        }
        written += buffer.count
        buffer.removeAll(keepingCapacity: true)
    }

    /// The staged events in order, a batch at a time (`Reader.next`).
    func reader() throws -> Reader {
        if fd >= 0 {
            try flush()
            // The mapping outlives the descriptor (closed with `self`): the reader holds it alone.
            return Reader(mapped: try MappedFile(descriptor: fd, count: written))
        }
        return Reader(memory: buffer)
    }

    /// Reads staged events back in batches. One thread at a time: the importer asks for the
    /// next batch on another thread while it writes the current one.
    final class Reader: @unchecked Sendable {
        private let mapped: MappedFile?
        private let memory: [UInt8]
        private var offset = 0
        private var released = 0

        init(mapped: MappedFile) { self.mapped = mapped; memory = [] }
        init(memory: [UInt8]) { mapped = nil; self.memory = memory }

        func next(max: Int) throws(StoreError) -> [AppendRequest] {
            if let mapped { return try read(mapped.bytes, max: max, release: mapped.release) }
            do {
                return try memory.withUnsafeBytes { try read($0, max: max, release: { _ in }) }
            } catch let e as StoreError { throw e } catch { throw StoreError.database("\(error)") }
        }

        /// Up to `max` events, or none at the end; the pages read are handed back as it goes.
        private func read(_ b: UnsafeRawBufferPointer, max: Int, release: (Int) -> Void) throws(StoreError) -> [AppendRequest] {
            var out: [AppendRequest] = []
            out.reserveCapacity(max)
            while out.count < max, offset + 4 <= b.count {
                let n = Int(b.loadUnaligned(fromByteOffset: offset, as: UInt32.self))
                offset += 4
                guard offset + n <= b.count else { throw StoreError.database("the import's staging file is truncated") }
                var r = ByteReader(UnsafeRawBufferPointer(rebasing: b[offset..<(offset + n)]))
                do {
                    let id = try r.string()
                    let city = City(code: try r.byte())
                    let subject = try r.string()
                    let type = EventType(rawValue: UInt16(truncatingIfNeeded: try r.unsigned()))
                    let valid = CivilDate(packed: Int(try r.unsigned()))
                    let flags = try r.byte()
                    let at = flags & 1 != 0 ? RecordedTime(microseconds: try r.signed()) : nil
                    let schema = Int(try r.unsigned())
                    let expected = flags & 2 != 0 ? try r.signed() : nil
                    guard let city, let type, let valid else { throw ByteReader.Malformed() }
                    let payload = try Payload.decode(type, from: &r)
                    let e = Event(id: id, city: city, subject: subject, type: type, validDate: valid, recordedAt: at, schemaVersion: schema, payload: payload)
                    out.append(AppendRequest(e, expectedVersion: expected))
                } catch {
                    throw StoreError.database("the import's staging file does not decode at byte \(offset)")
                }
                offset += n
                if offset - released > 16 << 20 { release(offset); released = offset }
            }
            return out
        }
    }
}
