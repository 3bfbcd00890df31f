import KaiseiCore
import KaiseiEvents
import Law

/// The taxes a levy run records, with the short codes used in event ids.
public enum LevyTax: String, Sendable, CaseIterable, Comparable {
    case residentTax = "resident_tax", lightVehicleTax = "light_vehicle_tax", fixedAssetTax = "fixed_asset_tax", cityPlanningTax = "city_planning_tax", nhi
    public var code: String { ["rt", "lv", "fa", "cp", "nh"][LevyTax.allCases.firstIndex(of: self)!] }
    public var japaneseName: String { ["個人市民税・県民税", "軽自動車税 (種別割)", "固定資産税", "都市計画税", "国民健康保険"][LevyTax.allCases.firstIndex(of: self)!] }
    public static func < (a: LevyTax, b: LevyTax) -> Bool { allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)! }
}

/// One taxpayer's amount of one tax: what a levy run records and a 納税証明書 shows. Co-owners
/// are one taxpayer whose subject is their ids joined by ":" (共有者 are assessed jointly).
public struct LevyLine: Sendable, Equatable, Comparable {
    public let subject: String
    public let tax: LevyTax
    public let amount: Yen
    public init(subject: String, tax: LevyTax, amount: Yen) { self.subject = subject; self.tax = tax; self.amount = amount }
    public static func < (a: LevyLine, b: LevyLine) -> Bool { (a.subject, a.tax) < (b.subject, b.tax) }
    public static func groupSubject(_ owners: [String]) -> String { owners.joined(separator: ":") }
}

/// A levy as recorded in the store (当初 or 更正), the latest one per tax and fiscal year wins.
public struct RecordedLevy: Sendable, Equatable {
    public let tax: LevyTax
    public let fiscalYear: Int
    public let amount: Yen
    public let revisionSet: String
    public let watermark: Int64
    public let seq: Int64
    public let recordedAt: RecordedTime
    public let corrected: Bool
    public let noticeDate: CivilDate
}

public struct RecordedPayment: Sendable, Equatable {
    public let tax: LevyTax
    public let fiscalYear: Int
    public let amount: Yen
    public let date: CivilDate
    public let seq: Int64
}

/// Levies and payments by taxpayer subject, folded from LevyAssessed / LevyCorrected /
/// PaymentReceived.
public struct LevyLedger: Sendable {
    public var levies: [String: [RecordedLevy]] = [:]
    public var payments: [String: [RecordedPayment]] = [:]
    public init() {}

    /// The levy in force for a subject, tax and year: the last recorded.
    public func levy(_ subject: String, _ tax: LevyTax, fiscalYear fy: Int) -> RecordedLevy? {
        levies[subject]?.last { $0.tax == tax && $0.fiscalYear == fy }
    }

    /// For `kaisei audit-levies`, which reads only the levy events.
    public mutating func applyForAudit(_ e: Event, seq: Int64) { apply(e, seq: seq) }

    mutating func apply(_ e: Event, seq: Int64) {
        let f = EventFields.shared.levy
        // Only levies and payments carry these fields (`applyForAudit` may be handed any event).
        guard f.tax.reads(e.type), let code = e[f.tax], let fy = e[f.fiscalYear], let amount = e[f.amount] else { return }
        let tax = Self.tax(code)
        switch e.type {
        case .levyAssessed, .levyCorrected:
            let levy = RecordedLevy(tax: tax, fiscalYear: Int(fy), amount: amount, revisionSet: e[f.revisionSet] ?? "",
                                    watermark: e[f.watermark] ?? 0, seq: seq, recordedAt: e.recordedAt ?? .distantPast,
                                    corrected: e.type == .levyCorrected, noticeDate: e.validDate)
            levies[e.subject, default: []].append(levy)
        case .paymentReceived:
            let payment = RecordedPayment(tax: tax, fiscalYear: Int(fy), amount: amount, date: e.validDate, seq: seq)
            payments[e.subject, default: []].append(payment)
        default: break
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
        }
    }
}
