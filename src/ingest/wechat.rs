//! WeChat Pay bill (微信支付账单明细): the CSV (UTF-8 with or without BOM, comma-padded preamble,
//! amounts written `¥28.16`, `/` for empty cells) and the XLSX WeChat exports since mid-2025
//! (`微信支付账单流水文件(…).xlsx`, read as the same text by [`super::workbook`]: the 2025
//! layout with its header on row 17, the 2026 one with a fourth note line and the header on
//! row 18, amounts as numbers, times as Excel dates). Columns by name. A withdrawal's fee
//! (`服务费¥0.10` in 备注) is recorded: the card receives the amount less the fee.

use super::preamble::read_preamble;
use super::table::{Row, collect_rows, column, read_export};
use super::wallet_bill::{BillColumns, Wallet, funding_card, kind_by_direction, names_card, status_from_words};
use super::{Adapter, IngestOptions, Parsed, SourceText};
use crate::model::{Direction, Kind, Side, Status, Transaction, parse_amount};

pub struct WeChat;

const WECHAT: Wallet = Wallet { account: "wechat", shown: "WeChat", status: status_of };

/// Header cells that identify the bill CSV (the amount column is looked up with aliases).
const HEADER: [&str; 6] = ["交易时间", "交易类型", "交易对方", "收/支", "当前状态", "交易单号"];

impl Adapter for WeChat {
    fn name(&self) -> &str {
        "wechat"
    }
    fn side(&self) -> Side {
        Side::Wallet
    }
    fn description(&self) -> &'static str {
        "WeChat Pay bill (微信支付账单明细): CSV, and XLSX in the 2025 and 2026 layouts"
    }
    fn signatures(&self) -> &'static [&'static [&'static str]] {
        &[&HEADER]
    }

    fn parse(&self, src: &SourceText, header_line: usize, opts: &IngestOptions) -> Result<Parsed, String> {
        let (header, rows) = read_export(src, header_line)?;
        let col = |names: &[&str]| column(&header, names);
        let bill = BillColumns {
            time: col(&["交易时间"]).into_iter().collect(),
            amount: col(&["金额(元)", "金额（元）", "金额"]),
            status: col(&["当前状态"]),
            counterparty: col(&["交易对方"]),
            description: col(&["商品"]),
            method: col(&["支付方式"]),
            reference: col(&["交易单号"]),
            merchant_reference: col(&["商户单号"]),
        };
        let c = Cols { bill, kind: col(&["交易类型"]), direction: col(&["收/支"]), remark: col(&["备注"]) };
        if c.bill.amount.is_none() {
            return Err("the WeChat Pay header has no amount column (金额(元))".into());
        }
        let mut out = Parsed { account: WECHAT.account.into(), ..Parsed::default() };
        read_preamble(src, header_line, opts.zone, &mut out);
        let data = rows.iter().filter(|r| r.is_dated() || !is_footer(r));
        collect_rows(&mut out, src, data, |row| read(row, &c, header.len(), src, opts));
        Ok(out)
    }
}

/// Column positions: the bill columns Alipay has too, and WeChat's own.
struct Cols {
    bill: BillColumns,
    kind: Option<usize>,
    direction: Option<usize>,
    remark: Option<usize>,
}

/// A dash rule or `共12笔记录` line after the data (the CSV has none today, but be safe). Only
/// short lines qualify, so a data row is never taken for one.
fn is_footer(row: &Row) -> bool {
    let first = row.cells.first().map_or("", String::as_str);
    row.cells.iter().filter(|c| !c.is_empty()).count() <= 1
        && (first.starts_with("---") || (first.starts_with('共') && first.ends_with("笔记录")))
}

fn read(row: &Row, c: &Cols, width: usize, src: &SourceText, opts: &IngestOptions) -> Result<Transaction, String> {
    let direction = match row.get(c.direction) {
        Some("支出") => Direction::Out,
        Some("收入") => Direction::In,
        _ => Direction::Neutral,
    };
    let mut t = c.bill.read(&WECHAT, row, width, src, opts.zone, direction)?;
    let kind_text = row.get(c.kind);
    t.kind = kind_of(kind_text.unwrap_or(""), &t);
    t.card_last4 = funding_card(&t, [kind_text, t.counterparty.as_deref()]);
    if t.kind == Kind::Withdrawal {
        take_fee(&mut t, row.get(c.remark))?;
    }
    Ok(t)
}

/// A withdrawal's 金额 is what left 零钱: the amount sent to the card plus WeChat's service fee
/// (`服务费¥0.10` in 备注, 0.1% with a 0.10 minimum), and the bank credits the amount less the
/// fee. The row keeps the wallet's amount; the fee is recorded, so that reconciliation looks
/// for the credit of the amount less the fee.
fn take_fee(t: &mut Transaction, remark: Option<&str>) -> Result<(), String> {
    let Some(after) = remark.and_then(|r| r.split_once("服务费")).map(|(_, fee)| fee.trim_start()) else {
        return Ok(());
    };
    // The amount written right after the word (`服务费¥0.10`), whatever follows it.
    let end = after.find(|c: char| !(c.is_ascii_digit() || matches!(c, '¥' | '￥' | '.' | ','))).unwrap_or(after.len());
    let raw = after.get(..end).unwrap_or(after);
    let fee = parse_amount(raw).map_err(|_| format!("service fee {raw:?} in 备注 is not an amount"))?;
    let total = t.money.amount;
    if fee.is_sign_negative() || fee >= total {
        return Err(format!("service fee {raw:?} in 备注 is not less than the amount withdrawn ({total})"));
    }
    t.fee = Some(fee);
    Ok(())
}

/// WeChat's 当前状态. Refunded payments (已全额退款, 已退款…) did move money: the refund is
/// its own row. Unknown text counts as success.
fn status_of(text: &str) -> Status {
    status_from_words(text, &["关闭", "撤销", "已退还", "过期", "拒收"])
}

/// Reads the kind from 交易类型, the direction and where the money came from or went to.
fn kind_of(kind: &str, t: &Transaction) -> Kind {
    let card_funded = t.method.as_deref().is_some_and(names_card) || t.counterparty.as_deref().is_some_and(names_card);
    let description = t.description.as_deref().unwrap_or("");
    if kind.contains("退款") || description.starts_with("退款") {
        Kind::Refund
    } else if kind.contains("服务费") || kind.contains("手续费") {
        Kind::Fee
    } else if kind == "零钱充值"
        || kind.strip_prefix("转入零钱通-来自").is_some_and(names_card)
        || (kind.contains("充值") && t.direction != Direction::Out && card_funded)
    {
        Kind::TopUp
    } else if kind == "零钱提现"
        || kind.strip_prefix("零钱通转出-到").is_some_and(names_card)
        || (kind.contains("提现") && t.direction != Direction::In)
    {
        Kind::Withdrawal
    } else if kind.contains("转账") || kind.contains("红包") {
        Kind::Transfer
    } else {
        kind_by_direction(t.direction)
    }
}
