//! ICBC debit-card statement "明细查询文件下载" (2023 layout, and 2024 with `交易详情`): bank rows
//! in file order (newest first), running balance kept.

use super::cells::{currency_code, kind_from_summary};
use super::preamble::read_preamble;
use super::table::{Row, check_width, collect_rows, column, find_header, header_matches, preamble_value, read_export};
use super::{Adapter, IngestOptions, Parsed, SourceText};
use crate::institutions;
use crate::model::{Account, Direction, Money, Side, Transaction, last4_digits, parse_amount, parse_timestamp};
use rust_decimal::Decimal;

pub struct IcbcDebit;

const DATE: &str = "交易日期";
const SUMMARY: &str = "摘要";
const DETAIL: &str = "交易详情";
const PLACE: &str = "交易场所";
/// Country or region code (`CHN`), kept as the row's location (S008).
const COUNTRY: &str = "交易国家或地区简称";
const BOOKED_IN: &str = "记账金额(收入)";
const BOOKED_OUT: &str = "记账金额(支出)";
const BOOKED_CCY: &str = "记账币种";
const TXN_IN: &str = "交易金额(收入)";
const TXN_OUT: &str = "交易金额(支出)";
const TXN_CCY: &str = "交易币种";
const BALANCE: &str = "余额";
const COUNTERPARTY: &str = "对方户名";

impl Adapter for IcbcDebit {
    fn name(&self) -> &str {
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
    fn claims_header(&self, line: &str) -> bool {
        let outs = [BOOKED_OUT, TXN_OUT].iter().flat_map(|name| [name.to_string(), full_width(name)]);
        outs.into_iter().any(|out| header_matches(line, &[DATE, SUMMARY, &out]))
    }
    /// `（支出）` with full-width parentheses is read as well.
    fn signatures(&self) -> &'static [&'static [&'static str]] {
        &[&[DATE, SUMMARY, BOOKED_OUT], &[DATE, SUMMARY, TXN_OUT]]
    }

    fn parse(&self, src: &SourceText, header_line: usize, opts: &IngestOptions) -> Result<Parsed, String> {
        let (header, rows) = read_export(src, header_line)?;
        let header: Vec<String> = header.iter().map(|h| h.replace('（', "(").replace('）', ")")).collect();
        let cols = Columns::find(&header)?;
        let card = ["卡号", "账号"]
            .iter()
            .find_map(|key| preamble_value(src, header_line, key))
            .and_then(|number| last4_digits(&number));
        let account = Account::label("icbc", card.as_deref());
        let mut out = Parsed { account: account.clone(), ..Parsed::default() };
        read_preamble(src, header_line, opts.zone, &mut out);
        let statement = Statement { src, cols, width: header.len(), account, card, opts };
        collect_rows(&mut out, src, rows.iter().filter(|r| r.is_dated() || !is_footer(r)), |row| statement.read(row));
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
    country: Option<usize>,
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
            country: col(COUNTRY),
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
        t.kind = kind_from_summary(summary, direction);
        t.counterparty = counterparty.map(str::to_string);
        t.description = match (summary, detail) {
            ("", None) => None,
            ("", Some(d)) => Some(d.to_string()),
            (s, None) => Some(s.to_string()),
            (s, Some(d)) => Some(format!("{s} / {d}")),
        };
        let texts = [counterparty, row.get(cols.place), detail, Some(summary)];
        t.provider = texts.into_iter().flatten().find_map(|text| institutions::recognise([text])).map(str::to_string);
        t.card_last4 = self.card.clone();
        t.location = row.get(cols.country).map(str::to_string);
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
        // `0.00` in the column not used is no amount.
        if value.is_zero() {
            return Ok(None);
        }
        if value < Decimal::ZERO {
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
