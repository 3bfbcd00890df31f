import Foundation
import Crypto

/// `kaisei-bench sha256`: the hand-written SHA-256 (KaiseiCore) against swift-crypto's
/// (BoringSSL) on messages the size of a chain link (32-byte previous hash + ~220 bytes of
/// content), and on 1 MiB. Both must give the same digests.
func sha256Bench(arguments: [String]) throws {
    var rng = SystemRandomNumberGenerator()
    let messages = (0..<20_000).map { _ in (0..<256).map { _ in UInt8.random(in: 0...255, using: &rng) } }
    let big = (0..<(1 << 20)).map { _ in UInt8.random(in: 0...255, using: &rng) }
    for m in messages.prefix(100) {
        let a = m.withUnsafeBytes { HandWrittenSHA256.digest($0) }
        let b = Array(Crypto.SHA256.hash(data: m))
        guard a == b else { throw NSError(domain: "sha256", code: 1, userInfo: [NSLocalizedDescriptionKey: "digests differ"]) }
    }
    func rate(_ bytes: Int, _ body: () -> Void) -> Double {
        var best = Double.infinity
        for _ in 0..<5 { best = min(best, seconds(body)) }
        return Double(bytes) / best / 1e6
    }
    var sink: UInt8 = 0
    let small = messages.count * 256
    let handSmall = rate(small) { for m in messages { sink ^= m.withUnsafeBytes { HandWrittenSHA256.digest($0) }[0] } }
    let cryptoSmall = rate(small) { for m in messages { sink ^= Crypto.SHA256.hash(data: m).withUnsafeBytes { $0[0] } } }
    let handBig = rate(big.count * 20) { for _ in 0..<20 { sink ^= big.withUnsafeBytes { HandWrittenSHA256.digest($0) }[0] } }
    let cryptoBig = rate(big.count * 20) { for _ in 0..<20 { sink ^= Crypto.SHA256.hash(data: big).withUnsafeBytes { $0[0] } } }
    print("""
        kaisei-bench sha256 (best of 5, one core; \(sink == 0 ? "" : " ")digests equal on 100 random messages)
          256-byte messages (a chain link)   hand-written \(String(format: "%.0f", handSmall)) MB/s   swift-crypto \(String(format: "%.0f", cryptoSmall)) MB/s
          1 MiB messages                      hand-written \(String(format: "%.0f", handBig)) MB/s   swift-crypto \(String(format: "%.0f", cryptoBig)) MB/s
        """)
}
