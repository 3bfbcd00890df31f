import KaiseiCore
import KaiseiEvents
import Law
import Replay
import Assessment

/// Why one subject's levies differ between two recorded times: a 更正 of the facts rather than
/// of the law. What `kaisei explain --known-at T1 --vs-known-at T2` prints.
///
/// The state as known at the earlier time is folded forward, event by event, to the later time
/// (which is exactly the replay as known then). The subject's levies are recomputed, under the
/// "after" rule set, around each event that bears on the subject (`LevyInputs`), so every listed
/// event says whether it changed the figures and which steps. The two columns then decompose
/// exactly: the rule sets' own difference on the earlier facts (`rulesChangeResult`), plus each
/// listed event's change, plus any change made by events not traced to the subject
/// (`otherEventsChangeResult`; not expected, and reported rather than hidden).
///
/// Example:
///
///     let known = try Replayer.replayWithWatermark(knownAt: t1) { visit in try log.replayScan(visit) }
///     let change = try FactChange.explain(subject: "okz-r-000001", fiscalYear: 2026, cities: City.allCases,
///                                         knownAt: t1, state: known.pops, watermark: known.watermark,
///                                         vsKnownAt: t2, before: rules, after: rules) { visit in
///         try log.replayScan(after: known.watermark, visit)
///     }
public struct FactChange: Sendable {
    /// An event recorded in (T1, T2] that bears on the subject.
    public struct RecordedEvent: Sendable {
        public let seq: Int64
        public let event: Event
        /// Folding the event in changed the subject's figures (under the "after" rule set).
        public var changedResult: Bool { !changedLevies.isEmpty }
        /// The levies whose figures or steps the event changed, set side by side (just before it,
        /// just after it); empty when it changed nothing.
        public let changedLevies: [SideBySide]
    }

    /// One city's levies of the subject: as known at T1 under `before`, as known at T2 under `after`.
    public struct CityColumns: Sendable {
        public let city: City
        public let levies: [SideBySide]
    }

    public enum Verdict: String, Sendable, Equatable {
        /// Both columns are the same and nothing bearing on the subject was recorded in between.
        case nothingRecorded = "nothing_recorded"
        /// Events bearing on the subject were recorded, and the columns are still the same.
        case noChange = "no_change"
        /// The columns differ.
        case changed
    }

    public let subject: String
    public let fiscalYear: Int
    public let knownAt: RecordedTime
    public let vsKnownAt: RecordedTime
    public let before: RuleSet
    public let after: RuleSet
    /// The cities where the subject has a levy on either side, or an event in between.
    public let levies: [CityColumns]
    /// Events recorded in (knownAt, vsKnownAt] that bear on the subject, in log order.
    public let events: [RecordedEvent]
    /// The two rule sets alone give different figures on the facts known at T1.
    public let rulesChangeResult: Bool
    /// Events not listed (not traced to the subject) changed its figures.
    public let otherEventsChangeResult: Bool
    /// The last log positions folded in as known at each time: the answer's fingerprint.
    public let watermarkBefore: Int64
    public let watermarkAfter: Int64

    /// Any figure or step differs between the two columns.
    public var differs: Bool { levies.contains { $0.levies.contains(where: \.differs) } }

    public var changingEvents: [RecordedEvent] { events.filter(\.changedResult) }

    public var verdict: Verdict {
        if differs { return .changed }
        return events.isEmpty ? .nothingRecorded : .noChange
    }

    /// Records of outcomes, not facts a calculator reads (levies, payments, certificates, the
    /// rule base's adoptions): listed when they bear on the subject, never recomputed around.
    public static let outcomeTypes: Set<EventType> = [.levyAssessed, .levyCorrected, .paymentReceived, .demandNoticeIssued, .overpaymentAppropriated, .overpaymentRefunded, .certificateIssued, .revisionAdopted]

    /// Explains the change of `subject`'s levies for `fiscalYear` between two recorded times.
    ///
    /// - Parameters:
    ///   - cities: where to look (a subject id belongs to one city; both may be passed).
    ///   - state: the populations as known at `knownAt`, folded through log position `watermark`.
    ///   - vsKnownAt: the later time; events recorded after it are not read.
    ///   - before: the rule set of the T1 column; `after`: that of the T2 column, and the rules
    ///     every event is judged under.
    ///   - scan: visits the log's events after `watermark` in log order, stopping when the visit
    ///     returns false (`EventLog.replayScan(after:_:)`).
    public static func explain(subject: String, fiscalYear fy: Int, cities: [City],
                               knownAt: RecordedTime, state: [City: Population], watermark: Int64,
                               vsKnownAt: RecordedTime, before: RuleSet, after: RuleSet,
                               scan: ((Int64, Event) throws -> Bool) throws -> Void) rethrows -> FactChange {
        let tracked = cities.filter { state[$0] != nil }
        // Every group's rules: a corporate revision adopted between the two times changes a
        // corporation's levies though the individual set is the same.
        let sameRules = before.identity == after.identity
        var pops = state
        var afterParameters: [City: LevyParameters] = [:]
        var beforeLevies: [City: [TracedLevy]] = [:]
        // The latest computation of each city's levies under the "after" rules.
        var current: [City: [TracedLevy]] = [:]
        // A fact event not traced to the subject was folded in since `current` was computed.
        var stale: [City: Bool] = [:]
        var inputs: [City: LevyInputs] = [:]
        var rulesChange = false
        for city in tracked {
            let pb = LevyParameters(ruleBase: before.ruleBase, city: city, fiscalYear: fy, asOf: before.adoptedBy, drafts: before.drafts)
            let pa = sameRules ? pb : LevyParameters(ruleBase: after.ruleBase, city: city, fiscalYear: fy, asOf: after.adoptedBy, drafts: after.drafts)
            afterParameters[city] = pa
            let atKnownAt = pops[city]!.tracedLevies(of: subject, fiscalYear: fy, pb)
            beforeLevies[city] = atKnownAt
            let underAfterRules = sameRules ? atKnownAt : pops[city]!.tracedLevies(of: subject, fiscalYear: fy, pa)
            if differ(atKnownAt, underAfterRules) { rulesChange = true }
            current[city] = underAfterRules
            stale[city] = false
            inputs[city] = pops[city]!.levyInputs(of: subject)
        }

        var events: [RecordedEvent] = []
        var otherChange = false
        var lastSeq = watermark
        func recompute(_ city: City) -> [TracedLevy] {
            pops[city]!.tracedLevies(of: subject, fiscalYear: fy, afterParameters[city]!)
        }
        try scan { seq, event in
            guard let recordedAt = event.recordedAt, recordedAt <= vsKnownAt else { return false }
            // Already in `state`: a scan that starts early must not fold an event in twice.
            guard seq > watermark, recordedAt > knownAt else { return true }
            lastSeq = seq
            let city = event.city
            guard pops[city] != nil, let cityInputs = inputs[city] else { return true }
            let outcome = outcomeTypes.contains(event.type)
            guard cityInputs.bears(on: event) else {
                pops[city]!.apply(event, seq: seq)
                if !outcome { stale[city] = true }
                return true
            }
            if outcome {
                pops[city]!.apply(event, seq: seq)
                events.append(RecordedEvent(seq: seq, event: event, changedLevies: []))
                return true
            }
            if stale[city]! {
                let justBefore = recompute(city)
                if differ(current[city]!, justBefore) { otherChange = true }
                current[city] = justBefore
            }
            pops[city]!.apply(event, seq: seq)
            let justAfter = recompute(city)
            let changed = SideBySide.pair(before: current[city]!, after: justAfter).filter(\.differs)
            events.append(RecordedEvent(seq: seq, event: event, changedLevies: changed))
            current[city] = justAfter
            stale[city] = false
            // The event may bring in a spouse, a household member or a vehicle.
            inputs[city] = pops[city]!.levyInputs(of: subject)
            return true
        }

        var columns: [CityColumns] = []
        for city in tracked {
            var atVsKnownAt = current[city]!
            if stale[city]! {
                let latest = recompute(city)
                if differ(atVsKnownAt, latest) { otherChange = true }
                atVsKnownAt = latest
            }
            let pairs = SideBySide.pair(before: beforeLevies[city]!, after: atVsKnownAt)
            if !pairs.isEmpty || events.contains(where: { $0.event.city == city }) {
                columns.append(CityColumns(city: city, levies: pairs))
            }
        }
        return FactChange(subject: subject, fiscalYear: fy, knownAt: knownAt, vsKnownAt: vsKnownAt, before: before, after: after,
                          levies: columns, events: events, rulesChangeResult: rulesChange, otherEventsChangeResult: otherChange,
                          watermarkBefore: watermark, watermarkAfter: lastSeq)
    }

    /// Two computations of a subject's levies differ in any figure, step, reference or revision.
    static func differ(_ a: [TracedLevy], _ b: [TracedLevy]) -> Bool {
        SideBySide.pair(before: a, after: b).contains(where: \.differs)
    }
}
