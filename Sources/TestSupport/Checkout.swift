import Foundation
import KaiseiCore
import KaiseiEvents
import Law
import Replay
import Synthetic

/// The checkout's own revisions and population tables, and a small generated population
/// replayed in memory: the fixture of every suite that computes over "a city".
public enum Checkout {
    public static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    public static let ruleBase: RuleBase = {
        switch RuleBase.load(directory: root.appendingPathComponent("revisions")) {
        case .success(let rb): return rb
        case .failure(let e): fatalError("revisions/ does not load:\n" + e.all.map(\.description).joined(separator: "\n"))
        }
    }()

    /// Both cities replayed from a generated population (deterministic for a seed and scale).
    public static func population(seed: UInt64, scale: Double) -> [City: Population] {
        var events: [Event] = []
        let tables = try! Tables.load(root.appendingPathComponent("tools/population/tables.json"))
        Generator(tables: tables, seed: seed, scale: scale).run(write: { events += $0 })
        return try! Replayer.replay(knownAt: .distantFuture) { visit in for (i, e) in events.enumerated() { if try !visit(Int64(i + 1), e) { return } } }
    }
}
