//! Mainland bank statement layouts (ingest/banks): ICBC credit, CMB debit and credit, BOC debit
//! and credit, ABC debit, CCB debit. Each fixture is written in its export's real layout with
//! invented values: it is claimed by its own layout only, every row is accounted for, and the
//! rows users reconcile (wallet top-ups, payments, salaries, refunds, repayments) come out with
//! their kind, direction, amount, currency, card, balance and wallet provider.

mod bank_rows;
use assert_cmd::Command;
use bank_rows::{dec, opts, seen, want};
use serde_json::Value;
use std::path::PathBuf;
use wallet_audit::ingest::{self, Adapter, Ingested, SourceText, claims, sniff};
use wallet_audit::model::{Direction, Kind, Precision, Transaction};

fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/ingest/banks-cn").join(name)
}

/// Loads one fixture of this folder with every row accounted for (`bank_rows::load_clean`).
fn load_clean(name: &str, format: &str, account: &str, rows: usize) -> Ingested {
    bank_rows::load_clean(&fixture(name), format, account, rows)
}

/// The transaction read from physical line `line`.
fn at(ing: &Ingested, line: usize) -> &Transaction {
    ing.transactions.iter().find(|t| t.source.line == line).unwrap_or_else(|| panic!("no row from line {line}"))
}

const LAYOUTS: [(&str, &str); 7] = [
    ("icbc-credit.csv", "icbc-credit"),
    ("cmb-debit.csv", "cmb-debit"),
    ("cmb-credit.csv", "cmb-credit"),
    ("boc-debit.csv", "boc-debit"),
    ("boc-credit.csv", "boc-credit"),
    ("abc-debit.csv", "abc-debit"),
    ("ccb-debit.csv", "ccb-debit"),
];

fn source(path: &PathBuf) -> SourceText {
    let bytes = std::fs::read(path).expect("fixture");
    SourceText::from_bytes(&path.to_string_lossy(), &bytes)
}

#[test]
fn each_layout_is_claimed_by_itself_only() {
    for (file, name) in LAYOUTS {
        let src = source(&fixture(file));
        assert_eq!(sniff(&src, &opts()).map(|(a, _)| a.name()), Some(name), "{file}");
        let claimants: Vec<&str> = claims(&src).iter().map(|(a, _)| a.name()).collect();
        // ICBC's debit signature is a subset of the credit card's: it claims the file too and
        // loses on specificity.
        let expected: &[&str] = if name == "icbc-credit" { &["icbc-credit", "icbc-debit"] } else { &[name] };
        assert_eq!(claimants, expected, "{file}");
    }
}

#[test]
fn these_layouts_claim_no_other_export() {
    let ours: Vec<&dyn Adapter> = ingest::ADAPTERS
        .iter()
        .copied()
        .filter(|a| LAYOUTS.iter().any(|(_, name)| *name == a.name() && *name != "ccb-debit"))
        .collect();
    assert_eq!(ours.len(), 6);
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let mut others: Vec<PathBuf> = Vec::new();
    for dir in ["tests/fixtures/ingest/icbc", "tests/fixtures/ingest/alipay", "tests/fixtures/ingest/wechat", "samples"]
    {
        let entries = std::fs::read_dir(root.join(dir)).expect("fixture folder");
        others.extend(entries.map(|e| e.expect("entry").path()).filter(|p| p.extension().is_some_and(|x| x == "csv")));
    }
    others.push(fixture("wechat-cmb-1234.csv"));
    assert!(others.len() > 10);
    for path in &others {
        let src = source(path);
        for a in &ours {
            assert_eq!(a.sniff(&src), None, "{} claims {}", a.name(), path.display());
        }
    }
}

#[test]
fn icbc_credit_card_statement() {
    let ing = load_clean("icbc-credit.csv", "icbc-credit", "icbc:7788", 6);
    let card = Some("7788");
    // Newest first; the balance is what is owed.
    let wechat = at(&ing, 8);
    assert_eq!(
        seen(wechat),
        want(Kind::Payment, Direction::Out, "68.00", "CNY", card, Some("-1245.30"), Some("wechat"))
    );
    assert_eq!(wechat.description.as_deref(), Some("消费 / 财付通-美团平台商户"));
    assert_eq!(wechat.time.at.to_rfc3339(), "2026-09-28T00:00:00+08:00");
    assert_eq!(wechat.time.precision, Precision::Day);
    let repayment = want(Kind::Transfer, Direction::In, "3000.00", "CNY", card, Some("-1177.30"), None);
    assert_eq!(seen(at(&ing, 9)), repayment);
    let alipay = at(&ing, 10);
    assert_eq!(
        seen(alipay),
        want(Kind::Payment, Direction::Out, "156.80", "CNY", card, Some("-4177.30"), Some("alipay"))
    );
    assert_eq!(alipay.time.at.to_rfc3339(), "2026-09-19T00:00:00+08:00", "the transaction date, not the booking date");
    let refund = want(Kind::Refund, Direction::In, "39.90", "CNY", card, Some("-4020.50"), Some("wechat"));
    assert_eq!(seen(at(&ing, 11)), refund);
    // Paid in dollars, booked in yuan: the booked amount, and the country for S008.
    let abroad = at(&ing, 12);
    assert_eq!(seen(abroad), want(Kind::Payment, Direction::Out, "266.94", "CNY", card, Some("-4060.40"), None));
    assert_eq!(abroad.location.as_deref(), Some("USA"));
    assert_eq!(at(&ing, 13).kind, Kind::Fee);
}

#[test]
fn cmb_debit_statement() {
    let ing = load_clean("cmb-debit.csv", "cmb-debit", "cmb", 8);
    let rent = want(Kind::Transfer, Direction::Out, "1500.00", "CNY", None, Some("3500.00"), None);
    assert_eq!(seen(at(&ing, 2)), rent);
    let top_up = at(&ing, 3);
    assert_eq!(seen(top_up), want(Kind::TopUp, Direction::Out, "500.00", "CNY", None, Some("3000.00"), Some("alipay")));
    assert_eq!(top_up.counterparty.as_deref(), Some("支付宝（中国）网络技术有限公司"));
    assert_eq!(top_up.description.as_deref(), Some("快捷支付 / 支付宝-余额充值"));
    let salary = want(Kind::Income, Direction::In, "12000.00", "CNY", None, Some("15000.00"), None);
    assert_eq!(seen(at(&ing, 4)), salary);
    let wechat = want(Kind::Payment, Direction::Out, "35.50", "CNY", None, Some("14964.50"), Some("wechat"));
    assert_eq!(seen(at(&ing, 5)), wechat);
    let refund = want(Kind::Refund, Direction::In, "35.50", "CNY", None, Some("15000.00"), Some("wechat"));
    assert_eq!(seen(at(&ing, 6)), refund);
    assert_eq!((at(&ing, 7).kind, at(&ing, 7).provider.as_deref()), (Kind::TopUp, Some("wechat")));
}

#[test]
fn cmb_debit_heading_kept_from_the_pdf_names_the_card() {
    let body = std::fs::read_to_string(fixture("cmb-debit.csv")).expect("fixture");
    let heading = "招商银行交易流水\nTransaction Statement of China Merchants Bank\n2026-09-01 -- 2026-09-30\n\
                   户    名：林晓雯                              账号：6214 **** **** 1234\n\
                   账户类型：一卡通                              开 户 行：上海分行\n";
    let src = SourceText::from_bytes("cmb.csv", format!("{heading}{body}").as_bytes());
    let opts = opts();
    let (adapter, header) = sniff(&src, &opts).expect("claimed");
    let parsed = adapter.parse(&src, header, &opts).expect("parses");
    assert_eq!((adapter.name(), parsed.account.as_str(), parsed.rows), ("cmb-debit", "cmb:1234", 8));
    assert!(parsed.transactions.iter().all(|t| t.account == "cmb:1234" && t.card_last4.as_deref() == Some("1234")));
}

#[test]
fn cmb_credit_bill_dates_take_the_year_of_the_bill() {
    let ing = load_clean("cmb-credit.csv", "cmb-credit", "cmb:5678", 7);
    let card = Some("5678");
    // A January 2026 bill: December's rows are 2025's. A repayment has only a 记账日.
    let repayment = at(&ing, 3);
    assert_eq!(seen(repayment), want(Kind::Transfer, Direction::In, "2000.00", "CNY", card, None, None));
    assert_eq!(repayment.time.at.to_rfc3339(), "2025-12-20T00:00:00+08:00");
    let wechat = at(&ing, 4);
    assert_eq!(seen(wechat), want(Kind::Other, Direction::Out, "45.00", "CNY", card, None, Some("wechat")));
    assert_eq!(wechat.time.at.to_rfc3339(), "2025-12-22T00:00:00+08:00", "交易日, not 记账日");
    let refund = at(&ing, 6);
    assert_eq!(seen(refund), want(Kind::Refund, Direction::In, "99.00", "CNY", card, None, Some("alipay")));
    assert_eq!(refund.time.at.to_rfc3339(), "2026-01-02T00:00:00+08:00");
    let wechat_repayment = want(Kind::Transfer, Direction::In, "500.00", "CNY", card, None, Some("wechat"));
    assert_eq!(seen(at(&ing, 8)), wechat_repayment);
    assert_eq!(seen(at(&ing, 9)).amount, dec("1080.00"));
}

#[test]
fn cmb_credit_bill_without_its_title_rejects_every_row_saying_why() {
    let body = std::fs::read_to_string(fixture("cmb-credit.csv")).expect("fixture");
    let untitled: String = body.lines().skip(1).map(|l| format!("{l}\n")).collect();
    let src = SourceText::from_bytes("cmb-credit.csv", untitled.as_bytes());
    let opts = opts();
    let (adapter, header) = sniff(&src, &opts).expect("claimed");
    let parsed = adapter.parse(&src, header, &opts).expect("parses");
    assert_eq!((parsed.rows, parsed.transactions.len(), parsed.rejected.len()), (7, 0, 7));
    let first = parsed.rejected.first().expect("a rejected row");
    assert_eq!(first.source.line, 2);
    assert!(first.reason.contains("\"12/20\" has no year"), "{}", first.reason);
}

#[test]
fn boc_debit_statement() {
    let ing = load_clean("boc-debit.csv", "boc-debit", "boc:8899", 6);
    let card = Some("8899");
    let rent = at(&ing, 3);
    assert_eq!(seen(rent), want(Kind::Transfer, Direction::Out, "2600.00", "CNY", card, Some("9692.00"), None));
    // Dash rules are empty cells, not text.
    assert_eq!(rent.description.as_deref(), Some("跨行转账 / 九月房租 / 手机银行"));
    assert_eq!(rent.time.at.to_rfc3339(), "2026-09-25T09:15:00+08:00");
    let withdrawal = want(Kind::Withdrawal, Direction::In, "1000.00", "CNY", card, Some("12292.00"), Some("alipay"));
    assert_eq!(seen(at(&ing, 4)), withdrawal);
    let refund = want(Kind::Refund, Direction::In, "50.00", "CNY", card, Some("11292.00"), Some("alipay"));
    assert_eq!(seen(at(&ing, 5)), refund);
    let alipay = at(&ing, 6);
    assert_eq!(
        seen(alipay),
        want(Kind::Payment, Direction::Out, "500.00", "CNY", card, Some("11242.00"), Some("alipay"))
    );
    assert_eq!((alipay.counterparty.as_deref(), alipay.time.precision), (Some("支付宝-林晓雯"), Precision::Second));
    let wechat = want(Kind::Payment, Direction::Out, "58.00", "CNY", card, Some("11742.00"), Some("wechat"));
    assert_eq!(seen(at(&ing, 7)), wechat);
    let salary = want(Kind::Income, Direction::In, "9800.00", "CNY", card, Some("11800.00"), None);
    assert_eq!(seen(at(&ing, 8)), salary);
}

#[test]
fn boc_credit_bill() {
    let ing = load_clean("boc-credit.csv", "boc-credit", "boc:3388", 7);
    let card = Some("3388");
    let wechat = want(Kind::Other, Direction::Out, "45.00", "CNY", card, None, Some("wechat"));
    assert_eq!(seen(at(&ing, 3)), wechat);
    // Interest names no card: it is the bill's.
    let interest = at(&ing, 4);
    assert_eq!(seen(interest), want(Kind::Income, Direction::In, "0.35", "CNY", card, None, None));
    assert_eq!(interest.account, "boc:3388");
    let alipay = want(Kind::Other, Direction::Out, "128.60", "CNY", card, None, Some("alipay"));
    assert_eq!(seen(at(&ing, 5)), alipay);
    assert_eq!(seen(at(&ing, 6)), want(Kind::Transfer, Direction::In, "3000.00", "CNY", card, None, None));
    let jd = want(Kind::Other, Direction::Out, "299.00", "CNY", card, None, Some("jd-pay"));
    assert_eq!(seen(at(&ing, 7)), jd);
    assert_eq!(seen(at(&ing, 8)), want(Kind::Refund, Direction::In, "99.00", "CNY", card, None, Some("jd-pay")));
    let dollars = at(&ing, 9);
    assert_eq!(seen(dollars), want(Kind::Other, Direction::Out, "3.72", "USD", card, None, None));
    assert_eq!(dollars.time.at.to_rfc3339(), "2026-09-10T00:00:00+08:00");
}

#[test]
fn abc_debit_statement() {
    let ing = load_clean("abc-debit.csv", "abc-debit", "abc", 6);
    let salary = at(&ing, 2);
    assert_eq!(seen(salary), want(Kind::Income, Direction::In, "8500.00", "CNY", None, Some("9500.00"), None));
    assert_eq!(salary.time.at.to_rfc3339(), "2026-09-01T09:30:15+08:00");
    // `日 志 号`, spaces and all, is the reference.
    assert_eq!(salary.reference.as_deref(), Some("369100001"));
    let top_up = at(&ing, 3);
    assert_eq!(seen(top_up), want(Kind::TopUp, Direction::Out, "200.00", "CNY", None, Some("9300.00"), Some("wechat")));
    assert_eq!(top_up.time.at.to_rfc3339(), "2026-09-03T12:34:56+08:00");
    let alipay = want(Kind::Other, Direction::Out, "88.00", "CNY", None, Some("9212.00"), Some("alipay"));
    assert_eq!(seen(at(&ing, 4)), alipay);
    let refund = at(&ing, 5);
    assert_eq!(seen(refund), want(Kind::Refund, Direction::In, "88.00", "CNY", None, Some("9300.00"), Some("alipay")));
    assert_eq!(refund.time.precision, Precision::Day, "no 交易时间: the date alone");
    let loan = want(Kind::Transfer, Direction::Out, "1234.56", "CNY", None, Some("8065.44"), None);
    assert_eq!(seen(at(&ing, 6)), loan);
    let interest = at(&ing, 7);
    assert_eq!(seen(interest), want(Kind::Income, Direction::In, "1.23", "CNY", None, Some("8066.67"), None));
    assert_eq!(interest.counterparty, None, "`--` is no counterparty");
}

#[test]
fn ccb_debit_statement() {
    let ing = load_clean("ccb-debit.csv", "ccb-debit", "ccb:3344", 5);
    let card = Some("3344");
    let wechat = at(&ing, 7);
    assert_eq!(
        seen(wechat),
        want(Kind::Payment, Direction::Out, "88.50", "CNY", card, Some("9911.50"), Some("wechat"))
    );
    assert_eq!(wechat.time.at.to_rfc3339(), "2026-09-02T09:30:15+08:00");
    let top_up = want(Kind::TopUp, Direction::Out, "500.00", "CNY", card, Some("9411.50"), Some("alipay"));
    assert_eq!(seen(at(&ing, 8)), top_up);
    let salary = want(Kind::Income, Direction::In, "12000.00", "CNY", card, Some("21411.50"), None);
    assert_eq!(seen(at(&ing, 9)), salary);
    let refund = at(&ing, 10);
    assert_eq!(seen(refund), want(Kind::Refund, Direction::In, "88.50", "CNY", card, Some("21500.00"), Some("wechat")));
    assert_eq!(refund.time.at.to_rfc3339(), "2026-09-12T18:20:00+08:00", "交易日期, not 记账日");
    assert_eq!(seen(at(&ing, 11)).kind, Kind::Income);
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
fn a_row_missing_from_a_statement_breaks_the_running_balance() {
    let dir = tempfile::tempdir().expect("tempdir");
    let body = std::fs::read_to_string(fixture("cmb-debit.csv")).expect("fixture");
    // Drop the 35.50 payment of 09-12 (line 5).
    let cut: String = body.lines().enumerate().filter(|(i, _)| *i != 4).map(|(_, l)| format!("{l}\n")).collect();
    let path = dir.path().join("cmb-debit.csv");
    std::fs::write(&path, cut).expect("write");
    assert!(findings(&report(&[fixture("cmb-debit.csv")]), "D003").is_empty(), "the whole statement adds up");
    let r = report(&[path]);
    let d003 = findings(&r, "D003");
    assert_eq!(d003.len(), 1, "{d003:?}");
    let evidence: Vec<(u64, String)> = d003[0]["evidence"]
        .as_array()
        .expect("evidence")
        .iter()
        // DESIGN §4 names roles in kebab-case; the report writes them with spaces today.
        .map(|e| (e["line"].as_u64().unwrap_or(0), e["role"].as_str().unwrap_or("").replace(' ', "-")))
        .collect();
    assert_eq!(evidence, [(4, "balance-before".to_string()), (5, "balance-after".to_string())]);
    assert_eq!((d003[0]["account"].as_str(), d003[0]["amount"].as_str()), (Some("cmb"), Some("35.50")));
}

#[test]
fn a_wallet_top_up_reconciles_with_the_cmb_debit() {
    // WeChat 零钱充值 from 招商银行(1234): 200.00 on 09-18 (the CMB debit of that day) and
    // 300.00 on 09-20, which the CMB statement, covering that day, never debited.
    let r = report(&[fixture("wechat-cmb-1234.csv"), fixture("cmb-debit.csv")]);
    assert_eq!(r["summary"]["top_ups"]["succeeded"], 2);
    let r004 = findings(&r, "R004");
    assert_eq!(r004.len(), 1, "{r004:?}");
    assert_eq!(r004[0]["amount"], "300.00");
    assert_eq!(r004[0]["evidence"][0]["line"], 19);
    for code in ["R001", "R002", "R003", "R005", "R007"] {
        assert!(findings(&r, code).is_empty(), "{code}: {:?}", findings(&r, code));
    }
    // Without the statement nothing says whether the card was debited.
    let alone = report(&[fixture("wechat-cmb-1234.csv")]);
    assert!(findings(&alone, "R004").is_empty());
}

#[test]
fn cut_or_garbled_exports_never_panic_and_lose_no_row() {
    let opts = opts();
    for (file, _) in LAYOUTS {
        let bytes = std::fs::read(fixture(file)).expect("fixture");
        for cut in (0..bytes.len()).step_by(7) {
            let mut garbled = bytes.get(..cut).unwrap_or_default().to_vec();
            garbled.extend_from_slice(b",\"x\n");
            let src = SourceText::from_bytes(file, &garbled);
            let Some((adapter, header)) = sniff(&src, &opts) else { continue };
            let parsed = adapter.parse(&src, header, &opts).expect("a claimed file parses");
            assert_eq!(parsed.rows, parsed.transactions.len() + parsed.rejected.len(), "{file} cut at {cut}");
        }
    }
}
