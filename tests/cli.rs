//! The real binary on the bundled samples and on bad input: exit codes, the JSON contract,
//! the table a user sees, and the other subcommands.

use assert_cmd::Command;
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};

fn wallet_audit() -> Command {
    let mut cmd = Command::cargo_bin("wallet-audit").unwrap();
    cmd.env_remove("COLUMNS");
    cmd
}

fn json_report(args: &[&str]) -> Value {
    let out = wallet_audit().args(["check", "samples", "--format", "json"]).args(args).output().unwrap();
    assert!(out.status.code().is_some_and(|c| c < 2), "{}", String::from_utf8_lossy(&out.stderr));
    serde_json::from_slice(&out.stdout).unwrap()
}

const ALL_CODES: [&str; 36] = [
    "R001", "R002", "R003", "R004", "R005", "R006", "R007", "F001", "F002", "F003", "F004", "F005", "F006", "F007",
    "F008", "F009", "F010", "D001", "D002", "D003", "D004", "P001", "P002", "P003", "P004", "P005", "P006", "P007",
    "S001", "S002", "S003", "S004", "S005", "S006", "S007", "S008",
];

#[test]
fn samples_trigger_every_code_and_fail_on_high_by_default() {
    let out = wallet_audit().args(["check", "samples/", "--format", "json"]).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
    for f in report["findings"].as_array().unwrap() {
        *counts.entry(f["code"].as_str().unwrap()).or_default() += 1;
    }
    // Every code once (samples/README.md lists them), except two F groups with a second card:
    // F002 on the CCB card of P003, F008 on the CMB card of the P002 outage.
    let mut expected: BTreeMap<&str, usize> = ALL_CODES.into_iter().map(|c| (c, 1)).collect();
    expected.insert("F002", 2);
    expected.insert("F008", 2);
    assert_eq!(counts, expected);
}

#[test]
fn json_follows_the_contract() {
    let r = json_report(&[]);
    assert_eq!(r["schema_version"], 1);
    assert_eq!(r["tool"]["name"], "wallet-audit");
    assert_eq!(r["tool"]["version"], env!("CARGO_PKG_VERSION"));
    let inputs = r["inputs"].as_array().unwrap();
    assert_eq!(inputs.len(), 6);
    for input in inputs {
        for key in ["path", "format", "side", "account", "rows", "rejected", "coverage"] {
            assert!(input.get(key).is_some(), "input lacks {key}: {input}");
        }
        let n = |k: &str| input[k].as_u64().unwrap();
        assert_eq!(n("rows"), n("transactions") + n("duplicates") + n("rejected"), "{input}");
        assert!(input["coverage"]["from"].as_str().unwrap().ends_with("+08:00"));
    }
    let icbc = inputs.iter().find(|i| i["path"] == "samples/icbc-4321-2026-09.csv").unwrap();
    assert_eq!(
        (icbc["format"].as_str(), icbc["side"].as_str(), icbc["account"].as_str()),
        (Some("icbc-debit"), Some("bank"), Some("icbc:4321"))
    );
    let summary = &r["summary"];
    assert_eq!(summary["top_ups"]["attempted"], 77);
    assert_eq!(summary["top_ups"]["succeeded"], 33);
    assert_eq!(summary["top_ups"]["failed"], 43);
    assert_eq!(summary["top_ups"]["pending"], 1);
    assert_eq!(summary["top_ups"]["cancelled"], 0);
    assert_eq!(
        summary["unchecked"],
        serde_json::json!({"top_ups_without_statement": 10, "debits_outside_wallet_exports": 0})
    );
    assert_eq!(summary["at_risk"], serde_json::json!([{"currency": "CNY", "amount": "2506.00"}]));
    let findings = r["findings"].as_array().unwrap();
    let counted: u64 =
        ["critical", "high", "medium", "low", "info"].iter().map(|s| summary["findings"][s].as_u64().unwrap()).sum();
    assert_eq!(counted as usize, findings.len());
    let rank = |s: &str| ["info", "low", "medium", "high", "critical"].iter().position(|x| *x == s).unwrap();
    let ranks: Vec<usize> = findings.iter().map(|f| rank(f["severity"].as_str().unwrap())).collect();
    assert!(ranks.windows(2).all(|w| w[0] >= w[1]), "findings sorted by severity");
    for f in findings {
        for key in [
            "id", "code", "slug", "severity", "title", "message", "start", "end", "account", "amount", "currency",
            "cause", "evidence", "advice",
        ] {
            assert!(f.get(key).is_some(), "finding lacks {key}: {f}");
        }
        let id = f["id"].as_str().unwrap();
        let code = f["code"].as_str().unwrap();
        assert!(id.starts_with(&format!("{code}-")) && id.len() == 13, "{id}");
        assert!(f["amount"].is_null() || f["amount"].is_string());
        assert!(!f["advice"].as_array().unwrap().is_empty(), "{code} has advice");
        for e in f["evidence"].as_array().unwrap() {
            assert!(e["line"].as_u64().unwrap() >= 1);
            assert!(e["path"].as_str().unwrap().starts_with("samples/"));
        }
    }
    let r001 = findings.iter().find(|f| f["code"] == "R001").unwrap();
    assert_eq!(r001["severity"], "critical");
    assert_eq!(r001["amount"], "500.00");
    assert_eq!(r001["currency"], "CNY");
    assert_eq!(r001["account"], "icbc:4321");
    assert_eq!(r001["cause"], "network");
    assert_eq!(r001["start"], "2026-09-18T21:05:10+08:00");
    let lines: Vec<(String, u64)> = r001["evidence"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| (e["path"].as_str().unwrap().to_string(), e["line"].as_u64().unwrap()))
        .collect();
    assert_eq!(
        lines,
        vec![("samples/attempts.csv".to_string(), 15), ("samples/icbc-4321-2026-09.csv".to_string(), 34)]
    );
}

#[test]
fn same_inputs_give_the_same_report_byte_for_byte_and_ids_survive_moving_files() {
    let first = wallet_audit().args(["check", "samples", "--format", "json"]).output().unwrap().stdout;
    let second = wallet_audit().args(["check", "samples", "--format", "json"]).output().unwrap().stdout;
    assert_eq!(first, second);
    let dir = tempfile::tempdir().unwrap();
    for entry in std::fs::read_dir("samples").unwrap() {
        let path = entry.unwrap().path();
        std::fs::copy(&path, dir.path().join(path.file_name().unwrap())).unwrap();
    }
    let moved = wallet_audit().arg("check").arg(dir.path()).args(["--format", "json"]).output().unwrap().stdout;
    let ids = |bytes: &[u8]| -> BTreeSet<String> {
        let v: Value = serde_json::from_slice(bytes).unwrap();
        v["findings"].as_array().unwrap().iter().map(|f| f["id"].as_str().unwrap().to_string()).collect()
    };
    assert_eq!(ids(&first), ids(&moved));
}

#[test]
fn jsonl_is_one_finding_per_line() {
    let full = json_report(&[]);
    let out = wallet_audit().args(["check", "samples", "--format", "jsonl"]).output().unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    let lines: Vec<Value> = text.lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert_eq!(lines, *full["findings"].as_array().unwrap());
}

#[test]
fn table_at_a_fixed_width() {
    let out = wallet_audit().args(["check", "samples", "--width", "160", "--color", "never"]).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    insta::assert_snapshot!("samples_table", String::from_utf8(out.stdout).unwrap());
}

#[test]
fn narrow_terminals_get_a_compact_table() {
    let out = wallet_audit().args(["check", "samples", "--width", "80", "--select", "R001,F001"]).output().unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.lines().all(|l| l.chars().count() <= 80 || !l.starts_with('│')), "rows fit 80 columns");
    insta::assert_snapshot!("samples_table_80", text);
}

#[test]
fn chinese_output() {
    let r = json_report(&["--lang", "zh", "--select", "R001"]);
    let f = &r["findings"][0];
    assert_eq!(f["title"], "银行已扣款 500.00 CNY，但钱包未到账");
    assert!(f["advice"][0].as_str().unwrap().starts_with("请致电微信支付客服（95017）"), "{f}");
    let out = wallet_audit()
        .args(["check", "samples", "--lang", "zh", "--select", "R001", "--width", "200"])
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("风险金额：500.00 CNY") && text.contains("│ 严重 ┆ R001"), "{text}");
}

#[test]
fn fail_on_exit_zero_select_and_ignore() {
    let code = |args: &[&str]| wallet_audit().args(["check", "samples"]).args(args).output().unwrap().status.code();
    assert_eq!(code(&["--exit-zero"]), Some(0));
    assert_eq!(code(&["--fail-on", "critical"]), Some(1));
    assert_eq!(code(&["--select", "F001,F007"]), Some(0), "low findings do not fail at --fail-on high");
    assert_eq!(code(&["--select", "F001", "--fail-on", "low"]), Some(1));
    assert_eq!(code(&["--ignore", "R,F,D003,P,S"]), Some(0));
    let codes = |args: &[&str]| -> BTreeSet<String> {
        let r = json_report(args);
        r["findings"].as_array().unwrap().iter().map(|f| f["code"].as_str().unwrap().to_string()).collect()
    };
    assert_eq!(codes(&["--ignore", "F", "--select", "F002"]), BTreeSet::from(["F002".to_string()]));
    let r_and_f = codes(&["--select", "R,F", "--ignore", "F00"]);
    assert!(
        r_and_f.contains("R001") && r_and_f.contains("F010") && !r_and_f.contains("F001") && !r_and_f.contains("D001")
    );
}

#[test]
fn windows_are_judged_against_the_data_or_now() {
    let codes_at = |now: &str| -> Vec<String> {
        let r = json_report(&["--select", "R001,R005", "--now", now]);
        r["findings"].as_array().unwrap().iter().map(|f| f["code"].as_str().unwrap().to_string()).collect()
    };
    assert_eq!(codes_at("2026-09-20 12:00"), vec!["R005", "R005"]);
    assert_eq!(codes_at("2026-12-31 12:00"), vec!["R001", "R005"], "the 10-29 debit's window runs past the statement");
}

#[test]
fn unrecognised_only_input_exits_2_naming_file_header_and_mapping() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("mystery.csv");
    std::fs::write(&file, "Booking date;Text;Amount\n2026-01-02;Coffee;-3.50\n").unwrap();
    let out = wallet_audit().arg("check").arg(&file).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(
        err.contains("mystery.csv") && err.contains("Booking date;Text;Amount") && err.contains("--mapping"),
        "{err}"
    );
    assert!(out.stdout.is_empty());
}

#[test]
fn unrecognised_file_among_others_is_a_warning() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy("samples/attempts.csv", dir.path().join("attempts.csv")).unwrap();
    std::fs::write(dir.path().join("notes.csv"), "hello,world,again\n").unwrap();
    let out = wallet_audit().arg("check").arg(dir.path()).args(["--format", "json"]).output().unwrap();
    assert!(out.status.code().is_some_and(|c| c < 2));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.contains("warning") && err.contains("notes.csv") && err.contains("skipped"), "{err}");
}

#[test]
fn empty_folder_or_missing_path_exits_2() {
    let dir = tempfile::tempdir().unwrap();
    let out = wallet_audit().arg("check").arg(dir.path()).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8(out.stderr).unwrap().contains("no statement files found"));
    let out = wallet_audit().args(["check", "no/such/place"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8(out.stderr).unwrap().contains("no/such/place"));
}

#[test]
fn reads_stdin() {
    let attempts = std::fs::read("samples/attempts.csv").unwrap();
    let out = wallet_audit()
        .args(["check", "-", "--format", "json", "--select", "F001"])
        .write_stdin(attempts)
        .output()
        .unwrap();
    let r: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(r["inputs"][0]["path"], "-");
    assert_eq!(r["inputs"][0]["format"], "attempts");
    assert_eq!(r["findings"][0]["code"], "F001");
    assert_eq!(r["findings"][0]["evidence"][0]["path"], "-");
}

#[test]
fn unknown_rule_codes_are_usage_errors() {
    let out = wallet_audit().args(["check", "samples", "--select", "R01X"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8(out.stderr).unwrap().contains("R01X"));
}

#[test]
fn rules_and_rule_documentation() {
    let out = wallet_audit().arg("rules").output().unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    for code in ALL_CODES {
        assert!(text.contains(code), "rules lists {code}");
    }
    let out = wallet_audit().args(["rule", "r001"]).output().unwrap();
    let doc = String::from_utf8(out.stdout).unwrap();
    assert!(doc.starts_with("R001 debited-not-credited: money left the bank"), "{doc}");
    assert!(doc.contains("\nDefault severity: critical."), "{doc}");
    assert!(doc.contains("Advice:") && doc.contains("Example:"), "{doc}");
    assert!(!doc.contains("//!"));
    assert_eq!(wallet_audit().args(["rule", "X999"]).output().unwrap().status.code(), Some(2));
}

#[test]
fn formats_sniff_names_the_adapter() {
    let out = wallet_audit().args(["formats", "--sniff", "samples/alipay-2026-09-01_2026-10-31.csv"]).output().unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains(": alipay (wallet side), encoding GB18030, header on line 25"), "{text}");
    let out = wallet_audit().arg("formats").output().unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    for name in ["alipay", "wechat", "icbc-debit", "attempts", "mapping"] {
        assert!(text.contains(name), "{text}");
    }
}

#[test]
fn since_and_until_keep_findings_that_overlap_the_period() {
    let spans = |args: &[&str]| -> Vec<(String, String)> {
        let r = json_report(args);
        let text = |v: &Value| v.as_str().unwrap_or_default().to_string();
        r["findings"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|f| !f["start"].is_null())
            .map(|f| (text(&f["start"]), text(&f["end"])))
            .collect()
    };
    let all = spans(&[]);
    let october = spans(&["--since", "2026-10-01", "--until", "2026-10-31"]);
    assert!(october.iter().all(|(s, e)| e.as_str() >= "2026-10-01" && s.as_str() < "2026-11-01"), "{october:?}");
    assert!(october.len() < all.len(), "September-only findings are left out");
    let last_week = spans(&["--since", "7d"]);
    assert!(last_week.iter().all(|(_, e)| e.as_str() >= "2026-10-24T23:59:59"), "{last_week:?}");
    assert!(!last_week.is_empty() && last_week.len() < october.len());
    let out = wallet_audit().args(["check", "samples", "--since", "99999999d"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2), "a period outside the calendar is a usage error, not a panic");
}

#[test]
fn output_file_and_config_settings() {
    let dir = tempfile::tempdir().unwrap();
    let report = dir.path().join("report.json");
    let config = dir.path().join("audit.toml");
    // A 30-day refund window turns the September R001 back into "awaiting refund".
    std::fs::write(&config, "[reconcile]\nrefund_window_days = 60\n").unwrap();
    let status = wallet_audit()
        .args(["check", "samples", "--format", "json", "--select", "R001,R005", "-o"])
        .arg(&report)
        .arg("--config")
        .arg(&config)
        .output()
        .unwrap();
    assert!(status.stdout.is_empty());
    let r: Value = serde_json::from_str(&std::fs::read_to_string(&report).unwrap()).unwrap();
    let codes: Vec<&str> = r["findings"].as_array().unwrap().iter().map(|f| f["code"].as_str().unwrap()).collect();
    assert_eq!(codes, vec!["R005", "R005"]);
    std::fs::write(&config, "[reconcile]\nrefund_window = 60\n").unwrap();
    let out = wallet_audit().args(["check", "samples", "--config"]).arg(&config).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8(out.stderr).unwrap().contains("refund_window"), "unknown keys are named");
}

#[test]
fn a_mapped_bank_statement_is_reconciled() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy("samples/attempts.csv", dir.path().join("attempts.csv")).unwrap();
    let csv = dir.path().join("cmb.csv");
    std::fs::write(
        &csv,
        "Date,Payee,Out,In,Balance\n2026-09-18,Tenpay WeChat,500.00,,1000.00\n2026-09-30,Salary,,100.00,1100.00\n",
    )
    .unwrap();
    let mapping = dir.path().join("cmb.toml");
    std::fs::write(
        &mapping,
        "side = \"bank\"\naccount = \"icbc:4321\"\n[columns]\ndate = \"Date\"\ncounterparty = \"Payee\"\ndebit = \"Out\"\ncredit = \"In\"\nbalance = \"Balance\"\n",
    )
    .unwrap();
    let out = wallet_audit()
        .arg("check")
        .arg(dir.path())
        .arg("--mapping")
        .arg(&mapping)
        .args(["--format", "json"])
        .output()
        .unwrap();
    let r: Value = serde_json::from_slice(&out.stdout).unwrap();
    let bank = r["inputs"].as_array().unwrap().iter().find(|i| i["format"] == "mapping").unwrap();
    assert_eq!((bank["rows"].as_u64(), bank["side"].as_str()), (Some(2), Some("bank")));
    let r005: Vec<&Value> =
        r["findings"].as_array().unwrap().iter().filter(|f| f["code"] == "R005" || f["code"] == "R001").collect();
    assert_eq!(r005.len(), 1, "the failed 500.00 attempt of 09-18 matches the mapped debit");
    assert_eq!(r005[0]["evidence"][1]["path"].as_str().map(|p| p.ends_with("cmb.csv")), Some(true));
}

/// `WALLET_AUDIT_TIMINGS=1` adds one stderr line per stage (the scale benchmark reads them) and
/// leaves the report itself as it is; without it stderr has no such line.
#[test]
fn timings_go_to_stderr_only_when_asked() {
    let plain = wallet_audit().args(["check", "samples", "--format", "json"]).output().unwrap();
    let timed = wallet_audit()
        .args(["check", "samples", "--format", "json"])
        .env("WALLET_AUDIT_TIMINGS", "1")
        .output()
        .unwrap();
    assert_eq!(timed.stdout, plain.stdout);
    assert_eq!(timed.status.code(), plain.status.code());
    let stages: Vec<String> = String::from_utf8_lossy(&timed.stderr)
        .lines()
        .filter_map(|l| l.strip_prefix("timings: "))
        .map(|l| l.split(' ').next().unwrap_or_default().to_string())
        .collect();
    for stage in ["read", "ledger", "reconcile", "analysis", "R001", "S008", "rules", "report", "render"] {
        assert!(stages.iter().any(|s| s == stage), "no {stage} line in {stages:?}");
    }
    let timed_line =
        String::from_utf8_lossy(&timed.stderr).lines().find(|l| l.starts_with("timings: read")).map(str::to_string);
    assert!(timed_line.is_some_and(|l| l.contains(" s, cpu ") && l.ends_with(" MiB")));
    assert!(!String::from_utf8_lossy(&plain.stderr).contains("timings:"));
    let off = wallet_audit()
        .args(["check", "samples", "--format", "json"])
        .env("WALLET_AUDIT_TIMINGS", "0")
        .output()
        .unwrap();
    assert!(!String::from_utf8_lossy(&off.stderr).contains("timings:"));
}
