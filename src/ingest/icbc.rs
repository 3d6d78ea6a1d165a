//! ICBC debit-card statement "明细查询文件下载" (2023 layout, and 2024 with `交易详情`): bank rows
//! in file order (newest first), running balance kept; also the keyword helpers bank rows share.

use super::table::{Row, column, find_header, preamble_period, preamble_value, read_rows};
use super::{Adapter, IngestOptions, Parsed, SourceText};
use crate::model::{Direction, Kind, Money, Side, Transaction, last4_digits, parse_amount, parse_timestamp};
use crate::reconcile::provider;
use rust_decimal::Decimal;

pub struct IcbcDebit;

const DATE: &str = "交易日期";
const SUMMARY: &str = "摘要";
const DETAIL: &str = "交易详情";
const PLACE: &str = "交易场所";
const BOOKED_IN: &str = "记账金额(收入)";
const BOOKED_OUT: &str = "记账金额(支出)";
const BOOKED_CCY: &str = "记账币种";
const TXN_IN: &str = "交易金额(收入)";
const TXN_OUT: &str = "交易金额(支出)";
const TXN_CCY: &str = "交易币种";
const BALANCE: &str = "余额";
const COUNTERPARTY: &str = "对方户名";

impl Adapter for IcbcDebit {
    fn name(&self) -> &'static str {
        "icbc-debit"
    }
    fn side(&self) -> Side {
        Side::Bank
    }
    fn description(&self) -> &'static str {
        "ICBC debit card statement 明细查询文件下载 (2023 and 2024 layouts, UTF-8 or GBK)"
    }

    fn sniff(&self, src: &SourceText) -> Option<usize> {
        [BOOKED_OUT, TXN_OUT]
            .iter()
            .flat_map(|name| [name.to_string(), full_width(name)])
            .filter_map(|out| find_header(src, &[DATE, SUMMARY, &out]))
            .min()
    }

    fn parse(&self, src: &SourceText, header_line: usize, opts: &IngestOptions) -> Result<Parsed, String> {
        let (header, rows) = read_rows(src, header_line, b',');
        let header: Vec<String> = header.iter().map(|h| h.replace('（', "(").replace('）', ")")).collect();
        let cols = Columns::find(&header)?;
        let card = ["卡号", "账号"]
            .iter()
            .find_map(|key| preamble_value(src, header_line, key))
            .and_then(|number| last4_digits(&number));
        let account = card.as_ref().map_or_else(|| "icbc".to_string(), |c| format!("icbc:{c}"));
        let mut out = Parsed {
            account: account.clone(),
            declared_coverage: preamble_period(src, header_line, opts.zone),
            ..Parsed::default()
        };
        let statement = Statement { src, cols, width: header.len(), account, card, opts };
        for row in rows.iter().filter(|r| !is_footer(r)) {
            out.rows += 1;
            match statement.read(row) {
                Ok(t) => out.transactions.push(t),
                Err(reason) => out.rejected.push(row.reject(src, reason)),
            }
        }
        Ok(out)
    }
}

/// `记账金额(支出)` → `记账金额（支出）`: some exports use full-width parentheses.
fn full_width(name: &str) -> String {
    name.replace('(', "（").replace(')', "）")
}

/// Totals lines such as `人民币合计,,,…` close the statement; they are not rows.
fn is_footer(row: &Row) -> bool {
    row.cells.first().is_some_and(|c| c.ends_with("合计") || c.starts_with("合计") || c.ends_with("总计"))
}

/// Where each column of this statement's layout is (`交易详情` only exists from 2024).
struct Columns {
    date: Option<usize>,
    summary: Option<usize>,
    detail: Option<usize>,
    place: Option<usize>,
    booked: (Option<usize>, Option<usize>, Option<usize>),
    txn: (Option<usize>, Option<usize>, Option<usize>),
    balance: Option<usize>,
    counterparty: Option<usize>,
}

impl Columns {
    fn find(header: &[String]) -> Result<Columns, String> {
        let col = |name: &str| column(header, &[name]);
        let cols = Columns {
            date: col(DATE),
            summary: col(SUMMARY),
            detail: col(DETAIL),
            place: col(PLACE),
            booked: (col(BOOKED_IN), col(BOOKED_OUT), col(BOOKED_CCY)),
            txn: (col(TXN_IN), col(TXN_OUT), col(TXN_CCY)),
            balance: col(BALANCE),
            counterparty: col(COUNTERPARTY),
        };
        if cols.date.is_none() {
            return Err(format!("the header has no {DATE} column"));
        }
        let (b, t) = (&cols.booked, &cols.txn);
        if [b.0, b.1, t.0, t.1].iter().all(Option::is_none) {
            return Err(format!("the header has none of {BOOKED_IN}, {BOOKED_OUT}, {TXN_IN}, {TXN_OUT}"));
        }
        Ok(cols)
    }
}

/// One statement being read: its layout, its card and the options.
struct Statement<'a> {
    src: &'a SourceText,
    cols: Columns,
    width: usize,
    account: String,
    card: Option<String>,
    opts: &'a IngestOptions,
}

impl Statement<'_> {
    fn read(&self, row: &Row) -> Result<Transaction, String> {
        let cols = &self.cols;
        check_width(row, self.width, self.width)?;
        let date = row.get(cols.date).ok_or(format!("{DATE} is empty"))?;
        let when = parse_timestamp(date, self.opts.zone).map_err(|e| format!("{DATE}: {e}"))?;
        let (value, direction, currency_cell) = amount(row, cols)?;
        let currency = match currency_cell {
            Some(raw) => currency_code(raw).ok_or_else(|| format!("currency {raw:?} is not one we know"))?,
            None => "CNY".to_string(),
        };
        let summary = row.get(cols.summary).unwrap_or("");
        let detail = row.get(cols.detail);
        let counterparty = row.get(cols.counterparty);
        let money = Money::new(value, currency);
        let mut t = Transaction::new(self.src.at(row.line), Side::Bank, &self.account, when, money, direction);
        t.kind = classify(summary, direction);
        t.counterparty = counterparty.map(str::to_string);
        t.description = match (summary, detail) {
            ("", None) => None,
            ("", Some(d)) => Some(d.to_string()),
            (s, None) => Some(s.to_string()),
            (s, Some(d)) => Some(format!("{s} / {d}")),
        };
        let texts = [counterparty, row.get(cols.place), detail, Some(summary)];
        t.provider = texts.into_iter().flatten().find_map(|text| provider::recognise([text])).map(str::to_string);
        t.card_last4 = self.card.clone();
        t.balance = row.get(cols.balance).and_then(|b| parse_amount(b).ok());
        Ok(t)
    }
}

/// The booked amount (记账金额), else the transaction amount (交易金额), with its direction and
/// the currency cell that goes with it.
fn amount<'r>(row: &'r Row, cols: &Columns) -> Result<(Decimal, Direction, Option<&'r str>), String> {
    let (b_in, b_out, b_ccy) = cols.booked;
    let (t_in, t_out, t_ccy) = cols.txn;
    if let Some((value, direction)) = one_of(row, b_in, b_out, "记账金额")? {
        return Ok((value, direction, row.get(b_ccy).or(row.get(t_ccy))));
    }
    if let Some((value, direction)) = one_of(row, t_in, t_out, "交易金额")? {
        return Ok((value, direction, row.get(t_ccy).or(row.get(b_ccy))));
    }
    Err(format!("no amount: {BOOKED_IN}, {BOOKED_OUT}, {TXN_IN} and {TXN_OUT} are all empty"))
}

/// Exactly one of an income/expense pair may be filled, with a positive amount.
fn one_of(
    row: &Row,
    income: Option<usize>,
    expense: Option<usize>,
    label: &str,
) -> Result<Option<(Decimal, Direction)>, String> {
    let read = |col: Option<usize>, which: &str| -> Result<Option<Decimal>, String> {
        let Some(raw) = row.get(col) else { return Ok(None) };
        let value = parse_amount(raw).map_err(|e| format!("{label}({which}): {e}"))?;
        if value <= Decimal::ZERO {
            return Err(format!("{label}({which}) is {value}; expected a positive amount"));
        }
        Ok(Some(value))
    };
    match (read(income, "收入")?, read(expense, "支出")?) {
        (Some(_), Some(_)) => Err(format!("both {label}(收入) and {label}(支出) are filled; expected exactly one")),
        (Some(value), None) => Ok(Some((value, Direction::In))),
        (None, Some(value)) => Ok(Some((value, Direction::Out))),
        (None, None) => Ok(None),
    }
}

/// Rejects rows cut short (fewer than `needed` cells) or with non-empty cells past the header's
/// `width` (a value split by an unquoted comma shifts every column after it).
pub(crate) fn check_width(row: &Row, width: usize, needed: usize) -> Result<(), String> {
    let n = row.cells.len();
    if n < needed {
        return Err(format!("row has {n} cells but the header has {width}: the row is cut short"));
    }
    if let Some(extra) = row.cells.iter().skip(width).position(|c| !c.is_empty()) {
        return Err(format!(
            "row has a value in cell {} but the header has only {width} columns: a value probably contains an unquoted comma, shifting the columns",
            width + extra + 1
        ));
    }
    Ok(())
}

/// ISO 4217 code for a currency as Chinese statements name it (`人民币` → `CNY`), or a code.
pub(crate) fn currency_code(raw: &str) -> Option<String> {
    const NAMES: &[(&str, &str)] = &[
        ("人民币", "CNY"),
        ("美元", "USD"),
        ("欧元", "EUR"),
        ("港币", "HKD"),
        ("港元", "HKD"),
        ("日元", "JPY"),
        ("英镑", "GBP"),
        ("澳大利亚元", "AUD"),
        ("澳元", "AUD"),
        ("加拿大元", "CAD"),
        ("加元", "CAD"),
        ("新加坡元", "SGD"),
        ("瑞士法郎", "CHF"),
        ("韩元", "KRW"),
        ("新台币", "TWD"),
        ("澳门元", "MOP"),
        ("新西兰元", "NZD"),
        ("泰铢", "THB"),
    ];
    let s = raw.trim();
    if let Some((_, code)) = NAMES.iter().find(|(name, _)| s.starts_with(name)) {
        return Some(code.to_string());
    }
    if s.eq_ignore_ascii_case("rmb") {
        return Some("CNY".into());
    }
    (s.len() == 3 && s.chars().all(|c| c.is_ascii_alphabetic())).then(|| s.to_ascii_uppercase())
}

/// What a bank or wallet row is about, from its summary (`摘要`) and direction.
pub(crate) fn classify(summary: &str, direction: Direction) -> Kind {
    let text = summary.to_lowercase();
    let has = |words: &[&str]| words.iter().any(|w| text.contains(w));
    if has(&["退款", "冲正", "退货", "撤销", "refund", "reversal"]) {
        return Kind::Refund;
    }
    if direction == Direction::Out && has(&["手续费", "年费", "服务费", "工本费", "管理费"]) {
        return Kind::Fee;
    }
    if has(&["充值", "top-up", "top up", "topup"]) {
        return Kind::TopUp;
    }
    if has(&["提现", "withdraw"]) {
        return Kind::Withdrawal;
    }
    let income = ["工资", "汇入", "返现", "利息", "结息", "奖金", "报销", "代发", "salary", "interest"];
    if direction == Direction::In && has(&income) {
        return Kind::Income;
    }
    let payment = ["消费", "快捷支付", "无卡支付", "扣款", "缴费", "网购", "purchase", "payment"];
    if direction == Direction::Out && has(&payment) {
        return Kind::Payment;
    }
    if has(&["汇款", "网转", "转账", "转入", "转出", "还款", "赎回", "transfer"]) {
        return Kind::Transfer;
    }
    Kind::Other
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_from_icbc_summaries() {
        use Direction::{In, Out};
        assert_eq!(classify("消费", Out), Kind::Payment);
        assert_eq!(classify("银联消费", Out), Kind::Payment);
        assert_eq!(classify("退款", In), Kind::Refund);
        assert_eq!(classify("消费撤销", In), Kind::Refund);
        assert_eq!(classify("工资", In), Kind::Income);
        assert_eq!(classify("他行汇入", In), Kind::Income);
        assert_eq!(classify("网转", Out), Kind::Transfer);
        assert_eq!(classify("跨行汇款", Out), Kind::Transfer);
        assert_eq!(classify("年费", Out), Kind::Fee);
        assert_eq!(classify("某某", Out), Kind::Other);
    }

    #[test]
    fn currencies_by_name_or_code() {
        assert_eq!(currency_code("人民币").as_deref(), Some("CNY"));
        assert_eq!(currency_code("美元").as_deref(), Some("USD"));
        assert_eq!(currency_code("usd").as_deref(), Some("USD"));
        assert_eq!(currency_code("钞"), None);
    }
}
