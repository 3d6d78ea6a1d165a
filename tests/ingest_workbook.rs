//! Workbooks (XLSX, XLS) on fixtures written by tests/fixtures/ingest/workbook/make_workbooks.py
//! in the real layouts with invented values: sheet row = evidence line, exact number and date
//! cells, both WeChat Pay XLSX layouts with every row accounted for, withdrawal fees understood
//! by reconciliation, and the bad inputs' errors through the real binary.

use assert_cmd::Command;
use chrono::FixedOffset;
use rust_decimal::Decimal;
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::str::FromStr;
use wallet_audit::ingest::files::sources_from_bytes;
use wallet_audit::ingest::{IngestOptions, Parsed, SourceText, sniff};
use wallet_audit::model::{Direction, Kind, Status, Transaction};

fn dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/ingest/workbook")
}

fn bytes(name: &str) -> Vec<u8> {
    std::fs::read(dir().join(name)).unwrap()
}

fn sources(name: &str) -> Vec<SourceText> {
    sources_from_bytes(name, &bytes(name)).unwrap_or_else(|e| panic!("{e}"))
}

fn opts() -> IngestOptions {
    IngestOptions { zone: FixedOffset::east_opt(8 * 3600).unwrap().into(), zone_given: false, mapping: None }
}

/// Sniffs the source, checks the format and header line, parses, and checks that every row is
/// accounted for with none rejected.
fn read(src: &SourceText, format: &str, header_row: usize) -> Parsed {
    let opts = opts();
    let (adapter, header) = sniff(src, &opts).unwrap_or_else(|| panic!("nobody claims {}", src.path));
    assert_eq!((adapter.name(), header + 1), (format, header_row), "{}", src.path);
    let parsed = adapter.parse(src, header, &opts).unwrap();
    assert_eq!(parsed.rows, parsed.transactions.len() + parsed.rejected.len(), "{}: rows lost", src.path);
    assert!(parsed.rejected.is_empty(), "{}: {:?}", src.path, parsed.rejected);
    parsed
}

fn at(parsed: &Parsed, line: usize) -> &Transaction {
    parsed.transactions.iter().find(|t| t.source.line == line).unwrap_or_else(|| panic!("no row on line {line}"))
}

fn d(s: &str) -> Decimal {
    Decimal::from_str(s).unwrap()
}

/// (kind, status, direction, amount, card)
fn summary(t: &Transaction) -> (Kind, Status, Direction, Decimal, Option<&str>) {
    (t.kind, t.status, t.direction, t.money.amount, t.card_last4.as_deref())
}

#[test]
fn wechat_2025_xlsx_is_read_row_for_row() {
    let all = sources("wechat-2025.xlsx");
    let [src] = all.as_slice() else { panic!("one sheet with data, got {}", all.len()) };
    assert_eq!((&*src.path, src.encoding), ("wechat-2025.xlsx", "xlsx"));
    // Line N of the text is sheet row N: the header is on row 17, data on rows 18–25.
    assert!(src.text.lines().nth(16).unwrap().starts_with("交易时间,交易类型,"));
    let p = read(src, "wechat", 17);
    assert_eq!(p.rows, 8);
    assert_eq!(p.transactions.iter().map(|t| t.source.line).collect::<Vec<_>>(), (18..=25).collect::<Vec<_>>());
    let declared = p.declared_rows.unwrap();
    assert_eq!((declared.count, declared.line), (8, 7));
    let c = p.declared_coverage.unwrap();
    assert_eq!(
        (c.from.to_rfc3339(), c.to.to_rfc3339()),
        ("2026-03-01T00:00:00+08:00".into(), "2026-03-31T23:59:59+08:00".into())
    );

    let card = Some("4321");
    assert_eq!(summary(at(&p, 18)), (Kind::Payment, Status::Success, Direction::Out, d("86.40"), card));
    assert_eq!(at(&p, 18).time.at.to_rfc3339(), "2026-03-28T19:45:12+08:00");
    assert_eq!(summary(at(&p, 19)), (Kind::TopUp, Status::Success, Direction::Neutral, d("500.00"), card));
    // A text amount with a thousands separator.
    assert_eq!(summary(at(&p, 20)), (Kind::Payment, Status::Success, Direction::Out, d("1234.56"), None));
    assert_eq!(summary(at(&p, 21)), (Kind::Payment, Status::Failed, Direction::Out, d("9.00"), None));
    assert_eq!(summary(at(&p, 22)), (Kind::Refund, Status::Success, Direction::In, d("35.00"), None));
    // 零钱提现 of ¥20.10 with 服务费¥0.10: 20.10 left 零钱, 20.00 reaches the card.
    let w = at(&p, 23);
    assert_eq!(summary(w), (Kind::Withdrawal, Status::Success, Direction::Neutral, d("20.10"), card));
    assert_eq!(w.fee, Some(d("0.10")));
    assert!(p.transactions.iter().filter(|t| t.source.line != 23).all(|t| t.fee.is_none()));
    assert_eq!(summary(at(&p, 24)), (Kind::TopUp, Status::Failed, Direction::Neutral, d("19.50"), card));
    // A line break inside a cell is a space: the row stays one line.
    assert_eq!(at(&p, 25).description.as_deref(), Some("午餐 加蛋"));
    assert_eq!(at(&p, 25).reference.as_deref(), Some("420000000120260305120000008"));
}

#[test]
fn wechat_2026_xlsx_has_its_header_on_row_18_numbers_and_excel_dates() {
    let all = sources("wechat-2026.xlsx");
    let [src] = all.as_slice() else { panic!("one sheet with data") };
    let p = read(src, "wechat", 18);
    assert_eq!(p.rows, 7);
    assert_eq!(p.transactions.iter().map(|t| t.source.line).collect::<Vec<_>>(), (19..=25).collect::<Vec<_>>());
    assert_eq!(p.declared_rows.map(|r| r.count), Some(7));
    // Times are Excel serial dates, read to the second in the bill's zone.
    assert_eq!(at(&p, 19).time.at.to_rfc3339(), "2026-09-14T22:05:41+08:00");
    assert_eq!(at(&p, 25).time.at.to_rfc3339(), "2026-09-14T08:15:30+08:00");
    // Amounts are numbers (12.5, 100, 0.1 + 0.2 as Excel stores it) or text with a separator.
    assert_eq!(summary(at(&p, 19)), (Kind::Payment, Status::Success, Direction::Out, d("12.5"), None));
    assert_eq!(summary(at(&p, 20)), (Kind::TopUp, Status::Success, Direction::Neutral, d("100"), Some("4321")));
    assert_eq!(summary(at(&p, 21)), (Kind::Payment, Status::Success, Direction::Out, d("1234.56"), None));
    assert_eq!(summary(at(&p, 22)), (Kind::Withdrawal, Status::Success, Direction::Neutral, d("50.1"), Some("1234")));
    assert_eq!(at(&p, 22).fee, Some(d("0.10")));
    assert_eq!(summary(at(&p, 23)), (Kind::Payment, Status::Failed, Direction::Out, d("0.3"), None));
    assert_eq!(summary(at(&p, 24)), (Kind::Refund, Status::Success, Direction::In, d("35"), None));
    assert_eq!(summary(at(&p, 25)), (Kind::TopUp, Status::Success, Direction::Neutral, d("100"), Some("4321")));
    let lines: Vec<&str> = src.text.lines().collect();
    assert_eq!(lines.get(14), Some(&"4. 本账单中所有时间均为UTC+08:00时间,,,,,,,,,,"));
    assert_eq!(lines.get(15), Some(&""), "an empty sheet row is an empty line");
}

#[test]
fn xls_numbers_and_dates_are_exact() {
    let all = sources("ccb.xls");
    let [src] = all.as_slice() else { panic!("one sheet with data") };
    assert_eq!(src.encoding, "xls");
    let lines: Vec<&str> = src.text.lines().collect();
    assert_eq!(
        lines,
        [
            // A title merged across the row is a preamble line, not a header: accepted.
            "中国建设银行个人活期账户交易明细,,,,,,,,,,",
            "账号：6217000012345678,,,户名：测试用户,,,,,,,",
            "记账日,交易日期,交易时间,支出,收入,账户余额,币种,摘要,对方账号,对方户名,交易地点",
            // Integers without `.0`; a date cell without a time is a date.
            "2026-03-02,2026-03-01,09:15:00,,2000,12000.5,人民币,工资,/,某某科技有限公司,/",
            // 0.1 + 0.2 as the double Excel stores (0.30000000000000004) is 0.3.
            "2026-03-03,2026-03-03 20:01:02,20:01:02,0.3,,12000.2,人民币,消费,/,财付通,深圳",
            "2026-03-04,2026-03-04,12:00:00,1234.56,,10765.64,人民币,快捷支付,/,支付宝,杭州",
        ]
    );
}

#[test]
fn every_sheet_with_data_is_a_source_of_its_own() {
    let all = sources("two-sheets.xlsx");
    let paths: Vec<&str> = all.iter().map(|s| &*s.path).collect();
    // The empty sheet between them is skipped.
    assert_eq!(paths, ["two-sheets.xlsx", "two-sheets.xlsx[尝试记录]"]);
    let bill = read(&all[0], "wechat", 17);
    assert_eq!(bill.rows, 8);
    let attempts = read(&all[1], "attempts", 1);
    assert_eq!(attempts.rows, 2);
    let t = at(&attempts, 3);
    assert_eq!(
        (t.status, t.money.amount, t.source.path.as_ref()),
        (Status::Failed, d("19.5"), "two-sheets.xlsx[尝试记录]")
    );
    assert_eq!(t.time.at.to_rfc3339(), "2026-03-09T19:59:40+08:00");
}

fn wallet_audit() -> Command {
    let mut cmd = Command::cargo_bin("wallet-audit").unwrap();
    cmd.env_remove("COLUMNS").env("NO_COLOR", "1");
    cmd
}

/// `check FILE` on a bad workbook: exit 2 and exactly this error.
fn refused(name: &str, message: &str) {
    let file = dir().join(name);
    let out = wallet_audit().arg("check").arg(&file).output().unwrap();
    assert_eq!(out.status.code(), Some(2), "{name}");
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert_eq!(stderr, format!("wallet-audit: error: {}{message}\n", file.display()), "{name}");
}

#[test]
fn bad_workbooks_are_refused_naming_file_and_sheet() {
    refused(
        "zip-bomb.xlsx",
        ": the workbook's parts would inflate to 4294967291 bytes, more than the 1 MiB allowed for a file of \
         1299 bytes (a zip bomb?); refused before inflating anything",
    );
    refused(
        "encrypted.xlsx",
        ": the workbook is password-protected: open it in Excel and save it without a password, or export CSV",
    );
    refused(
        "not-a-workbook.xlsx",
        ": not a workbook: a zip archive without xl/workbook.xml (an .xlsx file holds one); export the statement \
         again as .xlsx or CSV",
    );
    let advice = "which column holds which value cannot be known; unmerge and name every header cell in Excel \
                  and save, or export the statement as CSV";
    refused("merged-header.xlsx", &format!("[Sheet1]: the header row (row 17) has merged cells (F17:G17): {advice}"));
    refused(
        "empty-header-cell.xlsx",
        &format!("[Sheet1]: the header row (row 17) has an empty cell (D17) between named columns: {advice}"),
    );
}

#[test]
fn damaged_and_truncated_workbooks_are_errors_not_crashes() {
    for name in ["wechat-2026.xlsx", "ccb.xls", "encrypted.xlsx"] {
        let whole = bytes(name);
        for cut in [8, 100, whole.len() / 2, whole.len() - 1] {
            let e = sources_from_bytes(name, whole.get(..cut).unwrap()).err();
            assert!(e.as_deref().is_some_and(|e| e.starts_with(name)), "{name} cut at {cut}: {e:?}");
        }
        let mut flipped = whole.clone();
        for i in (600..flipped.len()).step_by(97) {
            flipped[i] ^= 0x5A;
        }
        // Damage anywhere: an error naming the file, or (damage the reader tolerates) text.
        if let Err(e) = sources_from_bytes(name, &flipped) {
            assert!(e.starts_with(name), "{e}");
        }
    }
}

fn tempdir_with(files: &[&str]) -> tempfile::TempDir {
    let tmp = tempfile::tempdir().unwrap();
    for f in files {
        let from = Path::new(env!("CARGO_MANIFEST_DIR")).join(f);
        std::fs::copy(&from, tmp.path().join(from.file_name().unwrap())).unwrap();
    }
    tmp
}

fn check_json(dir: &Path) -> Value {
    let out = wallet_audit().arg("check").arg(dir).args(["--format", "json", "--exit-zero"]).output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    serde_json::from_slice(&out.stdout).unwrap()
}

/// (code, [(file name, line)]) of every finding.
fn findings(report: &Value) -> Vec<(String, Vec<(String, u64)>)> {
    let name = |p: &Value| Path::new(p.as_str().unwrap()).file_name().unwrap().to_string_lossy().into_owned();
    report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            let evidence = f["evidence"].as_array().unwrap();
            (
                f["code"].as_str().unwrap().to_string(),
                evidence.iter().map(|e| (name(&e["path"]), e["line"].as_u64().unwrap())).collect(),
            )
        })
        .collect()
}

fn input<'a>(report: &'a Value, file: &str) -> &'a Value {
    report["inputs"].as_array().unwrap().iter().find(|i| i["path"].as_str().unwrap().ends_with(file)).unwrap()
}

#[test]
fn a_folder_with_the_wechat_xlsx_and_the_sample_bank_statement_reconciles_the_top_ups() {
    let tmp = tempdir_with(&["tests/fixtures/ingest/workbook/wechat-2026.xlsx", "samples/icbc-4321-2026-09.csv"]);
    let report = check_json(tmp.path());
    let wechat = input(&report, "wechat-2026.xlsx");
    assert_eq!((wechat["format"].as_str(), wechat["encoding"].as_str()), (Some("wechat"), Some("xlsx")));
    assert_eq!(
        (wechat["rows"].as_u64(), wechat["transactions"].as_u64(), wechat["rejected"].as_u64()),
        (Some(7), Some(7), Some(0))
    );
    // The two 100.00 top-ups of 14 September (sheet rows 20 and 25) are the bank's two debits
    // that day (lines 36 and 37): no finding speaks of any of them.
    let all = findings(&report);
    let cited = |file: &str, line: u64| all.iter().any(|(_, ev)| ev.iter().any(|(f, l)| f == file && *l == line));
    for (file, line) in [
        ("wechat-2026.xlsx", 20),
        ("wechat-2026.xlsx", 25),
        ("icbc-4321-2026-09.csv", 36),
        ("icbc-4321-2026-09.csv", 37),
    ] {
        assert!(!cited(file, line), "{file}:{line} is cited: {all:?}");
    }
    assert!(all.iter().all(|(code, _)| !code.starts_with('R')), "{all:?}");
}

#[test]
fn a_withdrawal_fee_is_understood_by_reconciliation() {
    // March: a failed top-up of 19.50 whose debit comes back on the 10th, the day of a
    // withdrawal of ¥20.10 with 服务费¥0.10 whose 20.00 arrives on the 11th.
    let tmp = tempdir_with(&[
        "tests/fixtures/ingest/workbook/wechat-2025.xlsx",
        "tests/fixtures/ingest/workbook/icbc-4321-2026-03.csv",
    ]);
    let report = check_json(tmp.path());
    let codes: Vec<String> = findings(&report).into_iter().map(|(c, _)| c).collect();
    assert_eq!(codes, ["F010"], "only the failure without an error message");

    // Negative control: the same bill without the fee in 备注 takes the 19.50 refund for the
    // withdrawal (the nearer credit within 10%), and the top-up's money looks lost.
    let text = sources("wechat-2025.xlsx").remove(0).text.replace("服务费¥0.10", "/");
    std::fs::remove_file(tmp.path().join("wechat-2025.xlsx")).unwrap();
    std::fs::write(tmp.path().join("wechat.csv"), text).unwrap();
    let report = check_json(tmp.path());
    let r001: Vec<_> = findings(&report).into_iter().filter(|(c, _)| c == "R001").collect();
    assert_eq!(
        r001,
        [("R001".to_string(), vec![("wechat.csv".to_string(), 24), ("icbc-4321-2026-03.csv".to_string(), 13)])]
    );
}

#[test]
fn folders_walk_workbooks_and_name_the_ones_nobody_reads() {
    let tmp = tempdir_with(&[
        "tests/fixtures/ingest/workbook/wechat-2026.xlsx",
        "tests/fixtures/ingest/workbook/unrecognised.xlsx",
    ]);
    // Any letter case of the extension is walked.
    std::fs::rename(tmp.path().join("wechat-2026.xlsx"), tmp.path().join("WECHAT-2026.XLSX")).unwrap();
    let out = wallet_audit().arg("check").arg(tmp.path()).args(["--format", "json", "--exit-zero"]).output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(input(&report, "WECHAT-2026.XLSX")["transactions"].as_u64(), Some(7));
    let stderr = String::from_utf8(out.stderr).unwrap();
    let expected = format!(
        "wallet-audit: warning: {}: format not recognised (first header-like line: \"名称,数量,备注\"); to read \
         another layout, describe its columns in a mapping file and pass --mapping FILE; skipped",
        tmp.path().join("unrecognised.xlsx").display()
    );
    assert!(stderr.lines().any(|l| l == expected), "{stderr}");
}

#[test]
fn an_empty_folder_says_which_files_it_looked_for() {
    let tmp = tempfile::tempdir().unwrap();
    let out = wallet_audit().arg("check").arg(tmp.path()).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(
        String::from_utf8(out.stderr)
            .unwrap()
            .contains("(looked for .csv, .tsv, .txt, .xls, .xlsx, .ofx, .qfx, .xml, .sta, .mt940, .940 files)")
    );
}

#[test]
fn a_workbook_on_stdin_is_read() {
    let out = wallet_audit()
        .args(["check", "-", "--format", "json", "--exit-zero"])
        .write_stdin(bytes("wechat-2026.xlsx"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    let i = input(&report, "-");
    assert_eq!(
        (i["format"].as_str(), i["rows"].as_u64(), i["encoding"].as_str()),
        (Some("wechat"), Some(7), Some("xlsx"))
    );
}
