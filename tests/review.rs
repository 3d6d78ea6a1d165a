//! `review`, `ack`, `unack`, `history` and `export` as a scheduled user meets them (issue 8):
//! overlapping and repeated exports, a refund that resolves last month's finding, renamed
//! files, acknowledgements, `--quiet`, and the store's safety (SIGKILL, a second review at
//! once, owner-only files, foreign or newer stores refused untouched). Every run has its own
//! store, data, config, home and current folder in a temp dir: no real user file is touched.

use assert_cmd::Command;
use rusqlite::Connection;
use serde_json::Value;
use std::collections::BTreeSet;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::time::{Duration, Instant};

const BIN: &str = env!("CARGO_BIN_EXE_wallet-audit");

fn repo(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(rel)
}

fn fixture(rel: &str) -> PathBuf {
    repo("tests/fixtures").join(rel)
}

/// A user's world in temp folders.
struct World {
    _root: tempfile::TempDir,
    root: PathBuf,
    cwd: PathBuf,
    data: PathBuf,
    config: PathBuf,
    home: PathBuf,
}

/// One finished command.
struct Run {
    code: Option<i32>,
    stdout: String,
    stderr: String,
}

impl Run {
    fn json(&self) -> Value {
        serde_json::from_str(&self.stdout)
            .unwrap_or_else(|e| panic!("not JSON ({e}):\n{}\n{}", self.stdout, self.stderr))
    }
}

impl World {
    fn new() -> World {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().to_path_buf();
        let [cwd, data, config, home] = ["cwd", "data", "config", "home"].map(|d| root.join(d));
        for d in [&cwd, &data, &config, &home] {
            std::fs::create_dir_all(d).unwrap();
        }
        World { _root: dir, root, cwd, data, config, home }
    }

    /// The default store of this world (under the temp root, always passed as --store).
    fn store(&self) -> PathBuf {
        self.root.join("history.sqlite3")
    }

    fn std_cmd(&self, args: &[&str]) -> std::process::Command {
        let mut cmd = std::process::Command::new(BIN);
        cmd.current_dir(&self.cwd)
            .env("XDG_DATA_HOME", &self.data)
            .env("XDG_CONFIG_HOME", &self.config)
            .env("HOME", &self.home)
            .env_remove("COLUMNS")
            .args(args);
        cmd
    }

    fn run(&self, args: &[&str]) -> Run {
        let out = Command::from_std(self.std_cmd(args)).output().unwrap();
        Run {
            code: out.status.code(),
            stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        }
    }

    /// The arguments of a review of `paths` on `store` (staleness is judged against the wall
    /// clock, so it is switched off: the fixtures are from 2026).
    fn review_args(store: &Path, paths: &[&Path], extra: &[&str]) -> Vec<String> {
        let mut args = vec!["review".to_string()];
        args.extend(paths.iter().map(|p| p.display().to_string()));
        args.extend(["--store".into(), store.display().to_string(), "--stale-after".into(), "1000000".into()]);
        args.extend(extra.iter().map(|s| s.to_string()));
        args
    }

    fn review_on(&self, store: &Path, paths: &[&Path], extra: &[&str]) -> Run {
        let args = World::review_args(store, paths, extra);
        self.run(&args.iter().map(String::as_str).collect::<Vec<_>>())
    }

    fn review(&self, paths: &[&Path], extra: &[&str]) -> Run {
        self.review_on(&self.store(), paths, extra)
    }

    /// `review --format json` on the world's store: exit code and the report.
    fn review_json(&self, paths: &[&Path], extra: &[&str]) -> (Option<i32>, Value) {
        let run = self.review(paths, &[&["--format", "json"], extra].concat());
        assert_ne!(run.code, Some(2), "the review failed: {}", run.stderr);
        (run.code, run.json())
    }

    /// `check --format json` (ids only depend on the rows, so they compare with a review's).
    fn check_ids(&self, paths: &[&Path]) -> BTreeSet<String> {
        let mut args = vec!["check".to_string()];
        args.extend(paths.iter().map(|p| p.display().to_string()));
        args.extend(["--format".into(), "json".into()]);
        let run = self.run(&args.iter().map(String::as_str).collect::<Vec<_>>());
        assert_ne!(run.code, Some(2), "{}", run.stderr);
        run.json()["findings"].as_array().unwrap().iter().map(|f| f["id"].as_str().unwrap().to_string()).collect()
    }

    /// The store commands other than review.
    fn store_cmd(&self, args: &[&str]) -> Run {
        let store = self.store().display().to_string();
        self.run(&[args, &["--store", store.as_str()]].concat())
    }

    /// Copies the files of `from` whose names pass `keep` into `to` (made under the temp root),
    /// under the name `rename` gives them.
    fn copy(&self, from: &Path, to: &str, keep: impl Fn(&str) -> bool, rename: impl Fn(&str) -> String) -> PathBuf {
        let dest = self.root.join(to);
        std::fs::create_dir_all(&dest).unwrap();
        for entry in std::fs::read_dir(from).unwrap() {
            let path = entry.unwrap().path();
            let name = path.file_name().unwrap().to_str().unwrap().to_string();
            if path.is_file() && keep(&name) {
                std::fs::copy(&path, dest.join(rename(&name))).unwrap();
            }
        }
        dest
    }
}

const SECOND_WECHAT: &str = "wechat-2026-10-10_2026-10-31.csv";

/// (id, status) of every finding of a review, resolved ones included.
fn statuses(review: &Value) -> Vec<(String, String)> {
    let findings = review["findings"].as_array().unwrap();
    findings
        .iter()
        .map(|f| (f["id"].as_str().unwrap().to_string(), f["status"].as_str().unwrap().to_string()))
        .collect()
}

fn ids_with(review: &Value, status: &str) -> BTreeSet<String> {
    statuses(review).into_iter().filter(|(_, s)| s == status).map(|(id, _)| id).collect()
}

fn finding<'a>(review: &'a Value, code: &str) -> &'a Value {
    let findings = review["findings"].as_array().unwrap();
    let found: Vec<&Value> = findings.iter().filter(|f| f["code"] == code).collect();
    assert_eq!(found.len(), 1, "one {code} expected in {findings:#?}");
    found[0]
}

fn imported(review: &Value, key: &str) -> u64 {
    review["review"]["imported"][key].as_u64().unwrap_or_else(|| panic!("no imported.{key} in {}", review["review"]))
}

fn count(review: &Value, status: &str) -> u64 {
    review["review"]["counts"][status].as_u64().unwrap()
}

fn mode(path: &Path) -> u32 {
    std::fs::metadata(path).unwrap().permissions().mode() & 0o777
}

fn integrity(store: &Path) -> String {
    let conn = Connection::open(store).unwrap();
    conn.query_row("PRAGMA integrity_check", [], |r| r.get(0)).unwrap()
}

fn committed_reviews(store: &Path) -> i64 {
    let conn = Connection::open(store).unwrap();
    conn.query_row("SELECT count(*) FROM reviews", [], |r| r.get(0)).unwrap()
}

#[test]
fn overlapping_exports_in_two_reviews_report_nothing_new_for_the_overlap() {
    let w = World::new();
    let samples = repo("samples");
    let first = w.copy(&samples, "september", |n| n.ends_with(".csv") && n != SECOND_WECHAT, str::to_string);
    let second = w.copy(&samples, "october", |n| n == SECOND_WECHAT, str::to_string);

    let (code, r1) = w.review_json(&[&first], &["--fail-on", "info"]);
    assert_eq!(code, Some(1), "a first review reports everything as new");
    assert!(!statuses(&r1).is_empty());
    assert!(statuses(&r1).iter().all(|(_, s)| s == "new"), "{:?}", statuses(&r1));
    assert_eq!(imported(&r1, "already_stored"), 0);

    let (_, r2) = w.review_json(&[&second], &["--fail-on", "info"]);
    // The second WeChat bill repeats 15 rows of the first (2026-10-10 – 10-15): `check` on all
    // the samples counts them as its duplicates; the review finds them already stored.
    let check = w.run(&["check", samples.to_str().unwrap(), "--format", "json"]).json();
    let repeated =
        check["inputs"].as_array().unwrap().iter().find(|i| i["path"].as_str().unwrap().ends_with(SECOND_WECHAT));
    let repeated = repeated.unwrap()["duplicates"].as_u64().unwrap();
    assert_eq!(repeated, 15);
    assert_eq!(imported(&r2, "already_stored"), repeated, "{}", r2["review"]);
    assert_eq!(imported(&r2, "added"), imported(&r2, "rows") - repeated);
    // Nothing new for the overlap: what is new is exactly what the bill's own rows add to the
    // audit (check on everything minus check on the first exports), and no new finding cites a
    // repeated row (lines 60–74 of the second bill).
    let mut expected: BTreeSet<String> = &w.check_ids(&[&samples]) - &w.check_ids(&[&first]);
    expected.retain(|id| !id.starts_with("D004"));
    assert!(!expected.is_empty(), "the second bill must bring something new for this test to mean anything");
    assert_eq!(ids_with(&r2, "new"), expected);
    for f in r2["findings"].as_array().unwrap().iter().filter(|f| f["status"] == "new") {
        for e in f["evidence"].as_array().unwrap() {
            let line = e["line"].as_u64().unwrap();
            let in_overlap = e["path"].as_str().unwrap().ends_with(SECOND_WECHAT) && (60..=74).contains(&line);
            assert!(!in_overlap, "a new finding cites a repeated row: {f:#}");
        }
    }
    assert!(ids_with(&r2, "resolved").is_empty(), "{:?}", statuses(&r2));
    let before: BTreeSet<String> = statuses(&r1).into_iter().map(|(id, _)| id).collect();
    let after: BTreeSet<String> = statuses(&r2).into_iter().map(|(id, _)| id).collect();
    assert!(before.is_subset(&after), "every finding of the first review is still there, with its id");

    // The same export imported again adds nothing and reports nothing new, at any severity.
    let (code, r3) = w.review_json(&[&second], &["--fail-on", "info"]);
    assert_eq!(code, Some(0), "{:?}", statuses(&r3));
    assert_eq!(imported(&r3, "added"), 0);
    assert_eq!(imported(&r3, "already_stored"), imported(&r3, "rows"));
    assert!(statuses(&r3).iter().all(|(_, s)| s == "open"), "{:?}", statuses(&r3));
    assert_eq!(count(&r3, "open") as usize, after.len());
}

#[test]
fn a_refund_in_the_next_statement_resolves_the_awaiting_refund_finding() {
    let w = World::new();
    let (code, r1) = w.review_json(&[&fixture("rules/R005")], &["--fail-on", "medium"]);
    assert_eq!(code, Some(1), "R005 is medium and new");
    let r005 = finding(&r1, "R005")["id"].as_str().unwrap().to_string();
    assert_eq!(finding(&r1, "R005")["status"], "new");
    // The table of review 2 is read from a copy of the store as review 1 left it.
    let table_store = w.root.join("table.sqlite3");
    std::fs::copy(w.store(), &table_store).unwrap();

    let refund = fixture("review/refund");
    let (code, r2) = w.review_json(&[&refund], &["--fail-on", "medium"]);
    assert_eq!(code, Some(0), "a resolved finding is no news: {:?}", statuses(&r2));
    assert_eq!(ids_with(&r2, "resolved"), BTreeSet::from([r005.clone()]), "{:?}", statuses(&r2));
    assert_eq!(count(&r2, "resolved"), 1);
    assert_eq!(count(&r2, "new"), 0, "{:?}", statuses(&r2));
    assert_eq!(finding(&r2, "F008")["status"], "open", "the failed attempt itself is still a failure");

    let table = w.review_on(&table_store, &[&refund], &["--format", "table"]);
    assert_eq!(table.code, Some(0), "{}", table.stderr);
    let (_, resolved) =
        table.stdout.split_once("Resolved since the last review:").unwrap_or_else(|| panic!("{}", table.stdout));
    assert!(resolved.lines().nth(1).is_some_and(|l| l.contains(&r005) && l.contains("800.00")), "{}", table.stdout);
    assert!(table.stdout.contains("Nothing new or changed since the last review."), "{}", table.stdout);
}

#[test]
fn renaming_and_moving_the_files_changes_no_id() {
    let w = World::new();
    let samples = repo("samples");
    let original = w.copy(&samples, "exports", |n| n.ends_with(".csv"), str::to_string);
    let moved =
        w.copy(&samples, "elsewhere/2026/renamed", |n| n.ends_with(".csv"), |n| format!("x_{}", n.replace('-', "_")));
    assert!(moved.join("x_attempts.csv").is_file());

    let (_, r1) = w.review_json(&[&original], &[]);
    let (code, r2) = w.review_json(&[&moved], &["--fail-on", "info"]);
    assert_eq!(code, Some(0), "{:?}", statuses(&r2));
    let before: BTreeSet<String> = statuses(&r1).into_iter().map(|(id, _)| id).collect();
    assert!(before.len() > 20, "{before:?}");
    assert_eq!(statuses(&r2).into_iter().map(|(id, _)| id).collect::<BTreeSet<_>>(), before);
    assert!(statuses(&r2).iter().all(|(_, s)| s == "open"), "{:?}", statuses(&r2));
    assert_eq!(imported(&r2, "added"), 0);
    // check agrees: its ids do not depend on names either.
    assert_eq!(w.check_ids(&[&moved]), w.check_ids(&[&original]));
}

#[test]
fn an_acknowledged_finding_stays_quiet_until_it_grows() {
    let w = World::new();
    let two_failures = fixture("rules/F001");
    let (code, r1) = w.review_json(&[&two_failures], &["--fail-on", "low"]);
    assert_eq!(code, Some(1));
    let id = finding(&r1, "F001")["id"].as_str().unwrap().to_string();

    let ack = w.store_cmd(&["ack", &id, "--note", "salary came late that month"]);
    assert_eq!(ack.code, Some(0), "{}", ack.stderr);
    let history = w.store_cmd(&["history", "--json"]).json();
    assert_eq!(history["acknowledged"][0]["id"], id.as_str());
    assert_eq!(history["acknowledged"][0]["note"], "salary came late that month");

    let quiet = w.review(&[&two_failures], &["--quiet", "--fail-on", "info"]);
    assert_eq!((quiet.code, quiet.stdout.as_str(), quiet.stderr.as_str()), (Some(0), "", ""));
    let (code, r2) = w.review_json(&[], &["--fail-on", "info"]);
    assert_eq!(code, Some(0));
    assert_eq!(statuses(&r2), vec![(id.clone(), "acknowledged".to_string())]);

    // A later export repeats the two failures and adds a third of the same cause and card.
    let grown = fixture("review/ack");
    let lenient = w.root.join("lenient.sqlite3");
    std::fs::copy(w.store(), &lenient).unwrap();
    let (code, r3) = w.review_json(&[&grown], &["--fail-on", "low"]);
    assert_eq!(code, Some(1), "a changed low finding at --fail-on low");
    assert_eq!(statuses(&r3), vec![(id.clone(), "changed".to_string())], "the group keeps its id");
    assert!(finding(&r3, "F001")["title"].as_str().unwrap().contains('3'), "{}", r3["findings"]);
    assert_eq!((imported(&r3, "added"), imported(&r3, "already_stored")), (1, 2));
    let below = w.review_on(&lenient, &[&grown], &["--format", "json", "--fail-on", "high"]);
    assert_eq!(below.code, Some(0), "a changed finding below --fail-on does not fail");
    assert_eq!(finding(&below.json(), "F001")["status"], "changed");

    // The acknowledgement lapsed with the change; a new one, then unack: open again.
    assert_eq!(w.store_cmd(&["ack", &id]).code, Some(0));
    let (_, r4) = w.review_json(&[], &[]);
    assert_eq!(finding(&r4, "F001")["status"], "acknowledged");
    let unack = w.store_cmd(&["unack", &id]);
    assert_eq!(unack.code, Some(0), "{}", unack.stderr);
    let (code, r5) = w.review_json(&[], &["--fail-on", "low"]);
    assert_eq!(statuses(&r5), vec![(id.clone(), "open".to_string())]);
    assert_eq!(code, Some(0), "open is no news");

    let again = w.store_cmd(&["unack", &id]);
    assert_eq!(again.code, Some(2));
    assert!(again.stderr.contains("not acknowledged"), "{}", again.stderr);
    let unknown = w.store_cmd(&["ack", "F001-00000000"]);
    assert_eq!(unknown.code, Some(2));
    assert!(unknown.stderr.contains("F001-00000000") && unknown.stderr.contains("no finding"), "{}", unknown.stderr);
}

#[test]
fn quiet_prints_only_when_something_is_new_or_changed() {
    let w = World::new();
    let first = w.review(&[&fixture("rules/F001")], &["--quiet"]);
    assert_eq!(first.code, Some(0), "F001 is low, below the default --fail-on high: {}", first.stderr);
    assert!(first.stdout.contains("[new]") && first.stdout.contains("F001-"), "{}", first.stdout);

    let same = w.review(&[&fixture("rules/F001")], &["--quiet"]);
    assert_eq!((same.code, same.stdout.as_str(), same.stderr.as_str()), (Some(0), "", ""));
    let nothing = w.review(&[], &["--quiet", "--format", "json"]);
    assert_eq!((nothing.code, nothing.stdout.as_str()), (Some(0), ""));

    let grown = w.review(&[&fixture("review/ack")], &["--quiet", "--format", "json"]);
    assert_eq!(grown.code, Some(0));
    assert_eq!(finding(&grown.json(), "F001")["status"], "changed");
}

#[test]
fn a_review_killed_at_any_point_leaves_the_store_intact_and_the_next_review_correct() {
    let w = World::new();
    let big = w.root.join("household");
    let sim = w.run(&["simulate", "--scale", "5", "--out", big.to_str().unwrap()]);
    assert_eq!(sim.code, Some(0), "{}", sim.stderr);
    let big_arg: &[&Path] = &[&big];
    let spawn = |store: &Path| {
        let args = World::review_args(store, big_arg, &["--format", "json"]);
        w.std_cmd(&args.iter().map(String::as_str).collect::<Vec<_>>())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap()
    };
    let journal = |store: &Path| PathBuf::from(format!("{}-journal", store.display()));

    // A timed clean run: when the store's transaction starts and ends (its journal exists).
    let clean = w.root.join("clean.sqlite3");
    let started = Instant::now();
    let mut child = spawn(&clean);
    let mut window: Option<(Duration, Duration)> = None;
    while child.try_wait().unwrap().is_none() {
        if journal(&clean).exists() {
            let now = started.elapsed();
            window = Some((window.map_or(now, |w| w.0), now));
        }
        std::thread::sleep(Duration::from_millis(1));
    }
    let total = started.elapsed();
    let (open, commit) = window.expect("the review wrote through a journal");
    assert!(commit > open + Duration::from_millis(200), "the review must take a while: {open:?}..{commit:?}");
    // The reference: a review on a fresh store.
    let fresh = w.review_on(&w.root.join("fresh.sqlite3"), &[&big], &["--format", "json"]).json();
    assert!(statuses(&fresh).len() > 20 && statuses(&fresh).iter().all(|(_, s)| s == "new"));

    // One kill while the inputs are read (timed from the start), five spread over the
    // transaction (timed from when its journal appears: a machine busier or idler than during
    // the timed run still kills it part-way).
    let span = commit - open;
    let mut kills = vec![(false, open / 2)];
    kills.extend((0..5).map(|k| (true, span.mul_f64((f64::from(k) + 0.5) / 5.0))));
    let mut mid_transaction = 0;
    for (k, &(from_journal, delay)) in kills.iter().enumerate() {
        let store = w.root.join(format!("killed-{k}.sqlite3"));
        let mut child = spawn(&store);
        while from_journal && !journal(&store).exists() && child.try_wait().unwrap().is_none() {
            std::thread::sleep(Duration::from_millis(1));
        }
        std::thread::sleep(delay);
        let finished_alone = child.try_wait().unwrap().is_some();
        child.kill().unwrap();
        child.wait().unwrap();
        let hot = journal(&store).exists();
        if hot {
            assert_eq!(mode(&journal(&store)), 0o600, "the journal holds financial data too");
        }
        // Every other time the next review is the first to meet what the kill left.
        if k % 2 == 0 && store.exists() {
            assert_eq!(integrity(&store), "ok", "kill {k} at {delay:?}");
        }
        let next = w.review_on(&store, &[&big], &["--format", "json"]);
        assert_ne!(next.code, Some(2), "kill {k} at {delay:?}: {}", next.stderr);
        let next = next.json();
        assert_eq!(integrity(&store), "ok", "kill {k} at {delay:?}");
        if next["review"]["id"] == 1 {
            // The killed review left nothing: the next one is a first review.
            assert_eq!(next["findings"], fresh["findings"], "kill {k} at {delay:?}");
            assert_eq!(next["review"]["imported"], fresh["review"]["imported"]);
            assert_eq!(committed_reviews(&store), 1);
            mid_transaction += usize::from(hot && !finished_alone);
        } else {
            // Killed after its commit: the next review sees the same findings, all open.
            assert_eq!(next["review"]["id"], 2, "kill {k} at {delay:?}");
            let ids = |r: &Value| statuses(r).into_iter().map(|(id, _)| id).collect::<Vec<_>>();
            assert_eq!(ids(&next), ids(&fresh));
            assert!(statuses(&next).iter().all(|(_, s)| s == "open"));
        }
    }
    assert!(
        mid_transaction >= 2,
        "only {mid_transaction} kills hit an open transaction (run {total:?}, window {open:?}..{commit:?})"
    );
}

#[test]
fn a_second_review_waits_for_the_lock_then_fails_clearly_and_the_store_survives() {
    let w = World::new();
    let input = fixture("rules/F001");
    assert_eq!(w.review(&[&input], &[]).code, Some(0));
    let holder = Connection::open(w.store()).unwrap();
    holder.execute_batch("BEGIN IMMEDIATE").unwrap();

    let started = Instant::now();
    let blocked = w.review(&[&input], &["--lock-timeout", "1"]);
    let waited = started.elapsed();
    assert_eq!(blocked.code, Some(2), "{}", blocked.stderr);
    assert!(blocked.stderr.contains("another review is using it"), "{}", blocked.stderr);
    assert!(waited >= Duration::from_millis(900) && waited < Duration::from_secs(8), "{waited:?}");

    // A patient review waits, and goes on once the lock is released.
    let args = World::review_args(&w.store(), &[&input], &["--format", "json", "--lock-timeout", "60"]);
    let mut patient =
        w.std_cmd(&args.iter().map(String::as_str).collect::<Vec<_>>()).stdout(Stdio::piped()).spawn().unwrap();
    std::thread::sleep(Duration::from_millis(1500));
    assert!(patient.try_wait().unwrap().is_none(), "it waits for the lock");
    holder.execute_batch("COMMIT").unwrap();
    drop(holder);
    let out = patient.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    let review: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(review["review"]["id"], 2, "the refused review left nothing behind");
    assert_eq!(statuses(&review).len(), 1);
    assert_eq!(statuses(&review)[0].1, "open");
    assert_eq!(integrity(&w.store()), "ok");
    assert_eq!(committed_reviews(&w.store()), 2);
}

#[test]
fn a_new_store_and_its_folders_are_owner_only() {
    let w = World::new();
    let store = w.root.join("private/wallet/history.sqlite3");
    let run = w.review_on(&store, &[&fixture("rules/F001")], &[]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    assert_eq!(mode(&store), 0o600);
    assert_eq!(mode(&w.root.join("private/wallet")), 0o700);
    assert_eq!(mode(&w.root.join("private")), 0o700);
    assert_eq!(integrity(&store), "ok");
}

/// Deterministic noise (xorshift), for a file of random bytes.
fn noise(n: usize, mut state: u64) -> Vec<u8> {
    (0..n)
        .map(|_| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            (state >> 24) as u8
        })
        .collect()
}

/// Runs a review against `store` and asserts it is refused, clearly and without a trace.
fn assert_refused(w: &World, store: &Path, expect: &str) -> String {
    let before = std::fs::read(store).unwrap();
    let folder: BTreeSet<_> =
        std::fs::read_dir(store.parent().unwrap()).unwrap().map(|e| e.unwrap().file_name()).collect();
    let run = w.review_on(store, &[&fixture("rules/F001")], &[]);
    assert_eq!(run.code, Some(2), "{}: {}", store.display(), run.stderr);
    assert!(run.stderr.contains(&store.display().to_string()), "the message names the file: {}", run.stderr);
    assert!(run.stderr.contains(expect), "{}", run.stderr);
    assert!(run.stderr.lines().count() <= 2, "a clear message, not a dump:\n{}", run.stderr);
    assert_eq!(run.stdout, "");
    assert!(std::fs::read(store).unwrap() == before, "{} was changed", store.display());
    let after: BTreeSet<_> =
        std::fs::read_dir(store.parent().unwrap()).unwrap().map(|e| e.unwrap().file_name()).collect();
    assert_eq!(after, folder, "no journal or other file was left beside it");
    run.stderr
}

#[test]
fn a_corrupt_or_foreign_store_is_refused_untouched() {
    let w = World::new();
    let dir = w.root.join("stores");
    std::fs::create_dir_all(&dir).unwrap();

    let random = dir.join("random.sqlite3");
    std::fs::write(&random, noise(9000, 0x5eed)).unwrap();
    assert_refused(&w, &random, "not a wallet-audit history store");

    let text = dir.join("notes.txt");
    std::fs::write(&text, "groceries: 35.00\nrent: 5800.00\n").unwrap();
    assert_refused(&w, &text, "not a wallet-audit history store");

    let foreign = dir.join("other-app.db");
    let conn = Connection::open(&foreign).unwrap();
    conn.execute_batch("CREATE TABLE bookmarks (url TEXT); INSERT INTO bookmarks VALUES ('https://example.org');")
        .unwrap();
    drop(conn);
    assert_refused(&w, &foreign, "another program's SQLite database");

    let header_only = dir.join("truncated.sqlite3");
    let mut bytes = b"SQLite format 3\0".to_vec();
    bytes.extend(noise(8192, 7));
    std::fs::write(&header_only, bytes).unwrap();
    assert_refused(&w, &header_only, "left untouched");

    // A real store whose table pages were overwritten.
    let damaged = dir.join("damaged.sqlite3");
    assert_eq!(w.review_on(&damaged, &[&repo("samples")], &[]).code, Some(1));
    let mut bytes = std::fs::read(&damaged).unwrap();
    let page = 4096;
    assert!(bytes.len() > 8 * page);
    bytes[page..7 * page].copy_from_slice(&noise(6 * page, 99));
    std::fs::write(&damaged, bytes).unwrap();
    assert_refused(&w, &damaged, "damaged");
}

#[test]
fn a_store_of_a_newer_wallet_audit_is_refused_untouched() {
    let w = World::new();
    assert_eq!(w.review(&[&fixture("rules/F001")], &[]).code, Some(0));
    let conn = Connection::open(w.store()).unwrap();
    let version: i64 = conn.pragma_query_value(None, "user_version", |r| r.get(0)).unwrap();
    assert!(version >= 1);
    conn.pragma_update(None, "user_version", version + 1).unwrap();
    drop(conn);
    let message = assert_refused(&w, &w.store(), "written by a newer wallet-audit");
    assert!(message.contains("upgrade"), "{message}");
    let before = std::fs::read(w.store()).unwrap();
    let history = w.store_cmd(&["history"]);
    assert_eq!(history.code, Some(2));
    assert!(history.stderr.contains("newer wallet-audit"), "{}", history.stderr);
    assert!(std::fs::read(w.store()).unwrap() == before);
}

#[test]
fn history_lists_the_reviews_and_export_writes_each_stored_row_once() {
    let w = World::new();
    let samples = repo("samples");
    let first = w.copy(&samples, "september", |n| n.ends_with(".csv") && n != SECOND_WECHAT, str::to_string);
    let second = w.copy(&samples, "october", |n| n == SECOND_WECHAT, str::to_string);
    let reviews = [w.review_json(&[&first], &[]).1, w.review_json(&[&second], &[]).1, w.review_json(&[&second], &[]).1];

    let listed = w.store_cmd(&["history", "--json"]);
    assert_eq!(listed.code, Some(0), "{}", listed.stderr);
    let listed = listed.json();
    let past = listed["reviews"].as_array().unwrap();
    assert_eq!(past.len(), 3);
    for (past, review) in past.iter().zip(&reviews) {
        assert_eq!(past["id"], review["review"]["id"]);
        assert_eq!(past["at"], review["review"]["at"]);
        assert_eq!(past["imported"], review["review"]["imported"]);
    }
    let text = w.store_cmd(&["history"]);
    let lines: Vec<&str> = text.stdout.lines().filter(|l| l.starts_with('#')).collect();
    assert_eq!(lines.len(), 3, "{}", text.stdout);
    assert!(lines[0].starts_with("#1") && lines[2].starts_with("#3"), "{}", text.stdout);

    let export = w.store_cmd(&["export"]);
    assert_eq!(export.code, Some(0), "{}", export.stderr);
    let rows: Vec<Value> = export.stdout.lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    let added: u64 = reviews.iter().map(|r| imported(r, "added")).sum();
    assert_eq!(rows.len() as u64, added);
    let distinct: BTreeSet<&str> = export.stdout.lines().collect();
    assert_eq!(distinct.len(), rows.len(), "each row once");
    // The same rows normalize writes for all the exports at once (overlap counted once).
    let normalized = w.run(&["normalize", samples.to_str().unwrap(), "--format", "jsonl"]);
    assert_eq!(rows.len(), normalized.stdout.lines().count());
    assert!(rows.iter().all(|r| r["amount"].is_string() && r["time"].is_string()), "{}", rows[0]);
}

#[test]
fn the_markdown_digest_has_its_headings_and_escapes_what_came_from_input() {
    let w = World::new();
    let hostile = "*[x](http://e.vil)*";
    let input = fixture("review/markdown");
    assert!(std::fs::read_to_string(input.join("wechat.csv")).unwrap().contains(hostile));
    let run = w.review(&[&input], &["--format", "markdown"]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    let md = &run.stdout;
    assert!(md.starts_with("# wallet-audit review #1"), "{md}");
    assert!(md.lines().any(|l| l == "## New"), "{md}");
    assert!(md.lines().any(|l| l.starts_with("### ") && l.contains(" · S007-")), "{md}");
    // A word holding a link is shown as code (nothing links or formats inside a code span).
    assert!(md.contains(&format!("`{hostile}`")), "the counterparty is shown as code:\n{md}");
    let outside_code: String = md.split('`').step_by(2).collect();
    assert!(!outside_code.contains("[x]("), "unescaped markdown from input:\n{md}");

    let again = w.review(&[&input], &["--format", "markdown"]);
    assert!(again.stdout.contains("Nothing new since the last review."), "{}", again.stdout);
    assert!(!again.stdout.lines().any(|l| l == "## New"), "{}", again.stdout);
}

// Regressions from the independent review of the first version.

#[test]
fn a_report_that_cannot_be_written_leaves_no_review_behind() {
    let w = World::new();
    let input = fixture("rules/R001");
    let missing = w.root.join("no-such-folder/digest.md");
    let failed = w.review(&[&input], &["-o", &missing.display().to_string()]);
    assert_eq!(failed.code, Some(2), "{}", failed.stderr);
    assert!(failed.stderr.contains("digest.md"), "{}", failed.stderr);
    // The news was not delivered, so the next review still has it.
    let (code, report) = w.review_json(&[&input], &["--fail-on", "critical"]);
    assert_eq!(code, Some(1));
    assert_eq!(report["review"]["id"], 1, "the failed review left nothing in the store");
    assert!(report["findings"].as_array().unwrap().iter().any(|f| f["code"] == "R001" && f["status"] == "new"));
}

#[test]
fn rows_read_in_another_time_zone_are_refused_not_stored_twice() {
    let w = World::new();
    let input = repo("samples");
    assert_ne!(w.review(&[&input], &[]).code, Some(2));
    let other = w.review(&[&input], &["--tz", "+00:00"]);
    assert_eq!(other.code, Some(2), "{}", other.stderr);
    assert!(other.stderr.contains("time zone +08:00") && other.stderr.contains("--tz +08:00"), "{}", other.stderr);
    let (_, report) = w.review_json(&[&input], &[]);
    assert_eq!(report["review"]["imported"]["added"], 0);
    assert_eq!(report["review"]["id"], 2, "the refused review left nothing");
}

#[test]
fn an_alias_added_later_relabels_the_stored_rows_without_importing_them_again() {
    let w = World::new();
    let input = repo("samples");
    let (_, first) = w.review_json(&[&input], &[]);
    let config = w.root.join("settings.toml");
    std::fs::write(&config, "[accounts]\n\"icbc:4321\" = \"icbc:1234\"\n").unwrap();
    let (_, second) = w.review_json(&[&input], &["--config", &config.display().to_string()]);
    assert_eq!(second["review"]["imported"]["added"], 0, "the same rows, relabelled, are not new rows");
    let accounts: BTreeSet<&str> =
        second["inputs"].as_array().unwrap().iter().filter_map(|i| i["account"].as_str()).collect();
    assert!(accounts.contains("icbc:1234") && !accounts.contains("icbc:4321"), "{accounts:?}");
    assert!(first["inputs"].as_array().unwrap().iter().any(|i| i["account"] == "icbc:4321"));
    // export applies the aliases in force too.
    let store = w.store().display().to_string();
    let export = w.run(&["export", "--store", &store, "--config", &config.display().to_string()]);
    assert_eq!(export.code, Some(0), "{}", export.stderr);
    let accounts: BTreeSet<String> = export
        .stdout
        .lines()
        .map(|l| serde_json::from_str::<Value>(l).unwrap()["account"].as_str().unwrap_or("").to_string())
        .collect();
    assert!(accounts.contains("icbc:1234") && !accounts.contains("icbc:4321"), "{accounts:?}");
}

#[test]
fn identical_unreadable_rows_are_each_kept() {
    let w = World::new();
    let dir = w.root.join("bad");
    std::fs::create_dir_all(&dir).unwrap();
    let bad = "2026-13-40 25:61:00,100.00,success\n";
    std::fs::write(
        dir.join("attempts.csv"),
        format!("time,amount,status\n2026-03-01 10:00:00,100.00,success\n{bad}{bad}{bad}"),
    )
    .unwrap();
    let (_, report) = w.review_json(&[&dir], &[]);
    assert_eq!(report["review"]["imported"]["rejected"], 3);
    assert_eq!(report["review"]["imported"]["rejected_added"], 3);
    let d001 = report["findings"].as_array().unwrap().iter().find(|f| f["code"] == "D001").unwrap();
    assert!(d001["message"].as_str().unwrap().contains('3'), "{d001}");
    let (_, again) = w.review_json(&[&dir], &[]);
    assert_eq!(again["review"]["imported"]["rejected_added"], 0, "the same three rows are not stored again");
}

#[test]
fn the_read_commands_never_create_a_store() {
    let w = World::new();
    let typo = w.root.join("typo/none.sqlite3");
    for args in [vec!["history"], vec!["export"], vec!["ack", "R001-00000000"], vec!["unack", "R001-00000000"]] {
        let mut args: Vec<String> = args.iter().map(|s| s.to_string()).collect();
        args.extend(["--store".into(), typo.display().to_string()]);
        let run = w.run(&args.iter().map(String::as_str).collect::<Vec<_>>());
        assert_eq!(run.code, Some(2), "{args:?}: {}", run.stderr);
        assert!(run.stderr.contains("does not exist"), "{}", run.stderr);
        assert!(!typo.exists() && !typo.parent().unwrap().exists(), "{args:?} created the store");
    }
}

#[test]
fn review_writes_csv_jsonl_and_concise_with_statuses_and_refuses_html() {
    let w = World::new();
    let input = repo("samples");
    let csv_path = w.root.join("review.csv");
    assert_ne!(w.review(&[&input], &["-o", &csv_path.display().to_string()]).code, Some(2));
    let text = std::fs::read_to_string(&csv_path).unwrap();
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let header: Vec<String> = reader.headers().unwrap().iter().map(str::to_string).collect();
    assert_eq!(header[4], "status");
    let statuses: BTreeSet<String> = reader.records().map(|r| r.unwrap()[4].to_string()).collect();
    assert_eq!(statuses, BTreeSet::from(["new".to_string()]));
    assert_eq!(std::fs::metadata(&csv_path).unwrap().permissions().mode() & 0o777, 0o600);

    let jsonl = w.review(&[&input], &["--format", "jsonl"]);
    let lines: Vec<Value> = jsonl.stdout.lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert!(!lines.is_empty() && lines.iter().all(|f| f["status"] == "open"), "{}", jsonl.stdout);

    let concise = w.review(&[&input], &["--format", "concise"]);
    assert_eq!(concise.stdout, "", "nothing new, changed or resolved: no line");

    let html = w.review(&[&input], &["-o", &w.root.join("r.html").display().to_string()]);
    assert_eq!(html.code, Some(2));
    assert!(html.stderr.contains("does not write .html"), "{}", html.stderr);
}

#[test]
fn an_empty_statements_folder_reviews_the_stored_history() {
    let w = World::new();
    assert_ne!(w.review(&[&repo("samples")], &[]).code, Some(2));
    let empty = w.root.join("statements");
    std::fs::create_dir_all(&empty).unwrap();
    let run = w.review(&[&empty], &["--format", "json"]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    assert!(run.stderr.contains("no statement files"), "{}", run.stderr);
    assert_eq!(run.json()["review"]["id"], 2);
}

#[test]
fn ack_takes_a_finding_off_the_still_open_list_and_unack_puts_it_back() {
    let w = World::new();
    let input = repo("samples");
    let (_, report) = w.review_json(&[&input], &[]);
    let id = report["findings"][0]["id"].as_str().unwrap().to_string();
    let listed = |run: &Run| run.stdout.lines().any(|l| l.trim_start().starts_with(&id));
    let open = w.review(&[&input], &[]);
    assert!(listed(&open), "an open finding is listed:\n{}", open.stdout);
    assert_eq!(w.run(&["ack", &id, "--store", &w.store().display().to_string()]).code, Some(0));
    let acked = w.review(&[&input], &[]);
    assert!(!listed(&acked), "an acknowledged finding is not listed:\n{}", acked.stdout);
    assert!(acked.stdout.contains("Acknowledged: 1"), "{}", acked.stdout);
    assert_eq!(w.run(&["unack", &id, "--store", &w.store().display().to_string()]).code, Some(0));
    assert!(listed(&w.review(&[&input], &[])));
}

#[test]
fn a_store_in_the_settings_file_may_start_with_a_tilde() {
    let w = World::new();
    let config = w.root.join("settings.toml");
    std::fs::write(&config, "store = \"~/audit/history.sqlite3\"\n").unwrap();
    let run = w.run(&[
        "review",
        &repo("samples").display().to_string(),
        "--config",
        &config.display().to_string(),
        "--stale-after",
        "1000000",
    ]);
    assert_ne!(run.code, Some(2), "{}", run.stderr);
    assert!(w.home.join("audit/history.sqlite3").is_file());
    assert!(!w.root.join("~").exists(), "no literal ~ folder beside the settings file");
}
