//! SWIFT MT940 statements (tests/fixtures/ingest/international/mt940-*.sta, invented values):
//! sniffed as MT940 and nothing else, every `:61:` a row, marks (C, D, RC, RD) apart from the
//! funds-code letter, booking dates, comma amounts, the currency of `:60F:`, references and
//! `:86:` text, statements in SWIFT envelopes and bare, balances that reach D003, a broken
//! `:61:` as D001 with its line, and a PayPal top-up reconciled against its MT940 debit.

use assert_cmd::Command;
use rust_decimal::Decimal;
use serde_json::Value;
use std::path::PathBuf;
use std::str::FromStr;
use wallet_audit::ingest::{self, IngestOptions, Ingested, SourceText};
use wallet_audit::model::{Direction, Kind, Transaction, parse_zone};

fn fixture(name: &str) -> PathBuf {
    PathBuf::from("tests/fixtures/ingest/international").join(name)
}

fn opts() -> IngestOptions {
    IngestOptions { zone: parse_zone("Europe/Berlin").expect("zone"), zone_given: true, mapping: None }
}

fn load(name: &str) -> Ingested {
    ingest::load(&[fixture(name)], &opts()).expect("fixture loads")
}

fn dec(s: &str) -> Decimal {
    Decimal::from_str(s).expect("decimal")
}

/// What a user checks of an MT940 row: line, booking date, way, kind, amount, currency, the
/// bank's and the owner's references.
fn row(t: &Transaction) -> (usize, String, Direction, Kind, Decimal, &str, Option<&str>, Option<&str>) {
    (
        t.source.line,
        t.time.at.to_rfc3339(),
        t.direction,
        t.kind,
        t.money.amount,
        t.money.currency.as_str(),
        t.reference.as_deref(),
        t.merchant_reference.as_deref(),
    )
}

fn check(paths: &[&str]) -> Value {
    let mut cmd = Command::cargo_bin("wallet-audit").expect("binary");
    cmd.arg("check").args(paths.iter().map(|p| fixture(p))).args(["--format", "json", "--tz", "Europe/Berlin"]);
    let out = cmd.output().expect("runs");
    assert!(out.status.code().is_some_and(|c| c < 2), "{}", String::from_utf8_lossy(&out.stderr));
    serde_json::from_slice(&out.stdout).expect("json report")
}

fn codes(report: &Value) -> Vec<&str> {
    report["findings"].as_array().expect("findings").iter().filter_map(|f| f["code"].as_str()).collect()
}

#[test]
fn sniffed_as_mt940_and_nothing_else() {
    for name in ["mt940-envelopes.sta", "mt940-bare.sta", "mt940-break.sta", "mt940-broken-61.sta"] {
        let src = SourceText::from_bytes(name, &std::fs::read(fixture(name)).expect("read"));
        let claims: Vec<&str> = ingest::claims(&src).iter().map(|(a, _)| a.name()).collect();
        assert_eq!(claims, ["mt940"], "{name}");
    }
    // A CSV that mentions tags in a cell is no statement.
    let csv = SourceText::from_bytes("x.csv", b"time,amount,status\n2026-01-01 10:00,:20:X :25:Y :60F:Z,success\n");
    let mt940 = ingest::ADAPTERS.iter().find(|a| a.name() == "mt940").expect("registered");
    assert_eq!(mt940.sniff(&csv), None);
}

#[test]
fn every_statement_line_of_enveloped_statements_is_a_row() {
    let ing = load("mt940-envelopes.sta");
    // Two SWIFT messages of one account: one input, so D003 can chain them.
    let [input] = ing.inputs.as_slice() else { panic!("one input, got {:?}", ing.inputs) };
    assert_eq!((input.format.as_str(), input.account.as_str()), ("mt940", "nord:6199"));
    assert_eq!((input.rows, input.transactions, input.rejected), (6, 6, 0), "{:?}", ing.rejected);
    let rows: Vec<_> = ing.transactions.iter().map(row).collect();
    use Direction::{In, Out};
    let day = |d: &str| format!("2026-01-{d}T00:00:00+01:00");
    assert_eq!(
        rows,
        [
            // `DR`: a debit whose funds code is R (EUR), not a reversal.
            (6, day("12"), Out, Kind::TopUp, dec("150.00"), "EUR", Some("B6A12000001"), Some("PP-TOPUP-8812")),
            (10, day("13"), In, Kind::Income, dec("2450.00"), "EUR", Some("B6A13000002"), None),
            // `RD`: a debit given back.
            (13, day("13"), In, Kind::Refund, dec("49.90"), "EUR", Some("B6A13000003"), None),
            // No booking date: the value date; no bank reference, NONREF: no reference.
            (24, day("14"), Out, Kind::Other, dec("75.20"), "EUR", None, None),
            // `RCR`: a credit taken back (money out, no refund), funds code R.
            (26, day("15"), Out, Kind::Transfer, dec("20.00"), "EUR", Some("B6A15000005"), Some("REF-4471")),
            // Valued on the 15th, booked on the 16th: the booking date.
            (28, day("16"), Out, Kind::Other, dec("60.00"), "EUR", Some("B6A16000006"), Some("PP-TOPUP-3391")),
        ]
    );
    let top_up = &ing.transactions[0];
    assert_eq!(top_up.provider.as_deref(), Some("paypal"));
    assert_eq!(top_up.counterparty.as_deref(), Some("PAYPAL EUROPE S.A.R.L. ET CIE S.C.A"));
    assert_eq!(top_up.card_last4.as_deref(), Some("6199"));
    let description = top_up.description.as_deref().unwrap_or("");
    assert!(description.starts_with("SEPA-LASTSCHRIFT / PP.8812.PP PAYPAL"), "{description}");
    assert!(description.ends_with("Top-up PayPal wallet"), "supplementary line kept: {description}");
    // Free text over two lines, read as one.
    assert_eq!(ing.transactions[1].description.as_deref(), Some("SALARY JANUARY 2026 ACME INSTRUMENTS GMBH"));
    assert_eq!(ing.transactions[3].counterparty.as_deref(), Some("FRISCHMARKT BERLIN"));
    // The statements' balances on their first and last rows, as D003 reads them.
    let balances: Vec<Option<Decimal>> = ing.transactions.iter().map(|t| t.balance).collect();
    let (a, b, c, d) = (dec("1370.00"), dec("3869.90"), dec("3794.70"), dec("3714.70"));
    assert_eq!(balances, [Some(a), None, Some(b), Some(c), None, Some(d)]);
    let coverage = input.coverage.expect("coverage");
    assert_eq!((coverage.from.to_rfc3339(), coverage.to.date_naive().to_string()), (day("12"), "2026-01-16".into()));
}

#[test]
fn bare_statements_pages_and_accounts() {
    let ing = load("mt940-bare.sta");
    let seen: Vec<(&str, usize, usize)> = ing.inputs.iter().map(|i| (i.account.as_str(), i.rows, i.rejected)).collect();
    // Bank code/account and an IBAN: one input each; the two pages of statement 12 are one.
    assert_eq!(seen, [("bank:4567", 3, 0), ("bank:5555", 1, 0)]);
    let rows: Vec<(&str, Decimal, &str, Option<&str>)> = ing
        .transactions
        .iter()
        .map(|t| (t.account.as_str(), t.money.amount, t.money.currency.as_str(), t.description.as_deref()))
        .collect();
    assert_eq!(
        rows,
        [
            ("bank:4567", dec("25.00"), "USD", Some("CHEQUE 000123")),
            // `310,5`: one decimal.
            ("bank:4567", dec("310.5"), "USD", Some("INVOICE 2026-77 NORTHWIND TRADERS")),
            ("bank:4567", dec("85.50"), "USD", Some("WIRE FEE AND CHARGES")),
            ("bank:5555", dec("140.00"), "GBP", Some("TRANSFER FROM SAVINGS")),
        ]
    );
    assert_eq!(ing.transactions[0].kind, Kind::Other);
    assert_eq!(ing.transactions[0].merchant_reference.as_deref(), Some("000123"));
    // An overdrawn opening balance (`D…GBP40,00`) plus the row is the closing balance.
    assert_eq!(ing.transactions[3].balance, Some(dec("100.00")));
    let report = check(&["mt940-bare.sta"]);
    assert!(!codes(&report).iter().any(|c| *c == "D003" || *c == "D001"), "{:?}", codes(&report));
}

#[test]
fn a_clean_file_has_no_balance_finding_and_a_missing_statement_is_d003() {
    let clean = check(&["mt940-envelopes.sta"]);
    assert!(!codes(&clean).contains(&"D003"), "{:?}", codes(&clean));
    let report = check(&["mt940-break.sta"]);
    let breaks: Vec<&Value> = report["findings"].as_array().unwrap().iter().filter(|f| f["code"] == "D003").collect();
    let [d003] = breaks.as_slice() else { panic!("one D003: {:?}", codes(&report)) };
    // Statement 00002 is missing: 00001 closes at 950.00, 00003 opens at 700.00.
    assert_eq!((d003["amount"].as_str(), d003["currency"].as_str()), (Some("250.00"), Some("EUR")));
    let lines: Vec<(u64, &str)> = d003["evidence"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| (e["line"].as_u64().unwrap(), e["role"].as_str().unwrap()))
        .collect();
    assert_eq!(lines, [(8, "balance-before"), (17, "balance-after")]);
}

#[test]
fn a_broken_statement_line_is_d001_with_its_line_and_the_rest_is_read() {
    let ing = load("mt940-broken-61.sta");
    let [input] = ing.inputs.as_slice() else { panic!("one input") };
    assert_eq!((input.rows, input.transactions, input.rejected), (3, 2, 1));
    let [bad] = ing.rejected.as_slice() else { panic!("one rejected") };
    assert_eq!(bad.source.line, 8);
    assert!(bad.reason.contains("value date"), "{}", bad.reason);
    assert!(bad.raw.starts_with(":61:2604O20402DR40,00"), "{}", bad.raw);
    let report = check(&["mt940-broken-61.sta"]);
    let find = |code: &str| report["findings"].as_array().unwrap().iter().find(|f| f["code"] == code).cloned();
    let d001 = find("D001").expect("D001");
    assert_eq!(d001["evidence"][0]["line"], 8);
    // The balances do not add up without it, and D003 names it as the suspect.
    let d003 = find("D003").expect("D003");
    assert_eq!(d003["amount"], "40.00");
    assert!(d003["message"].as_str().unwrap().contains("Line 8"), "{}", d003["message"]);
}

#[test]
fn a_lone_statement_whose_balances_disagree_is_d001_at_its_closing_balance() {
    // One row: no second row for D003 to compare, so the statement itself says it.
    let text = ":20:X\r\n:25:DE75512108001245126199\r\n:28C:1/1\r\n:60F:C260101EUR100,00\r\n\
                :61:260102D10,00NTRFNONREF\r\n:86:SHOP\r\n:62F:C260102EUR80,00\r\n-\r\n";
    let src = SourceText::from_bytes("lone.sta", text.as_bytes());
    let mt940 = ingest::ADAPTERS.iter().find(|a| a.name() == "mt940").expect("registered");
    let parsed = mt940.parse(&src, 0, &opts()).expect("parses");
    assert_eq!((parsed.rows, parsed.transactions.len()), (2, 1));
    let [bad] = parsed.rejected.as_slice() else { panic!("one rejected: {:?}", parsed.rejected) };
    assert_eq!(bad.source.line, 7);
    assert!(bad.reason.contains("rows are missing"), "{}", bad.reason);
}

#[test]
fn check_reconciles_paypal_top_ups_against_mt940_debits() {
    let report = check(&["mt940-envelopes.sta", "mt940-attempts.csv"]);
    assert_eq!(report["summary"]["top_ups"]["attempted"], 2);
    // The successful 150.00 EUR top-up found its debit: no orphan debit, no missing debit.
    let all = codes(&report);
    assert!(!all.iter().any(|c| ["R003", "R004", "D001", "D003"].contains(c)), "{all:?}");
    // The failed 60.00 EUR top-up was debited (line 28) and awaits its refund.
    let r005 = report["findings"].as_array().unwrap().iter().find(|f| f["code"] == "R005").expect("R005");
    assert_eq!((r005["amount"].as_str(), r005["currency"].as_str()), (Some("60.00"), Some("EUR")));
    let debit = r005["evidence"].as_array().unwrap().iter().find(|e| e["role"] == "bank-debit").expect("debit");
    assert_eq!(debit["line"], 28);
    assert!(debit["path"].as_str().unwrap().ends_with("mt940-envelopes.sta"));
    assert_eq!(report["summary"]["at_risk"], serde_json::json!([{"currency": "EUR", "amount": "60.00"}]));
}

#[test]
fn every_cut_of_a_statement_file_reads_without_losing_a_row() {
    // A download cut short anywhere: no panic, every `:61:` read a transaction or a D001, each
    // on a line of the file.
    let mt940 = ingest::ADAPTERS.iter().find(|a| a.name() == "mt940").expect("registered");
    for name in ["mt940-envelopes.sta", "mt940-bare.sta"] {
        let text = std::fs::read_to_string(fixture(name)).expect("read");
        for cut in (0..=text.len()).filter(|&i| text.is_char_boundary(i)) {
            let src = SourceText::from_bytes(name, &text.as_bytes()[..cut]);
            let Some(header) = mt940.sniff(&src) else { continue };
            let Ok(mut parsed) = mt940.parse(&src, header, &opts()) else { continue };
            let further = std::mem::take(&mut parsed.statements);
            let lines = src.text.lines().count();
            for p in std::iter::once(&parsed).chain(&further) {
                assert_eq!(p.rows, p.transactions.len() + p.rejected.len(), "{name} cut at {cut}");
                let at = p.transactions.iter().map(|t| t.source.line).chain(p.rejected.iter().map(|r| r.source.line));
                assert!(at.into_iter().all(|l| (1..=lines).contains(&l)), "{name} cut at {cut}");
            }
        }
    }
}
