//! PayPal's CSV exports, read by column name in English, German and French, UTF-8 with a BOM,
//! every cell quoted, one row per balance movement:
//!
//! - the activity download ("All transactions" / "Balance affecting"):
//!   `"Date","Time","TimeZone","Name","Type","Status","Currency","Gross","Fee","Net","From Email
//!   Address","To Email Address","Transaction ID",…,"Reference Txn ID",…,"Balance",…,"Balance
//!   Impact"` (de `Datum,Uhrzeit,Zeitzone,Name,Typ,Status,Währung,Brutto,Gebühr,Netto,…,
//!   Transaktionscode,…,Zugehöriger Transaktionscode,…,Guthaben,…,Auswirkung auf Guthaben`; fr
//!   `Date,Heure,Fuseau horaire,Nom,Type,État,Devise,Brut|Avant commission,Frais|Commission,Net,
//!   …,Numéro de transaction,…,Numéro de la transaction de référence,…,Solde,…,Impact sur le solde`);
//! - the monthly statement CSV: `"Date","Time","Time Zone","Description","Currency","Gross","Fee",
//!   "Net","Balance","Transaction ID","From Email Address","Name","Bank Name","Bank Account",…,
//!   "Reference Txn ID"` (de `…,Beschreibung,Währung,Brutto,Entgelt,Netto,Guthaben,
//!   Transaktionscode,…,Name der Bank,Bankkonto,…`; fr `…,Description,Devise,Brut,Frais,Net,Solde,
//!   Numéro de transaction,…,Nom de la banque,Compte bancaire,…`). It has no status: it lists
//!   completed movements.
//!
//! Quirks: each row carries its own zone (`PST`, `PDT`, `CET`, `Europe/Berlin`, see
//! [`words::zone`]); English dates are month first for US accounts (`9/4/2018`) and day first
//! elsewhere, decided per file from the dates themselves, else from the zones (US zones: month
//! first), German `31.12.2025`, French `31/12/2025`; de/fr amounts `1.234,56`. Types carry a
//! trailing space (`Bank Deposit to PP Account `). A payment PayPal funds from a bank or card
//! is two rows at one time: the payment (out) and the deposit that funded it (in, `Bank Deposit
//! to PP Account` / `General Card Deposit`), whose `Reference Txn ID` names the payment. The
//! deposit is the top-up that the bank's `PAYPAL *…` debit matches; the payment names no card,
//! so that debit is claimed once. A currency conversion is two rows, one per currency, kept as
//! printed; the row it was made for gets the other currency's amount as its `original`
//! ([`conversions`]). `Balance` is the balance of the row's currency after it.

mod conversions;
mod words;

use super::table::{Row, cells_needed, check_width, collect_rows, read_export};
use super::{Adapter, IngestOptions, Parsed, SourceText};
use crate::model::{Direction, Kind, Money, Precision, Side, Status, Timestamp, Transaction, last4_digits};
use chrono::{NaiveDate, NaiveDateTime, NaiveTime};
use words::Language;

pub struct PayPal;

/// The account and provider of every row: what bank statements' `PAYPAL *…` debits are
/// recognised as (`institutions`).
const PAYPAL: &str = "paypal";

const ACTIVITY_EN: &[&str] =
    &["Date", "Time", "TimeZone", "Type", "Status", "Currency", "Gross", "Net", "Transaction ID"];
/// The newer activity layout: `Date,Time,Time zone,Name,Type,Status,Currency,Amount,Fees,Total,…`.
const ACTIVITY_EN_TOTAL: &[&str] =
    &["Date", "Time", "Time zone", "Type", "Status", "Currency", "Amount", "Fees", "Total", "Transaction ID"];
const STATEMENT_EN: &[&str] =
    &["Date", "Time", "Time Zone", "Description", "Currency", "Gross", "Net", "Transaction ID"];
const ACTIVITY_DE: &[&str] =
    &["Datum", "Uhrzeit", "Zeitzone", "Typ", "Status", "Währung", "Brutto", "Netto", "Transaktionscode"];
const STATEMENT_DE: &[&str] =
    &["Datum", "Uhrzeit", "Zeitzone", "Beschreibung", "Währung", "Brutto", "Netto", "Transaktionscode"];
const ACTIVITY_FR: &[&str] =
    &["Date", "Heure", "Fuseau horaire", "Type", "État", "Devise", "Net", "Numéro de transaction"];
const STATEMENT_FR: &[&str] =
    &["Date", "Heure", "Fuseau horaire", "Description", "Devise", "Net", "Numéro de transaction"];

impl Adapter for PayPal {
    fn name(&self) -> &str {
        PAYPAL
    }
    fn side(&self) -> Side {
        Side::Wallet
    }
    fn description(&self) -> &'static str {
        "PayPal activity download and statement CSV (English, German, French)"
    }
    fn signatures(&self) -> &'static [&'static [&'static str]] {
        &[ACTIVITY_EN, ACTIVITY_EN_TOTAL, STATEMENT_EN, ACTIVITY_DE, STATEMENT_DE, ACTIVITY_FR, STATEMENT_FR]
    }

    fn parse(&self, src: &SourceText, header_line: usize, _opts: &IngestOptions) -> Result<Parsed, String> {
        let (header, rows) = read_export(src, header_line)?;
        // By name in any letter case, as the header is claimed (the UK export writes `Time zone`).
        let col =
            |names: &[&str]| names.iter().find_map(|n| header.iter().position(|h| h.trim().eq_ignore_ascii_case(n)));
        let c = Cols {
            date: col(&["Date", "Datum"]),
            time: col(&["Time", "Uhrzeit", "Heure"]),
            zone: col(&["TimeZone", "Time Zone", "Timezone", "Zeitzone", "Fuseau horaire"]),
            name: col(&["Name", "Nom"]),
            kind: col(&["Type", "Typ", "Description", "Beschreibung"]),
            status: col(&["Status", "État"]),
            currency: col(&["Currency", "Währung", "Devise"]),
            gross: col(&["Gross", "Amount", "Brutto", "Brut", "Avant commission"]),
            fee: col(&["Fee", "Fees", "Gebühr", "Entgelt", "Frais", "Commission"]),
            id: col(&["Transaction ID", "Transaktionscode", "Numéro de transaction"]),
            linked: col(&[
                "Reference Txn ID",
                "Zugehöriger Transaktionscode",
                "Numéro de la transaction de référence",
                "Nº de transaction de référence",
            ]),
            balance: col(&["Balance", "Guthaben", "Solde"]),
            impact: col(&["Balance Impact", "Auswirkung auf Guthaben", "Impact sur le solde"]),
            bank: col(&["Bank Name", "Name der Bank", "Nom de la banque"]),
            bank_account: col(&["Bank Account", "Bankkonto", "Compte bancaire"]),
            item: col(&["Item Title", "Artikelbezeichnung", "Titre de l'objet"]),
            language: Language::of(&header),
            day_first: false,
        };
        let required =
            [("date", c.date), ("time", c.time), ("time zone", c.zone), ("gross", c.gross), ("currency", c.currency)];
        let missing: Vec<&str> = required.iter().filter(|(_, i)| i.is_none()).map(|(n, _)| *n).collect();
        if !missing.is_empty() {
            return Err(format!("the PayPal header has no {} column", missing.join(", ")));
        }
        let c = Cols { day_first: day_first(&rows, &c), ..c };
        let needed = cells_needed([c.date, c.time, c.zone, c.kind, c.status, c.currency, c.gross, c.id, c.balance]);
        let mut out = Parsed { account: PAYPAL.into(), ..Parsed::default() };
        collect_rows(&mut out, src, &rows, |row| {
            check_width(row, header.len(), needed)?;
            read(row, &c, src)
        });
        conversions::pair(&mut out.transactions);
        Ok(out)
    }
}

struct Cols {
    date: Option<usize>,
    time: Option<usize>,
    zone: Option<usize>,
    name: Option<usize>,
    kind: Option<usize>,
    status: Option<usize>,
    currency: Option<usize>,
    gross: Option<usize>,
    fee: Option<usize>,
    id: Option<usize>,
    linked: Option<usize>,
    balance: Option<usize>,
    impact: Option<usize>,
    bank: Option<usize>,
    bank_account: Option<usize>,
    item: Option<usize>,
    language: Language,
    day_first: bool,
}

fn read(row: &Row, c: &Cols, src: &SourceText) -> Result<Transaction, String> {
    let time = time_of(row, c)?;
    let raw_gross = row.get(c.gross).ok_or("the gross amount is empty")?;
    let gross = words::amount(raw_gross, c.language)?;
    let currency = row.get(c.currency).ok_or("the currency is empty")?;
    if currency.len() != 3 || !currency.chars().all(|ch| ch.is_ascii_uppercase()) {
        return Err(format!("currency {currency:?} is not an ISO 4217 code"));
    }
    let by_sign = match gross.is_sign_negative() {
        _ if gross.is_zero() => Direction::Neutral,
        true => Direction::Out,
        false => Direction::In,
    };
    let direction = row.get(c.impact).and_then(words::impact).unwrap_or(by_sign);
    let money = Money::new(gross.abs(), currency);
    let mut t = Transaction::new(src.at(row.line), Side::Wallet, PAYPAL, time, money, direction);
    t.provider = Some(PAYPAL.into());
    // The statement CSV has no status column: it lists completed movements only.
    t.status = row.get(c.status).map_or(Status::Success, words::status);
    let type_text = row.get(c.kind).unwrap_or_default().trim();
    t.kind = match words::kind(type_text, by_sign) {
        // A deposit that moved nothing (denied, or held as a memo) is still an attempted top-up.
        Kind::TopUp => Kind::TopUp,
        _ if direction == Direction::Neutral => Kind::Other,
        _ => words::kind(type_text, direction),
    };
    t.description = Some(match row.get(c.item) {
        Some(item) if !type_text.is_empty() => format!("{type_text}: {item}"),
        Some(item) => item.to_string(),
        None => type_text.to_string(),
    })
    .filter(|d| !d.is_empty());
    t.counterparty = row.text(c.name);
    t.reference = row.text(c.id);
    // The payment a deposit funded, the other currency's row of a conversion, the payment a
    // refund returns: PayPal's link between rows, kept as printed.
    t.merchant_reference = row.text(c.linked);
    // A memo row (a cart item, an authorization) moves no balance; its printed one is not "after it".
    if direction != Direction::Neutral
        && let Some(raw) = row.get(c.balance)
    {
        t.balance = Some(words::amount(raw, c.language).map_err(|e| format!("balance: {e}"))?);
    }
    if let Some(raw) = row.get(c.fee) {
        let fee = words::amount(raw, c.language).map_err(|e| format!("fee: {e}"))?.abs();
        // Money received arrives less PayPal's fee (gross 84.00, fee −4.25, net 79.75): the fee
        // was kept out of the gross. On money sent, a fee comes on top and the other side still
        // sees the gross, which is not what `fee` means; it stays in the description.
        if !fee.is_zero() {
            match direction {
                Direction::In => t.fee = Some(fee),
                _ => t.description = Some(format!("{} (fee {fee} {currency})", t.description.unwrap_or_default())),
            }
        }
    }
    if matches!(t.kind, Kind::TopUp | Kind::Withdrawal) {
        // The statement CSV names the bank and the account's last digits; the activity CSV
        // names the funding source only in `Name` (`Bank Account`, `Carte bancaire`), if at all.
        let bank = row.text(c.bank);
        let account = row.get(c.bank_account);
        t.card_last4 = account.and_then(last4_digits);
        t.method = match (bank, account) {
            (Some(bank), Some(account)) => Some(format!("{bank} ({account})")),
            (bank, account) => bank.or(account.map(str::to_string)),
        };
    }
    Ok(t)
}

/// The row's date and time in the zone its own `TimeZone` cell names.
fn time_of(row: &Row, c: &Cols) -> Result<Timestamp, String> {
    let raw_date = row.get(c.date).ok_or("the date is empty")?;
    let date = date_of(raw_date, c.day_first)
        .ok_or_else(|| format!("date {raw_date:?} is not a date (this export writes {})", date_shape(c)))?;
    let raw_time = row.get(c.time).ok_or("the time is empty")?;
    let clock = NaiveTime::parse_from_str(raw_time, "%H:%M:%S")
        .map_err(|_| format!("time {raw_time:?} is not a time of day (HH:MM:SS)"))?;
    let raw_zone = row.get(c.zone).ok_or("the time zone is empty")?;
    let zone = words::zone(raw_zone).ok_or_else(|| {
        format!("time zone {raw_zone:?} is not one PayPal writes (PST, CET, GMT+8, Europe/Berlin, …)")
    })?;
    let at = zone
        .localize(&NaiveDateTime::new(date, clock))
        .ok_or_else(|| format!("{raw_date} {raw_time} does not exist in {raw_zone}"))?;
    Ok(Timestamp { at, precision: Precision::Second })
}

fn date_shape(c: &Cols) -> &'static str {
    match (c.language, c.day_first) {
        (Language::German, _) => "31.12.2025",
        (_, true) => "31/12/2025",
        (_, false) => "12/31/2025",
    }
}

fn date_of(raw: &str, day_first: bool) -> Option<NaiveDate> {
    let slashed = if day_first { "%d/%m/%Y" } else { "%m/%d/%Y" };
    [slashed, "%d.%m.%Y", "%Y-%m-%d", "%Y/%m/%d"].iter().find_map(|f| NaiveDate::parse_from_str(raw.trim(), f).ok())
}

/// Whether the file's `a/b/yyyy` dates are day first: a first number above 12 says so, a
/// second above 12 says month first; when no date tells, US zones mean month first (PayPal's
/// US exports), any other English export day first, German and French always day first.
fn day_first(rows: &[Row], c: &Cols) -> bool {
    let parts = |r: &Row| -> Option<(u32, u32)> {
        let mut it = r.get(c.date)?.split('/');
        Some((it.next()?.trim().parse().ok()?, it.next()?.trim().parse().ok()?))
    };
    if rows.iter().filter_map(parts).any(|(a, _)| a > 12) {
        return true;
    }
    if rows.iter().filter_map(parts).any(|(_, b)| b > 12) {
        return false;
    }
    c.language != Language::English || !rows.iter().filter_map(|r| r.get(c.zone)).any(words::american)
}
