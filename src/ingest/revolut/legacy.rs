//! Revolut's statement CSV before 2021: one file per currency account, `;`-separated, cells
//! padded with spaces (`Apr 2, 2019 ; Premium plan fee  ; 29.99 ;  ;  ;  ; 13.09; general;`),
//! the currency only in the header (`Paid Out (EUR)`, `Paid In (EUR)`, `Balance (EUR)`).
//! Amounts are unsigned, in `Paid Out` or `Paid In`; `Exchange Out`/`Exchange In` print the
//! other currency of an exchange (`USD 25.00`); dates carry no time (`Apr 2, 2019`). Every row
//! is completed: the layout has no state. Newest first.

use super::{REVOLUT, card_of, header_cells};
use crate::ingest::table::{Row, cells_needed, check_width, collect_rows, column, read_export};
use crate::ingest::{Parsed, SourceText};
use crate::model::{Direction, Kind, Money, Precision, Side, Timestamp, Transaction, Zone, parse_amount};
use chrono::{NaiveDate, NaiveTime};

/// The EUR account's header, standing for every currency in `formats --sniff`.
pub const HEADER_EUR: &[&str] =
    &["Completed Date", "Paid Out (EUR)", "Paid In (EUR)", "Exchange Out", "Exchange In", "Balance (EUR)"];

/// The currency a header line of this layout names (`Paid Out (GBP)` → `GBP`), if it is one.
pub fn currency_of_header(line: &str) -> Option<String> {
    let cells = header_cells(line);
    let has = |name: &str| cells.iter().any(|c| c == name);
    if !(has("Completed Date") && has("Exchange Out") && has("Exchange In")) {
        return None;
    }
    let currency = |prefix: &str| {
        cells.iter().find_map(|c| c.strip_prefix(prefix)?.strip_suffix(')').map(str::trim).map(str::to_string))
    };
    let out = currency("Paid Out (")?;
    let is_code = out.len() == 3 && out.chars().all(|ch| ch.is_ascii_uppercase());
    (is_code && currency("Paid In (").as_ref() == Some(&out) && currency("Balance (").as_ref() == Some(&out))
        .then_some(out)
}

struct Cols {
    date: Option<usize>,
    text: Option<usize>,
    paid_out: Option<usize>,
    paid_in: Option<usize>,
    exchange_out: Option<usize>,
    exchange_in: Option<usize>,
    balance: Option<usize>,
    category: Option<usize>,
    notes: Option<usize>,
}

pub fn parse(src: &SourceText, header_line: usize, currency: &str, zone: Zone, out: &mut Parsed) -> Result<(), String> {
    let (header, rows) = read_export(src, header_line)?;
    let col = |name: &str| column(&header, &[name]);
    let c = Cols {
        date: col("Completed Date"),
        text: col("Description").or_else(|| col("Reference")),
        paid_out: col(&format!("Paid Out ({currency})")),
        paid_in: col(&format!("Paid In ({currency})")),
        exchange_out: col("Exchange Out"),
        exchange_in: col("Exchange In"),
        balance: col(&format!("Balance ({currency})")),
        category: col("Category"),
        notes: col("Notes"),
    };
    let needed = cells_needed([c.date, c.text, c.paid_out, c.paid_in, c.balance]);
    collect_rows(out, src, &rows, |row| {
        check_width(row, header.len(), needed)?;
        read(row, &c, currency, src, zone)
    });
    Ok(())
}

fn read(row: &Row, c: &Cols, currency: &str, src: &SourceText, zone: Zone) -> Result<Transaction, String> {
    let raw_date = row.get(c.date).ok_or("the completed date is empty")?;
    let date = ["%b %d, %Y", "%d %b %Y", "%Y-%m-%d"]
        .iter()
        .find_map(|f| NaiveDate::parse_from_str(raw_date, f).ok())
        .ok_or_else(|| format!("completed date {raw_date:?} is not a date (Revolut writes `Apr 2, 2019`)"))?;
    let at = zone
        .localize(&date.and_time(NaiveTime::MIN))
        .ok_or_else(|| format!("date {raw_date:?} does not exist in zone {zone}"))?;
    let amount = |i: Option<usize>, what: &str| -> Result<Option<rust_decimal::Decimal>, String> {
        let Some(raw) = row.get(i) else { return Ok(None) };
        let value = parse_amount(raw).map_err(|e| format!("{what}: {e}"))?;
        if value.is_sign_negative() {
            return Err(format!("{what} {raw:?} is negative; this layout writes amounts unsigned"));
        }
        Ok(Some(value))
    };
    let (value, direction) = match (amount(c.paid_out, "paid out")?, amount(c.paid_in, "paid in")?) {
        (Some(out), None) => (out, Direction::Out),
        (None, Some(paid_in)) => (paid_in, Direction::In),
        (None, None) => return Err("neither Paid Out nor Paid In holds an amount".into()),
        (Some(_), Some(_)) => return Err("both Paid Out and Paid In hold an amount".into()),
    };
    let time = Timestamp { at, precision: Precision::Day };
    let mut t = Transaction::new(src.at(row.line), Side::Wallet, REVOLUT, time, Money::new(value, currency), direction);
    t.provider = Some(REVOLUT.into());
    let text = row.text(c.text);
    t.kind = kind(text.as_deref().unwrap_or_default(), direction);
    if let Some(raw) = row.get(c.balance) {
        t.balance = Some(parse_amount(raw).map_err(|e| format!("balance: {e}"))?);
    }
    if t.kind == Kind::TopUp {
        t.card_last4 = text.as_deref().and_then(card_of);
        t.method = super::method_of(text.as_deref(), t.card_last4.as_deref());
    } else {
        t.counterparty = text.clone();
    }
    // What else the row says (the exchange's other side, the category, the note) stays readable.
    let extra: Vec<&str> =
        [c.exchange_out, c.exchange_in, c.category, c.notes].iter().filter_map(|&i| row.get(i)).collect();
    t.description = match (text, extra.is_empty()) {
        (Some(text), false) => Some(format!("{text} ({})", extra.join("; "))),
        (text, _) => text.or_else(|| (!extra.is_empty()).then(|| extra.join("; "))),
    };
    Ok(t)
}

/// The kind from the row's text: `Top-Up by *1234` and `Payment from …` put money in from a
/// card or bank, `To …` sends it, `Exchanged to …` converts it.
fn kind(text: &str, direction: Direction) -> Kind {
    let t = text.to_lowercase();
    match direction {
        Direction::In if t.contains("top-up") || t.starts_with("payment from") => Kind::TopUp,
        _ if t.starts_with("exchanged") => Kind::Other,
        _ if t.starts_with("refund") => Kind::Refund,
        _ if t.starts_with("to ") || t.starts_with("from ") => Kind::Transfer,
        _ if t.contains(" fee") || t.starts_with("fee") => Kind::Fee,
        _ => crate::ingest::wallet_bill::kind_by_direction(direction),
    }
}
