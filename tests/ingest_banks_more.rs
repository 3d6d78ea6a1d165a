//! More bank statement layouts (ingest/banks): BOCOM debit (app PDF as CSV, and the 网银 XLS)
//! and credit, CGB credit, CITIC credit (XLS), SPDB debit (XLS), HSBC Hong Kong account and
//! credit card (English headers, day-first dates). Each fixture is in its export's real layout
//! with invented values (tests/fixtures/ingest/banks-more, the workbooks written by its
//! make_fixtures.py): it is claimed by its own layout only, every row is accounted for, and the
//! rows users reconcile come out with their kind, direction, amount, currency, card, balance and
//! wallet provider.

mod bank_rows;
use assert_cmd::Command;
use bank_rows::{opts, seen, want};
use serde_json::Value;
use std::path::{Path, PathBuf};
use wallet_audit::ingest::files::sources_from_bytes;
use wallet_audit::ingest::{self, Adapter, Ingested, Parsed, SourceText, claims, sniff};
use wallet_audit::model::{Direction, Kind, Precision, Status, Transaction};

fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/ingest/banks-more").join(name)
}

/// Loads one fixture of this folder with every row accounted for (`bank_rows::load_clean`).
fn load_clean(name: &str, format: &str, account: &str, rows: usize) -> Ingested {
    bank_rows::load_clean(&fixture(name), format, account, rows)
}

/// The transaction read from physical line (or sheet row) `line`.
fn at(txs: &[Transaction], line: usize) -> &Transaction {
    txs.iter().find(|t| t.source.line == line).unwrap_or_else(|| panic!("no row from line {line}"))
}

fn stamp(t: &Transaction) -> String {
    t.time.at.to_rfc3339()
}

const LAYOUTS: [(&str, &str); 8] = [
    ("bocom-debit.csv", "bocom-debit"),
    ("bocom-debit-netbank.xls", "bocom-debit-xls"),
    ("bocom-credit.csv", "bocom-credit"),
    ("cgb-credit.csv", "cgb-credit"),
    ("citic-credit.xls", "citic-credit"),
    ("spdb-debit.xls", "spdb-debit"),
    ("hsbc-hk-debit.csv", "hsbc-hk-debit"),
    ("hsbc-hk-credit.csv", "hsbc-hk-credit"),
];

/// The sources a file holds: itself, or one per sheet of a workbook.
fn sources(path: &Path) -> Vec<SourceText> {
    let bytes = std::fs::read(path).expect("fixture");
    sources_from_bytes(&path.to_string_lossy(), &bytes).unwrap_or_else(|e| panic!("{e}"))
}

fn source(path: &Path) -> SourceText {
    sources(path).into_iter().next().expect("a source")
}

/// Text (a fixture edited) read by the layout that claims it, which must be `name`.
fn parse_text(text: &str, name: &str) -> Parsed {
    let (src, opts) = (SourceText::from_bytes("edited.csv", text.as_bytes()), opts());
    let (adapter, header) = sniff(&src, &opts).expect("claimed");
    assert_eq!(adapter.name(), name);
    adapter.parse(&src, header, &opts).expect("parses")
}

#[test]
fn each_layout_is_claimed_by_itself_only() {
    for (file, name) in LAYOUTS {
        let src = source(&fixture(file));
        assert_eq!(sniff(&src, &opts()).map(|(a, _)| a.name()), Some(name), "{file}");
        let claimants: Vec<&str> = claims(&src).iter().map(|(a, _)| a.name()).collect();
        assert_eq!(claimants, [name], "{file}");
    }
}

#[test]
fn these_layouts_claim_no_other_export() {
    let ours: Vec<&dyn Adapter> =
        ingest::ADAPTERS.iter().copied().filter(|a| LAYOUTS.iter().any(|(_, name)| *name == a.name())).collect();
    assert_eq!(ours.len(), LAYOUTS.len());
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let mut others: Vec<PathBuf> = Vec::new();
    for dir in [
        "tests/fixtures/ingest/icbc",
        "tests/fixtures/ingest/alipay",
        "tests/fixtures/ingest/wechat",
        "tests/fixtures/ingest/banks-cn",
        "tests/fixtures/ingest/workbook",
        "samples",
    ] {
        let entries = std::fs::read_dir(root.join(dir)).expect("fixture folder");
        let data = |p: &PathBuf| p.extension().is_some_and(|x| ["csv", "xls", "xlsx"].iter().any(|e| x == *e));
        others.extend(entries.map(|e| e.expect("entry").path()).filter(data));
    }
    others.push(fixture("wechat-spdb-6789.csv"));
    assert!(others.len() > 25, "{others:?}");
    for path in &others {
        let bytes = std::fs::read(path).expect("fixture");
        // Broken workbooks (a zip bomb, an encrypted file) are refused before any format looks.
        let Ok(srcs) = sources_from_bytes(&path.to_string_lossy(), &bytes) else { continue };
        for src in &srcs {
            for a in &ours {
                assert_eq!(a.sniff(src), None, "{} claims {}", a.name(), src.path);
            }
        }
    }
}

#[test]
fn bocom_debit_statement_from_the_app() {
    let ing = load_clean("bocom-debit.csv", "bocom-debit", "bocom", 8);
    let txs = &ing.transactions;
    // The PDF names no card the converter keeps: the statement is BOCOM's (any BOCOM card, or
    // the one `[accounts]` names).
    let alipay = at(txs, 2);
    assert_eq!(seen(alipay), want(Kind::TopUp, Direction::Out, "200.00", "CNY", None, Some("4800.00"), Some("alipay")));
    assert_eq!(stamp(alipay), "2026-09-01T09:12:05+08:00");
    assert_eq!(alipay.time.precision, Precision::Second);
    assert_eq!(alipay.counterparty.as_deref(), Some("支付宝（中国）网络技术有限公司"));
    assert_eq!(alipay.description.as_deref(), Some("网上支付 / 余额充值 / 支付宝"));
    let wechat = want(Kind::Payment, Direction::Out, "35.50", "CNY", None, Some("4764.50"), Some("wechat"));
    assert_eq!(seen(at(txs, 3)), wechat);
    let salary = want(Kind::Income, Direction::In, "8500.00", "CNY", None, Some("13264.50"), None);
    assert_eq!(seen(at(txs, 4)), salary);
    let refund = want(Kind::Refund, Direction::In, "35.50", "CNY", None, Some("13300.00"), Some("wechat"));
    assert_eq!(seen(at(txs, 5)), refund);
    let repayment = want(Kind::Transfer, Direction::Out, "1280.00", "CNY", None, Some("12020.00"), None);
    assert_eq!(seen(at(txs, 6)), repayment);
    assert_eq!(seen(at(txs, 7)).kind, Kind::Income, "存款利息");
    // The payment company is named in 交易地点 only.
    assert_eq!(at(txs, 9).provider.as_deref(), Some("jd-pay"));
}

#[test]
fn bocom_debit_heading_kept_from_the_pdf_names_the_card() {
    let body = std::fs::read_to_string(fixture("bocom-debit.csv")).expect("fixture");
    let parsed = parse_text(&format!("交通银行个人客户交易清单\n卡号：6222 6200 **** 5678\n{body}"), "bocom-debit");
    assert_eq!((parsed.account.as_str(), parsed.rows, parsed.rejected.len()), ("bocom:5678", 8, 0));
    assert!(parsed.transactions.iter().all(|t| t.card_last4.as_deref() == Some("5678")));
}

#[test]
fn bocom_debit_netbank_xls() {
    let ing = load_clean("bocom-debit-netbank.xls", "bocom-debit-xls", "bocom:5678", 4);
    let txs = &ing.transactions;
    let card = Some("5678");
    // Sheet row 4: 交易时间 holds the date and time; `--` is the amount not taken.
    let alipay = at(txs, 4);
    assert_eq!(seen(alipay), want(Kind::TopUp, Direction::Out, "200.00", "CNY", card, Some("4800.00"), Some("alipay")));
    assert_eq!(stamp(alipay), "2026-09-01T09:12:05+08:00");
    assert_eq!(
        seen(at(txs, 5)),
        want(Kind::Payment, Direction::Out, "35.50", "CNY", card, Some("4764.50"), Some("wechat"))
    );
    assert_eq!(seen(at(txs, 6)), want(Kind::Income, Direction::In, "8500.00", "CNY", card, Some("13264.50"), None));
    assert_eq!(seen(at(txs, 7)), want(Kind::Income, Direction::In, "1.85", "CNY", card, Some("13266.35"), None));
}

#[test]
fn bocom_credit_bill() {
    let ing = load_clean("bocom-credit.csv", "bocom-credit", "bocom", 7);
    let txs = &ing.transactions;
    // Unsigned amounts: 交易说明's first word says which way.
    let repayment = at(txs, 2);
    assert_eq!(seen(repayment), want(Kind::Transfer, Direction::In, "2000.00", "CNY", None, None, None));
    assert_eq!(
        seen(at(txs, 3)),
        want(Kind::Other, Direction::In, "5.00", "CNY", None, None, None),
        "刷卡金返还, CNY5.00"
    );
    let trip = at(txs, 4);
    assert_eq!(seen(trip), want(Kind::Payment, Direction::Out, "1280.00", "CNY", None, None, Some("alipay")));
    assert_eq!(stamp(trip), "2026-09-15T00:00:00+08:00", "交易日期, not 记账日期");
    assert_eq!(trip.time.precision, Precision::Day);
    assert_eq!(seen(at(txs, 5)), want(Kind::Payment, Direction::Out, "45.60", "CNY", None, None, Some("wechat")));
    assert_eq!(seen(at(txs, 6)), want(Kind::Refund, Direction::In, "99.00", "CNY", None, None, None));
    // Paid in dollars, booked in yuan: the booked amount is the card's.
    assert_eq!(seen(at(txs, 8)), want(Kind::Payment, Direction::Out, "93.80", "CNY", None, None, None));
}

#[test]
fn bocom_credit_monthly_bill_names_the_card_and_takes_the_year_from_its_title() {
    let bill = "交易日期,记账日期,卡末四位,交易说明,交易币种/金额,入账币种/金额\n\
                10/03,10/04,7449,消费 支付宝-大众点评,CNY356.00,CNY356.00\n\
                09/20,09/20,7449,信用卡还款 转账还款-本行-王小明,CNY2000.00,CNY2000.00\n";
    let parsed = parse_text(&format!("交通银行信用卡电子账单 2026年10月\n{bill}"), "bocom-credit");
    assert_eq!((parsed.account.as_str(), parsed.rows, parsed.rejected.len()), ("bocom:7449", 2, 0));
    let [payment, repayment] = parsed.transactions.as_slice() else { panic!("two rows") };
    assert_eq!(seen(payment), want(Kind::Payment, Direction::Out, "356.00", "CNY", Some("7449"), None, Some("alipay")));
    assert_eq!(stamp(payment), "2026-10-03T00:00:00+08:00");
    assert_eq!((repayment.direction, stamp(repayment).as_str()), (Direction::In, "2026-09-20T00:00:00+08:00"));
    // Without the title the year cannot be known: every row is rejected, saying why.
    let alone = parse_text(bill, "bocom-credit");
    assert_eq!((alone.rows, alone.transactions.len(), alone.rejected.len()), (2, 0, 2));
    assert!(alone.rejected.iter().all(|r| r.reason.contains("has no year")), "{:?}", alone.rejected);
}

#[test]
fn cgb_credit_bill() {
    let ing = load_clean("cgb-credit.csv", "cgb-credit", "cgb", 6);
    let txs = &ing.transactions;
    let alipay = at(txs, 2);
    assert_eq!(seen(alipay), want(Kind::Payment, Direction::Out, "128.40", "CNY", None, None, Some("alipay")));
    assert_eq!(stamp(alipay), "2026-09-05T00:00:00+08:00");
    assert_eq!(seen(at(txs, 3)), want(Kind::Payment, Direction::Out, "32.00", "CNY", None, None, Some("wechat")));
    assert_eq!(seen(at(txs, 4)), want(Kind::Refund, Direction::In, "32.00", "CNY", None, None, Some("wechat")));
    assert_eq!(seen(at(txs, 5)), want(Kind::Other, Direction::Out, "387.42", "CNY", None, None, None), "分期");
    // Paid in Hong Kong dollars, booked in yuan.
    assert_eq!(seen(at(txs, 6)), want(Kind::Payment, Direction::Out, "412.65", "CNY", None, None, None));
    let repayment = want(Kind::Transfer, Direction::In, "1000.00", "CNY", None, None, Some("unionpay-quickpass"));
    assert_eq!(seen(at(txs, 7)), repayment);
}

#[test]
fn cgb_credit_heading_kept_from_the_pdf_names_the_card() {
    let body = std::fs::read_to_string(fixture("cgb-credit.csv")).expect("fixture");
    let parsed = parse_text(&format!("广发银行信用卡对账单\n卡号：6259 61** **** 1234\n{body}"), "cgb-credit");
    assert_eq!((parsed.account.as_str(), parsed.rows, parsed.rejected.len()), ("cgb:1234", 6, 0));
}

#[test]
fn citic_credit_xls() {
    // The card comes from the 卡末四位 column.
    let ing = load_clean("citic-credit.xls", "citic-credit", "citic:8866", 7);
    let txs = &ing.transactions;
    let card = Some("8866");
    let jd = at(txs, 3);
    assert_eq!(seen(jd), want(Kind::Other, Direction::Out, "807.89", "CNY", card, None, Some("wechat")));
    assert_eq!(jd.description.as_deref(), Some("财付通－京东商城平台商户"));
    assert_eq!(stamp(jd), "2026-10-09T00:00:00+08:00");
    assert_eq!(seen(at(txs, 4)), want(Kind::Other, Direction::In, "0.2", "CNY", card, None, None), "a reward");
    // 支付宝 is named before 三快 (Meituan): the money went through Alipay.
    assert_eq!(seen(at(txs, 5)), want(Kind::Other, Direction::Out, "76.8", "CNY", card, None, Some("alipay")));
    assert_eq!(seen(at(txs, 6)), want(Kind::Transfer, Direction::In, "1500", "CNY", card, None, Some("wechat")));
    assert_eq!(seen(at(txs, 7)), want(Kind::Refund, Direction::In, "230", "CNY", card, None, Some("alipay")));
    assert_eq!(seen(at(txs, 8)), want(Kind::Payment, Direction::Out, "120.16", "CNY", card, None, None));
    assert_eq!(seen(at(txs, 9)), want(Kind::Other, Direction::Out, "9.99", "USD", card, None, None));
}

#[test]
fn spdb_debit_xls() {
    // The account line under the title names the card; the 合计 row is no transaction.
    let ing = load_clean("spdb-debit.xls", "spdb-debit", "spdb:6789", 7);
    let txs = &ing.transactions;
    let card = Some("6789");
    assert_eq!(seen(at(txs, 5)), want(Kind::Income, Direction::In, "9000", "CNY", card, Some("10981.33"), None));
    let top_up = at(txs, 6);
    assert_eq!(seen(top_up), want(Kind::TopUp, Direction::Out, "500", "CNY", card, Some("10481.33"), Some("wechat")));
    assert_eq!(stamp(top_up), "2026-09-03T14:06:51+08:00", "date and time in one cell, two spaces apart");
    assert_eq!(
        seen(at(txs, 7)),
        want(Kind::Payment, Direction::Out, "3.88", "CNY", card, Some("10477.45"), Some("alipay"))
    );
    assert_eq!(
        seen(at(txs, 9)),
        want(Kind::Refund, Direction::In, "58", "CNY", card, Some("10477.45"), Some("wechat"))
    );
    assert_eq!(seen(at(txs, 10)).kind, Kind::Income, "结息");
    assert_eq!(seen(at(txs, 11)), want(Kind::Transfer, Direction::Out, "3000", "CNY", card, Some("7479.55"), None));
}

#[test]
fn hsbc_hong_kong_account_history() {
    let ing = load_clean("hsbc-hk-debit.csv", "hsbc-hk-debit", "hsbc", 7);
    let txs = &ing.transactions;
    // Day first: 30/09/2026 is the 30th of September; newest first.
    let interest = at(txs, 2);
    assert_eq!(seen(interest), want(Kind::Income, Direction::In, "1.02", "HKD", None, Some("18390.37"), None));
    assert_eq!((stamp(interest).as_str(), interest.time.precision), ("2026-09-30T00:00:00+08:00", Precision::Day));
    assert_eq!(seen(at(txs, 3)).kind, Kind::Payment, "FPS PAYMENT TO");
    let octopus = want(Kind::Other, Direction::Out, "250.00", "HKD", None, Some("18889.35"), Some("octopus"));
    assert_eq!(seen(at(txs, 4)), octopus);
    let alipay = want(Kind::TopUp, Direction::Out, "300.00", "HKD", None, Some("19139.35"), Some("alipay"));
    assert_eq!(seen(at(txs, 5)), alipay);
    let wechat = want(Kind::Payment, Direction::Out, "88.50", "HKD", None, Some("19439.35"), Some("wechat"));
    assert_eq!(seen(at(txs, 6)), wechat);
    assert_eq!(at(txs, 7).provider.as_deref(), Some("paypal"));
    let salary = at(txs, 8);
    assert_eq!(seen(salary), want(Kind::Income, Direction::In, "18000.00", "HKD", None, Some("19647.85"), None));
    assert_eq!(stamp(salary), "2026-09-01T00:00:00+08:00");
}

#[test]
fn hsbc_hong_kong_credit_card() {
    let ing = load_clean("hsbc-hk-credit.csv", "hsbc-hk-credit", "hsbc", 6);
    let txs = &ing.transactions;
    let apple = at(txs, 2);
    assert_eq!(seen(apple), want(Kind::Other, Direction::Out, "78.00", "HKD", None, None, None));
    assert_eq!(stamp(apple), "2026-09-28T00:00:00+08:00", "the transaction date, not the post date");
    assert_eq!((apple.counterparty.as_deref(), apple.location.as_deref()), (Some("APPLE.COM/BILL"), Some("HONG KONG")));
    assert_eq!(seen(at(txs, 3)), want(Kind::Transfer, Direction::In, "3000.00", "HKD", None, None, None), "repayment");
    assert_eq!(seen(at(txs, 4)), want(Kind::Refund, Direction::In, "45.00", "HKD", None, None, None), "RETURN:");
    let alipay = at(txs, 5);
    assert_eq!(seen(alipay), want(Kind::Other, Direction::Out, "268.00", "CNY", None, None, Some("alipay")));
    assert_eq!(alipay.location.as_deref(), Some("CHINA"));
    assert_eq!(seen(at(txs, 6)), want(Kind::Other, Direction::Out, "120.50", "HKD", None, None, Some("wechat")));
    assert_eq!(at(txs, 7).provider.as_deref(), Some("paypal"));
}

/// `Transaction status`: a card charge not yet posted (no post date yet) is pending, so it is
/// no settled debit; a status word the layout does not know is a D001 naming it, not a guess.
#[test]
fn hsbc_hong_kong_credit_card_status() {
    let text = std::fs::read_to_string(fixture("hsbc-hk-credit.csv")).expect("fixture");
    let pending =
        text.replacen("28/09/2026,29/09/2026,", "28/09/2026,,", 1).replacen(",POSTED,APPLE", ",PENDING,APPLE", 1);
    assert_ne!(pending, text);
    let parsed = parse_text(&pending, "hsbc-hk-credit");
    assert_eq!((parsed.rows, parsed.transactions.len()), (6, 6), "{:?}", parsed.rejected);
    let apple = at(&parsed.transactions, 2);
    assert_eq!((apple.status, stamp(apple).as_str()), (Status::Pending, "2026-09-28T00:00:00+08:00"));
    assert!(parsed.transactions.iter().filter(|t| t.source.line != 2).all(|t| t.status == Status::Success));

    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("hsbc.csv");
    std::fs::write(&path, &pending).expect("write");
    let out = wallet_audit().arg("normalize").arg(&path).args(["--format", "jsonl"]).output().expect("runs");
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let rows: Vec<Value> = out
        .stdout
        .split(|b| *b == b'\n')
        .filter(|l| !l.is_empty())
        .map(|l| serde_json::from_slice(l).expect("JSON"))
        .collect();
    let statuses: Vec<(u64, &str)> =
        rows.iter().map(|r| (r["line"].as_u64().unwrap_or(0), r["status"].as_str().unwrap_or(""))).collect();
    assert!(statuses.contains(&(2, "pending")) && statuses.contains(&(3, "success")), "{statuses:?}");

    let unknown = parse_text(&text.replacen(",POSTED,APPLE", ",REVERSED,APPLE", 1), "hsbc-hk-credit");
    let [rejected] = unknown.rejected.as_slice() else { panic!("one rejected row: {:?}", unknown.rejected) };
    assert_eq!((rejected.source.line, unknown.transactions.len()), (2, 5));
    assert!(rejected.reason.contains("\"REVERSED\""), "{}", rejected.reason);
}

fn wallet_audit() -> Command {
    let mut cmd = Command::cargo_bin("wallet-audit").expect("binary");
    cmd.env_remove("COLUMNS");
    cmd
}

fn report(paths: &[PathBuf]) -> Value {
    let out = wallet_audit().arg("check").args(paths).args(["--format", "json", "--exit-zero"]).output().expect("runs");
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    serde_json::from_slice(&out.stdout).expect("JSON report")
}

fn findings<'a>(r: &'a Value, code: &str) -> Vec<&'a Value> {
    r["findings"].as_array().expect("findings").iter().filter(|f| f["code"] == code).collect()
}

#[test]
fn a_wechat_top_up_reconciles_with_the_spdb_debit() {
    // 零钱充值 from 浦发银行(6789): 500.00 at 2026-09-03 14:06:40, debited 11 seconds later on
    // the card the SPDB statement names; 200.00 on 09-15, which the statement never debited.
    let r = report(&[fixture("wechat-spdb-6789.csv"), fixture("spdb-debit.xls")]);
    assert_eq!(r["summary"]["top_ups"]["succeeded"], 2);
    assert_eq!(r["summary"]["unchecked"]["top_ups_without_statement"], 0);
    let r004 = findings(&r, "R004");
    assert_eq!(r004.len(), 1, "{r004:?}");
    assert_eq!((r004[0]["amount"].as_str(), r004[0]["evidence"][0]["line"].as_u64()), (Some("200.00"), Some(19)));
    for code in ["R001", "R002", "R003", "R005", "R007"] {
        assert!(findings(&r, code).is_empty(), "{code}: {:?}", findings(&r, code));
    }
    // Without the statement nothing says whether the card was debited.
    let alone = report(&[fixture("wechat-spdb-6789.csv")]);
    assert!(findings(&alone, "R004").is_empty());
    assert_eq!(alone["summary"]["unchecked"]["top_ups_without_statement"], 2);
}

#[test]
fn a_row_missing_from_a_newest_first_statement_breaks_the_running_balance() {
    assert!(findings(&report(&[fixture("hsbc-hk-debit.csv")]), "D003").is_empty(), "the statement adds up");
    let dir = tempfile::tempdir().expect("tempdir");
    let body = std::fs::read_to_string(fixture("hsbc-hk-debit.csv")).expect("fixture");
    // Drop the WeChat Pay payment of 15/09 (line 6).
    let cut: String = body.lines().enumerate().filter(|(i, _)| *i != 5).map(|(_, l)| format!("{l}\n")).collect();
    let path = dir.path().join("hsbc.csv");
    std::fs::write(&path, cut).expect("write");
    let d003 = findings(&report(&[path]), "D003").into_iter().cloned().collect::<Vec<_>>();
    assert_eq!(d003.len(), 1, "{d003:?}");
    assert_eq!((d003[0]["account"].as_str(), d003[0]["amount"].as_str()), (Some("hsbc"), Some("88.50")));
}

#[test]
fn cut_or_garbled_exports_never_panic_and_lose_no_row() {
    let opts = opts();
    for (file, _) in LAYOUTS {
        // The workbooks as the text their first sheet becomes.
        let text = source(&fixture(file)).text;
        let bytes = text.as_bytes();
        for cut in (0..bytes.len()).step_by(5) {
            let mut garbled = bytes.get(..cut).unwrap_or_default().to_vec();
            garbled.extend_from_slice(b",\"x\n");
            let src = SourceText::from_bytes(file, &garbled);
            let Some((adapter, header)) = sniff(&src, &opts) else { continue };
            let parsed = match adapter.parse(&src, header, &opts) {
                Ok(parsed) => parsed,
                // HSBC's header cut inside `Balance currency` names `Balance` twice: refused,
                // as any such header is (which column holds the balance cannot be known).
                Err(e) if e.contains("twice") => continue,
                Err(e) => panic!("{file} cut at {cut}: {e}"),
            };
            assert_eq!(parsed.rows, parsed.transactions.len() + parsed.rejected.len(), "{file} cut at {cut}");
        }
    }
}
