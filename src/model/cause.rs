//! Why a top-up failed: the cause vocabulary shared by the classifier, reconciliation and findings.

use serde::Serialize;

/// Why a top-up failed, as the classifier reads it from a code or message (DESIGN.md §4).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Cause {
    InsufficientFunds,
    CardLocked,
    CardExpired,
    CardBinding,
    BankLimit,
    IdentityVerification,
    Network,
    WalletSystem,
    RiskDeclined,
    Unknown,
}

impl Cause {
    /// Every cause, in code order (F001 … F010).
    pub const ALL: [Cause; 10] = [
        Cause::InsufficientFunds,
        Cause::CardLocked,
        Cause::CardExpired,
        Cause::CardBinding,
        Cause::BankLimit,
        Cause::IdentityVerification,
        Cause::Network,
        Cause::WalletSystem,
        Cause::RiskDeclined,
        Cause::Unknown,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Cause::InsufficientFunds => "insufficient-funds",
            Cause::CardLocked => "card-locked",
            Cause::CardExpired => "card-expired",
            Cause::CardBinding => "card-binding",
            Cause::BankLimit => "bank-limit",
            Cause::IdentityVerification => "identity-verification",
            Cause::Network => "network",
            Cause::WalletSystem => "wallet-system",
            Cause::RiskDeclined => "risk-declined",
            Cause::Unknown => "unknown",
        }
    }
}
