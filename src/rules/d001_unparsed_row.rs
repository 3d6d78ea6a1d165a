//! D001 unparsed-row: a row could not be read; the reason and line are given.
//!
//! What it detects: a data row of a recognised export that the adapter could not turn into a
//! transaction: an unreadable date, an amount that is not a number (`5OO.00`), a missing
//! required cell, a status outside the format's vocabulary. The message gives the reason and
//! echoes the row, with card numbers masked to their last four digits (unless `--show-pii`).
//!
//! Why it matters: nothing is dropped silently. A row the audit cannot read is a row it cannot
//! reconcile: a debit on it could hide any of the R findings.
//!
//! Example: `attempts.csv` line 31 `2026-10-02 08:15:00,5OO.00,failed,…` (letter O, not zero)
//! gives "Line 31 of attempts.csv could not be read", with the reason `not an amount: "5OO.00"`.
//!
//! Advice: correct the cell in the file (or export the file again) and re-run the audit; if
//! the export itself writes the row this way, report the line (personal details removed) to
//! the maintainers so that the format can be supported.

use super::{Context, Rule};
use crate::finding::{Evidence, Finding, Severity};

pub const RULE: Rule = Rule {
    code: "D001",
    slug: "unparsed-row",
    severity: Severity::Medium,
    summary: "a row could not be read; the reason and line are given",
    source: include_str!("d001_unparsed_row.rs"),
    check,
};

fn check(ctx: &Context) -> Vec<Finding> {
    ctx.ledger
        .rejected
        .iter()
        .map(|r| {
            let (path, line, reason) = (&r.source.path, r.source.line, &r.reason);
            let mut short: String = r.raw.chars().take(100).collect();
            if short.len() < r.raw.len() {
                short.push('…');
            }
            let short = if ctx.show_pii { short } else { crate::model::mask_card_numbers(&short) };
            let file_name = crate::model::file_name(path);
            let key = format!("{file_name}|{}", r.raw);
            let mut f = Finding::new(
                &RULE,
                &[key],
                ctx.t(format!("Line {line} of {file_name} could not be read"), format!("{file_name} 第 {line} 行无法读取")),
                ctx.t(format!("{reason}: {short}"), format!("{reason}：{short}")),
            )
            .advice([
                ctx.t(
                    format!("Correct line {line} of {path} (or export the file again) and re-run the audit: until then, this row is not reconciled."),
                    format!("请修正 {path} 第 {line} 行（或重新导出该文件）后重新审计；在此之前，该行不会参与对账。"),
                ),
                ctx.t(
                    "If the export itself writes the row this way, report the line (with personal details removed) to the wallet-audit maintainers so that the format can be supported.".into(),
                    "如果导出文件本身就是这样写的，请将该行（去除个人信息后）反馈给 wallet-audit 的维护者，以便支持这种格式。".into(),
                ),
            ]);
            f.account = ctx.ledger.inputs.iter().find(|i| i.path == **path).map(|i| i.account.clone());
            f.evidence.push(Evidence { path: path.to_string(), line, reference: None, role: "unreadable row".into() });
            f
        })
        .collect()
}
