//! Matching across currencies: a claim meets a bank row in another currency only through an
//! amount one of the two statements prints in the other's currency (`Transaction::original`).

use super::*;
use crate::ingest::InputReport;
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
    let mut t = row(Side::Wallet, "revolut", 2, "2026-04-13 09:00:00", amount, Direction::In);
    t.kind = Kind::TopUp;
    t.card_last4 = Some("4417".into());
    t
}

fn debit(amount: &str, original: Option<&str>) -> Transaction {
    let mut t = row(Side::Bank, "lloyds:4417", 7, "2026-04-13", amount, Direction::Out);
    t.original = original.map(money);
    t
}

fn input(side: Side, account: &str) -> InputReport {
    let zone = crate::model::parse_zone("+00:00").unwrap();
    let (from, to) = (parse_timestamp("2026-04-01", zone).unwrap(), parse_timestamp("2026-04-30", zone).unwrap());
    super::tests::input_covering(&format!("{account}.csv"), side, account, from, to)
}

fn ledger(rows: Vec<Transaction>) -> Ledger {
    Ledger {
        transactions: rows,
        inputs: vec![input(Side::Wallet, "revolut"), input(Side::Bank, "lloyds:4417")],
        ..Ledger::default()
    }
}

fn debit_of(rows: Vec<Transaction>) -> Option<usize> {
    reconcile(&ledger(rows), &Settings::default()).top_ups.first().and_then(|t| t.debit)
}

/// The codes of the R findings on `rows`, with the reconciliation.
fn audit(rows: Vec<Transaction>) -> (Vec<&'static str>, Reconciliation) {
    let (ledger, settings) = (ledger(rows), Settings::default());
    let recon = reconcile(&ledger, &settings);
    let ctx = crate::rules::Context {
        ledger: &ledger,
        recon: &recon,
        analysis: &crate::analysis::Analysis::empty(),
        settings: &settings,
        now: parse_timestamp("2026-04-30", crate::model::parse_zone("+00:00").unwrap()).unwrap().latest(),
        lang: crate::finding::Lang::En,
        show_pii: false,
    };
    let selection = crate::rules::Selection { select: vec!["R".into()], ignore: vec![] };
    let codes = crate::rules::run(&ctx, &selection).iter().map(|f| f.code).collect();
    (codes, recon)
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

#[test]
fn a_debit_in_another_currency_that_prints_none_in_the_top_ups_leaves_both_unchecked() {
    let mut revolut_debit = debit("43.10 GBP", None);
    revolut_debit.description = Some("REVOLUT**4417*".into());
    let (codes, recon) = audit(vec![top_up("50.00 EUR"), revolut_debit]);
    // Neither "credited without a debit" (R004) nor "a debit nobody asked for" (R003).
    assert!(codes.is_empty(), "{codes:?}");
    let t = &recon.top_ups[0];
    assert_eq!((t.debit, t.foreign_debit, t.outcome()), (None, Some(1), Outcome::OutOfCoverage));
    assert_eq!(recon.foreign_debits, [1]);
    assert!(recon.orphan_debits.is_empty());
}

#[test]
fn a_statement_with_no_debit_to_the_wallet_still_shows_the_top_up_was_never_paid() {
    // The control: the GBP statement covers the day and holds nothing to Revolut.
    let mut other = debit("43.10 GBP", None);
    other.provider = None;
    let (codes, recon) = audit(vec![top_up("50.00 EUR"), other]);
    assert_eq!(codes, ["R004"]);
    assert_eq!(recon.top_ups[0].outcome(), Outcome::Discrepancy);
    // And a debit that prints a EUR amount that does not fit is another movement: R004 and R003.
    let (codes, _) = audit(vec![top_up("50.00 EUR"), debit("43.10 GBP", Some("70.00 EUR"))]);
    assert_eq!(codes, ["R003", "R004"]);
}

#[test]
fn a_matched_debit_in_another_currency_is_compared_in_the_amount_it_prints() {
    // 50.00 EUR printed beside 43.10 GBP: no amount mismatch (R007) between 50 and 43.10.
    let (codes, _) = audit(vec![top_up("50.00 EUR"), debit("43.10 GBP", Some("50.00 EUR"))]);
    assert!(codes.is_empty(), "{codes:?}");
    // Near but not equal, in EUR: the mismatch is told in EUR.
    let (codes, _) = audit(vec![top_up("50.00 EUR"), debit("44.00 GBP", Some("51.00 EUR"))]);
    assert_eq!(codes, ["R007"]);
}
