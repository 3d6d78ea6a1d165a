//! `check --format concise|csv|markdown` and `-o FILE` picking the format from its extension,
//! on the real binary: the machine formats agree with the JSON report finding for finding, the
//! CSV has the documented columns and neutralises formulas, the markdown report is snapshotted.

use assert_cmd::Command;
use rust_decimal::Decimal;
use serde_json::Value;
use std::path::Path;

/// The CSV header, as DESIGN.md §5 and README "Output for programs" give it.
const CSV_HEADER: [&str; 17] = [
    "id",
    "code",
    "slug",
    "severity",
    "status",
    "start",
    "end",
    "account",
    "amount",
    "at_risk",
    "currency",
    "cause",
    "title",
    "path",
    "line",
    "reference",
    "advice",
];

/// Failed top-ups whose order numbers start like spreadsheet formulas (`=`, `+`, `-`, `@`).
const FORMULAS: &str = "tests/fixtures/report_formats/formula-attempts.csv";

fn wallet_audit() -> Command {
    let mut cmd = Command::cargo_bin("wallet-audit").unwrap();
    cmd.env_remove("COLUMNS").env_remove("NO_COLOR").env_remove("CLICOLOR_FORCE");
    cmd
}

/// stdout of `check ARGS`, which must exit 0 or 1 (findings), not 2.
fn check(args: &[&str]) -> String {
    let out = wallet_audit().arg("check").args(args).output().unwrap();
    assert!(out.status.code().is_some_and(|c| c < 2), "{}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap()
}

fn json_findings(args: &[&str]) -> Vec<Value> {
    let report: Value = serde_json::from_str(&check(&[args, &["--format", "json"]].concat())).unwrap();
    report["findings"].as_array().unwrap().clone()
}

/// The CSV's header and rows, parsed as a spreadsheet or script would.
fn csv_rows(text: &str) -> (Vec<String>, Vec<csv::StringRecord>) {
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let header = reader.headers().unwrap().iter().map(str::to_string).collect();
    let rows = reader.records().collect::<Result<_, _>>().unwrap();
    (header, rows)
}

fn s(v: &Value) -> &str {
    v.as_str().unwrap_or("")
}

#[test]
fn concise_is_one_line_per_json_finding() {
    let findings = json_findings(&["samples"]);
    let out = check(&["samples", "--format", "concise"]);
    let expected: Vec<String> = findings
        .iter()
        .map(|f| {
            let e = &f["evidence"][0];
            format!("{}:{}: {} [{}] {}", s(&e["path"]), e["line"], s(&f["code"]), s(&f["severity"]), s(&f["title"]))
        })
        .collect();
    assert_eq!(out.lines().collect::<Vec<_>>(), expected);
    assert!(out.ends_with('\n') && !out.contains("\n\n"), "no header, no blank lines");
    // The severity stays the JSON token in Chinese: `grep '\[high\]'` works in both languages.
    let zh = check(&["samples", "--format", "concise", "--lang", "zh", "--select", "R001"]);
    assert!(zh.starts_with("samples/attempts.csv:15: R001 [critical] 银行已扣款 500.00 CNY"), "{zh}");
}

#[test]
fn concise_masks_card_numbers_and_neutralises_control_characters() {
    let dir = tempfile::tempdir().unwrap();
    let name = "log\u{1b}[2J.csv";
    std::fs::copy(FORMULAS, dir.path().join(name)).unwrap();
    let run = |extra: &[&str]| {
        let out =
            wallet_audit().current_dir(dir.path()).args(["check", name, "--format", "concise"]).args(extra).output();
        String::from_utf8(out.unwrap().stdout).unwrap()
    };
    let masked = run(&[]);
    assert!(!masked.contains('\u{1b}'), "{masked:?}");
    assert!(masked.starts_with("log\u{fffd}[2J.csv:3: F003 [medium] "), "{masked}");
    assert!(
        masked.contains(
            "log\u{fffd}[2J.csv:6: F010 [low] Unclassified failure: 1 failed top-up with 中国银行(****8888)\n"
        )
    );
    assert!(!masked.contains("6217000012348888"), "{masked}");
    assert!(run(&["--show-pii"]).contains("with 中国银行(6217000012348888)\n"));
}

#[test]
fn csv_has_the_documented_columns_and_a_row_per_json_finding() {
    let findings = json_findings(&["samples"]);
    let (header, rows) = csv_rows(&check(&["samples", "--format", "csv"]));
    assert_eq!(header, CSV_HEADER);
    assert_eq!(rows.len(), findings.len());
    let col = |name: &str| CSV_HEADER.iter().position(|c| *c == name).unwrap();
    for (row, f) in rows.iter().zip(&findings) {
        let cell = |name: &str| row.get(col(name)).unwrap();
        for key in ["id", "code", "slug", "severity", "title", "start", "end"] {
            assert_eq!(cell(key), s(&f[key]), "{key} of {}", f["id"]);
        }
        for key in ["amount", "account", "currency", "cause"] {
            assert_eq!(cell(key), s(&f[key]), "{key} of {}", f["id"]);
        }
        assert_eq!(cell("status"), "", "check has no review status");
        let e = &f["evidence"][0];
        assert_eq!((cell("path"), cell("line")), (s(&e["path"]), e["line"].to_string().as_str()));
        assert_eq!(cell("reference"), s(&e["reference"]));
        let advice: Vec<&str> = f["advice"].as_array().unwrap().iter().map(s).collect();
        assert_eq!(cell("advice"), advice.join(" | "));
    }
    // `at_risk` per finding adds up to the summary's money at risk (2506.00 CNY, tests/cli.rs).
    let at_risk: Decimal = rows.iter().filter_map(|r| r.get(col("at_risk"))?.parse::<Decimal>().ok()).sum();
    assert_eq!(at_risk, Decimal::new(250600, 2));
    let r001 = rows.iter().find(|r| &r[col("code")] == "R001").unwrap();
    assert_eq!((&r001[col("amount")], &r001[col("at_risk")], &r001[col("currency")]), ("500.00", "500.00", "CNY"));
}

#[test]
fn csv_neutralises_formulas_from_input_but_not_the_numbers() {
    let findings = json_findings(&[FORMULAS]);
    let (header, rows) = csv_rows(&check(&[FORMULAS, "--format", "csv"]));
    let col = |name: &str| header.iter().position(|c| c == name).unwrap();
    let reference = |code: &str| {
        let row = rows.iter().find(|r| &r[col("code")] == code).unwrap();
        row[col("reference")].to_string()
    };
    assert_eq!(reference("F001"), "'=HYPERLINK(\"http://x.example\",\"click\")");
    assert_eq!(reference("F003"), "'+1+1");
    assert_eq!(reference("F007"), "'-2+3");
    assert_eq!(reference("F005"), "'@SUM(A1)");
    assert_eq!(reference("F010"), "REF-5");
    for (row, f) in rows.iter().zip(&findings) {
        assert_eq!(&row[col("amount")], s(&f["amount"]), "amounts are numbers, never prefixed");
        assert!(row[col("amount")].parse::<Decimal>().is_ok());
        assert!(row[col("line")].parse::<usize>().is_ok());
    }
    // The file's own name is input too; a leading TAB (which the adapters trim off references)
    // reaches the path column this way. `-x.csv` follows `--` so it is not read as an option.
    for prefix in ["=", "+", "-", "@", "\t"] {
        let dir = tempfile::tempdir().unwrap();
        let name = format!("{prefix}x.csv");
        std::fs::copy(FORMULAS, dir.path().join(&name)).unwrap();
        let out = wallet_audit().current_dir(dir.path()).args(["check", "--format", "csv", "--", &name]).output();
        let (_, rows) = csv_rows(&String::from_utf8(out.unwrap().stdout).unwrap());
        assert_eq!(rows.len(), 5, "{prefix:?}");
        assert!(rows.iter().all(|r| r[col("path")] == format!("'{name}")), "{prefix:?}: {rows:?}");
    }
}

#[test]
fn output_file_extension_picks_the_format() {
    let dir = tempfile::tempdir().unwrap();
    for (file, format) in [
        ("audit.csv", "csv"),
        ("AUDIT.CSV", "csv"),
        ("audit.md", "markdown"),
        ("audit.markdown", "markdown"),
        ("audit.json", "json"),
        ("audit.jsonl", "jsonl"),
        ("audit.txt", "table"),
    ] {
        let path = dir.path().join(file);
        let out = wallet_audit().args(["check", "samples", "--width", "160", "-o"]).arg(&path).output().unwrap();
        assert_eq!(out.status.code(), Some(1), "{file}: {}", String::from_utf8_lossy(&out.stderr));
        assert!(out.stdout.is_empty(), "{file}: the report goes to the file");
        let written = std::fs::read_to_string(&path).unwrap();
        assert_eq!(written, check(&["samples", "--width", "160", "--color", "never", "--format", format]), "{file}");
    }
    // --format wins over the extension.
    let path = dir.path().join("report.csv");
    wallet_audit().args(["check", "samples", "--format", "concise", "-o"]).arg(&path).assert().code(1);
    assert_eq!(std::fs::read_to_string(&path).unwrap(), check(&["samples", "--format", "concise"]));
}

#[test]
fn a_tsv_output_file_is_refused_not_filled_with_commas() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("audit.tsv");
    let out = wallet_audit().args(["check", "samples", "-o"]).arg(&path).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("audit.tsv") && err.contains("-o FILE.csv"), "{err}");
    assert!(!Path::new(&path).exists());
}

#[test]
fn markdown_report_of_the_samples() {
    insta::assert_snapshot!("samples_markdown", check(&["samples", "--format", "markdown", "--width", "100"]));
}

#[test]
fn markdown_report_in_chinese() {
    let out = check(&["samples", "--format", "markdown", "--width", "100", "--lang", "zh", "--select", "R001,F008"]);
    insta::assert_snapshot!("samples_markdown_zh", out);
}

#[test]
fn the_readme_documents_every_csv_column_in_order() {
    let readme = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md")).unwrap();
    let section = &readme[readme.find("## Output for programs").expect("README has the section")..];
    let table = &section[section.find("| column | meaning |").expect("README has the CSV column table")..];
    // Each row's first cell names one or more columns in backticks: `path`, `line`, `reference`.
    let documented: Vec<&str> = table
        .lines()
        .skip(2)
        .take_while(|l| l.starts_with('|'))
        .flat_map(|l| l.split('|').nth(1).unwrap_or("").split(',').map(|c| c.trim().trim_matches('`')))
        .collect();
    assert_eq!(documented, CSV_HEADER);
}
