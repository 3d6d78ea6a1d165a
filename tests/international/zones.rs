//! One rule for the zone of a naive time in every international export: a zone the row prints
//! wins; else the user's `--tz` (or the config's `timezone`), whatever zone it is (`+08:00`
//! included, though it is also the built-in default); else the zone the adapter documents for
//! that export (Revolut London, Apple Card Pacific, Google Pay, Wise, OFX, CAMT.053 and MT940
//! UTC). Checked through `normalize`, as a user sees the times.

use assert_cmd::Command;
use serde_json::Value;

const DIR: &str = "tests/fixtures/ingest/international/";

/// The time `normalize` gives the row of physical line `line` of `file`, with `args` added.
fn time_of(file: &str, line: u64, args: &[&str]) -> String {
    let out = Command::cargo_bin("wallet-audit")
        .expect("binary")
        .args(["normalize", "--format", "json"])
        .arg(format!("{DIR}{file}"))
        .args(args)
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(0), "{file}: {}", String::from_utf8_lossy(&out.stderr));
    let ledger: Value = serde_json::from_slice(&out.stdout).expect("JSON ledger");
    let rows = ledger["rows"].as_array().expect("rows");
    let row = rows.iter().find(|r| r["line"] == line).unwrap_or_else(|| panic!("{file}: no row from line {line}"));
    row["time"].as_str().expect("a time").to_string()
}

#[test]
fn tz_changes_a_naive_revolut_time_and_london_is_read_without_it() {
    // `TOPUP,Current,2026-03-20 09:14:03,…`: London is on GMT until 29 March.
    assert_eq!(time_of("revolut-2021.csv", 2, &[]), "2026-03-20T09:14:03+00:00");
    // An explicit +08:00 is the user's, not the built-in default that Revolut does not use.
    assert_eq!(time_of("revolut-2021.csv", 2, &["--tz", "+08:00"]), "2026-03-20T09:14:03+08:00");
    assert_eq!(time_of("revolut-2021.csv", 2, &["--tz", "Europe/Paris"]), "2026-03-20T09:14:03+01:00");
}

#[test]
fn tz_changes_an_apple_card_day_and_pacific_days_are_read_without_it() {
    assert_eq!(time_of("apple-card-2026-03.csv", 11, &[]), "2026-03-02T00:00:00-08:00");
    assert_eq!(time_of("apple-card-2026-03.csv", 11, &["--tz", "America/New_York"]), "2026-03-02T00:00:00-05:00");
    assert_eq!(time_of("apple-card-2026-03.csv", 11, &["--tz", "+08:00"]), "2026-03-02T00:00:00+08:00");
}

#[test]
fn the_config_timezone_is_the_users_zone_too() {
    let dir = tempfile::tempdir().expect("temp dir");
    let config = dir.path().join("wallet-audit.toml");
    std::fs::write(&config, "timezone = \"+08:00\"\n").expect("config written");
    let config = config.to_str().expect("utf-8 path");
    assert_eq!(time_of("revolut-2021.csv", 2, &["--config", config]), "2026-03-20T09:14:03+08:00");
}

#[test]
fn every_other_naive_export_follows_tz_and_else_its_documented_zone() {
    for (file, line, documented, with_tz) in [
        ("google-pay-transactions.csv", 9, "2026-03-01T08:00:00+00:00", "2026-03-01T08:00:00-08:00"),
        ("wise-statement-usd-2026.csv", 7, "2026-02-24T09:30:11+00:00", "2026-02-24T09:30:11-08:00"),
        ("camt053-001.02.xml", 31, "2024-02-02T00:00:00+00:00", "2024-02-02T00:00:00-08:00"),
        ("mt940-bare.sta", 5, "2026-02-02T00:00:00+00:00", "2026-02-02T00:00:00-08:00"),
    ] {
        assert_eq!(time_of(file, line, &[]), documented, "{file} without --tz");
        assert_eq!(time_of(file, line, &["--tz", "America/Los_Angeles"]), with_tz, "{file} with --tz");
    }
    // A zone the row prints wins over --tz: OFX's `[-5:EST]` bracket.
    let printed = "2024-01-05T12:00:00-05:00";
    assert_eq!(time_of("ofx-sgml-checking.ofx", 44, &["--tz", "Asia/Tokyo"]), printed);
}
