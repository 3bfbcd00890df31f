import Testing
import Foundation
import KaiseiCore
import TestSupport

/// 二重納付 in the payment simulator: the 過誤納 a city refunds most often, so the generated
/// history has 充当 and 還付 of its own. Checked from the exported events (a plain sum per levy,
/// not the ledger) and through `payments refund`.
extension CollectionTests {
    @Test("a simulated 二重納付 pays the first instalment's amount twice and changes nothing else: each levy's excess is the run without it plus that payment; `payments refund` settles every overpaid levy once, and a later simulation adds none")
    func simulatedDoublePayments() throws {
        // The shared history's population up to its June levy run, then payments through
        // 2026-12-20: every 還付加算金 day falls in 2026, whose rate the rules have.
        let base = dir.appendingPathComponent("base.sqlite").path
        #expect(try KaiseiBinary.run(["import", History.shared.file, "--until", History.runAt, "--store", base]).status == 0)
        #expect(try kaisei(["levy-run", "--fiscal-year", "2026", "--at", History.runAt, "--no-snapshots"], base).status == 0)
        func simulate(_ name: String, percent: Int) throws -> (store: String, stdout: String) {
            let store = dir.appendingPathComponent("\(name).sqlite").path
            try FileManager.default.copyItem(atPath: base, toPath: store)
            let sim = try kaisei(["payments", "simulate", "--fiscal-year", "2026", "--at", "2026-12-20T09:00:00+09:00", "--arrears-percent", "0",
                                  "--late-percent", "0", "--instalment-plan-percent", "0", "--double-payment-percent", "\(percent)", "--no-snapshots"], store)
            #expect(sim.status == 0, "\(sim.stderr)")
            return (store, sim.stdout)
        }
        /// The plain path over the exported events: per FY2026 levy, tax paid minus the last amount,
        /// and the payments the simulator made twice (their event ids end in "d"). 固定資産税 and
        /// 都市計画税 are collected together (地方税法第702条の8第1項): one account, their amounts summed.
        func excess(_ store: String) throws -> (excess: [String: Int64], doubled: [String: Int64]) {
            let export = try KaiseiBinary.run(["export", "--store", store])
            var levy: [String: Int64] = [:], paid: [String: Int64] = [:], doubled: [String: Int64] = [:]
            for line in export.stdout.split(separator: "\n") {
                let e = try JSONParser.parse(String(line))
                guard case .string(let type)? = e["type"], case .string(let subject)? = e["subject"], case .string(let id)? = e["id"], let p = e["payload"],
                      case .string(let tax)? = p["tax"], p["fiscal_year"] == .integer(2026), case .integer(let amount)? = p["amount"] else { continue }
                let account = tax == "city_planning_tax" ? "fixed_asset_tax" : tax
                switch type {
                case "LevyAssessed", "LevyCorrected": levy["\(subject)|\(tax)"] = amount
                case "PaymentReceived" where p["kind"] == nil || p["kind"] == .string("tax"):
                    paid["\(subject)|\(account)", default: 0] += amount
                    if id.hasSuffix("d") { doubled["\(subject)|\(account)", default: 0] += amount }
                default: break
                }
            }
            func levied(_ key: String) -> Int64 {
                key.hasSuffix("|fixed_asset_tax") ? (levy[key] ?? 0) + (levy[key.replacingOccurrences(of: "|fixed_asset_tax", with: "|city_planning_tax")] ?? 0) : levy[key] ?? 0
            }
            return (Dictionary(uniqueKeysWithValues: paid.map { ($0.key, $0.value - levied($0.key)) }), doubled)
        }
        let with = try simulate("double", percent: 30), without = try simulate("single", percent: 0)
        guard let range = with.stdout.range(of: #"[0-9]+ with an instalment paid twice"#, options: .regularExpression),
              let doubles = Int(with.stdout[range].split(separator: " ")[0]) else { Issue.record("\(with.stdout)"); return }
        #expect(doubles > 0, "\(with.stdout)")
        #expect(without.stdout.contains("0 with an instalment paid twice"), "\(without.stdout)")
        let a = try excess(with.store), b = try excess(without.store)
        #expect(a.doubled.count == doubles && b.doubled.isEmpty)
        for (key, e) in a.excess {
            #expect(e - (a.doubled[key] ?? 0) == b.excess[key] ?? 0, "\(key): \(e) with, \(b.excess[key] ?? 0) without, doubled \(a.doubled[key] ?? 0)")
        }
        // A levy with instalments still to come is not overpaid yet: its second payment only pays
        // ahead until the rest is paid as billed.
        let overpaid = a.excess.values.filter { $0 > 0 }.count
        #expect(overpaid > 0 && b.excess.values.allSatisfy { $0 <= 0 }, "\(overpaid) overpaid")

        // With no taxpayer in arrears, every overpaid levy is refunded (nothing to apply it to).
        let refund = try kaisei(["payments", "refund", "--through", "2026-12-20", "--at", "2026-12-20T10:00:00+09:00", "--no-snapshots"], with.store)
        #expect(refund.status == 0 && refund.stdout.contains("\(overpaid) levies overpaid, 0 充当, \(overpaid) 還付"), "\(refund.stdout) \(refund.stderr)")
        let again = try kaisei(["payments", "refund", "--through", "2026-12-20", "--at", "2026-12-20T11:00:00+09:00", "--no-snapshots"], with.store)
        #expect(again.stdout.contains("0 levies overpaid, 0 充当, 0 還付"), "\(again.stdout)")
        // The same simulation later finds every payment it would make already recorded.
        let later = try kaisei(["payments", "simulate", "--fiscal-year", "2026", "--at", "2026-12-20T12:00:00+09:00", "--arrears-percent", "0",
                                "--late-percent", "0", "--instalment-plan-percent", "0", "--double-payment-percent", "30", "--no-snapshots"], with.store)
        #expect(later.status == 0 && later.stdout.contains("FY2026: 0 payments recorded"), "\(later.stdout) \(later.stderr)")
    }
}
