//! Money as a decimal amount with an ISO 4217 currency, and amount parsing as exports write it.

use rust_decimal::Decimal;
use std::fmt;
use std::str::FromStr;

/// An amount of money. Amounts are never floats: exports are exact and so are we.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize)]
pub struct Money {
    #[serde(with = "rust_decimal::serde::str")]
    pub amount: Decimal,
    pub currency: String,
}

impl Money {
    pub fn new(amount: Decimal, currency: impl Into<String>) -> Self {
        Money { amount, currency: currency.into() }
    }

    pub fn cny(amount: Decimal) -> Self {
        Money::new(amount, "CNY")
    }

    /// The amount with two decimals, as statements print it.
    pub fn amount_str(&self) -> String {
        format_amount(self.amount)
    }
}

impl fmt::Display for Money {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.amount_str(), self.currency)
    }
}

/// Formats with at least two decimals (`500` → `500.00`, `0.125` stays `0.125`).
pub fn format_amount(amount: Decimal) -> String {
    let mut a = amount.normalize();
    if a.scale() < 2 {
        a.rescale(2);
    }
    a.to_string()
}

/// The largest amount read (a quadrillion): no statement holds more, such a cell is a shifted
/// column or a corrupt file, and sums of it would overflow.
const MAX_AMOUNT: i64 = 1_000_000_000_000_000;
/// More decimals than any currency or exchange rate uses: a run of digits, not an amount.
const MAX_DECIMALS: usize = 10;

/// Currency marks read before a number (`¥12.00`, `CNY 12.00`, `-¥12.00`).
const PREFIXES: [&str; 9] = ["CNY", "RMB", "USD", "EUR", "¥", "￥", "$", "€", "£"];
/// Currency marks read after a number (`16.54元`, `12.00 CNY`).
const SUFFIXES: [&str; 5] = ["元", "CNY", "RMB", "USD", "EUR"];

/// Parses a signed amount as exports write it: `¥1,234.56`, `￥-12.00`, `-¥12.00`, `16.54元`,
/// `12.00 CNY`, `(5.00)`. The rules, each rejection naming the value:
///
/// - At most one sign (`-`, `−` or `+`) and at most one currency mark before the number, in
///   either order, and at most one unit after it (`元`, `CNY`, …): `--5`, `+-5`, `1¥2` are
///   rejected.
/// - Accounting parentheses are a negative: `(12.00)` and `(¥12.00)` read as −12.00. A sign
///   inside them (`(-12.00)`) is ambiguous and rejected.
/// - `.` is the decimal point and `,` only ever a thousands separator, in the exports we
///   read. Its grouping is checked (`1,234.56` is fine, `12,34.5` is not): a wrong grouping
///   usually means a shifted column, which must be rejected, not guessed. A decimal comma
///   (`1.234,56`, `12,50`) is rejected with that reason rather than guessed, and so is more
///   than one point (`12.345.678`).
/// - Only decimal digits: no exponent (`1e5`, `1e309`), no `NaN`, `inf` or `0x10`. A point
///   needs a digit on both sides (`.`, `5.` and `.5` are rejected; `5.` is how a cut cell looks).
/// - Full-width forms, as Chinese input methods type them, read as their ASCII forms:
///   `５００．００` is 500.00, `－５` is −5.
/// - Magnitudes above a quadrillion and more than ten decimals are rejected (no export
///   writes them; a 30-digit cell would overflow a `Decimal`'s 28 digits).
///
/// The scale written is kept: `500.00` reads as 500.00, not 500.
pub fn parse_amount(raw: &str) -> Result<Decimal, String> {
    // Nearly every cell is ASCII, which folding leaves as it is: no copy for those.
    let folded: std::borrow::Cow<str> =
        if raw.is_ascii() { raw.into() } else { raw.chars().map(fold_full_width).collect::<String>().into() };
    let s = folded.trim();
    if s.is_empty() {
        return Err(format!("empty amount {raw:?}"));
    }
    let (parens, s) = match s.strip_prefix('(').and_then(|r| r.strip_suffix(')')) {
        Some(inner) => (true, inner.trim()),
        None => (false, s),
    };
    let (mark, s) = strip_mark(s, &PREFIXES);
    let (sign, s) = strip_sign(s);
    let s = if mark { s } else { strip_mark(s, &PREFIXES).1 };
    let s = strip_suffix_mark(s);
    let negative = match sign {
        Some(_) if parens => return Err(format!("sign inside accounting parentheses in {raw:?}")),
        Some(negative) => negative,
        None => parens,
    };
    if s.starts_with(['-', '+', '−']) {
        return Err(format!("more than one sign in {raw:?}"));
    }
    if s.is_empty() {
        return Err(format!("no digits in amount {raw:?}"));
    }
    if !s.chars().all(|c| c.is_ascii_digit() || c == '.' || c == ',') {
        let exponent = s.contains(['e', 'E'])
            && s.chars().all(|c| c.is_ascii_digit() || ".,eE+-".contains(c))
            && s.starts_with(|c: char| c.is_ascii_digit() || c == '.');
        return Err(if exponent {
            format!("exponent notation is not an amount: {raw:?}")
        } else {
            format!("not an amount: {raw:?}")
        });
    }
    let plain = check_separators(s).map_err(|why| format!("{why} in {raw:?}"))?;
    let value = Decimal::from_str(&plain).map_err(|_| format!("not an amount: {raw:?}"))?;
    if value > Decimal::from(MAX_AMOUNT) {
        return Err(format!("amount {raw:?} is implausibly large"));
    }
    Ok(if negative { -value } else { value })
}

/// ASCII for the full-width forms U+FF01–U+FF5E (`５` → `5`, `．` → `.`); other characters
/// unchanged (`￥` U+FFE5 stays a currency mark).
fn fold_full_width(c: char) -> char {
    match u32::from(c) {
        code @ 0xFF01..=0xFF5E => char::from_u32(code - 0xFF01 + 0x21).unwrap_or(c),
        _ => c,
    }
}

fn strip_mark<'a>(s: &'a str, marks: &[&str]) -> (bool, &'a str) {
    marks.iter().find_map(|m| s.strip_prefix(m)).map_or((false, s), |rest| (true, rest.trim_start()))
}

fn strip_suffix_mark(s: &str) -> &str {
    SUFFIXES.iter().find_map(|m| s.strip_suffix(m)).map_or(s, str::trim_end)
}

/// `Some(true)` for a minus, `Some(false)` for a plus.
fn strip_sign(s: &str) -> (Option<bool>, &str) {
    if let Some(rest) = s.strip_prefix('-').or_else(|| s.strip_prefix('−')) {
        (Some(true), rest.trim_start())
    } else if let Some(rest) = s.strip_prefix('+') {
        (Some(false), rest.trim_start())
    } else {
        (None, s)
    }
}

/// Checks points and thousands separators in digits, points and commas, and returns the
/// number without separators and without redundant leading zeros.
/// `1,234.56` is fine, `12,34.5` is not: a wrong grouping usually means a shifted column.
fn check_separators(s: &str) -> Result<std::borrow::Cow<'_, str>, &'static str> {
    let (int_part, frac) = match s.split_once('.') {
        Some((int_part, frac)) => (int_part, Some(frac)),
        None => (s, None),
    };
    if let Some(frac) = frac {
        if frac.contains(',') {
            return Err("decimal comma (as in 1.234,56) is not read; write 1234.56");
        }
        if frac.contains('.') {
            return Err("more than one decimal point");
        }
        if frac.is_empty() || int_part.is_empty() {
            return Err("a decimal point needs digits on both sides");
        }
        if frac.len() > MAX_DECIMALS {
            return Err("too many decimals");
        }
    }
    let mut groups = int_part.split(',');
    let first = groups.next().unwrap_or("");
    let grouped = int_part.contains(',');
    if grouped && (first.is_empty() || first.len() > 3 || groups.any(|g| g.len() != 3)) {
        return Err(if frac.is_none() && int_part.rsplit(',').next().is_some_and(|g| !g.is_empty() && g.len() < 3) {
            "misplaced thousands separator (a decimal comma is not read)"
        } else {
            "misplaced thousands separator"
        });
    }
    // Most amounts (`28.16`, `0.10`) are already plain: no copy for those.
    if !grouped && int_part.len() <= 16 && (!int_part.starts_with('0') || int_part == "0") {
        return Ok(s.into());
    }
    let digits: String = int_part.chars().filter(|c| *c != ',').collect();
    let digits = digits.trim_start_matches('0');
    // More integer digits than a quadrillion has: too large, and it could overflow `Decimal`.
    if digits.len() > 16 {
        return Err("implausibly large amount");
    }
    let digits = if digits.is_empty() { "0" } else { digits };
    Ok(match frac {
        Some(frac) => format!("{digits}.{frac}"),
        None => digits.to_string(),
    }
    .into())
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn d(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap()
    }

    fn err(raw: &str) -> String {
        match parse_amount(raw) {
            Ok(v) => panic!("{raw:?} should be rejected, read as {v}"),
            Err(e) => e,
        }
    }

    #[test]
    fn reads_the_ways_exports_write_amounts() {
        assert_eq!(parse_amount("¥28.16").unwrap(), d("28.16"));
        assert_eq!(parse_amount("￥1,234.56").unwrap(), d("1234.56"));
        assert_eq!(parse_amount("¥1,234.56").unwrap(), d("1234.56"));
        assert_eq!(parse_amount("1,234.56").unwrap(), d("1234.56"));
        assert_eq!(parse_amount(" 1,234.56\t").unwrap(), d("1234.56"));
        assert_eq!(parse_amount("1,234,567").unwrap(), d("1234567"));
        assert_eq!(parse_amount("-12.00").unwrap(), d("-12.00"));
        assert_eq!(parse_amount("−12.00").unwrap(), d("-12.00"));
        assert_eq!(parse_amount("(5.00)").unwrap(), d("-5.00"));
        assert_eq!(parse_amount("(¥5.00)").unwrap(), d("-5.00"));
        assert_eq!(parse_amount("+3").unwrap(), d("3"));
        assert_eq!(parse_amount("16.54元").unwrap(), d("16.54"));
        assert_eq!(parse_amount("12.00 CNY").unwrap(), d("12.00"));
        assert_eq!(parse_amount("CNY 12.00").unwrap(), d("12.00"));
        assert_eq!(parse_amount("¥-0.10").unwrap(), d("-0.10"));
        assert_eq!(parse_amount("-¥0.10").unwrap(), d("-0.10"));
        assert_eq!(parse_amount("\u{3000}500.00\u{3000}").unwrap(), d("500.00"));
        assert_eq!(parse_amount("0.125").unwrap(), d("0.125"));
        assert_eq!(parse_amount("007.50").unwrap(), d("7.50"));
    }

    #[test]
    fn the_scale_written_is_kept() {
        assert_eq!(parse_amount("500.00").unwrap().scale(), 2);
        assert_eq!(parse_amount("500").unwrap().scale(), 0);
    }

    #[test]
    fn accounting_parentheses_are_a_negative_but_not_with_a_sign() {
        assert_eq!(parse_amount("(12.00)").unwrap(), d("-12.00"));
        assert!(err("(-12.00)").contains("sign inside accounting parentheses"));
        assert!(err("(+12.00)").contains("sign inside accounting parentheses"));
        assert!(err("()").contains("no digits"));
        assert!(err("(12.00").starts_with("not an amount"));
    }

    #[test]
    fn full_width_digits_read_as_ascii() {
        assert_eq!(parse_amount("５００．００").unwrap(), d("500.00"));
        assert_eq!(parse_amount("￥１，２３４．５６").unwrap(), d("1234.56"));
        assert_eq!(parse_amount("－５").unwrap(), d("-5"));
        assert_eq!(parse_amount("（１２．００）").unwrap(), d("-12.00"));
    }

    /// Each hostile value with the reason it is rejected for; every message names the value.
    #[test]
    fn rejects_hostile_values_with_a_reason_that_names_them() {
        let cases: &[(&str, &str)] = &[
            ("1e309", "exponent notation"),
            ("1e5", "exponent notation"),
            ("1E-5", "exponent notation"),
            ("--5", "more than one sign"),
            ("+-5", "more than one sign"),
            ("-+5", "more than one sign"),
            ("-¥-5", "more than one sign"),
            ("1.234,56", "decimal comma"),
            ("1.234.567,89", "decimal comma"),
            ("12,50", "a decimal comma is not read"),
            ("12,34.5", "misplaced thousands separator"),
            (",123", "misplaced thousands separator"),
            ("1,,234", "misplaced thousands separator"),
            ("1234,567.00", "misplaced thousands separator"),
            ("12.345.678", "more than one decimal point"),
            ("1.2.3", "more than one decimal point"),
            ("NaN", "not an amount"),
            ("nan", "not an amount"),
            ("inf", "not an amount"),
            ("-inf", "not an amount"),
            ("Infinity", "not an amount"),
            ("0x10", "not an amount"),
            ("1¥2", "not an amount"),
            ("1 000", "not an amount"),
            ("5OO.00", "not an amount"),
            ("12\0", "not an amount"),
            ("12.00-", "not an amount"),
            ("¥¥5", "not an amount"),
            ("=1+2", "not an amount"),
            (".", "digits on both sides"),
            ("5.", "digits on both sides"),
            (".5", "digits on both sides"),
            ("-", "no digits"),
            ("+", "no digits"),
            ("¥", "no digits"),
            ("-¥", "no digits"),
            ("元", "no digits"),
            ("", "empty amount"),
            ("   ", "empty amount"),
            ("\t\u{3000}", "empty amount"),
            ("123456789012345678901234567890", "implausibly large"),
            ("123456789012345678901234567890.12", "implausibly large"),
            ("-99999999999999999999999999999999999", "implausibly large"),
            ("50000000000000000000000000000", "implausibly large"),
            ("1000000000000000.01", "implausibly large"),
            ("0.000000000000000000000000000001", "too many decimals"),
            ("1.12345678901", "too many decimals"),
        ];
        for (raw, reason) in cases {
            let e = err(raw);
            assert!(e.contains(reason), "{raw:?}: {e:?} should say {reason:?}");
            assert!(e.contains(&format!("{raw:?}")), "{raw:?}: {e:?} should name the value");
        }
    }

    #[test]
    fn the_limits_themselves_are_read() {
        assert_eq!(parse_amount("1000000000000000").unwrap(), Decimal::from(MAX_AMOUNT));
        assert_eq!(parse_amount("-1,000,000,000,000,000.00").unwrap(), -Decimal::from(MAX_AMOUNT));
        assert_eq!(parse_amount("0.1234567890").unwrap(), d("0.1234567890"));
        assert_eq!(parse_amount("0000000000000000000000000000000001.00").unwrap(), d("1.00"));
    }

    #[test]
    fn formats_with_two_decimals() {
        assert_eq!(format_amount(d("500")), "500.00");
        assert_eq!(format_amount(d("50.0")), "50.00");
        assert_eq!(format_amount(d("0.125")), "0.125");
    }

    /// `check_separators` as it was before plain amounts were passed through uncopied.
    fn separators_copied(s: &str) -> Result<String, &'static str> {
        check_separators(s).map(|_| ())?;
        let (int_part, frac) = s.split_once('.').map_or((s, None), |(i, f)| (i, Some(f)));
        let digits: String = int_part.chars().filter(|c| *c != ',').collect();
        let digits = digits.trim_start_matches('0');
        let digits = if digits.is_empty() { "0" } else { digits };
        Ok(frac.map_or_else(|| digits.to_string(), |frac| format!("{digits}.{frac}")))
    }

    #[test]
    fn plain_amounts_pass_through_as_they_were_copied() {
        let cases =
            ["0", "00", "0.10", "007.50", "28.16", "1,234.56", "1234567890123456", "12345678901234567", "0,123"];
        for s in cases {
            assert_eq!(check_separators(s).map(|p| p.into_owned()), separators_copied(s), "{s}");
        }
    }

    proptest! {
        #[test]
        fn plain_amounts_pass_through_as_they_were_copied_any(s in "[0-9.,]{1,22}") {
            prop_assert_eq!(check_separators(&s).map(|p| p.into_owned()), separators_copied(&s), "{}", s);
        }

        /// Any amount with two decimals up to the limit, written the ways exports write it
        /// (grouped or not, a currency mark before or after the sign, or parentheses), reads back
        /// to itself, scale included.
        #[test]
        fn any_cent_amount_round_trips(
            cents in 0i64..=MAX_AMOUNT * 100,
            neg: bool,
            grouped: bool,
            mark in 0usize..4,
            mark_after_sign: bool,
            parens: bool,
        ) {
            let value = Decimal::new(if neg { -cents } else { cents }, 2);
            let abs = format_amount(value.abs());
            let body = if grouped { group_thousands(&abs) } else { abs };
            let mark = ["", "¥", "￥", "$"][mark];
            let text = if neg && parens {
                format!("({mark}{body})")
            } else if mark_after_sign {
                format!("{}{mark}{body}", if neg { "-" } else { "" })
            } else {
                format!("{mark}{}{body}", if neg { "-" } else { "" })
            };
            let read = parse_amount(&text);
            prop_assert_eq!(read.clone(), Ok(value), "{}", text);
            prop_assert_eq!(read.map(|v| v.scale()), Ok(2), "{}", text);
        }

        /// What `format_amount` writes, `parse_amount` reads back.
        #[test]
        fn formatted_amounts_round_trip(mantissa in -(MAX_AMOUNT * 1000)..=MAX_AMOUNT * 1000, scale in 0u32..=3) {
            let value = Decimal::new(mantissa, 3).round_dp(scale);
            prop_assert_eq!(parse_amount(&format_amount(value)), Ok(value));
        }

        #[test]
        fn arbitrary_strings_never_panic(s in "\\PC{0,40}") {
            let _ = parse_amount(&s);
        }

        #[test]
        fn arbitrary_text_never_panics(s in any::<String>()) {
            let _ = parse_amount(&s);
        }

        /// Strings made of the characters amounts are made of: whatever is accepted is within
        /// the limits, and a rejection names the value.
        #[test]
        fn amount_like_strings_are_read_within_limits_or_rejected_by_name(
            s in "[-+−()¥￥$元 .,0-9０-９．，eE]{0,45}"
        ) {
            match parse_amount(&s) {
                Ok(v) => {
                    prop_assert!(v.abs() <= Decimal::from(MAX_AMOUNT), "{:?} read as {}", s, v);
                    prop_assert!(v.scale() as usize <= MAX_DECIMALS, "{:?} read as {}", s, v);
                }
                Err(e) => prop_assert!(e.contains(&format!("{s:?}")), "{:?}: {}", s, e),
            }
        }
    }

    fn group_thousands(s: &str) -> String {
        let (int, frac) = s.split_once('.').unwrap();
        let mut out = String::new();
        for (i, c) in int.chars().enumerate() {
            if i > 0 && (int.len() - i) % 3 == 0 {
                out.push(',');
            }
            out.push(c);
        }
        format!("{out}.{frac}")
    }
}
