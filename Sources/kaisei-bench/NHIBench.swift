import Foundation
import KaiseiCore
import Law

/// The NHI levy of about 150,000 member households (both cities' full size) for one fiscal
/// year: households of one to five members with varied incomes, ages, mid-year joins and
/// leaves, non-member heads, pre-school children and job losses.
func nhiBench(arguments: [String]) throws {
    var households = 150_000, fy = 2025, repeats = 5
    var args = ArraySlice(arguments)
    while let a = args.popFirst() {
        switch a {
        case "--households": households = Int(args.popFirst() ?? "") ?? households
        case "--fiscal-year": fy = Int(args.popFirst() ?? "") ?? fy
        case "--repeat": repeats = max(1, Int(args.popFirst() ?? "") ?? repeats)
        default: print("usage: kaisei-bench nhi [--households N] [--fiscal-year Y] [--repeat N]"); return
        }
    }
    let rb: RuleBase
    switch RuleBase.load(directory: URL(fileURLWithPath: ProcessInfo.processInfo.environment["KAISEI_REVISIONS"] ?? "revisions")) {
    case .success(let r): rb = r
    case .failure(let e): throw e
    }
    let params = City.allCases.map { NHIParameters(ParameterSet(ruleBase: rb, city: $0, fiscalYear: fy, asOf: .distantFuture)) }
    var state: UInt64 = 42
    func next(_ n: Int) -> Int { state = state &* 6364136223846793005 &+ 1442695040888963407; return Int((state >> 33) % UInt64(n)) }
    var model: [NHIHousehold] = []
    model.reserveCapacity(households)
    for _ in 0..<households {
        let size = 1 + next(4)
        var members: [NHIPerson] = []
        for k in 0..<size {
            let age = k == 0 ? 20 + next(55) : (k == 1 ? 20 + next(55) : next(18))
            let birth = CivilDate(year: fy - age, month: 1 + next(12), day: 1 + next(28))!
            var p = NHIPerson(birthDate: birth, income: IncomeFacts(salary: Yen(Int64(next(5) == 0 ? 0 : next(6_000) * 1_000)),
                                                                  pension: Yen(age >= 60 ? Int64(next(3_000) * 1_000) : 0),
                                                                  business: Yen(next(6) == 0 ? Int64(next(8_000) * 1_000) : 0)),
                              months: next(8) == 0 ? NHIPerson.months(from: next(12)) : 0xFFF)
            if next(40) == 0 { p.involuntaryJobLoss = CivilDate(year: fy - 1, month: 1 + next(12), day: 15)! }
            members.append(p)
        }
        let head = next(10) == 0 ? NHIPerson(birthDate: CivilDate(year: fy - 50, month: 6, day: 1)!, income: IncomeFacts(salary: Yen(6_000_000)), months: 0) : nil
        model.append(NHIHousehold(members: members, nonMemberHead: head))
    }
    print("kaisei-bench: NHI, \(households) member households (both cities), FY\(fy), \(ProcessInfo.processInfo.activeProcessorCount) cores")
    var times: [Double] = [], parallel: [Double] = []
    var total = Yen.zero
    for _ in 0..<repeats {
        var sum = Yen.zero
        times.append(seconds { for (i, h) in model.enumerated() { sum += NHI.assess(h, fiscalYear: fy, params[i & 1]).total } })
        total = sum
        let half = model.count / 2
        nonisolated(unsafe) let m = model
        let year = fy
        parallel.append(seconds {
            DispatchQueue.concurrentPerform(iterations: 2) { c in
                var s = Yen.zero
                for h in m[(c * half)..<(c == 0 ? half : m.count)] { s += NHI.assess(h, fiscalYear: year, params[c]).total }
                _ = s
            }
        })
    }
    times.sort(); parallel.sort()
    func f(_ x: Double, _ d: Int = 0) -> String { String(format: "%.\(d)f", x) }
    print("""
      one core        \(f(Double(households) / times[times.count / 2])) households/s (\(f(times[times.count / 2], 3)) s; levied ¥\(total.grouped))
      both cities     \(f(parallel[parallel.count / 2], 3)) s on 2 cores (target < 0.5 s), median of \(repeats)
    """)
}
