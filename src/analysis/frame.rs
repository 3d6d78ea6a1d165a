//! The activity frame: one polars row per ledger transaction, with the reconciliation's view
//! of the top-up it speaks for (DESIGN.md §1, analysis).

use crate::ledger::Ledger;
use crate::model::{Direction, Kind, Precision, Side, Status, Transaction};
use crate::reconcile::Reconciliation;
use chrono::{Datelike, Timelike};
use polars::prelude::*;

/// Column names, so rules and the frame cannot drift apart.
pub mod col {
    /// Index of the transaction in the ledger (evidence comes back through it).
    pub const ROW: &str = "row";
    /// Index of the top-up this row speaks for (its attempt-log row, else its wallet row).
    pub const TOP_UP: &str = "top_up";
    /// The instant, seconds since the Unix epoch.
    pub const AT: &str = "at";
    /// Whether the time is known to the minute or better (not a date-only bank row).
    pub const PRECISE: &str = "precise";
    /// Local calendar day (days since 0001-01-01), hour and minute of the day, weekday (0 = Monday),
    /// in the row's own zone.
    pub const DAY: &str = "day";
    pub const HOUR: &str = "hour";
    pub const MINUTE: &str = "minute_of_day";
    pub const WEEKDAY: &str = "weekday";
    pub const ACCOUNT: &str = "account";
    pub const SIDE: &str = "side";
    pub const KIND: &str = "kind";
    /// For a top-up's row: the merged status of the top-up.
    pub const STATUS: &str = "status";
    pub const DIRECTION: &str = "direction";
    /// For a failed top-up: its cause (`network`, …).
    pub const CAUSE: &str = "cause";
    /// Floating point, for statistics only; money stays Decimal in the ledger.
    pub const AMOUNT: &str = "amount";
    pub const CURRENCY: &str = "currency";
    pub const COUNTERPARTY: &str = "counterparty";
    /// The wallet involved (`alipay`, `wechat`).
    pub const PROVIDER: &str = "provider";
    /// The funding card: its statement account (`icbc:4321`) when bank and digits are known, so
    /// that the wallets' different spellings of one card (`工商银行(4321)`, `工商银行储蓄卡(4321)`)
    /// are one card; else the method label.
    pub const CARD: &str = "card";
    pub const NETWORK: &str = "network";
    pub const DEVICE: &str = "device";
    pub const LOCATION: &str = "location";
    pub const APP_VERSION: &str = "app_version";
    /// For a top-up: what reconciliation found (`debited`, `no-debit`, `refunded`, `unchecked`).
    pub const OUTCOME: &str = "outcome";
    /// Outgoing activity of a statement: the rows the suspicious-entry profiles are built from.
    pub const OUTGOING: &str = "outgoing";
    pub const PATH: &str = "path";
    pub const LINE: &str = "line";
}

/// Whether a row is part of an account's own outgoing activity: money the owner spent or sent
/// from a wallet or bank statement. Top-ups, withdrawals and bank rows to a wallet provider
/// are moves between the owner's own accounts, which reconciliation checks.
pub fn is_outgoing(tx: &Transaction) -> bool {
    tx.side != Side::Attempts
        && tx.direction == Direction::Out
        && tx.status == Status::Success
        && !matches!(tx.kind, Kind::TopUp | Kind::Withdrawal | Kind::Refund)
        && !(tx.side == Side::Bank && tx.provider.is_some())
}

/// Builds the frame. Polars only fails here on mismatched lengths, which `push` rules out.
pub fn build(ledger: &Ledger, recon: &Reconciliation) -> PolarsResult<DataFrame> {
    let txs = &ledger.transactions;
    let mut speaks_for: Vec<Option<usize>> = vec![None; txs.len()];
    for (k, t) in recon.top_ups.iter().enumerate() {
        if let Some(slot) = t.rows().next().and_then(|i| speaks_for.get_mut(i)) {
            *slot = Some(k);
        }
    }
    let n = txs.len();
    let mut c = Columns::default();
    for (i, tx) in txs.iter().enumerate() {
        let speaks = speaks_for.get(i).copied().flatten();
        let top_up = speaks.and_then(|k| recon.top_ups.get(k));
        let local = tx.time.at;
        c.row.push(i as u32);
        c.top_up.push(speaks.map(|k| k as u32));
        c.at.push(local.timestamp());
        c.precise.push(tx.time.precision != Precision::Day);
        c.day.push(local.date_naive().num_days_from_ce());
        c.hour.push(local.hour() as i32);
        c.minute.push((local.hour() * 60 + local.minute()) as i32);
        c.weekday.push(local.weekday().num_days_from_monday() as i32);
        c.account.push(&tx.account);
        c.side.push(side(tx.side));
        c.kind.push(kind(tx.kind));
        c.status.push(status(top_up.map_or(tx.status, |t| t.status)));
        c.direction.push(direction(tx.direction));
        c.cause.push(top_up.and_then(|t| t.cause).map(|c| c.as_str()));
        c.amount.push(tx.money.amount.try_into().unwrap_or(f64::MAX));
        c.currency.push(&tx.money.currency);
        c.counterparty.push(tx.counterparty.as_deref().map(str::trim).filter(|s| !s.is_empty()));
        c.provider.push(top_up.and_then(|t| t.provider.as_deref()).or(tx.provider.as_deref()));
        c.card.push(top_up.map(card_key).or_else(|| tx.method.clone()));
        c.network.push(detail(&tx.network).map(|n| n.to_lowercase()));
        c.device.push(detail(&tx.device));
        c.location.push(detail(&tx.location));
        c.app_version.push(detail(&tx.app_version));
        c.outcome.push(top_up.map(outcome));
        c.outgoing.push(is_outgoing(tx));
        c.path.push(&tx.source.path);
        c.line.push(tx.source.line as u32);
    }
    c.into_frame(n)
}

/// One vector per column, filled row by row; text borrowed from the ledger (polars copies it
/// into its own buffers: a clone first was a second copy of every string of a million rows).
#[derive(Default)]
struct Columns<'a> {
    row: Vec<u32>,
    top_up: Vec<Option<u32>>,
    at: Vec<i64>,
    precise: Vec<bool>,
    day: Vec<i32>,
    hour: Vec<i32>,
    minute: Vec<i32>,
    weekday: Vec<i32>,
    account: Vec<&'a str>,
    side: Vec<&'static str>,
    kind: Vec<&'static str>,
    status: Vec<&'static str>,
    direction: Vec<&'static str>,
    cause: Vec<Option<&'static str>>,
    amount: Vec<f64>,
    currency: Vec<&'a str>,
    counterparty: Vec<Option<&'a str>>,
    provider: Vec<Option<&'a str>>,
    card: Vec<Option<String>>,
    network: Vec<Option<String>>,
    device: Vec<Option<&'a str>>,
    location: Vec<Option<&'a str>>,
    app_version: Vec<Option<&'a str>>,
    outcome: Vec<Option<&'static str>>,
    outgoing: Vec<bool>,
    path: Vec<&'a str>,
    line: Vec<u32>,
}

impl Columns<'_> {
    fn into_frame(self, height: usize) -> PolarsResult<DataFrame> {
        let columns = vec![
            Column::new(col::ROW.into(), self.row),
            Column::new(col::TOP_UP.into(), self.top_up),
            Column::new(col::AT.into(), self.at),
            Column::new(col::PRECISE.into(), self.precise),
            Column::new(col::DAY.into(), self.day),
            Column::new(col::HOUR.into(), self.hour),
            Column::new(col::MINUTE.into(), self.minute),
            Column::new(col::WEEKDAY.into(), self.weekday),
            Column::new(col::ACCOUNT.into(), self.account),
            Column::new(col::SIDE.into(), self.side),
            Column::new(col::KIND.into(), self.kind),
            Column::new(col::STATUS.into(), self.status),
            Column::new(col::DIRECTION.into(), self.direction),
            Column::new(col::CAUSE.into(), self.cause),
            Column::new(col::AMOUNT.into(), self.amount),
            Column::new(col::CURRENCY.into(), self.currency),
            Column::new(col::COUNTERPARTY.into(), self.counterparty),
            Column::new(col::PROVIDER.into(), self.provider),
            Column::new(col::CARD.into(), self.card),
            Column::new(col::NETWORK.into(), self.network),
            Column::new(col::DEVICE.into(), self.device),
            Column::new(col::LOCATION.into(), self.location),
            Column::new(col::APP_VERSION.into(), self.app_version),
            Column::new(col::OUTCOME.into(), self.outcome),
            Column::new(col::OUTGOING.into(), self.outgoing),
            Column::new(col::PATH.into(), self.path),
            Column::new(col::LINE.into(), self.line),
        ];
        DataFrame::new(height, columns)
    }
}

/// An optional detail as the frame keeps it: trimmed, empty and `unknown` meaning absent.
fn detail(value: &Option<String>) -> Option<&str> {
    let v = value.as_deref()?.trim();
    (!v.is_empty() && !v.eq_ignore_ascii_case("unknown")).then_some(v)
}

fn card_key(t: &crate::reconcile::TopUp) -> String {
    t.card_account().unwrap_or_else(|| t.method_label())
}

fn outcome(t: &crate::reconcile::TopUp) -> &'static str {
    match (t.debit, t.refund, t.bank_covered) {
        (_, Some(_), _) => "refunded",
        (Some(_), None, _) => "debited",
        (None, None, Some(true)) if t.foreign_debit.is_none() => "no-debit",
        (None, None, _) => "unchecked",
    }
}

fn side(s: Side) -> &'static str {
    match s {
        Side::Wallet => "wallet",
        Side::Bank => "bank",
        Side::Attempts => "attempts",
    }
}

fn kind(k: Kind) -> &'static str {
    match k {
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

pub fn status(s: Status) -> &'static str {
    match s {
        Status::Success => "success",
        Status::Failed => "failed",
        Status::Pending => "pending",
        Status::Cancelled => "cancelled",
    }
}

fn direction(d: Direction) -> &'static str {
    match d {
        Direction::In => "in",
        Direction::Out => "out",
        Direction::Neutral => "neutral",
    }
}
