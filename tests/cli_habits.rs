//! Command-line habits (issue 9), on the real binary: slugs wherever a code is taken, the rule
//! docs and list in both languages and as JSON, the language from the locale, `check` with no
//! path, IANA zones for `--tz`, shell completions and the man page.

use assert_cmd::Command;
use serde_json::Value;
use std::collections::BTreeSet;
use std::path::Path;

const BERLIN: &str = "tests/fixtures/cli_habits/berlin-attempts.csv";

/// The binary in a neutral English locale, with no user settings file.
fn wallet_audit() -> Command {
    let mut cmd = Command::cargo_bin("wallet-audit").unwrap();
    cmd.env_remove("COLUMNS").env_remove("LC_ALL").env_remove("LC_MESSAGES").env("LANG", "C.UTF-8");
    cmd.env("XDG_CONFIG_HOME", "/nonexistent/wallet-audit-tests");
    cmd
}

fn stdout(cmd: &mut Command) -> String {
    let out = cmd.output().unwrap();
    assert!(out.status.code().is_some_and(|c| c < 2), "{}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap()
}

fn json(cmd: &mut Command) -> Value {
    serde_json::from_str(&stdout(cmd)).unwrap()
}

fn codes(report: &Value) -> BTreeSet<String> {
    report["findings"].as_array().unwrap().iter().map(|f| f["code"].as_str().unwrap().to_string()).collect()
}

fn ids(report: &Value) -> Vec<String> {
    let mut ids: Vec<String> =
        report["findings"].as_array().unwrap().iter().map(|f| f["id"].as_str().unwrap().to_string()).collect();
    ids.sort();
    ids
}

fn check_samples(args: &[&str]) -> Value {
    json(wallet_audit().args(["check", "samples", "--format", "json"]).args(args))
}

#[test]
fn rules_as_json_list_every_code_with_its_slug_severity_family_and_summary() {
    let rules = json(wallet_audit().args(["rules", "--format", "json"]));
    let rules = rules.as_array().unwrap();
    let table = stdout(wallet_audit().arg("rules"));
    assert_eq!(rules.len(), table.lines().count(), "{table}");
    for (rule, line) in rules.iter().zip(table.lines()) {
        let code = rule["code"].as_str().unwrap();
        assert!(line.starts_with(code), "{line}");
        assert!(line.contains(rule["slug"].as_str().unwrap()) && line.contains(rule["summary"].as_str().unwrap()));
        assert!(["critical", "high", "medium", "low", "info"].contains(&rule["severity"].as_str().unwrap()));
        let family = match &code[..1] {
            "R" => "reconciliation",
            "F" => "failure",
            "P" => "pattern",
            "S" => "suspicious",
            _ => "data-quality",
        };
        assert_eq!(rule["family"], family, "{code}");
        assert!(rule["doc"].as_str().unwrap().starts_with(code), "{code}");
    }
    let codes: BTreeSet<&str> = rules.iter().map(|r| r["code"].as_str().unwrap()).collect();
    assert_eq!(codes.len(), 37);
    for family in ["R00", "F00", "P00", "S00", "D00"] {
        assert!(codes.iter().any(|c| c.starts_with(family)), "{family}");
    }
    assert!(codes.contains("R001") && codes.contains("F010") && codes.contains("D005"));
}

#[test]
fn rule_prints_its_title_once_and_takes_a_slug() {
    let by_code = stdout(wallet_audit().args(["rule", "R001"]));
    assert_eq!(by_code.matches("debited-not-credited").count(), 1, "{by_code}");
    assert_eq!(by_code.matches("never reached the wallet").count(), 1, "{by_code}");
    assert!(by_code.starts_with("R001 debited-not-credited: money left the bank"), "{by_code}");
    assert!(by_code.contains("Default severity: critical") && by_code.contains("Advice:"), "{by_code}");
    assert_eq!(stdout(wallet_audit().args(["rule", "debited-not-credited"])), by_code);
    assert_eq!(stdout(wallet_audit().args(["rule", "Debited-Not-Credited"])), by_code);
    let out = wallet_audit().args(["rule", "debited"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("\"debited\""));
}

#[test]
fn select_and_ignore_take_slugs() {
    let r = check_samples(&["--select", "debited-not-credited"]);
    assert_eq!(codes(&r), BTreeSet::from(["R001".to_string()]));
    assert_eq!(r, check_samples(&["--select", "R001"]));
    // A slug counts as its full code: it beats a family prefix either way.
    let f_without_network = codes(&check_samples(&["--select", "F", "--ignore", "network"]));
    assert!(!f_without_network.contains("F007") && f_without_network.contains("F001"), "{f_without_network:?}");
    assert!(f_without_network.iter().all(|c| c.starts_with('F')));
    assert_eq!(
        codes(&check_samples(&["--select", "network,card-testing"])),
        BTreeSet::from(["F007".into(), "S004".into()])
    );
    let out = wallet_audit().args(["check", "samples", "--select", "card-tested"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("card-tested"));
}

#[test]
fn the_settings_file_takes_slugs_for_select_ignore_and_severity() {
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("wallet-audit.toml");
    std::fs::write(
        &config,
        "select = [\"F\", \"retry-storm\"]\nignore = [\"network\"]\n[severity]\ncard-locked = \"critical\"\n",
    )
    .unwrap();
    let r = check_samples(&["--config", config.to_str().unwrap()]);
    let found = codes(&r);
    assert!(found.contains("P004") && found.contains("F002") && !found.contains("F007"), "{found:?}");
    assert!(found.iter().all(|c| c.starts_with('F') || c == "P004"), "{found:?}");
    for f in r["findings"].as_array().unwrap().iter().filter(|f| f["code"] == "F002") {
        assert_eq!(f["severity"], "critical");
    }
    std::fs::write(&config, "[severity]\ncard-lockd = \"critical\"\n").unwrap();
    let out = wallet_audit().args(["check", "samples", "--config", config.to_str().unwrap()]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("card-lockd"));
}

#[test]
fn the_language_follows_the_locale_unless_lang_or_the_settings_file_says() {
    let zh_summary = "银行已扣款，充值却没有到账";
    let en_summary = "money left the bank for a top-up";
    let rules = |env: &[(&str, &str)], args: &[&str]| {
        let mut cmd = wallet_audit();
        for (k, v) in env {
            cmd.env(k, v);
        }
        stdout(cmd.arg("rules").args(args))
    };
    assert!(rules(&[("LANG", "zh_CN.UTF-8")], &[]).contains(zh_summary));
    assert!(rules(&[("LANG", "zh_TW.UTF-8")], &[]).contains(zh_summary));
    assert!(rules(&[("LANG", "zh_CN.UTF-8")], &["--lang", "en"]).contains(en_summary));
    assert!(rules(&[("LANG", "en_US.UTF-8")], &[]).contains(en_summary));
    // LC_ALL, then LC_MESSAGES, then LANG.
    assert!(rules(&[("LANG", "zh_CN.UTF-8"), ("LC_ALL", "C")], &[]).contains(en_summary));
    assert!(rules(&[("LANG", "en_US.UTF-8"), ("LC_MESSAGES", "zh_CN.UTF-8")], &[]).contains(zh_summary));
    assert!(rules(&[("LANG", "zh_CN.UTF-8"), ("LC_MESSAGES", "en_GB.UTF-8")], &[]).contains(en_summary));
    assert!(
        rules(&[("LANG", "en_US.UTF-8"), ("LC_ALL", "zh_CN.UTF-8"), ("LC_MESSAGES", "C")], &[]).contains(zh_summary)
    );

    let doc = stdout(wallet_audit().env("LANG", "zh_CN.UTF-8").args(["rule", "debited-not-credited"]));
    assert!(doc.starts_with(&format!("R001 debited-not-credited：{zh_summary}")), "{doc}");
    assert!(doc.contains("默认严重程度：严重（critical）。类别：对账（R）。"), "{doc}");
    // The whole doc is in Chinese: its sections, with codes and config keys as they are.
    assert!(doc.contains("\n\n建议：致电钱包客服") && doc.contains("`refund_window_days`"), "{doc}");
    assert!(!doc.contains("Advice:") && !doc.contains("英文原文"), "{doc}");
    assert_eq!(doc.matches("debited-not-credited").count(), 1, "{doc}");
    let zh_json = json(wallet_audit().args(["rules", "--format", "json", "--lang", "zh"]));
    let r001 = zh_json.as_array().unwrap().iter().find(|r| r["code"] == "R001").unwrap();
    assert!(r001["doc"].as_str().unwrap().contains("检测内容："), "{r001}");
    let en_json = json(wallet_audit().args(["rules", "--format", "json", "--lang", "en"]));
    assert!(en_json[0]["doc"].as_str().unwrap().contains("What it detects:"));
    assert!(
        stdout(wallet_audit().env("LANG", "zh_CN.UTF-8").args(["rule", "R001", "--lang", "en"])).contains(en_summary)
    );

    // The audit itself: Chinese titles under a Chinese locale; --lang and the file's lang win.
    let titles = |report: &Value| -> String {
        report["findings"].as_array().unwrap().iter().map(|f| f["title"].as_str().unwrap()).collect()
    };
    let zh = json(wallet_audit().env("LANG", "zh_CN.UTF-8").args(["check", "samples", "--format", "json"]));
    assert!(titles(&zh).contains("余额不足"), "{}", titles(&zh));
    let en =
        json(wallet_audit().env("LANG", "zh_CN.UTF-8").args(["check", "samples", "--format", "json", "--lang", "en"]));
    assert_eq!(en, check_samples(&[]));
    assert!(!titles(&en).contains("余额不足"));
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("settings.toml");
    std::fs::write(&config, "lang = \"en\"\n").unwrap();
    let from_file = json(
        wallet_audit()
            .env("LANG", "zh_CN.UTF-8")
            .args(["check", "samples", "--format", "json", "--config"])
            .arg(&config),
    );
    assert_eq!(from_file, en);
    std::fs::write(dir.path().join("wallet-audit.toml"), "lang = \"zh\"\n").unwrap();
    assert!(stdout(wallet_audit().current_dir(dir.path()).arg("rules")).contains(zh_summary));
}

#[test]
fn check_without_a_path_audits_the_current_folder() {
    let dir = tempfile::tempdir().unwrap();
    for entry in std::fs::read_dir("samples").unwrap() {
        let path = entry.unwrap().path();
        std::fs::copy(&path, dir.path().join(path.file_name().unwrap())).unwrap();
    }
    let here = json(wallet_audit().current_dir(dir.path()).args(["check", "--format", "json"]));
    let samples = check_samples(&[]);
    assert!(!ids(&samples).is_empty());
    assert_eq!(ids(&here), ids(&samples));
    assert_eq!(here["summary"], samples["summary"]);
    // Like `check samples/`, it exits 1 on the planted critical finding.
    assert_eq!(wallet_audit().current_dir(dir.path()).arg("check").output().unwrap().status.code(), Some(1));
}

#[test]
fn tz_takes_iana_names() {
    let shanghai = stdout(wallet_audit().args(["check", "samples", "--format", "json", "--tz", "Asia/Shanghai"]));
    let offset = stdout(wallet_audit().args(["check", "samples", "--format", "json", "--tz", "+08:00"]));
    assert_eq!(shanghai, offset);
    let out = wallet_audit().args(["check", "samples", "--tz", "Asia/Atlantis"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("Asia/Atlantis"));
}

#[test]
fn an_iana_zone_gives_each_row_the_offset_in_force_then() {
    assert!(Path::new(BERLIN).exists());
    let rows = stdout(wallet_audit().args(["normalize", BERLIN, "--format", "jsonl", "--tz", "Europe/Berlin"]));
    let times: Vec<String> =
        rows.lines().map(|l| serde_json::from_str::<Value>(l).unwrap()["time"].as_str().unwrap().to_string()).collect();
    assert_eq!(times, ["2026-01-20T18:05:00+01:00", "2026-07-14T09:30:00+02:00", "2026-07-14T09:31:00+02:00"]);
    // The audit reads them alike: the F001 group spans the winter and the summer failure.
    let report = json(wallet_audit().args(["check", BERLIN, "--format", "json", "--tz", "Europe/Berlin"]));
    let f001 = report["findings"].as_array().unwrap().iter().find(|f| f["code"] == "F001").unwrap();
    assert_eq!(
        (&f001["start"], &f001["end"]),
        (&Value::from("2026-01-20T18:05:00+01:00"), &Value::from("2026-07-14T09:30:00+02:00"))
    );
    let fixed = json(wallet_audit().args(["check", BERLIN, "--format", "json", "--tz", "+01:00"]));
    assert_eq!(fixed["inputs"][0]["coverage"]["to"], "2026-07-14T09:31:00+01:00");
}

#[test]
fn completions_for_every_shell() {
    for shell in ["bash", "zsh", "fish", "powershell", "elvish"] {
        let script = stdout(wallet_audit().args(["completions", shell]));
        assert!(script.contains("review") && script.contains("check"), "{shell}: {script}");
        assert!(script.contains("--tz") || script.contains("tz"), "{shell}");
    }
    assert_eq!(wallet_audit().args(["completions", "tcsh"]).output().unwrap().status.code(), Some(2));
}

#[test]
fn man_page() {
    let page = stdout(wallet_audit().arg("man"));
    let th = page.lines().position(|l| l.starts_with(".TH wallet-audit 1")).expect(".TH");
    let sh = page.lines().position(|l| l.starts_with(".SH")).expect(".SH");
    // clap_mangen opens with its two-line apostrophe definition, then the title.
    assert!(th < sh && th <= 2 && page.starts_with('.'), "{page}");
    assert!(page.contains("check") && page.contains("review") && page.contains("completions"), "{page}");
    let check = stdout(wallet_audit().args(["man", "check"]));
    assert!(check.contains(".TH wallet-audit-check 1") && check.contains("\\-\\-tz"), "{check}");
    assert_eq!(wallet_audit().args(["man", "chek"]).output().unwrap().status.code(), Some(2));
}
