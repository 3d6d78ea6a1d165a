//! `wallet-audit normalize`, the real binary on the bundled samples: the column contract, row
//! counts that agree with `check`, exact rows, duplicates once, formula neutralising, the four
//! formats agreeing with each other, and bad input.

use assert_cmd::Command;
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};

const HEADER: &str = "time,time_precision,account,side,kind,status,direction,amount,currency,counterparty,method,\
reference,balance,cause,raw_error,format,path,line,description,card,merchant_reference,provider,fee,error_code,\
error_message,network,device,location,app_version";

/// The contract's own columns (DESIGN.md §5), which must open the header in this order.
const CONTRACT: &str = "time,time_precision,account,side,kind,status,direction,amount,currency,counterparty,method,\
reference,balance,cause,raw_error,format,path,line";

fn wallet_audit() -> Command {
    let mut cmd = Command::cargo_bin("wallet-audit").unwrap();
    cmd.env_remove("COLUMNS");
    cmd
}

struct Run {
    stdout: Vec<u8>,
    stderr: String,
}

fn normalize(args: &[&str]) -> Run {
    let out = wallet_audit().arg("normalize").args(args).output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert_eq!(out.status.code(), Some(0), "normalize {args:?}: {stderr}");
    Run { stdout: out.stdout, stderr }
}

/// The CSV output as header and records of cells.
fn csv_rows(bytes: &[u8]) -> (Vec<String>, Vec<Vec<String>>) {
    let mut reader = csv::Reader::from_reader(bytes);
    let header = reader.headers().unwrap().iter().map(str::to_string).collect();
    let rows = reader.records().map(|r| r.unwrap().iter().map(str::to_string).collect()).collect();
    (header, rows)
}

/// Rows as column → cell maps.
fn by_name(header: &[String], rows: &[Vec<String>]) -> Vec<BTreeMap<String, String>> {
    rows.iter().map(|r| header.iter().cloned().zip(r.iter().cloned()).collect()).collect()
}

fn check_json(paths: &[&str]) -> Value {
    let out = wallet_audit().arg("check").args(paths).args(["--format", "json"]).output().unwrap();
    assert!(out.status.code().is_some_and(|c| c < 2), "{}", String::from_utf8_lossy(&out.stderr));
    serde_json::from_slice(&out.stdout).unwrap()
}

#[test]
fn header_is_the_column_contract_then_the_appended_columns() {
    let run = normalize(&["samples/"]);
    let text = String::from_utf8(run.stdout).unwrap();
    let first = text.split("\r\n").next().unwrap();
    assert_eq!(first, HEADER);
    assert!(first.starts_with(&format!("{CONTRACT},")));
    assert!(text.ends_with("\r\n"), "RFC 4180 lines end in CRLF");
}

/// As many rows as `check` counts transactions (each input's rows less its duplicates and
/// rejected rows), and the stderr summary says so.
#[test]
fn row_count_agrees_with_check_and_the_summary_names_duplicates_and_unreadable_rows() {
    let report = check_json(&["samples/"]);
    let inputs = report["inputs"].as_array().unwrap();
    let n = |i: &Value, k: &str| i[k].as_u64().unwrap() as usize;
    let transactions: usize = inputs.iter().map(|i| n(i, "transactions")).sum();
    let kept: usize = inputs.iter().map(|i| n(i, "rows") - n(i, "duplicates") - n(i, "rejected")).sum();
    let duplicates: usize = inputs.iter().map(|i| n(i, "duplicates")).sum();
    let rejected: usize = inputs.iter().map(|i| n(i, "rejected")).sum();
    assert_eq!(transactions, kept);
    assert_eq!(report["summary"]["transactions"].as_u64(), Some(transactions as u64));
    assert!(duplicates > 0 && rejected > 0, "the samples hold an overlap and an unreadable row");

    let run = normalize(&["samples/"]);
    let (_, rows) = csv_rows(&run.stdout);
    assert_eq!(rows.len(), transactions);
    let unreadable = if rejected == 1 { "1 unreadable row".to_string() } else { format!("{rejected} unreadable rows") };
    assert_eq!(
        run.stderr.trim_end(),
        format!(
            "normalize: {transactions} rows from {} inputs ({duplicates} duplicates, {unreadable}: see wallet-audit check)",
            inputs.len()
        )
    );
    // Per input too: each file's rows in the ledger are its transactions in check's report.
    let mut per_path: BTreeMap<String, usize> = BTreeMap::new();
    for row in &rows {
        *per_path.entry(row[16].clone()).or_default() += 1;
    }
    for input in inputs {
        assert_eq!(per_path.get(input["path"].as_str().unwrap()).copied().unwrap_or(0), n(input, "transactions"));
    }
}

fn find<'a>(rows: &'a [BTreeMap<String, String>], path: &str, line: &str) -> &'a BTreeMap<String, String> {
    let hits: Vec<_> = rows.iter().filter(|r| r["path"] == path && r["line"] == line).collect();
    assert_eq!(hits.len(), 1, "{path}:{line}");
    hits[0]
}

fn expect(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
    let mut all: BTreeMap<String, String> = HEADER.split(',').map(|c| (c.to_string(), String::new())).collect();
    for (k, v) in pairs {
        assert!(all.insert(k.to_string(), v.to_string()).is_some(), "{k} is no column");
    }
    all
}

/// samples/attempts.csv line 3: `2026-09-05 11:30:20,200.00,failed,CNY,wechat,交通银行信用卡(7449),,54,Card expired,wifi,iPhone 15,上海,`
/// and samples/icbc-4321-2026-09.csv line 45: the 2026-09-01 网转 of 5,800.00 to 周建平, balance 680.35.
#[test]
fn known_rows_have_every_field_exact() {
    let run = normalize(&["samples/"]);
    let (header, rows) = csv_rows(&run.stdout);
    let rows = by_name(&header, &rows);
    let attempt = expect(&[
        ("time", "2026-09-05T11:30:20+08:00"),
        ("time_precision", "second"),
        ("account", "attempts"),
        ("side", "attempts"),
        ("kind", "top-up"),
        ("status", "failed"),
        ("direction", "in"),
        ("amount", "200.00"),
        ("currency", "CNY"),
        ("method", "交通银行信用卡(7449)"),
        ("cause", "card-expired"),
        ("raw_error", "54: Card expired"),
        ("format", "attempts"),
        ("path", "samples/attempts.csv"),
        ("line", "3"),
        ("card", "7449"),
        ("provider", "wechat"),
        ("error_code", "54"),
        ("error_message", "Card expired"),
        ("network", "wifi"),
        ("device", "iPhone 15"),
        ("location", "上海"),
    ]);
    assert_eq!(find(&rows, "samples/attempts.csv", "3"), &attempt);
    let bank = expect(&[
        ("time", "2026-09-01T00:00:00+08:00"),
        ("time_precision", "day"),
        ("account", "icbc:4321"),
        ("side", "bank"),
        ("kind", "transfer"),
        ("status", "success"),
        ("direction", "out"),
        ("amount", "5800.00"),
        ("currency", "CNY"),
        ("counterparty", "周建平"),
        ("balance", "680.35"),
        ("format", "icbc-debit"),
        ("path", "samples/icbc-4321-2026-09.csv"),
        ("line", "45"),
        ("description", "网转"),
        ("card", "4321"),
        ("location", "CHN"),
    ]);
    assert_eq!(find(&rows, "samples/icbc-4321-2026-09.csv", "45"), &bank);
}

/// Rows are in time order (the instant), then path, then line.
#[test]
fn rows_are_ordered_by_time_then_path_then_line() {
    let run = normalize(&["samples/"]);
    let (header, rows) = csv_rows(&run.stdout);
    let rows = by_name(&header, &rows);
    let key = |r: &BTreeMap<String, String>| {
        let at = chrono::DateTime::parse_from_rfc3339(&r["time"]).unwrap();
        (at, r["path"].clone(), r["line"].parse::<usize>().unwrap())
    };
    let keys: Vec<_> = rows.iter().map(key).collect();
    assert!(keys.windows(2).all(|w| w[0] <= w[1]), "rows out of order");
}

/// The WeChat rows both exports hold appear once, as the earlier export's row.
#[test]
fn rows_of_overlapping_exports_appear_once() {
    let earlier = "samples/wechat-2026-09-01_2026-10-15.csv";
    let later = "samples/wechat-2026-10-10_2026-10-31.csv";
    // Each export's 交易单号 cells, read with the csv crate from its header line on.
    let references = |path: &str| -> BTreeSet<String> {
        let text = std::fs::read_to_string(path).unwrap();
        let start = text.find("交易时间,").unwrap();
        let mut reader = csv::ReaderBuilder::new().flexible(true).from_reader(&text.as_bytes()[start..]);
        let column = reader.headers().unwrap().iter().position(|h| h.trim() == "交易单号").unwrap();
        let cell = |r: csv::StringRecord| r.get(column).map(|c| c.trim().to_string());
        reader.records().filter_map(|r| cell(r.unwrap())).filter(|c| c.len() >= 20).collect()
    };
    let both: BTreeSet<String> = references(earlier).intersection(&references(later)).cloned().collect();
    assert_eq!(both.len(), 15, "the samples' 15 overlapping WeChat rows");
    let run = normalize(&["samples/"]);
    let (header, rows) = csv_rows(&run.stdout);
    let rows = by_name(&header, &rows);
    for reference in &both {
        let hits: Vec<_> = rows.iter().filter(|r| r["account"] == "wechat" && &r["reference"] == reference).collect();
        assert_eq!(hits.len(), 1, "{reference}");
        assert_eq!(hits[0]["path"], earlier, "{reference}: the earlier export's copy is kept");
    }
    // No (account, reference) twice anywhere: the attempt log and the wallet share references,
    // but each is its own account.
    let mut seen = BTreeSet::new();
    for r in rows.iter().filter(|r| !r["reference"].is_empty()) {
        assert!(seen.insert((r["account"].clone(), r["reference"].clone())), "{r:?}");
    }
}

/// A counterparty written as a formula is text in the CSV (`'` before it); JSON keeps it as it is.
#[test]
fn formulas_from_input_are_neutralised_in_csv() {
    let dir = tempfile::tempdir().unwrap();
    let sample = std::fs::read_to_string("samples/wechat-2026-10-10_2026-10-31.csv").unwrap();
    let header_line = sample.lines().position(|l| l.starts_with("交易时间,")).unwrap();
    let formulas = ["=HYPERLINK(\"http://x.example/\",\"点我\")", "@SUM(1)", "+1+1", "-2+3"];
    let lines: Vec<String> = sample
        .lines()
        .enumerate()
        .map(|(i, line)| match i.checked_sub(header_line + 1).and_then(|k| formulas.get(k)) {
            Some(formula) => {
                let mut cells: Vec<String> = line.split(',').map(str::to_string).collect();
                cells[2] = format!("\"{}\"", formula.replace('"', "\"\""));
                cells.join(",")
            }
            None => line.to_string(),
        })
        .collect();
    let path = dir.path().join("wechat.csv");
    std::fs::write(&path, lines.join("\n") + "\n").unwrap();
    let path = path.to_str().unwrap();

    let run = normalize(&[path]);
    let (header, rows) = csv_rows(&run.stdout);
    let rows = by_name(&header, &rows);
    let json = normalize(&[path, "--format", "jsonl"]);
    let objects: Vec<Value> =
        String::from_utf8(json.stdout).unwrap().lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    for (k, formula) in formulas.iter().enumerate() {
        let line = (header_line + 2 + k).to_string();
        let row = find(&rows, path, &line);
        assert_eq!(row["counterparty"], format!("'{formula}"), "line {line}");
        let object = objects.iter().find(|o| o["line"].as_u64().map(|n| n.to_string()) == Some(line.clone())).unwrap();
        assert_eq!(object["counterparty"], *formula, "line {line}: JSON is exact");
    }
    assert!(!rows.iter().any(|r| r.values().any(|v| v.starts_with(['=', '+', '-', '@', '\t', '\r']))));
}

/// A JSON value as the CSV writes it: null empty, strings as they are, numbers in digits.
fn as_cell(v: &Value) -> String {
    match v {
        Value::Null => String::new(),
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

#[test]
fn json_and_jsonl_hold_the_same_rows_as_csv() {
    let (header, rows) = csv_rows(&normalize(&["samples/"]).stdout);
    let document: Value = serde_json::from_slice(&normalize(&["samples/", "--format", "json"]).stdout).unwrap();
    assert_eq!(document["schema_version"], 1);
    assert_eq!(document["tool"]["name"], "wallet-audit");
    assert_eq!(document["inputs"].as_array().unwrap().len(), 6);
    let json_rows = document["rows"].as_array().unwrap();
    let jsonl = String::from_utf8(normalize(&["samples/", "--format", "jsonl"]).stdout).unwrap();
    let jsonl_rows: Vec<Value> = jsonl.lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert_eq!(json_rows, &jsonl_rows);
    // Keys in column order, as written (serde_json's map here sorts them).
    for line in jsonl.lines() {
        let at: Vec<usize> = header.iter().map(|h| line.find(&format!("\"{h}\":")).unwrap()).collect();
        assert!(at.windows(2).all(|w| w[0] < w[1]), "{line}");
    }
    assert_eq!(json_rows.len(), rows.len());
    for (object, row) in json_rows.iter().zip(&rows) {
        let keys: BTreeSet<&str> = object.as_object().unwrap().keys().map(String::as_str).collect();
        assert_eq!(keys, header.iter().map(String::as_str).collect::<BTreeSet<_>>(), "same names");
        let cells: Vec<String> = header.iter().map(|h| as_cell(&object[h])).collect();
        assert_eq!(&cells, row);
        assert!(object["amount"].is_string() && object["line"].is_u64(), "amounts are decimal strings: {object}");
    }
}

#[cfg(feature = "parquet")]
#[test]
fn parquet_reads_back_with_polars_as_the_same_rows_with_exact_decimals() {
    use polars::prelude::{AnyValue, DataType};
    use polars_io::SerReader;
    use polars_io::parquet::read::ParquetReader;

    let (header, rows) = csv_rows(&normalize(&["samples/"]).stdout);
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("ledger.parquet");
    // No --format: the extension chooses Parquet.
    normalize(&["samples/", "-o", file.to_str().unwrap()]);
    let bytes = std::fs::read(&file).unwrap();
    assert!(bytes.starts_with(b"PAR1") && bytes.ends_with(b"PAR1"), "a Parquet file");
    let frame = ParquetReader::new(std::fs::File::open(&file).unwrap()).finish().unwrap();
    let names: Vec<String> = frame.get_column_names().iter().map(|n| n.to_string()).collect();
    assert_eq!(names, header);
    assert_eq!(frame.height(), rows.len());
    for name in ["amount", "balance", "fee"] {
        assert_eq!(frame.column(name).unwrap().dtype(), &DataType::Decimal(38, 2), "{name}");
    }
    assert_eq!(frame.column("line").unwrap().dtype(), &DataType::UInt64);
    for (i, row) in rows.iter().enumerate() {
        let cells: Vec<String> = frame
            .columns()
            .iter()
            .map(|column| match column.get(i).unwrap() {
                AnyValue::Null => String::new(),
                AnyValue::String(s) => s.to_string(),
                AnyValue::UInt64(n) => n.to_string(),
                AnyValue::Decimal(mantissa, _, scale) => {
                    let exact = rust_decimal::Decimal::from_i128_with_scale(mantissa, scale as u32);
                    wallet_audit::model::format_amount(exact)
                }
                other => panic!("unexpected value {other:?}"),
            })
            .collect();
        assert_eq!(&cells, row, "row {i}");
    }
}

#[test]
fn output_file_extension_picks_the_format() {
    let dir = tempfile::tempdir().unwrap();
    for (name, check) in [
        ("l.csv", (|b: &[u8]| b.starts_with(HEADER.as_bytes())) as fn(&[u8]) -> bool),
        ("l.json", |b| serde_json::from_slice::<Value>(b).is_ok_and(|v| v["rows"].is_array())),
        ("l.jsonl", |b| b.starts_with(b"{\"time\":")),
    ] {
        let path = dir.path().join(name);
        let run = normalize(&["samples/", "-o", path.to_str().unwrap()]);
        assert!(run.stderr.starts_with("normalize: "), "{}", run.stderr);
        assert!(check(&std::fs::read(&path).unwrap()), "{name}");
    }
    let out = wallet_audit().args(["normalize", "samples/", "-o"]).arg(dir.path().join("l.xlsx")).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("l.xlsx: cannot tell the format from the file name"), "{stderr}");
    assert!(!dir.path().join("l.xlsx").exists());
}

#[test]
fn rejected_rows_go_to_their_own_file_on_request() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("unreadable.csv");
    normalize(&["samples/", "--format", "jsonl", "--rejected", path.to_str().unwrap()]);
    let text = std::fs::read_to_string(&path).unwrap();
    let (header, rows) = csv_rows(text.as_bytes());
    assert_eq!(header, ["path", "line", "reason", "raw"]);
    let report = check_json(&["samples/"]);
    let d001 = report["findings"].as_array().unwrap().iter().find(|f| f["code"] == "D001").unwrap();
    let evidence = &d001["evidence"][0];
    assert_eq!(rows.len(), 1);
    assert_eq!(
        (rows[0][0].as_str(), rows[0][1].clone()),
        (evidence["path"].as_str().unwrap(), evidence["line"].to_string())
    );
    assert!(!rows[0][2].is_empty() && !rows[0][3].is_empty(), "{rows:?}");
}

#[test]
fn bad_input_exits_2_naming_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("notes.csv");
    std::fs::write(&path, "hello,world,again\n1,2,3\n").unwrap();
    let out = wallet_audit().arg("normalize").arg(&path).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty(), "nothing written");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains(&format!("{}: format not recognised", path.display())), "{stderr}");
    let out = wallet_audit().args(["normalize", "no/such/folder"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("no/such/folder"));
}

/// A closed pipe (`| head`) is success, as for `check`.
#[test]
fn a_closed_pipe_is_success() {
    use std::process::{Command as Std, Stdio};
    let bin = assert_cmd::cargo::cargo_bin("wallet-audit");
    let mut child =
        Std::new(bin).args(["normalize", "samples/"]).stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().unwrap();
    drop(child.stdout.take());
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
}

/// Card numbers echoed from input are masked unless --show-pii, as in every output.
#[test]
fn card_numbers_are_masked_unless_show_pii() {
    let dir = tempfile::tempdir().unwrap();
    let sample = std::fs::read_to_string("samples/attempts.csv").unwrap();
    let text = sample.replacen("交通银行信用卡(7449)", "交通银行信用卡(6222021234567449)", 1);
    let path = dir.path().join("attempts.csv");
    std::fs::write(&path, text).unwrap();
    let path = path.to_str().unwrap();
    let method = |args: &[&str]| {
        let (header, rows) = csv_rows(&normalize(&[&[path], args].concat()).stdout);
        by_name(&header, &rows).iter().find(|r| r["line"] == "3").unwrap()["method"].clone()
    };
    assert_eq!(method(&[]), "交通银行信用卡(****7449)");
    assert_eq!(method(&["--show-pii"]), "交通银行信用卡(6222021234567449)");
}

/// Parquet is binary: on a terminal it is refused (exit 2), with what to do instead. The
/// terminal is util-linux `script`'s pseudo-terminal; without `script` there is none to test on.
#[test]
fn parquet_is_refused_on_a_terminal() {
    let bin = assert_cmd::cargo::cargo_bin("wallet-audit");
    let command = format!("{} normalize samples/ --format parquet; echo \"exit=$?\"", bin.display());
    let Ok(out) = std::process::Command::new("script").args(["-qec", &command, "/dev/null"]).output() else {
        eprintln!("no `script` here: the terminal case is not tested");
        return;
    };
    let text = String::from_utf8_lossy(&out.stdout);
    if !text.contains("exit=") {
        eprintln!("`script` could not run the command on a pseudo-terminal: {}", String::from_utf8_lossy(&out.stderr));
        return;
    }
    assert!(text.contains("Parquet is binary and is not written to a terminal: give -o FILE.parquet"), "{text}");
    assert!(text.contains("exit=2"), "{text}");
    assert!(!text.contains("PAR1"), "no Parquet bytes on the terminal");
}
