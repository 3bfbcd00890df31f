import Foundation
import Testing
import KaiseiCore
import EventStore
import Law
import Replay
import Assessment
import Snapshots
import Certificates
@testable import Counter
import TestSupport

/// The counter answers "as known at" from a subject's own neighbourhood of events, not from a
/// replay of the whole city. This checks it against the other path, a full replay as known at
/// the same moment (`CertificateIssuance.build`, what `kaisei certificate` runs): the same
/// certificate bytes (or the same refusal) and the same levies, for many residents and moments.
@Suite("Scoped replay against full replay")
struct ScopedReplayTests {
    let f = CounterFixture.shared

    /// Five moments: before and after the rules of FY2021 changed, the first levy run, the end of
    /// 2026, and just before the newest event of the fixture (after the correction run and payments).
    var moments: [RecordedTime] {
        ["2019-03-01", "2021-06-01", "2026-06-10T09:00:00+09:00", "2026-12-31"].map { RecordedTime(iso: $0, dateMeansEndOfDay: true)! }
            + [RecordedTime(microseconds: f.headAtCreation.recordedAt.microseconds - 1)]
    }

    @Test("certificates (income, non-taxation, tax-payment) from a resident's neighbourhood equal a full replay's, at five moments in both cities",
          arguments: City.allCases)
    func certificatesMatchFullReplay(city: City) throws {
        let log = try StoreBackend.open(.sqlite(path: f.store), readOnly: true)
        let clerk = f.caller(city, .clerk)
        var rng = FuzzRandom(seed: 4_242 + UInt64(city.code))
        let residents = f.residents(city)
        // Residents with a spouse, dependants, co-owned property or an NHI household, and others.
        let sample = (0..<18).map { _ in rng.pick(residents) } + residents.filter { id in
            let r = f.view.pops[city]!.residents[id]!
            return !r.dependants.isEmpty || r.spouse.entries.count > 1
        }.prefix(12)
        var compared = 0, issued = 0
        for knownAt in moments {
            // The other path, once per moment: a replay of the whole store as known then, and the
            // builder `kaisei certificate` uses on it (CertificateIssuance.build, without its replay).
            let replay = try StoreReplay.replay(log, knownAt: knownAt, snapshots: nil)
            var hash = [UInt8](repeating: 0, count: 32)
            if replay.watermark > 0 { try log.scan(after: replay.watermark - 1, through: replay.watermark) { hash = $0.hash } }
            let builder = CertificateBuilder(ruleBase: f.ruleBase, pops: replay.pops, watermark: replay.watermark, watermarkHash: hash)
            for id in sample {
                for (kind, fy) in [(CertificateKind.income, 2020), (.income, knownAt.japanDate.fiscalYear), (.nonTaxation, 2025), (.taxPayment, 2026)] {
                    guard ParameterCatalogue.years.contains(fy) else { continue }
                    let request = CertificateRequest(kind: kind, subject: id, fiscalYear: fy, knownAt: knownAt, city: city)
                    let full: String
                    do { full = try builder.build(request).json; issued += 1 }
                    catch { full = "refused: \(error)" }
                    let scoped: String
                    do { scoped = try f.service.build(clerk, kind: kind, subject: id, fiscalYear: fy, knownAt: knownAt).issued.certificate.json }
                    catch CounterError.refused(let why) { scoped = "refused: \(why)" }
                    #expect(scoped == full, "\(kind) \(id) FY\(fy) as known at \(knownAt)")
                    compared += 1
                }
            }
        }
        #expect(compared > 400)
        // Not a comparison of two refusals: most requests give a certificate.
        #expect(issued > compared / 3)
    }

    @Test("a resident's levies of a year, assessed from the neighbourhood, equal the full replay's (resident tax, NHI, property, vehicles)",
          arguments: City.allCases)
    func leviesMatchFullReplay(city: City) throws {
        let log = try StoreBackend.open(.sqlite(path: f.store), readOnly: true)
        for knownAt in [moments[1], moments[4]] {
            let full = try StoreReplay.replay(log, knownAt: knownAt, snapshots: nil).pops[city]!
            let relations = RelationIndex(f.view.pops[city]!)
            var rng = FuzzRandom(seed: 99 + UInt64(city.code))
            let owners = Set(full.vehicles.values.compactMap { $0.owner.entries.last?.value })
                .union(full.parcels.values.flatMap { $0.owners.entries.last?.value ?? [] })
            let sample = (0..<25).map { _ in rng.pick(f.residents(city)) } + owners.sorted().prefix(25)
            for fy in [2020, knownAt.japanDate.fiscalYear] {
                let params = LevyParameters(ruleBase: f.ruleBase, city: city, fiscalYear: fy, asOf: knownAt)
                for id in sample {
                    let neighbourhood = ScopedReplay.neighbourhood(of: id, in: f.view.pops[city]!, relations: relations)
                    let scoped = try ScopedReplay.population(neighbourhood, city: city, knownAt: knownAt, log: log)
                    let a = Assessor(scoped, fiscalYear: fy).levies(of: id, params, trace: false).map { "\($0.tax) \($0.taxpayer) \($0.object ?? "") \($0.amount)" }
                    let b = Assessor(full, fiscalYear: fy).levies(of: id, params, trace: false).map { "\($0.tax) \($0.taxpayer) \($0.object ?? "") \($0.amount)" }
                    #expect(a == b, "\(id) FY\(fy) as known at \(knownAt)")
                }
            }
        }
    }

    @Test("the watermark found by binary search is the last event recorded by the moment")
    func watermarkIsLastRecorded() throws {
        let log = try StoreBackend.open(.sqlite(path: f.store), readOnly: true)
        let head = try log.head()
        for knownAt in moments {
            let w = try ScopedReplay.watermark(knownAt: knownAt, head: head, log: log)
            var last: Int64 = 0
            try log.scan(after: 0, through: head.seq) { if $0.recordedAt <= knownAt { last = $0.seq } }
            #expect(w.seq == last)
            // With a lower bound (the service's view of the head), the same answer.
            if last > 2 {
                var known: ChainHead?
                try log.scan(after: last / 2 - 1, through: last / 2) { known = ChainHead(seq: $0.seq, hash: $0.hash, recordedAt: $0.recordedAt) }
                let bounded = try ScopedReplay.watermark(knownAt: knownAt, head: head, log: log, after: known)
                #expect(bounded.seq == last && bounded.hash == w.hash)
            }
        }
    }
}
