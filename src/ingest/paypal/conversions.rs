//! PayPal prints a currency conversion as two rows at one time, one per currency (`General
//! Currency Conversion` −27.35 USD and +25.00 EUR), both naming in `Reference Txn ID` the payment
//! or deposit they converted for. The row they converted for gets the other currency's row as
//! its `original`: the same money as PayPal itself prints it in the other currency (a deposit of
//! 33.58 GBP that funded a 42.50 USD payment prints 42.50 USD), never a rate of ours.

use crate::model::{Money, Transaction};
use chrono::{DateTime, FixedOffset};
use std::collections::HashMap;

/// The type words of a conversion row, lower case, in English, German and French.
const CONVERSION: [&str; 3] = ["currency conversion", "währungsumrechnung", "conversion de devise"];

fn is_conversion(t: &Transaction) -> bool {
    let text = t.description.as_deref().unwrap_or_default().to_lowercase();
    CONVERSION.iter().any(|w| text.contains(w))
}

/// Sets `original` on each row a conversion pair was made for (see the module documentation).
/// Conversions are looked up by the id they link to, else by their time (an export without
/// `Reference Txn ID`): one pass, whatever the number of rows.
pub fn pair(txs: &mut [Transaction]) {
    let mut linked: HashMap<&str, Vec<&Money>> = HashMap::new();
    let mut timed: HashMap<DateTime<FixedOffset>, Vec<&Money>> = HashMap::new();
    for t in txs.iter().filter(|t| is_conversion(t)) {
        match t.merchant_reference.as_deref() {
            Some(id) => linked.entry(id).or_default().push(&t.money),
            None => timed.entry(t.time.at).or_default().push(&t.money),
        }
    }
    let mut found: Vec<(usize, Money)> = Vec::new();
    for (i, t) in txs.iter().enumerate().filter(|(_, t)| !is_conversion(t)) {
        let ids = [t.reference.as_deref(), t.merchant_reference.as_deref()];
        let by_id = ids.iter().flatten().find_map(|id| linked.get(id));
        // One pair, in two currencies, one side of which is this row's money.
        let Some([a, b]) = by_id.or_else(|| timed.get(&t.time.at)).map(Vec::as_slice) else { continue };
        if a.currency == b.currency {
            continue;
        }
        let other = match (*a == &t.money, *b == &t.money) {
            (true, _) => b,
            (_, true) => a,
            _ => continue,
        };
        found.push((i, (*other).clone()));
    }
    for (i, money) in found {
        if let Some(t) = txs.get_mut(i) {
            t.original = Some(money);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::pair;
    use crate::model::{Direction, Money, SourceRef, Transaction, parse_timestamp};
    use rust_decimal::Decimal;
    use std::str::FromStr;

    fn row(line: usize, what: &str, amount: &str, currency: &str, id: &str, linked: Option<&str>) -> Transaction {
        let at = parse_timestamp("2026-04-05T10:12:40-07:00", crate::model::CHINA_ZONE).unwrap();
        let money = Money::new(Decimal::from_str(amount).unwrap(), currency);
        let source = SourceRef { path: "paypal.csv".into(), line };
        let mut t = Transaction::new(source, crate::model::Side::Wallet, "paypal", at, money, Direction::In);
        t.description = Some(what.into());
        t.reference = Some(id.into());
        t.merchant_reference = linked.map(str::to_string);
        t
    }

    #[test]
    fn the_deposit_a_conversion_was_made_for_prints_the_other_currency() {
        let mut txs = vec![
            row(2, "Express Checkout Payment", "42.50", "USD", "PAY1", None),
            row(3, "Bank Deposit to PP Account ", "33.58", "GBP", "DEP1", Some("PAY1")),
            row(4, "General Currency Conversion", "33.58", "GBP", "CV1", Some("PAY1")),
            row(5, "General Currency Conversion", "42.50", "USD", "CV2", Some("PAY1")),
            row(6, "Bank Deposit to PP Account ", "10.00", "GBP", "DEP2", None),
        ];
        pair(&mut txs);
        let originals: Vec<Option<String>> = txs.iter().map(|t| t.original.as_ref().map(Money::to_string)).collect();
        assert_eq!(
            originals,
            [Some("33.58 GBP".into()), Some("42.50 USD".into()), None, None, None],
            "the payment and its deposit each print the other side; conversions and an unrelated deposit nothing"
        );
    }

    #[test]
    fn a_conversion_that_matches_neither_amount_bridges_nothing() {
        let mut txs = vec![
            row(3, "Bank Deposit to PP Account ", "30.00", "GBP", "DEP1", Some("PAY1")),
            row(4, "General Currency Conversion", "33.58", "GBP", "CV1", Some("PAY1")),
            row(5, "General Currency Conversion", "42.50", "USD", "CV2", Some("PAY1")),
        ];
        pair(&mut txs);
        assert!(txs[0].original.is_none());
    }
}
