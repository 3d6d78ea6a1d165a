//! A hostile-input corpus (issue #6), each case with its expected outcome, run on the real
//! binary. Every case is built at run time by mutating the project's own fixtures (the
//! canonical attempts log and the WeChat, Alipay and ICBC exports of `samples/` and
//! `tests/fixtures/ingest/`), so it keeps the real layouts; the big cases (a 100 MB line, a
//! million columns, 200,000 bad rows) are generated into a temporary folder.
//!
//! What every case checks, whatever else it expects (`Run` does it on every run):
//! - the process ends within 60 s (`TIMEOUT`) and never panics ("panicked" is never in stderr);
//! - exit 0 or 1 means the audit ran, and then the JSON report parses and every input keeps
//!   `rows = transactions + duplicates + rejected`; exit 2 is an error, with a message on stderr;
//! - what is printed is bounded (no input is echoed whole).
//!
//! The expected outcomes are the project's promises (DESIGN.md §6, README, issue #6), not what
//! the code does today.

use assert_cmd::Command;
use serde_json::Value;
use std::collections::BTreeMap;
use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

const TIMEOUT: Duration = Duration::from_secs(60);
/// More output than any report of these small inputs needs: more means an input was echoed.
const MAX_OUTPUT: usize = 4 << 20;
/// Peak memory allowed for the big cases ("never OOM"; DESIGN.md §6 "Bounded"): the default cap
/// on one input is 1 GiB (`ingest::files::DEFAULT_MAX_INPUT_SIZE`), so a capped read of an
/// endless stream may hold that much, plus the process itself.
const MAX_PEAK_KIB: u64 = 3 << 19;

// ---------------------------------------------------------------------------------------------
// Fixtures and mutations

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn fixture(rel: &str) -> Vec<u8> {
    std::fs::read(root().join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

fn fixture_text(rel: &str) -> String {
    String::from_utf8(fixture(rel)).unwrap_or_else(|e| panic!("{rel} is not UTF-8: {e}"))
}

const ATTEMPTS: &str = "samples/attempts.csv";
const WECHAT: &str = "tests/fixtures/ingest/wechat/wechat-plain.csv";
const ALIPAY_GBK: &str = "tests/fixtures/ingest/alipay/alipay-2023.csv";
const ICBC: &str = "tests/fixtures/ingest/icbc/debit-2024.csv";

/// Lines of a text file without their `\n`, 1-based as evidence counts them (`lines[0]` is line 1).
fn split_lines(text: &str) -> Vec<String> {
    text.strip_suffix('\n').unwrap_or(text).split('\n').map(str::to_string).collect()
}

fn join_lines(lines: &[String]) -> String {
    let mut s = lines.join("\n");
    s.push('\n');
    s
}

/// `text` with cell `cell` (0-based) of line `line` (1-based) replaced; for files without quotes.
fn set_cell(text: &str, line: usize, cell: usize, value: &str) -> String {
    let mut lines = split_lines(text);
    let mut cells: Vec<String> = lines[line - 1].split(',').map(str::to_string).collect();
    cells[cell] = value.to_string();
    lines[line - 1] = cells.join(",");
    join_lines(&lines)
}

/// Attempts columns (samples/attempts.csv).
const AMOUNT: usize = 1;
const METHOD: usize = 5;
const ERROR_MESSAGE: usize = 8;
const DEVICE: usize = 10;

/// The line (1-based) of the first line of `text` that contains `needle`.
fn line_of(text: &str, needle: &str) -> usize {
    split_lines(text).iter().position(|l| l.contains(needle)).unwrap_or_else(|| panic!("no line holds {needle:?}")) + 1
}

/// The line (1-based) of the WeChat header, and the data lines after it.
fn wechat_header_line(text: &str) -> usize {
    line_of(text, "交易时间,交易类型")
}

/// A fixed-seed xorshift, so "random" bytes are the same on every run.
struct XorShift(u64);

impl XorShift {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn bytes(&mut self, n: usize) -> Vec<u8> {
        (0..n).map(|_| (self.next() >> 24) as u8).collect()
    }
}

/// Lines that start with a date (`2026-09-02`, `2026/9/2`, `2026年9月2日`, `20260902`): every
/// one of them must end as a transaction, a duplicate or a D001.
fn dated_lines(bytes: &[u8]) -> usize {
    String::from_utf8_lossy(bytes).split(['\n', '\r']).filter(|l| starts_with_date(l)).count()
}

fn starts_with_date(line: &str) -> bool {
    let l = line.trim_start_matches(|c: char| c.is_whitespace() || c == '\u{feff}' || c == '"' || c == '\'');
    let b = l.as_bytes();
    let digits = |s: &[u8]| s.iter().take_while(|c| c.is_ascii_digit()).count();
    if digits(b) == 8 {
        return true;
    }
    if digits(b) != 4 {
        return false;
    }
    let rest = &l[4..];
    let Some(sep) = rest.chars().next().filter(|c| "-/.年".contains(*c)) else { return false };
    let rest = &rest[sep.len_utf8()..];
    let m = digits(rest.as_bytes());
    (1..=2).contains(&m) && rest[m..].chars().next().is_some_and(|c| "-/.月".contains(c))
}

// ---------------------------------------------------------------------------------------------
// Running the binary

struct Run {
    what: String,
    code: Option<i32>,
    stdout: Vec<u8>,
    stderr: String,
    report: Option<Value>,
}

fn wallet_audit() -> Command {
    let mut cmd = Command::cargo_bin("wallet-audit").unwrap();
    cmd.env_remove("COLUMNS").env("NO_COLOR", "1").timeout(TIMEOUT);
    cmd
}

fn run<I, S>(args: I) -> Run
where
    I: IntoIterator<Item = S>,
    S: Into<OsString>,
{
    let args: Vec<OsString> = args.into_iter().map(Into::into).collect();
    let what = format!("wallet-audit {}", args.iter().map(|a| a.to_string_lossy()).collect::<Vec<_>>().join(" "));
    let started = Instant::now();
    let out = wallet_audit().args(&args).output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(
        out.status.code().is_some(),
        "{what}: killed after {:?} (hang or timeout {TIMEOUT:?}); stderr: {}",
        started.elapsed(),
        excerpt(&stderr)
    );
    let mut r = Run { what, code: out.status.code(), stdout: out.stdout, stderr, report: None };
    r.check_common();
    let json = args.windows(2).any(|w| w[0] == "--format" && w[1] == "json");
    if json && r.ran() {
        let report: Value = serde_json::from_slice(&r.stdout)
            .unwrap_or_else(|e| panic!("{}: stdout is not JSON ({e}): {}", r.what, excerpt(&r.out())));
        r.report = Some(report);
        r.check_conservation();
    }
    r
}

/// `check FILES --format json`.
fn check_json(files: &[&Path], extra: &[&str]) -> Run {
    let mut args: Vec<OsString> = vec!["check".into()];
    args.extend(files.iter().map(|f| f.as_os_str().to_owned()));
    args.extend(["--format", "json"].map(OsString::from));
    args.extend(extra.iter().map(OsString::from));
    run(args)
}

/// `check FILES` as the terminal table a person reads.
fn check_table(files: &[&Path], extra: &[&str]) -> Run {
    let mut args: Vec<OsString> = vec!["check".into()];
    args.extend(files.iter().map(|f| f.as_os_str().to_owned()));
    args.extend(["--color", "never", "--width", "160"].map(OsString::from));
    args.extend(extra.iter().map(OsString::from));
    run(args)
}

fn excerpt(s: &str) -> String {
    let cut: String = s.chars().take(1500).collect();
    if cut.len() < s.len() { format!("{cut}… ({} bytes)", s.len()) } else { cut }
}

impl Run {
    fn ran(&self) -> bool {
        matches!(self.code, Some(0 | 1))
    }

    fn out(&self) -> String {
        String::from_utf8_lossy(&self.stdout).into_owned()
    }

    fn check_common(&self) {
        assert!(!self.stderr.contains("panicked"), "{}: panicked: {}", self.what, excerpt(&self.stderr));
        assert!(matches!(self.code, Some(0..=2)), "{}: exit {:?}: {}", self.what, self.code, excerpt(&self.stderr));
        assert!(
            self.stdout.len() + self.stderr.len() <= MAX_OUTPUT,
            "{}: {} bytes of output, {} on stderr: an input is echoed unbounded; stderr starts {}",
            self.what,
            self.stdout.len() + self.stderr.len(),
            self.stderr.len(),
            excerpt(&self.stderr)
        );
        if self.code == Some(2) {
            assert!(!self.stderr.trim().is_empty(), "{}: exit 2 without a message", self.what);
        }
    }

    fn check_conservation(&self) {
        for input in self.inputs() {
            let n = |k: &str| input[k].as_u64().unwrap_or_else(|| panic!("{}: input lacks {k}: {input}", self.what));
            assert_eq!(
                n("rows"),
                n("transactions") + n("duplicates") + n("rejected"),
                "{}: rows != transactions + duplicates + rejected: {input}",
                self.what
            );
        }
    }

    fn report(&self) -> &Value {
        self.report.as_ref().unwrap_or_else(|| {
            panic!("{}: no report (exit {:?}); stderr: {}", self.what, self.code, excerpt(&self.stderr))
        })
    }

    fn inputs(&self) -> Vec<&Value> {
        self.report.as_ref().and_then(|r| r["inputs"].as_array()).map(|a| a.iter().collect()).unwrap_or_default()
    }

    fn findings(&self) -> Vec<&Value> {
        self.report()["findings"].as_array().map(|a| a.iter().collect()).unwrap_or_default()
    }

    fn codes(&self) -> BTreeMap<String, usize> {
        let mut m = BTreeMap::new();
        for f in self.findings() {
            *m.entry(f["code"].as_str().unwrap_or("?").to_string()).or_default() += 1;
        }
        m
    }

    /// rows, transactions, duplicates and rejected of the inputs read from a file named `name`
    /// (summed: one file may hold several exports).
    fn totals(&self, name: &str) -> (u64, u64, u64, u64) {
        let inputs: Vec<&Value> = self.inputs().into_iter().filter(|i| path_is(i, name)).collect();
        assert!(
            !inputs.is_empty(),
            "{}: no input from {name}; inputs {:?}; stderr {}",
            self.what,
            self.inputs(),
            excerpt(&self.stderr)
        );
        let n = |k: &str| inputs.iter().map(|i| i[k].as_u64().unwrap_or(0)).sum::<u64>();
        (n("rows"), n("transactions"), n("duplicates"), n("rejected"))
    }

    /// Some D001 group of `name` counts more rows than it cites, and cites only lines before
    /// `line` (groups cite their first lines).
    fn counted_past_cited(&self, name: &str, line: usize) -> bool {
        self.findings().into_iter().filter(|f| f["code"] == "D001").any(|f| {
            let cited: Vec<u64> = f["evidence"]
                .as_array()
                .into_iter()
                .flatten()
                .filter(|e| path_is(e, name))
                .filter_map(|e| e["line"].as_u64())
                .collect();
            let count = f["message"]
                .as_str()
                .and_then(|m| m.split_whitespace().next())
                .and_then(|n| n.parse::<usize>().ok())
                .unwrap_or(0);
            !cited.is_empty() && count > cited.len() && cited.iter().all(|&c| c < line as u64)
        })
    }

    /// The D001 findings about a file named `name`: line → message.
    fn d001(&self, name: &str) -> BTreeMap<u64, String> {
        let mut m = BTreeMap::new();
        for f in self.findings().into_iter().filter(|f| f["code"] == "D001") {
            for e in f["evidence"].as_array().into_iter().flatten() {
                if path_is(e, name) {
                    let line = e["line"].as_u64().unwrap_or(0);
                    m.insert(line, f["message"].as_str().unwrap_or("").to_string());
                }
            }
        }
        m
    }

    /// A D001 cites `line` of `name`, and its message mentions `mentions` when it quotes that
    /// line: a D001 about one row, or the first row of a group of rows rejected for the same
    /// kind of reason (a group quotes only its first row, and lists the others' lines).
    fn assert_d001(&self, name: &str, line: usize, mentions: &str) {
        let d = self.d001(name);
        let Some(msg) = d.get(&(line as u64)) else {
            // A group cites its first five lines and counts the rest: the line must be one of
            // those counted, past the lines a group of this file cites.
            assert!(
                self.counted_past_cited(name, line),
                "{}: expected a D001 for {name} line {line} ({mentions}); D001 lines: {d:?}",
                self.what
            );
            return;
        };
        let grouped = msg.contains("rows could not be read for the same kind of reason");
        if !grouped || msg.contains(&format!("line {line}:")) {
            assert!(msg.contains(mentions), "{}: D001 for line {line} should mention {mentions:?}: {msg}", self.what);
        }
    }

    /// Every dated-looking line of `bytes` is a transaction, a duplicate or a D001.
    fn assert_dated_lines_accounted(&self, name: &str, bytes: &[u8]) {
        let (rows, ..) = self.totals(name);
        let dated = dated_lines(bytes) as u64;
        assert!(rows >= dated, "{}: {name} has {dated} dated lines but only {rows} rows were counted", self.what);
    }

    fn assert_error_naming(&self, name: &str) {
        assert_eq!(self.code, Some(2), "{}: expected exit 2; stderr: {}", self.what, excerpt(&self.stderr));
        assert!(self.stderr.contains(name), "{}: the error should name {name}: {}", self.what, excerpt(&self.stderr));
    }
}

fn path_is(v: &Value, name: &str) -> bool {
    v["path"].as_str().is_some_and(|p| p == name || p.ends_with(&format!("/{name}")))
}

/// A temporary folder holding the given files.
fn folder(files: &[(&str, &[u8])]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (name, bytes) in files {
        std::fs::write(dir.path().join(name), bytes).unwrap();
    }
    dir
}

/// Runs with stdout and stderr going to files, measuring the peak resident memory (Linux:
/// VmHWM sampled until exit), killed at `TIMEOUT`.
struct Measured {
    what: String,
    code: Option<i32>,
    stdout: Vec<u8>,
    stdout_len: u64,
    stderr: String,
    peak_kib: u64,
    elapsed: Duration,
}

fn run_measured(args: &[OsString], stdin: Option<std::fs::File>) -> Measured {
    let what = format!("wallet-audit {}", args.iter().map(|a| a.to_string_lossy()).collect::<Vec<_>>().join(" "));
    let dir = tempfile::tempdir().unwrap();
    let (out_path, err_path) = (dir.path().join("stdout"), dir.path().join("stderr"));
    let mut cmd = std::process::Command::new(assert_cmd::cargo::cargo_bin("wallet-audit"));
    cmd.args(args).env_remove("COLUMNS").env("NO_COLOR", "1");
    cmd.stdout(std::fs::File::create(&out_path).unwrap()).stderr(std::fs::File::create(&err_path).unwrap());
    cmd.stdin(stdin.map_or_else(std::process::Stdio::null, std::process::Stdio::from));
    let started = Instant::now();
    let mut child = cmd.spawn().unwrap();
    let status_file = format!("/proc/{}/status", child.id());
    let mut peak_kib = 0;
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break Some(status);
        }
        if let Ok(s) = std::fs::read_to_string(&status_file) {
            let hwm = s
                .lines()
                .find_map(|l| l.strip_prefix("VmHWM:"))
                .and_then(|v| v.trim().trim_end_matches(" kB").parse().ok());
            peak_kib = peak_kib.max(hwm.unwrap_or(0));
        }
        if started.elapsed() > TIMEOUT {
            let _ = child.kill();
            let _ = child.wait();
            break None;
        }
        std::thread::sleep(Duration::from_millis(10));
    };
    let elapsed = started.elapsed();
    let stdout_len = std::fs::metadata(&out_path).map(|m| m.len()).unwrap_or(0);
    let stdout = if stdout_len <= MAX_OUTPUT as u64 { std::fs::read(&out_path).unwrap() } else { Vec::new() };
    let stderr_len = std::fs::metadata(&err_path).map(|m| m.len()).unwrap_or(0);
    let stderr = if stderr_len <= MAX_OUTPUT as u64 {
        String::from_utf8_lossy(&std::fs::read(&err_path).unwrap()).into_owned()
    } else {
        format!("<{stderr_len} bytes>")
    };
    let m = Measured { what, code: status.and_then(|s| s.code()), stdout, stdout_len, stderr, peak_kib, elapsed };
    assert!(status.is_some(), "{}: still running after {TIMEOUT:?} (peak {} MiB), killed", m.what, m.peak_kib >> 10);
    assert!(!m.stderr.contains("panicked"), "{}: panicked: {}", m.what, excerpt(&m.stderr));
    assert!(
        matches!(m.code, Some(0..=2)),
        "{}: exit {:?} (killed by a signal?): {}",
        m.what,
        m.code,
        excerpt(&m.stderr)
    );
    assert!(
        m.peak_kib <= MAX_PEAK_KIB,
        "{}: peak memory {} MiB (limit {} MiB) after {:?}",
        m.what,
        m.peak_kib >> 10,
        MAX_PEAK_KIB >> 10,
        m.elapsed
    );
    assert!(
        m.stdout_len as usize + stderr_len as usize <= MAX_OUTPUT,
        "{}: {} bytes on stdout and {stderr_len} on stderr: unbounded output",
        m.what,
        m.stdout_len
    );
    m
}

fn os(args: &[&str]) -> Vec<OsString> {
    args.iter().map(OsString::from).collect()
}

// ---------------------------------------------------------------------------------------------
// The baseline: the unmutated fixtures

#[test]
fn the_unmutated_fixtures_are_read_whole() {
    for rel in [ATTEMPTS, WECHAT, ALIPAY_GBK, ICBC] {
        let r = check_json(&[&root().join(rel)], &[]);
        let name = Path::new(rel).file_name().unwrap().to_str().unwrap();
        let (rows, ..) = r.totals(name);
        assert!(rows > 0, "{rel}");
        r.assert_dated_lines_accounted(name, &fixture(rel));
    }
}

/// One attempts row per amount, each a D001 naming its line and the value.
#[test]
fn hostile_amounts_in_the_attempts_log_are_d001_naming_line_and_value() {
    let base = fixture_text(ATTEMPTS);
    let amounts = [
        "1e309",
        "1e5",
        "--5",
        "+-5",
        "(12.00)",
        "\"1.234,56\"",
        "12.345.678",
        "NaN",
        "inf",
        "0x10",
        "123456789012345678901234567890",
        "0.000000000000000000000000000001",
        ".",
        "-",
        "¥",
    ];
    let mut text = base.clone();
    for (i, amount) in amounts.iter().enumerate() {
        text = set_cell(&text, 2 + i, AMOUNT, amount);
    }
    let dir = folder(&[("attempts.csv", text.as_bytes())]);
    let r = check_json(&[&dir.path().join("attempts.csv")], &[]);
    for (i, amount) in amounts.iter().enumerate() {
        r.assert_d001("attempts.csv", 2 + i, amount.trim_matches('"'));
    }
    let (rows, tx, dup, rejected) = r.totals("attempts.csv");
    let (base_rows, base_tx, ..) = check_json(&[&root().join(ATTEMPTS)], &[]).totals("attempts.csv");
    assert_eq!(rows, base_rows, "{}", r.what);
    assert_eq!((tx + dup, rejected), (base_tx - amounts.len() as u64, base_rows - base_tx + amounts.len() as u64));
}

#[test]
fn hostile_amounts_in_a_wechat_bill_are_d001() {
    let base = fixture_text(WECHAT);
    let header = wechat_header_line(&base);
    let mut lines = split_lines(&base);
    let amounts = ["¥1e309", "¥--5", "\"¥1.234,56\"", "¥(12.00)", "¥NaN", "¥123456789012345678901234567890"];
    for (i, amount) in amounts.iter().enumerate() {
        let line = &mut lines[header + i];
        let old = line.split(',').nth(5).unwrap().to_string();
        *line = line.replacen(&old, amount, 1);
    }
    let text = join_lines(&lines);
    let dir = folder(&[("wechat.csv", text.as_bytes())]);
    let r = check_json(&[&dir.path().join("wechat.csv")], &[]);
    for (i, amount) in amounts.iter().enumerate() {
        r.assert_d001("wechat.csv", header + 1 + i, amount.trim_matches('"'));
    }
    r.assert_dated_lines_accounted("wechat.csv", text.as_bytes());
}

#[test]
fn a_european_amount_in_an_icbc_statement_is_d001() {
    let base = fixture_text(ICBC);
    let line = line_of(&base, "\"500.00 ");
    let text = base.replacen("\"500.00 ", "\"1.234,56 ", 1);
    let dir = folder(&[("icbc.csv", text.as_bytes())]);
    let r = check_json(&[&dir.path().join("icbc.csv")], &[]);
    r.assert_d001("icbc.csv", line, "1.234,56");
    r.assert_dated_lines_accounted("icbc.csv", text.as_bytes());
}

// ---------------------------------------------------------------------------------------------
// Cut, broken and garbled files

/// `head -c` in the middle of a row's reference: the cut row is a D001, the rows before it stay.
#[test]
fn an_attempts_log_cut_mid_row_reports_the_cut_row() {
    let base = fixture_text(ATTEMPTS);
    let reference = "110126101110005688315983377828";
    let line = line_of(&base, reference);
    let cut = base.find(reference).unwrap() + 10;
    let text = &base[..cut];
    let dir = folder(&[("attempts.csv", text.as_bytes())]);
    let r = check_json(&[&dir.path().join("attempts.csv")], &[]);
    r.assert_d001("attempts.csv", line, "");
    let (rows, tx, ..) = r.totals("attempts.csv");
    // The rows before the cut are read as in the whole log (which has one bad row of its own).
    let whole = check_json(&[&root().join(ATTEMPTS)], &[]);
    let bad_before = whole.d001("attempts.csv").keys().filter(|l| **l < line as u64).count() as u64;
    assert_eq!((rows, tx), (line as u64 - 1, line as u64 - 2 - bad_before), "{}: (rows, transactions)", r.what);
}

/// Cut to `…,800.00,fail`: not a failed attempt but a cut row.
#[test]
fn a_row_cut_to_fail_is_not_read_as_failed() {
    let base = fixture_text(ATTEMPTS);
    let line = line_of(&base, "2026-09-08 20:10:31,800.00,failed");
    let cut = base.find("2026-09-08 20:10:31,800.00,fail").unwrap() + "2026-09-08 20:10:31,800.00,fail".len();
    let dir = folder(&[("attempts.csv", &base.as_bytes()[..cut])]);
    let r = check_json(&[&dir.path().join("attempts.csv")], &[]);
    r.assert_d001("attempts.csv", line, "");
}

/// A WeChat bill cut mid-reference (the `交易单号` cell of its last row).
#[test]
fn a_wechat_bill_cut_mid_reference_reports_the_cut_row() {
    let base = fixture_text(WECHAT);
    let lines = split_lines(&base);
    let last = lines.iter().rposition(|l| starts_with_date(l)).unwrap();
    let row = &lines[last];
    let reference = row.split(',').nth(8).unwrap();
    let offset: usize = lines[..last].iter().map(|l| l.len() + 1).sum();
    let cut = offset + row.find(reference).unwrap() + reference.len() / 2;
    let dir = folder(&[("wechat.csv", &base.as_bytes()[..cut])]);
    let r = check_json(&[&dir.path().join("wechat.csv")], &[]);
    r.assert_d001("wechat.csv", last + 1, "");
    r.assert_dated_lines_accounted("wechat.csv", &base.as_bytes()[..cut]);
}

/// A GBK Alipay export cut in the middle of a two-byte character of its last row: still GBK,
/// the cut row a D001.
#[test]
fn a_gbk_alipay_export_cut_mid_character_stays_gbk() {
    let base = fixture(ALIPAY_GBK);
    let last_start = base[..base.len() - 1].iter().rposition(|b| *b == b'\n').unwrap() + 1;
    let line = base[..last_start].iter().filter(|b| **b == b'\n').count() + 1;
    let first_wide = last_start + base[last_start..].iter().position(|b| *b >= 0x81).unwrap();
    let cut = &base[..first_wide + 1];
    let dir = folder(&[("alipay.csv", cut)]);
    let r = check_json(&[&dir.path().join("alipay.csv")], &[]);
    let input = r.inputs().into_iter().find(|i| path_is(i, "alipay.csv")).cloned().unwrap();
    assert_eq!(input["encoding"], "GB18030", "{}: {input}", r.what);
    r.assert_d001("alipay.csv", line, "");
    r.assert_dated_lines_accounted("alipay.csv", cut);
}

#[test]
fn binary_garbage_alone_is_a_clear_error() {
    let garbage = XorShift(0x5eed_0006).bytes(64 << 10);
    let dir = folder(&[("garbage.csv", &garbage)]);
    let r = check_json(&[&dir.path().join("garbage.csv")], &[]);
    r.assert_error_naming("garbage.csv");
    assert!(r.stderr.contains("--mapping"), "{}: the error should point at --mapping: {}", r.what, r.stderr);
    assert_no_control_characters(&r.what, r.stderr.as_bytes());
}

/// Garbage after the rows (a disk error, a bad copy), and a garbage line among them: the rows
/// are all still read.
#[test]
fn binary_garbage_inside_an_attempts_log_loses_no_row() {
    let base = fixture(ATTEMPTS);
    let base_run = check_json(&[&root().join(ATTEMPTS)], &[]);
    let (_, base_tx, ..) = base_run.totals("attempts.csv");
    let mut rng = XorShift(0x5eed_0007);
    let garbage: Vec<u8> = rng.bytes(4096).into_iter().filter(|b| *b != b'\n' && *b != b'\r').collect();

    let mut appended = base.clone();
    appended.extend_from_slice(&garbage);
    let mut inserted = Vec::new();
    let tenth = base.iter().enumerate().filter(|(_, b)| **b == b'\n').nth(9).unwrap().0 + 1;
    inserted.extend_from_slice(&base[..tenth]);
    inserted.extend_from_slice(&garbage);
    inserted.push(b'\n');
    inserted.extend_from_slice(&base[tenth..]);

    for (name, bytes) in [("appended.csv", appended), ("inserted.csv", inserted)] {
        let dir = folder(&[(name, &bytes)]);
        let r = check_json(&[&dir.path().join(name)], &[]);
        let (_, tx, ..) = r.totals(name);
        assert_eq!(tx, base_tx, "{}: every row of the log is still a transaction", r.what);
        r.assert_dated_lines_accounted(name, &bytes);
    }
}

#[test]
fn nul_bytes_in_cells() {
    let base = fixture_text(ATTEMPTS);
    let base_run = check_json(&[&root().join(ATTEMPTS)], &[]);
    let (_, base_tx, ..) = base_run.totals("attempts.csv");
    let text = set_cell(&base, 5, AMOUNT, "800\0.00");
    let text = set_cell(&text, 7, METHOD, "工商\0银行(4321)");
    let text = set_cell(&text, 9, DEVICE, "\0\0\0\0");
    let dir = folder(&[("attempts.csv", text.as_bytes())]);
    let path = dir.path().join("attempts.csv");
    let r = check_json(&[&path], &[]);
    let input = r.inputs()[0].clone();
    assert_eq!(input["encoding"], "UTF-8", "{}: a few NUL bytes do not make a file UTF-16: {input}", r.what);
    r.assert_d001("attempts.csv", 5, "800");
    let (_, tx, ..) = r.totals("attempts.csv");
    assert!(tx + 1 >= base_tx, "{}: only the row with a NUL in its amount may be lost, got {tx} of {base_tx}", r.what);
    let table = check_table(&[&path], &[]);
    assert_no_control_characters(&table.what, &table.stdout);
}

/// An opening quote that never closes must not swallow the rest of the file into one cell:
/// its row is a D001 (or read with the quote as text), and every row after it is still read.
#[test]
fn an_unclosed_quote_loses_no_other_row() {
    let base = fixture_text(ATTEMPTS);
    let line = 10;
    let text = set_cell(&base, line, ERROR_MESSAGE, "\"系统异常，请稍后重试");
    let dir = folder(&[("attempts.csv", text.as_bytes())]);
    let r = check_json(&[&dir.path().join("attempts.csv")], &[]);
    r.assert_dated_lines_accounted("attempts.csv", text.as_bytes());
    let whole = check_json(&[&root().join(ATTEMPTS)], &[]);
    let (rows, tx, ..) = r.totals("attempts.csv");
    let (base_rows, base_tx, ..) = whole.totals("attempts.csv");
    assert_eq!(rows, base_rows, "{}: rows", r.what);
    let lost = base_tx - tx;
    assert!(lost <= 1, "{}: {lost} rows lost, only the row with the unclosed quote may be", r.what);
    if lost == 1 {
        r.assert_d001("attempts.csv", line, "");
    }
    // The lines after it are where they were: the next bad row keeps its line number.
    assert_eq!(r.d001("attempts.csv").keys().max(), whole.d001("attempts.csv").keys().max(), "{}", r.what);
}

/// A quoted cell holding a line break is one cell: the record is not split, and
/// "Card\nexpired" is still an expired card (F003).
#[test]
fn a_multi_line_quoted_cell_is_one_record() {
    let base = fixture_text(ATTEMPTS);
    let line = 4;
    let text = set_cell(&base, line, ERROR_MESSAGE, "\"Card\nexpired\"");
    let dir = folder(&[("attempts.csv", text.as_bytes())]);
    let r = check_json(&[&dir.path().join("attempts.csv")], &[]);
    let base_run = check_json(&[&root().join(ATTEMPTS)], &[]);
    assert_eq!(r.totals("attempts.csv"), base_run.totals("attempts.csv"), "{}", r.what);
    let f003_lines: Vec<u64> = r
        .findings()
        .into_iter()
        .filter(|f| f["code"] == "F003")
        .flat_map(|f| f["evidence"].as_array().cloned().unwrap_or_default())
        .filter_map(|e| e["line"].as_u64())
        .collect();
    assert!(
        f003_lines.contains(&(line as u64)),
        "{}: line {line} is an expired card: F003 lines {f003_lines:?}",
        r.what
    );
}

/// A bare CR inside an unquoted cell does not split the record.
#[test]
fn a_bare_cr_inside_a_cell_does_not_split_the_record() {
    let base = fixture_text(ATTEMPTS);
    let text = set_cell(&base, 4, ERROR_MESSAGE, "系统异常\r请稍后重试");
    let dir = folder(&[("attempts.csv", text.as_bytes())]);
    let r = check_json(&[&dir.path().join("attempts.csv")], &[]);
    let base_run = check_json(&[&root().join(ATTEMPTS)], &[]);
    assert_eq!(r.totals("attempts.csv").0, base_run.totals("attempts.csv").0, "{}: rows", r.what);
}

/// CRLF and CR-only line endings read like LF.
#[test]
fn crlf_and_cr_only_line_endings_read_like_lf() {
    for rel in [ATTEMPTS, WECHAT, ALIPAY_GBK, ICBC] {
        let base = fixture(rel);
        let name = Path::new(rel).file_name().unwrap().to_str().unwrap().to_string();
        let base_totals = check_json(&[&root().join(rel)], &[]).totals(&name);
        let lf: Vec<u8> = base.iter().copied().filter(|b| *b != b'\r').collect();
        for (ending, eol) in [("crlf", &b"\r\n"[..]), ("cr", &b"\r"[..])] {
            let mut bytes = Vec::new();
            for b in &lf {
                if *b == b'\n' { bytes.extend_from_slice(eol) } else { bytes.push(*b) }
            }
            let file = format!("{ending}-{name}");
            let dir = folder(&[(&file, &bytes)]);
            let r = check_json(&[&dir.path().join(&file)], &[]);
            assert!(r.ran(), "{}: exit {:?}: {}", r.what, r.code, excerpt(&r.stderr));
            assert_eq!(r.totals(&file), base_totals, "{}: {ending} endings", r.what);
        }
    }
}

/// UTF-16 with a BOM, and without one (every other byte NUL), reads like the UTF-8 original.
#[test]
fn utf16_exports_read_like_utf8() {
    for rel in [ATTEMPTS, WECHAT] {
        let text = fixture_text(rel);
        let name = Path::new(rel).file_name().unwrap().to_str().unwrap().to_string();
        let base_totals = check_json(&[&root().join(rel)], &[]).totals(&name);
        let le: Vec<u8> = text.encode_utf16().flat_map(u16::to_le_bytes).collect();
        let mut bom = vec![0xFF, 0xFE];
        bom.extend_from_slice(&le);
        for (kind, bytes) in [("utf16le-bom", bom), ("utf16le", le)] {
            let file = format!("{kind}-{name}");
            let dir = folder(&[(&file, &bytes)]);
            let r = check_json(&[&dir.path().join(&file)], &[]);
            assert!(r.ran(), "{}: exit {:?}: {}", r.what, r.code, excerpt(&r.stderr));
            assert_eq!(r.totals(&file), base_totals, "{}", r.what);
        }
    }
}

/// One byte that is not UTF-8 in a UTF-8 file does not switch the whole file to GB18030 (which
/// garbles every Chinese message and turns F001 into F010).
#[test]
fn one_invalid_utf8_byte_does_not_switch_the_encoding() {
    let base = fixture_text(ATTEMPTS);
    let base_run = check_json(&[&root().join(ATTEMPTS)], &[]);
    let mut bytes = set_cell(&base, 20, DEVICE, "iPhone\u{1}15").into_bytes();
    let at = bytes.iter().position(|b| *b == 1).unwrap();
    bytes[at] = 0xFF;
    let dir = folder(&[("attempts.csv", &bytes)]);
    let r = check_json(&[&dir.path().join("attempts.csv")], &[]);
    let input = r.inputs()[0].clone();
    assert_eq!(input["encoding"], "UTF-8", "{}: {input}", r.what);
    let f = |run: &Run| run.codes().into_iter().filter(|(c, _)| c.starts_with('F')).collect::<Vec<_>>();
    assert_eq!(f(&r), f(&base_run), "{}: the failure causes are read as before", r.what);
}

#[test]
fn an_empty_file_is_a_clear_error_alone_and_a_warning_among_others() {
    let dir = folder(&[("empty.csv", b"")]);
    let empty = dir.path().join("empty.csv");
    check_json(&[&empty], &[]).assert_error_naming("empty.csv");
    let r = check_json(&[&empty, &root().join(ATTEMPTS)], &[]);
    assert!(r.ran(), "{}: exit {:?}: {}", r.what, r.code, excerpt(&r.stderr));
    assert!(r.stderr.contains("empty.csv"), "{}: a warning names the empty file: {}", r.what, r.stderr);
    r.totals("attempts.csv");
}

#[test]
fn only_a_bom_or_only_blank_lines_is_a_clear_error() {
    for (name, bytes) in
        [("bom.csv", &b"\xEF\xBB\xBF"[..]), ("bom16.csv", &b"\xFF\xFE"[..]), ("blank.csv", &b"\n\n   \r\n\t\n"[..])]
    {
        let dir = folder(&[(name, bytes)]);
        check_json(&[&dir.path().join(name)], &[]).assert_error_naming(name);
    }
}

/// A header with no row: nothing usable, exit 2 naming the file. A WeChat bill whose preamble
/// declares 12 records but holds none: exit 2 naming it, or an audit that says rows are missing.
#[test]
fn only_a_header_is_a_clear_error() {
    let attempts_header = format!("{}\n", split_lines(&fixture_text(ATTEMPTS))[0]);
    let dir = folder(&[("attempts.csv", attempts_header.as_bytes())]);
    check_json(&[&dir.path().join("attempts.csv")], &[]).assert_error_naming("attempts.csv");

    let wechat = fixture_text(WECHAT);
    let wechat_header = join_lines(&split_lines(&wechat)[..wechat_header_line(&wechat)]);
    let dir = folder(&[("wechat.csv", wechat_header.as_bytes())]);
    let r = check_json(&[&dir.path().join("wechat.csv")], &[]);
    if r.ran() {
        let flagged = r.findings().into_iter().any(|f| {
            f["code"].as_str().is_some_and(|c| c.starts_with('D'))
                && f["evidence"].as_array().into_iter().flatten().any(|e| path_is(e, "wechat.csv"))
        });
        assert!(flagged, "{}: 12 records declared, none read, nothing says so: {:?}", r.what, r.codes());
    } else {
        r.assert_error_naming("wechat.csv");
    }
}

/// Every row unreadable in the only input: exit 2, and the reasons are shown.
#[test]
fn all_rows_rejected_shows_the_reasons() {
    let base = fixture_text(ATTEMPTS);
    let mut text = base.clone();
    for line in 2..=split_lines(&base).len() {
        text = set_cell(&text, line, AMOUNT, "abc");
    }
    let dir = folder(&[("attempts.csv", text.as_bytes())]);
    let r = check_json(&[&dir.path().join("attempts.csv")], &[]);
    r.assert_error_naming("attempts.csv");
    assert!(r.stderr.contains("\"abc\""), "{}: the reason is shown: {}", r.what, excerpt(&r.stderr));
    assert!(r.stderr.contains('2'), "{}: the first line is shown: {}", r.what, excerpt(&r.stderr));
}

/// Two columns named `amount`: reject with a message naming it, or read by a documented rule
/// and say so; never take the first one silently.
#[test]
fn a_duplicate_header_name_is_not_silent() {
    let base = fixture_text(ATTEMPTS);
    let text = base.replacen("time,amount,status,currency", "time,amount,status,amount", 1);
    let dir = folder(&[("attempts.csv", text.as_bytes())]);
    let r = check_json(&[&dir.path().join("attempts.csv")], &[]);
    let said = r.stderr.to_lowercase();
    let in_findings = r.report.as_ref().is_some_and(|rep| rep["findings"].to_string().contains("amount\\\" twice"));
    assert!(
        (said.contains("amount") && (said.contains("twice") || said.contains("duplicate"))) || in_findings,
        "{}: exit {:?}, the duplicate column is not mentioned: {}",
        r.what,
        r.code,
        excerpt(&r.stderr)
    );
}

/// Impossible or absurd times are D001s, and a year-9999 row does not move "now".
#[test]
fn impossible_dates_are_d001_and_do_not_move_now() {
    let base = fixture_text(ATTEMPTS);
    let cases = [
        (2, "0000-09-02 08:15:22"),
        (3, "-0001-09-05 11:30:20"),
        (4, "2026-09-08 23:59:60"),
        (5, "2026-02-30 20:10:31"),
        (6, "2026-13-08 20:14:02"),
        (7, "9999-09-10 10:25:13"),
    ];
    let mut text = base.clone();
    for (line, time) in cases {
        text = set_cell(&text, line, 0, time);
    }
    let dir = folder(&[("attempts.csv", text.as_bytes())]);
    let r = check_json(&[&dir.path().join("attempts.csv")], &[]);
    for (line, time) in cases {
        r.assert_d001("attempts.csv", line, time.split(' ').next().unwrap_or(time));
    }
    let now = r.report()["now"].as_str().unwrap_or("").to_string();
    assert!(now.starts_with("2026-"), "{}: now {now:?}", r.what);
}

// ---------------------------------------------------------------------------------------------
// Rows lost or counted twice: concatenated exports, rows above a header

/// `cat wechat-09.csv wechat-10.csv > both.csv` reads like the two files.
#[test]
fn concatenated_wechat_exports_read_like_the_two_files() {
    let (a, b) = ("samples/wechat-2026-09-01_2026-10-15.csv", "samples/wechat-2026-10-10_2026-10-31.csv");
    let separate = check_json(&[&root().join(a), &root().join(b)], &[]);
    let sum = |r: &Run| {
        r.inputs()
            .iter()
            .map(|i| (i["transactions"].as_u64().unwrap(), i["duplicates"].as_u64().unwrap()))
            .fold((0, 0, 0), |acc, (t, d)| (acc.0 + t, acc.1 + d, 0))
    };
    let mut both = fixture(a);
    both.extend_from_slice(&fixture(b));
    let dir = folder(&[("both.csv", &both)]);
    let r = check_json(&[&dir.path().join("both.csv")], &[]);
    let (_, tx, dup, rejected) = r.totals("both.csv");
    assert_eq!((tx, dup, rejected), sum(&separate), "{}: (transactions, duplicates, rejected)", r.what);
    assert!(r.d001("both.csv").is_empty(), "{}: no D001: {:?}", r.what, r.d001("both.csv"));
}

/// Two ICBC statements in one file keep their own balance order: the D003 and D002 findings
/// are those of the two files.
#[test]
fn concatenated_icbc_statements_read_like_the_two_files() {
    let (a, b) = ("samples/icbc-4321-2026-09.csv", "samples/icbc-4321-2026-10.csv");
    let attempts = root().join(ATTEMPTS);
    let separate = check_json(&[&root().join(a), &root().join(b), &attempts], &[]);
    let mut both = fixture(a);
    both.extend_from_slice(&fixture(b));
    let dir = folder(&[("icbc-both.csv", &both)]);
    let r = check_json(&[&dir.path().join("icbc-both.csv"), &attempts], &[]);
    let (_, tx, _, rejected) = r.totals("icbc-both.csv");
    let expected_tx: u64 = separate
        .inputs()
        .iter()
        .filter(|i| i["format"] == "icbc-debit")
        .map(|i| i["transactions"].as_u64().unwrap())
        .sum();
    assert_eq!((tx, rejected), (expected_tx, 0), "{}", r.what);
    for code in ["D002", "D003"] {
        assert_eq!(r.codes().get(code), separate.codes().get(code), "{}: {code} findings", r.what);
    }
}

/// An attempts log repeated in one file: the second copy is duplicates, and no F finding
/// doubles its amount.
#[test]
fn an_attempts_log_repeated_in_one_file_counts_once() {
    let once = check_json(&[&root().join(ATTEMPTS)], &[]);
    let mut twice = fixture(ATTEMPTS);
    twice.extend_from_slice(&fixture(ATTEMPTS));
    let dir = folder(&[("twice.csv", &twice)]);
    let r = check_json(&[&dir.path().join("twice.csv")], &[]);
    let (_, tx, ..) = r.totals("twice.csv");
    assert_eq!(tx, once.totals("attempts.csv").1, "{}: transactions", r.what);
    let f_amounts = |run: &Run| {
        let mut v: Vec<(String, String)> = run
            .findings()
            .into_iter()
            .filter(|f| f["code"].as_str().is_some_and(|c| c.starts_with('F')))
            .map(|f| (f["code"].as_str().unwrap().to_string(), f["amount"].to_string()))
            .collect();
        v.sort();
        v
    };
    assert_eq!(f_amounts(&r), f_amounts(&once), "{}: F findings and amounts", r.what);
}

/// `cat attempts.csv wechat.csv`: the rows of the first layout, before the second header, are
/// not lost.
#[test]
fn rows_of_another_layout_before_a_header_are_not_lost() {
    let a = check_json(&[&root().join(ATTEMPTS)], &[]).totals("attempts.csv");
    let w = check_json(&[&root().join(WECHAT)], &[]).totals("wechat-plain.csv");
    let mut both = fixture(ATTEMPTS);
    both.extend_from_slice(&fixture(WECHAT));
    let dir = folder(&[("mixed.csv", &both)]);
    let r = check_json(&[&dir.path().join("mixed.csv")], &[]);
    r.assert_dated_lines_accounted("mixed.csv", &both);
    let (rows, tx, ..) = r.totals("mixed.csv");
    assert_eq!((rows, tx), (a.0 + w.0, a.1 + w.1), "{}: rows and transactions of both", r.what);
}

/// A data row above the header (a bad copy-paste) is a transaction or a D001, never dropped.
#[test]
fn a_data_row_above_the_header_is_not_dropped() {
    let base = fixture_text(WECHAT);
    let header = wechat_header_line(&base);
    let mut lines = split_lines(&base);
    let row = lines.remove(header); // the first data row
    lines.insert(header - 1, row);
    let text = join_lines(&lines);
    let dir = folder(&[("wechat.csv", text.as_bytes())]);
    let r = check_json(&[&dir.path().join("wechat.csv")], &[]);
    r.assert_dated_lines_accounted("wechat.csv", text.as_bytes());
    let (rows, ..) = r.totals("wechat.csv");
    let (base_rows, ..) = check_json(&[&root().join(WECHAT)], &[]).totals("wechat-plain.csv");
    assert_eq!(rows, base_rows, "{}", r.what);
}

/// The preamble says `共12笔记录`; two rows are missing: the export is reported incomplete.
#[test]
fn fewer_rows_than_the_preamble_declares_is_reported() {
    let base = fixture_text(WECHAT);
    let mut lines = split_lines(&base);
    let last = lines.iter().rposition(|l| starts_with_date(l)).unwrap();
    lines.drain(last - 1..=last);
    let text = join_lines(&lines);
    let dir = folder(&[("wechat.csv", text.as_bytes())]);
    let r = check_json(&[&dir.path().join("wechat.csv")], &[]);
    let data_findings: Vec<&Value> = r
        .findings()
        .into_iter()
        .filter(|f| f["code"].as_str().is_some_and(|c| c.starts_with('D')))
        .filter(|f| f["evidence"].as_array().into_iter().flatten().any(|e| path_is(e, "wechat.csv")))
        .collect();
    assert!(
        !data_findings.is_empty(),
        "{}: 12 rows declared, 10 read, and nothing says so; findings {:?}",
        r.what,
        r.codes()
    );
}

/// A preamble period whose start is after its end is flagged, never shown as coverage.
#[test]
fn a_reversed_preamble_period_is_not_coverage() {
    let base = fixture_text(WECHAT);
    let text = base.replacen(
        "起始时间：[2026-03-01 00:00:00] 终止时间：[2026-03-31 23:59:59]",
        "起始时间：[2026-03-31 23:59:59] 终止时间：[2026-03-01 00:00:00]",
        1,
    );
    assert_ne!(text, base);
    let dir = folder(&[("wechat.csv", text.as_bytes())]);
    let r = check_json(&[&dir.path().join("wechat.csv")], &[]);
    if r.ran() {
        let input = r.inputs()[0].clone();
        let (from, to) =
            (input["coverage"]["from"].as_str().unwrap_or(""), input["coverage"]["to"].as_str().unwrap_or(""));
        assert!(from <= to, "{}: coverage from {from} to {to}", r.what);
    }
}

/// A statement whose preamble (and so its card number) is gone still matches the top-ups of
/// its bank's cards: no flood of "have the card frozen" R003 findings.
#[test]
fn a_statement_without_its_card_number_does_not_flood_r003() {
    let files = |icbc: &Path| {
        vec![
            root().join("samples/alipay-2026-09-01_2026-10-31.csv"),
            root().join("samples/wechat-2026-09-01_2026-10-15.csv"),
            root().join("samples/wechat-2026-10-10_2026-10-31.csv"),
            root().join("samples/icbc-4321-2026-10.csv"),
            root().join(ATTEMPTS),
            icbc.to_path_buf(),
        ]
    };
    let full = root().join("samples/icbc-4321-2026-09.csv");
    let paths = files(&full);
    let refs: Vec<&Path> = paths.iter().map(PathBuf::as_path).collect();
    let base = check_json(&refs, &[]);
    let text = fixture_text("samples/icbc-4321-2026-09.csv");
    let lines = split_lines(&text);
    let header = lines.iter().position(|l| l.starts_with("交易日期")).unwrap();
    let stripped = join_lines(&lines[header..]);
    let dir = folder(&[("icbc-no-preamble.csv", stripped.as_bytes())]);
    let paths = files(&dir.path().join("icbc-no-preamble.csv"));
    let refs: Vec<&Path> = paths.iter().map(PathBuf::as_path).collect();
    let r = check_json(&refs, &[]);
    let r003 = |run: &Run| run.codes().get("R003").copied().unwrap_or(0);
    assert!(r003(&r) <= r003(&base) + 1, "{}: R003 {} against {} with the card number", r.what, r003(&r), r003(&base));
}

// ---------------------------------------------------------------------------------------------
// Leaks: formulas, card numbers, terminal escapes

/// Formula cells in a counterparty are text: read, and printed as text.
#[test]
fn formula_cells_in_a_counterparty_are_read_as_text() {
    let base = fixture_text(WECHAT);
    let header = wechat_header_line(&base);
    let mut lines = split_lines(&base);
    let formulas =
        ["=HYPERLINK(\"\"http://x.example/\"\",\"\"点我\"\")", "@SUM(1)", "+1+1", "-2+3", "=cmd|' /C calc'!A0"];
    for (i, formula) in formulas.iter().enumerate() {
        let line = &mut lines[header + i];
        let mut cells: Vec<String> = line.split(',').map(str::to_string).collect();
        cells[2] = format!("\"{formula}\"");
        *line = cells.join(",");
    }
    let text = join_lines(&lines);
    let dir = folder(&[("wechat.csv", text.as_bytes())]);
    let path = dir.path().join("wechat.csv");
    let r = check_json(&[&path], &[]);
    let base_totals = check_json(&[&root().join(WECHAT)], &[]).totals("wechat-plain.csv");
    assert_eq!(r.totals("wechat.csv"), base_totals, "{}: every row still a transaction", r.what);
    check_table(&[&path], &[]);
}

const PANS: [&str; 4] = ["6222021234564321", "6222021234567894321", "4111 1111 1111 1111", "4111-1111-1111-1111"];

/// Card numbers in a method or a D001 raw line are masked to their last four digits unless
/// `--show-pii`, in the table and in JSON.
#[test]
fn card_numbers_are_masked_in_every_output() {
    let base = fixture_text(ATTEMPTS);
    let mut text = base.clone();
    // Failed and debited top-ups whose method carries the full number.
    for (i, pan) in PANS.iter().enumerate() {
        text = set_cell(&text, 2 + i, METHOD, &format!("工商银行({pan})"));
    }
    // A row that cannot be read, holding a 19-digit number.
    text = set_cell(&text, 8, AMOUNT, "abc");
    text = set_cell(&text, 8, METHOD, &format!("工商银行({})", PANS[1]));
    let dir = folder(&[("attempts.csv", text.as_bytes())]);
    let path = dir.path().join("attempts.csv");
    let samples = [
        root().join("samples/icbc-4321-2026-09.csv"),
        root().join("samples/wechat-2026-09-01_2026-10-15.csv"),
        path.clone(),
    ];
    let refs: Vec<&Path> = samples.iter().map(PathBuf::as_path).collect();
    for r in [check_json(&refs, &[]), check_table(&refs, &[]), check_table(&refs, &["--width", "100"])] {
        let out = r.out();
        for pan in PANS {
            assert!(!out.contains(pan), "{}: card number {pan} printed in full", r.what);
            assert!(!r.stderr.contains(pan), "{}: card number {pan} on stderr", r.what);
        }
    }
}

/// Control characters and escape sequences from input never reach the terminal.
#[test]
fn terminal_escapes_from_input_never_reach_the_terminal() {
    let base = fixture_text(WECHAT);
    let header = wechat_header_line(&base);
    let mut lines = split_lines(&base);
    let evil = [
        "\u{1b}[31mRED\u{1b}[0m",
        "\u{1b}]0;pwned\u{7}",
        "\u{1b}[2J\u{1b}[H",
        "\u{1b}]8;;http://x.example/\u{1b}\\link\u{1b}]8;;\u{1b}\\",
        "back\u{8}\u{8}\u{8}\u{8}",
        "csi\u{9b}31m",
        "\u{202e}gnp.exe",
    ];
    for (i, e) in evil.iter().enumerate() {
        let line = &mut lines[header + i];
        let mut cells: Vec<String> = line.split(',').map(str::to_string).collect();
        cells[2] = format!("\"{e}\"");
        *line = cells.join(",");
    }
    // And a row that cannot be read, whose raw line a D001 quotes.
    let bad = &mut lines[header + evil.len()];
    let amount = bad.split(',').nth(5).unwrap().to_string();
    *bad = bad.replacen(&amount, "\u{1b}[31m¥abc", 1);
    let text = join_lines(&lines);
    let dir = folder(&[("wechat.csv", text.as_bytes()), ("evil\u{1b}[2J.csv", b"\x1b]0;pwned\x07,nothing\n")]);
    let r = check_table(&[&dir.path().join("wechat.csv"), &dir.path().join("evil\u{1b}[2J.csv")], &[]);
    assert!(r.ran(), "{}: exit {:?}: {}", r.what, r.code, excerpt(&r.stderr));
    assert_no_control_characters(&r.what, &r.stdout);
    assert_no_control_characters(&format!("{} (stderr)", r.what), r.stderr.as_bytes());
}

/// No C0 control other than TAB and LF, no DEL, no C1 control (U+0080–U+009F), no bidi override.
fn assert_no_control_characters(what: &str, bytes: &[u8]) {
    let text = String::from_utf8_lossy(bytes);
    let bad: Vec<(usize, char)> = text
        .char_indices()
        .filter(|(_, c)| {
            (c.is_control() && *c != '\n' && *c != '\t' && *c != '\r')
                || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
        })
        .take(5)
        .collect();
    assert!(bad.is_empty(), "{what}: control characters written: {bad:?} in {}", excerpt(&text));
}

// ---------------------------------------------------------------------------------------------
// Hangs and unbounded memory

/// A 100 MB line with no newline and no header: a clear error naming the file, quickly,
/// without echoing it.
#[test]
fn a_100_mb_single_line_is_a_bounded_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("one-line.csv");
    std::fs::write(&path, vec![b'A'; 100 << 20]).unwrap();
    let m =
        run_measured(&[os(&["check"]), vec![path.clone().into_os_string()], os(&["--format", "json"])].concat(), None);
    assert_eq!(m.code, Some(2), "{}: {}", m.what, excerpt(&m.stderr));
    assert!(m.stderr.contains("one-line.csv"), "{}: {}", m.what, excerpt(&m.stderr));
    assert!(m.stderr.len() < 64 << 10, "{}: {} bytes of error", m.what, m.stderr.len());
}

/// A 100 MB row inside an attempts log: a D001 for that line, the other rows read; or, if the
/// input exceeds a size cap, a clear error naming the file. Bounded either way.
#[test]
fn a_100_mb_row_in_an_attempts_log_is_bounded() {
    let base = fixture_text(ATTEMPTS);
    let lines = split_lines(&base);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("attempts.csv");
    {
        use std::io::Write;
        let mut f = std::io::BufWriter::new(std::fs::File::create(&path).unwrap());
        for l in &lines[..4] {
            writeln!(f, "{l}").unwrap();
        }
        write!(f, "2026-09-08 20:10:31,800.00,failed,CNY,wechat,工商银行(4321),,51,").unwrap();
        let chunk = "余额不足".repeat(1 << 10);
        for _ in 0..(100 << 20) / chunk.len() {
            f.write_all(chunk.as_bytes()).unwrap();
        }
        writeln!(f, ",wifi,iPhone 15,上海,").unwrap();
        for l in &lines[4..] {
            writeln!(f, "{l}").unwrap();
        }
    }
    let m =
        run_measured(&[os(&["check"]), vec![path.clone().into_os_string()], os(&["--format", "json"])].concat(), None);
    if m.code == Some(2) {
        assert!(m.stderr.contains("attempts.csv"), "{}: {}", m.what, excerpt(&m.stderr));
        return;
    }
    let report: Value = serde_json::from_slice(&m.stdout).unwrap_or_else(|e| panic!("{}: JSON: {e}", m.what));
    let r = Run { what: m.what, code: m.code, stdout: m.stdout, stderr: m.stderr, report: Some(report) };
    r.check_conservation();
    r.assert_d001("attempts.csv", 5, "");
    let (rows, tx, ..) = r.totals("attempts.csv");
    assert_eq!(rows, lines.len() as u64, "{}: rows", r.what);
    let (_, base_tx, ..) = check_json(&[&root().join(ATTEMPTS)], &[]).totals("attempts.csv");
    assert_eq!(tx, base_tx, "{}: every other row is read", r.what);
}

/// A row of a million cells: a D001 for that line (without echoing a million cells), the other
/// rows read.
#[test]
fn a_million_columns_in_one_row() {
    let base = fixture_text(ATTEMPTS);
    let mut lines = split_lines(&base);
    let wide = format!("{}{}", lines[4], ",x".repeat(1_000_000));
    lines.insert(4, wide);
    let text = join_lines(&lines);
    let dir = folder(&[("attempts.csv", text.as_bytes())]);
    let path = dir.path().join("attempts.csv");
    let m = run_measured(&[os(&["check"]), vec![path.into_os_string()], os(&["--format", "json"])].concat(), None);
    let report: Value =
        serde_json::from_slice(&m.stdout).unwrap_or_else(|e| panic!("{}: JSON: {e}: {}", m.what, excerpt(&m.stderr)));
    let r = Run { what: m.what, code: m.code, stdout: m.stdout, stderr: m.stderr, report: Some(report) };
    r.check_conservation();
    r.assert_d001("attempts.csv", 5, "");
    assert!(r.d001("attempts.csv")[&5].len() < 4096, "{}: the D001 echoes the row", r.what);
    r.assert_dated_lines_accounted("attempts.csv", text.as_bytes());
}

/// 200,000 unreadable rows and one good row: the table groups the D001s; bounded output.
#[test]
fn two_hundred_thousand_bad_rows_print_a_bounded_table() {
    let base = fixture_text(ATTEMPTS);
    let lines = split_lines(&base);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("attempts.csv");
    {
        use std::io::Write;
        let mut f = std::io::BufWriter::new(std::fs::File::create(&path).unwrap());
        writeln!(f, "{}", lines[0]).unwrap();
        writeln!(f, "{}", lines[1]).unwrap();
        for i in 0..200_000 {
            writeln!(f, "2026-09-{:02} 10:00:00,abc,failed,CNY,wechat,工商银行(4321),,51,余额不足,wifi,,,", 3 + i % 20)
                .unwrap();
        }
    }
    let m = run_measured(
        &[os(&["check"]), vec![path.into_os_string()], os(&["--color", "never", "--width", "160"])].concat(),
        None,
    );
    assert!(m.stdout_len < 1 << 20, "{}: {} bytes of table in {:?}", m.what, m.stdout_len, m.elapsed);
}

#[cfg(unix)]
#[test]
fn a_fifo_in_a_scanned_folder_is_skipped_with_a_warning() {
    let dir = folder(&[("attempts.csv", &fixture(ATTEMPTS))]);
    let fifo = dir.path().join("pipe.csv");
    let made = std::process::Command::new("mkfifo").arg(&fifo).status().unwrap();
    assert!(made.success(), "mkfifo");
    let r = check_json(&[dir.path()], &[]);
    assert!(r.ran(), "{}: exit {:?}: {}", r.what, r.code, excerpt(&r.stderr));
    assert!(r.stderr.contains("pipe.csv"), "{}: a warning names the FIFO: {}", r.what, r.stderr);
    r.totals("attempts.csv");
}

#[cfg(unix)]
#[test]
fn symlinks_back_to_the_folder_do_not_loop() {
    let dir = folder(&[("attempts.csv", &fixture(ATTEMPTS))]);
    for name in ["a", "b", "c", "d"] {
        std::os::unix::fs::symlink(dir.path(), dir.path().join(name)).unwrap();
    }
    let r = check_json(&[dir.path()], &[]);
    assert!(r.ran(), "{}: exit {:?}: {}", r.what, r.code, excerpt(&r.stderr));
    assert_eq!(r.inputs().len(), 1, "{}: the one file once: {:?}", r.what, r.inputs());
}

#[cfg(target_os = "linux")]
#[test]
fn dev_zero_is_capped_everywhere() {
    let dir = folder(&[("attempts.csv", &fixture(ATTEMPTS))]);
    std::os::unix::fs::symlink("/dev/zero", dir.path().join("zero.csv")).unwrap();
    let d = dir.path().as_os_str().to_owned();
    let attempts = dir.path().join("attempts.csv").into_os_string();

    // A /dev/zero symlink in a folder: skipped (or capped) and the rest audited.
    let m = run_measured(&[os(&["check"]), vec![d.clone()], os(&["--format", "json"])].concat(), None);
    assert!(m.code.is_some_and(|c| c < 2), "{}: the folder's other file is audited: {}", m.what, excerpt(&m.stderr));
    assert!(m.stderr.contains("zero.csv"), "{}: a warning names it: {}", m.what, excerpt(&m.stderr));

    for args in [
        os(&["check", "/dev/zero"]),
        [os(&["check"]), vec![attempts.clone()], os(&["--config", "/dev/zero"])].concat(),
        [os(&["check"]), vec![attempts.clone()], os(&["--mapping", "/dev/zero"])].concat(),
        os(&["formats", "--sniff", "/dev/zero"]),
    ] {
        let m = run_measured(&args, None);
        assert_eq!(m.code, Some(2), "{}: {}", m.what, excerpt(&m.stderr));
    }
    let m = run_measured(&os(&["check", "-"]), Some(std::fs::File::open("/dev/zero").unwrap()));
    assert_eq!(m.code, Some(2), "{}: {}", m.what, excerpt(&m.stderr));
}

// ---------------------------------------------------------------------------------------------
// Options that fail open

#[test]
fn an_empty_selection_item_is_an_error() {
    let attempts = root().join(ATTEMPTS);
    for bad in ["", ",", "R001,", ",,F"] {
        for option in ["--ignore", "--select"] {
            let r = check_json(&[&attempts], &[option, bad]);
            assert_eq!(r.code, Some(2), "{}: an empty item must not switch rules off: {}", r.what, excerpt(&r.stderr));
        }
    }
}

#[test]
fn since_after_until_is_an_error() {
    let r = check_json(&[&root().join(ATTEMPTS)], &["--since", "2026-10-01", "--until", "2026-09-01"]);
    assert_eq!(r.code, Some(2), "{}: {}", r.what, excerpt(&r.stderr));
}
