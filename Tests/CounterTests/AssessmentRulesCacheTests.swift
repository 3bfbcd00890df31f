import Testing
import KaiseiCore
import Law
import Replay
import Assessment
import Counter

/// The assessment and NHI pages share a city's levy rules between requests (built per request
/// they took nine tenths of the pages' server time). Sharing must change nothing: the levies
/// are checked against rules built afresh for the call, over the whole city's state rather
/// than the neighbourhood the service folds.
@Suite("Levy rules shared between the counter's requests")
struct AssessmentRulesCacheTests {
    let f = CounterFixture.shared

    @Test("a resident's levies and their traced steps are the same from the shared rules (asked twice) as from rules built for the call over the whole city")
    func sharedRulesChangeNothing() throws {
        var compared = 0
        for city in City.allCases {
            let caller = f.caller(city, .clerk)
            let pop = f.view.pops[city]!
            for fy in [2024, 2026] {
                let fresh = LevyParameters(ruleBase: f.service.ruleBase, city: city, fiscalYear: fy, asOf: .distantFuture)
                for id in f.residents(city).prefix(15) {
                    guard let first = try? f.service.assessment(caller, id, fiscalYear: fy, knownAt: nil, route: "test") else { continue }
                    let second = try f.service.assessment(caller, id, fiscalYear: fy, knownAt: nil, route: "test")
                    let plain = Assessor(pop, fiscalYear: fy).levies(of: id, fresh)
                    for shown in [first.levies, second.levies] {
                        #expect(shown.map(\.amount) == plain.map(\.amount), "\(id) FY\(fy)")
                        #expect(shown.map { $0.steps.map(\.label) } == plain.map { $0.steps.map(\.label) }, "\(id) FY\(fy)")
                    }
                    compared += plain.count
                }
            }
        }
        #expect(compared > 20)
    }

    @Test("after the rules as adopted now were shared, an answer as known at an earlier date names no revision adopted after that date")
    func earlierAdoptionIsItsOwnKey() throws {
        let rb = f.service.ruleBase
        let adopted = Dictionary(rb.revisions.map { ($0.id, $0.adopted) }, uniquingKeysWith: { a, _ in a })
        var steps = 0
        for city in City.allCases {
            let caller = f.caller(city, .clerk)
            for (fy, at) in [(2015, "2016-06-01"), (2019, "2019-06-01"), (2024, "2024-06-30")] {
                let early = RecordedTime(iso: at, dateMeansEndOfDay: true)!
                for id in f.residents(city).prefix(15) {
                    // Now first, so that the rules as adopted now are the ones shared.
                    guard (try? f.service.assessment(caller, id, fiscalYear: fy, knownAt: nil, route: "test")) != nil,
                          let then = try? f.service.assessment(caller, id, fiscalYear: fy, knownAt: early, route: "test") else { continue }
                    for levy in then.levies {
                        for st in levy.steps {
                            guard let r = st.revision, let when = adopted[r] else { continue }
                            #expect(when <= early, "\(id) FY\(fy) as known at \(at): \(r) adopted \(when)")
                            steps += 1
                        }
                    }
                }
            }
        }
        #expect(steps > 100)
    }
}
