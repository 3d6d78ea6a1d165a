//! Review of the ingest stage: inputs that real users' exports produce and that are misread,
//! dropped, wrongly rejected or not recognised. Each test was a bug, found by review and fixed.
//! All values are invented.

use chrono::FixedOffset;
use rust_decimal::Decimal;
use std::str::FromStr;
use wallet_audit::ingest::alipay::Alipay;
use wallet_audit::ingest::attempts::Attempts;
use wallet_audit::ingest::icbc::IcbcDebit;
use wallet_audit::ingest::mapping::Mapping;
use wallet_audit::ingest::wechat::WeChat;
use wallet_audit::ingest::{Adapter, IngestOptions, Parsed, SourceText};
use wallet_audit::model::{Direction, Kind, Status, Transaction};

fn opts() -> IngestOptions {
    IngestOptions { zone: FixedOffset::east_opt(8 * 3600).unwrap().into(), zone_given: false, mapping: None }
}

fn d(s: &str) -> Decimal {
    Decimal::from_str(s).unwrap()
}

fn src(text: &str) -> SourceText {
    SourceText::from_bytes("export.csv", text.as_bytes())
}

/// Sniffs with `adapter`, parses, and checks that every row is accounted for.
fn read_with(adapter: &dyn Adapter, src: &SourceText) -> Parsed {
    let header = adapter.sniff(src).unwrap_or_else(|| panic!("{} does not claim the file", adapter.name()));
    let parsed =
        adapter.parse(src, header, &opts()).unwrap_or_else(|e| panic!("{} cannot read it: {e}", adapter.name()));
    assert_eq!(parsed.rows, parsed.transactions.len() + parsed.rejected.len(), "rows lost");
    parsed
}

fn at(parsed: &Parsed, line: usize) -> &Transaction {
    parsed
        .transactions
        .iter()
        .find(|t| t.source.line == line)
        .unwrap_or_else(|| panic!("no transaction on line {line}; rejected: {:?}", parsed.rejected))
}

fn mapping(toml: &str) -> Mapping {
    Mapping::from_toml(toml, "review.toml").unwrap()
}

/// An Alipay app export (2023 layout, UTF-8 here; the adapter does not care) with `rows`
/// starting on line 5.
fn alipay(rows: &str) -> String {
    format!(
        "导出信息：\n起始时间：[2026-03-01 00:00:00]    终止时间：[2026-03-31 23:59:59]\n\
         ------------------------支付宝（中国）网络技术有限公司  电子客户回单------------------------\n\
         交易时间,交易分类,交易对方,对方账号,商品说明,收/支,金额,收/付款方式,交易状态,交易订单号,商家订单号,备注,\n{rows}"
    )
}

/// A WeChat Pay bill CSV with `period` as its period line and `rows` starting on line 5.
fn wechat(period: &str, rows: &str) -> String {
    format!(
        "微信支付账单明细,,,,,,,,,,\n{period},,,,,,,,,,\n\
         ----------------------微信支付账单明细列表--------------------,,,,,,,,,,\n\
         交易时间,交易类型,交易对方,商品,收/支,金额(元),支付方式,当前状态,交易单号,商户单号,备注\n{rows}"
    )
}

const WECHAT_PERIOD: &str = "起始时间：[2026-03-01 00:00:00] 终止时间：[2026-03-31 23:59:59]";
const WECHAT_TOP_UP: &str = "2026-03-02 08:15:00,零钱充值,工商银行(9876),/,/,¥100.00,工商银行(9876),充值完成,100000000000000000000000000001,/,/\n";

fn icbc(rows: &str) -> String {
    format!(
        "明细查询文件下载\n\n卡号: 6222****4321,\"卡别名: 日常卡\"\n\n子账户序号: 00000,子账户类别: 活期,\"子账户别名: \"\n\n\
         交易日期,摘要,交易详情,交易场所,交易国家或地区简称,钞/汇,交易金额(收入),交易金额(支出),交易币种,记账金额(收入),记账金额(支出),记账币种,余额,对方户名,对方账户\n{rows}"
    )
}

// ---------------------------------------------------------------------------------------------
// Canonical attempts CSV

/// A CSV writer that quotes every field (Python `QUOTE_ALL`, pandas, LibreOffice "quote all
/// text cells") writes a valid canonical attempts CSV that nothing recognises.
#[test]
fn attempts_csv_with_quoted_header_is_recognised() {
    let text = "\"time\",\"amount\",\"status\",\"wallet\"\n\"2026-03-04 21:13:05\",\"500.00\",\"failed\",\"alipay\"\n";
    let s = src(text);
    assert_eq!(Attempts.sniff(&s), Some(0));
    let p = read_with(&Attempts, &s);
    assert_eq!((p.rows, p.transactions.len()), (1, 1));
    let t = &p.transactions[0];
    assert_eq!((t.status, t.money.amount, t.provider.as_deref()), (Status::Failed, d("500.00"), Some("alipay")));
}

/// `parse` lowercases the header (so `Time` would be read), but `sniff` compares exactly.
#[test]
fn attempts_csv_with_capitalised_header_is_recognised() {
    let s = src("Time,Amount,Status,Wallet\n2026-03-04 21:13:05,500.00,Failed,WeChat\n");
    assert_eq!(Attempts.sniff(&s), Some(0));
    let p = read_with(&Attempts, &s);
    let t = &p.transactions[0];
    assert_eq!((t.status, t.provider.as_deref(), t.source.line), (Status::Failed, Some("wechat"), 2));
}

/// `cat january.csv february.csv > attempts.csv` (or two wallet exports concatenated): the
/// second header is not a data row, but it is counted and rejected (a spurious D001).
#[test]
fn repeated_header_in_concatenated_exports_is_not_a_row() {
    let attempts = src(
        "time,amount,status\n2026-03-04 21:13:05,500.00,failed\ntime,amount,status\n2026-03-05 09:00:00,200.00,success\n",
    );
    let p = read_with(&Attempts, &attempts);
    assert_eq!((p.rows, p.transactions.len(), p.rejected.len()), (2, 2, 0), "{:?}", p.rejected);
    assert_eq!(p.transactions.iter().map(|t| t.source.line).collect::<Vec<_>>(), vec![2, 4]);

    let header = "交易时间,交易类型,交易对方,商品,收/支,金额(元),支付方式,当前状态,交易单号,商户单号,备注\n";
    let wallet = src(&wechat(
        WECHAT_PERIOD,
        &format!("{WECHAT_TOP_UP}{header}2026-03-03 12:00:00,商户消费,面馆,面,支出,¥12.00,零钱,支付成功,2,/,/\n"),
    ));
    let p = read_with(&WeChat, &wallet);
    assert_eq!((p.rows, p.transactions.len(), p.rejected.len()), (2, 2, 0), "{:?}", p.rejected);
}

/// The attempts adapter upper-cases whatever is in `currency`; the ICBC and mapping adapters
/// normalise through `currency_code` (`rmb`, `人民币` → `CNY`). An attempt in `RMB` never
/// matches a wallet row in `CNY`.
#[test]
fn attempts_currency_names_are_normalised() {
    let s = src(
        "time,amount,status,currency\n2026-03-04 21:13:05,500.00,failed,rmb\n2026-03-04 21:14:05,500.00,failed,人民币\n",
    );
    let p = read_with(&Attempts, &s);
    let currencies: Vec<&str> = p.transactions.iter().map(|t| t.money.currency.as_str()).collect();
    assert_eq!(currencies, ["CNY", "CNY"]);
}

// ---------------------------------------------------------------------------------------------
// Mapping adapter

/// The canonical attempts adapter maps `微信`, `WeChat Pay`, `支付宝` to `wechat`/`alipay`; a
/// mapped attempts log keeps the raw text lowercased, so its attempts never merge with the
/// wallet's own top-up rows (provider mismatch) and are counted twice.
#[test]
fn mapping_attempts_wallet_names_are_recognised() {
    let m = mapping(
        "side = \"attempts\"\n[columns]\ndate = \"时间\"\namount = \"金额\"\nstatus = \"状态\"\nwallet = \"渠道\"\n",
    );
    let s = src(
        "时间,金额,状态,渠道\n2026-03-04 21:13:05,500.00,failed,微信\n2026-03-04 21:14:05,500.00,success,WeChat Pay\n2026-03-04 21:15:05,80.00,success,支付宝\n",
    );
    let p = read_with(&m, &s);
    let providers: Vec<Option<&str>> = p.transactions.iter().map(|t| t.provider.as_deref()).collect();
    assert_eq!(providers, [Some("wechat"), Some("wechat"), Some("alipay")]);
}

/// A negative value in the debit (支出) column is a reversal: money came back. Ignoring its
/// sign reads it as a second debit (and here even as a "refund" that leaves the account).
#[test]
fn mapping_negative_debit_is_money_in() {
    let m = mapping(
        "side = \"bank\"\naccount = \"cmb:4321\"\n[columns]\ndate = \"日期\"\ndescription = \"摘要\"\ndebit = \"支出\"\ncredit = \"存入\"\n",
    );
    let s = src("日期,摘要,支出,存入\n2024-03-02,财付通-美团外卖,58.50,\n2024-03-03,财付通-美团外卖 退货,-58.50,\n");
    let p = read_with(&m, &s);
    let flow: Vec<(Direction, Decimal)> = p.transactions.iter().map(|t| (t.direction, t.money.amount)).collect();
    assert_eq!(flow, [(Direction::Out, d("58.50")), (Direction::In, d("58.50"))]);
}

/// A bank mapping without `account` is labelled with its `name`; any four digits at the end
/// of that name become every row's card, although the label names no card (`Account::parse`
/// gives none, and reconciliation sees none).
#[test]
fn mapping_bank_card_is_not_taken_from_a_year_in_the_name() {
    let m = mapping(
        "name = \"boc-2024\"\nside = \"bank\"\n[columns]\ndate = \"日期\"\ndescription = \"摘要\"\namount = \"金额\"\n",
    );
    let p = read_with(&m, &src("日期,摘要,金额\n2024-03-02,财付通-美团外卖,-58.50\n"));
    assert_eq!(p.account, "boc-2024");
    assert_eq!(p.transactions[0].card_last4, None);
}

// ---------------------------------------------------------------------------------------------
// ICBC

/// `0.00` in the unused one of 收入/支出 is no amount (the mapping adapter already treats zero as
/// empty); the ICBC adapter rejects the whole row as "is 0.00; expected a positive amount".
#[test]
fn icbc_zero_in_the_unused_amount_column_is_empty() {
    let s = src(&icbc(
        "2024-03-15,快捷支付,财付通-微信零钱充值,财付通,CHN,钞,-,-,-,0.00,500.00,人民币,\"13,246.00\",深圳市财付通支付科技有限公司,6222****0001,\n",
    ));
    let p = read_with(&IcbcDebit, &s);
    assert_eq!((p.rows, p.transactions.len(), p.rejected.len()), (1, 1, 0), "{:?}", p.rejected);
    let t = at(&p, 8);
    assert_eq!((t.direction, t.money.amount, t.provider.as_deref()), (Direction::Out, d("500.00"), Some("wechat")));
}

// ---------------------------------------------------------------------------------------------
// Shared reading: preamble, decoding, delimiters, quoting, row width

/// Periods written without brackets: after an ASCII colon (the `:` stays glued to the date),
/// with `YYYY年MM月DD日` dates (split at 年/月/日), or as a `from - to` range (not split).
#[test]
fn preamble_periods_in_other_spellings() {
    let periods = [
        "起始时间:2026-03-01 00:00:00 终止时间:2026-03-31 23:59:59",
        "起止日期：2026年03月01日 至 2026年03月31日",
        "起止日期：2026-03-01 - 2026-03-31",
    ];
    for period in periods {
        let p = read_with(&WeChat, &src(&wechat(period, WECHAT_TOP_UP)));
        let c = p.declared_coverage.unwrap_or_else(|| panic!("no coverage read from {period:?}"));
        assert_eq!(
            (c.from.to_rfc3339(), c.to.to_rfc3339()),
            ("2026-03-01T00:00:00+08:00".to_string(), "2026-03-31T23:59:59+08:00".to_string()),
            "{period}"
        );
    }
}

/// BOM-less UTF-16 is detected only when no even byte is zero; any CJK character whose code
/// point ends in 00 (一 U+4E00, 丐, 帀, 怀 …) breaks that, and the file is decoded as GB18030.
#[test]
fn utf16_without_bom_containing_yi_decodes() {
    let text = "time,amount,status,error_message\n2026-03-04 21:13:05,500.00,failed,请换一张卡\n";
    let le: Vec<u8> = text.encode_utf16().flat_map(|u| u.to_le_bytes()).collect();
    let s = SourceText::from_bytes("attempts.csv", &le);
    assert_eq!((s.encoding, s.text.as_str()), ("UTF-16LE", text));
}

/// Excel's "Unicode Text" (UTF-16LE with BOM, TAB-separated, saved as .txt) of a WeChat bill:
/// `find_header` splits on TABs so the adapter claims it, but `read_rows` splits on commas
/// only, so the header has one cell and the file errors out as a whole. (A TAB-separated
/// attempts file is claimed the same way and its rows rejected as "time is empty".)
#[test]
fn tab_separated_unicode_text_export_is_read() {
    let text = wechat(WECHAT_PERIOD, WECHAT_TOP_UP).replace(',', "\t");
    let mut bytes = vec![0xFF, 0xFE];
    bytes.extend(text.encode_utf16().flat_map(|u| u.to_le_bytes()));
    let s = SourceText::from_bytes("wechat.txt", &bytes);
    assert_eq!(WeChat.sniff(&s), Some(3));
    let p = read_with(&WeChat, &s);
    assert_eq!((p.rows, p.transactions.len()), (1, 1), "{:?}", p.rejected);
    let t = at(&p, 5);
    assert_eq!((t.kind, t.money.amount, t.card_last4.as_deref()), (Kind::TopUp, d("100.00"), Some("9876")));
}

/// Alipay exports never quote cells, but the reader treats `"` at a cell's start as an opening
/// quote: a 商品说明 starting with an unbalanced `"` swallows every following line up to the
/// next quote into one record, and those rows vanish from the count.
#[test]
fn alipay_stray_quote_does_not_swallow_rows() {
    let s = src(&alipay(
        "2026-03-10 08:00:00,日用百货,某店,/,\"特惠 27寸显示器,支出,1.00,余额,交易成功,2026031022001400000000000001,,,\n\
         2026-03-10 09:00:00,日用百货,某店,/,纸巾,支出,2.00,余额,交易成功,2026031022001400000000000002,,,\n\
         2026-03-10 10:00:00,日用百货,某店,/,牙膏,支出,3.00,余额,交易成功,2026031022001400000000000003,,,\n",
    ));
    let p = read_with(&Alipay, &s);
    assert_eq!(p.rows, 3, "three physical rows; rejected: {:?}", p.rejected);
    assert_eq!((at(&p, 6).money.amount, at(&p, 7).money.amount), (d("2.00"), d("3.00")));
}

/// `check_width` only flags extra cells that hold a value: an unquoted `¥1,000.00` in a row
/// whose last cell (备注) is empty shifts every column by one and is read as ¥1.00, with the
/// method `000.00`, status `/` (→ success) and reference `已收钱`.
#[test]
fn wechat_unquoted_thousands_amount_is_not_read_as_one_yuan() {
    let s = src(&wechat(
        WECHAT_PERIOD,
        "2026-03-08 20:00:00,转账,张三,/,收入,¥1,000.00,/,已收钱,100000000000000000000000000007,/,\n",
    ));
    let p = read_with(&WeChat, &s);
    let read: Vec<Decimal> = p.transactions.iter().map(|t| t.money.amount).collect();
    assert_eq!((p.rows, read, p.rejected.len()), (1, vec![], 1));
}

// ---------------------------------------------------------------------------------------------
// Alipay kinds and statuses

/// Closed, never-paid orders are written 不计收支 with no method (see the reference export);
/// a closed 话费充值 (paying the phone carrier) then passes `neutral && 充值` and becomes a
/// wallet top-up attempt (cancelled), inflating the top-up summary.
#[test]
fn alipay_closed_phone_recharge_is_not_a_top_up() {
    let s = src(&alipay(
        "2026-03-10 08:00:00,充值缴费,中国移动,/,话费充值-100元,不计收支,100.00,,交易关闭,2026031022001400000000000001,,,\n",
    ));
    let p = read_with(&Alipay, &s);
    let t = at(&p, 5);
    assert_eq!((t.kind, t.status, t.direction), (Kind::Other, Status::Cancelled, Direction::Neutral));
}

/// `余额宝-转出到银行卡` moves money from the wallet to a bank card (the bank shows a credit
/// from 支付宝), like WeChat's `零钱通转出-到工商银行(9876)`, which is read as a withdrawal.
#[test]
fn alipay_yuebao_transfer_out_to_card_is_a_withdrawal() {
    let s = src(&alipay(
        "2026-03-10 08:00:00,投资理财,中国工商银行,/,余额宝-转出到银行卡,不计收支,300.00,余额宝,交易成功,2026031022001400000000000001,,,\n",
    ));
    let p = read_with(&Alipay, &s);
    let t = at(&p, 5);
    assert_eq!((t.kind, t.status, t.direction), (Kind::Withdrawal, Status::Success, Direction::Neutral));
}

/// A fully refunded Alipay payment keeps 支出 and turns 交易关闭, and the refund is its own
/// 退款成功 row whose order number extends the payment's (reference export: 一卡通充值). Read
/// as cancelled, the card payment claims no debit, so the real bank debit turns into an orphan
/// (R003) while the refund still claims its credit.
#[test]
fn alipay_refunded_payment_shown_closed_moved_money() {
    let s = src(&alipay(
        "2026-03-10 08:00:00,日用百货,收纳旗舰店,/,收纳盒,支出,39.90,交通银行信用卡(7449),交易关闭,2026031022001400000000000007,T2026031000000007,,\n\
         2026-03-11 09:00:00,退款,收纳旗舰店,/,退款-收纳盒,不计收支,39.90,交通银行信用卡(7449),退款成功,2026031022001400000000000007_1,T2026031000000007,,\n",
    ));
    let p = read_with(&Alipay, &s);
    let (paid, refund) = (at(&p, 5), at(&p, 6));
    assert_eq!((refund.kind, refund.status), (Kind::Refund, Status::Success));
    assert_eq!((paid.kind, paid.status, paid.card_last4.as_deref()), (Kind::Payment, Status::Success, Some("7449")));
}
