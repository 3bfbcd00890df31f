import Testing
import Foundation
import KaiseiCore
import TestSupport

/// 充当 out of the generated history alone: two fiscal years levied at their June runs, the
/// first year's taxpayers partly in arrears (滞納繰越), the second's paying on time and some twice
/// (二重納付). `payments refund` must apply the second year's 過誤納金 to the first year's
/// arrears before refunding. Checked by plain sums over `kaisei export` (not the ledger) and
/// against the 収納状況's 滞納繰越分.
extension CollectionTests {
    @Test("the generated history's 二重納付 is applied (充当) to the same taxpayer's arrears carried over from the year before, the rest refunded: each overpaid levy settled exactly, no arrear overpaid, and 滞納繰越分's 収入額 rising by the 充当 (地方税法第17条の2)")
    func generatedDoublePaymentsAppliedToArrearsCarriedOver() throws {
        let store = dir.appendingPathComponent("two-years.sqlite").path
        let file = History.shared.file
        func step(_ args: [String]) throws -> String {
            // import and status read no rules; the others are given the repository's.
            let r = args.first == "import" ? try KaiseiBinary.run(args + ["--store", store])
                : args.starts(with: ["payments", "status"]) ? try KaiseiBinary.run(args + ["--store", store, "--no-snapshots"])
                : try kaisei(args + ["--no-snapshots"], store)
            #expect(r.status == 0, "\(args.prefix(3)): \(r.stderr)")
            return r.stdout
        }
        _ = try step(["import", file, "--until", "2025-06-10T09:00:00+09:00"])
        _ = try step(["levy-run", "--fiscal-year", "2025", "--at", "2025-06-10T09:00:00+09:00"])
        _ = try step(["import", file, "--until", "2026-06-10T09:00:00+09:00"])
        _ = try step(["levy-run", "--fiscal-year", "2026", "--at", "2026-06-10T09:00:00+09:00"])
        _ = try step(["import", file, "--until", "2026-12-20T09:00:00+09:00"])
        // FY2025: a fifth of the taxpayers in arrears, the rest on time and nobody twice;
        // FY2026: everyone on time, a third of the levies' first instalment paid twice. Every day
        // of 延滞金 and 還付加算金 falls in 2025–2026, whose rates the rules have.
        _ = try step(["payments", "simulate", "--fiscal-year", "2025", "--at", "2026-12-20T10:00:00+09:00", "--arrears-percent", "20",
                      "--late-percent", "0", "--instalment-plan-percent", "0", "--double-payment-percent", "0"])
        let sim = try step(["payments", "simulate", "--fiscal-year", "2026", "--at", "2026-12-20T10:01:00+09:00", "--arrears-percent", "0",
                            "--late-percent", "0", "--instalment-plan-percent", "0", "--double-payment-percent", "30"])
        #expect(!sim.contains(" 0 with an instalment paid twice"), "\(sim)")
        let statusBefore = try step(["payments", "status", "--fiscal-year", "2026", "--format", "json"])
        let refund = try step(["payments", "refund", "--through", "2026-12-20", "--at", "2026-12-20T12:00:00+09:00"])
        guard let m = refund.range(of: #"([0-9]+) 充当, ([0-9]+) 還付"#, options: .regularExpression) else { Issue.record("\(refund)"); return }
        let counts = String(refund[m]).split(separator: " ").compactMap { Int(String($0)) }
        #expect(counts.count == 2 && counts[0] > 0 && counts[1] > 0, "\(refund)")
        #expect(!refund.contains("held back"), "\(refund)")

        // Plain sums over the exported events, per subject, tax and fiscal year. 固定資産税 and
        // 都市計画税 are collected together (地方税法第702条の8第1項): one account, named by the
        // 固定資産税, whichever of the two a record names; its amount is the two summed.
        func account(_ tax: String) -> String { tax == "city_planning_tax" ? "fixed_asset_tax" : tax }
        var levy: [String: Int64] = [:]
        var levied: [String: Int64] = [:], paid: [String: Int64] = [:], out: [String: Int64] = [:], into: [String: Int64] = [:]
        var carriedIn: [String: Int64] = [:]   // city|tax: tax applied to FY2025 levies
        var appropriations = 0
        let export = try KaiseiBinary.run(["export", "--store", store])
        for line in export.stdout.split(separator: "\n") {
            let e = try JSONParser.parse(String(line))
            guard case .string(let type)? = e["type"], case .string(let subject)? = e["subject"], case .string(let city)? = e["city"], let p = e["payload"],
                  case .string(let tax)? = p["tax"], case .integer(let fy)? = p["fiscal_year"], case .integer(let amount)? = p["amount"] else { continue }
            let key = "\(subject)|\(account(tax))|\(fy)"
            switch type {
            case "LevyAssessed", "LevyCorrected":
                levy["\(subject)|\(tax)|\(fy)"] = amount
                levied[key] = (levy["\(subject)|fixed_asset_tax|\(fy)"] ?? 0) + (levy["\(subject)|city_planning_tax|\(fy)"] ?? 0)
                if account(tax) != "fixed_asset_tax" { levied[key] = amount }
            case "PaymentReceived" where p["kind"] == nil: paid[key, default: 0] += amount
            case "OverpaymentRefunded":
                #expect(p["kind"] == nil, "only tax was paid twice: \(line)")
                out[key, default: 0] += amount
            case "OverpaymentAppropriated":
                #expect(p["kind"] == nil, "only tax was paid twice: \(line)")
                out[key, default: 0] += amount
                appropriations += 1
                guard case .string(let targetTax)? = p["target_tax"], case .integer(let targetYear)? = p["target_fiscal_year"] else {
                    Issue.record("no target: \(line)"); continue
                }
                // Nobody was in arrears in FY2026, so every target is a FY2025 levy of the same taxpayer.
                #expect(targetYear == 2025 && fy == 2026, "\(line)")
                if p["target_kind"] == nil {
                    into["\(subject)|\(account(targetTax))|\(targetYear)", default: 0] += amount
                    carriedIn["\(city)|\(account(targetTax))", default: 0] += amount
                }
            default: break
            }
        }
        #expect(appropriations == counts.first ?? -1, "\(appropriations) events, \(refund)")
        var overpaid = 0
        for (key, p) in paid {
            let excess = p - (levied[key] ?? 0)
            // Every overpaid levy is settled exactly (applied, then refunded), and nothing else is.
            #expect((out[key] ?? 0) == max(excess, 0), "\(key): paid \(p), levied \(levied[key] ?? 0), settled \(out[key] ?? 0)")
            if excess > 0 { overpaid += 1 }
        }
        #expect(overpaid > 0)
        for (key, a) in into {
            // The target was unpaid, and the 充当 did not pay it beyond its amount.
            let l = levied[key] ?? 0, p = paid[key] ?? 0
            #expect(l > 0 && p < l && p + a <= l, "\(key): levied \(l), paid \(p), applied \(a)")
        }

        // 収納状況 FY2026: what of FY2025 was unpaid at the close (滞納繰越分) is received by the
        // 充当 of tax, on its 充当適状日 (after 2026-05-31), city by city and tax by tax (固定資産税
        // and 都市計画税 together).
        let statusAfter = try step(["payments", "status", "--fiscal-year", "2026", "--format", "json"])
        func received(_ json: String) throws -> [String: Int64] {
            guard case .array(let rows)? = try JSONParser.parse(json)["rows"] else { return [:] }
            var r: [String: Int64] = [:]
            for row in rows {
                guard case .string(let city)? = row["city"], case .string(let tax)? = row["tax"],
                      case .integer(let received)? = row["carried_over"]?["received"] else { continue }
                // The report splits the pair's receipts between the two taxes: their sum is the account's.
                r["\(city)|\(account(tax))", default: 0] += received
            }
            return r
        }
        let before = try received(statusBefore), after = try received(statusAfter)
        #expect(!carriedIn.isEmpty)
        for key in Set(before.keys).union(after.keys).union(carriedIn.keys) {
            #expect((after[key] ?? 0) - (before[key] ?? 0) == carriedIn[key] ?? 0, "\(key): 滞納繰越分 収入額 \(before[key] ?? 0) → \(after[key] ?? 0), 充当 \(carriedIn[key] ?? 0)")
        }
    }
}
