//! One flat row per ledger transaction, built once for every `normalize` output format: the
//! column contract of DESIGN.md §5 (`COLUMNS`), then the appended columns.

use crate::classify::Classifier;
use crate::ingest::InputReport;
use crate::ledger::Ledger;
use crate::model::{Direction, Kind, Precision, Side, Status, Transaction, format_amount, mask_card_numbers};
use chrono::SecondsFormat;
use rust_decimal::Decimal;
use serde::{Serialize, Serializer};
use std::collections::HashMap;

/// The contract columns, in order (DESIGN.md §5), then the appended ones. Every format writes
/// exactly these names, in this order.
pub const COLUMNS: [&str; 29] = [
    "time",
    "time_precision",
    "account",
    "side",
    "kind",
    "status",
    "direction",
    "amount",
    "currency",
    "counterparty",
    "method",
    "reference",
    "balance",
    "cause",
    "raw_error",
    "format",
    "path",
    "line",
    // Appended (README "normalize"): not in the §5 contract list, but stable too.
    "description",
    "card",
    "merchant_reference",
    "provider",
    "fee",
    "error_code",
    "error_message",
    "network",
    "device",
    "location",
    "app_version",
];

/// A ledger row as every format writes it. Field order is `COLUMNS` order (serde keeps it).
/// Amounts stay `Decimal`: text formats write them with [`format_amount`], Parquet as a
/// decimal column; never a float.
#[derive(Debug, Clone, Serialize)]
pub struct LedgerRow {
    /// RFC 3339 in the export's own offset; a date-only row is its day's midnight.
    pub time: String,
    pub time_precision: Precision,
    pub account: String,
    pub side: Side,
    pub kind: Kind,
    pub status: Status,
    pub direction: Direction,
    /// Unsigned: `direction` says which way the money went.
    #[serde(serialize_with = "amount")]
    pub amount: Decimal,
    pub currency: String,
    pub counterparty: Option<String>,
    pub method: Option<String>,
    pub reference: Option<String>,
    /// Signed running balance after the row, where the statement prints one.
    #[serde(serialize_with = "optional_amount")]
    pub balance: Option<Decimal>,
    /// The classifier's cause for a failed row (`unknown` when nothing is recognised).
    pub cause: Option<&'static str>,
    /// Code and message as the source wrote them: `54: Card expired`, or whichever it gave.
    pub raw_error: Option<String>,
    pub format: String,
    pub path: String,
    pub line: usize,
    pub description: Option<String>,
    /// Last four digits of the card involved (funding card, or the statement's own card).
    pub card: Option<String>,
    pub merchant_reference: Option<String>,
    pub provider: Option<String>,
    #[serde(serialize_with = "optional_amount")]
    pub fee: Option<Decimal>,
    pub error_code: Option<String>,
    pub error_message: Option<String>,
    pub network: Option<String>,
    pub device: Option<String>,
    pub location: Option<String>,
    pub app_version: Option<String>,
}

fn amount<S: Serializer>(value: &Decimal, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(&format_amount(*value))
}

fn optional_amount<S: Serializer>(value: &Option<Decimal>, s: S) -> Result<S::Ok, S::Error> {
    match value {
        Some(v) => s.serialize_str(&format_amount(*v)),
        None => s.serialize_none(),
    }
}

/// The ledger as rows, ordered by time (the instant), then path, then line. Text echoed from
/// input has card numbers masked to their last four digits unless `show_pii`.
pub fn rows(ledger: &Ledger, classifier: &Classifier, show_pii: bool) -> Vec<LedgerRow> {
    // Each export's format, by origin (file, export within it): a file may hold thousands.
    let formats: HashMap<(&str, usize), &str> = ledger
        .inputs
        .iter()
        .map(|i| ((i.path.as_str(), i.part.unwrap_or(1).saturating_sub(1)), i.format.as_str()))
        .collect();
    let mut ordered: Vec<&Transaction> = ledger.transactions.iter().collect();
    ordered.sort_by(|a, b| (a.time.at, &a.source).cmp(&(b.time.at, &b.source)));
    let text = |t: &Option<String>| -> Option<String> {
        t.as_deref().map(|t| if show_pii { t.to_string() } else { mask_card_numbers(t) })
    };
    ordered
        .into_iter()
        .map(|tx| {
            let failure = tx.failure.as_ref();
            let error_code = failure.and_then(|f| text(&f.code));
            let error_message = failure.and_then(|f| text(&f.message));
            let raw_error = match (&error_code, &error_message) {
                (Some(c), Some(m)) => Some(format!("{c}: {m}")),
                (c, m) => c.clone().or_else(|| m.clone()),
            };
            let cause = (tx.status == Status::Failed)
                .then(|| classifier.classify(failure.unwrap_or(&Default::default())).as_str());
            let format = formats.get(&(&*tx.source.path, usize::from(tx.part))).copied().unwrap_or_default();
            LedgerRow {
                time: tx.time.at.to_rfc3339_opts(SecondsFormat::Secs, false),
                time_precision: tx.time.precision,
                account: if show_pii { tx.account.clone() } else { mask_card_numbers(&tx.account) },
                side: tx.side,
                kind: tx.kind,
                status: tx.status,
                direction: tx.direction,
                amount: tx.money.amount,
                currency: tx.money.currency.clone(),
                counterparty: text(&tx.counterparty),
                method: text(&tx.method),
                reference: text(&tx.reference),
                balance: tx.balance,
                cause,
                raw_error,
                format: format.to_string(),
                path: tx.source.path.to_string(),
                line: tx.source.line,
                description: text(&tx.description),
                card: tx.card_last4.clone(),
                merchant_reference: text(&tx.merchant_reference),
                provider: tx.provider.clone(),
                fee: tx.fee,
                error_code,
                error_message,
                network: text(&tx.network),
                device: text(&tx.device),
                location: text(&tx.location),
                app_version: text(&tx.app_version),
            }
        })
        .collect()
}

/// A cell of a row: text (written as is, but neutralised in CSV), a number the tool formats
/// itself (an amount, a balance, a line: never a formula), or nothing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Cell<'a> {
    Text(&'a str),
    Number(String),
    Empty,
}

impl LedgerRow {
    /// The row's cells in `COLUMNS` order, as the text formats write them.
    pub fn cells(&self) -> [Cell<'_>; COLUMNS.len()] {
        [
            Cell::Text(&self.time),
            Cell::Text(self.time_precision.word()),
            Cell::Text(&self.account),
            Cell::Text(self.side.word()),
            Cell::Text(self.kind.word()),
            Cell::Text(self.status.word()),
            Cell::Text(self.direction.word()),
            Cell::Number(format_amount(self.amount)),
            Cell::Text(&self.currency),
            text(&self.counterparty),
            text(&self.method),
            text(&self.reference),
            number(&self.balance),
            self.cause.map_or(Cell::Empty, Cell::Text),
            text(&self.raw_error),
            Cell::Text(&self.format),
            Cell::Text(&self.path),
            Cell::Number(self.line.to_string()),
            text(&self.description),
            text(&self.card),
            text(&self.merchant_reference),
            text(&self.provider),
            number(&self.fee),
            text(&self.error_code),
            text(&self.error_message),
            text(&self.network),
            text(&self.device),
            text(&self.location),
            text(&self.app_version),
        ]
    }
}

fn text(t: &Option<String>) -> Cell<'_> {
    t.as_deref().map_or(Cell::Empty, Cell::Text)
}

fn number(d: &Option<Decimal>) -> Cell<'static> {
    d.map_or(Cell::Empty, |d| Cell::Number(format_amount(d)))
}

/// The words of the enum columns: their serde names, which JSON writes too.
pub trait Word {
    fn word(self) -> &'static str;
}

impl Word for Precision {
    fn word(self) -> &'static str {
        match self {
            Precision::Second => "second",
            Precision::Minute => "minute",
            Precision::Day => "day",
        }
    }
}

impl Word for Side {
    fn word(self) -> &'static str {
        match self {
            Side::Wallet => "wallet",
            Side::Bank => "bank",
            Side::Attempts => "attempts",
        }
    }
}

impl Word for Kind {
    fn word(self) -> &'static str {
        match self {
            Kind::TopUp => "top-up",
            Kind::Withdrawal => "withdrawal",
            Kind::Payment => "payment",
            Kind::Refund => "refund",
            Kind::Transfer => "transfer",
            Kind::Income => "income",
            Kind::Fee => "fee",
            Kind::Other => "other",
        }
    }
}

impl Word for Status {
    fn word(self) -> &'static str {
        match self {
            Status::Success => "success",
            Status::Failed => "failed",
            Status::Pending => "pending",
            Status::Cancelled => "cancelled",
        }
    }
}

impl Word for Direction {
    fn word(self) -> &'static str {
        match self {
            Direction::In => "in",
            Direction::Out => "out",
            Direction::Neutral => "neutral",
        }
    }
}

/// The ledger as every format writes it: its rows in order, and the inputs they came from.
pub struct Normalized {
    pub rows: Vec<LedgerRow>,
    /// Per input: format, account, rows, transactions, duplicates, rejected (the JSON head).
    pub inputs: Vec<InputReport>,
}

#[cfg(test)]
mod tests {
    use super::*;

    /// JSON (serde) and the text formats (`Word`) spell every enum value alike.
    #[test]
    fn words_are_the_serde_names() {
        let json = |v: serde_json::Value| v.as_str().map(str::to_string);
        for p in [Precision::Second, Precision::Minute, Precision::Day] {
            assert_eq!(json(serde_json::json!(p)).as_deref(), Some(p.word()));
        }
        for s in [Side::Wallet, Side::Bank, Side::Attempts] {
            assert_eq!(json(serde_json::json!(s)).as_deref(), Some(s.word()));
        }
        let kinds = [
            Kind::TopUp,
            Kind::Withdrawal,
            Kind::Payment,
            Kind::Refund,
            Kind::Transfer,
            Kind::Income,
            Kind::Fee,
            Kind::Other,
        ];
        for k in kinds {
            assert_eq!(json(serde_json::json!(k)).as_deref(), Some(k.word()));
        }
        for s in [Status::Success, Status::Failed, Status::Pending, Status::Cancelled] {
            assert_eq!(json(serde_json::json!(s)).as_deref(), Some(s.word()));
        }
        for d in [Direction::In, Direction::Out, Direction::Neutral] {
            assert_eq!(json(serde_json::json!(d)).as_deref(), Some(d.word()));
        }
    }
}
