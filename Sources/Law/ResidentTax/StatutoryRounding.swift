import KaiseiCore

/// The rounding rules of 地方税法第20条の4の2, one named function each.
public enum StatutoryRounding {
    /// 地方税法第20条の4の2第1項: a tax base (課税標準額) is rounded down to 1,000 yen.
    public static func taxBase(_ y: Yen) -> Yen { y.clampedAtZero.flooredTo(1_000) }

    /// 地方税法第20条の4の2第3項: a tax amount (確定金額) is rounded down to 100 yen.
    public static func taxAmount(_ y: Yen) -> Yen { y.clampedAtZero.flooredTo(100) }

    /// 税額控除額 (寄附金税額控除, 調整控除 shares): a fraction of a yen is rounded up, in the
    /// taxpayer's favour, as the cities' published examples do. UNVERIFIED against the cities'
    /// own practice (shared/law/resident-tax.md D4); kept in one place so a change is one line.
    public static func credit(_ amount: Yen, _ rate: Fraction) -> Yen { amount.clampedAtZero.times(rate, .up) }
}
