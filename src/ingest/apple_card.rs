//! Apple Card transactions CSV, the monthly export the Wallet app writes (Apple Card → Card
//! Balance → a statement → Export Transactions): `Transaction Date,Clearing Date,Description,
//! Merchant,Category,Type,Amount (USD),Purchased By` (exports before Apple Card Family have no
//! `Purchased By`). Apple Card is the card behind Apple Pay, so this is a card statement
//! (bank side, account `apple-card`): wallet rows it funded (a PayPal card deposit, a Google
//! Pay payment, a Wise top-up) reconcile against its rows.
//!
//! Quirks, as the export writes them:
//! - Dates are `MM/DD/YYYY` and carry no time or zone, so rows have day precision. They are
//!   days in the zone `--tz` (or the config's `timezone`) gives, and without one in
//!   America/Los_Angeles: Apple Card is a US card, and of the US mainland zones Pacific days
//!   end last, so a wallet row stamped the same day in any of them falls inside the card row's
//!   day. (The built-in default zone is China's, which would move every US day sixteen hours
//!   early: it is not applied here.)
//! - `Amount (USD)` is signed the card's way: positive is spending (money out of the card
//!   account), negative a payment to the card, a credit or a return. Every amount is USD.
//! - `Type` says what the row is: `Purchase` (a negative one is a return), `Payment` (paying
//!   the card, from a bank or Apple Cash), `Credit` (a merchant's refund), `Installment`
//!   (Apple Card Monthly Installments), `Interest`, `Debit` (an adjustment) and the like; a
//!   word we do not know keeps the row, its kind from the direction.
//! - A row without a clearing date has not cleared: pending, so it is no settled debit yet.
//! - It writes no reference: rows are told apart by date, merchant, amount and line.
//!
//! Not a [`super::banks::layout::BankLayout`]: those read naive dates in the `--tz` zone or
//! China's and take kinds from summary words, while this export has its own documented zone
//! and its `Type` column.

use super::table::{Row, cells_needed, check_width, collect_rows, column, read_export};
use super::{Adapter, IngestOptions, Parsed, SourceText};
use crate::institutions;
use crate::model::{Direction, Kind, Money, Side, Status, Transaction, Zone, parse_amount, parse_timestamp_with};

pub struct AppleCard;

/// The statement's account and the card's name among providers (`institutions`).
pub const ACCOUNT: &str = "apple-card";

/// The zone Apple Card dates are read in without `--tz` (see the module documentation).
pub const ZONE: Zone = Zone::Named(chrono_tz::America::Los_Angeles);

const HEADER: [&str; 7] =
    ["Transaction Date", "Clearing Date", "Description", "Merchant", "Category", "Type", "Amount (USD)"];

impl Adapter for AppleCard {
    fn name(&self) -> &str {
        ACCOUNT
    }
    fn side(&self) -> Side {
        Side::Bank
    }
    fn description(&self) -> &'static str {
        "Apple Card transactions CSV (the Wallet app's monthly export; dates in America/Los_Angeles unless --tz)"
    }
    fn signatures(&self) -> &'static [&'static [&'static str]] {
        &[&HEADER]
    }

    fn parse(&self, src: &SourceText, header_line: usize, opts: &IngestOptions) -> Result<Parsed, String> {
        let (header, rows) = read_export(src, header_line)?;
        let col = |name: &str| column(&header, &[name]);
        let cols = Columns {
            date: col("Transaction Date"),
            cleared: col("Clearing Date"),
            description: col("Description"),
            merchant: col("Merchant"),
            category: col("Category"),
            kind: col("Type"),
            amount: col("Amount (USD)").ok_or("the header has no Amount (USD) column")?,
        };
        let width = header.len();
        let mut out = Parsed { account: ACCOUNT.into(), ..Parsed::default() };
        let zone = opts.zone_or(ZONE);
        collect_rows(&mut out, src, &rows, |row| read(row, &cols, width, src, zone));
        Ok(out)
    }
}

struct Columns {
    date: Option<usize>,
    cleared: Option<usize>,
    description: Option<usize>,
    merchant: Option<usize>,
    category: Option<usize>,
    kind: Option<usize>,
    amount: usize,
}

fn read(row: &Row, c: &Columns, width: usize, src: &SourceText, zone: Zone) -> Result<Transaction, String> {
    let needed = cells_needed([c.date, c.cleared, c.description, c.merchant, c.kind, Some(c.amount)]);
    check_width(row, width, needed)?;
    let date = row.get(c.date).or_else(|| row.get(c.cleared)).ok_or("the transaction date is empty")?;
    let when = parse_timestamp_with(date, "%m/%d/%Y", zone)
        .map_err(|_| format!("date {date:?} is not a date as Apple Card writes it (MM/DD/YYYY)"))?;
    let raw = row.get(Some(c.amount)).ok_or("the amount is empty")?;
    let value = parse_amount(raw).map_err(|e| format!("amount: {e}"))?;
    // The card's way round: a charge is positive.
    let direction = if value.is_sign_negative() { Direction::In } else { Direction::Out };
    let money = Money::new(value.abs(), "USD");
    let mut t = Transaction::new(src.at(row.line), Side::Bank, ACCOUNT, when, money, direction);
    let kind_word = row.get(c.kind).unwrap_or_default();
    t.kind = kind_of(kind_word, direction);
    t.status = if row.get(c.cleared).is_some() { Status::Success } else { Status::Pending };
    t.counterparty = row.text(c.merchant);
    let described: Vec<&str> = [c.description, c.category].iter().filter_map(|&i| row.get(i)).collect();
    t.description = (!described.is_empty()).then(|| described.join(" / "));
    let texts = [row.get(c.merchant), row.get(c.description)];
    t.provider = institutions::recognise(texts.into_iter().flatten()).map(str::to_string);
    Ok(t)
}

/// The row's kind from its `Type`, and for a purchase its direction (a negative purchase is
/// a return).
fn kind_of(word: &str, direction: Direction) -> Kind {
    let word = word.to_ascii_lowercase();
    let has = |w: &str| word.contains(w);
    if has("interest") || has("fee") {
        Kind::Fee
    } else if has("payment") {
        // Money paid to the card: the repayment of its bill.
        Kind::Transfer
    } else if has("credit") || has("refund") || has("return") {
        Kind::Refund
    } else if has("purchase") || has("installment") {
        if direction == Direction::In { Kind::Refund } else { Kind::Payment }
    } else if has("daily cash") || has("cashback") {
        Kind::Income
    } else {
        Kind::Other
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_from_the_type_column() {
        use Direction::{In, Out};
        assert_eq!(kind_of("Purchase", Out), Kind::Payment);
        assert_eq!(kind_of("Purchase", In), Kind::Refund);
        assert_eq!(kind_of("Payment", In), Kind::Transfer);
        assert_eq!(kind_of("Credit", In), Kind::Refund);
        assert_eq!(kind_of("Installment", Out), Kind::Payment);
        assert_eq!(kind_of("Interest", Out), Kind::Fee);
        assert_eq!(kind_of("Debit", Out), Kind::Other);
    }
}
