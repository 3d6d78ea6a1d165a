//! Alipay statements (支付宝账单), every layout, columns by name: the 2019 web export starting
//! with `交易号` (title, period, footer of counts and totals); the 2020 and 2021–2023 app exports
//! starting with `收/支`, whose export details, counts and notes follow the rows after a dash
//! rule; the 2023+ app export with all of that above the header (the 2025 export renames the
//! separator to `支付宝支付科技有限公司  电子客户回单`, a later one drops a preamble line); and
//! any of them re-saved by a spreadsheet (times without seconds, extra quotes, TAB-separated).

use super::bill_summary::{footer_rows, record_count, reference};
use super::preamble::{preamble_period, read_preamble};
use super::table::{Row, collect_rows, column, find_header, header_matches, read_export};
use super::wallet_bill::{BillColumns, Wallet, funding_card, kind_by_direction, names_card, status_from_words};
use super::{Adapter, Coverage, IngestOptions, Parsed, SourceText};
use crate::model::{Direction, Kind, Side, Status, Transaction, Zone};

pub struct Alipay;

const ALIPAY: Wallet = Wallet { account: "alipay", shown: "Alipay", status: status_of };

/// Header cells that identify the app export (any column order) and the old web export; the
/// amount column is looked up with aliases.
const APP_HEADER: [&str; 4] = ["交易时间", "收/支", "交易状态", "交易订单号"];
const WEB_HEADER: [&str; 4] = ["交易号", "交易创建时间", "金额（元）", "交易状态"];

impl Adapter for Alipay {
    fn name(&self) -> &str {
        "alipay"
    }
    fn side(&self) -> Side {
        Side::Wallet
    }
    fn description(&self) -> &'static str {
        "Alipay statement (支付宝账单: app CSV exports of 2020–2026, GBK; the 2019 web export; spreadsheet re-saves)"
    }
    fn sniff(&self, src: &SourceText) -> Option<usize> {
        find_header(src, &APP_HEADER).or_else(|| find_header(src, &WEB_HEADER))
    }
    fn claims_header(&self, line: &str) -> bool {
        header_matches(line, &APP_HEADER) || header_matches(line, &WEB_HEADER)
    }
    fn signatures(&self) -> &'static [&'static [&'static str]] {
        &[&APP_HEADER, &WEB_HEADER]
    }

    fn parse(&self, src: &SourceText, header_line: usize, opts: &IngestOptions) -> Result<Parsed, String> {
        let (header, rows) = read_export(src, header_line)?;
        let cols = Cols::new(&header);
        if cols.bill.time.is_empty() || cols.bill.amount.is_none() {
            return Err("the Alipay header has no time or amount column".into());
        }
        let mut out = Parsed { account: ALIPAY.account.into(), ..Parsed::default() };
        read_preamble(src, header_line, opts.zone, &mut out);
        let footer = footer_rows(&rows);
        if out.declared_coverage.is_none() {
            out.declared_coverage = footer_period(src, &rows, &footer, opts.zone);
        }
        out.declared_rows = out.declared_rows.or_else(|| record_count(src));
        let data = rows.iter().zip(&footer).filter(|(_, footer)| !**footer).map(|(row, _)| row);
        collect_rows(&mut out, src, data, |row| read(row, &cols, header.len(), src, opts));
        refunded_payments_moved_money(&mut out.transactions);
        Ok(out)
    }
}

/// Column positions: the bill columns WeChat has too, and Alipay's own.
struct Cols {
    bill: BillColumns,
    category: Option<usize>,
    direction: Option<usize>,
    fund_status: Option<usize>,
}

impl Cols {
    fn new(h: &[String]) -> Cols {
        let bill = BillColumns {
            time: ["交易时间", "付款时间", "交易创建时间"].iter().filter_map(|n| column(h, &[n])).collect(),
            amount: column(h, &["金额", "金额（元）", "金额(元)"]),
            status: column(h, &["交易状态"]),
            counterparty: column(h, &["交易对方"]),
            description: column(h, &["商品说明", "商品名称"]),
            method: column(h, &["收/付款方式", "支付方式"]),
            reference: column(h, &["交易订单号", "交易号"]),
            merchant_reference: column(h, &["商家订单号", "商户订单号"]),
        };
        Cols {
            bill,
            category: column(h, &["交易分类", "类型"]),
            direction: column(h, &["收/支"]),
            fund_status: column(h, &["资金状态"]),
        }
    }
}

/// The period the export details after the rows state (`起始时间：[…]    终止时间：[…]` in the
/// 2020–2023 app exports, whose preamble holds only the separator), when it runs forwards.
fn footer_period(src: &SourceText, rows: &[Row], footer: &[bool], zone: Zone) -> Option<Coverage> {
    let lines: Vec<&str> = src.text.lines().collect();
    let footer_lines: Vec<&str> = rows
        .iter()
        .zip(footer)
        .filter(|(_, footer)| **footer)
        .filter_map(|(row, _)| lines.get(row.line.checked_sub(1)?).copied())
        .collect();
    if footer_lines.is_empty() {
        return None;
    }
    let text = footer_lines.join("\n");
    let details = SourceText { text, path: src.path.clone(), encoding: src.encoding, first_line: src.first_line };
    preamble_period(&details, footer_lines.len(), zone).filter(|p| p.from <= p.to)
}

fn read(row: &Row, c: &Cols, width: usize, src: &SourceText, opts: &IngestOptions) -> Result<Transaction, String> {
    let direction = direction_of(row.get(c.direction).or(row.get(c.fund_status)));
    // A spreadsheet re-save writes `2026/9/3 9:05`: read with minute precision, such a time
    // stands for any second of that minute (`Timestamp::latest`), and matching allows for it.
    let mut t = c.bill.read(&ALIPAY, row, width, src, opts.zone, direction)?;
    (t.reference, t.merchant_reference) = (reference(t.reference.take()), reference(t.merchant_reference.take()));
    t.kind = kind_of(row.get(c.category).unwrap_or(""), t.description.as_deref().unwrap_or(""), &t);
    t.card_last4 = funding_card(&t, [t.counterparty.as_deref()]);
    Ok(t)
}

/// A payment refunded in full shows 支出 + 交易关闭, and its refund is a row of its own whose
/// order number is the payment's plus a suffix (`…88` and `…88_…57`). Money did leave the
/// payer, so such a payment is a success; a closed payment without a refund row stays cancelled.
fn refunded_payments_moved_money(transactions: &mut [Transaction]) {
    let mut refunds: Vec<String> =
        transactions.iter().filter(|t| t.kind == Kind::Refund).filter_map(|t| t.reference.clone()).collect();
    refunds.sort_unstable();
    // Sorted, the references starting with a prefix follow right after where the prefix would go.
    let refunded = |reference: &str| {
        let at = refunds.partition_point(|r| r.as_str() < reference);
        refunds.get(at).is_some_and(|r| r.starts_with(reference))
    };
    for t in transactions.iter_mut() {
        let closed_payment = t.direction == Direction::Out && t.status == Status::Cancelled && t.kind != Kind::Refund;
        if closed_payment && t.reference.as_deref().is_some_and(|r| !r.is_empty() && refunded(r)) {
            t.status = Status::Success;
        }
    }
}

/// `收/支` (or the web export's `资金状态`): 支出 / 已支出 → out, 收入 / 已收入 → in, else neutral
/// (不计收支, and 其他 as the 2020 export wrote it).
fn direction_of(text: Option<&str>) -> Direction {
    match text.unwrap_or("") {
        s if s.contains("不计") => Direction::Neutral,
        s if s.contains("支出") => Direction::Out,
        s if s.contains("收入") => Direction::In,
        _ => Direction::Neutral,
    }
}

/// Alipay's 交易状态. Escrow states (等待确认收货, 等待发货) mean the buyer's money already
/// left them, so they count as success for money movement. Unknown text counts as success.
fn status_of(text: &str) -> Status {
    const PAID_INTO_ESCROW: [&str; 4] = ["等待确认收货", "等待发货", "等待卖家发货", "卖家已发货"];
    if PAID_INTO_ESCROW.iter().any(|p| text.contains(p)) {
        return Status::Success;
    }
    status_from_words(text, &["关闭", "撤销", "取消"])
}

/// Reads the kind from 交易分类 / 类型, 商品说明, the direction and the funding method.
fn kind_of(category: &str, description: &str, t: &Transaction) -> Kind {
    let neutral = t.direction == Direction::Neutral;
    let card = t.method.as_deref().is_some_and(names_card);
    let has = |word: &str| category.contains(word) || description.contains(word);
    // `余额宝-转出到银行卡`: out of the wallet to a card, named in the text, method or counterparty.
    let moved_out_to_card = || {
        description.contains("转出")
            && (description.contains("银行卡") || card || t.counterparty.as_deref().is_some_and(names_card))
    };
    if category.contains("退款") || description.starts_with("退款") {
        Kind::Refund
    } else if has("服务费") || has("手续费") {
        Kind::Fee
    } else if neutral && (description.contains("提现") || category == "提现" || moved_out_to_card()) {
        Kind::Withdrawal
    } else if neutral
        && (category == "充值提现"
            || description.starts_with("充值")
            || description.starts_with("余额充值")
            || card && description.contains("转入"))
    {
        Kind::TopUp
    } else if category.contains("转账") || has("红包") || description.starts_with("转账") {
        Kind::Transfer
    } else {
        kind_by_direction(t.direction)
    }
}
