//! Support tickets (`check --ticket ID`) in both languages, evidence roles as the README's
//! kebab-case tokens, and each finding's `at_risk` in the JSON adding up to the summary's.

use assert_cmd::Command;
use rust_decimal::Decimal;
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};
use wallet_audit::finding::role;

fn wallet_audit() -> Command {
    let mut cmd = Command::cargo_bin("wallet-audit").unwrap();
    cmd.env_remove("COLUMNS").env_remove("LC_ALL").env_remove("LC_MESSAGES").env("LANG", "C.UTF-8");
    cmd
}

fn samples_json() -> Value {
    let out = wallet_audit().args(["check", "samples", "--format", "json"]).output().unwrap();
    assert_eq!(out.status.code(), Some(1), "{}", String::from_utf8_lossy(&out.stderr));
    serde_json::from_slice(&out.stdout).unwrap()
}

/// The id of the samples' finding with this code on this account.
fn id_of(report: &Value, code: &str, account: &str) -> String {
    let found = report["findings"].as_array().unwrap().iter().find(|f| f["code"] == code && f["account"] == account);
    found.unwrap_or_else(|| panic!("no {code} on {account}"))["id"].as_str().unwrap().to_string()
}

fn ticket(args: &[&str]) -> (Option<i32>, String, String) {
    let out = wallet_audit().args(["check", "samples"]).args(args).output().unwrap();
    (out.status.code(), String::from_utf8(out.stdout).unwrap(), String::from_utf8_lossy(&out.stderr).into_owned())
}

#[test]
fn tickets_for_a_debit_never_credited_and_a_locked_card_in_both_languages() {
    let report = samples_json();
    let cases = [("R001", "icbc:4321", "r001"), ("F002", "ccb:5566", "f002")];
    for (code, account, name) in cases {
        let id = id_of(&report, code, account);
        for lang in ["en", "zh"] {
            let (status, text, stderr) = ticket(&["--ticket", &id, "--lang", lang]);
            assert_eq!(status, Some(0), "{stderr}");
            assert!(!text.chars().any(|c| c.is_control() && c != '\n'), "{text}");
            assert!(!text.contains('│') && !text.contains('┌'), "plain text, no table: {text}");
            insta::assert_snapshot!(format!("ticket_{name}_{lang}"), text);
        }
    }
    // What support needs, whatever the wording: the right party and its number, the card's
    // last four digits, time, amount, the raw error message and the request.
    let (_, r001, _) = ticket(&["--ticket", &id_of(&report, "R001", "icbc:4321")]);
    for needed in
        ["WeChat Pay customer service (95017)", "ending 4321", "2026-09-18 21:05", "500.00 CNY", "网络超时", "trace"]
    {
        assert!(r001.contains(needed), "R001 ticket lacks {needed:?}:\n{r001}");
    }
    let (_, f002, _) = ticket(&["--ticket", &id_of(&report, "F002", "ccb:5566"), "--lang", "zh"]);
    let needs =
        ["建设银行客服（95533）", "尾号 5566", "2026-09-24 09:30", "700.00 CNY（共 3 笔）", "银行卡状态异常", "解冻"];
    for needed in needs {
        assert!(f002.contains(needed), "F002 ticket lacks {needed:?}:\n{f002}");
    }
}

#[test]
fn an_unknown_id_exits_2_naming_it_and_where_ids_are_listed() {
    let report = samples_json();
    let (status, out, err) = ticket(&["--ticket", "R001-00000000"]);
    assert_eq!(status, Some(2));
    assert!(out.is_empty(), "{out}");
    assert!(err.contains("R001-00000000") && err.contains("--format csv"), "{err}");
    assert!(err.contains(&id_of(&report, "R001", "icbc:4321")), "the R001 ids are suggested: {err}");
    // Rows nobody outside can act on have no ticket.
    let d001 = report["findings"].as_array().unwrap().iter().find(|f| f["code"] == "D001").unwrap();
    let (status, _, err) = ticket(&["--ticket", d001["id"].as_str().unwrap()]);
    assert_eq!(status, Some(2), "{err}");
    let (status, _, _) = ticket(&["--ticket", "R001-00000000", "--format", "json"]);
    assert_eq!(status, Some(2), "--ticket and --format conflict");
}

#[test]
fn a_ticket_masks_card_numbers_and_defuses_control_characters_from_the_export() {
    let dir = tempfile::tempdir().unwrap();
    let log = "time,amount,status,wallet,method,error_message\n\
               2026-10-01 10:00,300.00,failed,alipay,工商银行(4321),\"\u{1b}[2J卡 6222021234567894321 已冻结\u{7}\"\n";
    std::fs::write(dir.path().join("attempts.csv"), log).unwrap();
    let json = wallet_audit().arg("check").arg(dir.path()).args(["--format", "json"]).output().unwrap();
    let report: Value = serde_json::from_slice(&json.stdout).unwrap();
    let f = report["findings"].as_array().unwrap().iter().find(|f| f["code"] == "F002").expect("a card-locked group");
    let out =
        wallet_audit().arg("check").arg(dir.path()).args(["--ticket", f["id"].as_str().unwrap()]).output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(!text.contains("622202123456789"), "card number masked: {text}");
    assert!(text.contains("4321") && text.contains("已冻结"), "{text}");
    assert!(!text.contains('\u{1b}') && !text.contains('\u{7}'), "control characters defused: {text:?}");
    assert!(text.starts_with("To: ICBC customer service (95588)"), "{text}");
    // -o writes the same message to a file.
    let file = dir.path().join("ticket.txt");
    let written = wallet_audit()
        .arg("check")
        .arg(dir.path())
        .args(["--ticket", f["id"].as_str().unwrap()])
        .arg("-o")
        .arg(&file)
        .output()
        .unwrap();
    assert_eq!(written.status.code(), Some(0));
    assert_eq!(std::fs::read_to_string(&file).unwrap(), text);
}

/// The roles the README's "Evidence roles" table lists.
fn readme_roles() -> BTreeSet<String> {
    let readme = std::fs::read_to_string("README.md").unwrap();
    let table = readme.split("| role | the row is | in |").nth(1).expect("the README's roles table");
    let rows = table.lines().skip(2).take_while(|l| l.starts_with('|'));
    rows.map(|l| l.trim_start_matches("| `").split('`').next().unwrap().to_string()).collect()
}

#[test]
fn every_evidence_role_is_a_kebab_case_token_the_readme_lists() {
    let listed = readme_roles();
    let known: BTreeSet<String> = role::ALL.iter().map(|(r, _, _)| r.as_str().to_string()).collect();
    assert_eq!(listed, known, "the README lists exactly the roles finding::role defines");
    let report = samples_json();
    let mut seen = BTreeSet::new();
    for f in report["findings"].as_array().unwrap() {
        for e in f["evidence"].as_array().unwrap() {
            let token = e["role"].as_str().unwrap();
            let kebab = token.split('-').all(|w| !w.is_empty() && w.bytes().all(|b| b.is_ascii_lowercase()));
            assert!(kebab && listed.contains(token), "{}: role {token:?}", f["id"]);
            seen.insert(token.to_string());
        }
    }
    assert!(seen.len() >= 15, "the samples show most roles: {seen:?}");
}

#[test]
fn each_findings_at_risk_is_in_the_json_and_sums_to_the_summary() {
    let report = samples_json();
    let mut sums: BTreeMap<String, Decimal> = BTreeMap::new();
    for f in report["findings"].as_array().unwrap() {
        let at_risk = f.get("at_risk").unwrap_or_else(|| panic!("{} has no at_risk", f["id"]));
        if at_risk.is_null() {
            continue;
        }
        let amount: Decimal = at_risk.as_str().expect("a decimal string").parse().unwrap();
        *sums.entry(f["currency"].as_str().unwrap().to_string()).or_default() += amount;
    }
    let summary: BTreeMap<String, Decimal> = report["summary"]["at_risk"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| (r["currency"].as_str().unwrap().to_string(), r["amount"].as_str().unwrap().parse().unwrap()))
        .collect();
    assert!(!summary.is_empty());
    assert_eq!(sums, summary);
    let r001 = report["findings"].as_array().unwrap().iter().find(|f| f["code"] == "R001").unwrap();
    assert_eq!(r001["at_risk"], "500.00");
    let f002 = report["findings"].as_array().unwrap().iter().find(|f| f["code"] == "F002").unwrap();
    assert!(f002["at_risk"].is_null(), "a failed top-up's money never left: {f002}");
}
