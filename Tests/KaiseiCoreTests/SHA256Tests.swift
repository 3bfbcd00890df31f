import Testing
import KaiseiCore

@Suite("SHA-256 (FIPS 180-4)")
struct SHA256Tests {
    // Vectors from FIPS 180-4 examples / NIST CAVP SHA256ShortMsg.
    @Test("matches the published digests", arguments: [
        ("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
        ("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
        ("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq", "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"),
        ("abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu",
         "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1"),
    ])
    func publishedVectors(input: String, digest: String) {
        #expect(SHA256.hex(Array(input.utf8)) == digest)
    }

    @Test("a million 'a' characters (FIPS 180-4 long message)")
    func millionA() {
        #expect(SHA256.hex([UInt8](repeating: 0x61, count: 1_000_000)) == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
    }

    @Test("every length around the padding boundary agrees between one-shot and streaming use")
    func paddingBoundaries() {
        for n in 50...130 {
            let bytes = (0..<n).map { UInt8(truncatingIfNeeded: $0 &* 31) }
            var s = SHA256()
            s.update(Array(bytes.prefix(n / 2)))
            s.update(Array(bytes.dropFirst(n / 2)))
            #expect(s.finalize() == SHA256.hash(bytes), "length \(n)")
        }
    }
}
