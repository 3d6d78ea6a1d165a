//! WeChat Pay bill CSV (微信支付账单明细): UTF-8 with or without BOM, comma-padded preamble,
//! amounts written `¥28.16`, `/` for empty cells. Columns by name.

use super::table::{Row, column, find_header, preamble_period, read_rows};
use super::{Adapter, IngestOptions, Parsed, SourceText};
use crate::model::{Direction, Kind, Money, Side, Status, Transaction, last4_digits, parse_amount, parse_timestamp};
use crate::reconcile::provider::bank_of;

pub struct WeChat;

/// Header cells that identify the bill CSV (the amount column is looked up with aliases).
const HEADER: [&str; 6] = ["交易时间", "交易类型", "交易对方", "收/支", "当前状态", "交易单号"];

impl Adapter for WeChat {
    fn name(&self) -> &'static str {
        "wechat"
    }
    fn side(&self) -> Side {
        Side::Wallet
    }
    fn description(&self) -> &'static str {
        "WeChat Pay bill CSV (微信支付账单明细, UTF-8, pre-2025 layout)"
    }
    fn sniff(&self, src: &SourceText) -> Option<usize> {
        find_header(src, &HEADER)
    }

    fn parse(&self, src: &SourceText, header_line: usize, opts: &IngestOptions) -> Result<Parsed, String> {
        let (header, rows) = read_rows(src, header_line, b',');
        let col = |names: &[&str]| column(&header, names);
        let c = Cols {
            time: col(&["交易时间"]),
            kind: col(&["交易类型"]),
            counterparty: col(&["交易对方"]),
            description: col(&["商品"]),
            direction: col(&["收/支"]),
            amount: col(&["金额(元)", "金额（元）", "金额"]),
            method: col(&["支付方式"]),
            status: col(&["当前状态"]),
            reference: col(&["交易单号"]),
            merchant_reference: col(&["商户单号"]),
        };
        if c.amount.is_none() {
            return Err("the WeChat Pay header has no amount column (金额(元))".into());
        }
        let declared_coverage = preamble_period(src, header_line, opts.zone);
        let mut out = Parsed { account: "wechat".into(), declared_coverage, ..Parsed::default() };
        for row in rows.iter().filter(|r| !is_footer(r)) {
            out.rows += 1;
            match read(row, &c, header.len(), src, opts) {
                Ok(t) => out.transactions.push(t),
                Err(reason) => out.rejected.push(row.reject(src, reason)),
            }
        }
        Ok(out)
    }
}

struct Cols {
    time: Option<usize>,
    kind: Option<usize>,
    counterparty: Option<usize>,
    description: Option<usize>,
    direction: Option<usize>,
    amount: Option<usize>,
    method: Option<usize>,
    status: Option<usize>,
    reference: Option<usize>,
    merchant_reference: Option<usize>,
}

/// A dash rule or `共12笔记录` line after the data (the CSV has none today, but be safe). Only
/// short lines qualify, so a data row is never taken for one.
fn is_footer(row: &Row) -> bool {
    let first = row.cells.first().map_or("", String::as_str);
    row.cells.iter().filter(|c| !c.is_empty()).count() <= 1
        && (first.starts_with("---") || (first.starts_with('共') && first.ends_with("笔记录")))
}

fn read(row: &Row, c: &Cols, width: usize, src: &SourceText, opts: &IngestOptions) -> Result<Transaction, String> {
    let needed = [c.time, c.amount, c.status].iter().flatten().max().map_or(0, |i| i + 1);
    if row.cells.len() < needed {
        return Err(format!("row has {} cells, the header has {width}", row.cells.len()));
    }
    if row.cells.len() > width && row.cells[width..].iter().any(|c| !c.is_empty()) {
        return Err(format!(
            "row has {} cells, the header has {width} (an unquoted comma in a cell?)",
            row.cells.len()
        ));
    }
    let raw_time = row.get(c.time).ok_or("time is empty")?;
    let when = parse_timestamp(raw_time, opts.zone).map_err(|_| format!("time {raw_time:?} is not a date and time"))?;
    let raw_amount = row.get(c.amount).ok_or("amount is empty")?;
    let value = parse_amount(raw_amount).map_err(|_| format!("amount {raw_amount:?} is not an amount"))?;
    if value.is_sign_negative() {
        return Err(format!("amount {raw_amount:?} is negative; WeChat writes amounts unsigned with 收/支"));
    }
    let direction = match row.get(c.direction) {
        Some("支出") => Direction::Out,
        Some("收入") => Direction::In,
        _ => Direction::Neutral,
    };
    let mut t = Transaction::new(src.at(row.line), Side::Wallet, "wechat", when, Money::cny(value), direction);
    t.provider = Some("wechat".into());
    t.status = row.get(c.status).map_or(Status::Success, status_of);
    t.counterparty = row.get(c.counterparty).map(str::to_string);
    t.description = row.get(c.description).map(str::to_string);
    t.method = row.get(c.method).map(str::to_string);
    t.reference = row.get(c.reference).map(str::to_string);
    t.merchant_reference = row.get(c.merchant_reference).map(str::to_string);
    let kind_text = row.get(c.kind).unwrap_or("");
    t.kind = kind_of(kind_text, &t);
    t.card_last4 = t.method.as_deref().and_then(last4_digits);
    if matches!(t.kind, Kind::TopUp | Kind::Withdrawal) && t.card_last4.is_none() {
        t.card_last4 = last4_digits(kind_text).or_else(|| t.counterparty.as_deref().and_then(last4_digits));
    }
    Ok(t)
}

/// WeChat's 当前状态. Refunded payments (已全额退款, 已退款…) did move money: the refund is
/// its own row. Unknown text counts as success.
fn status_of(text: &str) -> Status {
    match text {
        s if s.contains("失败") => Status::Failed,
        s if ["关闭", "撤销", "已退还", "过期", "拒收"].iter().any(|w| s.contains(w)) => Status::Cancelled,
        s if s.ends_with('中') || s.starts_with('待') || s.starts_with("等待") => Status::Pending,
        _ => Status::Success,
    }
}

/// A bank card named in a method, type or counterparty (`工商银行(9876)`), not 零钱 / 零钱通.
fn is_card(text: &str) -> bool {
    last4_digits(text).is_some() || bank_of(text).is_some()
}

/// Reads the kind from 交易类型, the direction and where the money came from or went to.
fn kind_of(kind: &str, t: &Transaction) -> Kind {
    let card_funded = t.method.as_deref().is_some_and(is_card) || t.counterparty.as_deref().is_some_and(is_card);
    let description = t.description.as_deref().unwrap_or("");
    if kind.contains("退款") || description.starts_with("退款") {
        Kind::Refund
    } else if kind.contains("服务费") || kind.contains("手续费") {
        Kind::Fee
    } else if kind == "零钱充值"
        || kind.strip_prefix("转入零钱通-来自").is_some_and(is_card)
        || (kind.contains("充值") && t.direction != Direction::Out && card_funded)
    {
        Kind::TopUp
    } else if kind == "零钱提现"
        || kind.strip_prefix("零钱通转出-到").is_some_and(is_card)
        || (kind.contains("提现") && t.direction != Direction::In)
    {
        Kind::Withdrawal
    } else if kind.contains("转账") || kind.contains("红包") {
        Kind::Transfer
    } else {
        match t.direction {
            Direction::Out => Kind::Payment,
            Direction::In => Kind::Income,
            Direction::Neutral => Kind::Other,
        }
    }
}
