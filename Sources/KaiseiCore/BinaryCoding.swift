/// Append-only byte writer for the stored event encoding: LEB128 varints, zig-zag signed
/// integers and length-prefixed UTF-8. Compact (a typical event is a few dozen bytes) and
/// decodable without reflection or allocation beyond the strings themselves.
public struct ByteWriter: Sendable {
    public var bytes: [UInt8]
    public init(capacity: Int = 64) { bytes = []; bytes.reserveCapacity(capacity) }

    @inline(__always) public mutating func byte(_ b: UInt8) { bytes.append(b) }

    @inline(__always) public mutating func unsigned(_ v: UInt64) {
        var v = v
        while v >= 0x80 { bytes.append(UInt8(truncatingIfNeeded: v) | 0x80); v >>= 7 }
        bytes.append(UInt8(v))
    }

    @inline(__always) public mutating func signed(_ v: Int64) {
        unsigned(UInt64(bitPattern: (v << 1) ^ (v >> 63)))
    }

    public mutating func string(_ s: String) {
        var s = s
        s.withUTF8 { u in
            unsigned(UInt64(u.count))
            bytes.append(contentsOf: u)
        }
    }
}

/// Reads what `ByteWriter` wrote; every read is bounds-checked and a malformed buffer throws
/// rather than trapping, since stored bytes are evidence and may have been tampered with.
public struct ByteReader {
    public struct Malformed: Error, Sendable { public init() {} }
    public let base: UnsafeRawBufferPointer
    public var offset = 0
    public init(_ base: UnsafeRawBufferPointer) { self.base = base }

    public var isAtEnd: Bool { offset >= base.count }

    @inline(__always) public mutating func byte() throws(Malformed) -> UInt8 {
        guard offset < base.count else { throw Malformed() }
        defer { offset += 1 }
        return base[offset]
    }

    @inline(__always) public mutating func unsigned() throws(Malformed) -> UInt64 {
        var result: UInt64 = 0
        var shift: UInt64 = 0
        while true {
            let b = try byte()
            result |= UInt64(b & 0x7F) << shift
            if b < 0x80 { return result }
            shift += 7
            guard shift < 64 else { throw Malformed() }
        }
    }

    @inline(__always) public mutating func signed() throws(Malformed) -> Int64 {
        let u = try unsigned()
        return Int64(bitPattern: (u >> 1) ^ (0 &- (u & 1)))
    }

    public mutating func string() throws(Malformed) -> String {
        let n = Int(try unsigned())
        guard n >= 0, offset + n <= base.count else { throw Malformed() }
        defer { offset += n }
        return String(decoding: UnsafeRawBufferPointer(rebasing: base[offset..<(offset + n)]), as: UTF8.self)
    }
}
