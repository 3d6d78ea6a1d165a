//! Conservation as a property (DESIGN.md §6 "Nothing lost", issue #6): for every fixture file
//! under `tests/fixtures/` and `samples/`, and for simulated households, `check --format json`
//! on the real binary keeps, per input, `rows = transactions + duplicates + rejected`, and counts
//! at least as many rows as the file has lines starting with a date: every dated-looking line is
//! a transaction, a duplicate or a D001. The top-ups add up too: every attempted top-up is
//! succeeded, failed, pending or cancelled.

use assert_cmd::Command;
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::time::Duration;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn wallet_audit() -> Command {
    let mut cmd = Command::cargo_bin("wallet-audit").unwrap();
    cmd.env_remove("COLUMNS").timeout(Duration::from_secs(60));
    cmd
}

/// Every `.csv`, `.tsv` and `.txt` file under `dir`, sorted.
fn files_under(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).unwrap_or_else(|e| panic!("{}: {e}", d.display())) {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|x| x == "csv" || x == "tsv" || x == "txt") {
                out.push(path);
            }
        }
    }
    out.sort();
    out
}

/// The text of a file as far as line structure goes: UTF-16 decoded, anything else read
/// lossily (GBK and UTF-8 both keep ASCII dates and line breaks as they are).
fn text_of(bytes: &[u8]) -> String {
    let utf16 = |le: bool| {
        let units: Vec<u16> = bytes[2..]
            .chunks_exact(2)
            .map(|c| if le { u16::from_le_bytes([c[0], c[1]]) } else { u16::from_be_bytes([c[0], c[1]]) })
            .collect();
        String::from_utf16_lossy(&units)
    };
    match bytes {
        [0xFF, 0xFE, ..] => utf16(true),
        [0xFE, 0xFF, ..] => utf16(false),
        _ => String::from_utf8_lossy(bytes).into_owned(),
    }
}

/// Lines that start with a date: `2026-09-02`, `2026/9/2`, `2026.09.02`, `2026年9月2日`,
/// `20260902` (after blanks, a BOM or an opening quote).
fn dated_lines(bytes: &[u8]) -> usize {
    text_of(bytes).split(['\n', '\r']).filter(|l| starts_with_date(l)).count()
}

fn starts_with_date(line: &str) -> bool {
    let l = line.trim_start_matches(|c: char| c.is_whitespace() || c == '\u{feff}' || c == '"' || c == '\'');
    let digits = |s: &str| s.bytes().take_while(u8::is_ascii_digit).count();
    match digits(l) {
        8 => true,
        4 => {
            let rest = &l[4..];
            let Some(sep) = rest.chars().next().filter(|c| "-/.年".contains(*c)) else { return false };
            let rest = &rest[sep.len_utf8()..];
            let m = digits(rest);
            (1..=2).contains(&m) && rest[m..].chars().next().is_some_and(|c| "-/.月".contains(c))
        }
        _ => false,
    }
}

#[test]
fn the_date_detector_knows_the_layouts() {
    for yes in [
        "2026-09-02 08:15:22,200.00",
        "2024-04-09     \t,\"消费",
        "\u{feff}2026/9/2,x",
        "\"2026年9月2日\"",
        "20260902,x",
    ] {
        assert!(starts_with_date(yes), "{yes:?}");
    }
    for no in ["time,amount", "起始时间：[2026-03-01 00:00:00]", "共12笔记录", "2026", "123456789,x", "1. 充值"]
    {
        assert!(!starts_with_date(no), "{no:?}");
    }
}

/// Runs `check PATHS --format json [--mapping M]`, and checks what holds for any input.
fn check(paths: &[PathBuf], mapping: Option<&Path>) -> Result<Value, String> {
    let mut cmd = wallet_audit();
    cmd.arg("check").args(paths).args(["--format", "json"]);
    if let Some(m) = mapping {
        cmd.arg("--mapping").arg(m);
    }
    let shown: Vec<String> = paths.iter().map(|p| p.display().to_string()).collect();
    let out = cmd.output().map_err(|e| format!("{shown:?}: {e}"))?;
    let stderr = String::from_utf8_lossy(&out.stderr);
    if stderr.contains("panicked") {
        return Err(format!("{shown:?}: panicked: {stderr}"));
    }
    match out.status.code() {
        Some(0 | 1) => {}
        code => return Err(format!("{shown:?}: exit {code:?}, the audit did not run: {stderr}")),
    }
    let report: Value = serde_json::from_slice(&out.stdout).map_err(|e| format!("{shown:?}: not JSON: {e}"))?;
    let mut problems = Vec::new();
    for input in report["inputs"].as_array().into_iter().flatten() {
        let n = |k: &str| input[k].as_u64().unwrap_or(u64::MAX);
        if n("rows") != n("transactions").saturating_add(n("duplicates")).saturating_add(n("rejected")) {
            problems.push(format!("rows != transactions + duplicates + rejected: {input}"));
        }
    }
    let t = &report["summary"]["top_ups"];
    let n = |k: &str| t[k].as_u64().unwrap_or(u64::MAX);
    let ended = ["succeeded", "failed", "pending", "cancelled"].iter().map(|k| n(k)).fold(0u64, u64::saturating_add);
    if n("attempted") != ended {
        problems.push(format!("top-ups attempted != succeeded + failed + pending + cancelled: {t}"));
    }
    for path in paths.iter().filter(|p| p.is_file()) {
        let shown = path.display().to_string();
        let rows: u64 = report["inputs"]
            .as_array()
            .into_iter()
            .flatten()
            .filter(|i| i["path"].as_str() == Some(&shown))
            .map(|i| i["rows"].as_u64().unwrap_or(0))
            .sum();
        let dated = dated_lines(&std::fs::read(path).unwrap()) as u64;
        if rows < dated {
            problems.push(format!("{shown}: {dated} lines start with a date, but only {rows} rows were counted"));
        }
    }
    if problems.is_empty() { Ok(report) } else { Err(format!("{shown:?}:\n  {}", problems.join("\n  "))) }
}

/// The mapping a fixture CSV needs: `X.toml` beside `X.csv` under `tests/fixtures/ingest/mapping/`.
fn mapping_for(file: &Path) -> Option<PathBuf> {
    let in_mapping = file.parent().is_some_and(|p| p.ends_with("mapping"));
    in_mapping.then(|| file.with_extension("toml")).filter(|m| m.is_file())
}

/// Every fixture file alone: the audit runs and nothing is lost.
#[test]
fn every_fixture_file_alone_conserves_its_rows() {
    let mut files = files_under(&root().join("tests/fixtures"));
    files.extend(files_under(&root().join("samples")));
    assert!(files.len() >= 60, "{} fixture files", files.len());
    let problems: Vec<String> =
        files.iter().filter_map(|f| check(std::slice::from_ref(f), mapping_for(f).as_deref()).err()).collect();
    assert!(problems.is_empty(), "{} of {} files:\n{}", problems.len(), files.len(), problems.join("\n"));
}

/// Every fixture folder as a whole (the rule fixtures are sets of files, samples/ a household).
#[test]
fn every_fixture_folder_conserves_its_rows() {
    let mut folders = vec![root().join("samples")];
    for base in ["tests/fixtures/rules", "tests/fixtures/ingest"] {
        let mut sub: Vec<PathBuf> = std::fs::read_dir(root().join(base))
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.is_dir() && !p.ends_with("mapping"))
            .collect();
        sub.sort();
        folders.extend(sub);
    }
    let mut problems = Vec::new();
    for folder in &folders {
        let files = files_under(folder);
        if let Err(e) = check(&files, None) {
            problems.push(e);
        }
    }
    assert!(problems.is_empty(), "{} of {} folders:\n{}", problems.len(), folders.len(), problems.join("\n"));
}

fn simulate(seed: u64, days: u32, ordinary: bool) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let mut cmd = wallet_audit();
    cmd.args(["simulate", "--seed", &seed.to_string(), "--days", &days.to_string(), "--out"]).arg(dir.path());
    if ordinary {
        cmd.arg("--ordinary");
    }
    let out = cmd.output().unwrap();
    assert!(out.status.success(), "simulate --seed {seed}: {}", String::from_utf8_lossy(&out.stderr));
    dir
}

/// Simulated households: 30 days of ordinary life for a few seeds, and 60 days with every
/// incident planted (D001 rows among them). Checked as a household and file by file.
#[test]
fn simulated_households_conserve_their_rows() {
    let mut problems = Vec::new();
    for (seed, days, ordinary) in [(1, 30, true), (2, 30, true), (3, 30, true), (4, 60, false), (5, 60, false)] {
        let dir = simulate(seed, days, ordinary);
        let files = files_under(dir.path());
        assert!(files.len() >= 3, "seed {seed}: {files:?}");
        match check(&files, None) {
            Ok(report) => {
                let rejected: u64 = report["inputs"]
                    .as_array()
                    .into_iter()
                    .flatten()
                    .map(|i| i["rejected"].as_u64().unwrap_or(0))
                    .sum();
                let d001 = report["findings"].as_array().into_iter().flatten().filter(|f| f["code"] == "D001").count();
                if rejected > 0 && d001 == 0 {
                    problems.push(format!("seed {seed}: {rejected} rows rejected and no D001 says why"));
                }
            }
            Err(e) => problems.push(format!("seed {seed} ({days} days): {e}")),
        }
        for f in &files {
            if let Err(e) = check(std::slice::from_ref(f), None) {
                problems.push(format!("seed {seed}, alone: {e}"));
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
