import Foundation
import KaiseiCore
import KaiseiEvents
import EventStore
import Replay

/// What a snapshot file says about itself, before its body is read.
public struct SnapshotHeader: Sendable, Equatable {
    public static let magic = Array("KAISEISNAP".utf8)
    public static let fileVersion: UInt64 = 1
    public let fileVersion: UInt64
    public let stateVersion: UInt64
    /// The last log position folded in, its recorded time and its chain hash: a snapshot
    /// belongs to the store whose event at `watermark` has exactly this hash.
    public let watermark: Int64
    public let watermarkRecordedAt: RecordedTime
    public let watermarkHash: [UInt8]
    /// The rule base adopted at the watermark's time (the fold itself does not read law; kept
    /// so anyone can see which rules the figures computed next to it used).
    public let revisionSet: String
    public let stateBytes: Int
    public let bodyBytes: Int

    func encoded() -> [UInt8] {
        var w = ByteWriter()
        w.unsigned(fileVersion); w.unsigned(stateVersion); w.signed(watermark); w.signed(watermarkRecordedAt.microseconds)
        w.string(watermarkHash.hexString); w.string(revisionSet); w.unsigned(UInt64(stateBytes)); w.unsigned(UInt64(bodyBytes))
        return w.bytes
    }
}

/// Why a snapshot was not used. Every reason is a warning, never a failure: snapshots are a
/// cache, and the answer is then computed from the events.
public struct SnapshotProblem: Error, Sendable, CustomStringConvertible {
    public let file: String
    public let reason: String
    public var description: String { "\(file): \(reason)" }
}

/// Snapshot files in a folder (`snapshots/` by default). File layout: magic, header length,
/// header, SHA-256 of the header, then the LZ4 frame of `StateCodec`'s bytes (with its own
/// content checksum).
public struct SnapshotFolder: Sendable {
    public let directory: URL
    public init(directory: URL) { self.directory = directory }

    public func fileName(watermark: Int64) -> String { "state-w\(String(format: "%012lld", watermark)).kss" }

    /// Writes the state at its watermark; returns the file and its size.
    @discardableResult
    public func write(_ pops: [City: Population], watermark: Int64, log: any EventLog, revisionSet: String) throws -> (url: URL, bytes: Int, stateBytes: Int) {
        var hash = [UInt8](repeating: 0, count: 32), at = RecordedTime.distantPast
        if watermark > 0 {
            try log.scan(after: watermark - 1, through: watermark) { e in hash = e.hash; at = e.recordedAt }
        }
        // Streamed: the state is encoded a few megabytes at a time, each piece compressed and
        // written to a body file at once, so nothing but the state itself is large in memory.
        // The header (which names the body's size) is written first into the real file, then
        // the body is copied after it.
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let url = directory.appendingPathComponent(fileName(watermark: watermark))
        // Written beside and renamed, so a crash never leaves a half-written snapshot under the real name.
        let tmp = directory.appendingPathComponent(".\(url.lastPathComponent).\(getpid()).tmp")
        let bodyTmp = directory.appendingPathComponent(".\(url.lastPathComponent).\(getpid()).body")
        func open(_ u: URL) throws -> FileHandle {
            guard FileManager.default.createFile(atPath: u.path, contents: nil), let h = FileHandle(forWritingAtPath: u.path) else {
                throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: u.path])
            }
            return h
        }
        defer { try? FileManager.default.removeItem(at: bodyTmp) }
        var stateCount = 0, bodyCount = 0
        do {
            let body = try open(bodyTmp)
            defer { try? body.close() }
            let lz4 = try LZ4FrameWriter { chunk in bodyCount += chunk.count; try body.write(contentsOf: chunk) }
            try StateCodec.encode(pops) { chunk in stateCount += chunk.count; try lz4.append(chunk) }
            try lz4.finish()
        }
        let header = SnapshotHeader(fileVersion: SnapshotHeader.fileVersion, stateVersion: StateCodec.formatVersion, watermark: watermark,
                                    watermarkRecordedAt: at, watermarkHash: hash, revisionSet: revisionSet, stateBytes: stateCount, bodyBytes: bodyCount)
        let h = header.encoded()
        var len = ByteWriter(); len.unsigned(UInt64(h.count))
        let head = SnapshotHeader.magic + len.bytes + h + SHA256.hash(h)
        let out = try open(tmp)
        do {
            try out.write(contentsOf: head)
            let body = try FileHandle(forReadingFrom: bodyTmp)
            defer { try? body.close() }
            while let chunk = try body.read(upToCount: 8 << 20), !chunk.isEmpty { try out.write(contentsOf: chunk) }
            try out.synchronize()
            try out.close()
        } catch {
            try? out.close(); try? FileManager.default.removeItem(at: tmp)
            throw error
        }
        // rename(2) replaces an older file of the same name in one step.
        guard rename(tmp.path, url.path) == 0 else {
            try? FileManager.default.removeItem(at: tmp)
            throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: url.path])
        }
        return (url, head.count + bodyCount, stateCount)
    }

    /// Hidden pieces a `write` left behind when its process was killed mid-write
    /// (`.state-w….kss.PID.tmp` / `.body` whose PID no longer runs): `snapshot prune` removes them.
    public var abandonedTemporaries: [URL] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        return names.sorted().compactMap { name -> URL? in
            guard name.hasPrefix(".state-w"), name.hasSuffix(".tmp") || name.hasSuffix(".body") else { return nil }
            let parts = name.split(separator: ".")
            guard parts.count >= 4, let pid = Int32(parts[parts.count - 2]) else { return nil }
            // kill(pid, 0) fails with ESRCH once the writer is gone; a live writer's files stay.
            // The pid may belong to another host or namespace sharing the folder, so a piece is
            // also left alone until it has not been written for an hour.
            let url = directory.appendingPathComponent(name)
            guard pid != getpid(), kill(pid, 0) != 0, errno == ESRCH else { return nil }
            let modified = (try? FileManager.default.attributesOfItem(atPath: url.path)[.modificationDate] as? Date) ?? Date()
            return Date().timeIntervalSince(modified) > 3600 ? url : nil
        }
    }

    public var files: [URL] {
        ((try? FileManager.default.contentsOfDirectory(at: directory, includingPropertiesForKeys: nil)) ?? [])
            .filter { $0.pathExtension == "kss" }.sorted { $0.lastPathComponent < $1.lastPathComponent }
    }

    /// Reads and checks a header without the body.
    public func header(_ url: URL) -> Result<(SnapshotHeader, Data, Int), SnapshotProblem> {
        let name = url.lastPathComponent
        guard let data = try? Data(contentsOf: url, options: .alwaysMapped) else { return .failure(SnapshotProblem(file: name, reason: "cannot be read")) }
        return data.withUnsafeBytes { raw -> Result<(SnapshotHeader, Data, Int), SnapshotProblem> in
            func bad(_ r: String) -> Result<(SnapshotHeader, Data, Int), SnapshotProblem> { .failure(SnapshotProblem(file: name, reason: r)) }
            let m = SnapshotHeader.magic
            guard raw.count > m.count, Array(raw[0..<m.count]) == m else { return bad("not a Kaisei snapshot") }
            var r = ByteReader(UnsafeRawBufferPointer(rebasing: raw[m.count...]))
            guard let hl = try? r.unsigned(), hl < 4096 else { return bad("damaged header") }
            let hStart = m.count + r.offset, hEnd = hStart + Int(hl)
            guard hEnd + 32 <= raw.count else { return bad("truncated header") }
            let hBytes = Array(raw[hStart..<hEnd])
            guard SHA256.hash(hBytes) == Array(raw[hEnd..<(hEnd + 32)]) else { return bad("header checksum does not match (damaged)") }
            var hr = ByteReader(UnsafeRawBufferPointer(rebasing: raw[hStart..<hEnd]))
            do {
                let fv = try hr.unsigned(), sv = try hr.unsigned(), wm = try hr.signed(), at = try hr.signed()
                let hashHex = try hr.string(), rs = try hr.string(), sb = try hr.unsigned(), bb = try hr.unsigned()
                let header = SnapshotHeader(fileVersion: fv, stateVersion: sv, watermark: wm, watermarkRecordedAt: RecordedTime(microseconds: at),
                                            watermarkHash: [UInt8](hexString: hashHex) ?? [], revisionSet: rs, stateBytes: Int(sb), bodyBytes: Int(bb))
                guard fv == SnapshotHeader.fileVersion else { return bad("file format \(fv), this Kaisei reads \(SnapshotHeader.fileVersion)") }
                guard sv == StateCodec.formatVersion else { return bad("state format \(sv), this Kaisei writes \(StateCodec.formatVersion) (made by another version)") }
                let bodyStart = hEnd + 32
                guard raw.count - bodyStart == Int(bb) else { return bad("body is \(raw.count - bodyStart) bytes, header says \(bb) (truncated or padded)") }
                return .success((header, data, bodyStart))
            } catch { return bad("damaged header") }
        }
    }

    /// Checks that the snapshot belongs to this store: the event at its watermark exists and
    /// has the hash the snapshot names (a foreign store, or one rebuilt since, fails here).
    public func matches(_ h: SnapshotHeader, log: any EventLog, file: String) -> SnapshotProblem? {
        guard h.watermark > 0 else { return nil }
        var found: StoredEvent?
        do { try log.scan(after: h.watermark - 1, through: h.watermark) { found = $0 } }
        catch { return SnapshotProblem(file: file, reason: "store cannot be read: \(error)") }
        guard let found else { return SnapshotProblem(file: file, reason: "its watermark seq \(h.watermark) is not in this store (stale or foreign)") }
        guard found.hash == h.watermarkHash else { return SnapshotProblem(file: file, reason: "the store's event at seq \(h.watermark) has another chain hash (foreign, or the store was rebuilt)") }
        return nil
    }

    /// The whole snapshot: header checked against the store, body decompressed and decoded.
    public func load(_ url: URL, log: any EventLog) -> Result<(SnapshotHeader, [City: Population]), SnapshotProblem> {
        let name = url.lastPathComponent
        switch header(url) {
        case .failure(let p): return .failure(p)
        case .success(let (h, data, bodyStart)):
            if let p = matches(h, log: log, file: name) { return .failure(p) }
            do {
                // The decompressed bytes are decoded once the file's mapping is no longer needed.
                var mapped: Data? = data
                let state = try mapped!.withUnsafeBytes { try LZ4Frame.decompress(UnsafeRawBufferPointer(rebasing: $0[bodyStart...]), expectedSize: h.stateBytes) }
                mapped = nil
                let pops = try state.withUnsafeBytes { try StateCodec.decode($0) }
                guard Set(pops.keys) == Set(City.allCases) else { return .failure(SnapshotProblem(file: name, reason: "does not hold both cities")) }
                return .success((h, pops))
            } catch {
                return .failure(SnapshotProblem(file: name, reason: "\(error)"))
            }
        }
    }
}

extension Array where Element == UInt8 {
    init?(hexString s: String) {
        guard s.count % 2 == 0 else { return nil }
        var out: [UInt8] = []; out.reserveCapacity(s.count / 2)
        var it = s.utf8.makeIterator()
        func nib(_ c: UInt8) -> UInt8? {
            switch c { case 48...57: return c - 48; case 97...102: return c - 87; case 65...70: return c - 55; default: return nil }
        }
        while let a = it.next(), let b = it.next() { guard let x = nib(a), let y = nib(b) else { return nil }; out.append(x << 4 | y) }
        self = out
    }
}
