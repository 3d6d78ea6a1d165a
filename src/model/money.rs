//! Money as a decimal amount with an ISO 4217 currency, and amount parsing as exports write it.

use rust_decimal::Decimal;
use std::fmt;
use std::str::FromStr;

/// An amount of money. Amounts are never floats: exports are exact and so are we.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
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

/// Parses a signed amount as exports write it: `¥1,234.56`, `￥-12.00`, `16.54元`, `(5.00)`.
/// `,` is only ever a thousands separator in the exports we read, so its grouping is checked:
/// a wrong grouping usually means a shifted column, which must be rejected, not guessed.
pub fn parse_amount(raw: &str) -> Result<Decimal, String> {
    let mut s: String = raw.trim().trim_matches(|c: char| c.is_whitespace() || c == '\u{3000}').to_string();
    if s.is_empty() {
        return Err("empty amount".into());
    }
    let mut negative = false;
    if s.starts_with('(') && s.ends_with(')') {
        negative = true;
        s = s[1..s.len() - 1].to_string();
    }
    for mark in ["CNY", "RMB", "USD", "EUR", "元", "¥", "￥", "$", "€", "£"] {
        s = s.replace(mark, "");
    }
    let s = s.trim();
    let (sign, digits) = match s.strip_prefix('-').or_else(|| s.strip_prefix('−')) {
        Some(rest) => (true, rest.trim()),
        None => (false, s.strip_prefix('+').unwrap_or(s).trim()),
    };
    let digits = digits.trim_start_matches(['¥', '￥', '$']);
    if digits.is_empty() || !digits.chars().all(|c| c.is_ascii_digit() || c == '.' || c == ',') {
        return Err(format!("not an amount: {raw:?}"));
    }
    if !valid_grouping(digits) {
        return Err(format!("misplaced thousands separator in {raw:?}"));
    }
    let plain = digits.replace(',', "");
    let value = Decimal::from_str(&plain).map_err(|_| format!("not an amount: {raw:?}"))?;
    // No statement holds a quadrillion; such a cell is a shifted column or a corrupt file,
    // and sums of it would overflow.
    if value > Decimal::from(1_000_000_000_000_000i64) {
        return Err(format!("amount {raw:?} is implausibly large"));
    }
    Ok(if sign ^ negative { -value } else { value })
}

/// `1,234.56` is fine, `12,34.5` is not: a wrong grouping usually means a shifted column.
fn valid_grouping(digits: &str) -> bool {
    let int_part = digits.split('.').next().unwrap_or("");
    if digits.matches('.').count() > 1 {
        return false;
    }
    if !int_part.contains(',') {
        return !digits.split('.').nth(1).is_some_and(|f| f.contains(','));
    }
    let groups: Vec<&str> = int_part.split(',').collect();
    groups[0].len() <= 3
        && !groups[0].is_empty()
        && groups[1..].iter().all(|g| g.len() == 3)
        && !digits.split('.').nth(1).is_some_and(|f| f.contains(','))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn d(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap()
    }

    #[test]
    fn reads_the_ways_exports_write_amounts() {
        assert_eq!(parse_amount("¥28.16").unwrap(), d("28.16"));
        assert_eq!(parse_amount("￥1,234.56").unwrap(), d("1234.56"));
        assert_eq!(parse_amount(" 1,234.56\t").unwrap(), d("1234.56"));
        assert_eq!(parse_amount("-12.00").unwrap(), d("-12.00"));
        assert_eq!(parse_amount("(5.00)").unwrap(), d("-5.00"));
        assert_eq!(parse_amount("+3").unwrap(), d("3"));
        assert_eq!(parse_amount("16.54元").unwrap(), d("16.54"));
        assert_eq!(parse_amount("¥-0.10").unwrap(), d("-0.10"));
    }

    #[test]
    fn rejects_what_is_not_an_amount() {
        for bad in ["", "xx,yyyy.zz", "abc", "1.2.3", "12,34.5", "--1", "¥", "50000000000000000000000000000"] {
            assert!(parse_amount(bad).is_err(), "{bad:?} should be rejected");
        }
    }

    #[test]
    fn formats_with_two_decimals() {
        assert_eq!(format_amount(d("500")), "500.00");
        assert_eq!(format_amount(d("50.0")), "50.00");
        assert_eq!(format_amount(d("0.125")), "0.125");
    }

    proptest! {
        #[test]
        fn any_cent_amount_round_trips(cents in 0i64..10_000_000_000, neg: bool, grouped: bool, mark in 0usize..3) {
            let value = Decimal::new(if neg { -cents } else { cents }, 2);
            let abs = format_amount(value.abs());
            let body = if grouped { group_thousands(&abs) } else { abs };
            let text = format!("{}{}{}", ["", "¥", "￥"][mark], if neg { "-" } else { "" }, body);
            prop_assert_eq!(parse_amount(&text).unwrap(), value);
        }

        #[test]
        fn never_panics(s in "\\PC{0,20}") {
            let _ = parse_amount(&s);
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
