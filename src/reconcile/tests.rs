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
    input_covering(path, side, account, at(from), at(to))
}

/// An input of `side` for `account` covering the days from `from` to `to`, with no rows.
pub(super) fn input_covering(
    path: &str,
    side: Side,
    account: &str,
    from: crate::model::Timestamp,
    to: crate::model::Timestamp,
) -> InputReport {
    InputReport {
        path: path.into(),
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
    let ctx = Context {
        ledger,
        recon: &recon,
        analysis: &crate::analysis::Analysis::empty(),
        settings: &settings,
        now: at(now).latest(),
        lang: Lang::En,
        show_pii: false,
    };
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

// ---------------------------------------------------------------------------------------------
// Review: cases real exports produce that the audit gets wrong.

fn findings_for(ledger: &Ledger, now: &str, select: &str) -> Vec<Finding> {
    let settings = Settings::default();
    let recon = reconcile(ledger, &settings);
    let ctx = Context {
        ledger,
        recon: &recon,
        analysis: &crate::analysis::Analysis::empty(),
        settings: &settings,
        now: at(now).latest(),
        lang: Lang::En,
        show_pii: false,
    };
    crate::rules::run(&ctx, &Selection { select: vec![select.into()], ignore: vec![] })
}

fn ledger_with(rows: Vec<Transaction>, inputs: Vec<InputReport>) -> Ledger {
    let mut rows = rows;
    rows.sort_by_key(|t| (t.time.at, t.source.clone()));
    Ledger { transactions: rows, inputs, ..Ledger::default() }
}

/// A wallet row paid straight from ICBC card 4321 (or refunded to it).
fn card_row(line: usize, time: &str, amount: &str, direction: Direction, kind: Kind) -> Transaction {
    let mut t = tx(Side::Wallet, "wechat", "wallet.csv", line, time, amount, direction);
    t.kind = kind;
    t.provider = Some("wechat".into());
    t.method = Some("工商银行(4321)".into());
    t.card_last4 = Some("4321".into());
    t.counterparty = Some("某商户".into());
    t
}

fn with_balance(mut t: Transaction, balance: &str) -> Transaction {
    t.balance = Some(rust_decimal::Decimal::from_str(balance).unwrap());
    t
}

#[test]
fn a_refund_of_a_card_payment_is_not_taken_for_a_failed_top_ups_refund() {
    let l = ledger(vec![
        attempt(2, "2026-09-10 10:00:00", "300.00", Status::Failed),
        bank(10, "2026-09-10", "300.00", Direction::Out, "wechat"),
        // A card-funded purchase, refunded to the card two days later: the wallet lists both.
        card_row(4, "2026-09-12 12:00:00", "300.00", Direction::Out, Kind::Payment),
        bank(11, "2026-09-12", "300.00", Direction::Out, "wechat"),
        card_row(5, "2026-09-14 09:00:00", "300.00", Direction::In, Kind::Refund),
        bank(12, "2026-09-14", "300.00", Direction::In, "wechat"),
    ]);
    let recon = reconcile(&l, &Settings::default());
    let failed = &recon.top_ups[0];
    assert_eq!(failed.debit.map(|d| l.transactions[d].source.line), Some(10));
    assert_eq!(failed.refund, None, "the 09-14 credit is the purchase's refund, as the wallet says");
    assert_eq!(codes(&findings(&l, "2026-09-30")), vec!["R001"]);
}

#[test]
fn a_file_given_both_directly_and_inside_its_folder_is_counted_once() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("attempts.csv");
    std::fs::write(
        &file,
        "time,amount,status,wallet,method\n2026-09-10 10:00:00,300.00,failed,wechat,工商银行(4321)\n",
    )
    .unwrap();
    let opts = crate::ingest::IngestOptions { zone: CHINA_ZONE.into(), zone_given: false, mapping: None };
    let ingested = crate::ingest::load(&[dir.path().to_path_buf(), file], &opts).unwrap();
    let l = Ledger::build(ingested);
    assert_eq!(l.transactions.len(), 1, "one row in one file is one transaction");
    for i in &l.inputs {
        assert_eq!(i.rows, i.transactions + i.duplicates + i.rejected, "rows = transactions + duplicates + rejected");
    }
}

#[test]
fn an_attempt_and_its_wallet_credit_a_quarter_hour_apart_raise_no_alarm() {
    // The log stamps the attempt when it was made; the wallet credits it after a slow SMS check.
    let l = ledger(vec![
        attempt(2, "2026-09-10 10:00:00", "300.00", Status::Success),
        top_up("wechat", 5, "2026-09-10 10:15:00", "300.00", Status::Success),
        bank(10, "2026-09-10", "300.00", Direction::Out, "wechat"),
    ]);
    assert_eq!(codes(&findings(&l, "2026-09-30")), Vec::<&str>::new(), "one credit, one debit: nothing was lost");
}

#[test]
fn a_bank_statement_without_a_card_number_still_explains_its_banks_top_ups() {
    let mut debit = bank(10, "2026-09-10", "2000.00", Direction::Out, "wechat");
    debit.account = "icbc".into();
    debit.card_last4 = None;
    let l = ledger_with(
        vec![top_up("wechat", 2, "2026-09-10 14:30:00", "2000.00", Status::Success), debit],
        vec![
            input("wallet.csv", Side::Wallet, "wechat", "2026-09-01", "2026-09-30"),
            input("icbc.csv", Side::Bank, "icbc", "2026-09-01", "2026-09-30"),
        ],
    );
    let recon = reconcile(&l, &Settings::default());
    assert!(recon.top_ups[0].debit.is_some(), "the only ICBC statement is the ICBC card's");
    let assumed = AssumedCards { statement: "icbc".into(), bank: "icbc".into(), cards: vec!["icbc:4321".into()] };
    assert_eq!(recon.assumed_cards, vec![assumed], "the report must say which card was assumed");
    assert_eq!(codes(&findings(&l, "2026-09-30")), Vec::<&str>::new(), "no R003: the debit is the top-up's");
}

#[test]
fn a_bank_row_without_a_balance_does_not_break_the_running_balance() {
    // ICBC order, newest first: 15,200.00 → −2,000.00 (balance cell empty) → 13,200.00 → −35.00 → 13,165.00.
    let l = ledger(vec![
        with_balance(bank(10, "2026-09-20", "35.00", Direction::Out, "wechat"), "13165.00"),
        bank(11, "2026-09-15", "2000.00", Direction::Out, "wechat"),
        with_balance(bank(12, "2026-09-07", "100.00", Direction::In, "wechat"), "15200.00"),
    ]);
    assert_eq!(codes(&findings_for(&l, "2026-09-30", "D003")), Vec::<&str>::new(), "no row is missing");
}

#[test]
fn a_newest_first_statement_with_one_gap_reports_the_gap_in_time_order() {
    // ICBC order, newest first. In time order: 15,230.00 on 09-07, then −35.00 leaves 13,195.00
    // on 09-20: 2,000.00 left in rows that are not in the file.
    let l = ledger(vec![
        with_balance(bank(10, "2026-09-20", "35.00", Direction::Out, "wechat"), "13195.00"),
        with_balance(bank(11, "2026-09-07", "100.00", Direction::In, "wechat"), "15230.00"),
    ]);
    let found = findings_for(&l, "2026-09-30", "D003");
    assert_eq!(codes(&found), vec!["D003"]);
    assert_eq!(found[0].amount.map(|a| a.to_string()).as_deref(), Some("2000.00"));
    let lines: Vec<(usize, &str)> = found[0].evidence.iter().map(|e| (e.line, e.role.as_str())).collect();
    assert_eq!(lines, vec![(11, "balance-before"), (10, "balance-after")]);
    assert!(found[0].message.contains("2000.00 CNY left"), "{}", found[0].message);
}

#[test]
fn each_currencys_running_balance_is_checked_on_its_own() {
    // A card with a CNY and a USD sub-account, in one ICBC file (newest first); nothing is missing.
    let mut usd = with_balance(bank(11, "2026-09-15", "100.00", Direction::In, "wechat"), "600.00");
    usd.money.currency = "USD".into();
    let l = ledger(vec![
        with_balance(bank(10, "2026-09-20", "35.00", Direction::Out, "wechat"), "13165.00"),
        usd,
        with_balance(bank(12, "2026-09-07", "35.00", Direction::Out, "wechat"), "13200.00"),
    ]);
    assert_eq!(codes(&findings_for(&l, "2026-09-30", "D003")), Vec::<&str>::new());
}

#[test]
fn a_card_funded_wallet_row_the_wallet_counts_as_neither_income_nor_spending_explains_its_debit() {
    // Alipay lists a credit-card repayment paid from the ICBC card as 不计收支.
    let mut repayment =
        tx(Side::Wallet, "alipay", "alipay.csv", 3, "2026-09-15 08:00:00", "2000.00", Direction::Neutral);
    repayment.kind = Kind::Other;
    repayment.provider = Some("alipay".into());
    repayment.method = Some("工商银行储蓄卡(4321)".into());
    repayment.card_last4 = Some("4321".into());
    repayment.counterparty = Some("招商银行".into());
    repayment.description = Some("信用卡还款".into());
    let l = ledger_with(
        vec![repayment, bank(10, "2026-09-15", "2000.00", Direction::Out, "alipay")],
        vec![
            input("alipay.csv", Side::Wallet, "alipay", "2026-09-01", "2026-09-30"),
            input("icbc.csv", Side::Bank, "icbc:4321", "2026-09-01", "2026-09-30"),
        ],
    );
    assert_eq!(codes(&findings(&l, "2026-09-30")), Vec::<&str>::new(), "the debit is the repayment, not an orphan");
}

#[test]
fn a_bank_of_china_top_up_is_not_checked_against_a_bank_of_communications_statement() {
    let mut t = top_up("wechat", 2, "2026-09-10 14:30:00", "2000.00", Status::Success);
    t.method = Some("中国银行储蓄卡".into());
    t.card_last4 = None;
    let l = ledger_with(
        vec![t],
        vec![
            input("wallet.csv", Side::Wallet, "wechat", "2026-09-01", "2026-09-30"),
            input("bocom.csv", Side::Bank, "bocom:7449", "2026-09-01", "2026-09-30"),
        ],
    );
    let recon = reconcile(&l, &Settings::default());
    assert_eq!(recon.top_ups[0].bank_covered, None, "no statement of the BOC card was given");
    assert_eq!(codes(&findings(&l, "2026-09-30")), Vec::<&str>::new());
}

#[test]
fn a_top_up_seen_pending_in_one_export_and_successful_in_the_next_is_one_top_up() {
    let mut pending = top_up("wechat", 2, "2026-09-14 23:58:00", "100.00", Status::Pending);
    pending.reference = Some("4200007".into());
    let mut settled = pending.clone();
    settled.status = Status::Success;
    settled.source = SourceRef { path: "wallet-b.csv".into(), line: 5 };
    let ingested = crate::ingest::Ingested {
        inputs: vec![
            input("wallet.csv", Side::Wallet, "wechat", "2026-09-01", "2026-09-14"),
            input("wallet-b.csv", Side::Wallet, "wechat", "2026-09-14", "2026-09-30"),
        ],
        transactions: vec![pending, settled],
        ..Default::default()
    };
    let l = Ledger::build(ingested);
    assert_eq!(l.transactions.len(), 1, "same order number, time and amount: one row");
    let recon = reconcile(&l, &Settings::default());
    let statuses: Vec<Status> = recon.top_ups.iter().map(|t| t.status).collect();
    assert_eq!(statuses, vec![Status::Success]);
    assert_eq!(codes(&findings(&l, "2026-09-30")), Vec::<&str>::new(), "no R006 for a top-up that went through");
}

#[test]
fn a_failed_attempt_logged_without_its_card_still_explains_its_debit() {
    // The canonical attempts CSV makes `method` optional.
    let mut a = attempt(2, "2026-09-18 21:05:10", "500.00", Status::Failed);
    a.method = None;
    a.card_last4 = None;
    let l = ledger(vec![a, bank(10, "2026-09-18", "500.00", Direction::Out, "wechat")]);
    assert_eq!(codes(&findings(&l, "2026-09-30")), vec!["R001"], "not R003: the log has the attempt");
}

#[test]
fn absurd_amounts_do_not_make_the_report_panic() {
    let l = ledger(vec![
        bank(10, "2026-09-15", "50000000000000000000000000000", Direction::Out, "wechat"),
        bank(11, "2026-09-16", "50000000000000000000000000000", Direction::Out, "wechat"),
    ]);
    let found = findings(&l, "2026-09-30");
    assert_eq!(codes(&found), vec!["R003", "R003"]);
    let recon = reconcile(&l, &Settings::default());
    let report = crate::report::build(&l, &recon, found, Vec::new(), at("2026-09-30").latest(), false);
    assert_eq!(report.summary.findings.high, 2);
}

#[test]
fn a_weekend_posting_delay_does_not_turn_two_weekly_top_ups_into_a_double_charge() {
    // Friday evening's top-up posts on Monday; Monday morning's posts on Tuesday. Each top-up has
    // exactly one debit inside its posting window, so a one-to-one pairing exists.
    let l = ledger(vec![
        top_up("wechat", 2, "2026-09-11 20:00:00", "500.00", Status::Success),
        top_up("wechat", 3, "2026-09-14 10:00:00", "500.00", Status::Success),
        bank(10, "2026-09-14", "500.00", Direction::Out, "wechat"),
        bank(11, "2026-09-15", "500.00", Direction::Out, "wechat"),
    ]);
    let recon = reconcile(&l, &Settings::default());
    let debits: Vec<Option<usize>> =
        recon.top_ups.iter().map(|t| t.debit.map(|d| l.transactions[d].source.line)).collect();
    assert_eq!(debits, vec![Some(10), Some(11)]);
    assert_eq!(codes(&findings(&l, "2026-09-30")), Vec::<&str>::new(), "no R002 and no R004");
}

#[test]
fn a_failed_attempt_the_wallet_shows_as_closed_keeps_its_failure_cause() {
    // Alipay shows a top-up whose card payment failed as 交易关闭; the log knows why it failed.
    let mut a = attempt(2, "2026-09-10 10:00:00", "300.00", Status::Failed);
    a.failure = Some(crate::model::FailureInfo { code: Some("51".into()), message: Some("余额不足".into()) });
    let l = ledger(vec![a, top_up("wechat", 5, "2026-09-10 10:00:03", "300.00", Status::Cancelled)]);
    let recon = reconcile(&l, &Settings::default());
    assert_eq!(recon.top_ups.len(), 1, "the log row and the wallet row are one attempt");
    assert_eq!(recon.top_ups[0].status, Status::Failed);
    assert_eq!(codes(&findings_for(&l, "2026-09-30", "F001")), vec!["F001"]);
}

#[test]
fn a_card_payment_whose_method_names_only_the_cards_digits_explains_its_debit() {
    // A PayPal export (read through a mapping file) names the card, not the bank.
    let mut payment = tx(Side::Wallet, "paypal", "paypal.csv", 3, "2026-09-15 08:00:00", "80.00", Direction::Out);
    payment.kind = Kind::Payment;
    payment.provider = Some("paypal".into());
    payment.method = Some("Visa Debit Card x-4321".into());
    payment.card_last4 = Some("4321".into());
    let mut debit = bank(10, "2026-09-15", "80.00", Direction::Out, "paypal");
    debit.account = "hsbc:4321".into();
    let l = ledger_with(
        vec![payment, debit],
        vec![
            input("paypal.csv", Side::Wallet, "paypal", "2026-09-01", "2026-09-30"),
            input("hsbc.csv", Side::Bank, "hsbc:4321", "2026-09-01", "2026-09-30"),
        ],
    );
    let recon = reconcile(&l, &Settings::default());
    assert_eq!(recon.card_payments.len(), 1);
    assert_eq!(codes(&findings(&l, "2026-09-30")), Vec::<&str>::new(), "the debit is the payment's, not an orphan");
}

#[test]
fn a_failed_attempt_on_one_card_is_not_merged_with_a_wallet_credit_from_another() {
    // The ICBC card is declined; two minutes later the user tops up from a CMB card instead.
    let mut a = attempt(2, "2026-09-10 10:00:00", "300.00", Status::Failed);
    a.failure = Some(crate::model::FailureInfo { code: Some("51".into()), message: Some("余额不足".into()) });
    let mut w = top_up("wechat", 5, "2026-09-10 10:02:00", "300.00", Status::Success);
    w.method = Some("招商银行(1111)".into());
    w.card_last4 = Some("1111".into());
    let l = ledger(vec![a, w]);
    let recon = reconcile(&l, &Settings::default());
    let statuses: Vec<Status> = recon.top_ups.iter().map(|t| t.status).collect();
    assert_eq!(statuses, vec![Status::Failed, Status::Success], "two attempts on two cards");
    assert_eq!(codes(&findings_for(&l, "2026-09-30", "F001")), vec!["F001"]);
}

#[test]
fn a_balance_break_around_an_unreadable_row_points_at_it() {
    let mut l = ledger(vec![
        with_balance(bank(10, "2026-09-20", "35.00", Direction::Out, "wechat"), "13195.00"),
        with_balance(bank(12, "2026-09-07", "100.00", Direction::In, "wechat"), "15230.00"),
    ]);
    l.rejected.push(crate::ingest::Rejected {
        source: SourceRef { path: "icbc.csv".into(), line: 11 },
        reason: "not an amount: \"2,OOO.00\"".into(),
        raw: "2026-09-10,消费,2,OOO.00".into(),
    });
    let found = findings_for(&l, "2026-09-30", "D003");
    assert!(
        found[0].message.ends_with("Line 11 between them could not be read (D001) and may hold it."),
        "{}",
        found[0].message
    );
}

#[test]
fn an_attempt_log_that_records_each_status_change_counts_one_attempt() {
    let with_ref = |mut t: Transaction| {
        t.reference = Some("TX77".into());
        t
    };
    let l = ledger(vec![
        with_ref(attempt(2, "2026-09-12 10:00:00", "200.00", Status::Pending)),
        with_ref(attempt(3, "2026-09-12 10:00:40", "200.00", Status::Pending)),
        with_ref(attempt(4, "2026-09-12 10:01:10", "200.00", Status::Failed)),
    ]);
    let recon = reconcile(&l, &Settings::default());
    assert_eq!(recon.top_ups.len(), 1);
    let t = &recon.top_ups[0];
    assert_eq!((t.status, t.attempt.map(|a| l.transactions[a].source.line)), (Status::Failed, Some(4)));
    assert_eq!(t.superseded.len(), 2);
    assert!(findings(&l, "2026-09-30").is_empty(), "no R006 for the pending rows");
}

mod properties {
    //! Whatever the rows, reconciliation never uses a bank row twice and never loses one.
    use super::*;
    use proptest::prelude::*;
    use std::collections::HashMap;

    fn arbitrary_row() -> impl Strategy<Value = (u8, u32, u8, u8)> {
        // (what, minutes into September, amount choice, status choice)
        (0u8..6, 0u32..(30 * 24 * 60), 0u8..4, 0u8..4)
    }

    pub(super) fn build(rows: &[(u8, u32, u8, u8)]) -> Ledger {
        let amounts = ["100.00", "200.00", "500.00", "606.00"];
        let statuses = [Status::Success, Status::Failed, Status::Pending, Status::Cancelled];
        let txs = rows
            .iter()
            .enumerate()
            .map(|(line, &(what, minutes, amount, status))| {
                let at = chrono::DateTime::parse_from_rfc3339("2026-09-01T00:00:00+08:00").unwrap()
                    + chrono::Duration::minutes(i64::from(minutes));
                let time = at.format("%Y-%m-%d %H:%M:%S").to_string();
                let date = at.format("%Y-%m-%d").to_string();
                let amount = amounts[usize::from(amount)];
                let status = statuses[usize::from(status)];
                match what {
                    0 => attempt(line + 2, &time, amount, status),
                    1 => top_up("wechat", line + 2, &time, amount, status),
                    2 => card_row(line + 2, &time, amount, Direction::Out, Kind::Payment),
                    3 => bank(line + 2, &date, amount, Direction::In, "wechat"),
                    _ => bank(line + 2, &date, amount, Direction::Out, "wechat"),
                }
            })
            .collect();
        ledger(txs)
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(200))]

        #[test]
        fn every_bank_row_is_used_at_most_once(rows in prop::collection::vec(arbitrary_row(), 0..24)) {
            let l = build(&rows);
            let recon = reconcile(&l, &Settings::default());
            let mut uses: HashMap<usize, usize> = HashMap::new();
            let mut count = |i: usize| *uses.entry(i).or_default() += 1;
            for t in &recon.top_ups {
                t.debit.into_iter().chain(t.extra_debits.iter().copied()).for_each(&mut count);
                prop_assert!(t.refund.is_none_or(|r| recon.refunds.iter().any(|&(d, c)| c == r && Some(d) == t.debit)));
            }
            recon.card_payments.iter().filter_map(|p| p.debit).for_each(&mut count);
            recon.orphan_debits.iter().copied().for_each(&mut count);
            recon.unexplained_uncovered_debits.iter().copied().for_each(&mut count);
            for &(debit, credit) in &recon.refunds {
                count(credit);
                // A refunded top-up's debit is already counted as its debit.
                if !recon.top_ups.iter().any(|t| t.debit == Some(debit)) {
                    count(debit);
                }
            }
            for (row, n) in &uses {
                prop_assert!(*n == 1, "bank row {} used {} times", l.transactions[*row].source.line, n);
                prop_assert_eq!(l.transactions[*row].side, Side::Bank);
            }
            // … and no debit to a wallet is left unaccounted for.
            for (i, t) in l.transactions.iter().enumerate() {
                if t.side == Side::Bank && t.direction == Direction::Out {
                    prop_assert!(uses.contains_key(&i), "bank debit on line {} is in no list", t.source.line);
                }
            }
            // Every attempt-log row and wallet top-up row belongs to exactly one top-up.
            let mut told: Vec<usize> = recon.top_ups.iter().flat_map(|t| t.rows().chain(t.superseded.iter().copied())).collect();
            told.sort_unstable();
            let expected: Vec<usize> = (0..l.transactions.len()).filter(|&i| l.transactions[i].kind == Kind::TopUp).collect();
            prop_assert_eq!(told, expected);
        }

        #[test]
        fn the_same_rows_give_the_same_findings(rows in prop::collection::vec(arbitrary_row(), 0..16)) {
            let l = build(&rows);
            let ids = |l: &Ledger| findings_for(l, "2026-10-15", "ALL").into_iter().map(|f| f.id).collect::<Vec<_>>();
            prop_assert_eq!(ids(&l), ids(&l));
        }
    }
}

#[test]
fn a_debit_smaller_than_the_credit_is_no_money_at_risk_but_is_explained() {
    let l = ledger(vec![
        top_up("wechat", 2, "2026-09-30 16:00:00", "600.00", Status::Success),
        bank(10, "2026-09-30", "594.00", Direction::Out, "wechat"),
    ]);
    let found = findings(&l, "2026-09-30");
    assert_eq!(codes(&found), vec!["R007"]);
    assert!(found[0].at_risk.is_none());
    assert!(
        found[0].advice[1].starts_with("The wallet credited 6.00 CNY more than the bank sent"),
        "{}",
        found[0].advice[1]
    );
}

// ---------------------------------------------------------------------------------------------
// Issue #6: nothing lost, nothing leaked.

/// The lines of a top-up's debit and of its duplicates.
fn debit_lines(l: &Ledger, t: &TopUp) -> (Option<usize>, Vec<usize>) {
    let line = |i: usize| l.transactions[i].source.line;
    (t.debit.map(line), t.extra_debits.iter().map(|&i| line(i)).collect())
}

#[test]
fn the_later_of_two_same_day_debits_is_the_duplicate_by_the_running_balance() {
    // ICBC, newest first: line 8 (balance 13,000.00) came after line 9 (14,000.00).
    let l = ledger(vec![
        top_up("wechat", 2, "2026-09-25 11:20:08", "1000.00", Status::Success),
        with_balance(bank(8, "2026-09-25", "1000.00", Direction::Out, "wechat"), "13000.00"),
        with_balance(bank(9, "2026-09-25", "1000.00", Direction::Out, "wechat"), "14000.00"),
    ]);
    let recon = reconcile(&l, &Settings::default());
    assert_eq!(debit_lines(&l, &recon.top_ups[0]), (Some(9), vec![8]));
    let found = findings(&l, "2026-09-30");
    let roles: Vec<(usize, &str)> = found[0].evidence.iter().map(|e| (e.line, e.role.as_str())).collect();
    assert_eq!(roles, vec![(2, "wallet-top-up"), (9, "bank-debit"), (8, "duplicate-bank-debit")]);
}

#[test]
fn the_running_balance_decides_even_against_the_file_order() {
    // Oldest first this time (the balance falls down the file): line 9 is the later debit.
    let l = ledger(vec![
        top_up("wechat", 2, "2026-09-25 11:20:08", "1000.00", Status::Success),
        with_balance(bank(8, "2026-09-25", "1000.00", Direction::Out, "wechat"), "14000.00"),
        with_balance(bank(9, "2026-09-25", "1000.00", Direction::Out, "wechat"), "13000.00"),
    ]);
    let recon = reconcile(&l, &Settings::default());
    assert_eq!(debit_lines(&l, &recon.top_ups[0]), (Some(8), vec![9]));
}

#[test]
fn without_balances_same_day_debits_follow_the_statements_file_order() {
    let rows = || {
        vec![
            top_up("wechat", 2, "2026-09-25 11:20:08", "1000.00", Status::Success),
            bank(8, "2026-09-25", "1000.00", Direction::Out, "wechat"),
            bank(9, "2026-09-25", "1000.00", Direction::Out, "wechat"),
        ]
    };
    // An ICBC statement lists the newest row first: line 9 is the earlier debit.
    let mut icbc = ledger(rows());
    icbc.inputs[1].format = "icbc-debit".into();
    let recon = reconcile(&icbc, &Settings::default());
    assert_eq!(debit_lines(&icbc, &recon.top_ups[0]), (Some(9), vec![8]));
    // A statement whose own rows run oldest first: line 8 is the earlier debit.
    let mut oldest_first =
        ledger(rows().into_iter().chain([bank(20, "2026-09-28", "5.00", Direction::Out, "shop")]).collect::<Vec<_>>());
    oldest_first.inputs[1].format = "icbc-debit".into();
    let recon = reconcile(&oldest_first, &Settings::default());
    assert_eq!(
        debit_lines(&oldest_first, &recon.top_ups[0]),
        (Some(8), vec![9]),
        "the file's own dates say oldest first"
    );
}

#[test]
fn a_coverage_gap_lists_the_money_that_moved_in_it_not_failed_attempts() {
    // ICBC statements cover 09-01 – 09-10 and 09-20 – 09-30; in between, a top-up went
    // through, an attempt failed, and the card paid a merchant through WeChat.
    let mut october = bank(20, "2026-09-20", "35.00", Direction::Out, "shop");
    october.source.path = "icbc-2.csv".into();
    let l = ledger_with(
        vec![
            bank(10, "2026-09-10", "20.00", Direction::Out, "shop"),
            top_up("wechat", 2, "2026-09-12 10:00:00", "200.00", Status::Success),
            attempt(3, "2026-09-13 11:00:00", "300.00", Status::Failed),
            card_row(4, "2026-09-15 19:02:33", "52.00", Direction::Out, Kind::Payment),
            october,
        ],
        vec![
            input("wallet.csv", Side::Wallet, "wechat", "2026-09-01", "2026-09-30"),
            input("icbc.csv", Side::Bank, "icbc:4321", "2026-09-01", "2026-09-10"),
            input("icbc-2.csv", Side::Bank, "icbc:4321", "2026-09-20", "2026-09-30"),
        ],
    );
    let found = findings_for(&l, "2026-09-30", "D002");
    assert_eq!(codes(&found), vec!["D002"]);
    let roles: Vec<(&str, usize, &str)> =
        found[0].evidence.iter().map(|e| (e.path.as_str(), e.line, e.role.as_str())).collect();
    assert_eq!(
        roles,
        vec![
            ("icbc.csv", 10, "last-row-before-gap"),
            ("icbc-2.csv", 20, "first-row-after-gap"),
            ("wallet.csv", 2, "unchecked-top-up"),
            ("wallet.csv", 4, "unchecked-card-payment"),
        ]
    );
    assert!(
        found[0].message.ends_with("1 top-up and 1 card payment in the gap cannot be checked against this account."),
        "{}",
        found[0].message
    );
}

mod conservation {
    //! Whatever the rows, every top-up attempt ends reconciled, cited by a finding, or unchecked.
    use super::properties::build;
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(200))]

        #[test]
        fn no_attempt_is_lost(rows in prop::collection::vec((0u8..6, 0u32..(30 * 24 * 60), 0u8..4, 0u8..4), 0..20)) {
            let l = build(&rows);
            let recon = reconcile(&l, &Settings::default());
            let found = findings_for(&l, "2026-10-15", "ALL");
            for t in recon.top_ups.iter().filter(|t| t.outcome() == Outcome::Discrepancy) {
                let cited = t.rows().any(|r| {
                    let tx = &l.transactions[r];
                    found.iter().any(|f| f.evidence.iter().any(|e| e.path == *tx.source.path && e.line == tx.source.line))
                });
                prop_assert!(cited, "top-up {:?} at {} ({:?}) is in no finding", t.status, t.time.at, t.rows().collect::<Vec<_>>());
            }
        }
    }
}
