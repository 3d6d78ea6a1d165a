//! The unified transaction every adapter produces, with the file and line it came from.

use super::{Money, Timestamp};
use serde::{Deserialize, Serialize};
use std::sync::Arc;

/// Which kind of record a row comes from (DESIGN.md §2).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Side {
    Wallet,
    Bank,
    Attempts,
}

/// Where a row was read: the file as the user named it and its 1-based physical line.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct SourceRef {
    pub path: Arc<str>,
    pub line: usize,
}

/// The last component of a path as the user gave it (`samples/icbc.csv` → `icbc.csv`).
pub fn file_name(path: &str) -> &str {
    path.rsplit(['/', '\\']).next().unwrap_or(path)
}

/// Whether money came into or left the account the statement is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Direction {
    In,
    Out,
    /// Moves inside the owner's own accounts that the wallet counts as neither (不计收支).
    Neutral,
}

/// What a row is about; reconciliation cares about top-ups, refunds and card-funded payments.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Kind {
    /// Money moved from a bank card into the wallet's stored value.
    TopUp,
    /// Money moved from the wallet back to a bank card.
    Withdrawal,
    Payment,
    Refund,
    Transfer,
    Income,
    Fee,
    Other,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    Success,
    Failed,
    Pending,
    Cancelled,
}

impl Status {
    /// The canonical attempts CSV spelling, also used when reading it.
    pub fn parse_canonical(s: &str) -> Option<Status> {
        match s.trim().to_ascii_lowercase().as_str() {
            "success" | "succeeded" | "ok" => Some(Status::Success),
            "failed" | "failure" | "fail" | "declined" | "error" => Some(Status::Failed),
            "pending" | "processing" => Some(Status::Pending),
            "cancelled" | "canceled" => Some(Status::Cancelled),
            _ => None,
        }
    }
}

/// The raw failure as the source gave it; the classifier turns it into a cause.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct FailureInfo {
    pub code: Option<String>,
    pub message: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Transaction {
    pub source: SourceRef,
    /// Which export of its file the row is in (0 for the first; files can hold several).
    #[serde(skip)]
    pub part: u16,
    pub side: Side,
    /// `alipay`, `wechat`, `icbc:9876`, `attempts` …: whose statement this row is on.
    pub account: String,
    /// The wallet involved: the statement's own wallet, or for bank rows the provider
    /// recognised from the counterparty (`alipay`, `wechat`, …).
    pub provider: Option<String>,
    pub time: Timestamp,
    /// Always positive; `direction` says which way it went.
    pub money: Money,
    pub direction: Direction,
    pub kind: Kind,
    pub status: Status,
    pub counterparty: Option<String>,
    pub description: Option<String>,
    /// Funding method as the wallet shows it, e.g. `工商银行(9876)`.
    pub method: Option<String>,
    /// Last four digits of the card involved (funding card, or the statement's own card).
    pub card_last4: Option<String>,
    pub reference: Option<String>,
    pub merchant_reference: Option<String>,
    /// Running balance after this row, where the statement prints one.
    #[serde(with = "rust_decimal::serde::str_option")]
    pub balance: Option<rust_decimal::Decimal>,
    /// A fee the wallet kept out of `money` (a WeChat withdrawal's 服务费): the card saw
    /// `money` less the fee.
    #[serde(with = "rust_decimal::serde::str_option", default, skip_serializing_if = "Option::is_none")]
    pub fee: Option<rust_decimal::Decimal>,
    /// The same movement in another currency, exactly as the statement prints it (a card's
    /// foreign-amount column, OFX `ORIGCURRENCY`, CAMT `InstdAmt`, a PayPal or Wise conversion):
    /// the only way a claim in that currency may match this row (`reconcile::matching`). Never
    /// summed with `money`, and no part of the fingerprint.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub original: Option<Money>,
    pub failure: Option<FailureInfo>,
    pub network: Option<String>,
    pub device: Option<String>,
    pub location: Option<String>,
    pub app_version: Option<String>,
}

impl Transaction {
    /// A new transaction with the optional details empty; adapters fill in what they know.
    pub fn new(
        source: SourceRef,
        side: Side,
        account: impl Into<String>,
        time: Timestamp,
        money: Money,
        direction: Direction,
    ) -> Self {
        Transaction {
            source,
            part: 0,
            side,
            account: account.into(),
            provider: None,
            time,
            money,
            direction,
            kind: Kind::Other,
            status: Status::Success,
            counterparty: None,
            description: None,
            method: None,
            card_last4: None,
            reference: None,
            merchant_reference: None,
            balance: None,
            fee: None,
            original: None,
            failure: None,
            network: None,
            device: None,
            location: None,
            app_version: None,
        }
    }

    /// This row's amount in `currency`: its own, or the one it prints in that currency
    /// (`original`); `None` when it shows none in that currency.
    pub fn amount_in(&self, currency: &str) -> Option<rust_decimal::Decimal> {
        if self.money.currency == currency {
            return Some(self.money.amount);
        }
        self.original.as_ref().filter(|o| o.currency == currency).map(|o| o.amount)
    }

    /// What identifies this row whatever file it was read from, in whichever export layout:
    /// the same parts as the ledger's dedup key (`ledger::dedup_key`), so that rows counted once
    /// across overlapping exports have one fingerprint. With a provider reference, the reference
    /// and not the status (a pending row that settles in a later export keeps its fingerprint,
    /// as the ledger keeps one of the two); without one, the counterparty, running balance and
    /// status. Never the file, the line, the description (layouts word it differently) or the
    /// zone the time is written in (the instant counts); amounts at any scale (`500`, `500.00`).
    pub fn fingerprint(&self) -> String {
        let detail = match &self.reference {
            Some(reference) => format!("ref:{reference}"),
            None => format!(
                "{}|{}|{:?}",
                self.counterparty.as_deref().unwrap_or(""),
                self.balance.map(super::format_amount).unwrap_or_default(),
                self.status
            ),
        };
        format!(
            "{:?}|{}|{}|{:?}|{}|{:?}|{detail}",
            self.side,
            self.account,
            self.time.at.timestamp(),
            self.time.precision,
            self.money,
            self.direction,
        )
    }
}

/// The last four digits in a funding method or card number: `工商银行(9876)` → `9876`,
/// `1234****9876` → `9876`, `建设银行信用卡(1234)+优惠券3元` → `1234`: the last run of at least
/// four digits (a shorter run after it, like a coupon's amount, is not the card).
pub fn last4_digits(text: &str) -> Option<String> {
    let chars: Vec<char> = text.chars().collect();
    let run = chars.rsplit(|c| !c.is_ascii_digit()).find(|run| run.len() >= 4)?;
    Some(run.iter().skip(run.len() - 4).collect())
}

#[cfg(test)]
mod tests {
    use super::last4_digits;

    #[test]
    fn last_four_from_methods_and_masked_numbers() {
        assert_eq!(last4_digits("工商银行(9876)").as_deref(), Some("9876"));
        assert_eq!(last4_digits("工商银行储蓄卡(9876)").as_deref(), Some("9876"));
        assert_eq!(last4_digits("1234****9876").as_deref(), Some("9876"));
        assert_eq!(last4_digits("工商银行"), None);
        assert_eq!(last4_digits("招商银行()"), None);
        assert_eq!(last4_digits("建设银行信用卡(1234)+优惠券3元").as_deref(), Some("1234"));
    }
}
