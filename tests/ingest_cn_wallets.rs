//! Chinese wallets beyond WeChat: every Alipay layout (2019 web, 2020 and 2021–2023 app exports
//! with their details after the rows, 2023+, the 2025 separator, the later export with a line
//! fewer, spreadsheet re-saves), JD Pay and Meituan Pay, on fixtures in the real byte layouts
//! with invented values (written by fixtures/ingest/make_cn_wallet_fixtures.py).

use chrono::FixedOffset;
use rust_decimal::Decimal;
use std::path::{Path, PathBuf};
use std::str::FromStr;
use wallet_audit::ingest::alipay::Alipay;
use wallet_audit::ingest::jd::JdPay;
use wallet_audit::ingest::meituan::MeituanPay;
use wallet_audit::ingest::{Adapter, IngestOptions, Parsed, SourceText, load, sniff};
use wallet_audit::model::{Direction, Kind, Precision, Side, Status, Transaction};

fn opts() -> IngestOptions {
    IngestOptions { zone: FixedOffset::east_opt(8 * 3600).unwrap().into(), zone_given: false, mapping: None }
}

fn path(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/ingest").join(rel)
}

fn fixture(rel: &str) -> SourceText {
    SourceText::from_bytes(rel, &std::fs::read(path(rel)).unwrap())
}

/// Sniffs as the whole registry does, checks the format, parses, and checks that every row is
/// accounted for.
fn read_as(format: &str, src: &SourceText) -> Parsed {
    let o = opts();
    let (adapter, header) = sniff(src, &o).unwrap_or_else(|| panic!("nothing claims {}", src.path));
    assert_eq!(adapter.name(), format, "{}", src.path);
    let parsed = adapter.parse(src, header, &o).unwrap();
    assert_eq!(parsed.rows, parsed.transactions.len() + parsed.rejected.len(), "{}: rows lost", src.path);
    parsed
}

fn d(s: &str) -> Decimal {
    Decimal::from_str(s).unwrap()
}

fn at(parsed: &Parsed, line: usize) -> &Transaction {
    parsed
        .transactions
        .iter()
        .find(|t| t.source.line == line)
        .unwrap_or_else(|| panic!("no transaction on line {line}"))
}

fn lines(parsed: &Parsed) -> Vec<usize> {
    parsed.transactions.iter().map(|t| t.source.line).collect()
}

/// (kind, status, direction, amount, card) of a row: what reconciliation reads.
fn seen(t: &Transaction) -> (Kind, Status, Direction, Decimal, Option<&str>) {
    (t.kind, t.status, t.direction, t.money.amount, t.card_last4.as_deref())
}

fn coverage(parsed: &Parsed) -> (String, String) {
    let c = parsed.declared_coverage.expect("declared coverage");
    (c.from.to_rfc3339(), c.to.to_rfc3339())
}

fn declared(parsed: &Parsed) -> (usize, usize) {
    let d = parsed.declared_rows.expect("declared record count");
    (d.count, d.line)
}

use Direction::{In, Neutral, Out};
use Kind::{Fee, Income, Other, Payment, Refund, TopUp, Transfer, Withdrawal};
use Status::{Cancelled, Failed, Pending, Success};

#[test]
fn every_layout_is_sniffed_as_its_own_format() {
    let cases = [
        ("alipay/alipay-web.csv", "alipay", 4),
        ("alipay/alipay-2022.csv", "alipay", 24),
        ("alipay/alipay-2023.csv", "alipay", 24),
        ("alipay-layouts/web-2019.csv", "alipay", 4),
        ("alipay-layouts/app-2020.csv", "alipay", 1),
        ("alipay-layouts/app-2022.csv", "alipay", 1),
        ("alipay-layouts/app-2025.csv", "alipay", 24),
        ("alipay-layouts/app-2026.csv", "alipay", 23),
        ("alipay-layouts/excel-resave.csv", "alipay", 24),
        ("alipay-layouts/excel-tab.txt", "alipay", 24),
        ("alipay-layouts/excel-unicode.txt", "alipay", 24),
        ("jd/jd-2026-09.csv", "jd-pay", 21),
        ("jd/jd-2022-12.csv", "jd-pay", 21),
        ("jd/reconcile/jd-2026-09.csv", "jd-pay", 21),
        ("meituan/meituan-2025-09.csv", "meituan-pay", 19),
        ("meituan/meituan-2026-01-padded.csv", "meituan-pay", 19),
    ];
    for (rel, format, header) in cases {
        let src = fixture(rel);
        let found = sniff(&src, &opts()).map(|(a, h)| (a.name().to_string(), h));
        assert_eq!(found, Some((format.to_string(), header)), "{rel}");
        let (jd, meituan) = (JdPay.sniff(&src), MeituanPay.sniff(&src));
        match format {
            // A JD bill holds every cell Alipay looks for: Alipay claims the line, JD reads it.
            "jd-pay" => assert_eq!((Alipay.sniff(&src), meituan), (Some(header), None), "{rel}"),
            "meituan-pay" => assert_eq!((Alipay.sniff(&src), jd), (None, None), "{rel}"),
            _ => assert_eq!((jd, meituan), (None, None), "{rel} is claimed by JD or Meituan"),
        }
    }
    assert_eq!((JdPay.name(), JdPay.side()), ("jd-pay", Side::Wallet));
    assert_eq!((MeituanPay.name(), MeituanPay.side()), ("meituan-pay", Side::Wallet));
    assert!(JdPay.specificity() > Alipay.specificity());
}

#[test]
fn alipay_2019_web_export_footer_of_counts_and_totals_is_no_row() {
    let p = read_as("alipay", &fixture("alipay-layouts/web-2019.csv"));
    assert_eq!((p.rows, p.transactions.len(), p.rejected.len()), (5, 5, 0));
    assert_eq!(lines(&p), (6..=10).collect::<Vec<_>>());
    assert_eq!(declared(&p), (5, 12));
    assert_eq!(coverage(&p), ("2019-03-01T00:00:00+08:00".into(), "2019-04-01T00:00:00+08:00".into()));
    assert_eq!(seen(at(&p, 6)), (Payment, Success, Out, d("15.00"), None));
    // Empty 收/支 with 资金状态 资金转移: a top-up (the web export names no funding card).
    assert_eq!(seen(at(&p, 7)), (TopUp, Success, Neutral, d("300.00"), None));
    assert_eq!(seen(at(&p, 8)), (Payment, Cancelled, Out, d("59.00"), None));
    assert_eq!(seen(at(&p, 9)), (Transfer, Success, In, d("200.00"), None));
    assert_eq!(seen(at(&p, 10)), (Withdrawal, Success, Neutral, d("100.00"), Some("4321")));
    assert_eq!(at(&p, 6).reference.as_deref(), Some("2019031022001400000000000101"));
}

#[test]
fn alipay_2020_app_export_reads_its_period_and_count_after_the_rows() {
    let p = read_as("alipay", &fixture("alipay-layouts/app-2020.csv"));
    assert_eq!((p.rows, p.transactions.len(), p.rejected.len()), (4, 4, 0));
    assert_eq!(lines(&p), vec![3, 4, 5, 6]);
    assert_eq!(declared(&p), (4, 14));
    assert_eq!(coverage(&p), ("2020-06-01T00:00:00+08:00".into(), "2020-06-30T23:59:59+08:00".into()));
    // 其他, as 2020 wrote what later became 不计收支: a neutral move, here a top-up from a card.
    assert_eq!(seen(at(&p, 3)), (TopUp, Success, Neutral, d("200.00"), Some("5566")));
    assert_eq!(seen(at(&p, 4)), (Transfer, Success, In, d("66.00"), None));
    assert_eq!(seen(at(&p, 6)), (Payment, Success, Out, d("39.00"), Some("5566")));
    assert_eq!(at(&p, 6).merchant_reference.as_deref(), Some("T2020060300000201"));
}

#[test]
fn alipay_2021_2023_app_export_footer_is_no_row_and_its_count_is_read() {
    let p = read_as("alipay", &fixture("alipay-layouts/app-2022.csv"));
    // 16 rows, then a dash rule, the export details, the counts and totals and nine notes: 21
    // footer lines, none of them a row.
    assert_eq!((p.rows, p.transactions.len(), p.rejected.len()), (16, 16, 0));
    assert_eq!(lines(&p), (3..=18).collect::<Vec<_>>());
    assert_eq!(declared(&p), (16, 26));
    assert_eq!(coverage(&p), ("2022-05-01T00:00:00+08:00".into(), "2022-05-31T23:59:59+08:00".into()));
    let expected = [
        (3, (TopUp, Success, Neutral, "500.00", Some("4321"))),
        (4, (TopUp, Success, Neutral, "300.00", Some("1234"))),
        (5, (Payment, Success, Out, "18.00", None)),
        (6, (Payment, Success, Out, "42.50", Some("4321"))),
        (7, (Payment, Success, Out, "199.00", None)),
        (8, (Refund, Success, Neutral, "12.00", Some("4321"))),
        (9, (Withdrawal, Success, Neutral, "200.00", Some("4321"))),
        (10, (Transfer, Success, In, "88.00", None)),
        (11, (Payment, Cancelled, Out, "39.90", Some("7449"))),
        (12, (TopUp, Failed, Neutral, "100.00", Some("4321"))),
        (13, (TopUp, Pending, Neutral, "50.00", Some("4321"))),
        (14, (Fee, Success, Out, "2.00", None)),
        (15, (Payment, Success, Out, "23.60", Some("5678"))),
        (16, (Income, Success, In, "0.35", None)),
        (17, (Payment, Success, Out, "66.00", Some("1234"))),
        (18, (Other, Success, Neutral, "120.00", Some("4321"))),
    ];
    for (line, (kind, status, direction, amount, card)) in expected {
        assert_eq!(seen(at(&p, line)), (kind, status, direction, d(amount), card), "line {line}");
    }
    let top_up = at(&p, 3);
    assert_eq!(top_up.time.at.to_rfc3339(), "2022-05-20T09:15:30+08:00");
    assert_eq!(top_up.reference.as_deref(), Some("2022052022001400000000000316"));
    assert_eq!(top_up.method.as_deref(), Some("工商银行储蓄卡(4321)"));
}

#[test]
fn alipay_lines_that_fit_no_footer_stay_rows_to_be_rejected() {
    let text = fixture("alipay-layouts/app-2022.csv").text;
    let mut lines: Vec<&str> = text.lines().collect();
    // A note-like line among the rows (the footer has not begun) and a stray line in the footer.
    lines.insert(10, "1.备忘");
    lines.insert(25, "随手写的一行,没有日期,也不是页脚");
    let edited = lines.join("\n") + "\n";
    let p = read_as("alipay", &SourceText::from_bytes("edited.csv", edited.as_bytes()));
    assert_eq!((p.rows, p.transactions.len(), p.rejected.len()), (18, 16, 2));
    let rejected: Vec<usize> = p.rejected.iter().map(|r| r.source.line).collect();
    assert_eq!(rejected, vec![11, 26]);
    assert_eq!(declared(&p), (16, 28));
}

#[test]
fn alipay_2025_separator_and_the_later_export_with_a_line_fewer() {
    let p = read_as("alipay", &fixture("alipay-layouts/app-2025.csv"));
    assert_eq!((p.rows, p.transactions.len(), p.rejected.len()), (5, 5, 0));
    assert_eq!(lines(&p), (26..=30).collect::<Vec<_>>());
    assert_eq!(declared(&p), (5, 8));
    assert_eq!(coverage(&p), ("2025-08-01T00:00:00+08:00".into(), "2025-08-31T23:59:59+08:00".into()));
    assert_eq!(seen(at(&p, 26)), (TopUp, Success, Neutral, d("500.00"), Some("4321")));
    // `工商银行储蓄卡(4321)&碰一下立减`: the card, with a discount named after it.
    assert_eq!(seen(at(&p, 27)), (Payment, Success, Out, d("28.00"), Some("4321")));
    assert_eq!(seen(at(&p, 28)), (Refund, Success, Neutral, d("9.90"), Some("4321")));
    assert_eq!(seen(at(&p, 30)), (TopUp, Failed, Neutral, d("100.00"), Some("4321")));

    let later = read_as("alipay", &fixture("alipay-layouts/app-2026.csv"));
    assert_eq!((later.rows, later.transactions.len(), later.rejected.len()), (3, 3, 0));
    assert_eq!(lines(&later), vec![25, 26, 27]);
    assert_eq!(declared(&later), (3, 7));
    assert_eq!(coverage(&later).1, "2026-02-28T23:59:59+08:00");
    assert_eq!(seen(at(&later, 25)), (TopUp, Success, Neutral, d("300.00"), Some("1234")));
}

#[test]
fn alipay_spreadsheet_resaves_read_the_same_with_minute_times() {
    let resaves =
        ["alipay-layouts/excel-resave.csv", "alipay-layouts/excel-tab.txt", "alipay-layouts/excel-unicode.txt"];
    let encodings = ["GB18030", "GB18030", "UTF-16LE"];
    let mut read = Vec::new();
    for (rel, encoding) in resaves.into_iter().zip(encodings) {
        let src = fixture(rel);
        assert_eq!(src.encoding, encoding, "{rel}");
        let p = read_as("alipay", &src);
        // The separator line a re-save leaves after the rows is no row either.
        assert_eq!((p.rows, p.transactions.len(), p.rejected.len()), (5, 5, 0), "{rel}");
        assert_eq!(lines(&p), (26..=30).collect::<Vec<_>>(), "{rel}");
        assert_eq!(declared(&p), (5, 8), "{rel}");
        assert_eq!(coverage(&p), ("2026-09-01T00:00:00+08:00".into(), "2026-09-30T23:59:59+08:00".into()));
        read.push(p);
    }
    let p = &read[0];
    let top_up = at(p, 26);
    // `2026/9/3 9:05`: the seconds are gone, so the time stands for the whole minute.
    assert_eq!(
        (top_up.time.at.to_rfc3339(), top_up.time.precision),
        ("2026-09-03T09:05:00+08:00".into(), Precision::Minute)
    );
    assert_eq!(top_up.time.latest().to_rfc3339(), "2026-09-03T09:05:59+08:00");
    assert_eq!(seen(top_up), (TopUp, Success, Neutral, d("500"), Some("4321")));
    // `2.02609E+27` is what is left of a 28-digit reference: no reference, so the two rows that
    // share it are not taken for one.
    assert_eq!((top_up.reference.as_deref(), at(p, 27).reference.as_deref()), (None, None));
    assert_eq!(at(p, 27).merchant_reference.as_deref(), Some("T2026090500000502"));
    assert_eq!(at(p, 27).description.as_deref(), Some("蓝牙耳机,黑色"), "a quoted comma stays in its cell");
    assert_eq!(at(p, 28).description.as_deref(), Some("亲情卡(李华(李小华))"));
    assert_eq!(at(p, 28).reference.as_deref(), Some("2026090822001400000000000503"));
    assert_eq!(seen(at(p, 29)), (TopUp, Failed, Neutral, d("100"), Some("4321")));
    let prints = |p: &Parsed| p.transactions.iter().map(|t| (t.source.line, t.fingerprint())).collect::<Vec<_>>();
    assert_eq!(prints(&read[0]), prints(&read[1]));
    assert_eq!(prints(&read[0]), prints(&read[2]));
}

#[test]
fn jd_export_kinds_statuses_amounts_and_cards() {
    let src = fixture("jd/jd-2026-09.csv");
    assert_eq!(src.encoding, "UTF-8");
    let p = read_as("jd-pay", &src);
    assert_eq!(p.account, "jd-pay");
    assert_eq!((p.rows, p.transactions.len(), p.rejected.len()), (14, 14, 0));
    assert_eq!(lines(&p), (23..=36).collect::<Vec<_>>());
    assert_eq!(declared(&p), (14, 7), "共：14笔记录");
    assert_eq!(coverage(&p), ("2026-09-01T00:00:00+08:00".into(), "2026-09-30T23:59:59+08:00".into()), "日期区间");
    assert!(p.transactions.iter().all(|t| t.provider.as_deref() == Some("jd-pay") && t.money.currency == "CNY"));
    let expected = [
        (23, (Payment, Success, Out, "59.90", Some("4321"))),
        (24, (TopUp, Success, Neutral, "200.00", Some("4321"))),
        (25, (Refund, Success, Neutral, "89.00", Some("1234"))),
        // `129.00(已退款89.00)`: charged 129.00; the 89.00 refund is line 25.
        (26, (Payment, Success, Out, "129.00", Some("1234"))),
        (27, (Refund, Success, Neutral, "168.00", Some("1234"))),
        // `168.00(已全额退款)` under 不计收支: paid, then refunded in full (line 27).
        (28, (Payment, Success, Neutral, "168.00", Some("1234"))),
        (29, (Payment, Success, Out, "12.00", None)),
        // 京东小金库-转入 from a card is a top-up.
        (30, (TopUp, Success, Neutral, "500.00", Some("5678"))),
        (31, (Income, Success, In, "0.05", None)),
        (32, (Payment, Failed, Out, "45.00", Some("4321"))),
        (33, (Payment, Cancelled, Out, "19.90", None)),
        // 白条主动还款 from a card: matched with its debit like a payment.
        (34, (Transfer, Success, Neutral, "300.00", Some("4321"))),
        (35, (Withdrawal, Success, Neutral, "100.00", Some("4321"))),
        (36, (TopUp, Failed, Neutral, "300.00", Some("4321"))),
    ];
    for (line, (kind, status, direction, amount, card)) in expected {
        assert_eq!(seen(at(&p, line)), (kind, status, direction, d(amount), card), "line {line}");
    }
    let top_up = at(&p, 24);
    assert_eq!(top_up.time.at.to_rfc3339(), "2026-09-27T10:00:05+08:00");
    assert_eq!(
        (top_up.reference.as_deref(), top_up.merchant_reference.as_deref()),
        (Some("202609000000013"), Some("1000000000000013"))
    );
    assert_eq!(
        (top_up.counterparty.as_deref(), top_up.description.as_deref()),
        (Some("京东支付"), Some("京东钱包余额充值"))
    );
}

#[test]
fn jd_older_export_with_bom_and_the_older_column_order() {
    let src = fixture("jd/jd-2022-12.csv");
    let p = read_as("jd-pay", &src);
    assert_eq!((p.rows, p.transactions.len(), p.rejected.len()), (3, 3, 0));
    assert_eq!(lines(&p), vec![23, 24, 25]);
    assert_eq!(declared(&p), (3, 6));
    assert_eq!(coverage(&p), ("2022-12-01T00:00:00+08:00".into(), "2022-12-31T23:59:59+08:00".into()));
    assert_eq!(seen(at(&p, 23)), (Payment, Success, Out, d("45.80"), None));
    assert_eq!(seen(at(&p, 24)), (TopUp, Success, Neutral, d("1000.00"), Some("2468")));
    assert_eq!(seen(at(&p, 25)), (Refund, Success, In, d("59.00"), Some("2468")));
}

#[test]
fn jd_amounts_with_unknown_notes_are_rejected_and_counts_in_other_words_read() {
    let header = "交易时间,商户名称,交易说明,金额,收/付款方式,交易状态,收/支,交易分类,交易订单号,商家订单号,备注";
    let text = format!(
        "导出信息：\n共 3 条记录\n{header}\n\
         2026-09-01 10:00:00\t,京东平台商户,纸巾,10.00(已退款),余额,交易成功,支出,日用百货,1\t,2\t, ,\n\
         2026-09-02 10:00:00\t,京东平台商户,纸巾,10.00(已退款1.00),余额,交易成功,支出,日用百货,3\t,4\t, ,\n\
         2026-09-03 10:00:00\t,京东平台商户,纸巾,-10.00,余额,交易成功,支出,日用百货,5\t,6\t, ,\n"
    );
    let p = read_as("jd-pay", &SourceText::from_bytes("jd.csv", text.as_bytes()));
    assert_eq!((p.rows, p.transactions.len(), p.rejected.len()), (3, 1, 2));
    assert_eq!(declared(&p), (3, 2));
    assert_eq!(seen(at(&p, 5)), (Payment, Success, Out, d("10.00"), None));
    assert_eq!(
        p.rejected[0].reason,
        "amount \"10.00(已退款)\" is not an amount (JD writes `10.00`, `10.00(已退款1.00)` or `10.00(已全额退款)`)"
    );
    assert_eq!(p.rejected[0].source.line, 4);
    assert!(p.rejected[1].reason.contains("negative"), "{}", p.rejected[1].reason);
}

#[test]
fn meituan_export_pays_what_was_charged_and_recognises_failures() {
    let src = fixture("meituan/meituan-2025-09.csv");
    assert_eq!(src.encoding, "UTF-8");
    let p = read_as("meituan-pay", &src);
    assert_eq!(p.account, "meituan-pay");
    assert_eq!((p.rows, p.transactions.len(), p.rejected.len()), (7, 7, 0));
    assert_eq!(lines(&p), (21..=27).collect::<Vec<_>>());
    assert_eq!(declared(&p), (7, 7), "共：7笔记录");
    assert_eq!(coverage(&p), ("2025-09-01T00:00:00+08:00".into(), "2025-09-30T23:59:59+08:00".into()));
    let expected = [
        // 订单金额 ¥100.00, 实付金额 ¥98.50: the card paid 98.50.
        (21, (Payment, Success, Out, "98.50", Some("5566"))),
        (22, (Payment, Success, Out, "18.20", None)),
        (23, (Refund, Success, In, "20.00", Some("5566"))),
        (24, (Payment, Success, Out, "20.00", Some("5566"))),
        // A 美团月付 repayment from a debit card.
        (25, (Transfer, Success, Out, "120.00", Some("7788"))),
        (26, (Payment, Success, Out, "25.00", None)),
        // No 交易成功时间: it never went through.
        (27, (Payment, Failed, Out, "139.00", None)),
    ];
    for (line, (kind, status, direction, amount, card)) in expected {
        assert_eq!(seen(at(&p, line)), (kind, status, direction, d(amount), card), "line {line}");
    }
    let paid = at(&p, 21);
    assert_eq!(paid.time.at.to_rfc3339(), "2025-09-28T18:00:06+08:00", "the success time");
    assert_eq!(at(&p, 27).time.at.to_rfc3339(), "2025-09-05T19:30:00+08:00", "the creation time");
    assert_eq!(
        (paid.reference.as_deref(), paid.merchant_reference.as_deref(), paid.description.as_deref()),
        (Some("2509281110040167000001"), Some("1KUHE0000001"), Some("川菜馆100元代金券"))
    );
    assert_eq!(at(&p, 27).method.as_deref(), Some("招商银行信用卡()"));
}

#[test]
fn meituan_export_with_padded_preamble_and_minute_times() {
    let p = read_as("meituan-pay", &fixture("meituan/meituan-2026-01-padded.csv"));
    assert_eq!((p.rows, p.transactions.len(), p.rejected.len()), (2, 2, 0));
    assert_eq!(declared(&p), (2, 7));
    assert_eq!(coverage(&p).1, "2026-01-31T23:59:59+08:00");
    let t = at(&p, 21);
    assert_eq!((t.time.at.to_rfc3339(), t.time.precision), ("2026-01-15T10:01:00+08:00".into(), Precision::Minute));
    assert_eq!(seen(t), (Payment, Success, Out, d("9.90"), Some("5566")));
    assert_eq!(seen(at(&p, 22)), (Payment, Success, Out, d("188.00"), None));
}

/// Writes `parts` into one file and loads it as `check` would.
fn load_joined(parts: &[&str]) -> wallet_audit::ingest::Ingested {
    let dir = tempfile::tempdir().unwrap();
    let joined: Vec<u8> = parts.iter().flat_map(|rel| std::fs::read(path(rel)).unwrap()).collect();
    let file = dir.path().join("joined.csv");
    std::fs::write(&file, joined).unwrap();
    load(&[file], &opts()).unwrap()
}

#[test]
fn concatenated_exports_are_read_export_by_export() {
    // Two 2021–2023 app exports: the second starts at its separator, after the first's footer.
    let alipay = load_joined(&["alipay-layouts/app-2022.csv", "alipay-layouts/app-2022.csv"]);
    let counts: Vec<_> = alipay
        .inputs
        .iter()
        .map(|i| (i.format.as_str(), i.part, i.rows, i.rejected, i.declared_rows.map(|d| (d.count, d.line))))
        .collect();
    assert_eq!(counts, vec![("alipay", Some(1), 16, 0, Some((16, 26))), ("alipay", Some(2), 16, 0, Some((16, 65)))]);
    // A JD bill and a Meituan bill (with its BOM) pasted together: each under its own title.
    let mixed = load_joined(&["jd/jd-2026-09.csv", "meituan/meituan-2025-09.csv"]);
    let counts: Vec<_> = mixed
        .inputs
        .iter()
        .map(|i| (i.format.as_str(), i.rows, i.rejected, i.declared_rows.map(|d| (d.count, d.line))))
        .collect();
    assert_eq!(counts, vec![("jd-pay", 14, 0, Some((14, 7))), ("meituan-pay", 7, 0, Some((7, 43)))]);
    let meituan = mixed.inputs.iter().find(|i| i.format == "meituan-pay").and_then(|i| i.coverage).unwrap();
    assert_eq!(meituan.from.to_rfc3339(), "2025-09-01T00:00:00+08:00");
}

#[test]
fn truncated_or_garbled_files_never_panic_and_lose_no_row() {
    let names = ["alipay-layouts/app-2022.csv", "jd/jd-2026-09.csv", "meituan/meituan-2025-09.csv"];
    let adapters: [&dyn Adapter; 3] = [&Alipay, &JdPay, &MeituanPay];
    for rel in names {
        let text = fixture(rel).text;
        let cuts: Vec<usize> = text.char_indices().map(|(i, _)| i).step_by(13).collect();
        for cut in cuts {
            for variant in [text[..cut].to_string(), text[..cut].replace(',', ",,"), text[cut..].to_string()] {
                let src = SourceText::from_bytes(rel, variant.as_bytes());
                for adapter in adapters {
                    if let Some(header) = adapter.sniff(&src)
                        && let Ok(p) = adapter.parse(&src, header, &opts())
                    {
                        assert_eq!(p.rows, p.transactions.len() + p.rejected.len(), "{rel} cut at {cut}");
                    }
                }
            }
        }
    }
}

mod cli {
    use assert_cmd::Command;
    use serde_json::Value;
    use std::path::Path;

    fn check(dir: &Path) -> Value {
        let out = Command::cargo_bin("wallet-audit")
            .unwrap()
            .env_remove("COLUMNS")
            .arg("check")
            .arg(dir)
            .args(["--format", "json", "--exit-zero"])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
        serde_json::from_slice(&out.stdout).unwrap()
    }

    fn codes(report: &Value) -> Vec<String> {
        report["findings"].as_array().unwrap().iter().map(|f| f["code"].as_str().unwrap().to_string()).collect()
    }

    fn finding<'a>(report: &'a Value, code: &str) -> &'a Value {
        report["findings"].as_array().unwrap().iter().find(|f| f["code"] == code).unwrap_or_else(|| panic!("no {code}"))
    }

    /// A finding's evidence as (file name, line).
    fn evidence(f: &Value) -> Vec<(String, u64)> {
        f["evidence"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| (e["path"].as_str().unwrap().rsplit('/').next().unwrap().to_string(), e["line"].as_u64().unwrap()))
            .collect()
    }

    const DIR: &str = "tests/fixtures/ingest/jd/reconcile";

    /// Copies the pair into a temporary folder, dropping the lines that contain `drop` from `file`.
    fn edited(file: &str, drop: &str) -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        for name in ["jd-2026-09.csv", "icbc-4321-2026-09.csv"] {
            let text = std::fs::read_to_string(Path::new(DIR).join(name)).unwrap();
            let kept: String = text.split_inclusive('\n').filter(|l| name != file || !l.contains(drop)).collect();
            std::fs::write(dir.path().join(name), kept).unwrap();
        }
        dir
    }

    #[test]
    fn a_jd_top_up_and_card_payment_are_reconciled_with_the_bank_statement() {
        let r = check(Path::new(DIR));
        let inputs: Vec<(&str, &str, u64, u64)> = r["inputs"]
            .as_array()
            .unwrap()
            .iter()
            .map(|i| {
                let (format, account) = (i["format"].as_str().unwrap(), i["account"].as_str().unwrap());
                (format, account, i["rows"].as_u64().unwrap(), i["rejected"].as_u64().unwrap())
            })
            .collect();
        assert_eq!(inputs, vec![("icbc-debit", "icbc:4321", 4, 0), ("jd-pay", "jd-pay", 3, 0)]);
        assert_eq!(r["summary"]["top_ups"]["attempted"], 1);
        assert_eq!(r["summary"]["top_ups"]["succeeded"], 1);
        assert_eq!(r["summary"]["unchecked"]["top_ups_without_statement"], 0);
        // The 200.00 top-up and the 59.90 card payment each found their 网银在线 debit.
        assert_eq!(codes(&r), Vec::<String>::new());
    }

    #[test]
    fn without_its_debit_the_jd_top_up_is_flagged() {
        let dir = edited("icbc-4321-2026-09.csv", "余额充值");
        let r = check(dir.path());
        let r004 = finding(&r, "R004");
        assert_eq!(evidence(r004), vec![("jd-2026-09.csv".to_string(), 25)]);
        assert_eq!(r004["amount"], "200.00");
    }

    #[test]
    fn a_bank_debit_to_jd_pay_without_its_top_up_is_an_orphan() {
        // The JD export still covers September, so the debit has nothing to explain it.
        let dir = edited("jd-2026-09.csv", "余额充值");
        let r = check(dir.path());
        let r003 = finding(&r, "R003");
        assert_eq!(evidence(r003), vec![("icbc-4321-2026-09.csv".to_string(), 10)]);
        let message = r003["message"].as_str().unwrap();
        assert!(message.contains("went to JD Pay") && message.contains("in the JD Pay statement"), "{message}");
        assert!(codes(&r).contains(&"D005".to_string()), "the export states 3 records and holds 2");
    }

    #[test]
    fn the_2021_2023_alipay_footer_raises_no_finding_and_a_missing_row_does() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("alipay.csv");
        std::fs::copy("tests/fixtures/ingest/alipay-layouts/app-2022.csv", &file).unwrap();
        let r = check(dir.path());
        let input = &r["inputs"][0];
        assert_eq!((input["rows"].as_u64(), input["rejected"].as_u64()), (Some(16), Some(0)));
        assert_eq!(input["declared_rows"]["count"], 16);
        assert!(!codes(&r).iter().any(|c| c == "D001" || c == "D005"), "{:?}", codes(&r));
        // The same export with one row deleted says it is incomplete.
        let bytes = std::fs::read(&file).unwrap();
        let mut lines: Vec<&[u8]> = bytes.split_inclusive(|b| *b == b'\n').collect();
        lines.remove(6);
        std::fs::write(&file, lines.concat()).unwrap();
        let r = check(dir.path());
        assert_eq!(evidence(finding(&r, "D005")), vec![("alipay.csv".to_string(), 25)]);
    }
}
