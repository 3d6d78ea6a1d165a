//! The settings file as a scheduled run meets it: discovery (`--config`, `./wallet-audit.toml`,
//! the XDG config folder), the command line over the file, unknown keys and codes named with
//! the file, `[severity]` overrides, paths relative to the file, and `wallet-audit config`.

use assert_cmd::Command;
use serde_json::Value;
use std::path::{Path, PathBuf};

/// A user's world in temp folders: the current directory, `$XDG_CONFIG_HOME` and `$HOME`, so
/// the real user's settings can never leak into a test.
struct World {
    _root: tempfile::TempDir,
    cwd: PathBuf,
    xdg: PathBuf,
    home: PathBuf,
}

impl World {
    fn new() -> World {
        let root = tempfile::tempdir().unwrap();
        let [cwd, xdg, home] = ["cwd", "xdg", "home"].map(|d| root.path().join(d));
        for dir in [&cwd, &xdg, &home] {
            std::fs::create_dir_all(dir).unwrap();
        }
        World { _root: root, cwd, xdg, home }
    }

    /// The file the XDG lookup finds.
    fn user_config(&self) -> PathBuf {
        self.xdg.join("wallet-audit").join("config.toml")
    }

    fn write(&self, path: &Path, text: &str) {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }

    fn cmd(&self, args: &[&str]) -> Command {
        let mut cmd = Command::cargo_bin("wallet-audit").unwrap();
        cmd.current_dir(&self.cwd).env("XDG_CONFIG_HOME", &self.xdg).env("HOME", &self.home).env_remove("COLUMNS");
        cmd.args(args);
        cmd
    }

    /// `check` on the bundled samples as JSON: exit code, report, stderr.
    fn check(&self, args: &[&str]) -> (Option<i32>, Value, String) {
        let out = self.cmd(&["check", samples().as_str(), "--format", "json"]).args(args).output().unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
        let report = serde_json::from_slice(&out.stdout).unwrap_or(Value::Null);
        (out.status.code(), report, stderr)
    }

    fn config(&self, args: &[&str]) -> (Option<i32>, String, String) {
        let out = self.cmd(&["config"]).args(args).output().unwrap();
        (
            out.status.code(),
            String::from_utf8_lossy(&out.stdout).into_owned(),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        )
    }
}

fn samples() -> String {
    format!("{}/samples", env!("CARGO_MANIFEST_DIR"))
}

fn codes(report: &Value) -> Vec<&str> {
    report["findings"].as_array().unwrap().iter().map(|f| f["code"].as_str().unwrap()).collect()
}

fn severity_of<'a>(report: &'a Value, code: &str) -> Vec<&'a str> {
    let findings = report["findings"].as_array().unwrap();
    findings.iter().filter(|f| f["code"] == code).map(|f| f["severity"].as_str().unwrap()).collect()
}

/// The line of `config`'s output that sets `key`.
fn line<'a>(listing: &'a str, key: &str) -> &'a str {
    let prefix = format!("{key} = ");
    listing.lines().find(|l| l.starts_with(&prefix)).unwrap_or_else(|| panic!("no {key} in\n{listing}"))
}

#[test]
fn discovery_takes_the_given_file_then_the_current_directory_then_the_user_config() {
    let w = World::new();
    // F007 findings are low: each place says a different fail_on, so the exit code tells which was read.
    let run = |w: &World, extra: &[&str]| w.check(&[&["--select", "F007"], extra].concat()).0;
    assert_eq!(run(&w, &[]), Some(0), "no file anywhere: the default fail_on high");
    w.write(&w.user_config(), "fail_on = \"low\"\n");
    assert_eq!(run(&w, &[]), Some(1), "the XDG config file is read");
    w.write(&w.cwd.join("wallet-audit.toml"), "fail_on = \"medium\"\n");
    assert_eq!(run(&w, &[]), Some(0), "./wallet-audit.toml comes before the user's file");
    let given = w.home.join("cron.toml");
    w.write(&given, "fail_on = \"info\"\n");
    w.write(&w.cwd.join("wallet-audit.toml"), "fail_on = \"critical\"\n");
    assert_eq!(run(&w, &["--config", given.to_str().unwrap()]), Some(1), "--config comes first");
    assert_eq!(run(&w, &[]), Some(0));

    let (code, listing, _) = w.config(&[]);
    assert_eq!(code, Some(0));
    assert!(listing.contains("# config file: wallet-audit.toml (found in the current directory)"), "{listing}");
    assert!(line(&listing, "fail_on").contains("# config file wallet-audit.toml"), "{listing}");
}

#[test]
fn without_xdg_config_home_the_user_config_is_under_home() {
    let w = World::new();
    let file = w.home.join(".config/wallet-audit/config.toml");
    w.write(&file, "fail_on = \"low\"\n");
    let mut cmd = w.cmd(&["check", samples().as_str(), "--select", "F007"]);
    assert_eq!(cmd.env_remove("XDG_CONFIG_HOME").output().unwrap().status.code(), Some(1));
    let out = w.cmd(&["config"]).env_remove("XDG_CONFIG_HOME").output().unwrap();
    let listing = String::from_utf8(out.stdout).unwrap();
    let shown = file.display().to_string();
    assert!(listing.contains(&format!("# config file: {shown} (found in the user's config folder)")), "{listing}");
}

#[test]
fn a_missing_discovered_file_is_absent_but_a_missing_given_file_is_an_error() {
    let w = World::new();
    let (code, listing, _) = w.config(&[]);
    assert_eq!(code, Some(0));
    assert!(listing.contains("# config file: none"), "{listing}");
    let looked = format!("# looked at, in order: wallet-audit.toml, {}", w.user_config().display());
    assert!(listing.contains(&looked), "the places looked at are listed:\n{listing}");
    assert!(line(&listing, "fail_on").ends_with("\"high\"  # default"), "{listing}");

    let (code, _, stderr) = w.check(&["--config", "absent.toml"]);
    assert_eq!(code, Some(2));
    assert!(stderr.contains("absent.toml"), "{stderr}");
    let (code, _, stderr) = w.config(&["--config", "absent.toml"]);
    assert_eq!(code, Some(2));
    assert!(stderr.contains("absent.toml"), "{stderr}");
}

#[test]
fn the_command_line_overrides_the_file() {
    let w = World::new();
    w.write(
        &w.cwd.join("wallet-audit.toml"),
        "lang = \"zh\"\nfail_on = \"info\"\nselect = [\"F007\"]\nexit_zero = false\n",
    );
    let (code, report, _) = w.check(&[]);
    assert_eq!((code, codes(&report)), (Some(1), vec!["F007"]), "the file's select and fail_on");
    let title = report["findings"][0]["title"].as_str().unwrap().to_string();
    assert!(!title.is_ascii(), "lang = \"zh\" gives Chinese titles: {title}");

    let (code, report, _) = w.check(&["--fail-on", "high", "--select", "D004", "--lang", "en"]);
    assert_eq!((code, codes(&report)), (Some(0), vec!["D004"]));
    assert!(report["findings"][0]["title"].as_str().unwrap().is_ascii());
}

#[test]
fn an_unknown_key_names_the_key_and_the_file() {
    let w = World::new();
    for (text, key) in [
        ("fail_onn = \"low\"\n", "fail_onn"),
        ("[reconcile]\nrefund_window = 3\n", "refund_window"),
        ("[reconcil]\nrefund_window_days = 3\n", "reconcil"),
        ("[severity]\nF077 = \"low\"\n", "F077"),
        ("[severity]\nF007 = \"lowest\"\n", "lowest"),
        ("lang = \"fr\"\n", "fr"),
        ("select = [\"Q\"]\n", "Q"),
        ("stale_after = 0\n", "stale_after"),
    ] {
        w.write(&w.user_config(), text);
        let shown = w.user_config().display().to_string();
        let (code, _, stderr) = w.check(&[]);
        assert_eq!(code, Some(2), "{text}: {stderr}");
        assert!(stderr.contains(key) && stderr.contains(&shown), "{text}: {stderr}");
        let (code, listing, stderr) = w.config(&[]);
        assert_eq!((code, listing.as_str()), (Some(2), ""), "{text}");
        assert!(stderr.contains(key) && stderr.contains(&shown), "{text}: {stderr}");
    }
}

#[test]
fn a_severity_override_is_the_reported_severity_and_drives_the_exit_code() {
    let w = World::new();
    let (code, before, _) = w.check(&[]);
    assert_eq!((code, severity_of(&before, "F007")), (Some(1), vec!["low"]));
    w.write(&w.cwd.join("wallet-audit.toml"), "[severity]\nF007 = \"critical\"\nR001 = \"info\"\n");
    let (_, after, _) = w.check(&[]);
    assert_eq!(severity_of(&after, "F007"), vec!["critical"]);
    assert_eq!(severity_of(&after, "R001"), vec!["info"]);
    // The summary counts the severities reported: one low became critical, one critical info.
    let counts = |r: &Value, s: &str| r["summary"]["findings"][s].as_u64().unwrap();
    assert_eq!(counts(&after, "critical"), counts(&before, "critical"));
    assert_eq!(counts(&after, "low"), counts(&before, "low") - 1);
    assert_eq!(counts(&after, "info"), counts(&before, "info") + 1);

    assert_eq!(w.check(&["--select", "F007", "--fail-on", "critical"]).0, Some(1), "low by default, critical now");
    assert_eq!(w.check(&["--select", "R001"]).0, Some(0), "critical by default, info now");
}

#[test]
fn config_prints_each_value_with_its_origin() {
    let w = World::new();
    let file = w.home.join("settings.toml");
    w.write(
        &file,
        "timezone = \"+09:00\"\nwidth = 100\nstale_after = 30\n[severity]\nF007 = \"high\"\n\
         [reconcile]\npending_hours = 48\n[accounts]\n\"ccb:5678\" = \"ccb:1234\"\n",
    );
    let (code, listing, stderr) = w.config(&["--config", file.to_str().unwrap()]);
    assert_eq!(code, Some(0), "{stderr}");
    let from_file = format!("# config file {}", file.display());
    for (key, value) in [
        ("timezone", "\"+09:00\""),
        ("width", "100"),
        ("stale_after", "30"),
        ("F007", "\"high\""),
        ("pending_hours", "48"),
        ("\"ccb:5678\"", "\"ccb:1234\""),
    ] {
        assert_eq!(line(&listing, key), format!("{key} = {value}  {from_file}"), "{listing}");
    }
    for (key, value) in
        [("lang", "\"en\""), ("fail_on", "\"high\""), ("refund_window_days", "7"), ("color", "\"auto\"")]
    {
        assert_eq!(line(&listing, key), format!("{key} = {value}  # default"), "{listing}");
    }
    assert!(listing.contains(&format!("# config file: {} (--config)", file.display())), "{listing}");
}

#[test]
fn mapping_and_store_paths_are_relative_to_the_config_file() {
    let w = World::new();
    let folder = w.user_config().parent().unwrap().to_path_buf();
    w.write(&w.user_config(), "mapping = \"layouts/cmb.toml\"\nstore = \"history.sqlite3\"\n");
    w.write(
        &folder.join("layouts/cmb.toml"),
        "side = \"bank\"\naccount = \"icbc:4321\"\n[columns]\ndate = \"Date\"\ncounterparty = \"Payee\"\n\
         debit = \"Out\"\ncredit = \"In\"\nbalance = \"Balance\"\n",
    );
    let inputs = w.cwd.join("exports");
    std::fs::create_dir_all(&inputs).unwrap();
    std::fs::copy(format!("{}/attempts.csv", samples()), inputs.join("attempts.csv")).unwrap();
    w.write(&inputs.join("cmb.csv"), "Date,Payee,Out,In,Balance\n2026-09-18,Tenpay WeChat,500.00,,1000.00\n");
    let out = w.cmd(&["check", "exports", "--format", "json", "--exit-zero"]).output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    let formats: Vec<&str> =
        report["inputs"].as_array().unwrap().iter().map(|i| i["format"].as_str().unwrap()).collect();
    assert!(formats.contains(&"mapping"), "the mapping beside the config file read cmb.csv: {formats:?}");

    let (_, listing, _) = w.config(&[]);
    let mapping = folder.join("layouts/cmb.toml").display().to_string();
    assert!(line(&listing, "mapping").starts_with(&format!("mapping = {mapping:?}  # config file")), "{listing}");
    let store = folder.join("history.sqlite3").display().to_string();
    assert!(line(&listing, "store").starts_with(&format!("store = {store:?}  # config file")), "{listing}");
}

#[test]
fn the_readme_example_is_a_valid_file_and_config_shows_every_key_from_it() {
    let readme = std::fs::read_to_string(format!("{}/README.md", env!("CARGO_MANIFEST_DIR"))).unwrap();
    let section = &readme[readme.find("### Settings (").expect("README has the settings section")..];
    let start = section.find("```toml\n").unwrap() + "```toml\n".len();
    let example = &section[start..start + section[start..].find("```").unwrap()];
    let w = World::new();
    let file = w.home.join("example.toml");
    w.write(&file, example);
    let (code, listing, stderr) = w.config(&["--config", file.to_str().unwrap()]);
    assert_eq!(code, Some(0), "{stderr}");
    let from_file = format!("  # config file {}", file.display());
    // Each `key = value` line of the example shows up as set by the file (comments aside).
    for key in example.lines().filter(|l| l.contains(" = ")).map(|l| l.split(" = ").next().unwrap().trim()) {
        assert!(line(&listing, key).ends_with(&from_file), "{key}:\n{listing}");
    }
}
