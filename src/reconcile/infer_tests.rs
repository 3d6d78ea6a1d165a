//! Inferred causes on hand-built ledgers: each inference, and the failures it must leave alone.

use super::Inference;
use crate::ingest::{Coverage, InputReport};
use crate::ledger::Ledger;
use crate::model::{
    CHINA_ZONE, Cause, Direction, FailureInfo, Kind, Money, Side, SourceRef, Status, Transaction, parse_timestamp,
};
use crate::reconcile::{Reconciliation, Settings, TopUp, reconcile};
use rust_decimal::Decimal;

const ICBC: &str = "工商银行(4321)";
const CMB: &str = "招商银行(1234)";

fn money(amount: &str) -> Money {
    Money::cny(amount.parse().unwrap())
}

/// A top-up attempt on `method` at `time` (+08:00), failed with `failure` (code, message).
fn attempt(line: usize, time: &str, amount: &str, method: &str, status: Status, failure: (&str, &str)) -> Transaction {
    let source = SourceRef { path: "attempts.csv".into(), line };
    let at = parse_timestamp(time, CHINA_ZONE).unwrap();
    let mut t = Transaction::new(source, Side::Attempts, "attempts", at, money(amount), Direction::Out);
    let opt = |s: &str| (!s.is_empty()).then(|| s.to_string());
    (t.kind, t.status, t.provider, t.method) = (Kind::TopUp, status, Some("alipay".into()), Some(method.into()));
    t.card_last4 = crate::model::last4_digits(method);
    if status == Status::Failed {
        t.failure = Some(FailureInfo { code: opt(failure.0), message: opt(failure.1) });
    }
    t
}

fn silent(line: usize, time: &str, amount: &str, method: &str) -> Transaction {
    attempt(line, time, amount, method, Status::Failed, ("", ""))
}

fn success(line: usize, time: &str, method: &str) -> Transaction {
    attempt(line, time, "100.00", method, Status::Success, ("", ""))
}

/// A date-only row of the card 4321's ICBC statement with the balance after it.
fn bank(line: usize, date: &str, amount: &str, direction: Direction, balance: &str) -> Transaction {
    let source = SourceRef { path: "icbc.csv".into(), line };
    let at = parse_timestamp(date, CHINA_ZONE).unwrap();
    let mut t = Transaction::new(source, Side::Bank, "icbc:4321", at, money(amount), direction);
    (t.card_last4, t.balance) = (Some("4321".into()), Some(balance.parse().unwrap()));
    t
}

/// The ledger, with the ICBC statement covering `from` to `to` (dates).
fn run(rows: Vec<Transaction>, from: &str, to: &str) -> Reconciliation {
    let mut rows = rows;
    rows.sort_by_key(|t| (t.time.at, t.source.clone()));
    let coverage = Coverage {
        from: parse_timestamp(from, CHINA_ZONE).unwrap().at,
        to: parse_timestamp(to, CHINA_ZONE).unwrap().latest(),
    };
    let input = InputReport {
        path: "icbc.csv".into(),
        part: None,
        format: "icbc-debit".into(),
        side: Side::Bank,
        account: "icbc:4321".into(),
        encoding: "UTF-8".into(),
        rows: 0,
        transactions: 0,
        duplicates: 0,
        rejected: 0,
        coverage: Some(coverage),
        declared_rows: None,
    };
    let ledger = Ledger { transactions: rows, inputs: vec![input], ..Default::default() };
    reconcile(&ledger, &Settings::default())
}

/// The failed top-up of attempt-log line `line` (see `numbered`).
fn failed(recon: &Reconciliation, line: usize) -> &TopUp {
    let reference = line.to_string();
    recon.top_ups.iter().find(|t| t.reference.as_deref() == Some(reference.as_str())).expect("a top-up of that line")
}

/// Rows with their line as reference, so a top-up can be told by its line.
fn numbered(mut rows: Vec<Transaction>) -> Vec<Transaction> {
    for t in rows.iter_mut().filter(|t| t.side == Side::Attempts) {
        t.reference = Some(t.source.line.to_string());
    }
    rows
}

fn cause(recon: &Reconciliation, line: usize) -> (Option<Cause>, bool) {
    let t = failed(recon, line);
    (t.cause, t.cause_inferred)
}

fn statement_sep_7_newest_first() -> Vec<Transaction> {
    vec![
        bank(2, "2026-09-07", "100.00", Direction::Out, "320.15"),
        bank(3, "2026-09-07", "1000.00", Direction::In, "420.15"),
        bank(4, "2026-09-06", "80.00", Direction::Out, "-579.85"),
    ]
}

#[test]
fn a_silent_failure_larger_than_the_balance_the_day_before_is_insufficient_funds() {
    let mut rows = statement_sep_7_newest_first();
    rows.push(silent(2, "2026-09-08 21:13", "500.00", ICBC));
    rows.push(silent(3, "2026-09-08 21:20", "300.00", ICBC));
    let recon = run(numbered(rows), "2026-09-01", "2026-09-30");
    let t = failed(&recon, 2);
    assert_eq!((t.cause, t.cause_inferred), (Some(Cause::InsufficientFunds), true));
    let Some(Inference::Balance { balance, before_row: false, .. }) = &t.inferred_from else { panic!("{t:?}") };
    assert_eq!(
        *balance,
        "320.15".parse::<Decimal>().unwrap(),
        "the last of 2026-09-07's rows, the file being newest first"
    );
    assert_eq!(cause(&recon, 3), (Some(Cause::Unknown), false), "300.00 fits in 320.15");
}

#[test]
fn without_an_earlier_row_the_balance_before_the_days_first_row_counts() {
    let rows = vec![
        bank(2, "2026-09-08", "20.00", Direction::Out, "250.15"),
        bank(3, "2026-09-08", "50.00", Direction::Out, "270.15"),
        silent(2, "2026-09-08 21:13", "500.00", ICBC),
    ];
    let recon = run(numbered(rows), "2026-09-08", "2026-09-30");
    let t = failed(&recon, 2);
    assert_eq!(t.cause, Some(Cause::InsufficientFunds));
    assert!(matches!(&t.inferred_from, Some(Inference::Balance { before_row: true, .. })), "{t:?}");
    let Some(Inference::Balance { balance, .. }) = &t.inferred_from else { unreachable!() };
    assert_eq!(balance.to_string(), "320.15");
}

#[test]
fn a_failure_with_a_code_or_message_is_never_relabelled() {
    let mut rows = statement_sep_7_newest_first();
    rows.push(attempt(2, "2026-09-08 21:13", "500.00", ICBC, Status::Failed, ("", "交易失败")));
    rows.push(attempt(3, "2026-09-08 21:14", "500.00", CMB, Status::Failed, ("E999", "")));
    rows.push(attempt(4, "2026-09-08 21:15", "600.00", ICBC, Status::Failed, ("", "网络超时")));
    let recon = run(numbered(rows), "2026-09-01", "2026-09-30");
    assert_eq!(cause(&recon, 2), (Some(Cause::Unknown), false));
    assert_eq!(cause(&recon, 3), (Some(Cause::Unknown), false));
    assert_eq!(cause(&recon, 4), (Some(Cause::Network), false));
}

#[test]
fn an_unknown_balance_leaves_the_cause_unknown() {
    // No statement of the card.
    let recon =
        run(numbered(vec![silent(2, "2026-09-08 21:13", "500.00", "招商银行(1234)")]), "2026-09-01", "2026-09-30");
    assert_eq!(cause(&recon, 2), (Some(Cause::Unknown), false));
    // The statement ends before the attempt.
    let mut rows = statement_sep_7_newest_first();
    rows.push(silent(2, "2026-09-08 21:13", "500.00", ICBC));
    assert_eq!(cause(&run(numbered(rows), "2026-09-01", "2026-09-07"), 2), (Some(Cause::Unknown), false));
    // The statement prints no balance.
    let mut rows: Vec<Transaction> = statement_sep_7_newest_first();
    rows.iter_mut().for_each(|r| r.balance = None);
    rows.push(silent(2, "2026-09-08 21:13", "500.00", ICBC));
    assert_eq!(cause(&run(numbered(rows), "2026-09-01", "2026-09-30"), 2), (Some(Cause::Unknown), false));
    // The day's rows do not chain (a row is missing): which one is last cannot be told.
    let rows = vec![
        bank(2, "2026-09-07", "100.00", Direction::Out, "320.15"),
        bank(3, "2026-09-07", "10.00", Direction::Out, "900.00"),
        silent(2, "2026-09-08 21:13", "500.00", ICBC),
    ];
    assert_eq!(cause(&run(numbered(rows), "2026-09-01", "2026-09-30"), 2), (Some(Cause::Unknown), false));
}

#[test]
fn a_debited_failure_is_not_said_to_lack_funds() {
    let mut rows = statement_sep_7_newest_first();
    let mut debit = bank(5, "2026-09-08", "500.00", Direction::Out, "-179.85");
    debit.provider = Some("alipay".into());
    rows.push(debit);
    rows.push(silent(2, "2026-09-08 21:13", "500.00", ICBC));
    let recon = run(numbered(rows), "2026-09-01", "2026-09-30");
    assert!(failed(&recon, 2).debit.is_some());
    assert_eq!(cause(&recon, 2), (Some(Cause::Unknown), false));
}

#[test]
fn silent_failures_on_two_methods_within_15_minutes_are_a_wallet_system_fault() {
    let rows = vec![
        silent(2, "2026-09-08 21:00", "100.00", ICBC),
        silent(3, "2026-09-08 21:15", "200.00", CMB),
        silent(4, "2026-09-08 21:31", "200.00", "建设银行(5555)"),
        silent(5, "2026-09-09 10:00", "100.00", ICBC),
        silent(6, "2026-09-09 10:05", "100.00", ICBC),
        attempt(7, "2026-09-10 10:00", "100.00", ICBC, Status::Failed, ("", "")),
        attempt(8, "2026-09-10 10:01", "100.00", CMB, Status::Failed, ("", "系统繁忙")),
    ];
    let recon = run(numbered(rows), "2026-09-01", "2026-09-30");
    assert_eq!(cause(&recon, 2), (Some(Cause::WalletSystem), true));
    assert_eq!(cause(&recon, 3), (Some(Cause::WalletSystem), true));
    let Some(Inference::Outage { methods, from, to }) = &failed(&recon, 3).inferred_from else { panic!() };
    assert_eq!(methods, &[ICBC.to_string()], "16 minutes after 21:15 is too late for 建设银行");
    assert_eq!((from.format("%H:%M").to_string(), to.format("%H:%M").to_string()), ("21:00".into(), "21:15".into()));
    assert_eq!(cause(&recon, 4), (Some(Cause::Unknown), false), "16 minutes apart");
    assert_eq!(cause(&recon, 5), (Some(Cause::Unknown), false), "one method only");
    assert_eq!(cause(&recon, 7), (Some(Cause::Unknown), false), "the other failure has a message");
}

#[test]
fn a_card_that_only_fails_after_working_is_card_expired() {
    let rows = vec![
        success(2, "2026-09-01 09:00", ICBC),
        success(3, "2026-09-05 09:00", ICBC),
        silent(4, "2026-09-10 09:00", "100.00", ICBC),
        attempt(5, "2026-09-11 09:00", "100.00", ICBC, Status::Failed, ("", "交易失败")),
        silent(6, "2026-09-12 09:00", "100.00", ICBC),
        // Another card: worked, then one silent failure only.
        success(7, "2026-09-01 10:00", CMB),
        silent(8, "2026-09-12 10:00", "100.00", CMB),
    ];
    let recon = run(numbered(rows), "2026-09-01", "2026-09-30");
    assert_eq!(cause(&recon, 4), (Some(Cause::CardExpired), true));
    assert_eq!(cause(&recon, 6), (Some(Cause::CardExpired), true));
    let Some(Inference::CardStopped { last_success, failures }) = &failed(&recon, 6).inferred_from else { panic!() };
    assert_eq!((last_success.display().as_str(), *failures), ("2026-09-05 09:00", 3));
    assert_eq!(cause(&recon, 5), (Some(Cause::Unknown), false), "a message is kept");
    assert_eq!(cause(&recon, 8), (Some(Cause::Unknown), false), "one silent failure is not enough");
}

#[test]
fn a_card_that_worked_again_or_the_same_day_or_may_still_work_is_not_card_expired() {
    let later_success = vec![
        success(2, "2026-09-01 09:00", ICBC),
        silent(3, "2026-09-10 09:00", "100.00", ICBC),
        silent(4, "2026-09-11 09:00", "100.00", ICBC),
        success(5, "2026-09-12 09:00", ICBC),
    ];
    let same_day = vec![
        success(2, "2026-09-01 09:00", ICBC),
        silent(3, "2026-09-01 09:30", "100.00", ICBC),
        silent(4, "2026-09-01 10:30", "100.00", ICBC),
    ];
    let pending = vec![
        success(2, "2026-09-01 09:00", ICBC),
        silent(3, "2026-09-10 09:00", "100.00", ICBC),
        silent(4, "2026-09-11 09:00", "100.00", ICBC),
        attempt(5, "2026-09-12 09:00", "100.00", ICBC, Status::Pending, ("", "")),
    ];
    let never_worked =
        vec![silent(3, "2026-09-10 09:00", "100.00", ICBC), silent(4, "2026-09-11 09:00", "100.00", ICBC)];
    for (name, rows) in
        [("later success", later_success), ("same day", same_day), ("pending", pending), ("never", never_worked)]
    {
        let recon = run(numbered(rows), "2026-09-01", "2026-09-30");
        assert_eq!(cause(&recon, 3), (Some(Cause::Unknown), false), "{name}");
        assert_eq!(cause(&recon, 4), (Some(Cause::Unknown), false), "{name}");
    }
}

#[test]
fn the_balance_explains_first_and_an_explained_failure_is_no_outage_witness() {
    let mut rows = statement_sep_7_newest_first();
    rows.push(silent(2, "2026-09-08 21:13", "500.00", ICBC));
    rows.push(silent(3, "2026-09-08 21:15", "100.00", CMB));
    let recon = run(numbered(rows), "2026-09-01", "2026-09-30");
    assert_eq!(cause(&recon, 2), (Some(Cause::InsufficientFunds), true));
    assert_eq!(cause(&recon, 3), (Some(Cause::Unknown), false));
}
