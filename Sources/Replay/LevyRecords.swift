import KaiseiCore
import KaiseiEvents
import Law

/// The taxes a levy run records, with the short codes used in event ids.
public enum LevyTax: String, Sendable, CaseIterable, Comparable {
    case residentTax = "resident_tax", lightVehicleTax = "light_vehicle_tax", fixedAssetTax = "fixed_asset_tax", cityPlanningTax = "city_planning_tax", nhi
    case corporateTax = "corporate_tax", officeTax = "office_tax"
    public var code: String { ["rt", "lv", "fa", "cp", "nh", "cm", "ot"][LevyTax.allCases.firstIndex(of: self)!] }
    public var japaneseName: String {
        ["個人市民税・県民税", "軽自動車税 (種別割)", "固定資産税", "都市計画税", "国民健康保険", "法人市民税", "事業所税"][LevyTax.allCases.firstIndex(of: self)!]
    }
    /// 申告納付 (the taxpayer declares and pays by the 法定納期限) rather than 賦課 by notice.
    public var selfAssessed: Bool { self == .corporateTax || self == .officeTax }
    public static func < (a: LevyTax, b: LevyTax) -> Bool { allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)! }
}

/// One taxpayer's amount of one tax: what a levy run records and a 納税証明書 shows. Co-owners
/// are one taxpayer whose subject is their ids joined by ":" (共有者 are assessed jointly).
public struct LevyLine: Sendable, Equatable, Comparable {
    public let subject: String
    public let tax: LevyTax
    public let amount: Yen
    /// 法定納期限 of a 申告納付 levy (`RecordedLevy.dueDate`).
    public var dueDate: CivilDate? = nil
    public var returnFiled: CivilDate? = nil
    /// That return is a 修正申告 after 不正, foreseeing a 更正 (no 除算期間).
    public var fraudForeseen = false
    /// A 申告納付 levy with more than one 法定納期限 (two 事業年度 due in one fiscal year): each
    /// one's share, in due order. Empty otherwise.
    public var parts: [DuePart] = []
    public init(subject: String, tax: LevyTax, amount: Yen, dueDate: CivilDate? = nil, returnFiled: CivilDate? = nil, parts: [DuePart] = []) {
        self.subject = subject; self.tax = tax; self.amount = amount; self.dueDate = dueDate; self.returnFiled = returnFiled; self.parts = parts
    }
    public static func < (a: LevyLine, b: LevyLine) -> Bool { (a.subject, a.tax) < (b.subject, b.tax) }
    public static func groupSubject(_ owners: [String]) -> String { owners.joined(separator: ":") }
}

/// One 法定納期限's share of a 申告納付 levy, and the day its return in force was filed.
public struct DuePart: Sendable, Equatable {
    public let dueDate: CivilDate
    public let amount: Yen
    public let filed: CivilDate?
    /// The return filed that day is a 修正申告 after 不正, foreseeing a 更正 (no 除算期間).
    public var fraudForeseen = false
    public init(dueDate: CivilDate, amount: Yen, filed: CivilDate?, fraudForeseen: Bool = false) {
        self.dueDate = dueDate; self.amount = amount; self.filed = filed; self.fraudForeseen = fraudForeseen
    }

    /// The day of the last recorded lowering (減額更正) of the tax due on `due`, if any.
    public static func lastLowering(_ records: [RecordedLevy], due: CivilDate) -> CivilDate? {
        var last: CivilDate?
        var current = Yen.zero
        for r in records {
            let target = r.amount.clampedAtZero
            if target < current && r.dueDate == due { last = r.noticeDate }
            current = target
        }
        return last
    }

    /// What the recorded notices of one 申告納付 levy (in recorded order) leave due on each
    /// 法定納期限: a raise on its own notice's 納期限, a lowering taken from its own 納期限 first and
    /// then from the latest — as `InstalmentSchedule.selfAssessed` builds the instalments.
    public static func recorded(_ records: [RecordedLevy]) -> [CivilDate: Yen] {
        var by: [CivilDate: Yen] = [:]
        var current = Yen.zero
        for r in records {
            let target = r.amount.clampedAtZero
            defer { current = target }
            guard let due = r.dueDate else { continue }
            if target > current {
                by[due, default: .zero] += target - current
            } else if target < current {
                var cut = current - target
                for d in [due] + by.keys.filter({ $0 != due }).sorted(by: >) where cut > .zero {
                    let take = min(cut, by[d] ?? .zero)
                    by[d] = (by[d] ?? .zero) - take
                    cut -= take
                }
            }
        }
        return by.filter { $0.value > .zero }
    }
}

/// A levy as recorded in the store (当初 or 更正), the latest one per tax and fiscal year wins.
public struct RecordedLevy: Sendable, Equatable {
    public let tax: LevyTax
    public let fiscalYear: Int
    public let amount: Yen
    /// The revision-set hash the levy was computed under (64 hex digits).
    public var revisionSet: String { revisionSetID.text }
    private let revisionSetID: RevisionSetID
    public let watermark: Int64
    public let seq: Int64
    public let recordedAt: RecordedTime
    public let corrected: Bool
    public let noticeDate: CivilDate
    /// 法定納期限 of a 申告納付 levy (法人市民税, 事業所税): its one 納期限; nil for a 賦課 levy,
    /// whose 納期 are the city's.
    public var dueDate: CivilDate? = nil
    /// The day the return in force was filed (申告納付 only).
    public var returnFiled: CivilDate? = nil
    /// That return is a 修正申告 filed after 偽りその他不正の行為, foreseeing a 更正 (no 除算期間).
    public var fraudForeseen = false

    public init(tax: LevyTax, fiscalYear: Int, amount: Yen, revisionSet: String, watermark: Int64, seq: Int64, recordedAt: RecordedTime,
                corrected: Bool, noticeDate: CivilDate, dueDate: CivilDate? = nil, returnFiled: CivilDate? = nil, fraudForeseen: Bool = false) {
        self.tax = tax; self.fiscalYear = fiscalYear; self.amount = amount; self.revisionSetID = RevisionSetID(revisionSet)
        self.watermark = watermark; self.seq = seq; self.recordedAt = recordedAt; self.corrected = corrected; self.noticeDate = noticeDate
        self.dueDate = dueDate; self.returnFiled = returnFiled; self.fraudForeseen = fraudForeseen
    }
}

/// A revision-set hash held as its 32 bytes, not as text: a recorded levy is then copied without
/// touching a shared heap object. Every levy of a run names the same hash, so with the text two
/// cores reading levies (the 延滞金 of every open arrear) kept retaining and releasing one string.
/// Any other text (none is written by Kaisei) is kept as it was given.
struct RevisionSetID: Sendable, Equatable {
    private let a: UInt64, b: UInt64, c: UInt64, d: UInt64
    private let other: String?

    init(_ text: String) {
        var words: [UInt64] = [0, 0, 0, 0]
        var ok = text.utf8.count == 64
        if ok {
            for (i, ch) in text.utf8.enumerated() {
                let v: UInt64
                switch ch {
                case UInt8(ascii: "0")...UInt8(ascii: "9"): v = UInt64(ch - UInt8(ascii: "0"))
                case UInt8(ascii: "a")...UInt8(ascii: "f"): v = UInt64(ch - UInt8(ascii: "a") + 10)
                default: ok = false; v = 0
                }
                guard ok else { break }
                words[i / 16] = words[i / 16] << 4 | v
            }
        }
        if ok { (a, b, c, d, other) = (words[0], words[1], words[2], words[3], nil) } else { (a, b, c, d, other) = (0, 0, 0, 0, text) }
    }

    var text: String {
        if let other { return other }
        let digits = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        out.reserveCapacity(64)
        for w in [a, b, c, d] {
            for shift in stride(from: 60, through: 0, by: -4) { out.append(digits[Int((w >> UInt64(shift)) & 0xf)]) }
        }
        return String(decoding: out, as: UTF8.self)
    }
}

public struct RecordedPayment: Sendable, Equatable {
    /// What a payment pays: the tax (本税), its 延滞金 or a 督促手数料.
    public enum Kind: String, Sendable, Equatable { case tax, lateInterest = "late_interest", demandFee = "demand_fee" }
    public let tax: LevyTax
    public let fiscalYear: Int
    public let amount: Yen
    public let date: CivilDate
    public let seq: Int64
    public var kind: Kind = .tax
    /// When the payment was recorded: a 納税証明書 "as known at" a moment counts only those
    /// recorded by then, even when dated earlier (a bank's report arrives days later).
    public var recordedAt: RecordedTime = .distantPast
    public init(tax: LevyTax, fiscalYear: Int, amount: Yen, date: CivilDate, seq: Int64, kind: Kind = .tax, recordedAt: RecordedTime = .distantPast) {
        self.tax = tax; self.fiscalYear = fiscalYear; self.amount = amount; self.date = date; self.seq = seq; self.kind = kind; self.recordedAt = recordedAt
    }
}

/// A 督促状 sent for one instalment (`DemandNoticeIssued`).
public struct RecordedDemand: Sendable, Equatable {
    public let tax: LevyTax
    public let fiscalYear: Int
    /// 期別 (0 = 随時).
    public let instalment: Int
    public let dueDate: CivilDate
    /// The day it was sent.
    public let date: CivilDate
    public let fee: Yen
    public let seq: Int64
    public let recordedAt: RecordedTime
    public init(tax: LevyTax, fiscalYear: Int, instalment: Int, dueDate: CivilDate, date: CivilDate, fee: Yen, seq: Int64, recordedAt: RecordedTime) {
        self.tax = tax; self.fiscalYear = fiscalYear; self.instalment = instalment; self.dueDate = dueDate; self.date = date; self.fee = fee
        self.seq = seq; self.recordedAt = recordedAt
    }
}

/// A levy's 過誤納金 settled: applied to another levy of the same taxpayer (充当) or refunded.
public struct RecordedSettlement: Sendable, Equatable {
    public enum Kind: String, Sendable, Equatable { case appropriated, refunded }
    public let kind: Kind
    /// The levy overpaid.
    public let tax: LevyTax
    /// What of it was overpaid: its tax (本税), its 延滞金 or its 督促手数料 (paid beyond what is
    /// owed, RefundRun). Only a settlement of tax takes money off the tax paid.
    public let sourceKind: RecordedPayment.Kind
    public let fiscalYear: Int
    public let amount: Yen
    /// 充当: the levy paid with it and the day it counts as paid.
    public let targetTax: LevyTax?
    public let targetFiscalYear: Int?
    public let deemedPaidOn: CivilDate?
    /// 充当: what of the target levy it pays — its tax (本税), its 延滞金 or its 督促手数料.
    public let targetKind: RecordedPayment.Kind
    /// 還付加算金 added: to the refund, or (a 充当) counted through the 充当適状日 and paid out.
    public let interest: Yen
    /// The day of the 充当 or of the refund decision.
    public let date: CivilDate
    public let seq: Int64
    public let recordedAt: RecordedTime
    public init(kind: Kind, tax: LevyTax, sourceKind: RecordedPayment.Kind = .tax, fiscalYear: Int, amount: Yen, targetTax: LevyTax?, targetFiscalYear: Int?,
                deemedPaidOn: CivilDate?, targetKind: RecordedPayment.Kind = .tax, interest: Yen, date: CivilDate, seq: Int64, recordedAt: RecordedTime) {
        self.kind = kind; self.tax = tax; self.sourceKind = sourceKind; self.fiscalYear = fiscalYear; self.amount = amount; self.targetTax = targetTax; self.targetKind = targetKind
        self.targetFiscalYear = targetFiscalYear; self.deemedPaidOn = deemedPaidOn; self.interest = interest; self.date = date
        self.seq = seq; self.recordedAt = recordedAt
    }
}

/// Levies, payments, 督促 and 充当・還付 by taxpayer subject, folded from LevyAssessed /
/// LevyCorrected / PaymentReceived / DemandNoticeIssued / OverpaymentAppropriated /
/// OverpaymentRefunded.
public struct LevyLedger: Sendable {
    public var levies: [String: [RecordedLevy]] = [:]
    public var payments: [String: [RecordedPayment]] = [:]
    public var demands: [String: [RecordedDemand]] = [:]
    public var settlements: [String: [RecordedSettlement]] = [:]
    public init() {}

    /// The levy in force for a subject, tax and year: the last recorded.
    public func levy(_ subject: String, _ tax: LevyTax, fiscalYear fy: Int) -> RecordedLevy? {
        levies[subject]?.last { $0.tax == tax && $0.fiscalYear == fy }
    }

    /// For `kaisei audit-levies`, which reads only the levy events.
    public mutating func applyForAudit(_ e: Event, seq: Int64) { apply(e, seq: seq) }

    mutating func apply(_ e: Event, seq: Int64) {
        let f = EventFields.shared.levy
        if e.type == .overpaymentAppropriated || e.type == .overpaymentRefunded {
            let x = EventFields.shared.settlement
            guard let code = e[x.tax], let fy = e[x.fiscalYear], let amount = e[x.amount] else { return }
            let appropriated = e.type == .overpaymentAppropriated
            settlements[e.subject, default: []].append(RecordedSettlement(
                kind: appropriated ? .appropriated : .refunded, tax: Self.tax(code), sourceKind: Self.paymentKind(appropriated ? e[x.appropriatedKind] : e[x.refundedKind]), fiscalYear: Int(fy), amount: amount,
                targetTax: appropriated ? e[x.targetTax].map(Self.tax) : nil, targetFiscalYear: appropriated ? e[x.targetFiscalYear].map { Int($0) } : nil,
                deemedPaidOn: appropriated ? e[x.deemedPaidOn] : nil, targetKind: appropriated ? Self.paymentKind(e[x.targetKind]) : .tax,
                interest: (appropriated ? e[x.appropriatedInterest] : e[x.interest]) ?? .zero,
                date: e.validDate, seq: seq, recordedAt: e.recordedAt ?? .distantPast))
            return
        }
        if e.type == .demandNoticeIssued {
            let d = EventFields.shared.demand
            guard let code = e[d.tax], let fy = e[d.fiscalYear], let due = e[d.dueDate] else { return }
            demands[e.subject, default: []].append(RecordedDemand(tax: Self.tax(code), fiscalYear: Int(fy), instalment: Int(e[d.instalment] ?? 0),
                                                                  dueDate: due, date: e.validDate, fee: e[d.fee] ?? .zero, seq: seq,
                                                                  recordedAt: e.recordedAt ?? .distantPast))
            return
        }
        // Only levies and payments carry these fields (`applyForAudit` may be handed any event).
        guard f.tax.reads(e.type), let code = e[f.tax], let fy = e[f.fiscalYear], let amount = e[f.amount] else { return }
        let tax = Self.tax(code)
        switch e.type {
        case .levyAssessed, .levyCorrected:
            let levy = RecordedLevy(tax: tax, fiscalYear: Int(fy), amount: amount, revisionSet: e[f.revisionSet] ?? "",
                                    watermark: e[f.watermark] ?? 0, seq: seq, recordedAt: e.recordedAt ?? .distantPast,
                                    corrected: e.type == .levyCorrected, noticeDate: e.validDate,
                                    dueDate: e.type == .levyCorrected ? e[f.dueDateCorrected] : e[f.dueDateAssessed],
                                    returnFiled: e.type == .levyCorrected ? e[f.returnFiledCorrected] : e[f.returnFiledAssessed],
                                    fraudForeseen: (e.type == .levyCorrected ? e[f.fraudForeseenCorrected] : e[f.fraudForeseenAssessed]) == true)
            levies[e.subject, default: []].append(levy)
        case .paymentReceived:
            let kind = Self.paymentKind(e[f.paymentKind])
            let payment = RecordedPayment(tax: tax, fiscalYear: Int(fy), amount: amount, date: e.validDate, seq: seq, kind: kind,
                                          recordedAt: e.recordedAt ?? .distantPast)
            payments[e.subject, default: []].append(payment)
        default: break
        }
    }

    /// A payment's (or a 充当's) `kind`, tax when absent.
    private static func paymentKind(_ code: Vocabulary.PaymentKind?) -> RecordedPayment.Kind {
        switch code {
        case nil, .tax: return .tax
        case .lateInterest: return .lateInterest
        case .demandFee: return .demandFee
        }
    }

    /// The stored tax code as the ledger's `LevyTax`: an exhaustive switch, so a tax added to the
    /// vocabulary does not compile until it is added here.
    private static func tax(_ code: Vocabulary.LevyTax) -> LevyTax {
        switch code {
        case .residentTax: return .residentTax
        case .lightVehicleTax: return .lightVehicleTax
        case .fixedAssetTax: return .fixedAssetTax
        case .cityPlanningTax: return .cityPlanningTax
        case .nhi: return .nhi
        case .corporateTax: return .corporateTax
        case .officeTax: return .officeTax
        }
    }
}
