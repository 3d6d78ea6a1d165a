//! The README's scheduled runs, exactly as written there: the systemd service's `ExecStart=`
//! line and the cron command run against a home folder of statements; the first run reports
//! (exit 1: the samples hold a critical finding), a rerun on the same files prints nothing and
//! exits 0, and a new export with a new finding reports again.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn readme() -> String {
    std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md")).unwrap()
}

/// A home folder with the binary where the README installs it and the samples as statements.
fn home() -> tempfile::TempDir {
    let home = tempfile::tempdir().unwrap();
    let bin = home.path().join(".cargo/bin");
    std::fs::create_dir_all(&bin).unwrap();
    std::os::unix::fs::symlink(assert_cmd::cargo::cargo_bin("wallet-audit"), bin.join("wallet-audit")).unwrap();
    let statements = home.path().join("statements");
    std::fs::create_dir_all(&statements).unwrap();
    for entry in std::fs::read_dir(Path::new(env!("CARGO_MANIFEST_DIR")).join("samples")).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "csv") {
            std::fs::copy(&path, statements.join(path.file_name().unwrap())).unwrap();
        }
    }
    home
}

/// Runs `argv` as the scheduler would: only HOME and a minimal PATH, no XDG variables.
fn scheduled(mut command: Command, home: &Path) -> Output {
    command.env_clear().env("HOME", home).env("PATH", "/usr/bin:/bin").current_dir(home);
    command.output().unwrap()
}

/// A second export with a failed top-up the first did not have: an F finding that is new.
fn add_new_failure(home: &Path) {
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/rules/F002");
    let target = home.join("statements/more");
    std::fs::create_dir_all(&target).unwrap();
    for entry in std::fs::read_dir(fixture).unwrap() {
        let path: PathBuf = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "csv") {
            std::fs::copy(&path, target.join(path.file_name().unwrap())).unwrap();
        }
    }
}

fn check_runs(run: impl Fn() -> Output, home: &Path) {
    let first = run();
    let out = String::from_utf8_lossy(&first.stdout);
    assert_eq!(first.status.code(), Some(1), "{}", String::from_utf8_lossy(&first.stderr));
    assert!(out.starts_with("# wallet-audit review #1"), "{out}");
    assert!(home.join(".local/share/wallet-audit/history.sqlite3").is_file());

    let again = run();
    assert_eq!(again.status.code(), Some(0), "{}", String::from_utf8_lossy(&again.stderr));
    assert!(again.stdout.is_empty(), "a rerun on the same files printed: {}", String::from_utf8_lossy(&again.stdout));

    add_new_failure(home);
    let news = run();
    let out = String::from_utf8_lossy(&news.stdout);
    assert!(out.contains("## New"), "{out}");
    assert!(out.contains("F002-"), "{out}");
}

#[test]
fn the_systemd_service_runs_as_the_readme_writes_it() {
    let readme = readme();
    let line = readme.lines().find_map(|l| l.strip_prefix("ExecStart=")).expect("README has an ExecStart= line");
    let home = home();
    let words: Vec<String> =
        line.split_whitespace().map(|w| w.replace("%h", &home.path().display().to_string())).collect();
    check_runs(
        || {
            let mut command = Command::new(&words[0]);
            command.args(&words[1..]);
            scheduled(command, home.path())
        },
        home.path(),
    );
}

#[test]
fn the_cron_line_runs_as_the_readme_writes_it() {
    let readme = readme();
    let line = readme
        .lines()
        .find(|l| l.split_whitespace().nth(5).is_some_and(|w| w.ends_with("wallet-audit")))
        .expect("README has a cron line");
    let command_text: String = line.split_whitespace().skip(5).collect::<Vec<_>>().join(" ");
    let home = home();
    check_runs(
        || {
            let mut command = Command::new("/bin/sh");
            command.arg("-c").arg(&command_text);
            scheduled(command, home.path())
        },
        home.path(),
    );
}

/// The samples end on 2026-10-31: a review warns (stderr) once the newest data is older than
/// `--stale-after` days, and not before; stdout and the exit code do not change.
#[test]
fn a_review_of_old_data_warns_on_stderr() {
    let home = home();
    let run = |days: &str| {
        let mut command = Command::new(home.path().join(".cargo/bin/wallet-audit"));
        command.args(["review", "statements", "--format", "json", "--stale-after", days]);
        scheduled(command, home.path())
    };
    let stale = run("10");
    let warning = String::from_utf8_lossy(&stale.stderr);
    assert!(warning.contains("the newest data in the history ends on 2026-10-31"), "{warning}");
    assert!(warning.contains("more than 10"), "{warning}");
    let fresh = run("100000");
    assert!(fresh.stderr.is_empty(), "{}", String::from_utf8_lossy(&fresh.stderr));
    assert_eq!(stale.status.code(), Some(1));
    assert_eq!(fresh.status.code(), Some(0), "the second review has nothing new");
}
