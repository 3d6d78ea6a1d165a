//! `--format csv`: one row per finding, its first evidence row flattened into `path`, `line`
//! and `reference`, under the header DESIGN.md §5 fixes; RFC 4180, formulas neutralised.

use super::formula::neutralise;
use super::ledger_csv::io_error;
use crate::finding::Finding;
use chrono::SecondsFormat;
use std::io::{self, Write};

/// The columns, in order (DESIGN.md §5, a contract: append, never rename or move).
pub const COLUMNS: [&str; 17] = [
    "id",
    "code",
    "slug",
    "severity",
    "status",
    "start",
    "end",
    "account",
    "amount",
    "at_risk",
    "currency",
    "cause",
    "title",
    "path",
    "line",
    "reference",
    "advice",
];

/// Advice items share one cell; ` | ` reads as a separator and occurs in no advice.
const ADVICE_SEPARATOR: &str = " | ";

/// Writes `findings`, the i-th with `statuses[i]` in `status` (`review`); `check` has no
/// statuses and leaves the column empty.
pub fn write(findings: &[Finding], statuses: &[&str], out: &mut dyn Write) -> io::Result<()> {
    let mut csv = ::csv::WriterBuilder::new().terminator(::csv::Terminator::CRLF).from_writer(out);
    csv.write_record(COLUMNS).map_err(io_error)?;
    for (i, f) in findings.iter().enumerate() {
        csv.write_record(record(f, statuses.get(i).copied().unwrap_or(""))).map_err(io_error)?;
    }
    csv.flush()
}

/// One finding's cells. Every text cell goes through `neutralise` (titles, advice and
/// references carry counterparties' names and order numbers; paths and accounts are the
/// user's); amounts and the line number are numbers the tool formats and are written as they
/// are, so that a spreadsheet can sum them. Amounts are the exact decimal strings of the JSON.
fn record(f: &Finding, status: &str) -> [String; 17] {
    let text = |t: &str| neutralise(t).into_owned();
    let time = |t: Option<chrono::DateTime<chrono::FixedOffset>>| {
        t.map(|t| t.to_rfc3339_opts(SecondsFormat::AutoSi, true)).unwrap_or_default()
    };
    let first = f.evidence.first();
    let currency = f.currency.as_deref().or(f.at_risk.as_ref().map(|m| m.currency.as_str()));
    [
        text(&f.id),
        text(f.code),
        text(f.slug),
        f.severity.as_str().to_string(),
        text(status),
        time(f.start),
        time(f.end),
        text(f.account.as_deref().unwrap_or("")),
        f.amount.map(|a| a.to_string()).unwrap_or_default(),
        f.at_risk.as_ref().map(|m| m.amount.to_string()).unwrap_or_default(),
        text(currency.unwrap_or("")),
        f.cause.map(|c| text(c.as_str())).unwrap_or_default(),
        text(&f.title),
        text(first.map_or("", |e| e.path.as_str())),
        first.map(|e| e.line.to_string()).unwrap_or_default(),
        text(first.and_then(|e| e.reference.as_deref()).unwrap_or("")),
        text(&f.advice.join(ADVICE_SEPARATOR)),
    ]
}
