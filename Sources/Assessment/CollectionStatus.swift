import KaiseiCore
import Law
import Replay

/// 収納状況: for one fiscal year, per city and tax, what was levied (調定額), what came in (収入額),
/// the 収納率, and the same for the arrears of earlier years carried into it (滞納繰越分), as
/// known at a moment. City totals only: no person's figure appears.
///
/// The year's account stays open until its 出納整理期間 ends, 31 May of the next year (地方自治法
/// 第235条の5): a 現年度分 payment counts until then. Arrears of earlier years still unpaid at the
/// end of the previous year's 出納整理期間 (31 May of the fiscal year) are the year's 滞納繰越分
/// 調定額, and what is paid of them after that day and by the end of this year's account is
/// its 収入額. Overpayments (過誤納) are not 収入 of their levy; applied to another (充当) they are
/// that one's 収入 on the day of the 充当, and what was refunded (還付) or so applied comes off its own
/// levy's 収入 on that day (a raise after it is owed in full). 不納欠損 is not recorded in Kaisei yet.
public enum CollectionStatus {
    public struct Figures: Sendable, Equatable {
        /// Levies counted (件数).
        public var levies = 0
        public var levied = Yen.zero
        public var received = Yen.zero
        public init(levies: Int = 0, levied: Yen = .zero, received: Yen = .zero) { self.levies = levies; self.levied = levied; self.received = received }
        public var unpaid: Yen { (levied - received).clampedAtZero }
        /// 収納率 in hundredths of a percent, cut (9,876 = 98.76 %); nil when nothing was levied.
        public var rateBasisPoints: Int64? { levied > .zero ? received.amount * 10_000 / levied.amount : nil }
        public static func + (a: Figures, b: Figures) -> Figures {
            Figures(levies: a.levies + b.levies, levied: a.levied + b.levied, received: a.received + b.received)
        }
    }

    public struct Row: Sendable, Equatable {
        public let city: City
        public let tax: LevyTax
        /// 現年度分.
        public var current = Figures()
        /// 滞納繰越分.
        public var carriedOver = Figures()
        public var total: Figures { current + carriedOver }
    }

    /// The last day of a fiscal year's account (出納整理期間末): 31 May after it ends.
    public static func accountCloses(_ fy: Int) -> CivilDate { CivilDate(year: fy + 1, month: 5, day: 31)! }

    /// The report of `fiscalYear` from ledgers replayed as known at the moment asked, on `day`
    /// (payments dated after it are not counted yet).
    ///
    /// `collectedTogether(city, year)`: whether that year's 都市計画税 was collected with the
    /// 固定資産税 (`CollectionCalendar.collectsCityPlanningWithFixedAsset`). A payment or 充当 of
    /// either is then of their sum, and what was received is split between the two taxes pro rata
    /// to their amounts (`LevyAccount.apportioned`, the 都市計画税 the rest): the report stays per tax.
    public static func report(_ pops: [City: Population], fiscalYear fy: Int, day: CivilDate,
                              collectedTogether: (City, Int) -> Bool = { _, _ in false }) -> [Row] {
        let lastCounted = min(day, accountCloses(fy))
        let carriedFrom = accountCloses(fy - 1)
        var rows: [Row] = []
        for city in City.allCases {
            guard let ledger = pops[city]?.ledger else { continue }
            var byTax: [LevyTax: Row] = [:]
            for (subject, levies) in ledger.levies {
                // The amount in force per tax and year (the last recorded).
                var latest: [LevyTax: [Int: Yen]] = [:]
                for l in levies where l.fiscalYear <= fy { latest[l.tax, default: [:]][l.fiscalYear] = l.amount }
                guard !latest.isEmpty else { continue }
                var paidBefore: [LevyTax: [Int: Yen]] = [:], paidIn: [LevyTax: [Int: Yen]] = [:]
                // Payments of the tax, and 充当 from the taxpayer's other levies on the day they were made.
                var receipts: [(tax: LevyTax, year: Int, date: CivilDate, amount: Yen)] = []
                for p in ledger.payments[subject] ?? [] where p.kind == .tax { receipts.append((p.tax, p.fiscalYear, p.date, p.amount)) }
                // What of a levy's 過誤納金 was refunded or applied elsewhere is no longer received for
                // it: a raise after a 還付 is unpaid in full.
                for x in ledger.settlements[subject] ?? [] {
                    // Into another levy's tax only: a 充当 to its 延滞金 or 督促手数料 is not 収入 of the tax.
                    if x.kind == .appropriated, x.targetKind == .tax, let t = x.targetTax, let y = x.targetFiscalYear { receipts.append((t, y, x.date, x.amount)) }
                    // An overpaid 延滞金 or 督促手数料 settled was never 収入 of the tax.
                    if x.sourceKind == .tax { receipts.append((x.tax, x.fiscalYear, x.date, .zero - x.amount)) }
                }
                for p in receipts where p.year <= fy && p.date <= lastCounted {
                    if p.year < fy && p.date <= carriedFrom { paidBefore[p.tax, default: [:]][p.year, default: .zero] += p.amount }
                    else { paidIn[p.tax, default: [:]][p.year, default: .zero] += p.amount }
                }
                // 固定資産税 and 都市計画税 collected together: what came in for either, split pro rata.
                for (year, fixedAsset) in latest[.fixedAssetTax] ?? [:] where collectedTogether(city, year) {
                    let cityPlanning = latest[.cityPlanningTax]?[year] ?? .zero
                    let total = fixedAsset + cityPlanning
                    // (A 都市計画税 of 0 still pools: a payment naming it is the 固定資産税's.)
                    guard total > .zero else { continue }
                    func sum(_ m: [LevyTax: [Int: Yen]]) -> Yen { (m[.fixedAssetTax]?[year] ?? .zero) + (m[.cityPlanningTax]?[year] ?? .zero) }
                    // What of the sum paid so far is the 固定資産税's (cut to the yen).
                    func share(_ paid: Yen) -> Yen { LevyAccount.fixedAssetShare(of: min(paid.clampedAtZero, total), fixedAsset: fixedAsset, total: total) }
                    let before = sum(paidBefore), through = before + sum(paidIn)
                    let faBefore = share(before), faThrough = share(through)
                    let cpBefore = min(before.clampedAtZero, total) - faBefore, cpThrough = min(through.clampedAtZero, total) - faThrough
                    paidBefore[.fixedAssetTax, default: [:]][year] = faBefore
                    paidBefore[.cityPlanningTax, default: [:]][year] = cpBefore
                    paidIn[.fixedAssetTax, default: [:]][year] = faThrough - faBefore
                    paidIn[.cityPlanningTax, default: [:]][year] = cpThrough - cpBefore
                }
                for (tax, years) in latest {
                    var row = byTax[tax] ?? Row(city: city, tax: tax)
                    for (year, amount) in years where amount > .zero {
                        let before = paidBefore[tax]?[year] ?? .zero, during = paidIn[tax]?[year] ?? .zero
                        if year == fy {
                            row.current.levies += 1
                            row.current.levied += amount
                            row.current.received += min(during, amount)
                        } else {
                            let carried = (amount - before).clampedAtZero
                            guard carried > .zero else { continue }
                            row.carriedOver.levies += 1
                            row.carriedOver.levied += carried
                            row.carriedOver.received += min(during, carried)
                        }
                    }
                    byTax[tax] = row
                }
            }
            rows += LevyTax.allCases.compactMap { byTax[$0] }.filter { $0.current.levies > 0 || $0.carriedOver.levies > 0 }
        }
        return rows
    }
}
