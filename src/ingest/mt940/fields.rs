//! MT940 text as fields: the SWIFT envelope (`{1:F01…}{2:O940…}{4:`, `-}`, `{5:…}`) taken off,
//! each `:TAG:` line starting a field whose text runs over the lines below it until the next
//! tag, and balances (`:60F:`, `:62F:`, `:64:` …) and amounts read as SWIFT writes them.

use crate::model::Money;
use chrono::NaiveDate;
use rust_decimal::Decimal;
use std::str::FromStr;

/// One field: its tag (`61`, `28C`), the 1-based line its tag is on, and its text's lines
/// (the first is what follows the tag).
#[derive(Debug)]
pub struct Field<'a> {
    pub tag: &'a str,
    pub line: usize,
    pub lines: Vec<&'a str>,
}

impl Field<'_> {
    /// The field's text on one line, its lines joined by `joint`.
    pub fn joined(&self, joint: &str) -> String {
        self.lines.join(joint)
    }
}

/// What a file's lines hold, in order: fields, and the ends of messages (`-}`, or a `-` line
/// between statements), which close a statement.
#[derive(Debug)]
pub enum Item<'a> {
    Field(Field<'a>),
    End,
    /// A SWIFT envelope naming the sending bank's BIC (`NORDDEFF`).
    Sender(&'a str),
}

/// The fields and message ends of `text`, with 1-based lines of `text`. Lines before the first tag (blank lines, envelope lines) are not part of any field.
pub fn items(text: &str) -> Vec<Item<'_>> {
    let mut out: Vec<Item> = Vec::new();
    for (i, raw) in text.lines().enumerate() {
        let raw = raw.trim_end_matches('\r').trim_start_matches('\u{feff}');
        if let Some(bic) = sender(raw) {
            out.push(Item::Sender(bic));
        }
        let line = strip_envelope(raw);
        if is_end(line) {
            out.push(Item::End);
            continue;
        }
        if let Some((tag, rest)) = tag_of(line) {
            out.push(Item::Field(Field { tag, line: i + 1, lines: vec![rest] }));
            continue;
        }
        // A line below a field continues it (`:86:` runs over up to six lines; a `:61:` line's
        // supplementary details stand on the next one). Blank lines continue nothing.
        if let (false, Some(Item::Field(field))) = (line.trim().is_empty(), out.last_mut()) {
            field.lines.push(line);
        }
    }
    out
}

/// A line without the SWIFT blocks before the text block: `{1:F01BANKDEFFAXXX0000000000}`,
/// `{2:O9401200260115BANKDEFFAXXX00000000002601151200N}`, `{3:{108:REF}}`, then `{4:`, after which
/// the message's first field may follow on the same line. A trailer `{5:{CHK:…}}` is taken too.
fn strip_envelope(line: &str) -> &str {
    let mut rest = line;
    while let Some(inner) = rest.strip_prefix('{') {
        if let Some(text) = inner.strip_prefix("4:") {
            return text;
        }
        // A block's end: the brace that balances its opening one (`{3:{108:X}}` nests).
        let mut depth = 1usize;
        let end = inner.char_indices().find_map(|(k, c)| {
            match c {
                '{' => depth += 1,
                '}' => depth -= 1,
                _ => {}
            }
            (depth == 0).then_some(k)
        });
        match end {
            Some(k) => rest = inner.get(k + 1..).unwrap_or(""),
            None => return "",
        }
    }
    rest
}

/// The sending bank's BIC (eight characters) in a line's envelope: the output application
/// header `{2:O940HHMMYYMMDD` + the sender's address, else the basic header `{1:F01` + address.
fn sender(line: &str) -> Option<&str> {
    fn bic(s: Option<&str>) -> Option<&str> {
        s.filter(|b| b.len() == 8 && b.bytes().all(|c| c.is_ascii_alphanumeric()))
    }
    let application = line.find("{2:O940").and_then(|at| bic(line.get(at + 17..at + 25)));
    application.or_else(|| line.find("{1:F01").and_then(|at| bic(line.get(at + 6..at + 14))))
}

/// `-}` closes a SWIFT text block (`-}{5:…}` with its trailer); a line of hyphens separates
/// statements in files written without envelopes. Field text never starts with `-` (SWIFT).
fn is_end(line: &str) -> bool {
    let t = line.trim();
    t.starts_with("-}") || (!t.is_empty() && t.chars().all(|c| c == '-'))
}

/// `:61:…` → (`61`, `…`): a tag is two digits and an optional capital letter between colons.
fn tag_of(line: &str) -> Option<(&str, &str)> {
    let body = line.strip_prefix(':')?;
    let end = body.find(':')?;
    let tag = body.get(..end)?;
    let b = tag.as_bytes();
    let ok = match b {
        [d1, d2] => d1.is_ascii_digit() && d2.is_ascii_digit(),
        [d1, d2, l] => d1.is_ascii_digit() && d2.is_ascii_digit() && l.is_ascii_uppercase(),
        _ => false,
    };
    ok.then(|| (tag, body.get(end + 1..).unwrap_or("")))
}

/// A balance field (`:60F:`, `:62F:`, `:64:`): `C260115EUR1234,56` is a credit balance of
/// 1,234.56 EUR on 2026-01-15; a `D` balance is overdrawn (a negative amount here).
#[derive(Debug, Clone)]
pub struct Balance {
    pub money: Money,
    pub date: NaiveDate,
    pub line: usize,
}

pub fn balance(field: &Field) -> Result<Balance, String> {
    let text = field.joined("").trim().to_string();
    let sign = match text.get(..1) {
        Some("C") => Decimal::ONE,
        Some("D") => Decimal::NEGATIVE_ONE,
        _ => return Err(format!(":{}: {text:?} does not start with the mark C or D", field.tag)),
    };
    let date = text.get(1..7).ok_or_else(|| format!(":{}: {text:?} is too short for a date", field.tag))?;
    let date = date_yymmdd(date).map_err(|e| format!(":{}: {e}", field.tag))?;
    let currency = text.get(7..10).filter(|c| c.bytes().all(|b| b.is_ascii_uppercase()));
    let currency = currency.ok_or_else(|| format!(":{}: {text:?} has no currency code after its date", field.tag))?;
    let amount = amount(text.get(10..).unwrap_or("")).map_err(|e| format!(":{}: {e}", field.tag))?;
    Ok(Balance { money: Money::new(sign * amount, currency), date, line: field.line })
}

/// `260115` → 2026-01-15. SWIFT years are two digits: 80–99 are the 1900s, as banks read them.
pub fn date_yymmdd(raw: &str) -> Result<NaiveDate, String> {
    let digits = |r: std::ops::Range<usize>| raw.get(r).filter(|s| s.bytes().all(|b| b.is_ascii_digit()));
    let (Some(yy), Some(mm), Some(dd)) = (digits(0..2), digits(2..4), digits(4..6)) else {
        return Err(format!("{raw:?} is not a date YYMMDD"));
    };
    let yy: i32 = yy.parse().map_err(|_| format!("{raw:?} is not a date YYMMDD"))?;
    let year = if yy >= 80 { 1900 + yy } else { 2000 + yy };
    let (m, d) = (mm.parse().unwrap_or(0), dd.parse().unwrap_or(0));
    NaiveDate::from_ymd_opt(year, m, d).ok_or_else(|| format!("{raw:?} is not a date (YYMMDD)"))
}

/// The longest amount SWIFT writes (`15d`: fifteen characters, the comma included).
const MAX_AMOUNT_CHARS: usize = 15;

/// An amount as SWIFT writes it: digits and one decimal comma, `1234,56`, `10,` or `0,5`; no
/// sign (the mark says which way), no thousands separators, no point.
pub fn amount(raw: &str) -> Result<Decimal, String> {
    let Some((whole, cents)) = raw.split_once(',') else {
        return Err(format!("amount {raw:?} has no decimal comma (SWIFT writes 1234,56)"));
    };
    let digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    if whole.is_empty() || !digits(whole) || !digits(cents) || raw.len() > MAX_AMOUNT_CHARS {
        return Err(format!("amount {raw:?} is not digits with one decimal comma (1234,56)"));
    }
    let text = if cents.is_empty() { whole.to_string() } else { format!("{whole}.{cents}") };
    Decimal::from_str(&text).map_err(|_| format!("amount {raw:?} cannot be read"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn envelopes_come_off_and_fields_run_over_lines() {
        let text = "{1:F01BANKDEFFAXXX0000000000}{2:O940BANKDEFFXXXXN}{3:{108:X1}}{4:\r\n:20:REF1\r\n\
                    :86:first\r\nsecond\r\n-}{5:{CHK:ABC}}\r\n";
        let items = items(text);
        let tags: Vec<_> = items
            .iter()
            .map(|i| match i {
                Item::Field(f) => format!("{}@{}:{}", f.tag, f.line, f.joined("|")),
                Item::End => "end".into(),
                Item::Sender(bic) => format!("from {bic}"),
            })
            .collect();
        assert_eq!(tags, ["from BANKDEFF", "20@2:REF1", "86@3:first|second", "end"]);
        assert_eq!(sender("{1:F01BANKDEFFAXXX0000000000}{2:O9401200260115NORDDEFFAXXX0000000000}"), Some("NORDDEFF"));
        assert_eq!(strip_envelope("{4::20:X"), ":20:X");
        assert_eq!(tag_of(":28C:00001/001"), Some(("28C", "00001/001")));
        assert_eq!(tag_of(":2:x"), None);
    }

    #[test]
    fn amounts_and_balances_as_swift_writes_them() {
        assert_eq!(amount("1234,56"), Ok(Decimal::new(123456, 2)));
        assert_eq!(amount("10,"), Ok(Decimal::from(10)));
        assert!(amount("10.00").is_err());
        assert!(amount(",5").is_err());
        assert!(amount("1234567890123,45").is_err());
        let f = Field { tag: "60F", line: 4, lines: vec!["D260115EUR12,5"] };
        let b = balance(&f).unwrap();
        assert_eq!((b.money.amount, b.money.currency.as_str()), (Decimal::new(-125, 1), "EUR"));
        assert_eq!(date_yymmdd("991231").unwrap().to_string(), "1999-12-31");
        assert!(date_yymmdd("260230").is_err());
    }
}
