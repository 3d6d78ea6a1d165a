//! Matching across currencies: a claim meets a bank row in another currency only through an
//! amount one of the two statements prints in the other's currency (`Transaction::original`).

use super::*;
use crate::ingest::{Coverage, InputReport};
use crate::model::{Money, SourceRef, parse_timestamp};
use rust_decimal::Decimal;
use std::str::FromStr;

fn money(s: &str) -> Money {
    let (amount, currency) = s.split_once(' ').unwrap();
    Money::new(Decimal::from_str(amount).unwrap(), currency)
}

fn row(side: Side, account: &str, line: usize, time: &str, amount: &str, direction: Direction) -> Transaction {
    let zone = crate::model::parse_zone("+00:00").unwrap();
    let at = parse_timestamp(time, zone).unwrap();
    let source = SourceRef { path: format!("{account}.csv").into(), line };
    let mut t = Transaction::new(source, side, account, at, money(amount), direction);
    t.provider = Some("revolut".into());
    t
}

fn top_up(amount: &str) -> Transaction {
    let mut t = row(Side::Wallet, "revolut", 2, "2026-04-03 09:00:00", amount, Direction::In);
    t.kind = Kind::TopUp;
    t.card_last4 = Some("4417".into());
    t
}

fn debit(amount: &str, original: Option<&str>) -> Transaction {
    let mut t = row(Side::Bank, "lloyds:4417", 7, "2026-04-03", amount, Direction::Out);
    t.original = original.map(money);
    t
}

fn input(side: Side, account: &str) -> InputReport {
    let zone = crate::model::parse_zone("+00:00").unwrap();
    let (from, to) = (parse_timestamp("2026-04-01", zone).unwrap(), parse_timestamp("2026-04-30", zone).unwrap());
    InputReport {
        path: format!("{account}.csv"),
        part: None,
        format: "test".into(),
        side,
        account: account.into(),
        encoding: "UTF-8".into(),
        rows: 0,
        transactions: 0,
        duplicates: 0,
        rejected: 0,
        coverage: Some(Coverage { from: from.at, to: to.latest() }),
        declared_rows: None,
    }
}

fn debit_of(rows: Vec<Transaction>) -> Option<usize> {
    let ledger = Ledger {
        transactions: rows,
        inputs: vec![input(Side::Wallet, "revolut"), input(Side::Bank, "lloyds:4417")],
        ..Ledger::default()
    };
    reconcile(&ledger, &Settings::default()).top_ups.first().and_then(|t| t.debit)
}

#[test]
fn a_debit_in_another_currency_matches_through_the_amount_its_statement_prints() {
    assert_eq!(debit_of(vec![top_up("50.00 EUR"), debit("43.10 GBP", Some("50.00 EUR"))]), Some(1));
}

#[test]
fn without_a_printed_amount_two_currencies_never_match_whatever_the_numbers() {
    assert_eq!(debit_of(vec![top_up("50.00 EUR"), debit("50.00 GBP", None)]), None);
    // A printed amount in a third currency does not bridge them either.
    assert_eq!(debit_of(vec![top_up("50.00 EUR"), debit("43.10 GBP", Some("50.00 USD"))]), None);
    // Nor one that does not fit the top-up.
    assert_eq!(debit_of(vec![top_up("50.00 EUR"), debit("43.10 GBP", Some("80.00 EUR"))]), None);
}

#[test]
fn a_top_up_matches_through_the_conversion_its_wallet_prints() {
    let mut t = top_up("50.00 EUR");
    t.original = Some(money("43.10 GBP"));
    assert_eq!(debit_of(vec![t, debit("43.10 GBP", None)]), Some(1));
}
