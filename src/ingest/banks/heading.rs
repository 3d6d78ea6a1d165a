//! What the lines above a bank statement's header say: the card or account number (its key
//! written with spaces inside, its value in the same cell or the next one) and the month the
//! statement is for, which dates written without a year (`01/27`) belong to.

/// Column or key names, the first found is used (as `layout::Names`).
type Names = &'static [&'static str];
use crate::ingest::SourceText;
use crate::ingest::table::line_cells;
use crate::model::last4_digits;
use chrono::{Datelike, NaiveDate};

/// The last four digits of the number a heading line names under one of `keys`:
/// `卡号: 6222****4321`; `账　　号：` with the number in the next cell (CCB); `户    名：张三
/// 账号：6214 **** **** 1234` (a PDF's line kept whole, CMB). A key counts only where a word
/// starts and a colon (or the cell's end) follows it, so `子账户序号: 00000` is no `账户`.
pub fn card_number(src: &SourceText, header_line: usize, keys: Names) -> Option<String> {
    let lines: Vec<Vec<String>> = src.text.lines().take(header_line).map(line_cells).collect();
    keys.iter().find_map(|key| {
        lines.iter().find_map(|cells| {
            cells.iter().enumerate().find_map(|(i, cell)| {
                let value = value_after(cell, key)?;
                let value = match value.is_empty() {
                    true => cells.iter().skip(i + 1).find(|c| !c.is_empty())?.clone(),
                    false => value,
                };
                last4_digits(&number_prefix(&value))
            })
        })
    })
}

/// What follows `key` and its colon in `cell` (empty when the value is in the next cell), or
/// `None` when the cell does not name `key`.
fn value_after(cell: &str, key: &str) -> Option<String> {
    let words: Vec<&str> = cell.split_whitespace().collect();
    (0..words.len()).find_map(|start| {
        let joined: String = words.iter().skip(start).copied().collect();
        let rest = joined.strip_prefix(key)?;
        let rest = rest.trim_start_matches(['[', '(', '（']);
        match rest.strip_prefix([':', '：']) {
            Some(value) => Some(value.trim_start_matches(['[', '(', '（']).to_string()),
            None if rest.is_empty() => Some(String::new()),
            // `卡号 6222****4321`, written without a colon.
            None if rest.starts_with(|c: char| c.is_ascii_digit() || c == '*') => Some(rest.to_string()),
            None => None,
        }
    })
}

/// The card number at the start of `value`: digits and the masks banks write (`*`, `x`, `•`).
fn number_prefix(value: &str) -> String {
    let keep = |c: &char| c.is_ascii_digit() || matches!(c, '*' | 'x' | 'X' | '•' | '-' | ' ' | '\u{3000}');
    value.trim().chars().take_while(keep).collect()
}

/// The year and month a statement is for: the last `YYYY年M月` written on the first heading
/// line that writes one (`招商银行信用卡对账单（个人消费卡账户 2024年01月）`, `中国银行信用卡账单
/// (2025年01月)`, or the end of a period `2025年12月15日 至 2026年01月14日`).
pub fn statement_month(src: &SourceText, header_line: usize) -> Option<(i32, u32)> {
    src.text.lines().take(header_line).find_map(|line| year_months(line).last().copied())
}

/// Every `YYYY年M月` in `line`, in order.
fn year_months(line: &str) -> Vec<(i32, u32)> {
    let mut found = Vec::new();
    let mut rest = line;
    while let Some(at) = rest.find('年') {
        let (before, after) = rest.split_at(at);
        let after = after.get('年'.len_utf8()..).unwrap_or_default();
        let year_digits: String = before.chars().rev().take_while(char::is_ascii_digit).collect();
        let month_digits: String = after.chars().take_while(char::is_ascii_digit).collect();
        let closes = after.get(month_digits.len()..).is_some_and(|r| r.starts_with('月'));
        if let (4, 1..=2, true) = (year_digits.len(), month_digits.len(), closes) {
            let year = year_digits.chars().rev().collect::<String>().parse().ok();
            let month = month_digits.parse().ok().filter(|m| (1..=12).contains(m));
            if let (Some(year), Some(month)) = (year, month) {
                found.push((year, month));
            }
        }
        rest = after;
    }
    found
}

/// A date written without its year (`01/27`, `1/27`, `01-27`) as `YYYY-MM-DD`, in the year
/// that puts it on or before the statement's month (a January bill's `12/29` is last year's).
/// `Ok(None)` when the date has a year; an error when it has none and the statement names no
/// month.
pub fn with_year(date: &str, month: Option<(i32, u32)>) -> Result<Option<String>, String> {
    let d = date.trim();
    let Some((m, day)) = d.split_once(['/', '-']) else { return Ok(None) };
    let short = |s: &str| (1..=2).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_digit());
    if !short(m) || !short(day) {
        return Ok(None);
    }
    let Some((year, statement_month)) = month else {
        return Err(format!(
            "the date {d:?} has no year, and no line above the header names the statement's month \
             (a title such as 2026年01月): the year cannot be known"
        ));
    };
    let (m, day): (u32, u32) = (m.parse().unwrap_or(0), day.parse().unwrap_or(0));
    let year = if m > statement_month { year - 1 } else { year };
    let date = NaiveDate::from_ymd_opt(year, m, day).ok_or_else(|| format!("{d:?} is not a date in {year}"))?;
    Ok(Some(format!("{:04}-{:02}-{:02}", date.year(), date.month(), date.day())))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn src(text: &str) -> SourceText {
        SourceText::from_bytes("t.csv", text.as_bytes())
    }

    #[test]
    fn card_numbers_as_headings_write_them() {
        let keys: Names = &["卡号", "账号"];
        assert_eq!(card_number(&src("卡号: 6222****4321,\"卡别名: x\"\nh\n"), 1, keys).as_deref(), Some("4321"));
        assert_eq!(card_number(&src("账　　号：,622588*********6789\nh\n"), 1, keys).as_deref(), Some("6789"));
        let cmb = "户    名：张三                 账号：6214 **** **** 1234   开 户 行：深圳分行8888\nh\n";
        assert_eq!(card_number(&src(cmb), 1, keys).as_deref(), Some("1234"));
        assert_eq!(card_number(&src("账号:[6222000011112222]\nh\n"), 1, keys).as_deref(), Some("2222"));
        assert_eq!(card_number(&src("卡号 6222****4321\nh\n"), 1, keys).as_deref(), Some("4321"));
        assert_eq!(card_number(&src("子账户序号: 00000\nh\n"), 1, &["账户"]), None);
        assert_eq!(card_number(&src("卡号末四位,1234\nh\n"), 1, keys), None);
        assert_eq!(card_number(&src("h\n卡号: 6222****4321\n"), 1, keys), None, "only lines above the header");
    }

    #[test]
    fn statement_months_and_dates_without_a_year() {
        let cmb = src("招商银行信用卡对账单（个人消费卡账户 2024年01月）（补）\nh\n");
        assert_eq!(statement_month(&cmb, 1), Some((2024, 1)));
        assert_eq!(statement_month(&src("账期：2025年12月15日 至 2026年1月14日\nh\n"), 1), Some((2026, 1)));
        assert_eq!(statement_month(&src("共 2026 年\nh\n"), 1), None);
        let jan = Some((2024, 1));
        assert_eq!(with_year("12/29", jan), Ok(Some("2023-12-29".into())));
        assert_eq!(with_year("01/03", jan), Ok(Some("2024-01-03".into())));
        assert_eq!(with_year("1-3", jan), Ok(Some("2024-01-03".into())));
        assert_eq!(with_year("2024-01-03", jan), Ok(None));
        assert_eq!(with_year("20240103", jan), Ok(None));
        assert!(with_year("02/30", jan).is_err_and(|e| e.contains("not a date")));
        assert!(with_year("01/27", None).is_err_and(|e| e.contains("has no year")));
    }
}
