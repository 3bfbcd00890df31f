import Testing
@testable import Counter

/// The lazy ordering behind a search: the best few first, the rest only when the caller keeps
/// asking (a candidate refused as not known at the moment asked makes it go on).
@Suite("Search candidates, ordered lazily")
struct SearchCandidatesTests {
    @Test("every match comes out once, in rank-then-place order, whether or not the caller reads past the first few")
    func lazyOrderIsTheFullSort() {
        var rng = SystemRandomNumberGenerator()
        for count in [0, 1, 7, 48, 49, 500, 5_000] {
            let ids = (0..<count).map { "r-\($0)" }
            let places = (0..<Int32(count)).shuffled(using: &rng)
            var byPosition = [Int32](repeating: 0, count: count)
            for (resident, place) in places.enumerated() { byPosition[Int(place)] = Int32(resident) }
            let packed = (0..<count).map { UInt64(UInt8.random(in: 0...3, using: &rng)) << 32 | UInt64(places[$0]) }
            let expected = packed.sorted().map { (ids[Int(byPosition[Int($0 & 0xFFFF_FFFF)])], Int($0 >> 32)) }
            let got = Array(ResidentIndex.Candidates(ids: ids, byPosition: byPosition, packed: packed.shuffled(using: &rng), first: 12))
            #expect(got.map(\.id) == expected.map(\.0), "\(count) matches")
            #expect(got.map(\.rank) == expected.map(\.1), "\(count) matches")
        }
    }
}
