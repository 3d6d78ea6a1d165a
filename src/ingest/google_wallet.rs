//! Google Pay / Google Wallet transactions CSV from Google Takeout (`Google Pay/Google
//! transactions/transactions_*.csv`): `Time,Transaction ID,Description,Product,Payment method,
//! Status,Amount`. Wallet side, account and provider `google-pay`.
//!
//! Quirks, as the export writes them:
//! - `Time` is `Nov 14, 2025, 4:52 AM` (some exports add seconds, `3:04:05 PM`, and a zone
//!   abbreviation, `PST`; ISO times are read too), and a zone it prints is the row's. Without
//!   one the time is read in the zone `--tz` (or the config's `timezone`) gives: the clock is
//!   the Google account's, which the file does not name, and accounts are worldwide. Without
//!   `--tz` it is read as UTC, the zone no region's guess; the built-in default (China's,
//!   where Google Pay is not offered) is not applied here.
//! - `Amount` carries its currency: `USD 15.87`, `INR 1,23,456.00` (Indian digit grouping); a
//!   negative amount is money back (a refund).
//! - `Status`: `Complete` moved money; `Declined` is a failed attempt (the status text is kept
//!   as the failure message, the only reason the export gives); `Canceled`, `Pending`;
//!   `Refunded` is a charge that happened and was later refunded. Any other word rejects the
//!   row, naming it: guessing could count a failed charge as paid.
//! - `Payment method` is the funding card as Google shows it (`Visa •••• 1234`,
//!   `Mastercard ••1234`, `Amex`, `HDFC Bank-1: @okhdfcbank`): its last four digits tie the
//!   payment to that card's statement.
//! - `Transaction ID` (`GPY.5455-…`, `YTR.ABCD`) is the reference.

use super::table::{Row, check_width, collect_rows, column, read_export};
use super::{Adapter, IngestOptions, Parsed, SourceText};
use crate::ingest::cells::currency_code;
use crate::model::{
    Direction, FailureInfo, Kind, Money, Side, Status, Timestamp, Transaction, Zone, last4_digits, parse_amount,
    parse_timestamp, parse_timestamp_with,
};
use chrono::{DateTime, FixedOffset, NaiveDateTime};
use rust_decimal::Decimal;

pub struct GoogleWallet;

/// The account and provider of Google Pay rows (`institutions` knows bank rows by it).
pub const ACCOUNT: &str = "google-pay";

/// The zone naive times are read in without `--tz` (see the module doc).
const UTC: Zone = Zone::Named(chrono_tz::UTC);

const HEADER: [&str; 7] = ["Time", "Transaction ID", "Description", "Product", "Payment method", "Status", "Amount"];

impl Adapter for GoogleWallet {
    fn name(&self) -> &str {
        ACCOUNT
    }
    fn side(&self) -> Side {
        Side::Wallet
    }
    fn description(&self) -> &'static str {
        "Google Pay / Google Wallet transactions CSV (Google Takeout; amounts like `USD 15.87`)"
    }
    fn signatures(&self) -> &'static [&'static [&'static str]] {
        &[&HEADER]
    }

    fn parse(&self, src: &SourceText, header_line: usize, opts: &IngestOptions) -> Result<Parsed, String> {
        let (header, rows) = read_export(src, header_line)?;
        let col = |name: &str| column(&header, &[name]);
        let cols: [Option<usize>; 7] = HEADER.map(col);
        let width = header.len();
        let mut out = Parsed { account: ACCOUNT.into(), ..Parsed::default() };
        let zone = opts.zone_or(UTC);
        collect_rows(&mut out, src, &rows, |row| read(row, &cols, width, src, zone));
        Ok(out)
    }
}

fn read(
    row: &Row,
    cols: &[Option<usize>; 7],
    width: usize,
    src: &SourceText,
    zone: Zone,
) -> Result<Transaction, String> {
    let [time, id, description, product, method, status, amount] = *cols;
    check_width(row, width, width)?;
    let when = parse_time(row.get(time).ok_or("the time is empty")?, zone)?;
    let (currency, value) = parse_money(row.get(amount).ok_or("the amount is empty")?)?;
    let direction = if value.is_sign_negative() { Direction::In } else { Direction::Out };
    let money = Money::new(value.abs(), currency);
    let mut t = Transaction::new(src.at(row.line), Side::Wallet, ACCOUNT, when, money, direction);
    t.provider = Some(ACCOUNT.into());
    let status_text = row.get(status).ok_or("the status is empty")?;
    t.status = status_of(status_text)?;
    if t.status == Status::Failed {
        t.failure = Some(FailureInfo { code: None, message: Some(status_text.to_string()) });
    }
    t.reference = row.text(id);
    t.counterparty = row.text(description);
    let described: Vec<&str> = [description, product].iter().filter_map(|&i| row.get(i)).collect();
    t.description = (!described.is_empty()).then(|| described.join(" / "));
    t.method = row.text(method);
    t.card_last4 = t.method.as_deref().and_then(last4_digits);
    t.kind = kind_of(&described.join(" "), direction);
    // Money put into a Google balance arrives in the wallet.
    if t.kind == Kind::TopUp {
        t.direction = Direction::In;
    }
    Ok(t)
}

/// Status words the export uses, in any letter case.
fn status_of(text: &str) -> Result<Status, String> {
    let lower = text.trim().to_ascii_lowercase();
    let first = lower.split([' ', ':', '-', '(']).next().unwrap_or_default();
    match first {
        "complete" | "completed" | "refunded" | "partially" => Ok(Status::Success),
        "declined" | "failed" | "rejected" => Ok(Status::Failed),
        "canceled" | "cancelled" | "voided" => Ok(Status::Cancelled),
        "pending" | "processing" | "in" => Ok(Status::Pending),
        _ => Err(format!(
            "status {text:?} is none of Complete, Declined, Canceled, Pending or Refunded: which way the money went \
             cannot be known"
        )),
    }
}

/// A top-up of a Google balance, a refund, or else a payment.
fn kind_of(text: &str, direction: Direction) -> Kind {
    let lower = text.to_lowercase();
    let top_up = ["top up", "top-up", "topup", "add money", "added money", "money added", "add funds", "added funds"];
    if top_up.iter().any(|w| lower.contains(w)) {
        Kind::TopUp
    } else if direction == Direction::In {
        Kind::Refund
    } else {
        Kind::Payment
    }
}

/// `USD 15.87`, `USD -15.87`, `-USD 15.87`, `INR 1,23,456.00` → the currency and signed amount.
fn parse_money(raw: &str) -> Result<(String, Decimal), String> {
    let s = raw.trim();
    let (negative, s) = match s.strip_prefix(['-', '−']) {
        Some(rest) => (true, rest.trim_start()),
        None => (false, s),
    };
    let code = s.get(..3).filter(|c| currency_code(c).is_some() && c.chars().all(|c| c.is_ascii_uppercase()));
    let Some(code) = code else {
        return Err(format!("amount {raw:?} names no currency (Google writes `USD 15.87`)"));
    };
    let number = s.get(3..).unwrap_or_default().trim();
    let value = parse_amount(&western_grouping(number)).map_err(|e| format!("amount: {e}"))?;
    Ok((code.to_string(), if negative { -value } else { value }))
}

/// `1,23,456.00` (lakh grouping, as Google writes rupees) → `123456.00`; any other text as it
/// is, for the amount parser to check.
fn western_grouping(number: &str) -> String {
    let int_part = number.split('.').next().unwrap_or_default().trim_start_matches(['-', '+']);
    let groups: Vec<&str> = int_part.split(',').collect();
    let lakh = groups.len() > 2
        && groups.last().is_some_and(|g| g.len() == 3)
        && groups.first().is_some_and(|g| (1..=2).contains(&g.len()))
        && groups.iter().skip(1).rev().skip(1).all(|g| g.len() == 2)
        && groups.iter().all(|g| g.bytes().all(|b| b.is_ascii_digit()));
    if lakh { number.replace(',', "") } else { number.to_string() }
}

/// Zone abbreviations a time may end in, and their offsets in hours and minutes. `IST` is
/// India's, where Google Pay is used most.
const ZONE_NAMES: &[(&str, i32, i32)] = &[
    ("UTC", 0, 0),
    ("GMT", 0, 0),
    ("PST", -8, 0),
    ("PDT", -7, 0),
    ("MST", -7, 0),
    ("MDT", -6, 0),
    ("CST", -6, 0),
    ("CDT", -5, 0),
    ("EST", -5, 0),
    ("EDT", -4, 0),
    ("BST", 1, 0),
    ("CET", 1, 0),
    ("CEST", 2, 0),
    ("IST", 5, 30),
];

/// `Nov 14, 2025, 4:52 AM`, `Jan 5, 2024, 3:04:05 PM PST`, or an ISO time.
fn parse_time(raw: &str, zone: Zone) -> Result<Timestamp, String> {
    let bad = || format!("time {raw:?} is not a time as Google writes it (Nov 14, 2025, 4:52 AM)");
    let s = raw.trim();
    if s.starts_with(|c: char| c.is_ascii_digit()) {
        return parse_timestamp(s, zone).map_err(|_| bad());
    }
    let (clock, offset) = match s.rsplit_once(' ') {
        Some((rest, name)) if name.chars().all(|c| c.is_ascii_uppercase()) && !matches!(name, "AM" | "PM") => {
            let (_, h, m) = ZONE_NAMES
                .iter()
                .find(|(n, _, _)| *n == name)
                .ok_or_else(|| format!("time {raw:?} ends in zone {name:?}, which is not one we know"))?;
            (rest, FixedOffset::east_opt(h * 3600 + h.signum() * m * 60))
        }
        _ => (s, None),
    };
    let with_seconds = clock.matches(':').count() == 2;
    let format = if with_seconds { "%b %d, %Y, %I:%M:%S %p" } else { "%b %d, %Y, %I:%M %p" };
    match offset {
        None => parse_timestamp_with(clock, format, zone).map_err(|_| bad()),
        Some(offset) => {
            let naive = NaiveDateTime::parse_from_str(clock, format).map_err(|_| bad())?;
            let at: DateTime<FixedOffset> = naive.and_local_timezone(offset).single().ok_or_else(bad)?;
            let precision =
                if with_seconds { crate::model::Precision::Second } else { crate::model::Precision::Minute };
            // Read again through the shared parser, which refuses implausible years.
            parse_timestamp(&at.to_rfc3339(), zone).map(|t| Timestamp { precision, ..t })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amounts_carry_their_currency() {
        assert_eq!(parse_money("USD 15.87"), Ok(("USD".into(), Decimal::new(1587, 2))));
        assert_eq!(parse_money("USD -15.87"), Ok(("USD".into(), Decimal::new(-1587, 2))));
        assert_eq!(parse_money("-EUR 2.00"), Ok(("EUR".into(), Decimal::new(-200, 2))));
        assert_eq!(parse_money("INR 1,23,456.00"), Ok(("INR".into(), Decimal::new(12345600, 2))));
        assert_eq!(parse_money("USD 1,234.50"), Ok(("USD".into(), Decimal::new(123450, 2))));
        assert!(parse_money("15.87").is_err(), "no currency");
        assert!(parse_money("USD 12,34,5.00").is_err(), "neither grouping");
    }

    #[test]
    fn times_with_and_without_a_zone() {
        let pacific = Zone::Named(chrono_tz::America::Los_Angeles);
        let t = parse_time("Nov 14, 2025, 4:52 AM", pacific).expect("naive");
        assert_eq!(t.at.to_rfc3339(), "2025-11-14T04:52:00-08:00");
        let t = parse_time("Jan 5, 2024, 3:04:05 PM EST", pacific).expect("zoned");
        assert_eq!(t.at.to_rfc3339(), "2024-01-05T15:04:05-05:00");
        assert_eq!(t.precision, crate::model::Precision::Second);
        let t = parse_time("Mar 3, 2026, 9:15 PM IST", pacific).expect("India");
        assert_eq!(t.at.to_rfc3339(), "2026-03-03T21:15:00+05:30");
        assert!(parse_time("Jan 5, 2024, 3:04 PM XYZ", pacific).unwrap_err().contains("\"XYZ\""));
        assert!(parse_time("5 January", pacific).is_err());
    }

    #[test]
    fn statuses() {
        assert_eq!(status_of("Complete"), Ok(Status::Success));
        assert_eq!(status_of("Declined"), Ok(Status::Failed));
        assert_eq!(status_of("Canceled"), Ok(Status::Cancelled));
        assert_eq!(status_of("In progress"), Ok(Status::Pending));
        assert_eq!(status_of("Partially refunded"), Ok(Status::Success));
        assert!(status_of("Disputed").is_err());
    }
}
