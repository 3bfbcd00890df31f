/// SplitMix64: small, fast, and the same sequence on every machine for a seed. The generator
/// never touches Swift's per-process randomised hashing, so its output is byte-stable.
public struct SplitMix: Sendable {
    private var state: UInt64
    public init(seed: UInt64) { state = seed }

    public mutating func next() -> UInt64 {
        state &+= 0x9E3779B97F4A7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58476D1CE4E5B9
        z = (z ^ (z >> 27)) &* 0x94D049BB133111EB
        return z ^ (z >> 31)
    }

    /// Uniform in 0..<n.
    public mutating func below(_ n: Int) -> Int { n <= 1 ? 0 : Int(next() % UInt64(n)) }
    /// True with probability p, decided in millionths so no floating point reaches the output.
    public mutating func chance(_ p: Double) -> Bool { below(1_000_000) < Int(p * 1_000_000) }
    /// A multiplier around 1000 (per mille) with a log-normal-like spread: the product of three
    /// uniform draws, for incomes and values.
    public mutating func spread(percent: Int) -> Int64 {
        var f: Int64 = 1000
        for _ in 0..<3 { f = f * Int64(1000 - percent * 10 + below(percent * 20 + 1)) / 1000 }
        return max(f, 50)
    }
}
