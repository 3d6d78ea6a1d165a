//! Wise (TransferWise) balance statement CSV, one file per currency balance (a balance →
//! Statements → CSV): `"TransferWise ID",Date,Amount,Currency,Description,"Payment Reference",
//! "Running Balance","Exchange From","Exchange To","Exchange Rate","Payer Name","Payee Name",
//! "Payee Account Number",Merchant,"Card Last Four Digits","Card Holder Full Name",Attachment,
//! Note,"Total fees"`; newer exports add `"Date Time"` after `Date` and `"Exchange To Amount",
//! "Transaction Type","Transaction Details Type"` at the end (columns are found by name). Wallet
//! side, account and provider `wise`: every balance is the one Wise wallet bank rows name, each
//! row keeps its own currency, and each currency's running balance is its own.
//!
//! Quirks, as the export writes them:
//! - Newest row first. `Date` is day-first (`31-01-2019`); `Date Time` is
//!   `15-06-2026 18:34:58.641`. The CSV prints no zone: both are read in the zone `--tz` (or
//!   the config's `timezone`) gives, and without one as UTC, the zone of the balance-statement
//!   API the CSV is written from (its times end in `Z`; the CSV drops it), never the built-in
//!   China default.
//! - `Amount` is signed (negative is money out of this balance) and `Running Balance` is the
//!   balance after the row: the running balance D003 checks.
//! - Fees: older exports list Wise's fee as a row of its own sharing its transfer's id
//!   (`Wise Charges for: CARD-8789487`, or an id `FEE-…`), a fee kind; newer ones include it
//!   in `Amount`. `Total fees` is kept in the description, never subtracted again.
//! - Conversions (`Converted USD to EUR`) and card payments abroad print the amounts and rate
//!   the statement itself gives (`Exchange From`/`To`/`Rate`, `Exchange To Amount`): kept in the
//!   description as printed, no rate is worked out.
//! - Kinds come from `Transaction Details Type` (`MONEY_ADDED`, `DEPOSIT`, `CARD`, `CONVERSION`,
//!   `TRANSFER`, `DIRECT_DEBIT`, …) or, in older exports, the description: `Topped up balance` /
//!   `MONEY_ADDED` is a top-up; money received (`Received money from …`, `DEPOSIT`) is a top-up
//!   when the payer is the statement's own holder (the name on its card rows), otherwise a
//!   transfer in. A card payment's `Card Last Four Digits` is the Wise card: it is the method,
//!   not a funding card, since the money came from the balance.

use super::table::{Row, cells_needed, check_width, collect_rows, column, read_export};
use super::{Adapter, IngestOptions, Parsed, SourceText};
use crate::ingest::cells::currency_code;
use crate::model::{Direction, Kind, Money, Side, Timestamp, Transaction, Zone, parse_amount, parse_timestamp_with};

pub struct Wise;

/// The account and provider of Wise rows (`institutions` knows bank rows by it).
pub const ACCOUNT: &str = "wise";

const HEADER: [&str; 6] = ["TransferWise ID", "Date", "Amount", "Currency", "Description", "Running Balance"];

impl Adapter for Wise {
    fn name(&self) -> &str {
        ACCOUNT
    }
    fn side(&self) -> Side {
        Side::Wallet
    }
    fn description(&self) -> &'static str {
        "Wise (TransferWise) balance statement CSV, one currency per file, with or without Date Time"
    }
    fn signatures(&self) -> &'static [&'static [&'static str]] {
        &[&HEADER]
    }

    fn parse(&self, src: &SourceText, header_line: usize, opts: &IngestOptions) -> Result<Parsed, String> {
        let (header, rows) = read_export(src, header_line)?;
        let c = Columns::find(&header);
        let Some(amount) = c.amount else { return Err("the Wise header has no Amount column".into()) };
        // The statement's holder, by the name on its card rows: money they send themselves is a top-up.
        let mut holders: Vec<String> = rows.iter().filter_map(|r| r.get(c.holder)).map(str::to_lowercase).collect();
        holders.sort();
        holders.dedup();
        let zone = opts.zone_or(UTC);
        let statement = Statement { c: &c, amount, holders, width: header.len(), src, zone };
        let mut out = Parsed { account: ACCOUNT.into(), ..Parsed::default() };
        collect_rows(&mut out, src, &rows, |row| statement.read(row));
        Ok(out)
    }
}

struct Columns {
    id: Option<usize>,
    date: Option<usize>,
    date_time: Option<usize>,
    amount: Option<usize>,
    currency: Option<usize>,
    description: Option<usize>,
    reference: Option<usize>,
    balance: Option<usize>,
    exchange_from: Option<usize>,
    exchange_to: Option<usize>,
    exchange_rate: Option<usize>,
    exchange_to_amount: Option<usize>,
    payer: Option<usize>,
    payee: Option<usize>,
    merchant: Option<usize>,
    card: Option<usize>,
    holder: Option<usize>,
    fees: Option<usize>,
    details_type: Option<usize>,
}

impl Columns {
    fn find(header: &[String]) -> Columns {
        let col = |name: &str| column(header, &[name]);
        Columns {
            id: col("TransferWise ID"),
            date: col("Date"),
            date_time: col("Date Time"),
            amount: col("Amount"),
            currency: col("Currency"),
            description: col("Description"),
            reference: col("Payment Reference"),
            balance: col("Running Balance"),
            exchange_from: col("Exchange From"),
            exchange_to: col("Exchange To"),
            exchange_rate: col("Exchange Rate"),
            exchange_to_amount: col("Exchange To Amount"),
            payer: col("Payer Name"),
            payee: col("Payee Name"),
            merchant: col("Merchant"),
            card: col("Card Last Four Digits"),
            holder: col("Card Holder Full Name"),
            fees: col("Total fees"),
            details_type: col("Transaction Details Type"),
        }
    }
}

struct Statement<'a> {
    c: &'a Columns,
    amount: usize,
    holders: Vec<String>,
    width: usize,
    src: &'a SourceText,
    /// The zone of its naive times.
    zone: Zone,
}

/// The zone naive times are read in without `--tz` (see the module doc).
const UTC: Zone = Zone::Named(chrono_tz::UTC);

impl Statement<'_> {
    fn read(&self, row: &Row) -> Result<Transaction, String> {
        let c = self.c;
        check_width(row, self.width, cells_needed([c.id, c.date, c.date_time, Some(self.amount), c.currency]))?;
        let when = self.time(row)?;
        let raw = row.get(Some(self.amount)).ok_or("the amount is empty")?;
        let value = parse_amount(raw).map_err(|e| format!("amount: {e}"))?;
        let raw_currency = row.get(c.currency).ok_or("the currency is empty")?;
        let currency = currency_code(raw_currency).ok_or_else(|| format!("currency {raw_currency:?} is not a code"))?;
        let direction = if value.is_sign_negative() { Direction::Out } else { Direction::In };
        let money = Money::new(value.abs(), currency);
        let mut t = Transaction::new(self.src.at(row.line), Side::Wallet, ACCOUNT, when, money, direction);
        t.provider = Some(ACCOUNT.into());
        t.reference = row.text(c.id);
        t.merchant_reference = row.text(c.reference);
        t.balance = match row.get(c.balance) {
            Some(b) => Some(parse_amount(b).map_err(|e| format!("running balance: {e}"))?),
            None => None,
        };
        let payer = row.get(c.payer).or_else(|| received_from(row.get(c.description).unwrap_or_default()));
        let counterparty = match direction {
            Direction::In => payer,
            _ => row.get(c.merchant).or_else(|| row.get(c.payee)),
        };
        t.counterparty = counterparty.map(str::to_string);
        t.method = row.get(c.card).map(|digits| format!("Wise card {digits}"));
        let own = payer.is_some_and(|p| self.holders.contains(&p.to_lowercase()));
        t.kind = kind_of(row, c, direction, own);
        t.description = self.describe(row);
        Ok(t)
    }

    /// `Date Time` to the second where the export has it, else `Date` alone.
    fn time(&self, row: &Row) -> Result<Timestamp, String> {
        if let Some(raw) = row.get(self.c.date_time) {
            let formats = ["%d-%m-%Y %H:%M:%S%.f", "%d-%m-%Y %H:%M:%S", "%d-%m-%Y %H:%M"];
            return formats
                .iter()
                .find_map(|f| parse_timestamp_with(raw, f, self.zone).ok())
                .ok_or_else(|| format!("date time {raw:?} is not a time as Wise writes it (31-01-2026 14:05:09.123)"));
        }
        let raw = row.get(self.c.date).ok_or("the date is empty")?;
        ["%d-%m-%Y", "%d/%m/%Y"]
            .iter()
            .find_map(|f| parse_timestamp_with(raw, f, self.zone).ok())
            .ok_or_else(|| format!("date {raw:?} is not a date as Wise writes it (31-01-2026)"))
    }

    /// The description as printed, with the exchange and fees the row prints beside it.
    fn describe(&self, row: &Row) -> Option<String> {
        let c = self.c;
        let mut parts: Vec<String> = row.text(c.description).into_iter().collect();
        let (from, to) = (row.get(c.exchange_from), row.get(c.exchange_to));
        if let (Some(from), Some(to)) = (from, to) {
            let mut exchange = format!("exchange {from} to {to}");
            if let Some(target) = row.get(c.exchange_to_amount) {
                exchange.push_str(&format!(", {target} {to}"));
            }
            if let Some(rate) = row.get(c.exchange_rate) {
                exchange.push_str(&format!(" at {rate}"));
            }
            parts.push(exchange);
        }
        if let Some(fees) = row.get(c.fees).filter(|f| parse_amount(f).is_ok_and(|v| !v.is_zero())) {
            parts.push(format!("total fees {fees}"));
        }
        (!parts.is_empty()).then(|| parts.join(" / "))
    }
}

/// `Received money from Jane Doe with reference Rent` → `Jane Doe` (older exports name the
/// payer only in the description).
fn received_from(description: &str) -> Option<&str> {
    let rest = description.strip_prefix("Received money from ")?;
    let name = rest.split(" with reference").next().unwrap_or(rest).trim();
    (!name.is_empty()).then_some(name)
}

/// The kind from `Transaction Details Type`, else from the id and description.
fn kind_of(row: &Row, c: &Columns, direction: Direction, own_money: bool) -> Kind {
    let details = row.get(c.details_type).unwrap_or_default().to_ascii_uppercase();
    let id = row.get(c.id).unwrap_or_default();
    let text = row.get(c.description).unwrap_or_default().to_lowercase();
    let starts = |w: &str| text.starts_with(w);
    let received = details == "DEPOSIT" || starts("received money");
    let added = details == "MONEY_ADDED" || starts("topped up") || starts("added money") || starts("top up");
    if id.starts_with("FEE-") || starts("wise charges for") || details == "ACCRUAL_CHARGE" {
        Kind::Fee
    } else if added || (received && own_money && direction == Direction::In) {
        Kind::TopUp
    } else if details == "CONVERSION" || starts("converted") || received || starts("sent money") {
        Kind::Transfer
    } else if details == "CARD" || starts("card transaction") || details == "DIRECT_DEBIT" || starts("cash withdrawal")
    {
        // Cash from an ATM is spending from the balance, not a withdrawal to a bank card.
        if direction == Direction::In { Kind::Refund } else { Kind::Payment }
    } else if matches!(details.as_str(), "BALANCE_INTEREST" | "CARD_CASHBACK") || text.contains("cashback") {
        Kind::Income
    } else if details == "TRANSFER" {
        Kind::Transfer
    } else {
        super::wallet_bill::kind_by_direction(direction)
    }
}

#[cfg(test)]
mod tests {
    use super::received_from;

    #[test]
    fn payers_named_in_the_description() {
        assert_eq!(received_from("Received money from Jane Doe with reference Rent"), Some("Jane Doe"));
        assert_eq!(received_from("Received money from ACME LTD"), Some("ACME LTD"));
        assert_eq!(received_from("Sent money to Jane Doe"), None);
    }
}
