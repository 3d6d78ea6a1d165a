//! A workbook cell as the text a CSV export would hold: numbers exactly as Excel shows them
//! (no `.0`, no exponent, no binary noise), dates as `YYYY-MM-DD HH:MM:SS`, text on one line.

use calamine::{Data, DataRef, ExcelDateTime};
use chrono::{Duration, NaiveDate};
use rust_decimal::Decimal;
use std::str::FromStr;

/// What the reader gives, borrowed from either reader's own type.
pub enum Value<'a> {
    Empty,
    Text(&'a str),
    Int(i64),
    Float(f64),
    Bool(bool),
    Date(&'a ExcelDateTime),
    /// `t="d"` cells: an ISO 8601 date or date and time.
    Iso(&'a str),
    Error(String),
}

impl<'a> From<&'a Data> for Value<'a> {
    fn from(d: &'a Data) -> Self {
        match d {
            Data::Int(i) => Value::Int(*i),
            Data::Float(f) => Value::Float(*f),
            Data::String(s) => Value::Text(s),
            Data::Bool(b) => Value::Bool(*b),
            Data::DateTime(t) => Value::Date(t),
            Data::DateTimeIso(s) => Value::Iso(s),
            Data::DurationIso(s) => Value::Text(s),
            Data::Error(e) => Value::Error(e.to_string()),
            Data::Empty => Value::Empty,
        }
    }
}

impl<'a> From<&'a DataRef<'a>> for Value<'a> {
    fn from(d: &'a DataRef<'a>) -> Self {
        match d {
            DataRef::Int(i) => Value::Int(*i),
            DataRef::Float(f) => Value::Float(*f),
            DataRef::String(s) => Value::Text(s),
            DataRef::SharedString(s) => Value::Text(s),
            DataRef::Bool(b) => Value::Bool(*b),
            DataRef::DateTime(t) => Value::Date(t),
            DataRef::DateTimeIso(s) => Value::Iso(s),
            DataRef::DurationIso(s) => Value::Text(s),
            DataRef::Error(e) => Value::Error(e.to_string()),
            DataRef::Empty => Value::Empty,
        }
    }
}

/// How a date cell's number format writes it, where the reader can tell: with a time of day,
/// or the date alone. `None`: unknown (the value decides: a whole day is a date).
pub type TimeShown = Option<bool>;

/// The cell's text; `None` for an empty cell.
pub fn text(value: &Value, is_1904: bool, time: TimeShown) -> Option<String> {
    Some(match value {
        Value::Empty => return None,
        Value::Text("") => return None,
        // A line break inside a cell would make two lines of one sheet row.
        Value::Text(s) => s.replace(['\r', '\n'], " "),
        Value::Int(i) => i.to_string(),
        Value::Float(f) => number(*f),
        Value::Bool(b) => (if *b { "TRUE" } else { "FALSE" }).to_string(),
        Value::Date(t) if t.is_datetime() => {
            serial_date(t.as_f64(), is_1904, time).unwrap_or_else(|| number(t.as_f64()))
        }
        Value::Date(t) => number(t.as_f64()),
        Value::Iso(s) => iso(s),
        Value::Error(e) => e.clone(),
    })
}

/// A float as the shortest text that reads back as the same double, then rounded to 10
/// decimal places: Excel's own arithmetic leaves `0.30000000000000004` where it shows `0.3`.
pub fn number(f: f64) -> String {
    // Rust writes floats without an exponent, and in the shortest round-trip digits.
    let shortest = f.to_string();
    match Decimal::from_str(&shortest) {
        Ok(d) => d.round_dp(10).normalize().to_string(),
        // Beyond Decimal's 28 digits: the digits as they are (no export holds such a number).
        Err(_) => shortest,
    }
}

/// The latest serial day Excel knows: 9999-12-31.
const LAST_SERIAL: f64 = 2_958_466.0;

/// An Excel serial date (days since the workbook's epoch, the time as a fraction of a day),
/// to the second; `None` outside Excel's range.
pub fn serial_date(serial: f64, is_1904: bool, time: TimeShown) -> Option<String> {
    if !(0.0..LAST_SERIAL).contains(&serial) {
        return None;
    }
    // 1900-based serials count a 29 February 1900 that never was (Lotus 1-2-3's leap year
    // bug, kept by Excel): from day 61 on, days are counted from 1899-12-30.
    let epoch = match (is_1904, serial < 61.0) {
        (true, _) => NaiveDate::from_ymd_opt(1904, 1, 1)?,
        (false, true) => NaiveDate::from_ymd_opt(1899, 12, 31)?,
        (false, false) => NaiveDate::from_ymd_opt(1899, 12, 30)?,
    };
    // The float cannot hold a time exactly (46283.79487268518): the nearest second is what
    // Excel shows with `ss`.
    let seconds = (serial * 86_400.0).round() as i64;
    let at = epoch.and_hms_opt(0, 0, 0)?.checked_add_signed(Duration::seconds(seconds))?;
    let with_time = time.unwrap_or(seconds % 86_400 != 0);
    Some(if with_time { at.format("%Y-%m-%d %H:%M:%S") } else { at.format("%Y-%m-%d") }.to_string())
}

/// `2026-03-04T21:13:05.000` as `2026-03-04 21:13:05`; a bare date stays a date.
fn iso(s: &str) -> String {
    if let Ok(t) = chrono::NaiveDateTime::parse_from_str(s, "%Y-%m-%dT%H:%M:%S%.f") {
        return t.format("%Y-%m-%d %H:%M:%S").to_string();
    }
    s.replace(['\r', '\n'], " ")
}

/// Whether an Excel number format code writes a time of day (`h`, `s`, AM/PM outside quotes
/// and brackets), or only a date; built-in formats are known by number.
pub fn format_shows_time(code: &str, builtin: Option<u32>) -> TimeShown {
    if code.is_empty() {
        return match builtin? {
            14..=17 => Some(false),
            18..=22 | 45..=47 => Some(true),
            _ => None,
        };
    }
    let (mut quoted, mut bracket, mut escaped) = (false, false, false);
    for c in code.chars() {
        match c {
            _ if escaped => escaped = false,
            '\\' => escaped = true,
            '"' => quoted = !quoted,
            '[' if !quoted => bracket = true,
            ']' if !quoted => bracket = false,
            'h' | 'H' | 's' | 'S' if !quoted && !bracket => return Some(true),
            _ => {}
        }
    }
    if code.to_ascii_lowercase().contains("am/pm") { Some(true) } else { Some(false) }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_written_as_excel_shows_them() {
        assert_eq!(number(2000.0), "2000");
        assert_eq!(number(3.5), "3.5");
        assert_eq!(number(0.1 + 0.2), "0.3");
        assert_eq!(number(1234.56), "1234.56");
        assert_eq!(number(-0.0), "0");
        assert_eq!(number(1e21), "1000000000000000000000");
        assert_eq!(number(0.000_000_000_04), "0");
        assert_eq!(number(0.000_000_1), "0.0000001");
        assert_eq!(number(6222021234567890.0), "6222021234567890");
    }

    #[test]
    fn serial_dates_to_the_second() {
        assert_eq!(serial_date(46283.79487268518, false, None).as_deref(), Some("2026-09-18 19:04:37"));
        assert_eq!(serial_date(46283.0, false, None).as_deref(), Some("2026-09-18"));
        assert_eq!(serial_date(46283.0, false, Some(true)).as_deref(), Some("2026-09-18 00:00:00"));
        assert_eq!(serial_date(46283.5, false, Some(false)).as_deref(), Some("2026-09-18"));
        // 23:59:59.9 rounds into the next day, not to 24:00:00.
        assert_eq!(serial_date(46283.0 + 86_399.9 / 86_400.0, false, None).as_deref(), Some("2026-09-19"));
        assert_eq!(serial_date(0.0, true, Some(false)).as_deref(), Some("1904-01-01"));
        assert_eq!(serial_date(1.0, false, Some(false)).as_deref(), Some("1900-01-01"));
        assert_eq!(serial_date(61.0, false, Some(false)).as_deref(), Some("1900-03-01"));
        assert_eq!(serial_date(-1.0, false, None), None);
        assert_eq!(serial_date(f64::NAN, false, None), None);
    }

    #[test]
    fn number_formats_with_and_without_time() {
        assert_eq!(format_shows_time("yyyy-mm-dd hh:mm:ss", None), Some(true));
        assert_eq!(format_shows_time("yyyy/m/d", None), Some(false));
        assert_eq!(format_shows_time("[$-804]yyyy\"年\"m\"月\"d\"日\"", None), Some(false));
        assert_eq!(format_shows_time("m/d/yy h:mm AM/PM", None), Some(true));
        assert_eq!(format_shows_time("", Some(14)), Some(false));
        assert_eq!(format_shows_time("", Some(22)), Some(true));
        assert_eq!(format_shows_time("", None), None);
    }

    #[test]
    fn text_cells_stay_on_one_line() {
        assert_eq!(text(&Value::Text("Card\nexpired\r\n"), false, None).as_deref(), Some("Card expired  "));
        assert_eq!(text(&Value::Text(""), false, None), None);
        assert_eq!(text(&Value::Iso("2026-03-04T21:13:05"), false, None).as_deref(), Some("2026-03-04 21:13:05"));
        assert_eq!(text(&Value::Int(42), false, None).as_deref(), Some("42"));
    }
}
