//! The real binary on hostile input (issue #6): nothing lost, nothing leaked, nothing hangs.
//! Every test runs under a timeout, so a hang fails instead of blocking the suite.

use assert_cmd::Command;
use serde_json::Value;
use std::path::Path;
use std::time::Duration;

const LIMIT: Duration = Duration::from_secs(20);

fn wallet_audit() -> Command {
    let mut cmd = Command::cargo_bin("wallet-audit").unwrap();
    cmd.env_remove("COLUMNS").timeout(LIMIT);
    cmd
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// What must never reach a terminal: C0 controls but the newline, DEL, C1 controls and the
/// bidirectional controls that reorder what the reader sees.
fn unsafe_for_terminal(c: char) -> bool {
    (c.is_control() && c != '\n')
        || matches!(c, '\u{061c}' | '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

fn assert_terminal_safe(what: &str, bytes: &[u8]) {
    let shown = text(bytes);
    let bad: Vec<char> = shown.chars().filter(|c| unsafe_for_terminal(*c)).collect();
    assert!(bad.is_empty(), "{what} holds {bad:?}:\n{shown}");
}

/// Copies the bundled samples into a fresh folder, with `edit` applied to the UTF-8 ones (the
/// attempts log, WeChat and ICBC; the Alipay export is GBK and copied as it is).
fn samples_edited(edit: impl Fn(&str) -> String) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for entry in std::fs::read_dir("samples").unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "csv") {
            let to = dir.path().join(path.file_name().unwrap());
            match std::fs::read_to_string(&path) {
                Ok(text) => std::fs::write(to, edit(&text)).unwrap(),
                Err(_) => drop(std::fs::copy(&path, to).unwrap()),
            }
        }
    }
    dir
}

fn mkfifo(path: &Path) {
    let status = std::process::Command::new("mkfifo").arg(path).status().unwrap();
    assert!(status.success(), "mkfifo {}", path.display());
}

// #6 (1): all rows rejected.

#[test]
fn an_input_whose_every_row_is_unreadable_shows_the_reasons_and_exits_2() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("attempts.csv");
    let mut csv = String::from("time,amount,status,method,error_message\n");
    csv.push_str("yesterday,500.00,failed,工商银行(6222021234564321),x\n");
    csv.push_str("2026-09-02 08:15:00,5OO.00,failed,x,\u{1b}]0;pwned\u{7}\n");
    for day in 10..17 {
        csv.push_str(&format!("2026-09-{day} 08:15:00,abc,failed,x,y\n"));
    }
    std::fs::write(&file, csv).unwrap();
    let out = wallet_audit().arg("check").arg(&file).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = text(&out.stderr);
    assert!(!err.contains("no dated rows"), "{err}");
    assert!(err.contains("attempts.csv:2: "), "the first rejected row with its line: {err}");
    assert!(err.contains("attempts.csv:3: "), "{err}");
    assert!(err.contains("and 4 more"), "9 rejected rows, the first 5 shown: {err}");
    assert!(!err.contains("6222021234564321"), "{err}");
    assert_terminal_safe("stderr", &out.stderr);
    assert!(out.stdout.is_empty());
}

// #11 (part): --since after --until.

#[test]
fn since_after_until_is_a_usage_error_naming_both() {
    let out =
        wallet_audit().args(["check", "samples", "--since", "2026-10-10", "--until", "2026-10-01"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = text(&out.stderr);
    assert!(err.contains("2026-10-10") && err.contains("2026-10-01"), "{err}");
    assert!(out.stdout.is_empty());
    let out =
        wallet_audit().args(["check", "samples", "--since", "2026-10-01", "--until", "2026-10-01"]).output().unwrap();
    assert!(out.status.code().is_some_and(|c| c < 2), "one day is a period: {}", text(&out.stderr));
}

// #12: card numbers in full without --show-pii.

#[test]
fn a_full_card_number_in_a_method_is_masked_in_table_and_json() {
    let dir = samples_edited(|t| t.replace("工商银行(4321)", "工商银行(6222021234564321)"));
    let pan = "6222021234564321";
    for format in ["table", "json", "jsonl"] {
        let out = wallet_audit().arg("check").arg(dir.path()).args(["--format", format]).output().unwrap();
        assert_eq!(out.status.code(), Some(1), "{}", text(&out.stderr));
        let shown = text(&out.stdout);
        assert!(!shown.contains(pan), "{format} prints the card number:\n{shown}");
        assert!(shown.contains("****4321"), "{format}");
    }
    let out = wallet_audit().arg("check").arg(dir.path()).args(["--format", "json", "--show-pii"]).output().unwrap();
    let r: Value = serde_json::from_slice(&out.stdout).unwrap();
    let full: Vec<&str> = r["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f.to_string().contains(pan))
        .map(|f| f["code"].as_str().unwrap())
        .collect();
    for code in ["R001", "R002", "R005", "R006", "R007"] {
        assert!(full.contains(&code), "--show-pii shows the number in {code}: {full:?}");
    }
}

#[test]
fn grouped_and_19_digit_card_numbers_in_unreadable_rows_are_masked() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("attempts.csv");
    std::fs::write(
        &file,
        "time,amount,status,method,error_message\n\
         2026-09-02 08:15:00,200.00,success,工商银行(4321),\n\
         2026-09-03 08:15:00,5OO.00,failed,6217 0012 3456 7890 123,卡号 4111-1111-1111-1111\n\
         2026-09-04 08:15:00,abc,failed,6217001234567890123,订单 T2026030421130512 2026-03-04 21:13 1,234.56\n",
    )
    .unwrap();
    let out = wallet_audit().arg("check").arg(&file).args(["--format", "json", "--select", "D001"]).output().unwrap();
    let shown = text(&out.stdout);
    let r: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(r["findings"].as_array().unwrap().len(), 2, "{shown}");
    for pan in ["6217 0012 3456 7890 123", "4111-1111-1111-1111", "6217001234567890123", "1111-1111"] {
        assert!(!shown.contains(pan), "{pan} in\n{shown}");
    }
    assert!(shown.contains("****0123") && shown.contains("****1111"), "{shown}");
    assert!(shown.contains("T2026030421130512") && shown.contains("2026-03-04 21:13"), "order numbers and times stay");
    let out = wallet_audit().arg("check").arg(&file).args(["--select", "D001"]).output().unwrap();
    let table = text(&out.stdout);
    assert!(!table.contains("6217001234567890123") && table.contains("****0123"), "{table}");
}

#[test]
fn errors_and_warnings_mask_card_numbers() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy("samples/attempts.csv", dir.path().join("attempts.csv")).unwrap();
    std::fs::write(dir.path().join("notes.csv"), "card,6222021234564321,again\n").unwrap();
    let out = wallet_audit().arg("check").arg(dir.path()).args(["--format", "json", "--show-pii"]).output().unwrap();
    let err = text(&out.stderr);
    assert!(err.contains("notes.csv") && !err.contains("6222021234564321"), "{err}");
    let out = wallet_audit().args(["check", "samples", "--since", "6222021234564321"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(!text(&out.stderr).contains("6222021234564321"), "{}", text(&out.stderr));
}

// #13: terminal escapes.

const HOSTILE: &str = "\u{1b}[31mred\u{1b}[0m \u{1b}]0;title\u{7} \u{1b}[2J \u{1b}]8;;http://x\u{1b}\\link\u{1b}]8;;\u{1b}\\ \u{8}\u{8} \u{9b}31m \u{202e}fdp.exe \u{2066}\u{200f}\u{61c}";

#[test]
fn escapes_in_methods_and_messages_never_reach_the_table_but_stay_exact_in_json() {
    let dir = samples_edited(|t| {
        t.replace("Card expired", &format!("Card expired {HOSTILE}"))
            .replace("交通银行信用卡(7449)", &format!("交通{HOSTILE}(7449)"))
    });
    let out = wallet_audit().arg("check").arg(dir.path()).output().unwrap();
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stderr));
    assert!(text(&out.stdout).contains("Card expired"));
    assert_terminal_safe("table", &out.stdout);
    assert_terminal_safe("stderr", &out.stderr);
    let out = wallet_audit().arg("check").arg(dir.path()).args(["--format", "json"]).output().unwrap();
    let r: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(r.to_string().contains(&serde_json::to_string(HOSTILE).unwrap()[1..20]), "JSON keeps the text exact");
}

#[test]
fn escapes_in_unreadable_rows_file_names_and_mapping_names_never_reach_the_terminal() {
    let dir = tempfile::tempdir().unwrap();
    let name = format!("a{}.csv", "\u{1b}[2J\u{202e}");
    std::fs::write(
        dir.path().join(&name),
        format!(
            "time,amount,status,method,error_message\n2026-09-02 08:15:00,200.00,success,工商银行(4321),\n\
             2026-09-03 08:15:00,5OO.00,failed,x,{HOSTILE}\n"
        ),
    )
    .unwrap();
    // File names cannot hold '/', the rest of the hostile text they can.
    let notes = format!("notes{}.csv", HOSTILE.replace('/', ""));
    std::fs::write(dir.path().join(notes), format!("hello,{HOSTILE},again\n")).unwrap();
    std::fs::write(dir.path().join("bank.csv"), "Date,Payee,Out,In\n2026-09-18,Tenpay WeChat,500.00,\n").unwrap();
    let mapping = dir.path().join("bank.toml");
    std::fs::write(
        &mapping,
        "name = \"bank\\u001b[2J\\u202e\"\nside = \"bank\"\naccount = \"x:4321\"\n[columns]\ndate = \"Date\"\ncounterparty = \"Payee\"\ndebit = \"Out\"\ncredit = \"In\"\n",
    )
    .unwrap();
    for format in ["table", "json"] {
        let out = wallet_audit()
            .arg("check")
            .arg(dir.path())
            .arg("--mapping")
            .arg(&mapping)
            .args(["--format", format])
            .output()
            .unwrap();
        assert!(out.status.code().is_some_and(|c| c < 2), "{}", text(&out.stderr));
        assert!(text(&out.stderr).contains("notes"), "{}", text(&out.stderr));
        assert_terminal_safe("stderr", &out.stderr);
        if format == "table" {
            assert!(text(&out.stdout).contains("could not be read"));
            assert_terminal_safe("table", &out.stdout);
        }
    }
    let out = wallet_audit().args(["formats", "--sniff"]).arg(dir.path().join(&name)).output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(text(&out.stdout).contains("attempts"));
    assert_terminal_safe("formats --sniff", &out.stdout);
}

#[test]
fn escapes_in_option_values_and_error_messages_never_reach_stderr() {
    let cases: [&[&str]; 5] = [
        &["check", "samples", "--since", HOSTILE],
        &["check", "samples", "--select", HOSTILE],
        &["check", "samples", "--format", HOSTILE],
        &["rule", HOSTILE],
        &["check", HOSTILE],
    ];
    for args in cases {
        let out = wallet_audit().args(args).output().unwrap();
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(!out.stderr.is_empty(), "{args:?}");
        assert_terminal_safe(&format!("stderr of {:?}", args[..args.len() - 1].to_vec()), &out.stderr);
    }
    let out = wallet_audit().arg("rules").output().unwrap();
    assert_terminal_safe("rules", &out.stdout);
}

// #14: -o out.csv.

#[test]
fn output_format_follows_the_extension_and_tsv_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let json = dir.path().join("audit.json");
    let out = wallet_audit().args(["check", "samples", "-o"]).arg(&json).output().unwrap();
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stderr));
    let r: Value = serde_json::from_str(&std::fs::read_to_string(&json).unwrap()).unwrap();
    assert_eq!(r["schema_version"], 1);
    let jsonl = dir.path().join("audit.jsonl");
    wallet_audit().args(["check", "samples", "-o"]).arg(&jsonl).output().unwrap();
    let lines = std::fs::read_to_string(&jsonl).unwrap();
    assert!(lines.lines().count() > 1 && lines.lines().all(|l| serde_json::from_str::<Value>(l).is_ok()));
    let csv = dir.path().join("audit.csv");
    let out = wallet_audit().args(["check", "samples", "-o"]).arg(&csv).output().unwrap();
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stderr));
    assert!(std::fs::read_to_string(&csv).unwrap().starts_with("id,code,slug,severity,"), "-o FILE.csv writes CSV");
    let tsv = dir.path().join("audit.tsv");
    let out = wallet_audit().args(["check", "samples", "-o"]).arg(&tsv).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = text(&out.stderr);
    assert!(err.contains("tab-separated output is not available") && err.contains("--format"), "{err}");
    assert!(!tsv.exists(), "nothing written");
    let txt = dir.path().join("audit.txt");
    wallet_audit().args(["check", "samples", "-o"]).arg(&txt).output().unwrap();
    assert!(std::fs::read_to_string(&txt).unwrap().starts_with("wallet-audit "), "other names keep the table");
    let out = wallet_audit().args(["check", "samples", "--format", "table", "-o"]).arg(&csv).output().unwrap();
    assert_eq!(out.status.code(), Some(1), "an explicit --format is obeyed: {}", text(&out.stderr));
}

// #15: FIFOs, devices and symlink loops.

#[test]
fn a_fifo_or_a_device_link_in_a_folder_is_skipped_with_a_warning() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy("samples/attempts.csv", dir.path().join("attempts.csv")).unwrap();
    mkfifo(&dir.path().join("pipe.csv"));
    std::os::unix::fs::symlink("/dev/zero", dir.path().join("zero.csv")).unwrap();
    let out = wallet_audit().arg("check").arg(dir.path()).args(["--format", "json"]).output().unwrap();
    assert!(out.status.code().is_some_and(|c| c < 2), "{}", text(&out.stderr));
    let err = text(&out.stderr);
    assert!(err.contains("pipe.csv: not a regular file") && err.contains("zero.csv: not a regular file"), "{err}");
    let r: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(r["inputs"].as_array().unwrap().len(), 1);
}

#[test]
fn a_fifo_or_a_device_given_as_a_path_is_refused() {
    let out = wallet_audit().arg("check").arg("/dev/zero").output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = text(&out.stderr);
    assert!(err.contains("/dev/zero: not a regular file"), "{err}");
    let out = wallet_audit().args(["formats", "--sniff", "/dev/zero"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("not a regular file"));
}

/// `check <(cat attempts.csv)`: a pipe named on the command line is read (STYLE §4: explicit
/// paths are always read), capped like any input.
#[test]
fn a_pipe_given_as_a_path_is_read() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("pipe.csv");
    mkfifo(&fifo);
    let writer = {
        let fifo = fifo.clone();
        std::thread::spawn(move || std::fs::write(fifo, std::fs::read("samples/attempts.csv").unwrap()).unwrap())
    };
    let out = wallet_audit().arg("check").arg(&fifo).args(["--format", "json", "--exit-zero"]).output().unwrap();
    writer.join().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let r: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(r["inputs"][0]["rows"], 78);
}

#[test]
fn symlink_loops_and_repeated_folders_are_walked_once() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("exports");
    std::fs::create_dir_all(root.join("deep")).unwrap();
    std::fs::copy("samples/attempts.csv", root.join("deep/attempts.csv")).unwrap();
    for (i, name) in ["a", "b", "c", "d"].iter().enumerate() {
        std::os::unix::fs::symlink(&root, root.join(name)).unwrap();
        std::os::unix::fs::symlink(&root, root.join("deep").join(format!("up{i}"))).unwrap();
    }
    let out = wallet_audit().arg("check").arg(&root).arg(&root).args(["--format", "json"]).output().unwrap();
    assert!(out.status.code().is_some_and(|c| c < 2), "{}", text(&out.stderr));
    let r: Value = serde_json::from_slice(&out.stdout).unwrap();
    let inputs = r["inputs"].as_array().unwrap();
    assert_eq!(inputs.len(), 1, "{inputs:?}");
    assert!(inputs[0]["path"].as_str().unwrap().ends_with("deep/attempts.csv"));
}

// #16: capped reads.

/// Runs the binary with stdin connected to `file` (assert_cmd would read all of it first).
fn with_stdin_from(file: &str, args: &[&str]) -> std::process::Output {
    let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("wallet-audit"))
        .args(args)
        .stdin(std::fs::File::open(file).unwrap())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let started = std::time::Instant::now();
    while child.try_wait().unwrap().is_none() {
        if started.elapsed() > LIMIT {
            child.kill().unwrap();
            panic!("{args:?} < {file} still runs after {LIMIT:?}");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    child.wait_with_output().unwrap()
}

#[test]
fn stdin_config_and_mapping_reads_are_capped() {
    let out = with_stdin_from("/dev/zero", &["check", "-", "--max-input-size", "1M"]);
    assert_eq!(out.status.code(), Some(2));
    let err = text(&out.stderr);
    assert!(err.contains("-: larger than the 1 MiB input limit; raise it with --max-input-size"), "{err}");
    for option in ["--config", "--mapping"] {
        let out = wallet_audit().args(["check", "samples", option, "/dev/zero"]).output().unwrap();
        assert_eq!(out.status.code(), Some(2), "{option}");
        let err = text(&out.stderr);
        assert!(err.contains("/dev/zero: larger than the 1 MiB limit"), "{option}: {err}");
    }
    let out =
        wallet_audit().args(["formats", "--sniff", "samples/attempts.csv", "--mapping", "/dev/zero"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn the_input_size_limit_is_an_option_and_a_config_key() {
    let dir = tempfile::tempdir().unwrap();
    let out = wallet_audit().args(["check", "samples", "--max-input-size", "1K"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = text(&out.stderr);
    assert!(err.contains("larger than the 1 KiB input limit; raise it with --max-input-size"), "{err}");
    for ok in ["512M", "2G", "1000000", "1gib"] {
        let out =
            wallet_audit().args(["check", "samples", "--format", "jsonl", "--max-input-size", ok]).output().unwrap();
        assert_eq!(out.status.code(), Some(1), "{ok}: {}", text(&out.stderr));
    }
    for bad in ["12X", "", "0", "-1", "99999999999T"] {
        let out = wallet_audit().args(["check", "samples", &format!("--max-input-size={bad}")]).output().unwrap();
        assert_eq!(out.status.code(), Some(2), "{bad:?}");
        assert!(text(&out.stderr).contains("--max-input-size"), "{bad:?}: {}", text(&out.stderr));
    }
    let config = dir.path().join("audit.toml");
    std::fs::write(&config, "max_input_size = \"2K\"\n").unwrap();
    let out = wallet_audit().args(["check", "samples", "--config"]).arg(&config).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("larger than the 2 KiB input limit"), "{}", text(&out.stderr));
    let out =
        wallet_audit().args(["check", "samples", "--max-input-size", "1G", "--config"]).arg(&config).output().unwrap();
    assert_eq!(out.status.code(), Some(1), "the option overrides the file: {}", text(&out.stderr));
    std::fs::write(&config, "max_input_size = 1048576\n").unwrap();
    let out = wallet_audit().args(["check", "samples", "--config"]).arg(&config).output().unwrap();
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stderr));
    std::fs::write(&config, "max_input_size = \"lots\"\n").unwrap();
    let out = wallet_audit().args(["check", "samples", "--config"]).arg(&config).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("max_input_size"), "{}", text(&out.stderr));
}

// #18: empty selection items.

#[test]
fn an_empty_select_or_ignore_item_is_a_usage_error() {
    for args in [["--ignore", ""], ["--ignore", ","], ["--select", ""], ["--select", "R,"], ["--ignore", " "]] {
        let out = wallet_audit().args(["check", "samples"]).args(args).output().unwrap();
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let err = text(&out.stderr);
        assert!(err.contains(args[0]) && err.contains("empty"), "{args:?}: {err}");
        assert!(out.stdout.is_empty());
    }
}
