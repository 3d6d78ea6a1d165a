//! Wallet adapters (Alipay, WeChat Pay) on fixtures in the real byte layouts with invented
//! values, plus the reference exports in ../shared/formats when they are present.

use chrono::FixedOffset;
use rust_decimal::Decimal;
use std::path::{Path, PathBuf};
use std::str::FromStr;
use wallet_audit::ingest::alipay::Alipay;
use wallet_audit::ingest::wechat::WeChat;
use wallet_audit::ingest::{Adapter, IngestOptions, Parsed, SourceText, sniff};
use wallet_audit::model::{Direction, Kind, Side, Status, Transaction};

fn opts() -> IngestOptions {
    IngestOptions { zone: FixedOffset::east_opt(8 * 3600).unwrap().into(), zone_given: false, mapping: None }
}

fn fixture(rel: &str) -> SourceText {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/ingest").join(rel);
    SourceText::from_bytes(rel, &std::fs::read(&path).unwrap())
}

/// Sniffs with `adapter`, parses, and checks that every row is accounted for.
fn read_with(adapter: &dyn Adapter, src: &SourceText) -> Parsed {
    let header = adapter.sniff(src).unwrap_or_else(|| panic!("{} does not claim {}", adapter.name(), src.path));
    let parsed = adapter.parse(src, header, &opts()).unwrap();
    assert_eq!(parsed.rows, parsed.transactions.len() + parsed.rejected.len(), "{}: rows lost", src.path);
    parsed
}

fn d(s: &str) -> Decimal {
    Decimal::from_str(s).unwrap()
}

fn total(parsed: &Parsed, direction: Direction) -> Decimal {
    parsed.transactions.iter().filter(|t| t.direction == direction).map(|t| t.money.amount).sum()
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

fn rejected_lines(parsed: &Parsed) -> Vec<usize> {
    parsed.rejected.iter().map(|r| r.source.line).collect()
}

fn coverage(parsed: &Parsed) -> (String, String) {
    let c = parsed.declared_coverage.expect("declared coverage");
    (c.from.to_rfc3339(), c.to.to_rfc3339())
}

#[test]
fn alipay_2023_app_export_reads_every_row() {
    let src = fixture("alipay/alipay-2023.csv");
    assert_eq!(src.encoding, "GB18030");
    assert_eq!(Alipay.sniff(&src), Some(24));
    assert_eq!((Alipay.name(), Alipay.side()), ("alipay", Side::Wallet));
    let p = read_with(&Alipay, &src);
    assert_eq!(p.account, "alipay");
    assert_eq!((p.rows, p.transactions.len(), p.rejected.len()), (11, 11, 0));
    assert_eq!(lines(&p), (26..=36).collect::<Vec<_>>());
    assert_eq!(total(&p, Direction::Out), d("269.40"));
    assert_eq!(total(&p, Direction::In), d("1000.00"));
    assert_eq!(total(&p, Direction::Neutral), d("1165.80"));
    assert_eq!(coverage(&p), ("2026-03-01T00:00:00+08:00".into(), "2026-03-31T23:59:59+08:00".into()));
    assert!(p.transactions.iter().all(|t| t.money.currency == "CNY" && t.provider.as_deref() == Some("alipay")));
}

#[test]
fn alipay_kinds_statuses_and_cards() {
    let p = read_with(&Alipay, &fixture("alipay/alipay-2023.csv"));
    let top_up = at(&p, 26);
    assert_eq!((top_up.kind, top_up.status, top_up.direction), (Kind::TopUp, Status::Success, Direction::Neutral));
    assert_eq!(top_up.card_last4.as_deref(), Some("1234"));
    assert_eq!(top_up.method.as_deref(), Some("招商银行储蓄卡(1234)"));
    assert_eq!(top_up.time.at.to_rfc3339(), "2026-03-04T21:13:05+08:00");
    assert_eq!(top_up.reference.as_deref(), Some("2026030422001400000000000001"));
    assert_eq!(top_up.merchant_reference, None);
    assert_eq!(top_up.money.amount, d("500.00"));
    // 余额宝 funded straight from a card is a top-up too.
    assert_eq!((at(&p, 27).kind, at(&p, 27).card_last4.as_deref()), (Kind::TopUp, Some("9876")));
    assert_eq!(at(&p, 28).kind, Kind::Payment);
    assert_eq!(at(&p, 28).merchant_reference.as_deref(), Some("T2026030600000003"));
    assert_eq!((at(&p, 29).kind, at(&p, 29).status), (Kind::Refund, Status::Success));
    // A withdrawal names its card in the counterparty, not the method (余额).
    assert_eq!((at(&p, 30).kind, at(&p, 30).card_last4.as_deref()), (Kind::Withdrawal, Some("1234")));
    assert_eq!((at(&p, 31).kind, at(&p, 31).direction), (Kind::Transfer, Direction::In));
    assert_eq!((at(&p, 32).kind, at(&p, 32).status), (Kind::Payment, Status::Cancelled));
    assert_eq!(
        (at(&p, 33).kind, at(&p, 33).status, at(&p, 33).card_last4.as_deref()),
        (Kind::TopUp, Status::Failed, Some("9876"))
    );
    // 等待确认收货: paid into escrow, the money has left the buyer.
    assert_eq!((at(&p, 34).kind, at(&p, 34).status), (Kind::Payment, Status::Success));
    assert_eq!(at(&p, 35).kind, Kind::Fee);
    assert_eq!((at(&p, 36).kind, at(&p, 36).status), (Kind::TopUp, Status::Pending));
}

#[test]
fn alipay_2021_layout_starting_with_direction() {
    let src = fixture("alipay/alipay-2022.csv");
    let p = read_with(&Alipay, &src);
    assert_eq!((p.rows, p.transactions.len(), p.rejected.len()), (3, 3, 0));
    assert_eq!(lines(&p), vec![26, 27, 28]);
    assert_eq!((at(&p, 26).kind, at(&p, 26).card_last4.as_deref()), (Kind::TopUp, Some("1234")));
    assert_eq!(at(&p, 26).time.at.to_rfc3339(), "2022-05-10T08:00:00+08:00");
    assert_eq!((at(&p, 27).kind, at(&p, 27).money.amount), (Kind::Payment, d("6.50")));
    assert_eq!((at(&p, 28).kind, at(&p, 28).direction), (Kind::Transfer, Direction::In));
    assert_eq!(coverage(&p).0, "2022-05-01T00:00:00+08:00");
}

#[test]
fn alipay_old_web_export_leaves_its_footer_out() {
    let p = read_with(&Alipay, &fixture("alipay/alipay-web.csv"));
    assert_eq!((p.rows, p.transactions.len(), p.rejected.len()), (3, 3, 0));
    assert_eq!(lines(&p), vec![6, 7, 8]);
    let paid = at(&p, 6);
    assert_eq!((paid.kind, paid.direction, paid.money.amount), (Kind::Payment, Direction::Out, d("12.00")));
    assert_eq!(paid.time.at.to_rfc3339(), "2019-01-29T20:05:57+08:00", "payment time preferred");
    assert_eq!(paid.merchant_reference.as_deref(), Some("T200P0000000000001"));
    // Empty 收/支 with 资金状态 资金转移: a neutral move, here a top-up.
    assert_eq!((at(&p, 7).kind, at(&p, 7).direction), (Kind::TopUp, Direction::Neutral));
    // Never paid: no 付款时间, so the creation time is used.
    let closed = at(&p, 8);
    assert_eq!((closed.status, closed.time.at.to_rfc3339()), (Status::Cancelled, "2019-01-31T10:00:00+08:00".into()));
    assert_eq!(coverage(&p), ("2019-01-01T00:00:00+08:00".into(), "2019-02-01T00:00:00+08:00".into()));
}

#[test]
fn alipay_malformed_rows_are_rejected_with_line_and_reason() {
    let p = read_with(&Alipay, &fixture("alipay/alipay-malformed.csv"));
    assert_eq!((p.rows, p.transactions.len(), p.rejected.len()), (5, 2, 3));
    assert_eq!(lines(&p), vec![26, 31], "the blank line 28 is not a row but still counts as a line");
    assert_eq!(rejected_lines(&p), vec![27, 29, 30]);
    assert_eq!(p.rejected[0].reason, "amount \"abc\" is not an amount");
    assert_eq!(p.rejected[1].reason, "time \"2026-13-45 10:00:00\" is not a date and time");
    assert!(p.rejected[2].reason.contains("3 cells"), "{}", p.rejected[2].reason);
    assert!(p.rejected.iter().all(|r| &*r.source.path == "alipay/alipay-malformed.csv" && !r.raw.is_empty()));
}

#[test]
fn wechat_export_with_bom_and_crlf() {
    let src = fixture("wechat/wechat-bom-crlf.csv");
    assert_eq!(src.encoding, "UTF-8");
    assert_eq!(WeChat.sniff(&src), Some(16));
    assert_eq!((WeChat.name(), WeChat.side()), ("wechat", Side::Wallet));
    let p = read_with(&WeChat, &src);
    assert_eq!(p.account, "wechat");
    assert_eq!((p.rows, p.transactions.len(), p.rejected.len()), (12, 12, 0));
    assert_eq!(lines(&p), (18..=29).collect::<Vec<_>>());
    assert_eq!(total(&p, Direction::Out), d("193.30"));
    assert_eq!(total(&p, Direction::In), d("1103.80"));
    assert_eq!(total(&p, Direction::Neutral), d("4100.00"));
    assert_eq!(coverage(&p), ("2026-03-01T00:00:00+08:00".into(), "2026-03-31T23:59:59+08:00".into()));
    assert!(p.transactions.iter().all(|t| t.provider.as_deref() == Some("wechat")));
}

#[test]
fn wechat_plain_export_with_eight_comma_preamble_reads_the_same() {
    let with_bom = read_with(&WeChat, &fixture("wechat/wechat-bom-crlf.csv"));
    let plain = read_with(&WeChat, &fixture("wechat/wechat-plain.csv"));
    let prints = |p: &Parsed| p.transactions.iter().map(|t| (t.source.line, t.fingerprint())).collect::<Vec<_>>();
    assert_eq!(prints(&with_bom), prints(&plain));
    assert_eq!(with_bom.declared_coverage, plain.declared_coverage);
}

#[test]
fn wechat_kinds_statuses_and_cards() {
    let p = read_with(&WeChat, &fixture("wechat/wechat-bom-crlf.csv"));
    let top_up = at(&p, 18);
    assert_eq!((top_up.kind, top_up.status, top_up.direction), (Kind::TopUp, Status::Success, Direction::Neutral));
    assert_eq!((top_up.card_last4.as_deref(), top_up.money.amount), (Some("9876"), d("1000.00")));
    assert_eq!(top_up.reference.as_deref(), Some("100000000000000000000000000001"));
    assert_eq!((top_up.merchant_reference.as_deref(), top_up.description.as_deref()), (None, None));
    // 转入零钱通-来自招商银行(1234): the method (招商银行) lacks the card, the type has it.
    assert_eq!((at(&p, 19).kind, at(&p, 19).card_last4.as_deref()), (Kind::TopUp, Some("1234")));
    let paid = at(&p, 20);
    assert_eq!((paid.kind, paid.money.amount, paid.method.as_deref()), (Kind::Payment, d("28.50"), Some("零钱")));
    assert_eq!(
        (paid.reference.as_deref(), paid.merchant_reference.as_deref()),
        (Some("100000000000000000000000000003"), Some("200000000003"))
    );
    assert_eq!(
        (at(&p, 21).kind, at(&p, 21).status, at(&p, 21).method.as_deref()),
        (Kind::Refund, Status::Success, None)
    );
    assert_eq!((at(&p, 22).kind, at(&p, 22).card_last4.as_deref()), (Kind::Withdrawal, Some("1234")));
    assert_eq!((at(&p, 23).kind, at(&p, 23).card_last4.as_deref()), (Kind::Withdrawal, Some("9876")));
    assert_eq!((at(&p, 24).kind, at(&p, 24).money.amount), (Kind::Transfer, d("1000.00")));
    assert_eq!(at(&p, 25).kind, Kind::Transfer);
    assert_eq!((at(&p, 26).kind, at(&p, 26).card_last4.as_deref()), (Kind::Payment, Some("5678")));
    assert_eq!((at(&p, 27).kind, at(&p, 27).status), (Kind::TopUp, Status::Failed));
    assert_eq!((at(&p, 28).kind, at(&p, 28).status), (Kind::Payment, Status::Cancelled));
    assert_eq!((at(&p, 29).kind, at(&p, 29).status), (Kind::Withdrawal, Status::Pending));
}

#[test]
fn wechat_malformed_rows_are_rejected_with_line_and_reason() {
    let p = read_with(&WeChat, &fixture("wechat/wechat-malformed.csv"));
    assert_eq!((p.rows, p.transactions.len(), p.rejected.len()), (7, 3, 4), "blank and dash lines are not rows");
    assert_eq!(lines(&p), vec![18, 23, 24]);
    assert_eq!(rejected_lines(&p), vec![19, 21, 22, 25]);
    assert_eq!(p.rejected[0].reason, "amount \"¥abc\" is not an amount");
    assert_eq!(p.rejected[1].reason, "time \"yesterday\" is not a date and time");
    assert!(p.rejected[2].reason.contains("3 cells"), "{}", p.rejected[2].reason);
    assert!(p.rejected[3].reason.contains("12 cells, the header has 11"), "{}", p.rejected[3].reason);
    // A status nobody knows keeps the row, as a success.
    assert_eq!(
        (at(&p, 24).status, at(&p, 24).kind, at(&p, 24).money.amount),
        (Status::Success, Kind::Payment, d("6.60"))
    );
}

#[test]
fn sniffers_claim_only_their_own_format() {
    let alipay =
        ["alipay/alipay-2023.csv", "alipay/alipay-2022.csv", "alipay/alipay-web.csv", "alipay/alipay-malformed.csv"];
    let wechat = ["wechat/wechat-bom-crlf.csv", "wechat/wechat-plain.csv", "wechat/wechat-malformed.csv"];
    for rel in alipay {
        let src = fixture(rel);
        assert_eq!(WeChat.sniff(&src), None, "wechat claims {rel}");
        assert_eq!(sniff(&src, &opts()).map(|(a, _)| a.name()), Some("alipay"), "{rel}");
    }
    for rel in wechat {
        let src = fixture(rel);
        assert_eq!(Alipay.sniff(&src), None, "alipay claims {rel}");
        assert_eq!(sniff(&src, &opts()).map(|(a, _)| a.name()), Some("wechat"), "{rel}");
    }
    let others = [
        "time,amount,status,wallet\n2026-03-04 21:13:05,500.00,failed,alipay\n",
        "卡号: 1234****9876\n\n交易日期,摘要,交易详情,交易场所,交易金额(收入),交易金额(支出),余额,对方户名\n",
        "交易时间,金额,备注\n2026-03-04 21:13:05,500.00,x\n",
    ];
    for text in others {
        let src = SourceText::from_bytes("other.csv", text.as_bytes());
        assert_eq!((Alipay.sniff(&src), WeChat.sniff(&src)), (None, None), "{text}");
    }
}

#[test]
fn truncated_or_garbled_files_never_panic_and_lose_no_row() {
    let names = [
        "alipay/alipay-2023.csv",
        "alipay/alipay-web.csv",
        "wechat/wechat-bom-crlf.csv",
        "wechat/wechat-malformed.csv",
    ];
    for rel in names {
        let text = fixture(rel).text;
        let cuts: Vec<usize> = text.char_indices().map(|(i, _)| i).step_by(11).collect();
        for cut in cuts {
            for variant in [text[..cut].to_string(), text[..cut].replace(',', ",,"), text[cut..].to_string()] {
                let src = SourceText::from_bytes(rel, variant.as_bytes());
                for adapter in [&Alipay as &dyn Adapter, &WeChat] {
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

/// The reference exports, when this checkout sits next to them: every row must be accounted for.
#[test]
fn reference_exports_are_fully_accounted_for() {
    let dir: PathBuf = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/formats");
    let cases: [(&str, &dyn Adapter, usize); 2] =
        [("alipay-v3.sample.csv", &Alipay, 10), ("wechat-csv.sample.csv", &WeChat, 27)];
    for (name, adapter, rows) in cases {
        let Ok(bytes) = std::fs::read(dir.join(name)) else {
            eprintln!("skipping {name}: reference exports not present");
            return;
        };
        let src = SourceText::from_bytes(name, &bytes);
        assert_eq!(sniff(&src, &opts()).map(|(a, _)| a.name()), Some(adapter.name()), "{name}");
        let p = read_with(adapter, &src);
        assert_eq!(p.rows, rows, "{name}");
        assert_eq!(p.transactions.len() + p.rejected.len(), rows, "{name}");
        assert!(p.declared_coverage.is_some(), "{name}");
        if adapter.name() == "wechat" {
            // 零钱充值 and 转入零钱通-来自工商银行(9876) are top-ups from that card.
            let top_ups: Vec<_> = p.transactions.iter().filter(|t| t.kind == Kind::TopUp).collect();
            assert_eq!(top_ups.len(), 2);
            assert!(top_ups.iter().all(|t| t.card_last4.as_deref() == Some("9876")));
            assert_eq!(p.transactions.iter().filter(|t| t.kind == Kind::Withdrawal).count(), 4);
        }
    }
}

/// The 2025 export renamed the separator line and a later one dropped a preamble line; the
/// header is found by its columns, so both read the same as the 2023 layout.
#[test]
fn alipay_2025_drift_in_preamble_and_separator() {
    let header =
        "交易时间,交易分类,交易对方,对方账号,商品说明,收/支,金额,收/付款方式,交易状态,交易订单号,商家订单号,备注,";
    let row = "2026-03-04 21:13:05,充值提现,余额充值,/,充值-普通充值,不计收支,500.00,工商银行储蓄卡(9876),交易成功,2026030422001100001\t,\t,,";
    for preamble in [
        "导出信息：\n姓名：某某\n起始时间：[2026-03-01 00:00:00]    终止时间：[2026-03-31 23:59:59]\n\n------------------------支付宝支付科技有限公司  电子客户回单------------------------\n",
        "姓名：某某\n起始时间：[2026-03-01 00:00:00]    终止时间：[2026-03-31 23:59:59]\n------------------------支付宝支付科技有限公司  电子客户回单------------------------\n",
    ] {
        let text = format!("{preamble}{header}\n{row}\n");
        let (bytes, _, _) = encoding_rs::GB18030.encode(&text);
        let src = SourceText::from_bytes("alipay-2025.csv", &bytes);
        let parsed = read_with(&Alipay, &src);
        assert_eq!(parsed.transactions.len(), 1);
        let t = &parsed.transactions[0];
        assert_eq!((t.kind, t.card_last4.as_deref(), t.money.amount), (Kind::TopUp, Some("9876"), d("500.00")));
        assert_eq!(t.source.line, text.lines().count());
        assert_eq!(coverage(&parsed).1, "2026-03-31T23:59:59+08:00");
    }
}
