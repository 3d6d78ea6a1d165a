//! D001 unparsed-row: a row could not be read; the reason and line are given.
//!
//! What it detects: data rows of a recognised export that the adapter could not turn into
//! transactions: an unreadable date, an amount that is not a number (`5OO.00`), a missing
//! required cell, a status outside the format's vocabulary. One finding per file and kind of
//! reason (the reason with its quoted values and numbers left out, so `time "2026-13-01" is
//! not a date and time` and `time "x" is not a date and time` are one kind): it gives the
//! number of rows, the first five lines as evidence, and the first row's reason and text,
//! shortened, with card numbers masked to their last four digits (unless `--show-pii`).
//!
//! Why it matters: nothing is dropped silently. A row the audit cannot read is a row it cannot
//! reconcile: a debit on it could hide any of the R findings.
//!
//! Example: `attempts.csv` line 31 `2026-10-02 08:15:00,5OO.00,failed,…` (letter O, not zero)
//! gives "Line 31 of attempts.csv could not be read", with the reason `not an amount: "5OO.00"`;
//! a file of 200,000 rows dated in month 13 gives one finding, "200000 rows of attempts.csv
//! could not be read", listing lines 2 to 6.
//!
//! Advice: correct the cells in the file (or export the file again) and re-run the audit; if
//! the export itself writes the rows this way, report a line (personal details removed) to
//! the maintainers so that the format can be supported.

use super::{Context, Rule};
use crate::finding::{Evidence, Finding, Severity, role};
use crate::ingest::Rejected;
use std::collections::HashMap;

pub const RULE: Rule = Rule {
    code: "D001",
    slug: "unparsed-row",
    severity: Severity::Medium,
    summary: "a row could not be read; the reason and line are given",
    source: include_str!("d001_unparsed_row.rs"),
    check,
};

/// Lines listed as evidence per finding; the message gives the count.
const SHOWN: usize = 5;
/// Characters of the first row echoed in the message.
const ECHOED: usize = 100;

fn check(ctx: &Context) -> Vec<Finding> {
    // Groups by (file, reason class), in the order their first rows were read.
    let mut index: HashMap<(&str, String), usize> = HashMap::new();
    let mut groups: Vec<(String, Vec<&Rejected>)> = Vec::new();
    for r in &ctx.ledger.rejected {
        let class = reason_class(&r.reason);
        let k = *index.entry((&*r.source.path, class.clone())).or_insert_with(|| {
            groups.push((class, Vec::new()));
            groups.len() - 1
        });
        if let Some((_, rows)) = groups.get_mut(k) {
            rows.push(r);
        }
    }
    // Identity (DESIGN.md §7): what the rows are, never where they are: the account, the kind
    // of reason and the first row's text. The same export given twice (or a later export
    // whose first unreadable row is the same) is one finding citing both files.
    let mut merged: Vec<(Vec<String>, Vec<&[&Rejected]>)> = Vec::new();
    for (class, rows) in &groups {
        let Some(first) = rows.first() else { continue };
        let keys = vec![account_of(ctx, &first.source.path).unwrap_or_default(), class.clone(), first.raw.clone()];
        match merged.iter_mut().find(|(k, _)| *k == keys) {
            Some((_, files)) => files.push(rows.as_slice()),
            None => merged.push((keys, vec![rows.as_slice()])),
        }
    }
    merged.iter().filter_map(|(keys, files)| finding(ctx, files, keys)).collect()
}

/// The account of the input read from `path`.
fn account_of(ctx: &Context, path: &str) -> Option<String> {
    ctx.ledger.inputs.iter().find(|i| i.path == path).map(|i| i.account.clone())
}

/// The finding for `files`: the rows of one kind of reason in the first file, and the same
/// rows again in each further file.
fn finding(ctx: &Context, files: &[&[&Rejected]], keys: &[String]) -> Option<Finding> {
    let (rows, copies) = files.split_first()?;
    let first = *rows.first()?;
    let (path, line, reason) = (&first.source.path, first.source.line, &first.reason);
    let n = rows.len();
    let mut short: String = first.raw.chars().take(ECHOED).collect();
    if short.len() < first.raw.len() {
        short.push('…');
    }
    let short = if ctx.show_pii { short } else { crate::model::mask_card_numbers(&short) };
    let file_name = crate::model::file_name(path);
    let account = account_of(ctx, path);
    let lines: Vec<String> = rows.iter().take(SHOWN).map(|r| r.source.line.to_string()).collect();
    let listed = if n > SHOWN { format!("{}, …", lines.join(", ")) } else { lines.join(", ") };
    let (title, message, correct) = if n == 1 {
        (
            ctx.t(format!("Line {line} of {file_name} could not be read"), format!("{file_name} 第 {line} 行无法读取")),
            ctx.t(format!("{reason}: {short}"), format!("{reason}：{short}")),
            ctx.t(
                format!("Correct line {line} of {path} (or export the file again) and re-run the audit: until then, this row is not reconciled."),
                format!("请修正 {path} 第 {line} 行（或重新导出该文件）后重新审计；在此之前，该行不会参与对账。"),
            ),
        )
    } else {
        (
            ctx.t(format!("{n} rows of {file_name} could not be read"), format!("{file_name} 有 {n} 行无法读取")),
            ctx.t(
                format!("{n} rows could not be read for the same kind of reason (lines {listed}). The first, line {line}: {reason}: {short}"),
                format!("{n} 行因同类原因无法读取（第 {listed} 行）。第一行（第 {line} 行）：{reason}：{short}"),
            ),
            ctx.t(
                format!("Correct the {n} rows of {path} (lines {listed}), or export the file again, and re-run the audit: until then, these rows are not reconciled."),
                format!("请修正 {path} 中的这 {n} 行（第 {listed} 行），或重新导出该文件，然后重新审计；在此之前，这些行不会参与对账。"),
            ),
        )
    };
    let (rows_en, line_en, line_zh) =
        if n == 1 { ("the row", "the line", "该行") } else { ("rows", "a line", "其中一行") };
    let report = ctx.t(
        format!("If the export itself writes {rows_en} this way, report {line_en} (with personal details removed) to the wallet-audit maintainers so that the format can be supported."),
        format!("如果导出文件本身就是这样写的，请将{line_zh}（去除个人信息后）反馈给 wallet-audit 的维护者，以便支持这种格式。"),
    );
    let message = message + &also_in(ctx, copies);
    let mut f = Finding::new(&RULE, keys, title, message).advice([correct, report]);
    f.account = account;
    for r in files.iter().flat_map(|rows| rows.iter().take(SHOWN)) {
        f.evidence.push(Evidence {
            path: r.source.path.to_string(),
            line: r.source.line,
            reference: None,
            role: role::UNREADABLE_ROW.into(),
        });
    }
    Some(f)
}

/// ` The same rows are also in b.csv (lines 3, 4).` for each further file holding them.
fn also_in(ctx: &Context, copies: &[&[&Rejected]]) -> String {
    let mut out = String::new();
    for rows in copies {
        let Some(first) = rows.first() else { continue };
        let file = crate::model::file_name(&first.source.path);
        let lines: Vec<String> = rows.iter().take(SHOWN).map(|r| r.source.line.to_string()).collect();
        let listed = if rows.len() > SHOWN { format!("{}, …", lines.join(", ")) } else { lines.join(", ") };
        out += &match rows.len() {
            1 => ctx.t(
                format!(" The same row is also in {file} (line {listed})."),
                format!("{file} 中也有同一行（第 {listed} 行）。"),
            ),
            n => ctx.t(
                format!(" {n} such rows are also in {file} (lines {listed})."),
                format!("{file} 中也有 {n} 行同类的行（第 {listed} 行）。"),
            ),
        };
    }
    out
}

/// The kind of a reason: the reason without its variable parts. Quoted values become `"…"`
/// and numbers `#`, so rows rejected for the same reason with different values group together.
fn reason_class(reason: &str) -> String {
    let mut out = String::with_capacity(reason.len());
    let mut chars = reason.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '"' {
            for q in chars.by_ref() {
                if q == '"' {
                    break;
                }
            }
            out.push_str("\"…\"");
        } else if c.is_ascii_digit() {
            while chars.peek().is_some_and(|d| d.is_ascii_digit() || matches!(d, '.' | ',')) {
                chars.next();
            }
            out.push('#');
        } else {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::reason_class;

    #[test]
    fn reasons_that_differ_only_in_values_are_one_class() {
        let a = reason_class(r#"time "2026-13-01" is not a date and time"#);
        assert_eq!(a, r#"time "…" is not a date and time"#);
        assert_eq!(a, reason_class(r#"time "x" is not a date and time"#));
        assert_eq!(reason_class("row has 12 cells, the header 13"), "row has # cells, the header #");
        assert_ne!(a, reason_class(r#"not an amount: "5OO.00""#));
        assert_eq!(reason_class(r#"unclosed "quote"#), r#"unclosed "…""#);
    }
}
