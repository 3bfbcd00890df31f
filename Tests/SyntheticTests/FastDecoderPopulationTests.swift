import Testing
import Foundation
import KaiseiCore
import KaiseiEvents
import Synthetic

/// Every line of a generated two-city population goes through the import's fast path
/// (`EventLineDecoder`): none may be declined (the speed of a migration depends on it) and
/// each must give exactly the event the general path (`JSONParser`, `EventJSON.decode`) gives.
@Suite("The fast line decoder on a generated population")
struct FastDecoderPopulationTests {
    @Test("every generated line is read by the fast path exactly as by the general path")
    func everyLine() throws {
        var lines: [String] = []
        Generator(tables: GeneratorTests.tables, seed: 5, scale: 0.001).run(write: { lines += $0.map(EventJSON.canonicalLine) })
        #expect(lines.count > 5_000)
        var declined = 0, differ = 0
        var types = Set<EventType>()
        for line in lines {
            let bytes = Array(line.utf8)
            let fast = bytes.withUnsafeBytes { EventLineDecoder.decode($0) }
            let json = try JSONParser.parse(line)
            guard case .success(let general) = EventJSON.decode(json) else {
                Issue.record("a generated line does not decode: \(line)"); continue
            }
            guard let fast else { declined += 1; continue }
            if fast.event != general.event || fast.expectedVersion != general.expectedVersion { differ += 1 }
            types.insert(fast.event.type)
        }
        #expect(declined == 0)
        #expect(differ == 0)
        #expect(types.count > 20, "the population covers many event types (\(types.count))")
    }
}
