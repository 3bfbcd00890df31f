import Dispatch
#if canImport(Glibc)
import Glibc
#endif
import KaiseiCore
import KaiseiEvents

/// Imports JSON Lines into the store in two phases: first every line is parsed and checked
/// (against the schema, the rest of the file and the store), and only if nothing is wrong are
/// the events written, in batches of one transaction each. A bad file leaves the store as it was.
///
/// The check phase reads the file chunk by chunk, parsing the next chunk on the other threads
/// while this one checks the current one, keeps per line only a bit (is it new?) and a hash of
/// its id, and stages each accepted event in a compact binary form (`StagedEvents`), which the
/// write phase reads back instead of parsing the JSON again. A large import into an empty store
/// asks the backend to build its indexes after the load (`EventLog.beginBulkLoad`), with every
/// check still made. Full scale (32.7 million events, 8.5 GB of JSON Lines) peaks at 3 GB.
public struct JSONLImporter {
    /// Lines longer than this are refused: no event comes near it, and a runaway line (a binary
    /// file, a missing newline) should not be buffered and parsed.
    public static let maxLineBytes = 65_536
    /// Events per transaction: large enough to amortise the commit, small enough that a crash
    /// loses at most one uncommitted batch of work (never a committed one).
    public var batchSize = 50_000
    /// Lines decoded together before their checks; bounds the memory of intermediate forms.
    static let chunkLines = 65_536
    /// From this many new events into an empty store, the import is a bulk load.
    public var bulkThreshold = 200_000
    /// Inputs up to this many bytes stage their accepted events in memory, larger ones in a
    /// temporary file (`StagedEvents`).
    public var stageInMemoryUpTo = StagedEvents.inMemoryLimit
    /// Problems beyond this many are counted, not listed.
    public var maxProblems = 1_000
    /// Called after each committed batch with the events written so far.
    public var progress: ((Int, Int) -> Void)?
    /// Called before a step that reports no batches (a bulk load's index build), so that a
    /// person or script watching the progress knows why nothing moves.
    public var notice: ((String) -> Void)?
    /// Called with a byte offset once neither phase will read the bytes before it again in
    /// order (a repeated id may still re-read one line): a mapped file releases those pages.
    public var release: ((Int) -> Void)?

    /// Import only events recorded at or before this time; later lines are counted and left
    /// for a later import (a history brought in step by step, with levy runs in between).
    public var until: RecordedTime?
    public init(batchSize: Int = 50_000) { self.batchSize = batchSize }

    public struct Validated {
        /// For each non-blank line in file order, whether it is a new event to append. Events
        /// are not kept in memory (`run` stages them in a compact form, in a temporary file for a
        /// large import): a migration file of tens of millions of events needs memory for a bit
        /// and an id hash per line, not for its events.
        public var keep: [Bool] = []
        public var toAppend = 0
        /// Events whose id and content the store (or an earlier line) already holds.
        public var alreadyPresent = 0
        public var problems: [ImportProblem] = []
        public var problemCount = 0
        public var lineCount = 0
        public var later = 0
    }

    public struct Summary: Sendable, Equatable {
        public var lines = 0
        public var appended = 0
        public var alreadyPresent = 0
        public var batches = 0
        /// Lines left out by `until`.
        public var later = 0
        /// Whether the store built its indexes after the load (a bulk load into an empty store).
        public var bulkLoad = false
        /// Wall-clock seconds of each phase: checking every line, writing the batches, and (in
        /// a bulk load) building the indexes. For the benchmark and an operator's log, not for
        /// comparing summaries.
        public var seconds = PhaseSeconds()
    }

    public struct PhaseSeconds: Sendable, Equatable {
        public var validate = 0.0, write = 0.0, indexes = 0.0
        public static func == (_: PhaseSeconds, _: PhaseSeconds) -> Bool { true }
    }

    static func now() -> Double {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
    }

    public enum Failure: Error {
        /// The input is invalid; nothing was written.
        case invalid([ImportProblem], total: Int)
        /// Writing failed after `committed` events in whole batches were stored.
        case store(StoreError, committed: Int)
    }

    /// What one line turned into, before the checks that need the rest of the file and the store.
    enum LineOutcome {
        case event(DecodedEvent)
        case problems([FieldProblem])
    }

    /// Parses and decodes lines on every core: lines are independent until they meet the store.
    static func decodeLines(_ lines: [JSONLLines.Line]) -> [LineOutcome] {
        var outcomes = [LineOutcome](repeating: .problems([]), count: lines.count)
        let chunk = 2_048
        let chunks = (lines.count + chunk - 1) / chunk
        nonisolated(unsafe) let lines = lines
        outcomes.withUnsafeMutableBufferPointer { out in
            // Each chunk writes only its own slots.
            nonisolated(unsafe) let out = out
            DispatchQueue.concurrentPerform(iterations: chunks) { c in
                for i in (c * chunk)..<min(lines.count, (c + 1) * chunk) { out[i] = decodeLine(lines[i]) }
            }
        }
        return outcomes
    }

    static func decodeLine(_ line: JSONLLines.Line) -> LineOutcome {
        if line.bytes.count > maxLineBytes {
            return .problems([FieldProblem("(line)", "longer than \(maxLineBytes) bytes (\(line.bytes.count))")])
        }
        if let bad = firstInvalidUTF8(line.bytes) {
            return .problems([FieldProblem("(line)", "invalid UTF-8 at byte \(bad + 1)")])
        }
        // A plain, valid line straight to its event; any other line the general way, which
        // accepts it or names its problems (the fast path never decides a line is bad).
        if let d = EventLineDecoder.decode(line.bytes) { return .event(d) }
        let json: JSONValue
        do { json = try JSONParser.parse(line.bytes) } catch {
            return .problems([FieldProblem("(line)", "\(error.reason) at byte \(error.offset + 1)")])
        }
        switch EventJSON.decode(json) {
        case .failure(let ps): return .problems(ps.all)
        case .success(let d): return .event(d)
        }
    }

    /// The next chunk of non-blank lines.
    static func nextChunk(_ it: inout JSONLLines.Iterator) -> [JSONLLines.Line] {
        var lines: [JSONLLines.Line] = []
        lines.reserveCapacity(chunkLines)
        while lines.count < chunkLines, let line = it.next() { lines.append(line) }
        return lines
    }

    /// Walks the file chunk by chunk, decoding the next chunk on other threads while `body`
    /// handles the current one (with the ordinal of its first line).
    static func pipelined(_ bytes: UnsafeRawBufferPointer,
                          _ body: (_ first: Int, _ lines: [JSONLLines.Line], _ outcomes: [LineOutcome]) throws -> Void) rethrows {
        var it = JSONLLines(bytes).makeIterator()
        var ordinal = 0
        var current = nextChunk(&it)
        func start(_ lines: [JSONLLines.Line]) -> Ahead<[LineOutcome]> {
            nonisolated(unsafe) let lines = lines
            return Ahead { decodeLines(lines) }
        }
        var pending = start(current)
        while !current.isEmpty {
            let outcomes = pending.wait()
            let lines = current
            current = nextChunk(&it)
            if !current.isEmpty { pending = start(current) }
            try body(ordinal, lines, outcomes)
            ordinal += lines.count
        }
    }

    /// Phase 1: parse and check every line; nothing is written.
    public func validate(_ bytes: UnsafeRawBufferPointer, file: String, log: any EventLog) throws(StoreError) -> Validated {
        try validate(bytes, file: file, log: log, staging: nil)
    }

    /// Phase 1, keeping each accepted event in `staging` for the write phase.
    func validate(_ bytes: UnsafeRawBufferPointer, file: String, log: any EventLog, staging: StagedEvents?) throws(StoreError) -> Validated {
        var v = Validated()
        let head = try log.head()
        let storeIsEmpty = head.seq == 0
        // Where each id was first seen: the ordinal of its line, found again through the chunk
        // it was in when a later line repeats the id.
        var ids = IdIndex(capacity: min(bytes.count / 200, 60_000_000))
        var locator = LineLocator(bytes)
        var lastCarried = head.recordedAt
        var lastCarriedLine = 0
        var uncarriedLine = 0
        var fileCounts: [String: Int64] = [:]
        var storeVersions: [String: Int64] = [:]
        func problem(_ line: Int, _ field: String, _ reason: String) {
            v.problemCount += 1
            if v.problems.count < maxProblems { v.problems.append(ImportProblem(file: file, line: line, field: field, reason: reason)) }
        }

        do {
            try Self.pipelined(bytes) { (first: Int, lines: [JSONLLines.Line], outcomes: [LineOutcome]) throws(StoreError) in
                v.keep.append(contentsOf: repeatElement(false, count: lines.count))
                if let last = lines.last { v.lineCount = last.number }
                locator.add(first: first, lines)
                // Which of the chunk's ids the store already holds, asked once for the chunk.
                var stored: [String: StoredEvent] = [:]
                if !storeIsEmpty {
                    stored = try log.storedEvents(ids: outcomes.compactMap { if case .event(let d) = $0 { return d.event.id } else { return nil } })
                }
                for (k, outcome) in outcomes.enumerated() {
                    let lineNo = lines[k].number
                    let ordinal = first + k
                    let decoded: DecodedEvent
                    switch outcome {
                    case .problems(let ps): for p in ps { problem(lineNo, p.field, p.reason) }; continue
                    case .event(let d): decoded = d
                    }
                    let e = decoded.event
                    if let until, let at = e.recordedAt, at > until { v.later += 1; continue }
                    if let existing = stored[e.id] {
                        if existing.event.identityBytes == e.identityBytes && (e.recordedAt == nil || e.recordedAt == existing.event.recordedAt) {
                            v.alreadyPresent += 1
                        } else {
                            problem(lineNo, "id", "event id \"\(e.id)\" is already stored (seq \(existing.seq)) with different content")
                        }
                        continue
                    }
                    let repeated = ids.firstOrInsert(e.id, ordinal: ordinal) { n in
                        guard let line = locator.line(n), case .event(let d) = Self.decodeLine(line) else { return nil }
                        return d.event.id
                    }
                    if let n = repeated, let line = locator.line(n) {
                        // Only a repeated id pays for comparing content (its first line is decoded again).
                        if case .event(let d) = Self.decodeLine(line) {
                            let earlier = d.event
                            if earlier.identityBytes == e.identityBytes,
                               e.recordedAt == nil || earlier.recordedAt == nil || e.recordedAt == earlier.recordedAt {
                                v.alreadyPresent += 1
                            } else {
                                problem(lineNo, "id", "duplicate id \"\(e.id)\" with different content (first at line \(line.number))")
                            }
                        }
                        continue
                    }
                    if let at = e.recordedAt {
                        if at < lastCarried {
                            let against = lastCarriedLine > 0 ? "line \(lastCarriedLine)'s \(lastCarried)" : "the store's latest \(lastCarried)"
                            problem(lineNo, "recorded_at", "\(at) is earlier than \(against); history is imported in recorded order")
                        } else if uncarriedLine > 0 && at < log.clock() {
                            problem(lineNo, "recorded_at", "a carried recorded time in the past follows line \(uncarriedLine), whose time the store assigns now")
                        }
                        if at >= lastCarried { lastCarried = at; lastCarriedLine = lineNo }
                    } else if uncarriedLine == 0 {
                        uncarriedLine = lineNo
                    }
                    if let expected = decoded.expectedVersion {
                        let streamKey = "\(e.city.code)\u{1}\(e.subject)"
                        let base: Int64
                        if let b = storeVersions[streamKey] { base = b } else {
                            base = storeIsEmpty ? 0 : try log.streamVersion(city: e.city, subject: e.subject)
                            storeVersions[streamKey] = base
                        }
                        let actual = base + (fileCounts[streamKey] ?? 0)
                        if actual != expected {
                            problem(lineNo, "expected_version", "version conflict on \(e.city.rawValue)/\(e.subject): expected \(expected), actual \(actual)")
                        }
                    }
                    if decoded.expectedVersion != nil || !fileCounts.isEmpty {
                        // Counting per stream is only needed once some line states an expected version.
                        fileCounts["\(e.city.code)\u{1}\(e.subject)", default: 0] += 1
                    }
                    v.keep[ordinal] = true
                    v.toAppend += 1
                    if v.problemCount == 0 { try staging?.append(decoded) }
                }
                // Pages behind this chunk are read again only for a repeated id.
                if let last = lines.last, let base = bytes.baseAddress { release?(base.distance(to: last.bytes.baseAddress!)) }
            }
        } catch let e as StoreError { throw e } catch { throw StoreError.database("\(error)") }
        return v
    }

    /// Both phases. On invalid input nothing is written.
    public func run(_ bytes: UnsafeRawBufferPointer, file: String, log: any EventLog) throws(Failure) -> Summary {
        let v: Validated
        let started = Self.now()
        let staging: StagedEvents
        do {
            staging = try StagedEvents(inputBytes: bytes.count, inMemoryUpTo: stageInMemoryUpTo)
            v = try validate(bytes, file: file, log: log, staging: staging)
        } catch { throw .store(error, committed: 0) }
        guard v.problemCount == 0 else { throw .invalid(v.problems, total: v.problemCount) }
        var summary = Summary(lines: v.lineCount, appended: 0, alreadyPresent: v.alreadyPresent, batches: 0)
        summary.seconds.validate = Self.now() - started
        let writing = Self.now()
        summary.later = v.later
        if v.toAppend >= bulkThreshold {
            do { summary.bulkLoad = try log.beginBulkLoad() } catch { throw .store(error, committed: 0) }
        }
        func flush(_ batch: [AppendRequest]) throws(Failure) {
            guard !batch.isEmpty else { return }
            do {
                let r = try log.append(batch)
                summary.appended += r.appended
                summary.alreadyPresent += r.alreadyPresent
                summary.batches += 1
            } catch {
                throw .store(error, committed: summary.appended)
            }
            progress?(summary.appended, v.toAppend)
        }
        // Phase 2: read the accepted events back from staging and write whole batches, the next
        // batch read (decoded from its staged form) on another thread while this one is written.
        do throws(Failure) {
            let reader: StagedEvents.Reader
            do { reader = try staging.reader() } catch {
                throw Failure.store((error as? StoreError) ?? .database("\(error)"), committed: 0)
            }
            let size = batchSize
            func ahead() -> Ahead<Result<[AppendRequest], StoreError>> {
                Ahead { Result { () throws(StoreError) in try reader.next(max: size) } }
            }
            var pending = ahead()
            while true {
                let batch: [AppendRequest]
                switch pending.wait() {
                case .success(let b): batch = b
                case .failure(let e): throw Failure.store(e, committed: summary.appended)
                }
                if batch.isEmpty { break }
                pending = ahead()
                do { try flush(batch) } catch {
                    // The reader is not left running behind the caller's back.
                    _ = pending.wait()
                    throw error
                }
            }
        } catch {
            // The indexes are rebuilt whatever happened: the store stays whole and usable.
            if summary.bulkLoad { try? log.endBulkLoad() }
            throw error
        }
        summary.seconds.write = Self.now() - writing
        if summary.bulkLoad {
            let indexing = Self.now()
            notice?("building the store's indexes (bulk load of \(summary.appended) events); every event is already committed")
            do { try log.endBulkLoad() } catch { throw .store(error, committed: summary.appended) }
            summary.seconds.indexes = Self.now() - indexing
        }
        return summary
    }

    /// The offset of the first byte that is not valid UTF-8, or nil. ASCII lines skip the check.
    static func firstInvalidUTF8(_ b: UnsafeRawBufferPointer) -> Int? {
        var i = 0
        if let base = b.baseAddress {
            while i + 8 <= b.count, Words.isASCII(base.loadUnaligned(fromByteOffset: i, as: UInt64.self)) { i += 8 }
        }
        while i < b.count, b[i] < 0x80 { i += 1 }
        if i == b.count { return nil }
        while i < b.count {
            let c = b[i]
            let n: Int
            if c < 0x80 { i += 1; continue }
            else if c >= 0xC2 && c <= 0xDF { n = 1 }
            else if c >= 0xE0 && c <= 0xEF { n = 2 }
            else if c >= 0xF0 && c <= 0xF4 { n = 3 }
            else { return i }
            guard i + n < b.count else { return i }
            for k in 1...n where b[i + k] & 0xC0 != 0x80 { return i }
            // Overlongs and surrogates.
            if c == 0xE0 && b[i + 1] < 0xA0 { return i }
            if c == 0xED && b[i + 1] > 0x9F { return i }
            if c == 0xF0 && b[i + 1] < 0x90 { return i }
            if c == 0xF4 && b[i + 1] > 0x8F { return i }
            i += n + 1
        }
        return nil
    }
}
