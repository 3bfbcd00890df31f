import KaiseiCore
import KaiseiEvents
import Law
import Replay

/// 過誤納金の充当・還付: for every levy paid beyond its amount (a 減額更正 after payment, or paid
/// twice), the 過誤納金 is first applied to the same taxpayer's levies past their 納期限 and
/// unpaid, oldest 納期限 first (充当, 地方税法第17条の2: the city must apply it to arrears before
/// refunding); what is left is refunded with its 還付加算金 (第17条, 第17条の4). Each 充当 counts
/// the unpaid levy as paid on the 充当適状日 — the later of the day the 過誤納金 arose and the
/// levy's 納期限 — so its 延滞金 stops there. Run on any day, it settles what is overpaid by then;
/// run again, nothing twice (each levy's 過誤納金 is net of what was settled).
///
/// What is left once every arrear's tax is paid goes to the taxpayer's unpaid 延滞金 and
/// 督促手数料 (both are 地方団体の徴収金, 第1条第1項第14号; 第17条の2第3項 only puts a 延滞金's own tax
/// before it, and all the arrears' tax was taken first, so each 延滞金 is final by then): levies
/// oldest first, of each its 延滞金 then its 督促手数料, counted as paid on the later of the day the
/// 過誤納金 arose and their own 充当適状日 (施行令第6条の14: the 延滞金's tax's 納期限; the 督促状's
/// day for its fee). Until 2026-12-04 that money was refunded while the 延滞金 stayed owed. A
/// taxpayer owing a 延滞金 whose rate is not in the rules yet gets no refund until it is.
///
/// A 延滞金 or 督促手数料 paid beyond what is owed (paid twice) is
/// 過誤納金 too (第17条: any 地方団体の徴収金), settled the same way after the levy's overpaid tax
/// (`sources`); until 2026-12-04 only overpaid tax was found, and the rest stayed with the city.
///
/// Simplifications, said plainly: the order among 延滞金 and 督促手数料 of different levies is
/// this code's (the law fixes only the tax first); a refund's 還付加算金 runs from the last
/// payment for the whole amount, with the cause 第1号 when the levy was lowered after payment and
/// 第4号 (誤納) otherwise; the 除算期間 of 第17条の4第2項 (a refund not claimed within 30 days of
/// its notice) is not applied.
///
/// 還付加算金 of a 充当 (第17条の4第1項: "充当をした日（同日前に充当をするのに適することとなつた日が
/// ある場合には、当該適することとなつた日）まで"): each 充当 counts it from the source's 起算日 (as its
/// refund would) through the 充当適状日 it records, on its own amount with 第20条の4の2's cuts, and
/// records it on the 充当 (`interest`); it is paid out to the taxpayer, not applied to further
/// arrears, and bears no 還付加算金 itself. Reading "その還付又は充当をすべき金額" as each 充当 and the
/// refund apart (as 本税 and 延滞金 are reckoned apart) is this code's. Until 2026-12-05 no 充当
/// carried any. A 充当 whose 還付加算金 needs a year's rate not in the rules yet holds back the
/// taxpayer's whole run (its 充当 and 還付) until it is: the 充当 counts from its 充当適状日 whenever
/// it is made, so the arrears it pays lose nothing by the wait.
public enum RefundRun {
    public struct Result: Sendable {
        public var events: [Event] = []
        /// Counts only (amounts are personal data): levies overpaid, 充当 made, refunds made, and
        /// what was held back because a year's 還付加算金 rate, or the taxpayer's 延滞金 rate, is
        /// not in the rules yet: a refund, or — when a 充当's 還付加算金 lacks its rate — every
        /// source of the taxpayer's 過誤納金 (tax, 延滞金 or fees of a levy), applied or not.
        public var overpaid = 0
        public var appropriations = 0
        public var refunds = 0
        public var heldBack = 0
    }

    public static func run(_ pops: [City: Population], ruleBase: RuleBase, through day: CivilDate, at: RecordedTime) -> Result {
        var out = Result()
        for city in City.allCases {
            guard let ledger = pops[city]?.ledger else { continue }
            let calendar = CollectionCalendar(ruleBase: ruleBase, city: city, asOf: at)
            for subject in ledger.levies.keys.sorted() {
                var keys: [(LevyTax, Int)] = []
                var seen: Set<String> = []
                for l in ledger.levies[subject] ?? [] where l.recordedAt <= at && seen.insert("\(l.tax.rawValue)|\(l.fiscalYear)").inserted {
                    keys.append((l.tax, l.fiscalYear))
                }
                var accounts = keys.compactMap {
                    LevyAccount.make(ledger, subject: subject, tax: $0.0, fiscalYear: $0.1, day: day, known: at, calendar: calendar, interest: .none)
                }
                // A levy whose tax is paid and whose 延滞金 was paid: its 延滞金 worked out, to find
                // what was paid beyond them (paid twice, or lowered with the tax).
                for i in accounts.indices where accounts[i].lateInterestPaid > .zero && accounts[i].unpaid == .zero {
                    if let a = LevyAccount.make(ledger, subject: subject, tax: accounts[i].tax, fiscalYear: accounts[i].fiscalYear, day: day, known: at,
                                                calendar: calendar, interest: .all) { accounts[i] = a }
                }
                let sources = Self.sources(accounts, day: day)
                guard !sources.isEmpty else { continue }
                // Unpaid instalments past their 納期限, oldest first, across the taxpayer's levies.
                var arrears: [(account: Int, due: CivilDate, unpaid: Yen)] = []
                for (i, a) in accounts.enumerated() {
                    for line in a.openArrears { arrears.append((i, line.instalment.dueDate, line.instalment.unpaid)) }
                }
                arrears.sort { ($0.due, accounts[$0.account].fiscalYear, accounts[$0.account].tax) < ($1.due, accounts[$1.account].fiscalYear, accounts[$1.account].tax) }
                // Each source's 過誤納金 left after the arrears' tax, and the day it arose.
                var remaining: [(source: Source, left: Yen)] = []
                // Each source's events, recorded source by source (its 充当, then its 還付).
                var planned: [[Event]] = []
                // A 延滞金 owed whose amount the rules cannot give yet (a year's rate not 告示ed):
                // nothing is refunded until it is known, as it would be applied to first.
                var interestUnknown = false
                // A 充当 whose 還付加算金 needs a rate the rules lack: nothing of the taxpayer is recorded.
                var appropriationRateUnknown = false
                // Its 還付加算金: from the source's 起算日 (its cause, its payment) through the 充当適状日.
                func interestOf(_ source: Source, _ amount: Yen, through deemed: CivilDate) -> Yen {
                    let piece = RefundInterest.Refund(amount: amount, cause: source.cause, paid: source.paid, decided: deemed)
                    do { return try RefundInterest.compute(piece, city: city, asOf: at, trace: false, parameters: calendar.parameters).amount }
                    catch { appropriationRateUnknown = true; return .zero }
                }
                // A source already settled before (an earlier run of the same day, then a new
                // overpayment) names its new events apart: the same id with other figures would be
                // refused and the run fail. The first settlement keeps the id it always had.
                func again(_ source: Source) -> String {
                    let n = (ledger.settlements[subject] ?? []).filter {
                        $0.tax == source.account.tax && $0.fiscalYear == source.account.fiscalYear && $0.sourceKind == source.kind
                            && $0.date <= day && $0.recordedAt <= at
                    }.count
                    return n == 0 ? "" : "-n\(n)"
                }
                out.overpaid += Set(sources.map { "\($0.account.tax.rawValue)|\($0.account.fiscalYear)" }).count
                for source in sources {
                    var left = source.amount
                    let arose = source.arose
                    // One 充当 event per target levy and 充当適状日, for the instalments it covers:
                    // each instalment counts as paid on its own day (an earlier 期 of the same
                    // levy is not held to a later 期's 納期限; until 2026-12-03 the latest day of
                    // the levy's instalments was taken for all of them).
                    var byTarget: [(index: Int, amount: Yen, deemed: CivilDate)] = []
                    for k in arrears.indices where left > .zero && arrears[k].unpaid > .zero {
                        let take = min(left, arrears[k].unpaid)
                        arrears[k].unpaid -= take
                        left -= take
                        let deemed = max(arose, arrears[k].due)
                        if let j = byTarget.firstIndex(where: { $0.index == arrears[k].account && $0.deemed == deemed }) {
                            byTarget[j].amount += take
                        } else {
                            byTarget.append((arrears[k].account, take, deemed))
                        }
                    }
                    var events: [Event] = []
                    for t in byTarget {
                        let target = accounts[t.index]
                        // A target paid on one day keeps the id it always had; several days each name theirs.
                        let days = byTarget.filter { $0.index == t.index }.count
                        events.append(appropriation(city: city, subject: subject, source: source.account, sourceKind: source.kind, target: target, amount: t.amount,
                                                    interest: interestOf(source, t.amount, through: t.deemed),
                                                    deemedPaidOn: t.deemed, on: day, at: at, daySuffix: days > 1, again: again(source)))
                    }
                    planned.append(events)
                    remaining.append((source, left))
                }
                // The 延滞金 and 督促手数料 still owed, from the accounts with this run's 充当 of tax
                // counted (a 延滞金 stops at its tax's 充当適状日).
                if remaining.contains(where: { $0.left > .zero }) {
                    var ledgerWithPlan = LevyLedger()
                    for (seq, e) in planned.joined().enumerated() { ledgerWithPlan.applyForAudit(e, seq: Int64(seq)) }
                    let base = LevyAccount.Records(levies: ledger.levies[subject] ?? [], ledger, subject: subject)
                    let records = LevyAccount.Records(levies: base.levies, payments: base.payments, demands: base.demands,
                                                      settlements: base.settlements + (ledgerWithPlan.settlements[subject] ?? []))
                    var owed: [(account: LevyAccount, kind: RecordedPayment.Kind, amount: Yen, due: CivilDate)] = []
                    let settledAccounts = keys.compactMap {
                        LevyAccount.make(records, subject: subject, tax: $0.0, fiscalYear: $0.1, day: day, known: at, calendar: calendar, interest: .all)
                    }.sorted { ($0.fiscalYear, $0.tax) < ($1.fiscalYear, $1.tax) }
                    // With one 延滞金 unknown the order cannot be kept (oldest first, 延滞金 then fee):
                    // nothing more is applied or refunded until the rules have the rate.
                    interestUnknown = settledAccounts.contains { $0.lateInterestMissing != nil }
                    for a in settledAccounts where !interestUnknown {
                        let interest = a.lateInterest - a.lateInterestPaid
                        if interest > .zero, let due = a.lines.filter({ $0.lateInterest > .zero }).map(\.instalment.dueDate).max() {
                            owed.append((a, .lateInterest, interest, due))
                        }
                        let fees = a.demandFees - a.demandFeesPaid
                        if fees > .zero, let sent = a.lines.compactMap({ $0.demand.flatMap { $0.fee > .zero ? $0.date : nil } }).max() {
                            owed.append((a, .demandFee, fees, sent))
                        }
                    }
                    for i in remaining.indices {
                        for k in owed.indices where remaining[i].left > .zero && owed[k].amount > .zero {
                            let take = min(remaining[i].left, owed[k].amount)
                            remaining[i].left -= take
                            owed[k].amount -= take
                            let deemed = max(remaining[i].source.arose, owed[k].due)
                            planned[i].append(appropriation(city: city, subject: subject, source: remaining[i].source.account, sourceKind: remaining[i].source.kind,
                                                            target: owed[k].account, amount: take, interest: interestOf(remaining[i].source, take, through: deemed),
                                                            deemedPaidOn: deemed, on: day, at: at, targetKind: owed[k].kind,
                                                            again: again(remaining[i].source)))
                        }
                    }
                }
                if appropriationRateUnknown { out.heldBack += remaining.count; continue }
                for (i, (source, left)) in remaining.enumerated() {
                    out.events += planned[i]
                    out.appropriations += planned[i].count
                    guard left > .zero else { continue }
                    if interestUnknown { out.heldBack += 1; continue }
                    // 第1号 (the city lowered the levy) and 第4号 (誤納) both count from the payment: the day
                    // after it, or one month after it.
                    let refund = RefundInterest.Refund(amount: left, cause: source.cause, paid: source.paid, decided: day)
                    do {
                        let interest = try RefundInterest.compute(refund, city: city, asOf: at, trace: false, parameters: calendar.parameters).amount
                        out.refunds += 1
                        out.events.append(refundEvent(city: city, subject: subject, source: source.account, sourceKind: source.kind, amount: left,
                                                      interest: interest, on: day, at: at,
                                                      again: again(source)))
                    } catch {
                        out.heldBack += 1
                    }
                }
            }
        }
        return out
    }

    /// The day of the latest 充当 or 還付 recorded in either city: a run through an earlier day
    /// does not see it (settlements count by their day) and would settle the money twice.
    public static func lastSettled(_ pops: [City: Population]) -> CivilDate? {
        pops.values.compactMap { $0.ledger.settlements.values.lazy.flatMap { $0 }.map(\.date).max() }.max()
    }

    static func taxCode(_ tax: LevyTax) -> Int64 { Int64(EventType.taxes.firstIndex(of: tax.rawValue)!) }

    /// One part of a levy's 過誤納金 — its tax, its 延滞金 or its 督促手数料 paid beyond what is owed —
    /// with the day it arose and what its 還付加算金 counts from.
    struct Source {
        let account: LevyAccount
        let kind: RecordedPayment.Kind
        let amount: Yen
        /// The day it became 過誤納 (the 充当適状日's lower bound).
        let arose: CivilDate
        let cause: RefundInterest.Cause
        /// The payment its 還付加算金 counts from (第1号: the day after it; 第4号: one month after it).
        let paid: CivilDate
    }

    /// The taxpayer's 過誤納金, levies oldest first, of each its tax, then its 延滞金, then its fees.
    /// Tax: 第1号 when the city lowered the levy after its last payment, else 第4号 (誤納). 延滞金 and
    /// 督促手数料: 第4号, from one month after their last payment. A 減額更正 lowers a 延滞金 only
    /// for the days after it (InstalmentSchedule), and a 延滞金 counts as overpaid only once its tax
    /// is paid in full, so what is overpaid of it was paid beyond what it was: 誤納, not a 過納
    /// made by the city's 更正 (第1号).
    static func sources(_ accounts: [LevyAccount], day: CivilDate) -> [Source] {
        var out: [Source] = []
        for a in accounts.sorted(by: { ($0.fiscalYear, $0.tax) < ($1.fiscalYear, $1.tax) }) {
            if a.overpaid > .zero {
                let arose = a.overpaidSince ?? day
                out.append(Source(account: a, kind: .tax, amount: a.overpaid, arose: arose, cause: a.loweredAfterPayment ? .assessment : .other,
                                  paid: a.lastPayment ?? arose))
            }
            if a.lateInterestOverpaid > .zero {
                let paid = a.lateInterestLastPaid ?? day
                out.append(Source(account: a, kind: .lateInterest, amount: a.lateInterestOverpaid, arose: paid, cause: .other, paid: paid))
            }
            if a.demandFeesOverpaid > .zero {
                let paid = a.demandFeesLastPaid ?? day
                out.append(Source(account: a, kind: .demandFee, amount: a.demandFeesOverpaid, arose: paid, cause: .other, paid: paid))
            }
        }
        return out
    }

    static func appropriation(city: City, subject: String, source: LevyAccount, sourceKind: RecordedPayment.Kind = .tax, target: LevyAccount, amount: Yen,
                              interest: Yen, deemedPaidOn: CivilDate, on day: CivilDate, at: RecordedTime, daySuffix: Bool = false, targetKind: RecordedPayment.Kind = .tax,
                              again: String = "") -> Event {
        var fields: [String: FieldValue] = [
            "tax": .int(taxCode(source.tax)), "fiscal_year": .int(Int64(source.fiscalYear)), "amount": .int(amount.amount),
            "target_tax": .int(taxCode(target.tax)), "target_fiscal_year": .int(Int64(target.fiscalYear)),
            "deemed_paid_on": .int(Int64(deemedPaidOn.packed)),
        ]
        // Written only for a 延滞金 or 督促手数料: a 充当 of tax keeps the bytes it always had.
        var kindSuffix = ""
        if targetKind != .tax {
            fields["target_kind"] = .choice(Vocabulary.PaymentKind(rawValue: targetKind.rawValue)!)
            kindSuffix = "-\(targetKind.rawValue)"
        }
        // 還付加算金 only when there is some: a 充当 without keeps the bytes it always had.
        if interest > .zero { fields["interest"] = .int(interest.amount) }
        // Likewise only for an overpaid 延滞金 or 督促手数料.
        if sourceKind != .tax {
            fields["kind"] = .choice(Vocabulary.PaymentKind(rawValue: sourceKind.rawValue)!)
            kindSuffix += "-of-\(sourceKind.rawValue)"
        }
        return Event(id: "appropriation-\(source.fiscalYear)\(source.tax.code)-\(subject)-\(target.fiscalYear)\(target.tax.code)-\(day)"
                        + (daySuffix ? "-\(deemedPaidOn)" : "") + kindSuffix + again,
                     city: city, subject: subject,
                     type: .overpaymentAppropriated, validDate: day, recordedAt: at,
                     payload: Payload(.overpaymentAppropriated, fields))
    }

    static func refundEvent(city: City, subject: String, source: LevyAccount, sourceKind: RecordedPayment.Kind = .tax, amount: Yen, interest: Yen,
                            on day: CivilDate, at: RecordedTime, again: String = "") -> Event {
        var fields: [String: FieldValue] = [
            "tax": .int(taxCode(source.tax)), "fiscal_year": .int(Int64(source.fiscalYear)), "amount": .int(amount.amount),
            "interest": .int(interest.amount),
        ]
        var kindSuffix = ""
        if sourceKind != .tax {
            fields["kind"] = .choice(Vocabulary.PaymentKind(rawValue: sourceKind.rawValue)!)
            kindSuffix = "-of-\(sourceKind.rawValue)"
        }
        return Event(id: "refund-\(source.fiscalYear)\(source.tax.code)-\(subject)-\(day)" + kindSuffix + again, city: city, subject: subject,
                     type: .overpaymentRefunded, validDate: day, recordedAt: at, payload: Payload(.overpaymentRefunded, fields))
    }
}
