/// The municipalities that share Kaisei. They run one code path and differ only by the
/// parameters in `revisions/`.
public enum City: String, CaseIterable, Hashable, Sendable, Comparable {
    case okazaki
    case toyohashi

    /// 全国地方公共団体コード (with check digit), as used on certificates and interfaces.
    public var localGovernmentCode: String {
        switch self {
        case .okazaki: return "232025"
        case .toyohashi: return "232017"
        }
    }

    public var japaneseName: String {
        switch self {
        case .okazaki: return "岡崎市"
        case .toyohashi: return "豊橋市"
        }
    }

    /// Stable small integer for storage; never reorder.
    public var code: UInt8 { self == .okazaki ? 1 : 2 }
    public init?(code: UInt8) {
        switch code { case 1: self = .okazaki; case 2: self = .toyohashi; default: return nil }
    }

    public static func < (a: City, b: City) -> Bool { a.code < b.code }
}
