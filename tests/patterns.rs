//! The pattern and suspicious-entry stage through the binary: what could not run is said,
//! related findings point at each other, and the `[patterns]` settings are honoured.

use assert_cmd::Command;
use serde_json::Value;

fn run(args: &[&str]) -> (Option<i32>, Value, String) {
    let mut cmd = Command::cargo_bin("wallet-audit").unwrap();
    let out = cmd.current_dir(env!("CARGO_MANIFEST_DIR")).args(args).output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr).to_string();
    let json = serde_json::from_slice(&out.stdout).unwrap_or(Value::Null);
    (out.status.code(), json, stderr)
}

fn not_run(report: &Value) -> Vec<(String, String)> {
    report["summary"]["not_run"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| (n["code"].as_str().unwrap().to_string(), n["needs"].as_str().unwrap().to_string()))
        .collect()
}

#[test]
fn rules_without_their_data_say_so_instead_of_staying_silent() {
    let (_, report, _) = run(&["check", "tests/fixtures/rules/R003", "--format", "json", "--exit-zero"]);
    let missing = not_run(&report);
    for code in ["P001", "P002", "P003", "P004", "P005", "P006", "P007"] {
        assert!(missing.contains(&(code.to_string(), "timed-attempts".to_string())), "{code}: {missing:?}");
    }
    assert!(missing.contains(&("S001".into(), "account-history".into())), "{missing:?}");
    // An attempts log with app versions and networks: P006/P007 can run; the S profiles cannot.
    let (_, report, _) = run(&["check", "tests/fixtures/rules/P006", "--format", "json", "--exit-zero"]);
    let missing = not_run(&report);
    assert!(!missing.iter().any(|(c, _)| c.starts_with('P')), "{missing:?}");
    assert!(missing.contains(&("S002".into(), "account-history".into())), "{missing:?}");
    // Only selected rules are listed.
    let (_, report, _) =
        run(&["check", "tests/fixtures/rules/R003", "--format", "json", "--exit-zero", "--select", "P006"]);
    assert_eq!(not_run(&report), vec![("P006".to_string(), "timed-attempts".to_string())]);
}

#[test]
fn related_findings_point_at_each_other() {
    let (_, report, _) = run(&["check", "samples", "--format", "json", "--exit-zero"]);
    let findings = report["findings"].as_array().unwrap();
    let ids: Vec<&str> = findings.iter().map(|f| f["id"].as_str().unwrap()).collect();
    let mut links = 0;
    for f in findings {
        for other in f["related"].as_array().unwrap() {
            let other = other.as_str().unwrap();
            let back = findings.iter().find(|g| g["id"] == other).unwrap_or_else(|| panic!("{other} not in {ids:?}"));
            assert!(back["related"].as_array().unwrap().iter().any(|r| r == &f["id"]), "{other} does not point back");
            links += 1;
        }
    }
    assert!(links > 0);
    // The R001 attempt timed out: its F007 group is related to it.
    let r001 = findings.iter().find(|f| f["code"] == "R001").unwrap();
    let related: Vec<&str> = r001["related"].as_array().unwrap().iter().map(|r| r.as_str().unwrap()).collect();
    assert!(related.iter().any(|r| r.starts_with("F007-")), "{related:?}");
    assert!(r001["advice"].as_array().unwrap().iter().any(|a| a.as_str().unwrap().contains(related[0])));
}

#[test]
fn peak_hours_come_from_the_config_and_nonsense_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("wallet-audit.toml");
    let fixture = "tests/fixtures/rules/P001";
    let (_, report, _) = run(&["check", fixture, "--format", "json", "--exit-zero", "--select", "P001"]);
    assert_eq!(report["findings"].as_array().unwrap().len(), 1);
    // With the peak moved to the morning, the midday and evening failures are off-peak.
    std::fs::write(&config, "[patterns]\npeak_hours = [\"09:00-10:00\"]\n").unwrap();
    let args = ["check", fixture, "--format", "json", "--exit-zero", "--select", "P001", "--config"];
    let (_, report, _) = run(&[&args[..], &[config.to_str().unwrap()]].concat());
    assert_eq!(report["findings"].as_array().unwrap().len(), 0);
    std::fs::write(&config, "[patterns]\npeak_hours = [\"19-23\"]\n").unwrap();
    let (code, _, stderr) = run(&[&args[..], &[config.to_str().unwrap()]].concat());
    assert_eq!(code, Some(2));
    assert!(stderr.contains("peak_hours") && stderr.contains("wallet-audit.toml"), "{stderr}");
    std::fs::write(&config, "[patterns]\npeak = []\n").unwrap();
    let (code, _, stderr) = run(&[&args[..], &[config.to_str().unwrap()]].concat());
    assert_eq!(code, Some(2));
    assert!(stderr.contains("peak"), "{stderr}");
}
