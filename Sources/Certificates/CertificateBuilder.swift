import KaiseiCore
import Law
import Replay
import Assessment

/// Builds certificates from replayed state. Everything on a certificate comes from the events
/// known at `knownAt` and the rule base adopted by then; the basis (watermark, its chain hash,
/// the revision set and the revisions the figures used) is part of the content.
public struct CertificateBuilder {
    public let ruleBase: RuleBase
    public let pops: [City: Population]
    public let watermark: Int64
    public let watermarkHash: [UInt8]

    public init(ruleBase: RuleBase, pops: [City: Population], watermark: Int64, watermarkHash: [UInt8]) {
        self.ruleBase = ruleBase; self.pops = pops; self.watermark = watermark; self.watermarkHash = watermarkHash
    }

    public func build(_ req: CertificateRequest) throws(CertificateRefusal) -> Certificate { try buildWithCity(req).certificate }

    /// The certificate and the city whose store it came from.
    public func buildWithCity(_ req: CertificateRequest) throws(CertificateRefusal) -> (certificate: Certificate, city: City) {
        let fy = req.fiscalYear
        guard ParameterCatalogue.years.contains(fy) else { throw CertificateRefusal(.fiscalYearOutOfRange(fy, ParameterCatalogue.years)) }
        let city = try findCity(req)
        let pop = pops[city]!
        let set = ParameterSet(ruleBase: ruleBase, city: city, fiscalYear: fy, asOf: req.knownAt)
        var usedRevisions: Set<String> = []
        var usedRevisionSets: Set<String> = [set.revisionSetHash]
        let body: JSONValue
        switch req.kind {
        case .income, .nonTaxation:
            if let missing = set.missingRequired(in: .residentTax).first { throw CertificateRefusal(.rulesIncomplete(missing)) }
            guard let levy = Assessor(pop, fiscalYear: fy).residentTax(of: req.subject, ResidentTaxParameters(set)),
                  case .residentTax(let r) = levy.result, let facts = pop.taxpayerFacts(req.subject, fiscalYear: fy) else {
                throw CertificateRefusal(.notResident(subject: req.subject, city: city, fiscalYear: fy), knownAt: req.knownAt)
            }
            if req.kind == .nonTaxation && r.total > .zero {
                throw CertificateRefusal(.taxed(subject: req.subject, fiscalYear: fy))
            }
            for s in r.steps { if let id = s.revision { usedRevisions.insert(id) } }
            body = incomeBody(facts, r, fy)
        case .taxPayment:
            body = try taxPaymentBody(req, pop, set, &usedRevisionSets)
        case .vehicleInspection:
            if let missing = set.missingRequired(in: .lightVehicleTax).first { throw CertificateRefusal(.rulesIncomplete(missing)) }
            guard let vehicleLevy = Assessor(pop, fiscalYear: fy).vehicle(req.subject, LightVehicleParameters(set)),
                  case .lightVehicle(let r) = vehicleLevy.result, let (owner, facts) = pop.vehicleOnLevyDate(req.subject, fiscalYear: fy) else {
                throw CertificateRefusal(.vehicleNotRegistered(vehicle: req.subject, city: city, fiscalYear: fy), knownAt: req.knownAt)
            }
            for s in r.steps { if let id = s.revision { usedRevisions.insert(id) } }
            guard let levy = pop.ledger.levy(owner, .lightVehicleTax, fiscalYear: fy) else {
                throw CertificateRefusal(.noLevyRecorded(tax: .lightVehicleTax, subject: owner, fiscalYear: fy), knownAt: req.knownAt)
            }
            usedRevisionSets.insert(levy.revisionSet)
            let paid: Yen
            if set.count(CertificateKeys.taxPaymentLayout) >= 2 {
                // From the layout that shows 充当・還付 (adopted 2026-12-02), what the 納税証明書
                // says: a levy paid by a 充当 is paid, money refunded or 充当'd out of it is not
                // (until 2026-12-03 only the payments received were summed).
                let calendar = CollectionCalendar(ruleBase: ruleBase, city: pop.city, asOf: req.knownAt)
                guard let account = LevyAccount.make(pop.ledger, subject: owner, tax: .lightVehicleTax, fiscalYear: fy, day: req.knownAt.japanDate,
                                                     known: req.knownAt, calendar: calendar, interest: .none),
                      account.unpaid == .zero, account.paid >= levy.amount else {
                    throw CertificateRefusal(.notPaidInFull(owner: owner, fiscalYear: fy))
                }
                paid = account.paid
            } else {
                paid = paidAmount(pop, owner, .lightVehicleTax, fy, upTo: req.knownAt.japanDate)
                if paid < levy.amount {
                    throw CertificateRefusal(.notPaidInFull(owner: owner, fiscalYear: fy))
                }
            }
            body = .object([
                ("vehicle", .string(req.subject)), ("class", .string(facts.vehicleClass.rawValue)), ("owner", .string(owner)),
                ("first_inspection", facts.firstInspection.map { .string($0.description) } ?? .null),
                ("tax_for_vehicle", .integer(r.amount.amount)), ("basis", .string(r.basis.rawValue)),
                ("owner_levy", .integer(levy.amount.amount)), ("paid", .integer(paid.amount)),
                ("valid_until", CertificateParameters(set).vehicleInspectionValidUntil.map { .string($0.description) } ?? .null),
                ("note", .string(set.text(CertificateKeys.purposeNote))),
            ])
        }
        let revisions: [JSONValue] = usedRevisions.sorted().map { id in
            .object([("id", .string(id)), ("content_hash", .string(ruleBase.revisions.first { $0.id == id }?.contentHash ?? ""))])
        }
        let content: JSONValue = .object([
            ("certificate", .object([
                ("kind", .string(req.kind.rawValue)), ("title", .string(set.text(CertificateKeys.title(req.kind.rawValue)))),
                ("city", .string(city.rawValue)), ("city_name", .string(city.japaneseName)), ("issuer", .string(set.text(CertificateKeys.issuer))),
                ("fiscal_year", .integer(Int64(fy))), ("as_of", .string(req.knownAt.japanDate.description)), ("known_at", .string(req.knownAt.description)),
            ])),
            ("subject", .string(req.subject)),
        ] + addressee(req, pop) + [
            ("body", body),
            ("basis", .object([
                ("watermark", .integer(watermark)), ("watermark_hash", .string(watermarkHash.hexString)),
                ("revision_set", .string(set.revisionSetHash)), ("levy_revision_sets", .array(usedRevisionSets.sorted().map { .string($0) })),
                ("revisions", .array(revisions)),
            ])),
        ])
        return (Certificate(content: content), city)
    }

    /// 宛名 as known at the certificate's moment (the name a past certificate printed stays the
    /// one it prints): the person's, or for a vehicle its owner's on 1 April. Absent when the
    /// store holds no name, so certificates from before names were recorded keep their bytes.
    func addressee(_ req: CertificateRequest, _ pop: Population) -> [(String, JSONValue)] {
        let day = req.knownAt.japanDate
        var who = req.subject
        if pop.residents[who] == nil, let owner = pop.vehicleOnLevyDate(req.subject, fiscalYear: req.fiscalYear)?.owner { who = owner }
        guard let name = pop.names[who]?.value(on: day) else { return [] }
        var fields: [(String, JSONValue)] = [("id", .string(who)), ("name", .string(name.name)), ("kana", .string(name.kana))]
        if let a = pop.addresses[who]?.value(on: day) {
            fields.append(("address", .string(pop.city.japaneseName + a.line)))
            if let z = a.postalCode { fields.append(("postal_code", .string(z))) }
        }
        return [("addressee", .object(fields))]
    }

    func findCity(_ req: CertificateRequest) throws(CertificateRefusal) -> City {
        if let c = req.city { return c }
        for c in City.allCases {
            let p = pops[c]!
            if p.residents[req.subject] != nil || p.vehicles[req.subject] != nil || p.ledger.levies[req.subject] != nil { return c }
        }
        throw CertificateRefusal(.unknownSubject(req.subject), knownAt: req.knownAt)
    }

    /// The figures come from the calculation's typed results: the deductions it applied and the
    /// 扶養親族 it counted, never the facts as claimed (a spouse earning too much is no 控除対象配偶者).
    func incomeBody(_ f: TaxpayerFacts, _ r: ResidentTaxResult, _ fy: Int) -> JSONValue {
        let n = r.dependants
        return .object([
            ("income_year", .integer(Int64(fy - 1))),
            ("income", .object([
                ("salary_receipts", .integer(f.income.salary.amount)), ("salary_income", .integer(r.salaryIncome.amount)),
                ("pension_receipts", .integer(f.income.pension.amount)), ("business_income", .integer(f.income.business.amount)),
                ("other_income", .integer(f.income.other.amount)), ("total_income", .integer(r.totalIncome.amount)),
            ])),
            ("deductions_total", .integer(r.totalDeductions.amount)),
            ("deductions", .array(r.deductions.map { .object([("name", .string($0.name)), ("amount", .integer($0.amount.amount))]) })),
            ("taxable_income", .integer(r.taxableIncome.amount)),
            ("spouse", .bool(r.spouseDeduction != nil)),
            ("spouse_deduction", r.spouseDeduction.map { .string($0.rawValue) } ?? .null),
            ("dependants", .integer(Int64(n.total))),
            ("dependants_by_class", .object([("general", .integer(Int64(n.general))), ("specified", .integer(Int64(n.specified))),
                                             ("elderly", .integer(Int64(n.elderly))), ("cohabiting_parents", .integer(Int64(n.cohabitingParents))),
                                             ("young", .integer(Int64(n.young)))])),
            ("tax", .object([
                ("city_income_levy", .integer(r.cityIncomeLevy.amount)), ("city_per_capita", .integer(r.cityPerCapita.amount)),
                ("prefecture_income_levy", .integer(r.prefectureIncomeLevy.amount)), ("prefecture_per_capita", .integer(r.prefecturePerCapita.amount)),
                ("forest_environment_tax", .integer(r.forestEnvironmentTax.amount)), ("total", .integer(r.total.amount)),
            ])),
            ("non_taxable", .bool(r.total == .zero)),
            ("steps", .array(r.steps.map { .object([("label", .string($0.label)), ("amount", .integer($0.amount.amount)), ("revision", $0.revision.map { .string($0) } ?? .null)]) })),
        ])
    }

    func paidAmount(_ pop: Population, _ subject: String, _ tax: LevyTax, _ fy: Int, upTo day: CivilDate) -> Yen {
        (pop.ledger.payments[subject] ?? []).filter { $0.tax == tax && $0.fiscalYear == fy && $0.date <= day && $0.kind == .tax }
            .reduce(.zero) { $0 + $1.amount }
    }

    /// 納税証明書: each levy of the year on the person (alone, or with co-owners), what was paid
    /// by the day certified, and what remains (滞納). From layout 2 (`certificate.tax_payment.layout`,
    /// by adoption time) also each levy's 期別 with 納期限, the 延滞金 on the day (final for an
    /// instalment paid late, accrued so far for one still unpaid), 督促手数料 and 過誤納.
    func taxPaymentBody(_ req: CertificateRequest, _ pop: Population, _ set: ParameterSet, _ sets: inout Set<String>) throws(CertificateRefusal) -> JSONValue {
        let fy = req.fiscalYear, day = req.knownAt.japanDate
        let detailed = set.count(CertificateKeys.taxPaymentLayout) >= 2
        // 料 (Okazaki) or 税 (Toyohashi): each city's own word, from revisions/.
        let nhiWord = set.text(NHIKeys.form)
        let subjects = pop.ledger.levies.keys.filter { $0 == req.subject || $0.split(separator: ":").contains(Substring(req.subject)) }.sorted()
        let calendar = CollectionCalendar(ruleBase: ruleBase, city: pop.city, asOf: req.knownAt)
        var lines: [JSONValue] = []
        var levied = Yen.zero, paid = Yen.zero
        var lateInterestUnpaid = Yen.zero, feesUnpaid = Yen.zero, overpaid = Yen.zero
        var missingRates: Set<String> = []
        for s in subjects {
            for tax in LevyTax.allCases {
                guard let levy = pop.ledger.levy(s, tax, fiscalYear: fy) else { continue }
                sets.insert(levy.revisionSet)
                var fields: [(String, JSONValue)] = [
                    ("taxpayer", .string(s)), ("tax", .string(tax.rawValue)), ("name", .string(tax == .nhi ? "国民健康保険" + nhiWord : tax.japaneseName)),
                ]
                guard detailed else {
                    let p = paidAmount(pop, s, tax, fy, upTo: day)
                    levied += levy.amount; paid += p
                    fields += [("levied", .integer(levy.amount.amount)), ("paid", .integer(p.amount)), ("unpaid", .integer((levy.amount - p).clampedAtZero.amount)),
                               ("notice_date", .string(levy.noticeDate.description)), ("corrected", .bool(levy.corrected))]
                    lines.append(.object(fields))
                    continue
                }
                // A 都市計画税 collected with the 固定資産税 is on that levy's line (one 期別, one 延滞金).
                guard let a = LevyAccount.make(pop.ledger, subject: s, tax: tax, fiscalYear: fy, day: day, known: req.knownAt, calendar: calendar) else { continue }
                if let cp = a.cityPlanning {
                    fields[2] = ("name", .string(tax.japaneseName + "・" + LevyTax.cityPlanningTax.japaneseName))
                    // Written only for the two collected together: every other line keeps its bytes.
                    fields.append(("collected_with", .string(LevyTax.cityPlanningTax.rawValue)))
                    fields.append(("parts", .array([(tax, levy), (.cityPlanningTax, cp)].map { t, l in
                        let paid = a.apportioned(a.paid, to: t)
                        return .object([("tax", .string(t.rawValue)), ("name", .string(t.japaneseName)), ("levied", .integer(l.amount.amount)),
                                        ("paid", .integer(paid.amount)), ("unpaid", .integer((l.amount - paid).clampedAtZero.amount)),
                                        ("notice_date", .string(l.noticeDate.description)), ("corrected", .bool(l.corrected))])
                    })))
                }
                // A 延滞金 whose year has no rate in the rules yet is not printed as an amount.
                let interestKnown = a.lateInterestMissing == nil
                if let m = a.lateInterestMissing { missingRates.insert("\(m.key) (\(m.fiscalYear))") }
                levied += a.levied; paid += a.paid
                let interestUnpaid = (a.lateInterest - a.lateInterestPaid).clampedAtZero
                let feeUnpaid = (a.demandFees - a.demandFeesPaid).clampedAtZero
                if interestKnown { lateInterestUnpaid += interestUnpaid }
                feesUnpaid += feeUnpaid; overpaid += a.overpaid + a.lateInterestOverpaid + a.demandFeesOverpaid
                let instalments: [JSONValue] = a.lines.map { l in
                    let i = l.instalment
                    return .object([
                        ("instalment", .integer(Int64(i.number))), ("due_date", .string(i.dueDate.description)), ("amount", .integer(i.amount.amount)),
                        ("paid", .integer(i.paid.amount)), ("unpaid", .integer(i.unpaid.amount)),
                        ("paid_in_full_on", i.paidInFullOn.map { .string($0.description) } ?? .null),
                        ("late_interest", l.lateInterestMissing == nil ? .integer(l.lateInterest.amount) : .null),
                        ("late_interest_final", .bool(i.unpaid == .zero)),
                        ("demanded_on", l.demand.map { .string($0.date.description) } ?? .null),
                        ("demand_fee", .integer((l.demand?.fee ?? .zero).amount)),
                    ])
                }
                let overdue = a.openArrears.reduce(Yen.zero) { $0 + $1.instalment.unpaid }
                fields += [("levied", .integer(a.levied.amount)), ("paid", .integer(a.paid.amount)), ("unpaid", .integer(a.unpaid.amount)),
                           ("overdue", .integer(overdue.amount)),
                           ("notice_date", .string(levy.noticeDate.description)), ("corrected", .bool(levy.corrected)),
                           ("instalments", .array(instalments)),
                           ("late_interest", interestKnown ? .integer(a.lateInterest.amount) : .null),
                           ("late_interest_paid", .integer(a.lateInterestPaid.amount)),
                           ("late_interest_unpaid", interestKnown ? .integer(interestUnpaid.amount) : .null),
                           ("demand_fees", .integer(a.demandFees.amount)), ("demand_fees_paid", .integer(a.demandFeesPaid.amount)),
                           ("overpaid", .integer(a.overpaid.amount)),
                           ("appropriated", .integer(a.appropriatedOut.amount)), ("refunded", .integer(a.refunded.amount)),
                           ("refund_interest", .integer(a.refundInterest.amount)), ("appropriated_in", .integer(a.appropriatedIn.amount))]
                // 延滞金 or fees paid beyond what is owed, not yet settled: written only when there are
                // some, so every other certificate keeps its bytes (they were not found until 2026-12-04).
                if a.lateInterestOverpaid > .zero { fields.append(("late_interest_overpaid", .integer(a.lateInterestOverpaid.amount))) }
                if a.demandFeesOverpaid > .zero { fields.append(("demand_fees_overpaid", .integer(a.demandFeesOverpaid.amount))) }
                // 還付加算金 of a 充当: only when there is some (none was counted until 2026-12-05).
                if a.appropriationInterest > .zero { fields.append(("appropriation_interest", .integer(a.appropriationInterest.amount))) }
                lines.append(.object(fields))
            }
        }
        guard !lines.isEmpty else {
            throw CertificateRefusal(.noLevyRecorded(tax: nil, subject: req.subject, fiscalYear: fy), knownAt: req.knownAt)
        }
        var totals: [(String, JSONValue)] = [("total_levied", .integer(levied.amount)), ("total_paid", .integer(paid.amount)),
                                             ("total_unpaid", .integer((levied - paid).clampedAtZero.amount))]
        if detailed {
            sets.insert(calendar.revisionSet)
            let note = missingRates.isEmpty ? "延滞金は\(day)現在の額です。未納の期別の延滞金は、納付の日まで加算されます。"
                : "延滞金の割合が定まっていない年を含むため、延滞金の額は記載していません (\(missingRates.sorted().joined(separator: ", ")))。"
            totals += [("total_late_interest_unpaid", missingRates.isEmpty ? .integer(lateInterestUnpaid.amount) : .null),
                       ("total_demand_fees_unpaid", .integer(feesUnpaid.amount)),
                       ("total_overpaid", .integer(overpaid.amount)),
                       ("late_interest_note", .string(note))]
        }
        return .object([("lines", .array(lines))] + totals)
    }
}
