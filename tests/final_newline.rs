//! A file whose last line has no line ending (HSBC's exports, a spreadsheet's re-save, a hand
//! edit) reads exactly like the file with one: every bank layout and wallet fixture, stripped of
//! its final newline, gives the same transactions and rejected rows, and a clean export none
//! rejected. A file cut inside a quoted cell of its last row still has that row rejected.

use serde_json::Value;
use std::path::{Path, PathBuf};
use wallet_audit::ingest::files::sources_from_bytes;
use wallet_audit::ingest::{self, IngestOptions, Ingested};
use wallet_audit::model::{CHINA_ZONE, Status};

fn opts() -> IngestOptions {
    IngestOptions { zone: CHINA_ZONE.into(), zone_given: false, mapping: None }
}

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Every export fixture a format is sniffed for (mapped files need their mapping: not here).
fn fixtures() -> Vec<PathBuf> {
    let dirs = [
        "tests/fixtures/ingest/banks-cn",
        "tests/fixtures/ingest/banks-more",
        "tests/fixtures/ingest/icbc",
        "tests/fixtures/ingest/jd",
        "tests/fixtures/ingest/jd/reconcile",
        "tests/fixtures/ingest/meituan",
        "tests/fixtures/ingest/wechat",
        "tests/fixtures/ingest/alipay",
        "tests/fixtures/ingest/alipay-layouts",
        "tests/fixtures/ingest/workbook",
        "samples",
    ];
    let mut files: Vec<PathBuf> = dirs
        .iter()
        .flat_map(|d| std::fs::read_dir(root().join(d)).expect("fixture folder"))
        .map(|e| e.expect("folder entry").path())
        .filter(|p| p.extension().is_some_and(|e| ["csv", "txt", "xls"].iter().any(|x| e == *x)))
        .collect();
    // The WeChat workbooks are read by their own tests; the banks' are what matter here.
    files.push(root().join("tests/fixtures/ingest/workbook/wechat-2025.xlsx"));
    files.sort();
    files
}

/// `bytes` without its final line ending, in the file's own encoding (UTF-16 for Excel's
/// "Unicode text"); `None` for a workbook.
fn strip_final_newline(bytes: &[u8]) -> Option<Vec<u8>> {
    if bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0]) {
        return None;
    }
    let mut out = bytes.to_vec();
    if bytes.starts_with(&[0xFF, 0xFE]) {
        while out.ends_with(b"\n\0") || out.ends_with(b"\r\0") {
            out.truncate(out.len() - 2);
        }
    } else {
        while out.ends_with(b"\n") || out.ends_with(b"\r") {
            out.pop();
        }
    }
    Some(out)
}

fn load(path: &Path) -> Ingested {
    ingest::load(&[path.to_path_buf()], &opts()).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// What was read, without the file's path: each transaction, each rejected row's line and
/// reason, and each input's format, rows, transactions, duplicates and rejected rows.
#[derive(Debug, PartialEq)]
struct Read {
    transactions: Vec<Value>,
    rejected: Vec<(usize, String)>,
    inputs: Vec<(String, usize, usize, usize, usize)>,
}

fn read_out(ing: &Ingested) -> Read {
    let transactions = ing
        .transactions
        .iter()
        .map(|t| {
            let mut v = serde_json::to_value(t).expect("serialises");
            v["source"]["path"] = Value::Null;
            v
        })
        .collect();
    let rejected = ing.rejected.iter().map(|r| (r.source.line, r.reason.clone())).collect();
    let inputs =
        ing.inputs.iter().map(|i| (i.format.clone(), i.rows, i.transactions, i.duplicates, i.rejected)).collect();
    Read { transactions, rejected, inputs }
}

#[test]
fn every_export_reads_the_same_without_its_final_newline() {
    let dir = tempfile::tempdir().expect("tempdir");
    let files = fixtures();
    assert!(files.len() >= 40, "the fixtures are found: {}", files.len());
    for path in files {
        let name = path.file_name().and_then(|n| n.to_str()).expect("a file name").to_string();
        let bytes = std::fs::read(&path).expect("fixture");
        let whole = load(&path);
        // A workbook's sheet is read as CSV text, one line per row, through the same reader:
        // that text without its last line ending must read the same.
        let stripped = match strip_final_newline(&bytes) {
            Some(stripped) => stripped,
            None => {
                let sources = sources_from_bytes(&name, &bytes).expect("workbook");
                sources[0].text.trim_end_matches('\n').as_bytes().to_vec()
            }
        };
        let cut = dir.path().join(format!("{name}.csv"));
        std::fs::write(&cut, &stripped).expect("write");
        let without = load(&cut);
        let (whole, without) = (read_out(&whole), read_out(&without));
        assert_eq!(whole.inputs, without.inputs, "{name}: (format, rows, transactions, duplicates, rejected)");
        assert_eq!(whole.rejected, without.rejected, "{name}: the rejected rows");
        assert_eq!(whole.transactions.len(), without.transactions.len(), "{name}: the transactions");
        if let Some((a, b)) = whole.transactions.iter().zip(&without.transactions).find(|(a, b)| a != b) {
            panic!("{name}: a transaction differs:\n  with the newline:    {a}\n  without the newline: {b}");
        }
        for (format, rows, tx, dup, rej) in &without.inputs {
            assert_eq!(*rows, tx + dup + rej, "{name} ({format}): every row accounted for");
            if !name.contains("malformed") && name != "attempts.csv" {
                assert_eq!(*rej, 0, "{name} ({format}): a clean export has no rejected row: {:?}", without.rejected);
            }
        }
    }
}

/// Cut inside the quoted amount of its last row (`"-63.`): that row is cut short, the others
/// are read.
#[test]
fn a_file_cut_inside_a_quoted_cell_of_its_last_row_rejects_that_row() {
    let text =
        std::fs::read_to_string(root().join("tests/fixtures/ingest/banks-more/hsbc-hk-credit.csv")).expect("fixture");
    let cut = text.rfind("\"-63.00\"").expect("the last amount") + "\"-63.".len();
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("hsbc.csv");
    std::fs::write(&path, &text[..cut]).expect("write");
    let ing = load(&path);
    let [input] = ing.inputs.as_slice() else { panic!("one input") };
    assert_eq!((input.rows, input.transactions, input.rejected), (6, 5, 1));
    let [rejected] = ing.rejected.as_slice() else { panic!("one rejected row") };
    assert_eq!(rejected.source.line, 7);
    assert!(rejected.reason.contains("cut short"), "{}", rejected.reason);
    assert!(ing.transactions.iter().all(|t| t.status == Status::Success));
}
