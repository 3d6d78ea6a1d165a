//! One MT940 statement read into rows: each `:61:` (with its `:86:`) a transaction or a D001,
//! its balances on its first and last rows for D003, and its period.

use super::Statement;
use super::entry::{Mark, information, statement_line};
use super::fields::{Balance, Field, balance};
use crate::ingest::{Coverage, Parsed, Rejected, SourceText, balances};
use crate::model::{Account, Direction, Kind, Money, Precision, Side, Status, Timestamp, Transaction, Zone};
use chrono::{NaiveDate, NaiveTime};

pub fn read_statement(src: &SourceText, s: &Statement, zone: Zone, out: &mut Parsed) {
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
        _ => crate::ingest::cells::kind_from_summary(t.description.as_deref().unwrap_or(""), direction),
    };
    t.card_last4 = Account::parse(account).card.map(str::to_string);
    t.reference = line.bank_reference.clone().or_else(|| line.owner_reference.clone());
    t.merchant_reference = line.owner_reference.filter(|_| line.bank_reference.is_some());
    Ok(t)
}
