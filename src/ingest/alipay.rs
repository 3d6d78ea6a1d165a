//! Alipay statements (支付宝账单): the app's CSV export (2023 layout and the 2021–2023 layout
//! starting with `收/支`) and the older web export starting with `交易号`. Columns by name.

use super::table::{Row, column, find_header, preamble_period, read_rows};
use super::{Adapter, IngestOptions, Parsed, SourceText};
use crate::model::{Direction, Kind, Money, Side, Status, Transaction, last4_digits, parse_amount, parse_timestamp};
use crate::reconcile::provider::bank_of;

pub struct Alipay;

/// Header cells that identify the app export (any column order) and the old web export; the
/// amount column is looked up with aliases.
const APP_HEADER: [&str; 4] = ["交易时间", "收/支", "交易状态", "交易订单号"];
const WEB_HEADER: [&str; 4] = ["交易号", "交易创建时间", "金额（元）", "交易状态"];

impl Adapter for Alipay {
    fn name(&self) -> &'static str {
        "alipay"
    }
    fn side(&self) -> Side {
        Side::Wallet
    }
    fn description(&self) -> &'static str {
        "Alipay statement (支付宝账单: app CSV export, GBK, 2021– layouts; old web export)"
    }
    fn sniff(&self, src: &SourceText) -> Option<usize> {
        find_header(src, &APP_HEADER).or_else(|| find_header(src, &WEB_HEADER))
    }

    fn parse(&self, src: &SourceText, header_line: usize, opts: &IngestOptions) -> Result<Parsed, String> {
        let (header, rows) = read_rows(src, header_line, b',');
        let cols = Cols::new(&header);
        if cols.time.is_empty() || cols.amount.is_none() {
            return Err("the Alipay header has no time or amount column".into());
        }
        let declared_coverage = preamble_period(src, header_line, opts.zone);
        let mut out = Parsed { account: "alipay".into(), declared_coverage, ..Parsed::default() };
        for row in rows.iter().filter(|r| !is_footer(r)) {
            out.rows += 1;
            match read(row, &cols, header.len(), src, opts) {
                Ok(t) => out.transactions.push(t),
                Err(reason) => out.rejected.push(row.reject(src, reason)),
            }
        }
        Ok(out)
    }
}

/// Column positions; the first time column that has a value is the row's time.
struct Cols {
    time: Vec<usize>,
    category: Option<usize>,
    counterparty: Option<usize>,
    description: Option<usize>,
    direction: Option<usize>,
    amount: Option<usize>,
    method: Option<usize>,
    status: Option<usize>,
    reference: Option<usize>,
    merchant_reference: Option<usize>,
    fund_status: Option<usize>,
}

impl Cols {
    fn new(h: &[String]) -> Cols {
        Cols {
            time: ["交易时间", "付款时间", "交易创建时间"].iter().filter_map(|n| column(h, &[n])).collect(),
            category: column(h, &["交易分类", "类型"]),
            counterparty: column(h, &["交易对方"]),
            description: column(h, &["商品说明", "商品名称"]),
            direction: column(h, &["收/支"]),
            amount: column(h, &["金额", "金额（元）", "金额(元)"]),
            method: column(h, &["收/付款方式", "支付方式"]),
            status: column(h, &["交易状态"]),
            reference: column(h, &["交易订单号", "交易号"]),
            merchant_reference: column(h, &["商家订单号", "商户订单号"]),
            fund_status: column(h, &["资金状态"]),
        }
    }
}

/// Lines after the data (old web export): a dash rule, `共12笔记录`, `已支出:2笔,71.00元`,
/// `导出时间:[…]`. Only short lines qualify, so a data row is never taken for one.
fn is_footer(row: &Row) -> bool {
    const PREFIXES: [&str; 7] = ["共", "已收入", "待收入", "已支出", "待支出", "导出时间", "用户"];
    let first = row.cells.first().map_or("", String::as_str);
    row.cells.iter().filter(|c| !c.is_empty()).count() <= 2
        && (first.starts_with("---") || PREFIXES.iter().any(|p| first.starts_with(p)))
}

fn read(row: &Row, c: &Cols, width: usize, src: &SourceText, opts: &IngestOptions) -> Result<Transaction, String> {
    let needed = c.time.iter().chain(&c.amount).chain(&c.status).max().map_or(0, |i| i + 1);
    if row.cells.len() < needed {
        return Err(format!("row has {} cells, the header has {width}", row.cells.len()));
    }
    if row.cells.len() > width && row.cells[width..].iter().any(|c| !c.is_empty()) {
        return Err(format!(
            "row has {} cells, the header has {width} (an unquoted comma in a cell?)",
            row.cells.len()
        ));
    }
    let raw_time = c.time.iter().find_map(|&i| row.get(Some(i))).ok_or("time is empty")?;
    let when = parse_timestamp(raw_time, opts.zone).map_err(|_| format!("time {raw_time:?} is not a date and time"))?;
    let raw_amount = row.get(c.amount).ok_or("amount is empty")?;
    let value = parse_amount(raw_amount).map_err(|_| format!("amount {raw_amount:?} is not an amount"))?;
    if value.is_sign_negative() {
        return Err(format!("amount {raw_amount:?} is negative; Alipay writes amounts unsigned with 收/支"));
    }
    let direction = direction_of(row.get(c.direction).or(row.get(c.fund_status)));
    let mut t = Transaction::new(src.at(row.line), Side::Wallet, "alipay", when, Money::cny(value), direction);
    t.provider = Some("alipay".into());
    t.status = row.get(c.status).map_or(Status::Success, status_of);
    t.counterparty = row.get(c.counterparty).map(str::to_string);
    t.description = row.get(c.description).map(str::to_string);
    t.method = row.get(c.method).map(str::to_string);
    t.reference = row.get(c.reference).map(str::to_string);
    t.merchant_reference = row.get(c.merchant_reference).map(str::to_string);
    t.kind = kind_of(row.get(c.category).unwrap_or(""), t.description.as_deref().unwrap_or(""), &t);
    t.card_last4 = t.method.as_deref().and_then(last4_digits);
    if matches!(t.kind, Kind::TopUp | Kind::Withdrawal) && t.card_last4.is_none() {
        t.card_last4 = t.counterparty.as_deref().and_then(last4_digits);
    }
    Ok(t)
}

/// `收/支` (or the web export's `资金状态`): 支出 / 已支出 → out, 收入 / 已收入 → in, else neutral.
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
    match text {
        s if PAID_INTO_ESCROW.iter().any(|p| s.contains(p)) => Status::Success,
        s if s.contains("失败") => Status::Failed,
        s if s.contains("关闭") || s.contains("撤销") || s.contains("取消") => Status::Cancelled,
        s if s.ends_with('中') || s.starts_with("等待") || s.starts_with('待') => Status::Pending,
        _ => Status::Success,
    }
}

/// A funding method that is a bank card (`招商银行储蓄卡(1234)`), not the balance or 余额宝.
fn is_card(method: Option<&str>) -> bool {
    method.is_some_and(|m| last4_digits(m).is_some() || bank_of(m).is_some())
}

/// Reads the kind from 交易分类 / 类型, 商品说明, the direction and the funding method.
fn kind_of(category: &str, description: &str, t: &Transaction) -> Kind {
    let neutral = t.direction == Direction::Neutral;
    let card = is_card(t.method.as_deref());
    let has = |word: &str| category.contains(word) || description.contains(word);
    if category.contains("退款") || description.starts_with("退款") {
        Kind::Refund
    } else if has("服务费") || has("手续费") {
        Kind::Fee
    } else if neutral && (description.contains("提现") || category == "提现") {
        Kind::Withdrawal
    } else if neutral
        && (category == "充值提现" || description.contains("充值") || card && description.contains("转入"))
    {
        Kind::TopUp
    } else if category.contains("转账") || has("红包") || description.starts_with("转账") {
        Kind::Transfer
    } else {
        match t.direction {
            Direction::Out => Kind::Payment,
            Direction::In => Kind::Income,
            Direction::Neutral => Kind::Other,
        }
    }
}
