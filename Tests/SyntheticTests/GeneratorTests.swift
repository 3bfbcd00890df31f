import Testing
import Foundation
import KaiseiCore
import KaiseiEvents
import EventStore
import Replay
import Synthetic
import Law
import TestSupport

@Suite("The synthetic population")
struct GeneratorTests {
    static let tables = try! Tables.load(URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("tools/population/tables.json"))

    func lines(seed: UInt64, scale: Double = 0.001) -> [String] {
        var out: [String] = []
        Generator(tables: Self.tables, seed: seed, scale: scale).run(write: { out += $0.map(EventJSON.canonicalLine) })
        return out
    }

    @Test("the same seed and scale give byte-identical output; another seed gives another population")
    func deterministic() {
        let a = lines(seed: 11), b = lines(seed: 11), c = lines(seed: 12)
        #expect(a == b)
        #expect(a != c)
        #expect(a.count > 5_000)
    }

    @Test("events come in recorded-time order and every line imports")
    func importsInOrder() throws {
        let text = lines(seed: 3).joined(separator: "\n") + "\n"
        var last = ""
        for line in text.split(separator: "\n") {
            let r = String(line.split(separator: "\"recorded_at\":\"")[1].prefix(25))
            #expect(r >= last, "recorded order broken at \(line.prefix(80))")
            last = r
        }
        let store = try TemporaryStore()
        let summary = try Array(text.utf8).withUnsafeBytes { try JSONLImporter().run($0, file: "pop", log: store.log) }
        #expect(summary.appended == text.split(separator: "\n").count)
        #expect(try store.log.verifyChain().isIntact)
    }

    @Test("every kind of life the issue names occurs: births, deaths, moves, marriages, corrections, donations, vehicles, vacant houses")
    func coverage() {
        var counts = [EventType: Int]()
        Generator(tables: Self.tables, seed: 5, scale: 0.003).run(write: { for e in $0 { counts[e.type, default: 0] += 1 } })
        for t: EventType in [.residentRegistered, .residentDied, .residentMovedOut, .residentMovedWithinCity, .relationshipStarted,
                             .relationshipEnded, .incomeDeclared, .incomeCorrected, .deductionsDeclared, .furusatoDonationMade,
                             .oneStopExceptionLapsed, .lightVehicleRegistered, .lightVehicleTransferred, .lightVehicleDeregistered,
                             .landParcelRegistered, .landValued, .buildingRegistered, .buildingValued, .vacantHouseRecommendationIssued,
                             .idleFarmlandRecommendationIssued, .nhiMembershipStarted, .nhiMembershipEnded, .involuntaryUnemploymentRecorded,
                             .nationalPensionEnrolled, .pensionExemptionDecided, .householdHeadDesignated, .propertyOwnershipTransferred,
                             .buildingDemolished, .landParcelClosed] {
            #expect((counts[t] ?? 0) > 0, "no \(t.name)")
        }
    }

    @Test("both cities are near their real size at the start, in proportion to the scale")
    func sizes() {
        var registered = [City: Int]()
        Generator(tables: Self.tables, seed: 9, scale: 0.002).run(write: { events in
            // The register as migrated (reason "existing"), not the births and move-ins of the first day.
            for e in events where e.type == .residentRegistered && e.field("reason") == .int(2) { registered[e.city, default: 0] += 1 }
        })
        #expect(registered[.okazaki] == 772)
        #expect(registered[.toyohashi] == 754)
    }

    @Test("a corrected income changes what is known from its recorded time on, not before")
    func lateCorrection() throws {
        var events: [Event] = []
        Generator(tables: Self.tables, seed: 21, scale: 0.002).run(write: { events += $0 })
        let correction = try #require(events.first { $0.type == .incomeCorrected && $0.field("salary") != nil })
        let before = RecordedTime(microseconds: correction.recordedAt!.microseconds - 1)
        let scan: ((Int64, Event) throws -> Bool) throws -> Void = { visit in for (i, e) in events.enumerated() { if try !visit(Int64(i + 1), e) { return } } }
        let then = try Replayer.replay(knownAt: before, scan: scan)
        let now = try Replayer.replay(knownAt: .distantFuture, scan: scan)
        guard case .int(let year)? = correction.field("income_year"), case .int(let salary)? = correction.field("salary") else {
            Issue.record("the correction has no income year or salary"); return
        }
        #expect(now[correction.city]!.residents[correction.subject]!.income(of: Int(year)).salary == Yen(salary))
        #expect(then[correction.city]!.residents[correction.subject]!.correctedIncome[Int(year)] == nil)
    }
}

@Suite("Synthetic corporations with 事業所税's 課税標準の特例")
struct SyntheticOfficeSpecialUseTests {
    @Test("the events' 特例 vocabulary and the revision folder's uses are the same list, so every use recorded has its shares (第701条の41)")
    func vocabularyMatchesLaw() {
        #expect(Vocabulary.OfficeSpecialUse.codes == OfficeTaxKeys.specialUses.map(\.code))
    }

    @Test("some generated offices are put to a 特例 use, and their returns carry the part of the payroll it applies to")
    func generatedUses() {
        var uses = [String: Int](), payrolls = 0
        let f = EventFields.shared.corporation
        Generator(tables: GeneratorTests.tables, seed: 5, scale: 0.02).run(write: { events in
            for e in events {
                if e.type == .officeOpened, let u = e[f.specialUse] {
                    uses[u.rawValue, default: 0] += 1
                    #expect((e[f.specialArea] ?? 0) <= (e[f.floor] ?? 0))
                }
                if e.type == .corporateReturnFiled, e[f.specialPayroll] != nil { payrolls += 1 }
            }
        })
        #expect(uses["cooperative", default: 0] > 0, "\(uses)")
        #expect(uses.count >= 3, "\(uses)")
        #expect(payrolls > 0)
    }

    @Test("a child born to an insured mother is insured from its birth day, and any end of that membership comes after its start, in valid and in recorded order; some are under school age in FY2026")
    func newbornsInsured() {
        let fields = EventFields.shared
        var births: [String: CivilDate] = [:]
        var starts: [String: (day: CivilDate, order: Int)] = [:]
        var ends: [(subject: String, day: CivilDate, order: Int)] = []
        var order = 0
        Generator(tables: GeneratorTests.tables, seed: 5, scale: 0.01).run(write: { events in
            for e in events {
                order += 1
                if e.type == .residentRegistered, let b = e[fields.residentRegistered.birthDate] { births["\(e.city)|\(e.subject)"] = b }
                if e.type == .nhiMembershipStarted, e[fields.nhiMembershipStarted.reason] == .birth { starts["\(e.city)|\(e.subject)"] = (e.validDate, order) }
                if e.type == .nhiMembershipEnded { ends.append(("\(e.city)|\(e.subject)", e.validDate, order)) }
            }
        })
        #expect(starts.count > 50, "insured births at scale 0.01: \(starts.count)")
        for (subject, start) in starts { #expect(births[subject] == start.day, "\(subject): insured from \(start.day), born \(String(describing: births[subject]))") }
        var endedLater = 0
        for end in ends {
            guard let start = starts[end.subject] else { continue }
            #expect(end.day >= start.day && end.order > start.order, "\(end.subject): ended \(end.day) before its start \(start.day)")
            if end.day > start.day { endedLater += 1 }
        }
        #expect(endedLater > 0, "some leave with their mother")
        let ended = Set(ends.map(\.subject))
        let preschool = starts.filter { $0.value.day >= CivilDate(year: 2020, month: 6, day: 1)! && $0.value.day < CivilDate(year: 2026, month: 4, day: 1)! && !ended.contains($0.key) }
        #expect(!preschool.isEmpty, "children under school age insured through FY2026")
    }
}
