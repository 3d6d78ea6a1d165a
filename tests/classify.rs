//! The classifier and inferred causes through the binary: `[classify]` settings, their errors,
//! and a cause inferred from silent failures.

use assert_cmd::Command;
use serde_json::Value;
use std::path::Path;

const ATTEMPTS: &str = "\
time,amount,status,wallet,method,reference,error_code,error_message
2026-09-08 21:00:00,100.00,failed,alipay,工商银行(4321),T1,X99,
2026-09-08 21:30:00,200.00,failed,alipay,招商银行(1234),T2,,支付链路抖动
2026-09-09 10:00:00,300.00,failed,alipay,工商银行(4321),T3,,
2026-09-09 10:10:00,400.00,failed,wechat,建设银行(5555),T4,,
";

fn check(dir: &Path, config: &str) -> std::process::Output {
    std::fs::write(dir.join("attempts.csv"), ATTEMPTS).unwrap();
    std::fs::write(dir.join("settings.toml"), config).unwrap();
    let mut cmd = Command::cargo_bin("wallet-audit").unwrap();
    cmd.current_dir(dir).env_remove("COLUMNS");
    cmd.args(["check", "attempts.csv", "--config", "settings.toml", "--format", "json", "--exit-zero"]);
    cmd.output().unwrap()
}

/// (code, cause, cause_inferred, references) of each F finding.
fn f_findings(stdout: &[u8]) -> Vec<(String, String, bool, Vec<String>)> {
    let report: Value = serde_json::from_slice(stdout).unwrap();
    let findings = report["findings"].as_array().unwrap();
    let mut out: Vec<_> = findings
        .iter()
        .filter(|f| f["code"].as_str().unwrap().starts_with('F'))
        .map(|f| {
            let refs =
                f["evidence"].as_array().unwrap().iter().filter_map(|e| e["reference"].as_str()).map(String::from);
            (
                f["code"].as_str().unwrap().to_string(),
                f["cause"].as_str().unwrap_or_default().to_string(),
                f["cause_inferred"].as_bool().unwrap_or(false),
                refs.collect(),
            )
        })
        .collect();
    out.sort();
    out
}

#[test]
fn classify_settings_add_codes_and_keywords_and_silent_failures_are_inferred() {
    let dir = tempfile::tempdir().unwrap();
    let config = "[classify.codes]\ncard-locked = [\"X99\"]\n[classify.messages]\nnetwork = [\"链路 抖动\"]\n";
    let out = check(dir.path(), config);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let found = f_findings(&out.stdout);
    let row = |code: &str, cause: &str, inferred: bool, refs: &[&str]| {
        (code.to_string(), cause.to_string(), inferred, refs.iter().map(|r| r.to_string()).collect::<Vec<_>>())
    };
    assert_eq!(
        found,
        [
            row("F002", "card-locked", false, &["T1"]),
            row("F007", "network", false, &["T2"]),
            // Silent on two cards 10 minutes apart, one of them through another wallet.
            row("F008", "wallet-system", true, &["T3"]),
            row("F008", "wallet-system", true, &["T4"]),
        ]
    );
    let without = check(dir.path(), "");
    let causes: Vec<(String, bool)> = f_findings(&without.stdout).into_iter().map(|f| (f.1, f.2)).collect();
    assert_eq!(causes.iter().filter(|(c, _)| c == "unknown").count(), 2, "X99 and 链路抖动 unknown without settings");
}

#[test]
fn an_unknown_cause_name_is_a_configuration_error_naming_it() {
    let dir = tempfile::tempdir().unwrap();
    for (config, named) in [
        ("[classify.codes]\ncard_frozen = [\"X99\"]\n", "card_frozen"),
        ("[classify.keywords]\nnetwork = [\"x\"]\n", "keywords"),
        ("[classify.messages]\nnetwork = [\"？？\"]\n", "[classify.messages] network"),
    ] {
        let out = check(dir.path(), config);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{config}: {stderr}");
        assert!(stderr.contains(named) && stderr.contains("settings.toml"), "{config}: {stderr}");
    }
}
