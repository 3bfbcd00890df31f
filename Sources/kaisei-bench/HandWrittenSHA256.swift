/// The hand-written SHA-256 Kaisei used until 2026-12 (FIPS 180-4), kept here only so
/// `kaisei-bench sha256` can show why it was replaced by swift-crypto's.
struct HandWrittenSHA256: Sendable {
    private var state: [UInt32] = HandWrittenSHA256.initial
    private var pending: [UInt8] = []
    private var length: UInt64 = 0

    init() {}

    static let initial: [UInt32] = [0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19]

    /// The digest of a whole buffer at once.
    static func digest(_ raw: UnsafeRawBufferPointer) -> [UInt8] {
        var h = (initial[0], initial[1], initial[2], initial[3], initial[4], initial[5], initial[6], initial[7])
        k.withUnsafeBufferPointer { k in
            withUnsafeTemporaryAllocation(of: UInt32.self, capacity: 64) { w in
                let full = raw.count / 64
                for b in 0..<full { compress(&h, raw.baseAddress! + b * 64, k, w) }
                // The tail, the 0x80 marker and the bit length: one or two final blocks.
                withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 128) { tail in
                    let rest = raw.count - full * 64
                    for i in 0..<128 { tail[i] = 0 }
                    for i in 0..<rest { tail[i] = raw[full * 64 + i] }
                    tail[rest] = 0x80
                    let blocks = rest + 9 <= 64 ? 1 : 2
                    let bits = UInt64(raw.count) &* 8
                    for i in 0..<8 { tail[blocks * 64 - 1 - i] = UInt8(truncatingIfNeeded: bits >> (UInt64(i) * 8)) }
                    for b in 0..<blocks { compress(&h, UnsafeRawPointer(tail.baseAddress! + b * 64), k, w) }
                }
            }
        }
        return bigEndianBytes(h)
    }

    static func hash(_ bytes: some Sequence<UInt8>) -> [UInt8] {
        Array(bytes).withUnsafeBytes { digest($0) }
    }

    static func hex(_ bytes: some Sequence<UInt8>) -> String { hash(bytes).hexString }

    /// Streaming use (files, certificates): bytes are gathered, then hashed once.
    mutating func update(_ bytes: [UInt8]) { pending += bytes; length += UInt64(bytes.count) }
    mutating func update(_ raw: UnsafeRawBufferPointer) { pending += raw; length += UInt64(raw.count) }
    mutating func finalize() -> [UInt8] { pending.withUnsafeBytes { Self.digest($0) } }

    private static func bigEndianBytes(_ h: (UInt32, UInt32, UInt32, UInt32, UInt32, UInt32, UInt32, UInt32)) -> [UInt8] {
        var out = [UInt8](); out.reserveCapacity(32)
        for v in [h.0, h.1, h.2, h.3, h.4, h.5, h.6, h.7] {
            out.append(UInt8(v >> 24)); out.append(UInt8(truncatingIfNeeded: v >> 16))
            out.append(UInt8(truncatingIfNeeded: v >> 8)); out.append(UInt8(truncatingIfNeeded: v))
        }
        return out
    }

    private static let k: [UInt32] = [
        0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
        0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
        0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
        0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
        0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
        0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
        0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
        0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
    ]

    @inline(__always) private static func rotr(_ x: UInt32, _ n: UInt32) -> UInt32 { (x >> n) | (x << (32 - n)) }

    @inline(__always)
    private static func compress(_ h: inout (UInt32, UInt32, UInt32, UInt32, UInt32, UInt32, UInt32, UInt32),
                                 _ p: UnsafeRawPointer, _ k: UnsafeBufferPointer<UInt32>, _ w: UnsafeMutableBufferPointer<UInt32>) {
        for t in 0..<16 {
            w[t] = UInt32(bigEndian: p.loadUnaligned(fromByteOffset: t * 4, as: UInt32.self))
        }
        for t in 16..<64 {
            let s0 = rotr(w[t - 15], 7) ^ rotr(w[t - 15], 18) ^ (w[t - 15] >> 3)
            let s1 = rotr(w[t - 2], 17) ^ rotr(w[t - 2], 19) ^ (w[t - 2] >> 10)
            w[t] = w[t - 16] &+ s0 &+ w[t - 7] &+ s1
        }
        var (a, b, c, d, e, f, g, hh) = h
        for t in 0..<64 {
            let s1 = rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25)
            let ch = (e & f) ^ (~e & g)
            let t1 = hh &+ s1 &+ ch &+ k[t] &+ w[t]
            let s0 = rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22)
            let maj = (a & b) ^ (a & c) ^ (b & c)
            let t2 = s0 &+ maj
            hh = g; g = f; f = e; e = d &+ t1; d = c; c = b; b = a; a = t1 &+ t2
        }
        h = (h.0 &+ a, h.1 &+ b, h.2 &+ c, h.3 &+ d, h.4 &+ e, h.5 &+ f, h.6 &+ g, h.7 &+ hh)
    }
}

