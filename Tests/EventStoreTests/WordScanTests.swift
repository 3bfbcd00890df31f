import Testing
@testable import EventStore
import KaiseiEvents

/// The eight-bytes-at-a-time tests of the import's decode, each against a byte-by-byte reading
/// of the same rule: every byte value at every position of a word, over backgrounds that sit on
/// either side of each threshold, then random words.
@Suite("Word-at-a-time scans of an import line agree with byte-by-byte ones")
struct WordScanTests {
    static func word(_ bytes: [UInt8]) -> UInt64 {
        bytes.withUnsafeBytes { $0.loadUnaligned(as: UInt64.self) }
    }

    static func endsString(_ bytes: [UInt8]) -> Bool { bytes.contains { $0 == 0x22 || $0 == 0x5C || $0 < 0x20 } }

    static let backgrounds: [UInt8] = [0x00, 0x1F, 0x20, 0x21, 0x22, 0x23, 0x5B, 0x5C, 0x5D, 0x61, 0x7F, 0x80, 0x81, 0xE3, 0xFF]

    /// Eight-byte words: each background byte, with every byte value at every position.
    static func everyByteEverywhere(_ body: ([UInt8]) -> Void) {
        for background in backgrounds {
            for position in 0..<8 {
                for value in 0...255 {
                    var bytes = [UInt8](repeating: background, count: 8)
                    bytes[position] = UInt8(value)
                    body(bytes)
                }
            }
        }
    }

    @Test("a quote, a backslash or a control byte anywhere in a word is seen, and nothing else")
    func mayEndString() {
        var failures = 0
        Self.everyByteEverywhere { bytes in
            if Words.mayEndString(Self.word(bytes)) != Self.endsString(bytes) { failures += 1 }
        }
        var rng = SystemRandomNumberGenerator()
        for _ in 0..<200_000 {
            // Bytes drawn mostly from the printable range, so that words without a stop occur.
            let bytes = (0..<8).map { _ in UInt8.random(in: 0...9, using: &rng) == 0 ? UInt8.random(in: 0...255, using: &rng) : UInt8.random(in: 0x23...0x7E, using: &rng) }
            if Words.mayEndString(Self.word(bytes)) != Self.endsString(bytes) { failures += 1 }
        }
        #expect(failures == 0)
    }

    @Test("a word is ASCII exactly when none of its bytes is 0x80 or above")
    func ascii() {
        var failures = 0
        Self.everyByteEverywhere { bytes in
            if Words.isASCII(Self.word(bytes)) != bytes.allSatisfy({ $0 < 0x80 }) { failures += 1 }
        }
        #expect(failures == 0)
    }

    @Test("the first invalid UTF-8 byte of a line: none in valid text of any length, the right offset in broken text")
    func utf8() {
        var rng = SystemRandomNumberGenerator()
        let pieces: [[UInt8]] = [Array("a".utf8), Array("\"".utf8), Array("改".utf8), Array("é".utf8), Array("𝄞".utf8), Array("0123456789abcdef".utf8)]
        let broken: [[UInt8]] = [[0x80], [0xC0, 0xAF], [0xE0, 0x80, 0xAF], [0xED, 0xA0, 0x80], [0xF5, 0x80, 0x80, 0x80], [0xE6, 0x94], [0xFF]]
        var failures = 0
        for _ in 0..<20_000 {
            var bytes: [UInt8] = []
            for _ in 0..<Int.random(in: 0...24, using: &rng) { bytes += pieces.randomElement(using: &rng)! }
            let valid = bytes.withUnsafeBytes { JSONLImporter.firstInvalidUTF8($0) }
            if valid != nil { failures += 1 }
            let cut = bytes.count
            bytes += broken.randomElement(using: &rng)!
            for _ in 0..<Int.random(in: 0...3, using: &rng) { bytes += pieces.randomElement(using: &rng)! }
            // Every piece before the break is whole, so the first bad byte is where it begins.
            let found = bytes.withUnsafeBytes { JSONLImporter.firstInvalidUTF8($0) }
            if found != cut { failures += 1 }
        }
        #expect(failures == 0)
    }
}
