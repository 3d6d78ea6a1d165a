//! Bank statement layouts as data: which columns a bank's export has and how it writes dates,
//! amounts, currencies and cards. One reader turns every layout into bank transactions, so a
//! new bank is a table of its column names, not new parsing code.

use super::heading;
use crate::ingest::cells::{currency_code, kind_from_summary, posting_status};
use crate::ingest::preamble::read_preamble;
use crate::ingest::table::{Row, check_width, collect_rows, is_date, read_export};
use crate::ingest::{Adapter, IngestOptions, Parsed, SourceText};
use crate::institutions;
use crate::model::{
    Account, Direction, Money, Side, Status, Timestamp, Transaction, last4_digits, parse_amount, parse_timestamp,
    parse_timestamp_with,
};
use rust_decimal::Decimal;

/// Whose card the statement is about: a debit card's balance, or a credit card's bill.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CardKind {
    Debit,
    Credit,
}

/// Column names: the first a header holds is used (exports of one bank vary in wording).
pub type Names = &'static [&'static str];

/// How a layout writes which way money went.
pub enum Amounts {
    /// One signed amount: negative is money out (CMB debit `交易金额`, BOC debit `金额`).
    Signed(Names),
    /// A credit card's signed amount: positive is spending (money out), negative a repayment
    /// or refund (CMB credit `人民币金额`).
    CardSigned(Names),
    /// An income column and an expense column, one of them filled (CCB `收入`/`支出`).
    Split { income: Names, expense: Names },
    /// An unsigned amount and a column saying 借 (out) or 贷 (in) (BOCOM debit `借贷`).
    Flagged { amount: Names, flag: Names },
    /// An unsigned amount whose direction the summary's first word tells (BOCOM credit
    /// `交易说明`: `退货 …`, `信用卡还款 …`, `消费 …`): a word holding one of `incoming` (or a
    /// negative amount) is money in, any other word money out (a credit card bill lists its
    /// spending unsigned).
    Worded { amount: Names, incoming: Names },
}

/// One bank export layout.
pub struct BankLayout {
    /// Format name shown in reports (`ccb-debit`).
    pub name: &'static str,
    pub description: &'static str,
    /// Account prefix (`ccb` in `ccb:1234`), one of [`institutions`]' bank codes.
    pub institution: &'static str,
    pub card_kind: CardKind,
    /// The header cells that identify the layout (any one set: a bank's variants).
    pub signatures: &'static [Names],
    /// The row's date (or date and time), and a separate time column where there is one. Of
    /// several date columns the first filled one of each row is used (a credit card's repayment
    /// has a 记账日 but no 交易日); a date without a year (`01/27`) takes the year of the
    /// statement month its heading names.
    pub date: Names,
    pub time: Names,
    pub amounts: Amounts,
    /// The currency column; without one (or when it is empty) `default_currency`.
    pub currency: Names,
    pub default_currency: &'static str,
    pub balance: Names,
    /// What the row is (`摘要`, `交易名称`): read for its kind.
    pub summary: Names,
    pub counterparty: Names,
    /// Further text kept in the description and searched for the wallet provider (附言, 渠道).
    pub details: Names,
    /// A per-row card column (`卡号末四位`, `借记卡号`).
    pub card_column: Names,
    /// Preamble keys whose value holds the card or account number (`卡号：6222****1234`,
    /// `账　　号：` with the number in the next cell). Without one, the first card of the card
    /// column is the statement's.
    pub preamble_card: Names,
    pub reference: Names,
    /// Whether the row is booked or still pending (HSBC credit card `Transaction status`:
    /// `POSTED`), read by [`posting_status`]; empty for the many exports that list booked rows
    /// only. A pending row is no settled debit: reconciliation waits for its booked copy.
    pub status: Names,
    /// Date formats (chrono's) tried before the year-first forms every export is read with:
    /// `%d/%m/%Y` for a day-first `24/03/2026` (HSBC), `%d %b %Y` for `24 Mar 2026`. Empty for
    /// exports that write the year first.
    pub date_formats: Names,
}

impl Adapter for BankLayout {
    fn name(&self) -> &str {
        self.name
    }
    fn side(&self) -> Side {
        Side::Bank
    }
    fn description(&self) -> &'static str {
        self.description
    }
    fn signatures(&self) -> &'static [&'static [&'static str]] {
        self.signatures
    }

    fn parse(&self, src: &SourceText, header_line: usize, opts: &IngestOptions) -> Result<Parsed, String> {
        let (header, rows) = read_export(src, header_line)?;
        let header: Vec<String> = header.iter().map(|h| normalise_header(h)).collect();
        let cols = Columns::find(self, &header)?;
        let data: Vec<&Row> = rows.iter().filter(|r| r.is_dated() || !is_footer(r)).collect();
        // A row whose card cell is empty (interest on a credit card) is the statement's card's.
        let card = heading::card_number(src, header_line, self.preamble_card)
            .or_else(|| data.iter().find_map(|r| r.get(cols.card).and_then(last4_digits)));
        let mut out = Parsed { account: Account::label(self.institution, card.as_deref()), ..Parsed::default() };
        read_preamble(src, header_line, opts.zone, &mut out);
        let month = heading::statement_month(src, header_line);
        let statement = Statement { layout: self, src, cols, width: header.len(), card, month, opts };
        collect_rows(&mut out, src, data, |row| statement.read(row));
        Ok(out)
    }
}

/// `记账金额（支出）` → `记账金额(支出)`, `日 志 号` → `日志号`: how banks vary one name.
fn normalise_header(cell: &str) -> String {
    cell.replace('（', "(").replace('）', ")").chars().filter(|c| !c.is_whitespace()).collect()
}

/// The first header cell that is one of `names` (in order of preference), names normalised
/// as the header is and compared in any ASCII letter case (`Billing amount` is `billingamount`).
fn column(header: &[String], names: &[&str]) -> Option<usize> {
    names.iter().find_map(|name| {
        let name = normalise_header(name);
        header.iter().position(|h| h.eq_ignore_ascii_case(&name))
    })
}

/// Totals and notes after the data (`合计`, `共12笔`, a dash rule, a lone note such as CCB's
/// `以上数据仅供参考，具体内容请以柜台为准`): not rows. Dated rows never are.
fn is_footer(row: &Row) -> bool {
    let first = row.cells.iter().find(|c| !c.is_empty()).map_or("", String::as_str);
    let totals = ["合计", "总计", "小计", "本页", "Total"];
    let notes = ["以上", "注：", "注:", "温馨提示", "说明：", "备注：", "特别提示"];
    let lone = row.cells.iter().filter(|c| !c.is_empty()).count() == 1;
    first.starts_with("---")
        || totals.iter().any(|t| first.starts_with(t) || first.ends_with(t))
        || (first.starts_with('共') && (first.contains('笔') || first.contains('条')))
        || (lone && notes.iter().any(|n| first.starts_with(n)))
}

/// Country or region columns (`CHN`), kept as the row's location (S008).
const COUNTRY: Names = &["交易国家或地区简称", "交易国家或地区", "交易地区", "Country / region"];

/// A text cell, `None` when empty or a rule of dashes (BOC writes `-------------------` for an
/// empty 网点名称); a rule run into a value (`------- 张三`) is cut off.
fn text_cell(row: &Row, col: Option<usize>) -> Option<&str> {
    let cell = row.get(col)?;
    let rest = cell.trim_start_matches('-').trim();
    match cell.len() - cell.trim_start_matches('-').len() {
        0..=2 => Some(cell),
        _ => (!rest.is_empty()).then_some(rest),
    }
}

/// Where each named column is in this export's header.
struct Columns {
    /// Every date column the header has, in the layout's order of preference.
    dates: Vec<usize>,
    time: Option<usize>,
    amount: AmountColumns,
    currency: Option<usize>,
    balance: Option<usize>,
    summary: Option<usize>,
    counterparty: Option<usize>,
    details: Vec<usize>,
    card: Option<usize>,
    reference: Option<usize>,
    status: Option<usize>,
    country: Option<usize>,
}

enum AmountColumns {
    Signed { amount: usize, card: bool },
    Split { income: Option<usize>, expense: Option<usize> },
    Flagged { amount: usize, flag: usize },
    Worded { amount: usize, summary: usize, incoming: Names },
}

impl Columns {
    fn find(layout: &BankLayout, header: &[String]) -> Result<Columns, String> {
        let col = |names: Names| column(header, names);
        let missing = |names: Names| format!("the header has no {} column", names.join(" or "));
        let amount = match &layout.amounts {
            Amounts::Signed(names) => {
                AmountColumns::Signed { amount: col(names).ok_or_else(|| missing(names))?, card: false }
            }
            Amounts::CardSigned(names) => {
                AmountColumns::Signed { amount: col(names).ok_or_else(|| missing(names))?, card: true }
            }
            Amounts::Split { income, expense } => match (col(income), col(expense)) {
                (None, None) => {
                    return Err(format!("the header has no {} column", [*income, *expense].concat().join(" or ")));
                }
                (income, expense) => AmountColumns::Split { income, expense },
            },
            Amounts::Flagged { amount, flag } => AmountColumns::Flagged {
                amount: col(amount).ok_or_else(|| missing(amount))?,
                flag: col(flag).ok_or_else(|| missing(flag))?,
            },
            Amounts::Worded { amount, incoming } => AmountColumns::Worded {
                amount: col(amount).ok_or_else(|| missing(amount))?,
                summary: col(layout.summary).ok_or_else(|| missing(layout.summary))?,
                incoming,
            },
        };
        let dates: Vec<usize> = layout.date.iter().filter_map(|n| column(header, &[n])).collect();
        if dates.is_empty() {
            return Err(missing(layout.date));
        }
        Ok(Columns {
            dates,
            time: col(layout.time),
            amount,
            currency: col(layout.currency),
            balance: col(layout.balance),
            summary: col(layout.summary),
            counterparty: col(layout.counterparty),
            details: layout.details.iter().filter_map(|n| column(header, &[n])).collect(),
            card: col(layout.card_column),
            reference: col(layout.reference),
            status: col(layout.status),
            country: col(COUNTRY),
        })
    }
}

/// One statement being read.
struct Statement<'a> {
    layout: &'a BankLayout,
    src: &'a SourceText,
    cols: Columns,
    width: usize,
    card: Option<String>,
    /// The statement's month, for dates written without a year.
    month: Option<(i32, u32)>,
    opts: &'a IngestOptions,
}

impl Statement<'_> {
    fn read(&self, row: &Row) -> Result<Transaction, String> {
        let (layout, cols) = (self.layout, &self.cols);
        // Banks write every cell of every row: a shorter one was cut (the file's last row, which
        // may end without a line ending, is no exception).
        check_width(row, self.width, self.width)?;
        let date = cols.dates.iter().find_map(|&c| row.get(Some(c))).ok_or("the date is empty")?;
        let date = heading::with_year(date, self.month)?.unwrap_or_else(|| dashed_date(date));
        let stamp = match row.get(cols.time) {
            // A time column that holds the date too (BOCOM's 网银 export: `2026-09-01 12:30:45`).
            Some(time) if is_date(time) => time.to_string(),
            Some(time) if !date.contains(':') => format!("{date} {}", colon_time(time)),
            _ => date,
        };
        let when = self.timestamp(&stamp)?;
        let (value, direction, written_currency) = self.amount(row)?;
        let currency = match written_currency.or_else(|| row.get(cols.currency).map(str::to_string)) {
            Some(raw) => currency_code(&raw).ok_or_else(|| format!("currency {raw:?} is not one we know"))?,
            None => layout.default_currency.to_string(),
        };
        let card = row.get(cols.card).and_then(last4_digits).or_else(|| self.card.clone());
        let account = Account::label(layout.institution, card.as_deref());
        let money = Money::new(value, currency);
        let mut t = Transaction::new(self.src.at(row.line), Side::Bank, account, when, money, direction);
        let summary = text_cell(row, cols.summary).unwrap_or("");
        let details: Vec<&str> = cols.details.iter().filter_map(|&i| text_cell(row, Some(i))).collect();
        t.kind = kind_from_summary(&[summary].iter().chain(&details).copied().collect::<Vec<_>>().join(" "), direction);
        t.counterparty = text_cell(row, cols.counterparty).map(str::to_string);
        let described: Vec<&str> =
            std::iter::once(summary).chain(details.iter().copied()).filter(|s| !s.is_empty()).collect();
        t.description = (!described.is_empty()).then(|| described.join(" / "));
        let texts = std::iter::once(t.counterparty.as_deref()).flatten().chain(described.iter().copied());
        t.provider = texts.into_iter().find_map(|text| institutions::recognise([text])).map(str::to_string);
        // An empty status cell is a booked row, as in the exports that have no status column.
        t.status = row.get(cols.status).map_or(Ok(Status::Success), posting_status)?;
        t.card_last4 = card;
        t.reference = row.text(cols.reference);
        t.location = text_cell(row, cols.country).map(str::to_string);
        t.balance = row.get(cols.balance).and_then(|b| split_currency(b).1.and_then(|v| parse_amount(v).ok()));
        Ok(t)
    }

    /// The row's time: in one of the layout's own date formats, else as any export writes it.
    fn timestamp(&self, stamp: &str) -> Result<Timestamp, String> {
        let zone = self.opts.zone;
        if let Some(t) = self.layout.date_formats.iter().find_map(|f| parse_timestamp_with(stamp, f, zone).ok()) {
            return Ok(t);
        }
        parse_timestamp(stamp, zone).map_err(|e| match self.layout.date_formats {
            [] => format!("date: {e}"),
            formats => format!("date: {stamp:?} is neither {} nor a year-first date", formats.join(" nor ")),
        })
    }

    /// The amount, which way it went, and a currency written in the amount cell itself.
    fn amount(&self, row: &Row) -> Result<(Decimal, Direction, Option<String>), String> {
        let read = |col: usize| -> Result<Option<(Decimal, Option<String>)>, String> {
            let Some(raw) = row.get(Some(col)) else { return Ok(None) };
            let (currency, number) = split_currency(raw);
            let number = number.ok_or_else(|| format!("amount {raw:?} has no number"))?;
            let value = parse_amount(number).map_err(|e| format!("amount: {e}"))?;
            Ok(Some((value, currency)))
        };
        match self.cols.amount {
            AmountColumns::Signed { amount, card } => {
                let (value, currency) = read(amount)?.ok_or("the amount is empty")?;
                let out = value.is_sign_negative() != card;
                let direction = if out { Direction::Out } else { Direction::In };
                Ok((value.abs(), direction, currency))
            }
            AmountColumns::Split { income, expense } => {
                let pick = |col: Option<usize>| col.map(read).transpose().map(Option::flatten);
                let nonzero = |v: Option<(Decimal, Option<String>)>| v.filter(|(d, _)| !d.is_zero());
                match (nonzero(pick(income)?), nonzero(pick(expense)?)) {
                    (Some(_), Some(_)) => Err("both the income and the expense amount are filled".into()),
                    // The column says which way; some banks also write expenses negative.
                    (Some((v, c)), None) => Ok((v.abs(), Direction::In, c)),
                    (None, Some((v, c))) => Ok((v.abs(), Direction::Out, c)),
                    (None, None) => Err("no amount: the income and expense columns are both empty".into()),
                }
            }
            AmountColumns::Flagged { amount, flag } => {
                let (value, currency) = read(amount)?.ok_or("the amount is empty")?;
                let direction = match row.get(Some(flag)).unwrap_or("") {
                    f if f.starts_with('借') || f.eq_ignore_ascii_case("D") || f.eq_ignore_ascii_case("DR") => {
                        Direction::Out
                    }
                    f if f.starts_with('贷') || f.eq_ignore_ascii_case("C") || f.eq_ignore_ascii_case("CR") => {
                        Direction::In
                    }
                    other => return Err(format!("debit/credit mark {other:?} is neither 借 nor 贷")),
                };
                Ok((value.abs(), direction, currency))
            }
            AmountColumns::Worded { amount, summary, incoming } => {
                let (value, currency) = read(amount)?.ok_or("the amount is empty")?;
                let word = row.get(Some(summary)).and_then(|s| s.split_whitespace().next()).unwrap_or("");
                // A converter that marks repayments with a minus sign says so too.
                let direction = match value.is_sign_negative() || incoming.iter().any(|w| word.contains(w)) {
                    true => Direction::In,
                    false => Direction::Out,
                };
                Ok((value.abs(), direction, currency))
            }
        }
    }
}

/// `20260901` → `2026-09-01`; `2026.09.01` → `2026-09-01`; anything else as written.
fn dashed_date(date: &str) -> String {
    let d = date.trim();
    if d.len() == 8 && d.bytes().all(|b| b.is_ascii_digit()) {
        return format!("{}-{}-{}", &d[..4], &d[4..6], &d[6..]);
    }
    if d.bytes().all(|b| b.is_ascii_digit() || b == b'.') {
        return d.replace('.', "-");
    }
    d.to_string()
}

/// `093015` → `09:30:15`, `0930` → `09:30`; anything else as written.
fn colon_time(time: &str) -> String {
    let t = time.trim();
    match (t.len(), t.bytes().all(|b| b.is_ascii_digit())) {
        (6, true) => format!("{}:{}:{}", &t[..2], &t[2..4], &t[4..]),
        (4, true) => format!("{}:{}", &t[..2], &t[2..]),
        _ => t.to_string(),
    }
}

/// `CNY 100.00`, `人民币/100.00`, `HKD-35.00` → the currency written before the number, and the
/// number (`None` when the cell holds no digit).
fn split_currency(cell: &str) -> (Option<String>, Option<&str>) {
    let s = cell.trim();
    let start =
        s.find(|c: char| c.is_ascii_digit() || matches!(c, '-' | '+' | '−' | '(' | '¥' | '￥' | '$' | '€' | '£'));
    let Some(start) = start else { return (None, None) };
    let (prefix, number) = s.split_at(start);
    let prefix = prefix.trim().trim_end_matches(['/', ':', '：']).trim();
    let currency = (!prefix.is_empty()).then(|| prefix.to_string());
    match currency {
        // A word that is no currency (`收入 100`) is not ours to drop: the amount parser decides.
        Some(c) if currency_code(&c).is_none() => (None, Some(s)),
        c => (c, Some(number.trim())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_times_and_currency_prefixes() {
        assert_eq!(dashed_date("20260901"), "2026-09-01");
        assert_eq!(dashed_date("2026.09.01"), "2026-09-01");
        assert_eq!(dashed_date("2026/9/1"), "2026/9/1");
        assert_eq!(colon_time("093015"), "09:30:15");
        assert_eq!(colon_time("9:30:15"), "9:30:15");
        assert_eq!(split_currency("CNY 100.00"), (Some("CNY".into()), Some("100.00")));
        assert_eq!(split_currency("人民币/-35.50"), (Some("人民币".into()), Some("-35.50")));
        assert_eq!(split_currency("1,234.00"), (None, Some("1,234.00")));
        assert_eq!(split_currency("收入 100"), (None, Some("收入 100")));
        assert_eq!(split_currency("人民币"), (None, None));
        assert_eq!(normalise_header("日 志 号"), "日志号");
        assert_eq!(normalise_header("交易金额（收入）"), "交易金额(收入)");
    }

    #[test]
    fn dash_rules_are_empty_and_lone_notes_are_footers() {
        let row = |cells: &[&str]| Row { cells: cells.iter().map(|c| c.to_string()).collect(), ..Row::default() };
        let boc = row(&["-------------------", "------- 九月房租", "-5", "支付宝-林晓雯"]);
        assert_eq!(
            (0..4).map(|i| text_cell(&boc, Some(i))).collect::<Vec<_>>(),
            [None, Some("九月房租"), Some("-5"), Some("支付宝-林晓雯")]
        );
        assert!(is_footer(&row(&["以上数据仅供参考，具体内容请以柜台为准", "", ""])));
        assert!(is_footer(&row(&["合计金额", "", "3039.90"])));
        assert!(!is_footer(&row(&["以上", "消费", "88.00"])), "a row of several values is a row");
    }

    #[test]
    fn columns_are_found_however_the_header_spaces_and_cases_them() {
        let header: Vec<String> =
            ["Date", "Billing amount", "交易金额（收入）"].iter().map(|h| normalise_header(h)).collect();
        assert_eq!(column(&header, &["Billing amount"]), Some(1));
        assert_eq!(column(&header, &["billing AMOUNT"]), Some(1));
        assert_eq!(column(&header, &["交易金额(收入)"]), Some(2));
        assert_eq!(column(&header, &["Balance", "date"]), Some(0));
        assert_eq!(column(&header, &["Balance"]), None);
    }

    static WORDED: BankLayout = BankLayout {
        name: "test-worded",
        description: "test",
        institution: "bocom",
        card_kind: CardKind::Credit,
        signatures: &[&["日期", "时间", "说明", "金额"]],
        date: &["日期"],
        time: &["时间"],
        amounts: Amounts::Worded { amount: &["金额"], incoming: &["退货", "还款"] },
        currency: &[],
        default_currency: "HKD",
        balance: &[],
        summary: &["说明"],
        counterparty: &[],
        details: &[],
        card_column: &[],
        preamble_card: &[],
        reference: &[],
        status: &[],
        date_formats: &["%d/%m/%Y", "%d %b %Y"],
    };

    fn parse(layout: &BankLayout, text: &str) -> Parsed {
        let src = SourceText::from_bytes("t.csv", text.as_bytes());
        let opts = IngestOptions { zone: crate::model::CHINA_ZONE.into(), zone_given: false, mapping: None };
        layout.parse(&src, 0, &opts).expect("parses")
    }

    #[test]
    fn worded_amounts_day_first_dates_and_time_cells_holding_the_date() {
        let out = parse(
            &WORDED,
            "日期,时间,说明,金额\n\
             24/03/2026,,消费 支付宝-商户,CNY 12.50\n\
             05 Mar 2026,,退货 支付宝-商户,CNY 12.50\n\
             2026-03-06,2026-03-06 09:15:00,信用卡还款 转账,100.00\n\
             07/03/2026,,刷卡金扣回,-3.00\n\
             3/24/2026,,消费,1.00\n",
        );
        let got: Vec<(String, Direction, String)> = out
            .transactions
            .iter()
            .map(|t| (t.time.at.format("%Y-%m-%d %H:%M").to_string(), t.direction, t.money.to_string()))
            .collect();
        assert_eq!(
            got,
            [
                ("2026-03-24 00:00".to_string(), Direction::Out, "12.50 CNY".to_string()),
                ("2026-03-05 00:00".to_string(), Direction::In, "12.50 CNY".to_string()),
                ("2026-03-06 09:15".to_string(), Direction::In, "100.00 HKD".to_string()),
                ("2026-03-07 00:00".to_string(), Direction::In, "3.00 HKD".to_string()),
            ]
        );
        let [rejected] = out.rejected.as_slice() else { panic!("one rejected row: {:?}", out.rejected) };
        assert_eq!(rejected.source.line, 6);
        assert!(rejected.reason.contains("neither %d/%m/%Y nor %d %b %Y nor a year-first date"), "{}", rejected.reason);
    }
}
