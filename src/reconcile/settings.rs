//! Reconciliation windows and tolerances, with defaults and the `[reconcile]` config section,
//! and the failure classifier reconciliation labels failed top-ups with.

use crate::classify::Classifier;
use rust_decimal::Decimal;
use serde::Deserialize;

/// How far apart rows may be and still be the same money movement.
#[derive(Debug, Clone, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Settings {
    /// An attempt-log entry and a wallet row this close in time (same amount) are one attempt.
    pub merge_window_minutes: i64,
    /// A bank row may be dated this many days after the top-up (posting delay, weekends).
    pub posting_delay_days: i64,
    /// A bank row with a time may precede the wallet's time by this much (clock skew).
    pub early_minutes: i64,
    /// Debit and top-up amounts may differ by this fraction without comment (fees).
    pub fee_tolerance_ratio: Decimal,
    /// … or by this absolute amount, whichever is larger.
    pub fee_tolerance_abs: Decimal,
    /// A debit that differs by more than the fee tolerance but less than this fraction is
    /// still matched, and reported as an amount mismatch (R007).
    pub mismatch_ratio: Decimal,
    /// Days within which a failed top-up's debit is normally refunded.
    pub refund_window_days: i64,
    /// Hours after which a pending top-up is stuck.
    pub pending_hours: i64,
    /// The failure classifier, with the user's `[classify]` entries: not a `[reconcile]` key,
    /// set by whoever reads the configuration (the built-in vocabulary by default).
    #[serde(skip)]
    pub classifier: Classifier,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            merge_window_minutes: 10,
            posting_delay_days: 3,
            early_minutes: 10,
            fee_tolerance_ratio: Decimal::new(1, 3),
            fee_tolerance_abs: Decimal::new(1, 2),
            mismatch_ratio: Decimal::new(10, 2),
            refund_window_days: 7,
            pending_hours: 24,
            classifier: Classifier::default(),
        }
    }
}

impl Settings {
    /// Windows must be non-negative and at most ten years; tolerances between 0 and 1.
    pub fn validate(&self) -> Result<(), String> {
        let windows = [
            ("merge_window_minutes", self.merge_window_minutes, 10 * 365 * 24 * 60),
            ("posting_delay_days", self.posting_delay_days, 3650),
            ("early_minutes", self.early_minutes, 10 * 365 * 24 * 60),
            ("refund_window_days", self.refund_window_days, 3650),
            ("pending_hours", self.pending_hours, 10 * 365 * 24),
        ];
        for (name, value, max) in windows {
            if !(0..=max).contains(&value) {
                return Err(format!("[reconcile] {name} = {value} must be between 0 and {max}"));
            }
        }
        for (name, value) in
            [("fee_tolerance_ratio", self.fee_tolerance_ratio), ("mismatch_ratio", self.mismatch_ratio)]
        {
            if value < Decimal::ZERO || value > Decimal::ONE {
                return Err(format!("[reconcile] {name} = {value} must be between 0 and 1"));
            }
        }
        if self.fee_tolerance_abs < Decimal::ZERO {
            return Err(format!("[reconcile] fee_tolerance_abs = {} must not be negative", self.fee_tolerance_abs));
        }
        Ok(())
    }

    /// The difference two amounts may show and still count as equal (fees, rounding).
    pub fn fee_tolerance(&self, amount: Decimal) -> Decimal {
        (amount.abs() * self.fee_tolerance_ratio).max(self.fee_tolerance_abs)
    }
}

#[cfg(test)]
mod tests {
    use super::Settings;

    #[test]
    fn defaults_are_valid_and_nonsense_is_refused() {
        assert_eq!(Settings::default().validate(), Ok(()));
        let negative = Settings { refund_window_days: -1, ..Settings::default() };
        assert!(negative.validate().unwrap_err().contains("refund_window_days = -1"));
        let huge = Settings { posting_delay_days: i64::MAX, ..Settings::default() };
        assert!(huge.validate().is_err());
        let ratio = Settings { mismatch_ratio: "1.5".parse().unwrap(), ..Settings::default() };
        assert!(ratio.validate().unwrap_err().contains("mismatch_ratio"));
    }
}
