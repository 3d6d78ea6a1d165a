//! Finding ids survive new exports (DESIGN.md §7): the real binary on temporary copies of the
//! samples, renamed, moved, exported again with overlaps, with unrelated rows added, with one
//! more failure joining an F group; and the row fingerprint the ids rest on.

use assert_cmd::Command;
use serde_json::Value;
use std::collections::BTreeSet;
use std::path::Path;

/// The sample exports (README.md left out), as (file name, bytes).
fn samples() -> Vec<(String, Vec<u8>)> {
    let mut files: Vec<(String, Vec<u8>)> = std::fs::read_dir("samples")
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "csv"))
        .map(|p| (p.file_name().unwrap().to_string_lossy().into_owned(), std::fs::read(&p).unwrap()))
        .collect();
    files.sort();
    assert_eq!(files.len(), 6, "the six sample exports");
    files
}

fn write(dir: &Path, name: &str, bytes: &[u8]) {
    let path = dir.join(name);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, bytes).unwrap();
}

/// A folder holding the samples under their own names.
fn sample_dir() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (name, bytes) in samples() {
        write(dir.path(), &name, &bytes);
    }
    dir
}

/// The findings `check --format json` reports for `dir`.
fn findings(dir: &Path) -> Vec<Value> {
    let out = Command::cargo_bin("wallet-audit")
        .unwrap()
        .env_remove("COLUMNS")
        .arg("check")
        .arg(dir)
        .args(["--format", "json"])
        .output()
        .unwrap();
    assert!(out.status.code().is_some_and(|c| c < 2), "{}", String::from_utf8_lossy(&out.stderr));
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    report["findings"].as_array().unwrap().clone()
}

fn ids(found: &[Value]) -> BTreeSet<String> {
    found.iter().map(|f| f["id"].as_str().unwrap().to_string()).collect()
}

/// The one finding of `code`.
fn only<'a>(found: &'a [Value], code: &str) -> &'a Value {
    let of: Vec<&Value> = found.iter().filter(|f| f["code"] == code).collect();
    assert_eq!(of.len(), 1, "one {code}: {of:?}");
    of[0]
}

fn evidence(f: &Value) -> Vec<(String, u64)> {
    let e = f["evidence"].as_array().unwrap();
    let name = |p: &str| p.rsplit(['/', '\\']).next().unwrap_or(p).to_string();
    e.iter().map(|e| (name(e["path"].as_str().unwrap()), e["line"].as_u64().unwrap())).collect()
}

/// The samples' ids: every code, each id once.
fn baseline() -> (Vec<Value>, BTreeSet<String>) {
    let dir = sample_dir();
    let found = findings(dir.path());
    let set = ids(&found);
    assert_eq!(set.len(), found.len(), "ids are unique in a report");
    let codes: BTreeSet<&str> = found.iter().map(|f| f["code"].as_str().unwrap()).collect();
    assert!(codes.len() >= 36, "the samples trigger every code: {codes:?}");
    (found, set)
}

#[test]
fn ids_survive_renaming_and_moving_every_file() {
    let (_, before) = baseline();
    let dir = tempfile::tempdir().unwrap();
    // New names that also reverse the order the files are read in.
    for (i, (name, bytes)) in samples().into_iter().enumerate() {
        write(dir.path(), &format!("elsewhere/deeper/{}-x_{}", 9 - i, name.replace('-', "_")), &bytes);
    }
    let after = findings(dir.path());
    assert_eq!(ids(&after), before);
    assert!(
        after
            .iter()
            .flat_map(|f| f["evidence"].as_array().unwrap())
            .all(|e| { e["path"].as_str().unwrap().contains("elsewhere/deeper/") })
    );
}

/// After adding exports that repeat rows, the old ids are all there, and only D004 (rows seen
/// in several exports, counted once) is new: a new overlap is news, nothing else is.
fn only_overlaps_are_new(before: &BTreeSet<String>, after: &[Value]) {
    let now = ids(after);
    assert_eq!(now.len(), after.len(), "ids are unique in a report");
    let lost: Vec<&String> = before.difference(&now).collect();
    assert!(lost.is_empty(), "ids lost: {lost:?}");
    let new: Vec<&String> = now.difference(before).collect();
    assert!(new.iter().all(|id| id.starts_with("D004-")), "new ids: {new:?}");
}

#[test]
fn ids_survive_the_same_statements_given_twice_under_other_names() {
    let (found, before) = baseline();
    let dir = sample_dir();
    // Read before the originals: the copies' rows are the ones kept.
    for (name, bytes) in samples() {
        write(dir.path(), &format!("0-again-{name}"), &bytes);
    }
    let after = findings(dir.path());
    only_overlaps_are_new(&before, &after);
    // The unreadable row and the balance break, in both copies, are one finding each that
    // cites both files.
    let d001 = only(&after, "D001");
    assert_eq!(d001["id"], only(&found, "D001")["id"]);
    assert_eq!(evidence(d001), [("0-again-attempts.csv".into(), 32), ("attempts.csv".into(), 32)]);
    assert!(d001["message"].as_str().unwrap().contains("also in attempts.csv (line 32)"), "{d001}");
    assert_eq!(only(&after, "D003")["id"], only(&found, "D003")["id"]);
}

#[test]
fn ids_survive_later_exports_that_overlap_earlier_ones() {
    let (_, before) = baseline();
    let dir = sample_dir();
    // A second attempts log from 2026-10-06 on: the last 39 attempts again.
    let log = String::from_utf8(std::fs::read("samples/attempts.csv").unwrap()).unwrap();
    let lines: Vec<&str> = log.lines().collect();
    let later = [&lines[..1], &lines[39..]].concat().join("\n") + "\n";
    write(dir.path(), "attempts-2026-10.csv", later.as_bytes());
    // WeChat exported again for 10-10 .. 10-31 (the samples already overlap on 10-10 .. 10-15).
    write(dir.path(), "wechat-again.csv", &std::fs::read("samples/wechat-2026-10-10_2026-10-31.csv").unwrap());
    only_overlaps_are_new(&before, &findings(dir.path()));
}

#[test]
fn an_overlap_that_grows_keeps_its_id() {
    let (found, before) = baseline();
    let d004 = only(&found, "D004");
    assert!(d004["title"].as_str().unwrap().starts_with("15 rows appear in two exports"), "{d004}");
    // The first WeChat export, exported again up to 10-20: it now shares 10-10 .. 10-20 with
    // the second, not 10-10 .. 10-15.
    let read = |p: &str| String::from_utf8(std::fs::read(p).unwrap()).unwrap();
    let (early, later) =
        (read("samples/wechat-2026-09-01_2026-10-15.csv"), read("samples/wechat-2026-10-10_2026-10-31.csv"));
    let added: Vec<&str> =
        later.lines().filter(|l| l.get(..10).is_some_and(|d| ("2026-10-16"..="2026-10-20").contains(&d))).collect();
    assert!(!added.is_empty());
    let header_end = early.find("\n交易时间,").and_then(|h| early[h + 1..].find('\n').map(|e| h + 1 + e + 1)).unwrap();
    let rows: String = added.iter().map(|l| format!("{l}\r\n")).collect();
    let longer = format!("{}{rows}{}", &early[..header_end], &early[header_end..])
        .replace("终止时间：[2026-10-15 23:59:59]", "终止时间：[2026-10-20 23:59:59]")
        .replace("共116笔记录", &format!("共{}笔记录", 116 + added.len()));
    let dir = sample_dir();
    std::fs::remove_file(dir.path().join("wechat-2026-09-01_2026-10-15.csv")).unwrap();
    write(dir.path(), "wechat-2026-09-01_2026-10-20.csv", longer.as_bytes());
    let after = findings(dir.path());
    assert_eq!(ids(&after), before);
    let grown = only(&after, "D004");
    let title = format!("{} rows appear in two exports", 15 + added.len());
    assert!(grown["title"].as_str().unwrap().starts_with(&title), "{grown}");
}

/// The later WeChat export with `row` inserted before its data line `before` and the stated
/// record count raised by one.
fn wechat_with(row: &str, before: &str) -> String {
    let text = String::from_utf8(std::fs::read("samples/wechat-2026-10-10_2026-10-31.csv").unwrap()).unwrap();
    assert!(text.contains("共57笔记录") && text.contains(before));
    text.replace("共57笔记录", "共58笔记录").replacen(before, &format!("{row}\n{before}"), 1)
}

#[test]
fn ids_survive_unrelated_rows() {
    let (found, before) = baseline();
    let transfer = evidence(only(&found, "S006")).pop();
    assert_eq!(transfer, Some(("wechat-2026-10-10_2026-10-31.csv".into(), 46)));
    let dir = sample_dir();
    // A lunch on a day with nothing else to report, inserted mid-file: every later line moves.
    let lunch = "2026-10-24 12:15:00,商户消费,麦当劳,\"麦当劳餐厅点餐\",支出,¥31.50,零钱,支付成功,4200009999202610241215000001\t,20261024121500000001\t,\"/\"";
    let text = wechat_with(lunch, "2026-10-24 12:11:04");
    write(dir.path(), "wechat-2026-10-10_2026-10-31.csv", text.as_bytes());
    let after = findings(dir.path());
    assert_eq!(ids(&after), before);
    // Lines did move: the S006 transfer is a line further down.
    let moved = evidence(only(&after, "S006")).pop();
    assert_eq!(moved, Some(("wechat-2026-10-10_2026-10-31.csv".into(), 47)));
}

#[test]
fn an_f_group_gaining_a_failure_keeps_its_id_and_its_evidence_grows() {
    let (found, before) = baseline();
    let f001 = only(&found, "F001");
    assert_eq!(evidence(f001), [("attempts.csv".into(), 5), ("attempts.csv".into(), 6)]);
    let dir = sample_dir();
    // One more 余额不足 from the same card, logged at the top of the file (every line moves).
    let log = String::from_utf8(std::fs::read("samples/attempts.csv").unwrap()).unwrap();
    let (header, rows) = log.split_once('\n').unwrap();
    let failure = "2026-10-24 09:00:00,700.00,failed,CNY,wechat,工商银行(4321),,51,余额不足,wifi,iPhone 15,上海,";
    write(dir.path(), "attempts.csv", format!("{header}\n{failure}\n{rows}").as_bytes());
    let after = findings(dir.path());
    let grown = only(&after, "F001");
    assert_eq!(grown["id"], f001["id"]);
    assert_eq!(evidence(grown), [("attempts.csv".into(), 6), ("attempts.csv".into(), 7), ("attempts.csv".into(), 2)]);
    assert_eq!((f001["amount"].as_str(), grown["amount"].as_str()), (Some("1300.00"), Some("2000.00")));
    assert_eq!(ids(&after), before, "no other id moves either");
}

#[test]
fn d001_keeps_its_id_when_the_file_is_renamed() {
    let (found, _) = baseline();
    let d001 = only(&found, "D001");
    for name in ["x_attempts.csv", "logs/attempts-old.csv"] {
        let dir = sample_dir();
        std::fs::rename(dir.path().join("attempts.csv"), {
            let to = dir.path().join(name);
            std::fs::create_dir_all(to.parent().unwrap()).unwrap();
            to
        })
        .unwrap();
        let renamed = only(&findings(dir.path()), "D001").clone();
        assert_eq!(renamed["id"], d001["id"], "{name}");
        let file = name.rsplit('/').next().unwrap();
        assert_eq!(evidence(&renamed), [(file.to_string(), 32)]);
    }
}

#[test]
fn a_row_settled_in_a_later_export_keeps_the_id_of_its_finding() {
    let (found, _) = baseline();
    let s002 = only(&found, "S002");
    // The transfer to 李建华 was still awaiting acceptance when WeChat was first exported.
    let settled = "支出,¥4800.00,零钱,对方已收钱,";
    let text = String::from_utf8(std::fs::read("samples/wechat-2026-10-10_2026-10-31.csv").unwrap()).unwrap();
    assert!(text.contains(settled));
    let pending = text.replace(settled, "支出,¥4800.00,零钱,待确认收款,");
    for name in ["0-first-export.csv", "zz-first-export.csv"] {
        let dir = sample_dir();
        write(dir.path(), name, pending.as_bytes());
        assert_eq!(only(&findings(dir.path()), "S002")["id"], s002["id"], "pending export {name}");
    }
}

#[test]
fn a_fingerprint_holds_what_the_row_is_not_where_or_how_it_was_written() {
    use wallet_audit::model::{Direction, Money, Precision, Side, SourceRef, Status, Timestamp, Transaction};
    let row = |path: &str, line: usize, at: &str, amount: &str| {
        let at = chrono::DateTime::parse_from_rfc3339(at).unwrap();
        let source = SourceRef { path: path.into(), line };
        let money = Money::cny(amount.parse().unwrap());
        let time = Timestamp { at, precision: Precision::Second };
        let mut tx = Transaction::new(source, Side::Wallet, "wechat", time, money, Direction::Out);
        tx.counterparty = Some("李建华".into());
        tx
    };
    let base = row("a.csv", 22, "2026-10-30T10:48:15+08:00", "4800.00");
    // Another file and line, the same instant written in UTC, the amount without decimals,
    // another layout's description: the same row.
    let mut other = row("exports/b.csv", 7, "2026-10-30T02:48:15+00:00", "4800");
    other.description = Some("转账备注:解冻保证金".into());
    assert_eq!(base.fingerprint(), other.fingerprint());
    // With a provider reference, the row keeps its fingerprint when its status moves on.
    let (mut pending, mut settled) = (base.clone(), other.clone());
    pending.reference = Some("1000050001".into());
    settled.reference = Some("1000050001".into());
    pending.status = Status::Pending;
    assert_eq!(pending.fingerprint(), settled.fingerprint());
    // Without one, the status tells two rows apart (as the ledger does), and so do the
    // amount, the time and a different reference.
    let mut waiting = base.clone();
    waiting.status = Status::Pending;
    assert_ne!(waiting.fingerprint(), base.fingerprint());
    assert_ne!(row("a.csv", 22, "2026-10-30T10:48:15+08:00", "4800.01").fingerprint(), base.fingerprint());
    assert_ne!(row("a.csv", 22, "2026-10-30T10:48:16+08:00", "4800.00").fingerprint(), base.fingerprint());
    let mut other_ref = pending.clone();
    other_ref.reference = Some("1000050002".into());
    assert_ne!(other_ref.fingerprint(), pending.fingerprint());
}

#[test]
fn a_short_export_given_twice_is_one_d005_citing_both() {
    // The later WeChat export claims one record more than it holds.
    let text = String::from_utf8(std::fs::read("samples/wechat-2026-10-10_2026-10-31.csv").unwrap()).unwrap();
    let short = text.replace("共57笔记录", "共58笔记录");
    let once = sample_dir();
    write(once.path(), "wechat-2026-10-10_2026-10-31.csv", short.as_bytes());
    let d005 = only(&findings(once.path()), "D005").clone();
    write(once.path(), "wechat-copy.csv", short.as_bytes());
    let twice = findings(once.path());
    let both = only(&twice, "D005");
    assert_eq!(both["id"], d005["id"]);
    assert_eq!(evidence(both), [("wechat-2026-10-10_2026-10-31.csv".into(), 7), ("wechat-copy.csv".into(), 7)]);
}
