/// Finds an earlier line of the file by its ordinal (its place among the non-blank lines),
/// keeping only where each chunk of lines starts: the validation phase goes back to a line only
/// when a later line repeats its id. The last chunk looked into is kept, so a file that repeats
/// a run of lines (a file concatenated with itself) rescans each chunk once, not once a line.
struct LineLocator {
    private let bytes: UnsafeRawBufferPointer
    private var chunkOrdinals: [Int] = []
    private var chunkOffsets: [Int] = []
    private var chunkNumbers: [Int] = []
    private var cached = -1
    private var cachedOffsets: [Int] = []
    private var cachedNumbers: [Int] = []

    init(_ bytes: UnsafeRawBufferPointer) { self.bytes = bytes }

    private func offset(_ line: JSONLLines.Line) -> Int { bytes.baseAddress!.distance(to: line.bytes.baseAddress!) }

    /// Records a chunk about to be checked (and keeps it at hand: repeats within it are the
    /// common case).
    mutating func add(first ordinal: Int, _ lines: [JSONLLines.Line]) {
        guard let head = lines.first else { return }
        chunkOrdinals.append(ordinal)
        chunkOffsets.append(offset(head))
        chunkNumbers.append(head.number)
        cached = chunkOrdinals.count - 1
        cachedOffsets = lines.map(offset)
        cachedNumbers = lines.map(\.number)
    }

    /// The line with this ordinal, with its line number.
    mutating func line(_ ordinal: Int) -> JSONLLines.Line? {
        // The last chunk whose first ordinal is at or before `ordinal`.
        var lo = 0, hi = chunkOrdinals.count
        while lo < hi { let mid = (lo + hi) / 2; if chunkOrdinals[mid] <= ordinal { lo = mid + 1 } else { hi = mid } }
        let c = lo - 1
        guard c >= 0 else { return nil }
        if c != cached {
            cachedOffsets.removeAll(keepingCapacity: true); cachedNumbers.removeAll(keepingCapacity: true)
            let start = chunkOffsets[c]
            var it = JSONLLines(UnsafeRawBufferPointer(rebasing: bytes[start...])).makeIterator()
            let end = c + 1 < chunkOrdinals.count ? chunkOrdinals[c + 1] - chunkOrdinals[c] : Int.max
            while cachedOffsets.count < end, let l = it.next() {
                cachedOffsets.append(offset(l))
                cachedNumbers.append(chunkNumbers[c] - 1 + l.number)
            }
            cached = c
        }
        let k = ordinal - chunkOrdinals[c]
        guard k < cachedOffsets.count else { return nil }
        let from = cachedOffsets[k]
        var to = from
        while to < bytes.count && bytes[to] != 0x0A { to += 1 }
        if to > from && bytes[to - 1] == 0x0D { to -= 1 }
        return JSONLLines.Line(number: cachedNumbers[k], bytes: UnsafeRawBufferPointer(rebasing: bytes[from..<to]))
    }
}
