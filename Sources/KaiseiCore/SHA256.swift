import Foundation
import Crypto

/// SHA-256 (FIPS 180-4), for the event hash chain, revision-set hashes, certificate
/// fingerprints and snapshot headers: swift-crypto's (BoringSSL, using the CPU's SHA
/// extensions where present). It replaced a hand-written one that did 179 MB/s on 256-byte
/// messages against BoringSSL's 891 MB/s here (`kaisei-bench sha256`); the digests are the
/// same (FIPS vectors in SHA256Tests), so every stored chain and fingerprint is unchanged.
public struct SHA256: @unchecked Sendable {
    // A value type with no shared state (BoringSSL's context is copied with the struct).
    private var hasher = Crypto.SHA256()

    public init() {}

    /// The digest of a whole buffer at once: the hot path of append and verify.
    public static func digest(_ raw: UnsafeRawBufferPointer) -> [UInt8] {
        Array(Crypto.SHA256.hash(data: raw))
    }

    public static func hash(_ bytes: some Sequence<UInt8>) -> [UInt8] {
        let array = Array(bytes)
        return array.withUnsafeBytes { digest($0) }
    }

    public static func hex(_ bytes: some Sequence<UInt8>) -> String { hash(bytes).hexString }

    public mutating func update(_ bytes: [UInt8]) { bytes.withUnsafeBytes { hasher.update(bufferPointer: $0) } }
    public mutating func update(_ raw: UnsafeRawBufferPointer) { hasher.update(bufferPointer: raw) }
    public mutating func finalize() -> [UInt8] { Array(hasher.finalize()) }
}

extension Sequence where Element == UInt8 {
    public var hexString: String {
        let digits = Array("0123456789abcdef".utf8)
        var out = [UInt8]()
        for b in self { out.append(digits[Int(b >> 4)]); out.append(digits[Int(b & 15)]) }
        return String(decoding: out, as: UTF8.self)
    }
}
