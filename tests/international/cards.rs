//! Apple Card (the card behind Apple Pay), Google Pay / Google Wallet (Takeout) and Wise
//! statements, each on a fixture in its export's real layout with invented values
//! (tests/fixtures/ingest/international): claimed by its own adapter, every row accounted for,
//! the rows a user checks read right (kind, direction, amount, currency, status, reference, time
//! with its zone), a bad row a D001 naming file and line, and a Wise top-up paid with the Apple
//! Card reconciled against the card's row.

#[path = "../bank_rows/mod.rs"]
mod bank_rows;

use assert_cmd::Command;
use bank_rows::{Seen, dec, opts, seen, want};
use serde_json::Value;
use std::path::{Path, PathBuf};
use wallet_audit::classify::classify;
use wallet_audit::ingest::{self, IngestOptions, Ingested, Parsed, SourceText, claims, sniff};
use wallet_audit::model::{Cause, Direction, Kind, Precision, Side, Status, Transaction, parse_zone};

fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/ingest/international").join(name)
}

const APPLE: &str = "apple-card-2026-03.csv";
const GOOGLE: &str = "google-pay-transactions.csv";
const WISE_2026: &str = "wise-statement-usd-2026.csv";
const WISE_2019: &str = "wise-statement-eur-2019.csv";

/// Loads a fixture (naive times in `--tz` when one is given, else in the zone the adapter
/// documents) with every row a transaction: none rejected, none lost.
fn load_clean(name: &str, tz: Option<&str>, format: &str, rows: usize) -> Ingested {
    let zone = parse_zone(tz.unwrap_or("+08:00")).expect("zone");
    let opts = IngestOptions { zone, zone_given: tz.is_some(), mapping: None };
    let ing = ingest::load(&[fixture(name)], &opts).expect("fixture loads");
    let reasons: Vec<&str> = ing.rejected.iter().map(|r| r.reason.as_str()).collect();
    let [input] = ing.inputs.as_slice() else { panic!("one input, got {}", ing.inputs.len()) };
    assert_eq!((input.format.as_str(), input.account.as_str()), (format, format), "{name}");
    assert_eq!((input.rows, input.transactions, input.rejected), (rows, rows, 0), "{name}: {reasons:?}");
    ing
}

/// The transaction read from physical line `line`.
fn at(txs: &[Transaction], line: usize) -> &Transaction {
    txs.iter().find(|t| t.source.line == line).unwrap_or_else(|| panic!("no row from line {line}"))
}

/// Text (a fixture edited) read by the adapter that claims it, which must be `name`.
fn parse_text(text: &str, name: &str) -> Parsed {
    let (src, opts) = (SourceText::from_bytes("edited.csv", text.as_bytes()), opts());
    let (adapter, header) = sniff(&src, &opts).expect("claimed");
    assert_eq!(adapter.name(), name);
    adapter.parse(&src, header, &opts).expect("parses")
}

fn stamp(t: &Transaction) -> String {
    t.time.at.to_rfc3339()
}

#[test]
fn each_format_is_claimed_by_itself() {
    for (file, name, side) in [
        (APPLE, "apple-card", Side::Bank),
        (GOOGLE, "google-pay", Side::Wallet),
        (WISE_2026, "wise", Side::Wallet),
        (WISE_2019, "wise", Side::Wallet),
    ] {
        let bytes = std::fs::read(fixture(file)).expect("fixture");
        let src = SourceText::from_bytes(file, &bytes);
        let opts = opts();
        let (adapter, header) = sniff(&src, &opts).expect("claimed");
        assert_eq!((adapter.name(), adapter.side(), header), (name, side, 0), "{file}");
        let claimants: Vec<&str> = claims(&src).iter().map(|(a, _)| a.name()).collect();
        // The canonical attempts log needs only time, amount and status, which Google's header
        // also has: the seven-cell Google header is the more specific, so it reads the file.
        let expected: &[&str] = if name == "google-pay" { &["google-pay", "attempts"] } else { &[name] };
        assert_eq!(claimants, expected, "{file}");
    }
}

#[test]
fn apple_card_rows_are_card_statement_rows_in_pacific_days() {
    let ing = load_clean(APPLE, None, "apple-card", 10);
    let txs = &ing.transactions;
    assert!(
        txs.iter().all(|t| t.side == Side::Bank && t.account == "apple-card" && t.time.precision == Precision::Day)
    );
    use Direction::{In, Out};
    let usd = |kind, direction, amount, provider| want(kind, direction, amount, "USD", None, None, provider);
    // Line 9: the Wise top-up paid with the card, a charge to the wallet provider Wise.
    assert_eq!(seen(at(txs, 9)), usd(Kind::Payment, Out, "250.00", Some("wise")));
    assert_eq!(seen(at(txs, 10)), usd(Kind::Payment, Out, "1064.18", None), "a quoted thousands comma");
    assert_eq!(seen(at(txs, 7)), usd(Kind::Refund, In, "12.49", None), "a negative purchase is a return");
    assert_eq!(seen(at(txs, 6)), usd(Kind::Transfer, In, "500.00", None), "paying the card");
    assert_eq!(seen(at(txs, 5)), usd(Kind::Payment, Out, "83.25", None), "a monthly installment");
    assert_eq!(seen(at(txs, 3)), usd(Kind::Refund, In, "20.00", None), "a merchant's credit");
    assert_eq!(seen(at(txs, 2)), usd(Kind::Fee, Out, "3.12", None), "interest");
    assert_eq!(at(txs, 9).counterparty.as_deref(), Some("Wise"));
    // Without --tz dates are Pacific days: winter time before 8 March 2026, summer after.
    assert_eq!(stamp(at(txs, 11)), "2026-03-02T00:00:00-08:00");
    assert_eq!(stamp(at(txs, 7)), "2026-03-10T00:00:00-07:00");
    assert!(txs.iter().all(|t| t.status == Status::Success));
}

#[test]
fn an_apple_card_row_not_yet_cleared_is_pending() {
    let text = std::fs::read_to_string(fixture(APPLE)).expect("fixture");
    let edited = text.replacen("03/31/2026,03/31/2026,", "03/31/2026,,", 1);
    assert_ne!(edited, text);
    let parsed = parse_text(&edited, "apple-card");
    assert_eq!(at(&parsed.transactions, 2).status, Status::Pending);
    assert_eq!(parsed.transactions.iter().filter(|t| t.status == Status::Pending).count(), 1);
}

#[test]
fn google_pay_rows_with_their_currency_card_status_and_zone() {
    let ing = load_clean(GOOGLE, Some("America/Los_Angeles"), "google-pay", 8);
    let txs = &ing.transactions;
    assert!(txs.iter().all(|t| t.side == Side::Wallet && t.provider.as_deref() == Some("google-pay")));
    let card = |kind, direction, amount, currency, card| want(kind, direction, amount, currency, card, None, None);
    let got = |line| {
        let t = at(txs, line);
        (Seen { provider: None, ..seen(t) }, t.status)
    };
    use Direction::{In, Out};
    assert_eq!(got(2), (card(Kind::Payment, Out, "1.99", "USD", Some("4321")), Status::Success));
    assert_eq!(got(4), (card(Kind::Payment, Out, "13.99", "USD", Some("8812")), Status::Failed));
    assert_eq!(got(5), (card(Kind::TopUp, In, "25.00", "USD", Some("4321")), Status::Success));
    assert_eq!(got(6), (card(Kind::Refund, In, "9.99", "USD", Some("4321")), Status::Success));
    assert_eq!(got(7), (card(Kind::Payment, Out, "9.99", "USD", None), Status::Cancelled));
    assert_eq!(got(8), (card(Kind::Payment, Out, "4.99", "USD", None), Status::Pending));
    assert_eq!(got(9), (card(Kind::Payment, Out, "124999.00", "INR", None), Status::Success), "lakh grouping");
    let declined = at(txs, 4);
    assert_eq!(declined.reference.as_deref(), Some("YTR.7QK2MX1P"));
    assert_eq!(declined.method.as_deref(), Some("Visa •••• 8812"));
    assert_eq!((stamp(declined), declined.time.precision), ("2026-03-21T07:02:00-07:00".into(), Precision::Minute));
    assert_eq!(stamp(at(txs, 9)), "2026-03-01T08:00:00-08:00", "before the switch to summer time");
}

#[test]
fn a_declined_google_pay_payment_is_a_failure_with_its_cause() {
    let ing = load_clean(GOOGLE, Some("America/Los_Angeles"), "google-pay", 8);
    let failed: Vec<&Transaction> = ing.transactions.iter().filter(|t| t.status == Status::Failed).collect();
    let [declined] = failed.as_slice() else { panic!("one failure: {failed:?}") };
    let failure = declined.failure.as_ref().expect("the failure is kept");
    // The export gives no reason beyond the word: the cause is unknown, the raw text kept.
    assert_eq!((failure.code.as_deref(), failure.message.as_deref()), (None, Some("Declined")));
    assert_eq!(classify(failure), Cause::Unknown);
    // The retry three minutes later with another card went through.
    let retry = at(&ing.transactions, 3);
    assert_eq!(
        (retry.status, retry.money.amount, retry.card_last4.as_deref()),
        (Status::Success, dec("13.99"), Some("4321"))
    );
}

#[test]
fn google_pay_times_that_name_their_zone_keep_it() {
    let text = "Time,Transaction ID,Description,Product,Payment method,Status,Amount\n\
                \"Jan 5, 2024, 3:04:05 PM PST\",GPY.1,Google One,Google One,Visa •••• 1234,Complete,USD 15.87\n\
                2024-01-06T09:00:00+01:00,GPY.2,Google One,Google One,Visa •••• 1234,Complete,EUR 1.99\n";
    let parsed = parse_text(text, "google-pay");
    let stamps: Vec<(String, Precision)> = parsed.transactions.iter().map(|t| (stamp(t), t.time.precision)).collect();
    assert_eq!(
        stamps,
        [
            ("2024-01-05T15:04:05-08:00".into(), Precision::Second),
            ("2024-01-06T09:00:00+01:00".into(), Precision::Second)
        ]
    );
}

#[test]
fn wise_rows_with_running_balances_in_utc() {
    let ing = load_clean(WISE_2026, None, "wise", 6);
    let txs = &ing.transactions;
    assert!(
        txs.iter().all(|t| t.side == Side::Wallet && t.provider.as_deref() == Some("wise") && t.card_last4.is_none())
    );
    use Direction::{In, Out};
    let usd =
        |kind, direction, amount, balance| want(kind, direction, amount, "USD", None, Some(balance), Some("wise"));
    assert_eq!(seen(at(txs, 6)), usd(Kind::TopUp, In, "250.00", "1490.00"));
    assert_eq!(seen(at(txs, 5)), usd(Kind::Payment, Out, "42.80", "1447.20"));
    assert_eq!(seen(at(txs, 4)), usd(Kind::Transfer, Out, "100.00", "1347.20"));
    assert_eq!(seen(at(txs, 3)), usd(Kind::Transfer, Out, "60.00", "1287.20"));
    assert_eq!(seen(at(txs, 7)), usd(Kind::Transfer, In, "1240.00", "1240.00"), "a payer who is not the holder");
    let top_up = at(txs, 6);
    assert_eq!(top_up.reference.as_deref(), Some("TRANSFER-1938274650"));
    assert_eq!((stamp(top_up), top_up.time.precision), ("2026-03-05T17:15:02.118+00:00".into(), Precision::Second));
    // The conversion keeps what the statement prints of the other side; no rate is worked out.
    let converted = at(txs, 4).description.as_deref().unwrap_or_default();
    assert!(converted.contains("exchange USD to EUR, 91.32 EUR at 0.91840"), "{converted}");
    let abroad = at(txs, 2);
    assert_eq!(
        (abroad.method.as_deref(), abroad.counterparty.as_deref()),
        (Some("Wise card 7781"), Some("Pret A Manger LONDON"))
    );
}

#[test]
fn older_wise_statements_without_date_time_and_with_fee_rows() {
    let ing = load_clean(WISE_2019, None, "wise", 8);
    let txs = &ing.transactions;
    assert!(txs.iter().all(|t| t.time.precision == Precision::Day && t.money.currency == "EUR"));
    assert_eq!(stamp(at(txs, 2)), "2019-02-26T00:00:00+00:00");
    let kinds: Vec<(usize, Kind, Direction)> = txs.iter().map(|t| (t.source.line, t.kind, t.direction)).collect();
    use Direction::{In, Out};
    assert_eq!(
        kinds,
        [
            (2, Kind::Transfer, Out),
            (3, Kind::Payment, Out),
            (4, Kind::Transfer, Out),
            (5, Kind::Fee, Out),
            (6, Kind::Payment, Out),
            (7, Kind::Fee, Out),
            // Money the holder (the name on the card rows) sent themselves tops the balance up.
            (8, Kind::TopUp, In),
            (9, Kind::Transfer, In),
        ]
    );
    // The fee row shares its transfer's id and is counted once, as a fee of its own.
    assert_eq!((at(txs, 7).reference.as_deref(), at(txs, 7).money.amount), (Some("CARD-8812004"), dec("0.35")));
    assert_eq!(at(txs, 8).counterparty.as_deref(), Some("Avery Quinn"));
}

fn wallet_audit() -> Command {
    let mut cmd = Command::cargo_bin("wallet-audit").expect("binary");
    cmd.env_remove("COLUMNS");
    cmd
}

fn report(dir: &Path) -> Value {
    let out = wallet_audit().arg("check").arg(dir).args(["--format", "json", "--exit-zero"]).output().expect("runs");
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    serde_json::from_slice(&out.stdout).expect("JSON report")
}

fn codes(r: &Value) -> Vec<&str> {
    r["findings"].as_array().expect("findings").iter().filter_map(|f| f["code"].as_str()).collect()
}

/// A folder holding `files`, each a fixture as it is or edited by `(from, to)` replacements.
fn folder(files: &[(&str, &[(&str, &str)])]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    for (name, edits) in files {
        let mut text = std::fs::read_to_string(fixture(name)).expect("fixture");
        for (from, to) in *edits {
            assert!(text.contains(from), "{name}: {from}");
            text = text.replacen(from, to, 1);
        }
        std::fs::write(dir.path().join(name), text).expect("written");
    }
    dir
}

#[test]
fn a_wise_top_up_paid_with_the_apple_card_reconciles_with_its_card_row() {
    let dir = folder(&[(APPLE, &[]), (WISE_2026, &[])]);
    let r = report(dir.path());
    assert_eq!(r["summary"]["top_ups"]["succeeded"], 1);
    assert_eq!(codes(&r), Vec::<&str>::new(), "{:#}", r["findings"]);
    let inputs: Vec<(&str, &str)> = r["inputs"]
        .as_array()
        .expect("inputs")
        .iter()
        .filter_map(|i| Some((i["format"].as_str()?, i["side"].as_str()?)))
        .collect();
    assert_eq!(inputs, [("apple-card", "bank"), ("wise", "wallet")]);
    // Without the card's row, the same top-up has no debit on a statement that covers it.
    let wise_row = "03/05/2026,03/06/2026,\"WISE US INC WISE.COM NEW YORK 10005 NY USA\",Wise,Other,Purchase,250.00,Avery Quinn\r\n";
    let dir = folder(&[(APPLE, &[(wise_row, "")]), (WISE_2026, &[])]);
    assert_eq!(codes(&report(dir.path())), ["R004"]);
}

#[test]
fn a_bad_row_of_each_format_is_a_d001_naming_file_and_line() {
    let dir = folder(&[
        (APPLE, &[("03/07/2026,03/08/2026,", "07/03/26,03/08/2026,")]),
        (GOOGLE, &[(",Canceled,", ",Disputed,")]),
        (WISE_2019, &[("-9.60,EUR", "-9,60,EUR")]),
    ]);
    let r = report(dir.path());
    let d001: Vec<&Value> =
        r["findings"].as_array().expect("findings").iter().filter(|f| f["code"] == "D001").collect();
    let mut cited: Vec<(String, u64)> = d001
        .iter()
        .flat_map(|f| f["evidence"].as_array().into_iter().flatten())
        .filter_map(|e| Some((Path::new(e["path"].as_str()?).file_name()?.to_str()?.to_string(), e["line"].as_u64()?)))
        .collect();
    cited.sort();
    assert_eq!(cited, [(APPLE.into(), 8), (GOOGLE.into(), 7), (WISE_2019.into(), 3)]);
    let messages: Vec<&str> = d001.iter().filter_map(|f| f["message"].as_str()).collect();
    assert!(messages.iter().any(|m| m.contains("MM/DD/YYYY")), "{messages:?}");
    assert!(messages.iter().any(|m| m.contains("\"Disputed\"")), "{messages:?}");
    let rows: Vec<(u64, u64)> = r["inputs"]
        .as_array()
        .expect("inputs")
        .iter()
        .filter_map(|i| Some((i["rows"].as_u64()?, i["rejected"].as_u64()?)))
        .collect();
    assert_eq!(rows, [(10, 1), (8, 1), (8, 1)], "every row counted, the bad one rejected");
}

#[test]
fn google_charges_on_the_apple_card_are_the_debits_of_google_pay_rows() {
    // Google bills a balance top-up, like every charge of its own, as `GOOGLE *…` on the card.
    let play_row = "03/14/2026,03/15/2026,\"GOOGLE *Google Play g.co/helppay# CA USA\",Google Play,Other,Purchase,25.00,Avery Quinn\r\n";
    let one_row = "03/18/2026,03/19/2026,\"GOOGLE *Google One";
    let dir = folder(&[
        (APPLE, &[(one_row, &format!("{play_row}{one_row}"))]),
        // The Google One charge, on the day the card shows it.
        (GOOGLE, &[("\"Mar 28, 2026, 9:41 PM\"", "\"Mar 18, 2026, 9:41 PM\"")]),
    ]);
    let r = report(dir.path());
    assert_eq!(r["summary"]["top_ups"]["succeeded"], 1);
    assert_eq!(codes(&r), Vec::<&str>::new(), "no R004 for the top-up, no R003 for Google One: {:#}", r["findings"]);
    // Without the card's row the top-up has no debit on a statement that covers it.
    let dir = folder(&[(APPLE, &[]), (GOOGLE, &[("\"Mar 28, 2026, 9:41 PM\"", "\"Mar 18, 2026, 9:41 PM\"")])]);
    assert_eq!(codes(&report(dir.path())), ["R004"]);
}

#[test]
fn apple_cards_csv_and_ofx_of_one_month_are_one_account_counted_once() {
    // The same two card rows in both exports; a PayPal card deposit paid with the card.
    let dir = fixture("apple-card-both");
    let out = Command::cargo_bin("wallet-audit")
        .unwrap()
        .arg("check")
        .arg(&dir)
        .args(["--format", "json", "--exit-zero"])
        .timeout(std::time::Duration::from_secs(60))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    let codes: Vec<&str> = report["findings"].as_array().unwrap().iter().filter_map(|f| f["code"].as_str()).collect();
    assert_eq!(codes, vec!["D004"], "the overlap is said, the top-up is debited once: {codes:?}");
    let inputs = report["inputs"].as_array().unwrap();
    let card: Vec<&Value> = inputs.iter().filter(|i| i["format"] != "paypal").collect();
    assert_eq!(card.len(), 2);
    for i in &card {
        assert_eq!(i["account"], "apple-card", "{i}");
        let (rows, kept, dup) = (i["rows"].as_u64(), i["transactions"].as_u64(), i["duplicates"].as_u64());
        assert_eq!(rows.zip(kept).zip(dup).map(|((r, k), d)| r - k - d), Some(0), "{i}");
    }
    let ofx = card.iter().find(|i| i["format"] == "ofx").unwrap();
    assert_eq!((ofx["transactions"].as_u64(), ofx["duplicates"].as_u64()), (Some(0), Some(2)));
}
