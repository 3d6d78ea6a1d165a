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
    pub role: String,
}

impl Evidence {
    pub fn of(tx: &Transaction, role: &str) -> Self {
        Evidence {
            path: tx.source.path.to_string(),
            line: tx.source.line,
            reference: tx.reference.clone(),
            role: role.to_string(),
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
    /// Money this finding puts at risk (summed into the report's `at_risk`).
    #[serde(skip)]
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

    pub fn evidence(mut self, tx: &Transaction, role: &str) -> Self {
        self.evidence.push(Evidence::of(tx, role));
        self
    }

    pub fn advice(mut self, advice: impl IntoIterator<Item = String>) -> Self {
        self.advice.extend(advice);
        self
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
