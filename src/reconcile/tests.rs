//! Reconciliation on hand-built ledgers: the tricky cases that must neither lose nor
//! double-count money.

use super::*;
use crate::finding::{Finding, Lang};
use crate::ingest::{Coverage, InputReport};
use crate::model::{CHINA_ZONE, Money, Precision, SourceRef, parse_timestamp};
use crate::rules::{Context, Selection};
use std::str::FromStr;

fn at(s: &str) -> crate::model::Timestamp {
    parse_timestamp(s, CHINA_ZONE).unwrap()
}

fn tx(
    side: Side,
    account: &str,
    file: &str,
    line: usize,
    time: &str,
    amount: &str,
    direction: Direction,
) -> Transaction {
    let money = Money::cny(rust_decimal::Decimal::from_str(amount).unwrap());
    let source = SourceRef { path: file.into(), line };
    Transaction::new(source, side, account, at(time), money, direction)
}

fn top_up(wallet: &str, line: usize, time: &str, amount: &str, status: Status) -> Transaction {
    let mut t = tx(Side::Wallet, wallet, "wallet.csv", line, time, amount, Direction::Neutral);
    t.kind = Kind::TopUp;
    t.status = status;
    t.provider = Some(wallet.into());
    t.method = Some("工商银行(4321)".into());
    t.card_last4 = Some("4321".into());
    t
}

fn attempt(line: usize, time: &str, amount: &str, status: Status) -> Transaction {
    let mut t = tx(Side::Attempts, "attempts", "attempts.csv", line, time, amount, Direction::In);
    t.kind = Kind::TopUp;
    t.status = status;
    t.provider = Some("wechat".into());
    t.method = Some("工商银行(4321)".into());
    t.card_last4 = Some("4321".into());
    t
}

fn bank(line: usize, date: &str, amount: &str, direction: Direction, provider: &str) -> Transaction {
    let mut t = tx(Side::Bank, "icbc:4321", "icbc.csv", line, date, amount, direction);
    assert_eq!(t.time.precision, Precision::Day);
    t.provider = Some(provider.into());
    t.card_last4 = Some("4321".into());
    t
}

fn input(path: &str, side: Side, account: &str, from: &str, to: &str) -> InputReport {
    InputReport {
        path: path.into(),
        format: "test".into(),
        side,
        account: account.into(),
        encoding: "UTF-8".into(),
        rows: 0,
        transactions: 0,
        duplicates: 0,
        rejected: 0,
        coverage: Some(Coverage { from: at(from).at, to: at(to).latest() }),
    }
}

/// A ledger whose wallet (WeChat) and bank statements both cover September 2026.
fn ledger(rows: Vec<Transaction>) -> Ledger {
    let mut rows = rows;
    rows.sort_by_key(|t| (t.time.at, t.source.clone()));
    Ledger {
        transactions: rows,
        inputs: vec![
            input("wallet.csv", Side::Wallet, "wechat", "2026-09-01", "2026-09-30"),
            input("icbc.csv", Side::Bank, "icbc:4321", "2026-09-01", "2026-09-30"),
        ],
        ..Ledger::default()
    }
}

fn findings(ledger: &Ledger, now: &str) -> Vec<Finding> {
    let settings = Settings::default();
    let recon = reconcile(ledger, &settings);
    let ctx =
        Context { ledger, recon: &recon, settings: &settings, now: at(now).latest(), lang: Lang::En, show_pii: false };
    crate::rules::run(&ctx, &Selection { select: vec!["R".into()], ignore: vec![] })
}

fn codes(findings: &[Finding]) -> Vec<&str> {
    findings.iter().map(|f| f.code).collect()
}

#[test]
fn two_same_amount_top_ups_on_one_day_take_one_date_only_debit_each() {
    let l = ledger(vec![
        top_up("wechat", 2, "2026-09-14 09:02:00", "100.00", Status::Success),
        top_up("wechat", 3, "2026-09-14 20:47:00", "100.00", Status::Success),
        bank(10, "2026-09-14", "100.00", Direction::Out, "wechat"),
        bank(11, "2026-09-14", "100.00", Direction::Out, "wechat"),
    ]);
    let recon = reconcile(&l, &Settings::default());
    let debits: Vec<_> = recon.top_ups.iter().map(|t| t.debit).collect();
    assert!(debits.iter().all(Option::is_some));
    assert_ne!(debits[0], debits[1], "one debit must not serve two top-ups");
    assert!(recon.orphan_debits.is_empty());
    assert!(findings(&l, "2026-09-30").is_empty());
}

#[test]
fn a_late_evening_top_up_matches_the_next_days_bank_row() {
    let l = ledger(vec![
        top_up("wechat", 2, "2026-09-20 23:50:00", "250.00", Status::Success),
        bank(10, "2026-09-21", "250.00", Direction::Out, "wechat"),
    ]);
    let recon = reconcile(&l, &Settings::default());
    assert!(recon.top_ups[0].debit.is_some());
    assert!(findings(&l, "2026-09-30").is_empty());
}

#[test]
fn one_debit_goes_to_the_successful_top_up_not_the_failed_retry() {
    let l = ledger(vec![
        attempt(2, "2026-09-10 10:00:00", "300.00", Status::Failed),
        attempt(3, "2026-09-10 10:01:00", "300.00", Status::Success),
        top_up("wechat", 5, "2026-09-10 10:01:05", "300.00", Status::Success),
        bank(10, "2026-09-10", "300.00", Direction::Out, "wechat"),
    ]);
    let recon = reconcile(&l, &Settings::default());
    assert_eq!(recon.top_ups.len(), 2, "the attempt and the wallet row of the success are one top-up");
    let failed = recon.top_ups.iter().find(|t| t.status == Status::Failed).unwrap();
    let succeeded = recon.top_ups.iter().find(|t| t.status == Status::Success).unwrap();
    assert!(succeeded.debit.is_some() && failed.debit.is_none());
    assert!(findings(&l, "2026-09-30").is_empty());
}

#[test]
fn a_failed_top_up_debited_then_refunded_is_settled() {
    let l = ledger(vec![
        attempt(2, "2026-09-10 10:00:00", "300.00", Status::Failed),
        bank(10, "2026-09-10", "300.00", Direction::Out, "wechat"),
        bank(11, "2026-09-12", "300.00", Direction::In, "wechat"),
    ]);
    let recon = reconcile(&l, &Settings::default());
    assert!(recon.top_ups[0].debit.is_some());
    assert!(recon.top_ups[0].refund.is_some());
    assert!(findings(&l, "2026-09-30").is_empty());
}

#[test]
fn a_failed_top_up_debited_without_refund_is_r005_then_r001() {
    let rows = vec![
        attempt(2, "2026-09-18 21:05:10", "500.00", Status::Failed),
        bank(10, "2026-09-18", "500.00", Direction::Out, "wechat"),
    ];
    let l = ledger(rows);
    assert_eq!(codes(&findings(&l, "2026-09-22")), vec!["R005"]);
    let late = findings(&l, "2026-09-30");
    assert_eq!(codes(&late), vec!["R001"]);
    assert_eq!(late[0].amount.map(|a| a.to_string()).as_deref(), Some("500.00"));
    assert_eq!(late[0].evidence.len(), 2);
}

#[test]
fn no_r001_when_the_bank_statement_ends_before_the_refund_window() {
    let mut l = ledger(vec![
        attempt(2, "2026-09-27 10:00:00", "500.00", Status::Failed),
        bank(10, "2026-09-27", "500.00", Direction::Out, "wechat"),
    ]);
    l.inputs[0].coverage = Some(Coverage { from: at("2026-09-01").at, to: at("2026-10-31").latest() });
    assert_eq!(codes(&findings(&l, "2026-10-31")), vec!["R005"], "the refund may be on the next statement");
}

#[test]
fn a_second_debit_for_one_top_up_is_a_duplicate_not_an_orphan() {
    let l = ledger(vec![
        top_up("wechat", 2, "2026-09-25 11:20:00", "1000.00", Status::Success),
        bank(10, "2026-09-25", "1000.00", Direction::Out, "wechat"),
        bank(11, "2026-09-25", "1000.00", Direction::Out, "wechat"),
    ]);
    let found = findings(&l, "2026-09-30");
    assert_eq!(codes(&found), vec!["R002"]);
    assert_eq!(found[0].at_risk.as_ref().map(|m| m.to_string()).as_deref(), Some("1000.00 CNY"));
}

#[test]
fn orphan_debits_are_claimed_only_inside_wallet_coverage() {
    let l = ledger(vec![
        bank(10, "2026-09-15", "200.00", Direction::Out, "wechat"),
        // Before the wallet's export starts (with the posting delay): not claimed.
        bank(11, "2026-09-02", "80.00", Direction::Out, "wechat"),
        // A provider whose wallet statement was not given: not claimed.
        bank(12, "2026-09-15", "60.00", Direction::Out, "alipay"),
    ]);
    let recon = reconcile(&l, &Settings::default());
    assert_eq!(recon.orphan_debits.len(), 1);
    assert_eq!(recon.unexplained_uncovered_debits.len(), 2);
    assert_eq!(codes(&findings(&l, "2026-09-30")), vec!["R003"]);
}

#[test]
fn credit_without_debit_only_where_the_bank_statement_covers_the_posting_window() {
    let l = ledger(vec![
        top_up("wechat", 2, "2026-09-10 14:30:00", "2000.00", Status::Success),
        // Two days before the statement ends: the debit may post after it.
        top_up("wechat", 3, "2026-09-29 14:30:00", "700.00", Status::Success),
    ]);
    let found = findings(&l, "2026-09-30");
    assert_eq!(codes(&found), vec!["R004"]);
    assert_eq!(found[0].evidence[0].line, 2);
}

#[test]
fn a_debit_off_by_more_than_the_fee_tolerance_is_matched_and_reported() {
    let l = ledger(vec![
        top_up("wechat", 2, "2026-09-30 16:00:00", "600.00", Status::Success),
        bank(10, "2026-09-30", "606.00", Direction::Out, "wechat"),
    ]);
    let found = findings(&l, "2026-09-30");
    assert_eq!(codes(&found), vec!["R007"]);
    assert_eq!(found[0].amount.map(|a| a.to_string()).as_deref(), Some("6.00"));
}

#[test]
fn a_pending_top_up_is_stuck_after_a_day() {
    let l = ledger(vec![attempt(2, "2026-09-26 10:15:00", "300.00", Status::Pending)]);
    assert!(findings(&l, "2026-09-26 20:00:00").is_empty());
    assert_eq!(codes(&findings(&l, "2026-09-30")), vec!["R006"]);
}

#[test]
fn overlapping_exports_count_shared_rows_once_but_keep_repeats_within_a_file() {
    let mut a1 = top_up("wechat", 2, "2026-09-14 09:02:00", "100.00", Status::Success);
    a1.reference = Some("4200001".into());
    let mut same_in_b = a1.clone();
    same_in_b.source = SourceRef { path: "wallet-b.csv".into(), line: 7 };
    let coffee = |line| {
        let mut t = tx(Side::Wallet, "wechat", "wallet.csv", line, "2026-09-14 12:00:00", "12.00", Direction::Out);
        t.counterparty = Some("某餐厅".into());
        t
    };
    let mut other_ref = same_in_b.clone();
    other_ref.reference = Some("4200002".into());
    other_ref.source.line = 8;
    let ingested = crate::ingest::Ingested {
        inputs: vec![
            input("wallet.csv", Side::Wallet, "wechat", "2026-09-01", "2026-09-15"),
            input("wallet-b.csv", Side::Wallet, "wechat", "2026-09-10", "2026-09-30"),
        ],
        transactions: vec![a1, coffee(3), coffee(4), same_in_b, other_ref],
        ..Default::default()
    };
    let l = Ledger::build(ingested);
    assert_eq!(l.transactions.len(), 4, "one repeated row dropped; two identical coffees in one file kept");
    assert_eq!(l.overlaps.len(), 1);
    assert_eq!(l.overlaps[0].rows.len(), 1);
    assert_eq!(l.inputs[1].duplicates, 1);
}

#[test]
fn a_debit_that_fits_two_failed_attempts_equally_says_so() {
    let l = ledger(vec![
        attempt(2, "2026-09-18 09:00:00", "500.00", Status::Failed),
        attempt(3, "2026-09-18 21:00:00", "500.00", Status::Failed),
        bank(10, "2026-09-18", "500.00", Direction::Out, "wechat"),
    ]);
    let recon = reconcile(&l, &Settings::default());
    let debited: Vec<&TopUp> = recon.top_ups.iter().filter(|t| t.debit.is_some()).collect();
    assert_eq!(debited.len(), 1, "one debit, one-to-one");
    assert_eq!(debited[0].debit_rivals.len(), 1);
    let found = findings(&l, "2026-09-30");
    assert_eq!(codes(&found), vec!["R001"]);
    assert!(
        found[0].message.contains("fits the attempt at 2026-09-18 21:00 (attempts.csv line 3) just as well"),
        "{}",
        found[0].message
    );
}

#[test]
fn a_timed_bank_row_is_no_tie() {
    let mut debit = bank(10, "2026-09-18", "500.00", Direction::Out, "wechat");
    debit.time = at("2026-09-18 21:00:30");
    let l = ledger(vec![
        attempt(2, "2026-09-18 09:00:00", "500.00", Status::Failed),
        attempt(3, "2026-09-18 21:00:00", "500.00", Status::Failed),
        debit,
    ]);
    let recon = reconcile(&l, &Settings::default());
    let debited: Vec<&TopUp> = recon.top_ups.iter().filter(|t| t.debit.is_some()).collect();
    assert_eq!(debited[0].attempt.map(|a| l.transactions[a].source.line), Some(3), "nearest in time");
    assert!(debited[0].debit_rivals.is_empty());
}
