//! What Chinese wallet bills (Alipay, JD Pay, Meituan Pay) write about themselves around their
//! rows, beyond [`super::preamble`]: record counts as `共：26笔记录` or `共12条记录`, periods as
//! `日期区间：2026-09-01 至 2026-09-30`, the summary and notes block Alipay's older app export
//! puts after its rows, and references a spreadsheet re-save has mangled.

use super::table::{Row, clean, is_placeholder};
use super::{Coverage, DeclaredRows, SourceText};
use crate::model::{Zone, parse_timestamp};

/// The record count a bill states (`共12笔记录`, `共：26笔记录`, `共 12 条记录`): the first line
/// whose first cell says it, anywhere in the export.
pub fn record_count(src: &SourceText) -> Option<DeclaredRows> {
    src.text.lines().enumerate().filter(|(_, l)| l.contains("记录")).find_map(|(i, line)| {
        let count = count_in(&first_cell(line))?;
        Some(DeclaredRows { count, line: src.at(i + 1).line })
    })
}

/// `共12笔记录` → 12, in the ways the bills write it.
fn count_in(cell: &str) -> Option<usize> {
    let rest = cell.strip_prefix('共')?.trim_start_matches([':', '：', ' ']);
    let digits = rest.strip_suffix("笔记录").or_else(|| rest.strip_suffix("条记录"))?.trim();
    digits.parse().ok()
}

/// A line's first cell, cleaned and unquoted (`"共3笔记录",,,` → `共3笔记录`); the line may be
/// comma- or TAB-separated.
fn first_cell(line: &str) -> String {
    let cell = line.split([',', '\t']).next().unwrap_or_default();
    clean(cell).trim_matches('"').to_string()
}

/// The period stated by a `日期区间：2026-09-01 至 2026-09-30` line above the header (JD Pay): the
/// first day's start to the last day's end. A period running backwards is not believed.
pub fn date_range(src: &SourceText, header_line: usize, zone: Zone) -> Option<Coverage> {
    src.text.lines().take(header_line).find_map(|line| {
        let cell = first_cell(line);
        let (_, range) = cell.split_once("日期区间")?;
        let (from, to) = range.trim_start_matches([':', '：', ' ']).split_once('至')?;
        let from = parse_timestamp(from.trim(), zone).ok()?;
        let to = parse_timestamp(to.trim(), zone).ok()?;
        (from.at <= to.latest()).then(|| Coverage { from: from.at, to: to.latest() })
    })
}

/// Lines a bill writes around its rows: its export details (`导出信息：`, `姓名：…`,
/// `起始时间：[…]`, `导出时间：[…]`), its counts and totals (`共16笔记录`, `收入：1笔,88.00元`,
/// `已支出:2笔,71.00元`) and the heading of its notes. Only lines of one or two cells with values
/// qualify, so a data row is never taken for one.
const SUMMARY_PREFIXES: [&str; 21] = [
    "导出信息",
    "姓名",
    "支付宝账户",
    "账号",
    "账户",
    "起始时间",
    "起始日期",
    "终止时间",
    "导出交易类型",
    "导出时间",
    "收入：",
    "支出：",
    "不计收支：",
    "其他：",
    "已收入",
    "待收入",
    "已支出",
    "待支出",
    "用户",
    "特别提示",
    "共",
];

/// Which of `rows` (all rows of an export, in file order) are its footer rather than data: from
/// the first dash rule or summary line after the header, the summary lines, dash rules and
/// numbered notes (`1.本回单内容…`) that follow. A dated row is always data, and a line that fits
/// none of these stays data too (to be read or rejected), so nothing is silently dropped.
pub fn footer_rows(rows: &[Row]) -> Vec<bool> {
    let mut in_footer = false;
    rows.iter()
        .map(|row| {
            if row.above_header || row.is_dated() {
                in_footer = false;
                return false;
            }
            let filled: Vec<&str> = row.cells.iter().map(String::as_str).filter(|c| !is_placeholder(c)).collect();
            let first = filled.first().copied().unwrap_or_default().trim_matches('"');
            let short = filled.len() <= 2;
            let opens = short && (first.starts_with("---") || SUMMARY_PREFIXES.iter().any(|p| first.starts_with(p)));
            // A note may hold commas of its own; it counts only once the footer has begun.
            let note = in_footer && is_numbered_note(first);
            in_footer |= opens;
            opens || note
        })
        .collect()
}

/// `1.本回单内容…`, `9.本明细仅供个人对账使用。`: a number, a full stop, then text.
fn is_numbered_note(cell: &str) -> bool {
    let digits = cell.chars().take_while(char::is_ascii_digit).count();
    let mut rest = cell.chars().skip(digits);
    (1..=2).contains(&digits)
        && matches!(rest.next(), Some('.' | '、' | '．'))
        && rest.next().is_some_and(|c| !c.is_ascii_digit())
}

/// A reference as the bill wrote it, or nothing when a spreadsheet re-save turned it into a
/// number in exponent notation (`2.02609E+27`): its digits are lost, and two rows sharing such a
/// stub must not look like one payment.
pub fn reference(text: Option<String>) -> Option<String> {
    text.filter(|r| !is_exponent_stub(r))
}

fn is_exponent_stub(text: &str) -> bool {
    let Some((mantissa, exponent)) = text.split_once(['E', 'e']) else { return false };
    let exponent = exponent.trim_start_matches('+');
    let mantissa_ok = !mantissa.is_empty() && mantissa.chars().all(|c| c.is_ascii_digit() || c == '.');
    mantissa_ok && !exponent.is_empty() && exponent.chars().all(|c| c.is_ascii_digit())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_in_the_ways_bills_write_them() {
        assert_eq!(count_in("共16笔记录"), Some(16));
        assert_eq!(count_in("共：26笔记录"), Some(26));
        assert_eq!(count_in("共 12 条记录"), Some(12));
        assert_eq!(count_in("共计"), None);
        assert_eq!(first_cell("\"共3笔记录\",,,"), "共3笔记录");
        assert_eq!(first_cell("共：3笔记录\t\t"), "共：3笔记录");
    }

    #[test]
    fn notes_and_exponent_stubs() {
        assert!(is_numbered_note("1.本回单内容可表明支付宝受理了相应支付交易申请"));
        assert!(is_numbered_note("9、本明细仅供个人对账使用。"));
        assert!(!is_numbered_note("2026.09.03"));
        assert!(!is_numbered_note("123.45"));
        assert!(is_exponent_stub("2.02609E+27"));
        assert!(is_exponent_stub("2E+19"));
        assert!(!is_exponent_stub("T2026030600000003"));
        assert!(!is_exponent_stub("JDE100"));
        assert_eq!(
            reference(Some("2026090322001400000000000001".into())).as_deref(),
            Some("2026090322001400000000000001")
        );
    }
}
