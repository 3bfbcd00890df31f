import Dispatch
import KaiseiCore
import KaiseiEvents

/// Imports JSON Lines into the store in two phases: first every line is parsed and checked
/// (against the schema, the rest of the file and the store), and only if nothing is wrong are
/// the events written, in batches of one transaction each. A bad file leaves the store as it was.
public struct JSONLImporter {
    /// Lines longer than this are refused: no event comes near it, and a runaway line (a binary
    /// file, a missing newline) should not be buffered and parsed.
    public static let maxLineBytes = 65_536
    /// Events per transaction: large enough to amortise the commit, small enough that a crash
    /// loses at most one uncommitted batch of work (never a committed one).
    public var batchSize = 50_000
    /// Lines decoded together before their checks; bounds the memory of intermediate forms.
    static let chunkLines = 100_000
    /// Problems beyond this many are counted, not listed.
    public var maxProblems = 1_000
    /// Called after each committed batch with the events written so far.
    public var progress: ((Int, Int) -> Void)?

    /// Import only events recorded at or before this time; later lines are counted and left
    /// for a later import (a history brought in step by step, with levy runs in between).
    public var until: RecordedTime?
    public init(batchSize: Int = 50_000) { self.batchSize = batchSize }

    public struct Validated {
        /// The file's lines, and for each whether it is a new event to append. Events are not
        /// kept: the write phase decodes them again, so a migration file of tens of millions of
        /// events needs memory for its ids, not for its events.
        public var lines: [JSONLLines.Line] = []
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
        let chunk = 4_096
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
        let json: JSONValue
        do { json = try JSONParser.parse(line.bytes) } catch {
            return .problems([FieldProblem("(line)", "\(error.reason) at byte \(error.offset + 1)")])
        }
        switch EventJSON.decode(json) {
        case .failure(let ps): return .problems(ps.all)
        case .success(let d): return .event(d)
        }
    }

    /// Phase 1: parse and check every line; nothing is written.
    public func validate(_ bytes: UnsafeRawBufferPointer, file: String, log: any EventLog) throws(StoreError) -> Validated {
        var v = Validated()
        let lines = Array(JSONLLines(bytes))
        v.lineCount = lines.last?.number ?? 0
        v.keep = [Bool](repeating: false, count: lines.count)
        /// The line number and index where each id was first seen in this file.
        var firstOfId: [String: (line: Int, index: Int)] = [:]
        firstOfId.reserveCapacity(lines.count)
        let head = try log.head()
        let storeIsEmpty = head.seq == 0
        var lastCarried = head.recordedAt
        var lastCarriedLine = 0
        var uncarriedLine = 0
        var fileCounts: [String: Int64] = [:]
        var storeVersions: [String: Int64] = [:]

        func problem(_ line: Int, _ field: String, _ reason: String) {
            v.problemCount += 1
            if v.problems.count < maxProblems { v.problems.append(ImportProblem(file: file, line: line, field: field, reason: reason)) }
        }

        // Decode a chunk of lines at a time (on every core), check it, and let the parsed JSON go:
        // only the validated events are kept, never the whole file's intermediate forms.
        for chunkStart in stride(from: 0, to: lines.count, by: Self.chunkLines) {
        let chunk = Array(lines[chunkStart..<min(lines.count, chunkStart + Self.chunkLines)])
        let outcomes = Self.decodeLines(chunk)
        // Which of the chunk's ids the store already holds, asked once for the chunk.
        var storedInChunk: [String: StoredEvent] = [:]
        if !storeIsEmpty {
            storedInChunk = try log.storedEvents(ids: outcomes.compactMap { if case .event(let d) = $0 { return d.event.id } else { return nil } })
        }
        for (k, outcome) in outcomes.enumerated() {
            let lineNo = chunk[k].number
            let index = chunkStart + k
            let decoded: DecodedEvent
            switch outcome {
            case .problems(let ps): for p in ps { problem(lineNo, p.field, p.reason) }; continue
            case .event(let d): decoded = d
            }
            let e = decoded.event
            if let until, let at = e.recordedAt, at > until { v.later += 1; continue }
            if let first = firstOfId[e.id] {
                // Only a repeated id pays for comparing content (its first line is decoded again).
                var earlier: Event?
                if first.index >= 0, case .event(let d) = Self.decodeLine(lines[first.index]) { earlier = d.event }
                if let earlier, earlier.identityBytes == e.identityBytes,
                   e.recordedAt == nil || earlier.recordedAt == nil || e.recordedAt == earlier.recordedAt {
                    v.alreadyPresent += 1
                } else if earlier != nil {
                    problem(lineNo, "id", "duplicate id \"\(e.id)\" with different content (first at line \(first.line))")
                }
                continue
            }
            if let existing = storedInChunk[e.id] {
                firstOfId[e.id] = (lineNo, -1)
                if existing.event.identityBytes == e.identityBytes && (e.recordedAt == nil || e.recordedAt == existing.event.recordedAt) {
                    v.alreadyPresent += 1
                } else {
                    problem(lineNo, "id", "event id \"\(e.id)\" is already stored (seq \(existing.seq)) with different content")
                }
                continue
            }
            firstOfId[e.id] = (lineNo, index)
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
            v.keep[index] = true
            v.toAppend += 1
        }
        }
        v.lines = lines
        return v
    }

    /// Both phases. On invalid input nothing is written.
    public func run(_ bytes: UnsafeRawBufferPointer, file: String, log: any EventLog) throws(Failure) -> Summary {
        let v: Validated
        do { v = try validate(bytes, file: file, log: log) } catch { throw .store(error, committed: 0) }
        guard v.problemCount == 0 else { throw .invalid(v.problems, total: v.problemCount) }
        var summary = Summary(lines: v.lineCount, appended: 0, alreadyPresent: v.alreadyPresent, batches: 0)
        summary.later = v.later
        var batch: [AppendRequest] = []
        batch.reserveCapacity(min(batchSize, v.toAppend))
        func flush() throws(Failure) {
            guard !batch.isEmpty else { return }
            do {
                let r = try log.append(batch)
                summary.appended += r.appended
                summary.alreadyPresent += r.alreadyPresent
                summary.batches += 1
            } catch {
                throw .store(error, committed: summary.appended)
            }
            batch.removeAll(keepingCapacity: true)
            progress?(summary.appended, v.toAppend)
        }
        // Phase 2: decode the kept lines again, chunk by chunk, and write whole batches.
        for chunkStart in stride(from: 0, to: v.lines.count, by: Self.chunkLines) {
            let end = min(v.lines.count, chunkStart + Self.chunkLines)
            guard v.keep[chunkStart..<end].contains(true) else { continue }
            let outcomes = Self.decodeLines(Array(v.lines[chunkStart..<end]))
            for (k, outcome) in outcomes.enumerated() where v.keep[chunkStart + k] {
                guard case .event(let d) = outcome else { continue }
                batch.append(AppendRequest(d.event, expectedVersion: d.expectedVersion))
                if batch.count >= batchSize { try flush() }
            }
        }
        try flush()
        return summary
    }

    /// The offset of the first byte that is not valid UTF-8, or nil. ASCII lines skip the check.
    static func firstInvalidUTF8(_ b: UnsafeRawBufferPointer) -> Int? {
        var ascii = true
        for c in b where c >= 0x80 { ascii = false; break }
        if ascii { return nil }
        var i = 0
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
