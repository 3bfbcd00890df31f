import Foundation
import KaiseiCore
import Law

/// The resident tax over N model persons: varied salaries and pensions, spouses, children,
/// elderly parents, disabilities, furusato donors; every fiscal year's rules in turn.
func residentTaxBench(arguments: [String]) throws {
    var persons = 1_000_000
    var jsonPath: String?
    var fiscalYear = 2025
    var repeats = 5
    var args = ArraySlice(arguments)
    while let a = args.popFirst() {
        switch a {
        case "--persons": persons = Int(args.popFirst() ?? "") ?? persons
        case "--fiscal-year": fiscalYear = Int(args.popFirst() ?? "") ?? fiscalYear
        case "--json": jsonPath = args.popFirst()
        case "--repeat": repeats = max(1, Int(args.popFirst() ?? "") ?? repeats)
        default: print("usage: kaisei-bench resident-tax [--persons N] [--fiscal-year Y] [--repeat N] [--json FILE]"); return
        }
    }
    let revisions = URL(fileURLWithPath: ProcessInfo.processInfo.environment["KAISEI_REVISIONS"] ?? "revisions")
    let rb: RuleBase
    switch RuleBase.load(directory: revisions) {
    case .success(let r): rb = r
    case .failure(let e): throw e
    }
    let fy = fiscalYear
    let params = City.allCases.map { ResidentTaxParameters(ParameterSet(ruleBase: rb, city: $0, fiscalYear: fiscalYear, asOf: .distantFuture)) }
    let model = ModelPersons.make(count: persons, fiscalYear: fiscalYear)
    print("kaisei-bench: resident tax, \(persons) model persons, FY\(fiscalYear), both cities, \(ProcessInfo.processInfo.activeProcessorCount) cores")

    // One core.
    var total1 = Int64(0)
    let single = seconds {
        for (i, f) in model.enumerated() { total1 &+= ResidentTax.assess(f, fiscalYear: fiscalYear, params[i & 1]).total.amount }
    }
    // Every core, in chunks; repeated, because a shared machine's timings vary run to run.
    let chunks = 64
    var partial = [Int64](repeating: 0, count: chunks)
    var runs: [Double] = []
    for _ in 0..<repeats {
        runs.append(seconds {
            partial.withUnsafeMutableBufferPointer { out in
                nonisolated(unsafe) let out = out
                DispatchQueue.concurrentPerform(iterations: chunks) { c in
                    var sum = Int64(0)
                    let lo = c * model.count / chunks, hi = (c + 1) * model.count / chunks
                    for i in lo..<hi { sum &+= ResidentTax.assess(model[i], fiscalYear: fy, params[i & 1]).total.amount }
                    out[c] = sum
                }
            }
        })
    }
    runs.sort()
    let parallel = runs[runs.count / 2]
    let total2 = partial.reduce(0, &+)
    precondition(total1 == total2, "the parallel run must give the same revenue")
    func f(_ v: Double, _ d: Int = 0) -> String { String(format: "%.\(d)f", v) }
    let openFiscaSeconds = 1.8 * Double(persons) / 1_000_000
    print("""
      one core        \(f(Double(persons) / single)) persons/s   (\(f(single, 3)) s)
      all cores       \(f(Double(persons) / parallel)) persons/s   (median of \(repeats): \(f(parallel, 3)) s; best \(f(runs[0], 3)) s, worst \(f(runs[runs.count - 1], 3)) s)
      vs OpenFisca    \(f(openFiscaSeconds / parallel, 1))× (median) faster than 1.8 s per million (float32), in exact yen
      revenue         ¥\(Yen(total2).grouped) (checksum)
    """)
    if let jsonPath {
        let obj: JSONValue = .object([
            ("persons", .integer(Int64(persons))), ("fiscal_year", .integer(Int64(fiscalYear))),
            ("persons_per_s_one_core", .integer(Int64(Double(persons) / single))),
            ("persons_per_s", .integer(Int64(Double(persons) / parallel))),
            ("seconds", .number(f(parallel, 3))),
        ])
        try Data((JSONWriter.canonical(obj) + "\n").utf8).write(to: URL(fileURLWithPath: jsonPath))
    }
}

/// Deterministic model persons: a fixed linear congruential generator, so every run and every
/// machine measures the same population.
enum ModelPersons {
    static func make(count: Int, fiscalYear fy: Int) -> [TaxpayerFacts] {
        var state: UInt64 = 0x9E3779B97F4A7C15
        func next(_ n: Int) -> Int {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Int((state >> 33) % UInt64(n))
        }
        var out: [TaxpayerFacts] = []
        out.reserveCapacity(count)
        for _ in 0..<count {
            let age = 20 + next(70)
            let birth = CivilDate(year: fy - 1 - age, month: 1 + next(12), day: 1 + next(28))!
            var income = IncomeFacts()
            if age < 65 || next(4) == 0 { income.salary = Yen(Int64(next(12_000) + 500) * 1_000) }
            if age >= 60 { income.pension = Yen(Int64(next(3_000) + 600) * 1_000) }
            if next(10) == 0 { income.business = Yen(Int64(next(6_000) - 1_000) * 1_000) }
            var f = TaxpayerFacts(birthDate: birth, income: income)
            f.female = next(2) == 0
            f.socialInsurance = income.salary.times(Fraction(15, 100), .down)
            f.lifeInsurance = Yen(Int64(next(3)) * 14_000)
            if next(2) == 0 {
                f.spouse = RelativeFacts(birthDate: CivilDate(year: birth.year + next(7) - 3, month: 6, day: 1)!,
                                         income: IncomeFacts(salary: Yen(Int64(next(4) == 0 ? next(2_000) * 1_000 : 0))))
            }
            for _ in 0..<(age < 60 ? next(4) : 0) {
                f.dependants.append(RelativeFacts(birthDate: CivilDate(year: fy - 1 - next(23), month: 4, day: 2)!))
            }
            if next(8) == 0 { f.dependants.append(RelativeFacts(birthDate: CivilDate(year: fy - 80, month: 1, day: 1)!, linealAscendant: true)) }
            if next(30) == 0 { f.disability = next(3) == 0 ? .special : .general }
            if next(40) == 0 { f.familyStatus = .singleParent }
            if next(7) == 0 {
                for k in 0..<(1 + next(3)) {
                    f.donations.append(Donation(date: CivilDate(year: fy - 1, month: 1 + next(12), day: 1 + next(28))!,
                                                amount: Yen(Int64(1 + next(10)) * 10_000), oneStop: next(2) == 0, municipality: "寄附先\(k)"))
                }
            }
            out.append(f)
        }
        return out
    }
}
