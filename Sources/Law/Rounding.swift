import KaiseiCore

/// The statute's rounding rules, one named function each, in one file: a calculator never rounds
/// money with a bare `flooredTo` or `.up` where a rule here applies. Each doc comment names the
/// article and the direction.
public enum StatutoryRounding {
    /// 課税標準額 (a tax base): down to a multiple of 1,000 yen; a negative base is 0.
    ///
    /// 地方税法第20条の4の2第1項 (1,000円未満の端数又はその全額を切り捨てる). `taxBase(¥1,234,567)` is ¥1,234,000.
    public static func taxBase(_ y: Yen) -> Yen { y.clampedAtZero.flooredTo(1_000) }

    /// 確定金額 (a tax amount, or an NHI part after its cap): down to a multiple of 100 yen; a
    /// negative amount is 0.
    ///
    /// 地方税法第20条の4の2第3項 (100円未満の端数又はその全額を切り捨てる). `taxAmount(¥52,399)` is ¥52,300.
    public static func taxAmount(_ y: Yen) -> Yen { y.clampedAtZero.flooredTo(100) }

    /// 税額控除額 (寄附金税額控除, the 調整控除 shares): `amount × rate`, a fraction of a yen rounded
    /// **up**, in the taxpayer's favour, as the cities' published examples do.
    ///
    /// No article sets this direction; UNVERIFIED against the cities' own practice
    /// (shared/law/resident-tax.md D4). Kept here so a change is one line.
    public static func credit(_ amount: Yen, _ rate: Fraction) -> Yen { amount.clampedAtZero.times(rate, .up) }

    /// 給与等の収入金額 looked up in 所得税法別表第五: **down** to the table's step (4,000 yen, from
    /// `resident_tax.salary.table_rounding_from` to below `…_below`: 1,628,000–6,600,000 yen until FY2025).
    ///
    /// 所得税法第28条第4項 and 別表第五, as 地方税法第32条第2項・第313条第2項 apply them.
    /// `salaryTableReceipts(¥3,333,333, step: ¥4,000)` is ¥3,332,000.
    public static func salaryTableReceipts(_ receipts: Yen, step: Yen) -> Yen {
        step.amount > 0 ? receipts.flooredTo(step.amount) : receipts
    }

    /// A year's amount split over `count` 納期: each instalment **down** to a whole multiple of
    /// `unit`, and the remainder with the first.
    ///
    /// 地方税法第20条の4の2第6項 (分割金額の端数は最初の納期に), as `nhi.instalment_unit` cites it.
    /// `instalments(¥100,050, count: 3, unit: ¥100)` is [¥33,450, ¥33,300, ¥33,300].
    public static func instalments(_ total: Yen, count: Int, unit: Yen) -> [Yen] {
        guard count > 0 else { return [] }
        return (0..<count).map { instalment($0, of: total, count: count, unit: unit) }
    }

    /// The `k`-th (from 0) of `instalments(total, count:, unit:)`, without making the array.
    @inline(__always)
    public static func instalment(_ k: Int, of total: Yen, count: Int, unit: Yen) -> Yen {
        let n = Int64(count), step = max(1, unit.amount)
        let each = total.amount / n / step * step
        return Yen(k == 0 ? total.amount - each * (n - 1) : each)
    }
}
