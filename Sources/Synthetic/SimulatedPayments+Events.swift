import KaiseiCore
import KaiseiEvents
import Replay
import Law
import Assessment

extension SimulatedPayments {
    /// What `kaisei payments simulate` records: for every levy of the fiscal year in the
    /// replayed ledgers, the payments `plan` makes by `until` that are not recorded yet, as
    /// `PaymentReceived` events. A taxpayer in arrears, or one who pays late, is chosen by a hash
    /// of seed, year and subject, so runs are stable. `calendars` give each city's 納期 and
    /// schedule rules as known at the run. A late payer also pays each instalment's 延滞金, and
    /// the 督促手数料 of a 督促状 already recorded for it, two weeks after paying it in full. An
    /// on-time taxpayer drawn for it (`doublePaymentPercent` of levies) pays the first
    /// instalment's slip twice (二重納付: by 口座振替 and again at a counter, the commonest cause of
    /// a 過誤納 at a city), 3–20 days apart, so `payments refund` has 充当 and 還付 to do.
    public struct Recorded: Sendable {
        public var events: [Event] = []
        public var levies = 0
        /// Levies of taxpayers in arrears, of those who pay late, and of those on a 分納 plan.
        public var arrears = 0
        public var late = 0
        public var instalmentPlans = 0
        /// Levies whose first instalment was paid twice.
        public var doublePayments = 0
    }

    public static func events(_ pops: [City: Population], fiscalYear: Int, seed: UInt64, arrearsPercent: Int, latePercent: Int = 0,
                              instalmentPlanPercent: Int = 0, doublePaymentPercent: Int = 0, calendars: [City: CollectionCalendar],
                              until now: RecordedTime) -> Recorded {
        var out = Recorded()
        for c in City.allCases {
            guard let ledger = pops[c]?.ledger, let calendar = calendars[c] else { continue }
            for subject in ledger.levies.keys.sorted() {
                let h = SHA256.hash(Array("\(seed)|\(fiscalYear)|\(subject)".utf8))
                let draw = Int(h[0]) * 100 / 256
                let behaviour: Behaviour = draw < arrearsPercent ? .arrears : draw < arrearsPercent + latePercent ? .late
                    : draw < arrearsPercent + latePercent + instalmentPlanPercent ? .instalmentPlan : .onTime
                for tax in LevyTax.allCases {
                    // Each payment is made after the levy it pays was notified and for no more
                    // than was known that day (`plan`).
                    let all = ledger.levies[subject] ?? []
                    // 固定資産税 and 都市計画税 collected together (地方税法第702条の8第1項): one slip per
                    // 期 for their sum, recorded as the 固定資産税's; the 都市計画税 has none of its own.
                    let joint = (tax == .fixedAssetTax || tax == .cityPlanningTax) && calendar.collectsCityPlanningWithFixedAsset(fiscalYear: fiscalYear)
                    if joint && tax == .cityPlanningTax && all.contains(where: { $0.tax == .fixedAssetTax && $0.fiscalYear == fiscalYear }) { continue }
                    let recorded = all.filter { $0.tax == tax && $0.fiscalYear == fiscalYear }
                    let notices: [InstalmentSchedule.Notice], levies: [Levy]
                    if joint && tax == .fixedAssetTax {
                        let merged = LevyAccount.Records.jointNotices(all, fiscalYear, known: .distantFuture)
                        notices = merged.map { InstalmentSchedule.Notice(amount: $0.amount, date: $0.date) }
                        levies = merged.map { Levy(amount: $0.amount.amount, noticeDate: $0.date, recordedAt: $0.recordedAt) }
                    } else {
                        notices = recorded.map { .init(amount: $0.amount, date: $0.noticeDate, dueDate: $0.dueDate, filed: $0.returnFiled, fraudForeseen: $0.fraudForeseen) }
                        levies = recorded.map { Levy(amount: $0.amount.amount, noticeDate: $0.noticeDate, recordedAt: $0.recordedAt, dueDate: $0.dueDate) }
                    }
                    guard !recorded.isEmpty, let latest = levies.last, latest.amount > 0 else { continue }
                    out.levies += 1
                    if behaviour == .arrears { out.arrears += 1 }
                    if behaviour == .late { out.late += 1 }
                    if behaviour == .instalmentPlan { out.instalmentPlans += 1 }
                    let already = (ledger.payments[subject] ?? []).filter { $0.tax == tax && $0.fiscalYear == fiscalYear && $0.kind == .tax }.count
                    let (dates, rules) = calendar.schedule(tax, fiscalYear: fiscalYear)
                    let payments = plan(levies: levies,
                                        dueDates: dates, rules: rules, moved: calendar.moved, behaviour: behaviour,
                                        daysEarly: { Int(h[1 + $0 % 8] % 20) }, daysLate: { 1 + Int(h[9 + $0 % 8]) % 90 }, until: now)
                    let taxCode = Int64(EventType.taxes.firstIndex(of: tax.rawValue)!)
                    // 二重納付, drawn per levy (the tax's own byte of the hash), of the first
                    // instalment so a later run makes the same one; placed by its day, so the
                    // payments stay in the order paid and a later run's list begins with this one's.
                    var made = payments
                    let taxIndex = LevyTax.allCases.firstIndex(of: tax)!
                    if behaviour == .onTime, doublePaymentPercent > 0, let first = payments.first,
                       Int(h[17 + taxIndex]) * 100 / 256 < doublePaymentPercent {
                        let day = first.paidOn.adding(days: 3 + (Int(h[31]) + taxIndex) % 18)
                        if day <= now.japanDate {
                            made.insert(Payment(instalment: first.instalment, key: "\(first.key)d", paidOn: day, amount: first.amount),
                                        at: made.firstIndex { $0.paidOn > day } ?? made.count)
                            out.doublePayments += 1
                        }
                    }
                    for p in made.dropFirst(already) {
                        out.events.append(Event(id: "pay-\(fiscalYear)\(tax.code)-\(subject)-\(p.key)", city: c, subject: subject, type: .paymentReceived,
                                                validDate: p.paidOn, recordedAt: now,
                                                payload: Payload(.paymentReceived, ["tax": .int(taxCode),
                                                                                    "fiscal_year": .int(Int64(fiscalYear)), "amount": .int(p.amount),
                                                                                    "instalment": .int(Int64(p.instalment))])))
                    }
                    guard behaviour == .late || behaviour == .instalmentPlan else { continue }
                    // A late payer, and one on a 分納 plan, settles each instalment's 延滞金 (and
                    // the 督促手数料 of its 督促状) two weeks after paying it in full, once its 延滞金
                    // can be worked out (本税優先: the tax first).
                    let account = InstalmentSchedule.account(notices: notices,
                                                             payments: payments.map { .init(date: $0.paidOn, amount: Yen($0.amount)) },
                                                             dueDates: dates, rules: rules, moved: calendar.moved)
                    let recordedKinds = (ledger.payments[subject] ?? []).filter { $0.tax == tax && $0.fiscalYear == fiscalYear }
                    var interest: [(key: String, day: CivilDate, amount: Yen, instalment: Int)] = []
                    var fees: [(key: String, day: CivilDate, amount: Yen, instalment: Int)] = []
                    let demands = (ledger.demands[subject] ?? []).filter { $0.tax == tax && $0.fiscalYear == fiscalYear }
                    for (k, inst) in account.instalments.enumerated() {
                        guard let full = inst.paidInFullOn, full > inst.dueDate else { continue }
                        let day = full.adding(days: 14)
                        guard day <= now.japanDate else { continue }
                        if let li = try? LateInterest.compute(inst.lateInterestInput, through: full, city: c, asOf: now, trace: false,
                                                              parameters: calendar.parameters).amount, li > .zero {
                            interest.append(("li\(k + 1)", day, li, inst.number))
                        }
                        if let d = demands.first(where: { $0.instalment == inst.number && $0.dueDate == inst.dueDate }), d.fee > .zero {
                            fees.append(("df\(k + 1)", day, d.fee, inst.number))
                        }
                    }
                    let paidInterest = recordedKinds.filter { $0.kind == .lateInterest }.count
                    let paidFees = recordedKinds.filter { $0.kind == .demandFee }.count
                    // What a 充当 of another levy's 過誤納金 already paid of them (RefundRun) is not
                    // paid again: it comes off the first still to pay (what of it an earlier run's
                    // payments left to it is not counted twice).
                    let settled = (ledger.settlements[subject] ?? []).filter { $0.kind == .appropriated && $0.targetTax == tax && $0.targetFiscalYear == fiscalYear }
                    for (kind, all, done, covering) in [(Vocabulary.PaymentKind.lateInterest, interest, paidInterest, RecordedPayment.Kind.lateInterest),
                                                        (Vocabulary.PaymentKind.demandFee, fees, paidFees, RecordedPayment.Kind.demandFee)] {
                        let dueBefore = all.prefix(done).reduce(Yen.zero) { $0 + $1.amount }
                        let paidBefore = recordedKinds.filter { $0.kind == covering }.reduce(Yen.zero) { $0 + $1.amount }
                        var covered = (settled.filter { $0.targetKind == covering }.reduce(Yen.zero) { $0 + $1.amount }
                                       - (dueBefore - paidBefore).clampedAtZero).clampedAtZero
                        for x in all.dropFirst(done) {
                            let off = min(covered, x.amount)
                            covered -= off
                            guard x.amount - off > .zero else { continue }
                            out.events.append(Event(id: "pay-\(fiscalYear)\(tax.code)-\(subject)-\(x.key)", city: c, subject: subject, type: .paymentReceived,
                                                    validDate: x.day, recordedAt: now,
                                                    payload: Payload(.paymentReceived, ["tax": .int(taxCode), "fiscal_year": .int(Int64(fiscalYear)),
                                                                                        "amount": .int((x.amount - off).amount), "instalment": .int(Int64(x.instalment)),
                                                                                        "kind": .choice(kind)])))
                        }
                    }
                }
            }
        }
        return out
    }
}
