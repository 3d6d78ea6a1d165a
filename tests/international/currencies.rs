//! Money across borders (issue 11): each row keeps its own currency, and matching, duplicates,
//! the summary's money at risk and D003 never add or compare two currencies. One MT940 account
//! (tests/fixtures/ingest/international/mt940-two-currencies.sta) holds a USD and a EUR
//! statement, each with a 500.00 PayPal debit on the same day; attempt logs in the canonical
//! CSV (its `currency` column) try 500.00 in USD, EUR or CNY.

use assert_cmd::Command;
use serde_json::Value;

const STATEMENT: &str = "tests/fixtures/ingest/international/mt940-two-currencies.sta";
/// The USD statement's debit and the EUR statement's, by line.
const USD_DEBIT: u64 = 6;
const EUR_DEBIT: u64 = 15;

/// `check` on the statement and an attempt log of `rows` (`time,amount,status,currency,reference`).
fn check(rows: &[&str]) -> Value {
    let dir = tempfile::tempdir().expect("temp dir");
    let log = dir.path().join("attempts.csv");
    let mut text = String::from("time,amount,status,currency,reference,wallet,method,error_message\n");
    for row in rows {
        text.push_str(&format!("{row},paypal,Girokonto (6199),Timeout\n"));
    }
    std::fs::write(&log, text).expect("write log");
    let out = Command::cargo_bin("wallet-audit")
        .expect("binary")
        .arg("check")
        .arg(STATEMENT)
        .arg(&log)
        .args(["--format", "json", "--tz", "Europe/Berlin"])
        .output()
        .expect("runs");
    assert!(out.status.code().is_some_and(|c| c < 2), "{}", String::from_utf8_lossy(&out.stderr));
    serde_json::from_slice(&out.stdout).expect("json")
}

fn findings<'r>(report: &'r Value, code: &str) -> Vec<&'r Value> {
    report["findings"].as_array().expect("findings").iter().filter(|f| f["code"] == code).collect()
}

/// The bank-statement lines a finding cites, with the finding's currency.
fn debits(f: &Value) -> (Vec<u64>, &str) {
    let lines = f["evidence"].as_array().expect("evidence").iter().filter(|e| e["path"] == STATEMENT);
    (lines.filter_map(|e| e["line"].as_u64()).collect(), f["currency"].as_str().unwrap_or(""))
}

#[test]
fn a_failed_top_up_is_matched_to_the_debit_in_its_own_currency_only() {
    // Control: a failed USD attempt and a failed EUR one each find the debit of their currency.
    let both = check(&[
        "2026-03-03T10:00:00+01:00,500.00,failed,USD,PP-1001",
        "2026-03-03T10:05:00+01:00,500.00,failed,EUR,PP-1002",
    ]);
    let mut lost: Vec<(Vec<u64>, &str)> = findings(&both, "R001").into_iter().map(debits).collect();
    lost.sort();
    assert_eq!(lost, [(vec![USD_DEBIT], "USD"), (vec![EUR_DEBIT], "EUR")]);
    // A CNY attempt of the same number matches neither: no statement prints a CNY amount.
    let cny = check(&["2026-03-03T10:00:00+01:00,500.00,failed,CNY,PP-1001"]);
    for code in ["R001", "R005", "R002", "R007"] {
        assert!(findings(&cny, code).is_empty(), "{code}: {:?}", findings(&cny, code));
    }
}

#[test]
fn money_at_risk_is_reported_per_currency_never_summed() {
    let report = check(&[
        "2026-03-03T10:00:00+01:00,500.00,failed,USD,PP-1001",
        "2026-03-03T10:05:00+01:00,500.00,failed,EUR,PP-1002",
    ]);
    assert_eq!(
        report["summary"]["at_risk"],
        serde_json::json!([{"currency": "EUR", "amount": "500.00"}, {"currency": "USD", "amount": "500.00"}])
    );
    // Each failure group is of one currency, its attempted total in it.
    let mut groups: Vec<(&str, &str)> = findings(&report, "F007")
        .into_iter()
        .map(|f| (f["currency"].as_str().unwrap_or(""), f["amount"].as_str().unwrap_or("")))
        .collect();
    groups.sort();
    assert_eq!(groups, [("EUR", "500.00"), ("USD", "500.00")]);
    // The account's two currencies keep two running balances: no break between them.
    assert!(findings(&report, "D003").is_empty(), "{:?}", findings(&report, "D003"));
}

#[test]
fn a_debit_in_another_currency_is_no_duplicate_debit() {
    let report = check(&["2026-03-03T10:00:00+01:00,500.00,success,USD,PP-1001"]);
    let dup = findings(&report, "R002");
    assert!(dup.is_empty(), "{dup:?}");
}

/// `check` on a fixture of its own, as JSON.
fn check_file(path: &str) -> Value {
    let out = Command::cargo_bin("wallet-audit")
        .expect("binary")
        .args(["check", path, "--format", "json"])
        .output()
        .expect("runs");
    assert!(out.status.code().is_some_and(|c| c < 2), "{}", String::from_utf8_lossy(&out.stderr));
    serde_json::from_slice(&out.stdout).expect("json")
}

#[test]
fn the_same_number_in_two_currencies_is_no_duplicate_charge() {
    // Wise keeps one account (`wise`) for all its currency balances.
    let report = check_file("tests/fixtures/ingest/international/currencies-wise-usd-eur.csv");
    let s007 = findings(&report, "S007");
    assert!(s007.is_empty(), "{s007:?}");
}

#[test]
fn the_same_charge_twice_in_one_currency_is_still_a_duplicate_charge() {
    // The control for the test above: the EUR row as a second USD charge.
    let text =
        std::fs::read_to_string("tests/fixtures/ingest/international/currencies-wise-usd-eur.csv").expect("read");
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("wise-usd.csv");
    std::fs::write(
        &path,
        text.replace(",-25.00,EUR,", ",-25.00,USD,")
            .replace("25.00 EUR issued", "25.00 USD issued")
            .replace(",475.00,", ",950.00,"),
    )
    .expect("write");
    let report = check_file(path.to_str().expect("utf-8 path"));
    assert_eq!(findings(&report, "S007").len(), 1, "{:?}", report["findings"]);
}
