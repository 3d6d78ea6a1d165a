//! PayPal (activity download in English and German, statement CSV in French) and Revolut (the
//! 2021+ statement and the older `;` layout), on fixtures in their real layouts with invented
//! values (tests/fixtures/ingest/international, written by make_paypal_revolut.py): each claimed
//! by its own adapter only, every row accounted for, each row's own zone, kinds, statuses,
//! amounts and currencies, PayPal's `Reference Txn ID` links, a declined Revolut top-up
//! classified as a failure, bad rows as D001 with file and line, and a PayPal card deposit and
//! bank deposit reconciled against an HSBC statement's debits by the real binary.

use assert_cmd::Command;
use rust_decimal::Decimal;
use serde_json::Value;
use std::path::PathBuf;
use std::str::FromStr;
use wallet_audit::ingest::{self, IngestOptions, Ingested, SourceText, claims};
use wallet_audit::model::{CHINA_ZONE, Direction, Kind, Status, Transaction, parse_zone};

fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/ingest/international").join(name)
}

fn dec(s: &str) -> Decimal {
    Decimal::from_str(s).expect("decimal literal")
}

/// Loads a fixture with the default options (no `--tz`), every row a transaction.
fn load_clean(name: &str, format: &str, rows: usize) -> Ingested {
    let opts = IngestOptions { zone: CHINA_ZONE.into(), zone_given: false, mapping: None };
    let ing = ingest::load(&[fixture(name)], &opts).expect("fixture loads");
    let reasons: Vec<&str> = ing.rejected.iter().map(|r| r.reason.as_str()).collect();
    let [input] = ing.inputs.as_slice() else { panic!("one input, got {}", ing.inputs.len()) };
    assert_eq!((input.format.as_str(), input.account.as_str()), (format, format), "{name}");
    assert_eq!((input.rows, input.transactions, input.rejected), (rows, rows, 0), "{name}: {reasons:?}");
    assert!(ing.transactions.iter().all(|t| t.provider.as_deref() == Some(format)), "{name}: provider");
    ing
}

fn at(ing: &Ingested, line: usize) -> &Transaction {
    ing.transactions.iter().find(|t| t.source.line == line).unwrap_or_else(|| panic!("no row from line {line}"))
}

/// What a user checks of a wallet row: kind, direction, status, amount, currency, time.
fn seen(t: &Transaction) -> (Kind, Direction, Status, Decimal, &str, String) {
    (t.kind, t.direction, t.status, t.money.amount, t.money.currency.as_str(), t.time.at.to_rfc3339())
}

#[test]
fn each_export_is_claimed_by_its_own_adapter_only() {
    for (file, format) in [
        ("paypal-activity-en.csv", "paypal"),
        ("paypal-activity-de.csv", "paypal"),
        ("paypal-statement-fr.csv", "paypal"),
        ("revolut-2021.csv", "revolut"),
        ("revolut-legacy-eur.csv", "revolut"),
    ] {
        let bytes = std::fs::read(fixture(file)).expect("fixture");
        let claimed: Vec<(String, usize)> = claims(&SourceText::from_bytes(file, &bytes))
            .iter()
            .map(|(a, line)| (a.name().to_string(), *line))
            .collect();
        assert_eq!(claimed, [(format.to_string(), 0)], "{file}");
    }
}

#[test]
fn paypal_english_activity_rows_in_their_own_zones() {
    let ing = load_clean("paypal-activity-en.csv", "paypal", 14);
    use {Direction::*, Kind::*, Status::*};
    // Month-first dates (a US export); PST until 8 March 2026, PDT after.
    assert_eq!(seen(at(&ing, 2)), (Payment, Out, Success, dec("42.50"), "USD", "2026-03-02T09:15:02-08:00".into()));
    assert_eq!(seen(at(&ing, 3)).0, Other, "a shopping-cart memo row moves nothing");
    assert_eq!(at(&ing, 3).direction, Neutral);
    assert_eq!(seen(at(&ing, 4)), (TopUp, In, Success, dec("42.50"), "USD", "2026-03-02T09:15:02-08:00".into()));
    assert_eq!(seen(at(&ing, 5)), (TopUp, In, Success, dec("100.00"), "USD", "2026-03-07T18:40:11-08:00".into()));
    assert_eq!(seen(at(&ing, 6)), (Income, In, Success, dec("84.00"), "USD", "2026-03-10T08:05:44-07:00".into()));
    assert_eq!(at(&ing, 6).fee, Some(dec("2.74")), "PayPal kept its fee out of the money received");
    assert_eq!(at(&ing, 6).balance, Some(dec("181.26")));
    // A conversion: both currencies' rows, as printed, each with its own currency's balance.
    assert_eq!(seen(at(&ing, 9)), (Other, In, Success, dec("25.00"), "EUR", "2026-03-20T14:22:07-07:00".into()));
    assert_eq!((at(&ing, 9).balance, at(&ing, 10).balance), (Some(dec("0.00")), Some(dec("123.91"))));
    assert_eq!((at(&ing, 10).money.currency.as_str(), at(&ing, 10).direction), ("USD", Out));
    assert_eq!(at(&ing, 11).status, Pending);
    assert_eq!((at(&ing, 12).kind, at(&ing, 12).status), (TopUp, Failed), "a denied bank deposit is a failed top-up");
    assert_eq!(at(&ing, 13).status, Cancelled, "a reversed payment is no success");
    assert_eq!(seen(at(&ing, 14)).0, Refund);
    assert_eq!(seen(at(&ing, 15)).0, Withdrawal);
}

#[test]
fn paypal_links_a_deposit_to_the_payment_it_funded() {
    let ing = load_clean("paypal-activity-en.csv", "paypal", 14);
    let (payment, deposit) = (at(&ing, 2), at(&ing, 4));
    assert_eq!(payment.reference.as_deref(), Some("5KX01928AB3344556"));
    assert_eq!(deposit.reference.as_deref(), Some("9LM55667CD1122334"));
    assert_eq!(deposit.merchant_reference, payment.reference, "Reference Txn ID names the funded payment");
    // The payment names no card: only the deposit claims the card's debit, so it counts once.
    assert_eq!((payment.card_last4.as_deref(), payment.method.as_deref()), (None, None));
    // The conversion rows and the refund name the payment they belong to.
    assert_eq!(at(&ing, 9).merchant_reference.as_deref(), Some("3AL16180MN3398874"));
    assert_eq!(at(&ing, 10).merchant_reference.as_deref(), Some("3AL16180MN3398874"));
    assert_eq!(at(&ing, 14).merchant_reference.as_deref(), Some("8NW27182JK8182845"));
}

#[test]
fn paypal_german_activity_decimal_commas_and_summer_time() {
    let ing = load_clean("paypal-activity-de.csv", "paypal", 12);
    use {Direction::*, Kind::*, Status::*};
    assert_eq!(seen(at(&ing, 2)), (Payment, Out, Success, dec("1234.56"), "EUR", "2026-03-14T10:12:45+01:00".into()));
    assert_eq!(at(&ing, 2).balance, Some(dec("-1234.56")));
    assert_eq!(seen(at(&ing, 4)), (TopUp, In, Success, dec("1234.56"), "EUR", "2026-03-14T10:12:45+01:00".into()));
    assert_eq!(at(&ing, 4).merchant_reference.as_deref(), Some("3GF90817LK2233445"));
    // CEST after 29 March; `Allgemeine Gutschrift auf Kreditkarte` is the card deposit.
    assert_eq!(seen(at(&ing, 7)), (TopUp, In, Success, dec("15.00"), "EUR", "2026-04-02T09:30:00+02:00".into()));
    // A USD purchase paid in EUR: the USD and EUR conversion rows as printed.
    assert_eq!((at(&ing, 9).money.currency.as_str(), at(&ing, 10).money.currency.as_str()), ("USD", "EUR"));
    assert_eq!(at(&ing, 10).money.amount, dec("18.62"));
    // `Europe/Berlin` as the zone cell, `Ausstehend` pending.
    assert_eq!(seen(at(&ing, 12)), (TopUp, In, Pending, dec("25.00"), "EUR", "2026-04-08T11:11:11+02:00".into()));
    assert_eq!(seen(at(&ing, 13)).0, Refund);
}

#[test]
fn paypal_french_statement_names_the_funding_bank() {
    let ing = load_clean("paypal-statement-fr.csv", "paypal", 5);
    use {Direction::*, Kind::*, Status::*};
    let top_up = at(&ing, 3);
    assert_eq!(seen(top_up), (TopUp, In, Success, dec("10.99"), "EUR", "2026-01-07T08:29:44+01:00".into()));
    assert_eq!(
        (top_up.card_last4.as_deref(), top_up.method.as_deref()),
        (Some("7303"), Some("Banque Exemple du Nord (7303)"))
    );
    assert_eq!(top_up.merchant_reference, at(&ing, 2).reference);
    assert_eq!(seen(at(&ing, 4)), (Income, In, Success, dec("1250.00"), "EUR", "2026-01-15T19:45:00+01:00".into()));
    assert_eq!((at(&ing, 4).fee, at(&ing, 4).balance), (Some(dec("36.55")), Some(dec("1213.45"))));
    assert_eq!((at(&ing, 5).kind, at(&ing, 5).card_last4.as_deref()), (Withdrawal, Some("7303")));
}

#[test]
fn revolut_2021_rows_states_and_london_time() {
    let ing = load_clean("revolut-2021.csv", "revolut", 13);
    use {Direction::*, Kind::*, Status::*};
    let top_up = at(&ing, 2);
    assert_eq!(seen(top_up), (TopUp, In, Success, dec("200.00"), "EUR", "2026-03-20T09:14:03+00:00".into()));
    assert_eq!((top_up.card_last4.as_deref(), top_up.balance), (Some("4821"), Some(dec("200.00"))));
    let declined = at(&ing, 4);
    assert_eq!((declined.kind, declined.status, declined.balance), (TopUp, Failed, None));
    assert_eq!(declined.failure.as_ref().and_then(|f| f.code.as_deref()), Some("DECLINED"));
    assert_eq!(at(&ing, 5).status, Failed);
    // British Summer Time from 29 March: +01:00.
    assert_eq!(seen(at(&ing, 7)), (Other, In, Success, dec("43.10"), "GBP", "2026-03-30T10:00:00+01:00".into()));
    assert_eq!(seen(at(&ing, 9)), (TopUp, In, Success, dec("150.00"), "GBP", "2026-04-03T08:00:00+01:00".into()));
    assert_eq!(at(&ing, 10).status, Pending);
    assert_eq!((at(&ing, 11).kind, at(&ing, 11).status), (TopUp, Cancelled), "REVERTED is a reversal, not a success");
    assert_eq!(seen(at(&ing, 12)).0, Refund);
    assert_eq!(seen(at(&ing, 13)).0, Fee);
    assert_eq!((at(&ing, 14).fee, at(&ing, 14).balance), (Some(dec("0.35")), Some(dec("129.66"))));
}

#[test]
fn revolut_times_follow_tz_when_given() {
    let opts = IngestOptions { zone: parse_zone("Europe/Paris").expect("zone"), zone_given: true, mapping: None };
    let ing = ingest::load(&[fixture("revolut-2021.csv")], &opts).expect("loads");
    assert_eq!(at(&ing, 2).time.at.to_rfc3339(), "2026-03-20T09:14:03+01:00");
}

#[test]
fn revolut_legacy_layout_currency_from_the_header() {
    let ing = load_clean("revolut-legacy-eur.csv", "revolut", 6);
    use {Direction::*, Kind::*, Status::*};
    assert_eq!(seen(at(&ing, 2)), (Fee, Out, Success, dec("7.99"), "EUR", "2019-04-02T00:00:00+01:00".into()));
    let top_up = at(&ing, 5);
    assert_eq!(seen(top_up), (TopUp, In, Success, dec("150.00"), "EUR", "2019-03-25T00:00:00+00:00".into()));
    assert_eq!((top_up.card_last4.as_deref(), top_up.balance), (Some("4821"), Some(dec("191.08"))));
    assert!(at(&ing, 3).description.as_deref().is_some_and(|d| d.contains("GBP 43.10")), "the exchange's other side");
    assert_eq!(at(&ing, 4).kind, Transfer);
    assert_eq!(at(&ing, 7).kind, TopUp, "a bank transfer in");
}

fn check_json(args: &[&str]) -> Value {
    let out = Command::cargo_bin("wallet-audit").expect("binary").args(args).output().expect("runs");
    serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&out.stderr)))
}

fn codes(report: &Value) -> Vec<String> {
    let findings = report["findings"].as_array().expect("findings");
    findings.iter().map(|f| f["code"].as_str().unwrap_or_default().to_string()).collect()
}

#[test]
fn bad_rows_are_d001_with_file_and_line() {
    let dir = fixture("");
    let (paypal, revolut) = (dir.join("paypal-bad-rows.csv"), dir.join("revolut-bad-rows.csv"));
    let report = check_json(&["check", &paypal.to_string_lossy(), &revolut.to_string_lossy(), "--format", "json"]);
    let mut cited: Vec<(String, u64)> = report["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .filter(|f| f["code"] == "D001")
        .flat_map(|f| f["evidence"].as_array().cloned().unwrap_or_default())
        .map(|e| {
            (
                e["path"].as_str().unwrap_or_default().rsplit('/').next().unwrap_or_default().to_string(),
                e["line"].as_u64().unwrap_or(0),
            )
        })
        .collect();
    cited.sort();
    let want = [
        ("paypal-bad-rows.csv", 3),
        ("paypal-bad-rows.csv", 4),
        ("revolut-bad-rows.csv", 3),
        ("revolut-bad-rows.csv", 4),
    ];
    assert_eq!(cited, want.map(|(p, l)| (p.to_string(), l)));
    let inputs = report["inputs"].as_array().expect("inputs");
    assert!(inputs.iter().all(|i| i["rows"] == 3 && i["rejected"] == 2), "{inputs:?}");
}

#[test]
fn a_declined_revolut_top_up_is_a_failure() {
    let report = check_json(&["check", &fixture("revolut-2021.csv").to_string_lossy(), "--format", "json"]);
    let failures: Vec<&Value> = report["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .filter(|f| f["code"].as_str().is_some_and(|c| c.starts_with('F')))
        .collect();
    let lines: Vec<u64> = failures
        .iter()
        .flat_map(|f| f["evidence"].as_array().cloned().unwrap_or_default())
        .filter_map(|e| e["line"].as_u64())
        .collect();
    assert_eq!(lines, [4, 5], "the DECLINED and FAILED top-ups, and not the REVERTED one");
    assert_eq!(report["summary"]["top_ups"]["failed"], 2);
}

#[test]
fn paypal_top_ups_reconcile_with_the_bank_debits_once() {
    let report = check_json(&["check", &fixture("paypal-hsbc").to_string_lossy(), "--format", "json"]);
    let found = codes(&report);
    // Both PayPal debits on the HSBC statement are the card and bank deposits: no orphan debit
    // (R003), no deposit without its debit (R004), no duplicate (R002), nothing unreadable.
    assert!(found.iter().all(|c| !c.starts_with('R') && !c.starts_with('D')), "{found:?}");
    // The one finding left is true: the denied bank deposit (a failed top-up, cause unknown).
    assert_eq!(found, ["F010"]);
    let top_ups = &report["summary"]["top_ups"];
    assert_eq!(
        (top_ups["attempted"].as_u64(), top_ups["succeeded"].as_u64(), top_ups["failed"].as_u64()),
        (Some(3), Some(2), Some(1))
    );
    let inputs = report["inputs"].as_array().expect("inputs");
    assert!(inputs.iter().all(|i| i["rejected"] == 0), "{inputs:?}");
}

#[test]
fn uk_headers_in_their_own_letter_case_and_the_amount_fees_total_layout_are_paypal() {
    // `Time zone` (not TimeZone) and `Bank account`; the newer Amount/Fees/Total activity
    // layout, which the attempts log also claims.
    for name in ["paypal-activity-uk-total.csv", "paypal-statement-uk-lower.csv"] {
        let ing = load_clean(name, "paypal", 2);
        let out = ing.transactions.iter().find(|t| t.direction == Direction::Out).expect("the payment");
        let top_up = ing.transactions.iter().find(|t| t.kind == Kind::TopUp).expect("the bank deposit");
        assert_eq!((out.money.currency.as_str(), out.money.amount), ("GBP", top_up.money.amount), "{name}");
        assert_eq!(top_up.time.at.offset().local_minus_utc(), 0, "{name}: GMT");
    }
    let ing = load_clean("paypal-statement-uk-lower.csv", "paypal", 2);
    let top_up = ing.transactions.iter().find(|t| t.kind == Kind::TopUp).unwrap();
    assert_eq!(top_up.card_last4.as_deref(), Some("7731"), "the Bank account cell names the bank account");
}
