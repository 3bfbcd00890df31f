import Testing
@testable import EventStore

/// `HashSlots` stands in for a Dictionary / Set of 64-bit keys in the import and the bulk load:
/// it must answer exactly as they do, through growth, clustered keys and the key 0 it uses as
/// its empty mark.
@Suite("The import's hash table answers as a Dictionary does")
struct HashSlotsTests {
    @Test("random keys, repeated keys and the key 0, from a tiny table grown many times: the same answers as a Dictionary")
    func againstDictionary() {
        var rng = SystemRandomNumberGenerator()
        var table = HashSlots<Int>(capacity: 1, empty: -1)
        var reference: [UInt64: Int] = [:]
        var mismatches = 0
        // A pool small enough that keys repeat often, with 0 and neighbouring keys in it.
        let pool: [UInt64] = (0..<30_000).map { _ in UInt64.random(in: 0...UInt64.max, using: &rng) } + Array(0...64) + [UInt64.max, UInt64.max - 1]
        for ordinal in 0..<120_000 {
            let key = pool.randomElement(using: &rng)!
            let expected = reference[key]
            if expected == nil { reference[key] = ordinal }
            if table.valueOrInsert(key, ordinal) != expected { mismatches += 1 }
        }
        #expect(mismatches == 0)
        #expect(table.count == reference.count)
    }

    @Test("keys that share their slot's spread (multiples of a large power of two) are all kept apart")
    func clusteredKeys() {
        var table = HashSlots<Void>(capacity: 8, empty: ())
        var mismatches = 0
        let keys = (1...5_000).map { UInt64($0) << 40 }
        for key in keys where table.valueOrInsert(key, ()) != nil { mismatches += 1 }
        for key in keys where table.valueOrInsert(key, ()) == nil { mismatches += 1 }
        #expect(mismatches == 0)
        #expect(table.count == keys.count)
    }
}
