import Testing
import KaiseiCore
import Law
import Replay

/// `DuePart.recorded` (what a levy run compares its new shares with) restates, in a few lines,
/// how `InstalmentSchedule.selfAssessed` spreads a 申告納付 levy's notices over its 法定納期限:
/// a raise on its own notice's 納期限, a lowering from its own 納期限 first and then from the
/// latest. The two are written separately, so they are checked against each other here on many
/// generated notice sequences (raises, lowerings, zero, two or three 納期限, late filings).
@Suite("申告納付: the levy run's view of what is due on each 法定納期限 agrees with the instalment schedule")
struct DuePartScheduleTests {
    /// A small deterministic generator (the same sequences every run).
    struct Generator {
        var state: UInt64
        mutating func next(_ bound: Int) -> Int {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Int((state >> 33) % UInt64(bound))
        }
    }

    @Test("per 法定納期限, the amounts DuePart.recorded leaves due equal the schedule's instalments, on 3,000 generated sequences")
    func recordedAgreesWithTheSchedule() {
        var g = Generator(state: 20261203)
        let dues = ["2025-05-31", "2025-08-31", "2025-11-30"].map { CivilDate(iso: $0)! }
        var compared = 0, lowered = 0
        for _ in 0..<3_000 {
            let count = 1 + g.next(5)
            var records: [RecordedLevy] = [], notices: [InstalmentSchedule.Notice] = []
            var previous = Int64(0)
            for k in 0..<count {
                let amount = Int64(g.next(6)) * 10_000 + (g.next(3) == 0 ? 0 : Int64(g.next(10)) * 100)
                if amount < previous { lowered += 1 }
                previous = amount
                let due = dues[g.next(1 + min(k, 2))]
                let filed = due.adding(days: g.next(3) == 0 ? 0 : g.next(400) - 30)
                let noticed = max(filed, due.adding(days: -60))
                records.append(RecordedLevy(tax: .corporateTax, fiscalYear: 2025, amount: Yen(amount), revisionSet: "", watermark: Int64(k),
                                            seq: Int64(k + 1), recordedAt: .distantPast, corrected: k > 0, noticeDate: noticed,
                                            dueDate: due, returnFiled: filed))
                notices.append(InstalmentSchedule.Notice(amount: Yen(amount), date: noticed, dueDate: due, filed: filed))
            }
            let fromRecords = DuePart.recorded(records)
            var fromSchedule: [CivilDate: Yen] = [:]
            for i in InstalmentSchedule.instalments(notices: notices, dueDates: [], rules: .init(unit: Yen(100), leadDays: 10, supplementaryDays: 30),
                                                    moved: { $0 }) {
                fromSchedule[i.dueDate, default: .zero] += i.amount
            }
            #expect(fromRecords == fromSchedule.filter { $0.value > .zero }, "\(records.map { ($0.amount.amount, $0.dueDate!) })")
            compared += 1
        }
        #expect(compared == 3_000 && lowered > 500, "lowerings met: \(lowered)")
    }
}
