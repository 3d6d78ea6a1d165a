//! One MT940 entry: the `:61:` statement line and the `:86:` information to the account owner
//! below it.
//!
//! `:61:` is `6!n[4!n]2a[1!a]15d1!a3!c16x[//16x]` then `[34x]` on the next line: value date
//! YYMMDD, booking (entry) date MMDD, the mark (`C`, `D`, `RC` reversal of a credit, `RD`
//! reversal of a debit; `EC`/`ED` expected, as some banks' intraday files write), the funds
//! code (the currency's third letter, `R` for EUR: `CR1,00` is a credit with funds code R, not
//! a reversal), the amount with a decimal comma, the transaction type (`NTRF`, `NMSC`, `S103`),
//! the account owner's reference, `//` the bank's reference, and supplementary details.
//!
//! `:86:` is free text over up to six lines, or (German banks' layout) a three-digit business
//! code followed by `?NN` subfields: `?00` booking text, `?20`–`?29` and `?60`–`?63` purpose,
//! `?32`/`?33` the counterparty's name; lines are cut at 65 characters, mid-subfield.

use super::fields::{Field, amount, date_yymmdd};
use chrono::{Datelike, NaiveDate};
use rust_decimal::Decimal;

/// Which way an entry moved money, as its mark says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mark {
    Credit,
    Debit,
    /// `RC`: a credit taken back (money leaves the account).
    ReversedCredit,
    /// `RD`: a debit given back (money returns to the account).
    ReversedDebit,
    ExpectedCredit,
    ExpectedDebit,
}

/// A `:61:` line as read.
#[derive(Debug)]
pub struct StatementLine {
    pub value_date: NaiveDate,
    pub entry_date: Option<NaiveDate>,
    pub mark: Mark,
    pub funds_code: Option<char>,
    pub amount: Decimal,
    /// `NTRF`, `NMSC`, `S103` …
    pub type_code: Option<String>,
    /// The account owner's reference; `NONREF` (none given) is left out.
    pub owner_reference: Option<String>,
    pub bank_reference: Option<String>,
    pub supplementary: Option<String>,
}

pub fn statement_line(field: &Field) -> Result<StatementLine, String> {
    let s = field.lines.first().copied().unwrap_or("").trim();
    let value_date = date_yymmdd(s.get(..6).unwrap_or(s)).map_err(|e| format!("value date: {e}"))?;
    let mut at = 6;
    let mut entry_date = None;
    if let Some(mmdd) = s.get(6..10).filter(|t| t.bytes().all(|b| b.is_ascii_digit())) {
        entry_date = Some(booking_date(value_date, mmdd)?);
        at = 10;
    }
    let rest = s.get(at..).unwrap_or("");
    let (mark, width) = match rest.get(..2).unwrap_or(rest.get(..1).unwrap_or("")) {
        "RC" => (Mark::ReversedCredit, 2),
        "RD" => (Mark::ReversedDebit, 2),
        "EC" => (Mark::ExpectedCredit, 2),
        "ED" => (Mark::ExpectedDebit, 2),
        m if m.starts_with('C') => (Mark::Credit, 1),
        m if m.starts_with('D') => (Mark::Debit, 1),
        _ => return Err(format!("no debit/credit mark (C, D, RC or RD) after the date{}", seen(rest))),
    };
    let mut rest = rest.get(width..).unwrap_or("");
    // The funds code is a letter where the amount's digits would start.
    let funds_code = rest.chars().next().filter(char::is_ascii_uppercase);
    if funds_code.is_some() {
        rest = rest.get(1..).unwrap_or("");
    }
    let end = rest.find(|c: char| !(c.is_ascii_digit() || c == ',')).unwrap_or(rest.len());
    let (raw_amount, rest) = rest.split_at(end);
    if raw_amount.is_empty() {
        return Err(format!("no amount after the mark{}", seen(rest)));
    }
    let amount = amount(raw_amount)?;
    let (type_code, rest) = match rest.get(..4) {
        Some(code) if code.starts_with(['N', 'F', 'S']) && code.bytes().all(|b| b.is_ascii_alphanumeric()) => {
            (Some(code.to_string()), rest.get(4..).unwrap_or(""))
        }
        _ => (None, rest),
    };
    let (owner, bank) = match rest.split_once("//") {
        Some((owner, bank)) => (owner, Some(bank)),
        None => (rest, None),
    };
    let present = |t: &str| Some(t.trim()).filter(|t| !t.is_empty()).map(str::to_string);
    let supplementary: Vec<&str> = field.lines.iter().skip(1).map(|l| l.trim()).collect();
    Ok(StatementLine {
        value_date,
        entry_date,
        mark,
        funds_code,
        amount,
        type_code,
        owner_reference: present(owner).filter(|r| !r.eq_ignore_ascii_case("NONREF")),
        bank_reference: bank.and_then(present),
        supplementary: present(&supplementary.join(" ")),
    })
}

/// The booking date MMDD in the year that puts it nearest the value date: a line valued on
/// 31 December and booked on 2 January was booked in the next year.
fn booking_date(value: NaiveDate, mmdd: &str) -> Result<NaiveDate, String> {
    let (m, d): (u32, u32) =
        (mmdd.get(..2).unwrap_or("").parse().unwrap_or(0), mmdd.get(2..).unwrap_or("").parse().unwrap_or(0));
    let year = match i64::from(m) - i64::from(value.month()) {
        diff if diff > 6 => value.year() - 1,
        diff if diff < -6 => value.year() + 1,
        _ => value.year(),
    };
    NaiveDate::from_ymd_opt(year, m, d).ok_or_else(|| format!("entry date {mmdd:?} is not a date (MMDD)"))
}

fn seen(rest: &str) -> String {
    match rest.chars().take(12).collect::<String>() {
        t if t.is_empty() => " (the line ends there)".into(),
        t => format!(" (found {t:?})"),
    }
}

/// What `:86:` tells: its text, and where it is structured, the counterparty and the purpose.
#[derive(Debug, Default)]
pub struct Information {
    pub text: String,
    pub name: Option<String>,
    pub purpose: Option<String>,
    pub booking_text: Option<String>,
}

pub fn information(field: &Field) -> Information {
    // Structured text is cut into lines mid-subfield: the lines join without a space.
    let packed: String = field.lines.concat();
    let Some(separator) = subfield_separator(&packed) else {
        let text = field.lines.iter().map(|l| l.trim()).collect::<Vec<_>>().join(" ");
        return Information { text, ..Information::default() };
    };
    let mut info = Information { text: packed.clone(), ..Information::default() };
    let (mut name, mut purpose): (Vec<&str>, Vec<&str>) = (Vec::new(), Vec::new());
    for part in packed.split(separator).skip(1) {
        let (key, value) = (part.get(..2).unwrap_or(""), part.get(2..).unwrap_or(""));
        match key {
            "00" => info.booking_text = Some(value.trim().to_string()).filter(|v| !v.is_empty()),
            "20" | "21" | "22" | "23" | "24" | "25" | "26" | "27" | "28" | "29" | "60" | "61" | "62" | "63" => {
                purpose.push(value)
            }
            "32" | "33" => name.push(value),
            _ => {}
        }
    }
    info.name = join_subfields(&name);
    info.purpose = join_subfields(&purpose);
    info
}

/// Subfields' texts as one: a full subfield (27 characters) was cut mid-word and goes on
/// without a space; a shorter one ended where its writer ended it.
fn join_subfields(pieces: &[&str]) -> Option<String> {
    const FULL: usize = 27;
    let mut text = String::new();
    let mut previous: Option<&str> = None;
    for piece in pieces {
        if previous.is_some_and(|p| p.chars().count() < FULL && !p.ends_with(' ') && !piece.starts_with(' ')) {
            text.push(' ');
        }
        text.push_str(piece);
        previous = Some(piece);
    }
    Some(text.trim().to_string()).filter(|t| !t.is_empty())
}

/// `166?00GUTSCHRIFT?20…`: three digits then the separator (`?`, or another sign some banks
/// use) before a two-digit key.
fn subfield_separator(text: &str) -> Option<char> {
    let b = text.as_bytes();
    let code = b.get(..3)?.iter().all(u8::is_ascii_digit);
    let sep = *b.get(3)?;
    let key = b.get(4..6)?.iter().all(u8::is_ascii_digit);
    (code && key && sep.is_ascii_punctuation()).then_some(char::from(sep))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(text: &str) -> Result<StatementLine, String> {
        statement_line(&Field { tag: "61", line: 1, lines: text.split('\n').collect() })
    }

    #[test]
    fn marks_funds_codes_and_references() {
        let l = line("2601150115DR500,00NTRFTOPUP-77//B6011500042\nWallet top-up").unwrap();
        assert_eq!((l.mark, l.funds_code, l.amount), (Mark::Debit, Some('R'), Decimal::from(500)));
        assert_eq!(l.owner_reference.as_deref(), Some("TOPUP-77"));
        assert_eq!(l.bank_reference.as_deref(), Some("B6011500042"));
        assert_eq!(l.supplementary.as_deref(), Some("Wallet top-up"));
        let r = line("260116RC12,5NMSCNONREF").unwrap();
        assert_eq!(
            (r.mark, r.funds_code, r.amount, r.entry_date),
            (Mark::ReversedCredit, None, Decimal::new(125, 1), None)
        );
        assert_eq!(r.owner_reference, None);
        let rd = line("260116RDR7,NTRF").unwrap();
        assert_eq!((rd.mark, rd.funds_code), (Mark::ReversedDebit, Some('R')));
        let year = line("2512310102C1,00NTRF").unwrap();
        assert_eq!(year.entry_date.map(|d| d.to_string()).as_deref(), Some("2026-01-02"));
    }

    #[test]
    fn broken_lines_say_what_is_wrong() {
        assert!(line("26011X0115D1,00NTRF").unwrap_err().contains("value date"));
        assert!(line("2601150115X1,00NTRF").unwrap_err().contains("mark"));
        assert!(line("2601150115DNTRF").unwrap_err().contains("amount"));
        assert!(line("2601150115D1.00NTRF").unwrap_err().contains("comma"));
    }

    #[test]
    fn structured_information() {
        let f = Field {
            tag: "86",
            line: 1,
            lines: vec!["166?00SEPA-UEBERWEISUNG?20EREF+TOP", "UP-77?21Wallet top-up?32REVOLUT LTD"],
        };
        let info = information(&f);
        assert_eq!(info.name.as_deref(), Some("REVOLUT LTD"));
        assert_eq!(info.purpose.as_deref(), Some("EREF+TOPUP-77 Wallet top-up"));
        let cut = Field { tag: "86", line: 1, lines: vec!["166?20SVWZ+Rechnung 2026-00012 vo?21m 3. Januar"] };
        assert_eq!(information(&cut).purpose.as_deref(), Some("SVWZ+Rechnung 2026-00012 vom 3. Januar"));
        assert_eq!(info.booking_text.as_deref(), Some("SEPA-UEBERWEISUNG"));
        let free = information(&Field { tag: "86", line: 1, lines: vec!["Rent January", "Flat 3"] });
        assert_eq!((free.text.as_str(), free.name), ("Rent January Flat 3", None));
    }
}
