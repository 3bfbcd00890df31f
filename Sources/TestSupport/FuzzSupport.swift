import KaiseiCore

// What the fixed-seed fuzz suites (import lines, calc inputs, revision files, command lines)
// share: one deterministic generator and a walk over JSON documents by path.

/// SplitMix64: deterministic for a seed, on every machine.
public struct FuzzRandom {
    private var state: UInt64
    public init(seed: UInt64) { state = seed }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// 0 ..< n, for n > 0.
    public mutating func below(_ n: Int) -> Int {
        precondition(n > 0)
        return Int(next() % UInt64(n))
    }

    public mutating func chance(_ percent: Int) -> Bool { below(100) < percent }

    public mutating func pick<T>(_ items: [T]) -> T { items[below(items.count)] }
}

/// A step into a JSON document: an object's key or an array's index.
public enum FuzzStep: Equatable, Sendable {
    case key(String)
    case index(Int)

    /// `persons[0].furusato[0].amount`, as messages spell a field; `whole` for the empty path.
    public static func text(_ path: [FuzzStep], whole: String = "(input)") -> String {
        var s = ""
        for step in path {
            switch step {
            case .key(let k): s += s.isEmpty ? k : ".\(k)"
            case .index(let i): s += "[\(i)]"
            }
        }
        return s.isEmpty ? whole : s
    }
}

extension JSONValue {
    /// Every value of the document with its path, the document itself first.
    public func fuzzNodes(at path: [FuzzStep] = []) -> [(path: [FuzzStep], value: JSONValue)] {
        var out: [(path: [FuzzStep], value: JSONValue)] = [(path, self)]
        switch self {
        case .object(let pairs):
            for (key, value) in pairs { out += value.fuzzNodes(at: path + [.key(key)]) }
        case .array(let items):
            for (index, value) in items.enumerated() { out += value.fuzzNodes(at: path + [.index(index)]) }
        default:
            break
        }
        return out
    }

    /// The document with the value at `path` replaced, or removed when `new` is nil.
    public func fuzzReplacing(_ path: [FuzzStep], with new: JSONValue?) -> JSONValue? {
        fuzzReplacingSlice(path[...], with: new)
    }

    private func fuzzReplacingSlice(_ path: ArraySlice<FuzzStep>, with new: JSONValue?) -> JSONValue? {
        if path.isEmpty { return new }
        let rest = path.dropFirst()
        switch (self, path[path.startIndex]) {
        case (.object(let pairs), .key(let key)):
            var out: [(String, JSONValue)] = []
            for (k, value) in pairs {
                if k != key {
                    out.append((k, value))
                } else if let changed = value.fuzzReplacingSlice(rest, with: new) {
                    out.append((k, changed))
                }
            }
            return .object(out)
        case (.array(let items), .index(let index)):
            var out = items
            if let changed = items[index].fuzzReplacingSlice(rest, with: new) { out[index] = changed } else { out.remove(at: index) }
            return .array(out)
        default:
            return self
        }
    }
}

