//! Findings: what a rule reports, with severity, cause, evidence (file and line) and advice.

pub use crate::model::Cause;
use crate::model::{Money, Transaction};
use chrono::{DateTime, FixedOffset};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::fmt;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, clap::ValueEnum)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Info,
    Low,
    Medium,
    High,
    Critical,
}

impl Severity {
    pub const ALL_DESCENDING: [Severity; 5] =
        [Severity::Critical, Severity::High, Severity::Medium, Severity::Low, Severity::Info];

    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Low => "low",
            Severity::Medium => "medium",
            Severity::High => "high",
            Severity::Critical => "critical",
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(self.as_str())
    }
}

/// Output language for titles, messages and advice.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum Lang {
    #[default]
    En,
    Zh,
}

impl Lang {
    /// Picks the text for this language; rules write both side by side.
    pub fn pick<T>(self, en: T, zh: T) -> T {
        match self {
            Lang::En => en,
            Lang::Zh => zh,
        }
    }
}

/// One row that supports a finding.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Evidence {
    pub path: String,
    pub line: usize,
    pub reference: Option<String>,
    /// What the row is to the finding: one of the [`role`] tokens.
    pub role: String,
}

/// Evidence roles: the stable kebab-case tokens of the JSON's `evidence[].role` (DESIGN.md §4,
/// README "Evidence roles"). Rules name roles only through these constants, so no rule can
/// invent a spelling; people read them through [`role::words`].
pub mod role {
    /// A role token; only this module makes them.
    #[derive(Debug, Clone, Copy, PartialEq, Eq)]
    pub struct Role(&'static str);

    impl Role {
        pub fn as_str(self) -> &'static str {
            self.0
        }
    }

    impl From<Role> for String {
        fn from(role: Role) -> String {
            role.0.to_string()
        }
    }

    pub const ATTEMPT: Role = Role("attempt");
    pub const FAILED_ATTEMPT: Role = Role("failed-attempt");
    pub const EARLIER_ATTEMPT_STATUS: Role = Role("earlier-attempt-status");
    pub const WALLET_TOP_UP: Role = Role("wallet-top-up");
    pub const FAILED_WALLET_TOP_UP: Role = Role("failed-wallet-top-up");
    pub const BANK_DEBIT: Role = Role("bank-debit");
    pub const DUPLICATE_BANK_DEBIT: Role = Role("duplicate-bank-debit");
    pub const BALANCE_BEFORE: Role = Role("balance-before");
    pub const BALANCE_AFTER: Role = Role("balance-after");
    pub const UNREADABLE_ROW: Role = Role("unreadable-row");
    pub const COUNTED_ROW: Role = Role("counted-row");
    pub const REPEATED_ROW: Role = Role("repeated-row");
    pub const STATED_COUNT: Role = Role("stated-count");
    pub const LAST_ROW_BEFORE_GAP: Role = Role("last-row-before-gap");
    pub const FIRST_ROW_AFTER_GAP: Role = Role("first-row-after-gap");
    pub const UNCHECKED_TOP_UP: Role = Role("unchecked-top-up");
    pub const UNCHECKED_CARD_PAYMENT: Role = Role("unchecked-card-payment");
    pub const SUSPICIOUS_ROW: Role = Role("suspicious-row");
    pub const SMALL_CHARGE: Role = Role("small-charge");
    pub const CHARGE: Role = Role("charge");
    pub const FAILED_VERIFICATION: Role = Role("failed-verification");
    pub const MONEY_MOVED: Role = Role("money-moved");

    /// Every role with its English and Chinese words, in the README's order.
    pub const ALL: &[(Role, &str, &str)] = &[
        (ATTEMPT, "attempt", "充值记录"),
        (FAILED_ATTEMPT, "failed attempt", "失败的充值记录"),
        (EARLIER_ATTEMPT_STATUS, "earlier status", "该充值的早先状态"),
        (WALLET_TOP_UP, "wallet top-up", "钱包充值"),
        (FAILED_WALLET_TOP_UP, "failed wallet top-up", "钱包中失败的充值"),
        (BANK_DEBIT, "bank debit", "银行扣款"),
        (DUPLICATE_BANK_DEBIT, "duplicate bank debit", "重复扣款"),
        (BALANCE_BEFORE, "balance before", "之前的余额"),
        (BALANCE_AFTER, "balance after", "之后的余额"),
        (UNREADABLE_ROW, "unreadable row", "无法读取的行"),
        (COUNTED_ROW, "counted row", "已计入的行"),
        (REPEATED_ROW, "repeated row", "重复的行"),
        (STATED_COUNT, "stated count", "声明的记录数"),
        (LAST_ROW_BEFORE_GAP, "last row before the gap", "缺口前最后一行"),
        (FIRST_ROW_AFTER_GAP, "first row after the gap", "缺口后第一行"),
        (UNCHECKED_TOP_UP, "unchecked top-up", "未核对的充值"),
        (UNCHECKED_CARD_PAYMENT, "unchecked card payment", "未核对的银行卡支付"),
        (SUSPICIOUS_ROW, "suspicious row", "可疑记录"),
        (SMALL_CHARGE, "small charge", "小额扣款"),
        (CHARGE, "charge", "扣款"),
        (FAILED_VERIFICATION, "failed verification", "验证失败"),
        (MONEY_MOVED, "money moved", "资金转出"),
    ];

    /// A role's words for people (`bank-debit` → `bank debit` / `银行扣款`); `None` for a
    /// token this build does not know.
    pub fn words(token: &str) -> Option<(&'static str, &'static str)> {
        ALL.iter().find(|(t, _, _)| t.0 == token).map(|&(_, en, zh)| (en, zh))
    }

    /// The words a person reads for a token, in their language (an unknown token as it is).
    pub fn phrase(token: &str, zh: bool) -> &str {
        match words(token) {
            Some((en, zh_words)) => {
                if zh {
                    zh_words
                } else {
                    en
                }
            }
            None => token,
        }
    }
}

impl Evidence {
    pub fn of(tx: &Transaction, role: role::Role) -> Self {
        Evidence {
            path: tx.source.path.to_string(),
            line: tx.source.line,
            reference: tx.reference.clone(),
            role: role.into(),
        }
    }
}

/// What a finding is an instance of: its code's identity as plain data, so a finding does
/// not depend on the rule registry that produces it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Code {
    pub code: &'static str,
    pub slug: &'static str,
    pub severity: Severity,
}

/// A finding as the report and renderers see it (DESIGN.md §4).
#[derive(Debug, Clone, Serialize)]
pub struct Finding {
    pub id: String,
    pub code: &'static str,
    pub slug: &'static str,
    pub severity: Severity,
    pub title: String,
    pub message: String,
    pub start: Option<DateTime<FixedOffset>>,
    pub end: Option<DateTime<FixedOffset>>,
    pub account: Option<String>,
    #[serde(with = "rust_decimal::serde::str_option")]
    pub amount: Option<Decimal>,
    pub currency: Option<String>,
    pub cause: Option<Cause>,
    /// The cause was inferred (from balances, timing, other funding methods) rather than read
    /// from an error code or message.
    pub cause_inferred: bool,
    pub evidence: Vec<Evidence>,
    pub advice: Vec<String>,
    /// Ids of other findings about the same rows (filled once all rules have run).
    pub related: Vec<String>,
    /// Money this finding puts at risk (summed into the report's `at_risk`): JSON writes its
    /// amount as a decimal string or null. Its currency is always `currency`'s (reconciliation
    /// matches only rows of one currency), so it is not written again.
    #[serde(serialize_with = "at_risk_amount")]
    pub at_risk: Option<Money>,
}

impl Finding {
    /// A finding of `rule` about what `keys` identify (rows' references or fingerprints; a
    /// group's scope and first member: `rules::identity`); the id is `CODE-` and 8 hex digits
    /// of a hash of the code and the keys, so that it survives file moves, renames, overlapping
    /// re-exports and unrelated rows (DESIGN.md §7). Keys never hold paths or line numbers.
    pub fn new(code: impl Into<Code>, keys: &[String], title: String, message: String) -> Self {
        let rule = code.into();
        Finding {
            id: finding_id(rule.code, keys),
            code: rule.code,
            slug: rule.slug,
            severity: rule.severity,
            title,
            message,
            start: None,
            end: None,
            account: None,
            amount: None,
            currency: None,
            cause: None,
            cause_inferred: false,
            evidence: Vec::new(),
            advice: Vec::new(),
            related: Vec::new(),
            at_risk: None,
        }
    }

    /// Derives the id again from other keys (see `new`).
    pub fn identify(&mut self, keys: &[String]) {
        self.id = finding_id(self.code, keys);
    }

    /// Sets the time span from the rows given (date-only rows span their whole day).
    pub fn spanning<'a>(mut self, txs: impl IntoIterator<Item = &'a Transaction>) -> Self {
        for tx in txs {
            let (from, to) = (tx.time.at, tx.time.at);
            self.start = Some(self.start.map_or(from, |s| s.min(from)));
            self.end = Some(self.end.map_or(to, |e| e.max(to)));
        }
        self
    }

    pub fn with_money(mut self, money: &Money) -> Self {
        self.amount = Some(money.amount);
        self.currency = Some(money.currency.clone());
        self
    }

    pub fn at_risk(mut self, money: Money) -> Self {
        self.at_risk = Some(money);
        self
    }

    pub fn account(mut self, account: impl Into<String>) -> Self {
        self.account = Some(account.into());
        self
    }

    pub fn cause(mut self, cause: Cause) -> Self {
        self.cause = Some(cause);
        self
    }

    pub fn evidence(mut self, tx: &Transaction, role: role::Role) -> Self {
        self.evidence.push(Evidence::of(tx, role));
        self
    }

    pub fn advice(mut self, advice: impl IntoIterator<Item = String>) -> Self {
        self.advice.extend(advice);
        self
    }
}

fn at_risk_amount<S: serde::Serializer>(at_risk: &Option<Money>, s: S) -> Result<S::Ok, S::Error> {
    match at_risk {
        Some(m) => s.serialize_str(&m.amount.to_string()),
        None => s.serialize_none(),
    }
}

fn finding_id(code: &str, keys: &[String]) -> String {
    let mut hasher = Sha256::new();
    hasher.update(code.as_bytes());
    for key in keys {
        hasher.update([0u8]);
        hasher.update(key.as_bytes());
    }
    let digest = hasher.finalize();
    let hex: String = digest.iter().take(4).map(|b| format!("{b:02x}")).collect();
    format!("{code}-{hex}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_role_is_a_kebab_case_token_listed_once() {
        for (role, en, zh) in role::ALL {
            let token = role.as_str();
            let kebab = !token.is_empty()
                && token.split('-').all(|w| !w.is_empty() && w.chars().all(|c| c.is_ascii_lowercase()));
            assert!(kebab, "role {token:?} is not kebab-case");
            assert!(!en.is_empty() && !zh.is_empty(), "role {token} has no words");
            assert_eq!(role::ALL.iter().filter(|(t, _, _)| t == role).count(), 1, "role {token} listed twice");
        }
        assert_eq!(role::words(role::BANK_DEBIT.as_str()), Some(("bank debit", "银行扣款")));
        assert_eq!(role::words("bank debit"), None);
    }

    #[test]
    fn at_risk_is_a_decimal_string_or_null() {
        let code = Code { code: "R001", slug: "debited-not-credited", severity: Severity::Critical };
        let f = Finding::new(code, &["k".to_string()], String::new(), String::new());
        assert_eq!(serde_json::to_value(&f).unwrap()["at_risk"], serde_json::Value::Null);
        let f = f.at_risk(Money::new("500.10".parse().unwrap(), "CNY"));
        assert_eq!(serde_json::to_value(&f).unwrap()["at_risk"], "500.10");
    }
}
