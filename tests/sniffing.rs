//! Which format reads a file: the more specific header wins when two formats claim one line,
//! and `formats --sniff FILE|DIR` says who claims each file and why, or what it comes closest to.

use assert_cmd::Command;
use wallet_audit::ingest::{IngestOptions, SourceText, claims, closest, sniff};
use wallet_audit::model::CHINA_ZONE;

fn wallet_audit() -> Command {
    Command::cargo_bin("wallet-audit").unwrap()
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// A header holding every cell Alipay's app export needs (4) and every cell WeChat's bill
/// needs (6): both claim line 1, WeChat's header is the more specific.
const BOTH: &str = "交易时间,交易类型,交易对方,商品,收/支,金额(元),支付方式,当前状态,交易单号,商户单号,交易状态,交易订单号\n\
                    2026-09-01 10:00:00,商户消费,某店,咖啡,支出,¥28.00,零钱,支付成功,T1,M1,成功,T1\n";

#[test]
fn of_two_formats_claiming_one_header_the_more_specific_reads_the_file() {
    let src = SourceText::from_bytes("both.csv", BOTH.as_bytes());
    let found: Vec<(&str, usize)> = claims(&src).iter().map(|(a, h)| (a.name(), *h)).collect();
    assert_eq!(found, [("wechat", 0), ("alipay", 0)]);
    let opts = IngestOptions { zone: CHINA_ZONE.into(), zone_given: false, mapping: None };
    assert_eq!(sniff(&src, &opts).map(|(a, h)| (a.name(), h)), Some(("wechat", 0)));
}

#[test]
fn a_header_that_comes_first_reads_the_file_whatever_its_specificity() {
    // An attempts log (3 header cells) on top of a WeChat bill (6): the attempts header is first.
    let body = format!("time,amount,status\n2026-09-01 10:00:00,28.00,success\n{BOTH}");
    let src = SourceText::from_bytes("mixed.csv", body.as_bytes());
    let found: Vec<(&str, usize)> = claims(&src).iter().map(|(a, h)| (a.name(), *h)).collect();
    assert_eq!(found.first(), Some(&("attempts", 0)));
}

#[test]
fn sniff_explains_the_choice_and_the_formats_not_chosen() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("both.csv");
    std::fs::write(&path, BOTH).unwrap();
    let out = wallet_audit().args(["formats", "--sniff"]).arg(&path).output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let shown = text(&out.stdout);
    assert!(shown.contains("both.csv: wechat (wallet side), encoding UTF-8, header on line 1\n"), "{shown}");
    assert!(
        shown.contains("  identified by the header cells 交易时间, 交易类型, 交易对方, 收/支, 当前状态, 交易单号\n")
    );
    assert!(shown.contains("  also claimed by alipay, not chosen: wechat is more specific (6 header cells against 4)"));
}

#[test]
fn a_file_nobody_claims_names_the_closest_format_and_the_cells_it_misses() {
    let src = SourceText::from_bytes("x.csv", "交易时间,交易类型,交易对方,收/支,金额\n".as_bytes());
    let c = closest(&src).expect("a closest format");
    assert_eq!((c.adapter.name(), c.line, c.present), ("wechat", 0, 4));
    assert_eq!(c.missing, ["当前状态", "交易单号"]);

    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("x.csv");
    std::fs::write(&path, "交易时间,交易类型,交易对方,收/支,金额\n2026-09-01 10:00:00,a,b,支出,1.00\n").unwrap();
    let out = wallet_audit().args(["formats", "--sniff"]).arg(&path).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty());
    let err = text(&out.stderr);
    assert!(
        err.contains(
            "x.csv: no format recognises this file; closest is wechat (line 1 holds 4 of its 6 header cells; \
             missing 当前状态, 交易单号); describe it with a mapping file (--mapping FILE)"
        ),
        "{err}"
    );
    // Nothing like any header: no closest format is invented.
    assert!(closest(&SourceText::from_bytes("n.csv", b"a,b,c\n1,2,3\n")).is_none());
}

#[test]
fn sniff_walks_a_folder_and_exits_1_when_some_file_is_not_recognised() {
    let out = wallet_audit().args(["formats", "--sniff", "samples"]).output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let shown = text(&out.stdout);
    for (file, format) in [
        ("alipay-2026-09-01_2026-10-31.csv", "alipay"),
        ("attempts.csv", "attempts"),
        ("icbc-4321-2026-09.csv", "icbc-debit"),
        ("wechat-2026-10-10_2026-10-31.csv", "wechat"),
    ] {
        assert!(shown.contains(&format!("{file}: {format} (")), "{file}: {shown}");
    }

    let dir = tempfile::tempdir().unwrap();
    std::fs::copy("samples/attempts.csv", dir.path().join("a.csv")).unwrap();
    std::fs::write(dir.path().join("b.csv"), "name,age\nx,1\n").unwrap();
    let out = wallet_audit().args(["formats", "--sniff"]).arg(dir.path()).output().unwrap();
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stderr));
    let shown = text(&out.stdout);
    assert!(shown.contains("a.csv: attempts (attempts side)"), "{shown}");
    assert!(shown.contains("b.csv: no format recognises this file; describe it with a mapping file"), "{shown}");
}

#[test]
fn sniff_reads_workbooks_sheet_by_sheet() {
    let out = wallet_audit()
        .args(["formats", "--sniff", "tests/fixtures/ingest/workbook/wechat-2026.xlsx"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(text(&out.stdout).contains("wechat-2026.xlsx: wechat (wallet side), encoding xlsx, header on line 18\n"));
    let out =
        wallet_audit().args(["formats", "--sniff", "tests/fixtures/ingest/workbook/two-sheets.xlsx"]).output().unwrap();
    let shown = text(&out.stdout);
    assert!(
        shown.contains("two-sheets.xlsx[尝试记录]: attempts (attempts side), encoding xlsx, header on line 1"),
        "{shown}"
    );
    let out =
        wallet_audit().args(["formats", "--sniff", "tests/fixtures/ingest/workbook/zip-bomb.xlsx"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("refused before inflating anything"));
}

#[test]
fn sniff_says_what_identified_a_file_known_by_its_content_or_its_mapping() {
    let shown = |args: &[&str]| {
        let out = wallet_audit().arg("formats").args(args).output().unwrap();
        assert_eq!(out.status.code(), Some(0), "{args:?}: {}", text(&out.stderr));
        text(&out.stdout)
    };
    let international = "tests/fixtures/ingest/international/";
    for (file, said) in [
        ("mt940-bare.sta", "identified by its content: the SWIFT fields :20: (statement), :25: (account)"),
        ("ofx-sgml-checking.ofx", "identified by its content: an OFXHEADER: line"),
        ("ofx-v2-applecard.qfx", "identified by its content: an OFXHEADER: line"),
        ("camt053-001.02.xml", "identified by its content: the camt.053 namespace"),
    ] {
        let out = shown(&["--sniff", &format!("{international}{file}")]);
        assert!(out.contains(&format!("\n  {said}")), "{file}: {out}");
        assert!(!out.contains("--mapping") && !out.contains("header cells"), "{file}: {out}");
    }
    // A header its format reads in another currency's spelling is no mapping's doing.
    let dir = tempfile::tempdir().unwrap();
    let legacy = std::fs::read_to_string(format!("{international}revolut-legacy-eur.csv")).unwrap();
    let gbp = dir.path().join("revolut-gbp.csv");
    std::fs::write(&gbp, legacy.replace("(EUR)", "(GBP)")).unwrap();
    let out = shown(&["--sniff", gbp.to_str().unwrap()]);
    assert!(
        out.contains("revolut (wallet side)") && out.contains("\n  identified by its header line: Completed Date"),
        "{out}"
    );
    // A file only the --mapping file reads is identified by its columns.
    let mapping = "tests/fixtures/ingest/mapping/";
    let out =
        shown(&["--sniff", &format!("{mapping}cmb-credit.csv"), "--mapping", &format!("{mapping}cmb-credit.toml")]);
    assert!(
        out.contains("cmb-credit (bank side)") && out.contains("\n  identified by the --mapping file's columns"),
        "{out}"
    );
}
