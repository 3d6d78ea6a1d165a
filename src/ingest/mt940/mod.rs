//! SWIFT MT940 customer statements (`.sta`, `.mt940`, `.940`), as banks deliver them to
//! accounting software: bank side, sniffed by their fields, not their name.
//!
//! A statement is `:20:` (its reference), `:25:` (the account: an IBAN, or bank code/account),
//! `:28C:` (statement/sequence number), `:60F:` (opening balance; `:60M:` on a continuation
//! page), entries (`:61:` then `:86:`, see [`entry`]), `:62F:`/`:62M:` (closing balance) and
//! `:64:` (available balance). A file holds several statements, bare or each in a SWIFT
//! envelope `{1:F01…}{2:O940…}{4:` … `-}`, with `\r\n` line ends and `-` lines between them.
//!
//! Quirks: amounts have a decimal comma (`1234,56`, `10,`); dates are YYMMDD, the booking date
//! MMDD (read in the year nearest the value date); only the balances name the currency; the
//! funds code (`CR1,00`, `DR…`: the currency's third letter) is not a reversal (`RC`, `RD`).
//!
//! How it is read: each `:61:` is a row, dated by its booking date (its value date when it has
//! none) in the configured zone at day precision; a broken one is a D001 with its line, the rest
//! of the statement still read. The statements of one account are one input (labelled
//! `bank:` and the account's last four digits), so D003 checks that each statement's opening
//! balance continues the one before; its own opening and closing balances are put on its first
//! and last rows ([`super::balances`]) so D003 also sees rows missing inside it. Several
//! accounts in one file are one input each.

pub mod entry;
pub mod fields;

use super::{Adapter, Coverage, IngestOptions, Parsed, Rejected, SourceText, balances};
use crate::model::{Account, Direction, Kind, Precision, Side, Status, Timestamp, Transaction, last4_digits};
use crate::model::{Money, Zone};
use chrono::{NaiveDate, NaiveTime};
use entry::{Mark, information, statement_line};
use fields::{Balance, Field, Item, balance, items};

pub struct Mt940;

/// The account prefix of statements that name no bank we know (as OFX and CAMT.053 use).
pub const INSTITUTION: &str = "bank";
/// How far from the top the first statement's fields are looked for.
const SNIFF_LINES: usize = 80;

impl Adapter for Mt940 {
    fn name(&self) -> &str {
        "mt940"
    }
    fn side(&self) -> Side {
        Side::Bank
    }
    fn description(&self) -> &'static str {
        "SWIFT MT940 bank statement (:20:, :25:, :60F:, :61:/:86:, :62F:; bare or in SWIFT envelopes)"
    }
    /// The `:20:` line of a text holding `:25:` and an opening balance near the top.
    fn sniff(&self, src: &SourceText) -> Option<usize> {
        let mut first = None;
        let (mut account, mut opening) = (false, false);
        for (i, item) in fields_near_top(src) {
            match item {
                "20" => first = first.or(Some(i)),
                "25" => account = true,
                "60F" | "60M" => opening = true,
                _ => {}
            }
        }
        first.filter(|_| account && opening)
    }
    /// No line of another file starts an MT940 statement, and an MT940 file is read whole (its
    /// `:86:` text may hold commas, never a header).
    fn claims_header(&self, _line: &str) -> bool {
        false
    }
    fn signatures(&self) -> &'static [&'static [&'static str]] {
        &[&[":20:", ":25:", ":28C:", ":60F:", ":61:", ":86:", ":62F:"]]
    }
    fn parse(&self, src: &SourceText, _header: usize, opts: &IngestOptions) -> Result<Parsed, String> {
        let statements = statements(items(&src.text));
        if statements.is_empty() {
            return Err("no MT940 statement (:20: … :62F:) in the file".into());
        }
        // One input per account, its statements in file order.
        let mut accounts: Vec<(String, Parsed)> = Vec::new();
        for statement in &statements {
            let raw = statement.account.as_ref().map(|f| f.lines.concat()).unwrap_or_default();
            let key: String = raw.chars().filter(|c| !c.is_whitespace()).collect();
            let at = match accounts.iter().position(|(k, _)| *k == key) {
                Some(at) => at,
                None => {
                    let label = Account::label(INSTITUTION, last4_digits(&key).as_deref());
                    accounts.push((key, Parsed { account: label, ..Parsed::default() }));
                    accounts.len() - 1
                }
            };
            if let Some((_, parsed)) = accounts.get_mut(at) {
                read_statement(src, statement, opts.zone, parsed);
            }
        }
        let mut parsed = accounts.into_iter().map(|(_, p)| p);
        let mut first = parsed.next().unwrap_or_default();
        first.statements = parsed.collect();
        Ok(first)
    }
}

/// The tags of the fields in the first lines, with their 0-based line.
fn fields_near_top(src: &SourceText) -> Vec<(usize, &str)> {
    let mut end = src.text.len();
    if let Some((at, _)) = src.text.match_indices('\n').nth(SNIFF_LINES) {
        end = at;
    }
    let top = src.text.get(..end).unwrap_or("");
    items(top)
        .into_iter()
        .filter_map(|i| match i {
            Item::Field(f) => Some((f.line - 1, f.tag)),
            Item::End => None,
        })
        .collect()
}

/// One statement's fields.
#[derive(Default)]
struct Statement<'a> {
    account: Option<Field<'a>>,
    opening: Option<Field<'a>>,
    closing: Option<Field<'a>>,
    /// `:61:` fields, each with the `:86:` below it.
    entries: Vec<(Field<'a>, Option<Field<'a>>)>,
}

/// The statements in file order: each starts at `:20:` and ends at the next, or at a message
/// end. Fields outside any `:20:` still make a statement (nothing is dropped).
fn statements(items: Vec<Item<'_>>) -> Vec<Statement<'_>> {
    let mut out = Vec::new();
    let mut current: Option<Statement> = None;
    for item in items {
        let field = match item {
            Item::End => {
                out.extend(current.take());
                continue;
            }
            Item::Field(f) if f.tag == "20" => {
                out.extend(current.replace(Statement::default()));
                continue;
            }
            Item::Field(f) => f,
        };
        let s = current.get_or_insert_with(Statement::default);
        match field.tag {
            "25" => s.account = Some(field),
            "60F" | "60M" => s.opening = Some(field),
            "62F" | "62M" => s.closing = Some(field),
            "61" => s.entries.push((field, None)),
            // Information after the closing balance is about the statement, not an entry.
            "86" if s.closing.is_none() => {
                if let Some((_, info @ None)) = s.entries.last_mut() {
                    *info = Some(field);
                }
            }
            _ => {}
        }
    }
    out.extend(current);
    out
}

fn read_statement(src: &SourceText, s: &Statement, zone: Zone, out: &mut Parsed) {
    let read_balance = |field: &Option<Field>, out: &mut Parsed| -> Option<Balance> {
        let field = field.as_ref()?;
        balance(field).map_err(|reason| reject(src, field, reason, out)).ok()
    };
    let opening = read_balance(&s.opening, out);
    let closing = read_balance(&s.closing, out);
    let currency = opening.as_ref().or(closing.as_ref()).map(|b| b.money.currency.clone());
    let mut rows = Vec::new();
    for (line, info) in &s.entries {
        let read = match currency.as_deref() {
            Some(currency) => transaction(src, line, info.as_ref(), currency, zone, &out.account),
            None => Err("the statement has no readable :60F: or :62F: balance, which name its currency".into()),
        };
        match read {
            Ok(t) => {
                out.rows += 1;
                rows.push(t);
            }
            Err(reason) => reject(src, line, reason, out),
        }
    }
    check_alone(src, s, &rows, out, opening.as_ref(), closing.as_ref());
    balances::place(&mut rows, opening.as_ref().map(|b| &b.money), closing.as_ref().map(|b| &b.money));
    cover(out, &rows, closing.as_ref(), zone);
    out.transactions.extend(rows);
}

/// A statement whose balances D003 cannot compare (fewer than two rows, none before it on this
/// account): its closing balance must be its opening balance plus its rows, or rows are missing.
fn check_alone(
    src: &SourceText,
    s: &Statement,
    rows: &[Transaction],
    out: &mut Parsed,
    open: Option<&Balance>,
    close: Option<&Balance>,
) {
    let (Some(open), Some(close), Some(field)) = (open, close, s.closing.as_ref()) else { return };
    let earlier = out.transactions.iter().any(|t| t.money.currency == close.money.currency && t.balance.is_some());
    let booked: Vec<&Transaction> = rows.iter().filter(|t| t.status == Status::Success).collect();
    if earlier || booked.len() >= 2 {
        return;
    }
    let moved: rust_decimal::Decimal =
        booked.iter().map(|t| if t.direction == Direction::In { t.money.amount } else { -t.money.amount }).sum();
    if open.money.amount + moved != close.money.amount {
        let reason = format!(
            "the closing balance {} is not the opening balance {} (line {}) plus the statement's rows ({}): rows are missing",
            close.money,
            open.money,
            open.line,
            Money::new(moved, close.money.currency.clone())
        );
        reject(src, field, reason, out);
    }
}

/// The statement's period: from its first row's date to its closing balance's date.
fn cover(out: &mut Parsed, rows: &[Transaction], closing: Option<&Balance>, zone: Zone) {
    let closing_day = closing.and_then(|b| day(b.date, zone));
    let from = rows.iter().map(|t| t.time.at).chain(closing_day.map(|t| t.at)).min();
    let to = rows.iter().map(|t| t.time.latest()).chain(closing_day.map(|t| t.latest())).max();
    if let (Some(from), Some(to)) = (from, to) {
        let c = out.declared_coverage.get_or_insert(Coverage { from, to });
        c.from = c.from.min(from);
        c.to = c.to.max(to);
    }
}

/// A field that could not be read: a D001 row with its line. Counted as a row read.
fn reject(src: &SourceText, field: &Field, reason: String, out: &mut Parsed) {
    out.rows += 1;
    let raw: String = format!(":{}:{}", field.tag, field.lines.join(" "));
    let raw = raw.chars().take(300).collect();
    out.rejected.push(Rejected { source: src.at(field.line), reason, raw });
}

fn day(date: NaiveDate, zone: Zone) -> Option<Timestamp> {
    let at = zone.localize(&date.and_time(NaiveTime::MIN))?;
    Some(Timestamp { at, precision: Precision::Day })
}

fn transaction(
    src: &SourceText,
    field: &Field,
    info: Option<&Field>,
    currency: &str,
    zone: Zone,
    account: &str,
) -> Result<Transaction, String> {
    let line = statement_line(field)?;
    let date = line.entry_date.unwrap_or(line.value_date);
    let time = day(date, zone).ok_or_else(|| format!("{date} has no midnight in {zone}"))?;
    let (direction, status) = match line.mark {
        Mark::Credit | Mark::ReversedDebit => (Direction::In, Status::Success),
        Mark::Debit | Mark::ReversedCredit => (Direction::Out, Status::Success),
        Mark::ExpectedCredit => (Direction::In, Status::Pending),
        Mark::ExpectedDebit => (Direction::Out, Status::Pending),
    };
    let info = info.map(information).unwrap_or_default();
    let mut t =
        Transaction::new(src.at(field.line), Side::Bank, account, time, Money::new(line.amount, currency), direction);
    t.status = status;
    t.counterparty = info.name.clone();
    let words: Vec<&str> = [
        info.booking_text.as_deref(),
        info.purpose.as_deref().or(Some(info.text.as_str())),
        line.supplementary.as_deref(),
    ]
    .into_iter()
    .flatten()
    .filter(|w| !w.is_empty())
    .collect();
    t.description = (!words.is_empty()).then(|| words.join(" / "));
    let texts = [
        info.name.as_deref(),
        Some(info.text.as_str()),
        line.supplementary.as_deref(),
        line.owner_reference.as_deref(),
    ];
    t.provider = crate::institutions::recognise(texts.into_iter().flatten()).map(str::to_string);
    t.kind = match line.mark {
        Mark::ReversedDebit => Kind::Refund,
        _ => super::cells::kind_from_summary(t.description.as_deref().unwrap_or(""), direction),
    };
    t.card_last4 = Account::parse(account).card.map(str::to_string);
    t.reference = line.bank_reference.clone().or_else(|| line.owner_reference.clone());
    t.merchant_reference = line.owner_reference.filter(|_| line.bank_reference.is_some());
    Ok(t)
}
