//! One fixture per finding code (tests/fixtures/rules/<CODE>/, listed in tests/fixtures/rules/README.md):
//! every rule in the registry must be triggered by its fixture, and its findings are
//! snapshotted so that a change of wording, evidence or amounts shows up in review.

use assert_cmd::Command;
use serde_json::Value;
use std::process::Output;
use wallet_audit::finding::Severity;
use wallet_audit::rules::{RULES, Rule};

fn fixture(code: &str) -> String {
    format!("tests/fixtures/rules/{code}")
}

/// `wallet-audit check tests/fixtures/rules/<CODE> --select <CODE> …`, run from the package
/// root so that evidence paths are relative and stable.
fn check(code: &str, extra: &[&str]) -> Output {
    let mut cmd = Command::cargo_bin("wallet-audit").unwrap();
    cmd.current_dir(env!("CARGO_MANIFEST_DIR")).env_remove("COLUMNS");
    cmd.args(["check", &fixture(code), "--select", code]).args(extra).output().unwrap()
}

/// The findings of the rule's fixture, or why there are none of its code.
fn findings(rule: &Rule) -> Result<Vec<Value>, String> {
    let code = rule.code;
    let out = check(code, &["--format", "json", "--exit-zero"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    if out.status.code() != Some(0) {
        return Err(format!("{code}: exit status {:?}, stderr: {stderr}", out.status.code()));
    }
    let report: Value = serde_json::from_slice(&out.stdout)
        .map_err(|e| format!("{code}: stdout is not JSON ({e}); stderr: {stderr}"))?;
    let findings = report["findings"].as_array().cloned().ok_or_else(|| format!("{code}: no findings array"))?;
    if !findings.iter().any(|f| f["code"] == code) {
        return Err(format!("{code}: {} does not trigger it (findings: {findings:?})", fixture(code)));
    }
    Ok(findings)
}

#[test]
fn every_rule_is_triggered_by_its_fixture_and_snapshotted() {
    let results: Vec<(&Rule, Result<Vec<Value>, String>)> = RULES.iter().map(|&r| (r, findings(r))).collect();
    let failures: Vec<String> = results.iter().filter_map(|(_, r)| r.as_ref().err().cloned()).collect();
    assert!(failures.is_empty(), "rules without a triggering fixture:\n{}", failures.join("\n"));
    for (rule, found) in results {
        let found = found.expect("checked above");
        insta::with_settings!({ description => format!("wallet-audit check {} --select {}", fixture(rule.code), rule.code) }, {
            insta::assert_json_snapshot!(format!("rule_{}", rule.code), found);
        });
    }
}

#[test]
fn exit_status_follows_the_default_fail_on_high() {
    let mut wrong = Vec::new();
    for rule in RULES {
        let expected = if rule.severity >= Severity::High { 1 } else { 0 };
        let out = check(rule.code, &["--format", "json"]);
        if out.status.code() != Some(expected) {
            wrong.push(format!(
                "{} ({}): exit status {:?}, expected {expected}; stderr: {}",
                rule.code,
                rule.severity,
                out.status.code(),
                String::from_utf8_lossy(&out.stderr)
            ));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

/// `check DIR --format json --exit-zero` on a fixture folder, all rules: the report.
fn report_of(dir: &str) -> Value {
    let mut cmd = Command::cargo_bin("wallet-audit").unwrap();
    cmd.current_dir(env!("CARGO_MANIFEST_DIR")).env_remove("COLUMNS");
    let out = cmd.args(["check", dir, "--format", "json", "--exit-zero"]).output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    serde_json::from_slice(&out.stdout).unwrap()
}

#[test]
fn a_statement_without_its_card_number_is_taken_for_the_banks_card_the_wallets_use() {
    // September's ICBC statement lost its 卡号 line (account `icbc`); October's names card 4321.
    // Five WeChat top-ups from 工商银行(4321), each debited once, and one debited twice.
    let report = report_of("tests/fixtures/rules/unknown-card");
    let findings = report["findings"].as_array().unwrap();
    let codes: Vec<&str> = findings.iter().map(|f| f["code"].as_str().unwrap()).collect();
    assert_eq!(codes, vec!["R002"], "no R003 for the top-ups' own debits: {findings:#?}");
    let message = findings[0]["message"].as_str().unwrap();
    assert!(
        message.ends_with(
            "The statement icbc-2026-09.csv names no card number: it was taken for ICBC card 4321, the ICBC card the wallets use."
        ),
        "{message}"
    );
}

/// The D001 findings of `check DIR --select D001`.
fn unreadable(dir: &std::path::Path) -> Vec<Value> {
    let out = Command::cargo_bin("wallet-audit")
        .unwrap()
        .args(["check", "--select", "D001", "--format", "json", "--exit-zero"])
        .arg(dir)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    report["findings"].as_array().unwrap().clone()
}

#[test]
fn unreadable_rows_are_one_finding_per_file_and_kind_of_reason() {
    let header = "time,amount,status,wallet,method\n";
    let mut text = format!("{header}2026-10-02 07:48:13,200.00,success,wechat,工商银行(4321)\n");
    for day in 1..=7 {
        text.push_str(&format!("2026-13-{day:02} 09:12:40,{day}00.00,success,wechat,工商银行(6222021234564321)\n"));
    }
    text.push_str("2026-10-03 09:12:40,5OO.00,failed,wechat,工商银行(4321)\n");
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("attempts.csv"), &text).unwrap();
    let found = unreadable(dir.path());
    let mut summary: Vec<(&str, Vec<u64>)> = found
        .iter()
        .map(|f| {
            (
                f["title"].as_str().unwrap(),
                f["evidence"].as_array().unwrap().iter().map(|e| e["line"].as_u64().unwrap()).collect(),
            )
        })
        .collect();
    summary.sort();
    assert_eq!(
        summary,
        vec![
            ("7 rows of attempts.csv could not be read", vec![3, 4, 5, 6, 7]),
            ("Line 10 of attempts.csv could not be read", vec![10]),
        ]
    );
    let group = found.iter().find(|f| f["evidence"].as_array().unwrap().len() == 5).unwrap();
    assert!(group["evidence"].as_array().unwrap().iter().all(|e| e["role"] == "unreadable-row"));
    let message = group["message"].as_str().unwrap();
    assert!(
        message.starts_with(
            "7 rows could not be read for the same kind of reason (lines 3, 4, 5, 6, 7, …). The first, line 3: "
        ),
        "{message}"
    );
    assert!(message.contains("****4321") && !message.contains("6222021234564321"), "masked: {message}");
    // The id names the rows, not the file: moved and renamed, the same rows keep their ids.
    let moved = tempfile::tempdir().unwrap();
    std::fs::write(moved.path().join("log-copy.csv"), &text).unwrap();
    let ids = |found: &[Value]| found.iter().map(|f| f["id"].as_str().unwrap().to_string()).collect::<Vec<_>>();
    assert_eq!(ids(&unreadable(moved.path())), ids(&found));
}

/// Every top-up attempt of `paths` that ends in no finding's evidence, reconciled or not
/// checked: (line, why) per attempt row; empty when conservation holds.
fn lost_attempts(paths: &[std::path::PathBuf], ignore: &[&str]) -> Vec<String> {
    use wallet_audit::analysis::{Analysis, Settings as PatternSettings};
    use wallet_audit::finding::Lang;
    use wallet_audit::ingest::{self, IngestOptions};
    use wallet_audit::ledger::Ledger;
    use wallet_audit::model::CHINA_ZONE;
    use wallet_audit::reconcile::{Outcome, Settings, reconcile};
    use wallet_audit::rules::{Context, Selection, run};

    let opts = IngestOptions { zone: CHINA_ZONE.into(), zone_given: false, mapping: None };
    let ledger = Ledger::build(ingest::load(paths, &opts).expect("inputs read"));
    let settings = Settings::default();
    let recon = reconcile(&ledger, &settings);
    let analysis = Analysis::new(&ledger, &recon, PatternSettings::default()).expect("frame builds");
    let now = wallet_audit::report::data_now(&ledger.inputs).expect("dated rows");
    let ctx = Context {
        ledger: &ledger,
        recon: &recon,
        analysis: &analysis,
        settings: &settings,
        now,
        lang: Lang::En,
        show_pii: false,
    };
    let findings = run(&ctx, &Selection { select: vec![], ignore: ignore.iter().map(|c| c.to_string()).collect() });
    let cited = |row: usize| {
        let tx = &ledger.transactions[row];
        findings.iter().any(|f| f.evidence.iter().any(|e| e.path == *tx.source.path && e.line == tx.source.line))
    };
    let mut lost = Vec::new();
    let mut told = vec![false; ledger.transactions.len()];
    for t in &recon.top_ups {
        let rows: Vec<usize> = t.rows().chain(t.superseded.iter().copied()).collect();
        for &r in &rows {
            told[r] = true;
        }
        let outcome = t.outcome();
        if outcome == Outcome::Discrepancy && !rows.iter().any(|&r| cited(r)) {
            let at =
                |r: usize| format!("{}:{}", ledger.transactions[r].source.path, ledger.transactions[r].source.line);
            lost.push(format!(
                "{} ({:?}, {:?}): in no finding",
                rows.iter().map(|&r| at(r)).collect::<Vec<_>>().join(" + "),
                t.status,
                outcome
            ));
        }
    }
    // … and every attempt-log row and wallet top-up row is some top-up's.
    for (i, tx) in ledger.transactions.iter().enumerate() {
        if tx.kind == wallet_audit::model::Kind::TopUp && !told[i] {
            lost.push(format!("{}:{}: belongs to no top-up", tx.source.path, tx.source.line));
        }
    }
    lost
}

#[test]
fn every_top_up_attempt_ends_reconciled_in_a_finding_or_unchecked() {
    let mut dirs: Vec<std::path::PathBuf> = vec!["samples".into()];
    let fixtures = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/rules");
    let mut entries: Vec<_> =
        std::fs::read_dir(&fixtures).unwrap().map(|e| e.unwrap().path()).filter(|p| p.is_dir()).collect();
    entries.sort();
    dirs.extend(entries);
    let mut lost = Vec::new();
    for dir in &dirs {
        let path =
            if dir.is_absolute() { dir.clone() } else { std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(dir) };
        lost.extend(lost_attempts(&[path], &[]));
    }
    assert!(lost.is_empty(), "attempts lost:\n{}", lost.join("\n"));
    // The check has teeth: with the R rules silenced, the duplicate debit's top-up is lost.
    let r002 = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/rules/R002");
    let lost = lost_attempts(&[r002], &["R"]);
    assert_eq!(lost.len(), 1, "{lost:?}");
    assert!(lost[0].ends_with("wechat.csv:18 (Success, Discrepancy): in no finding"), "{lost:?}");
}
