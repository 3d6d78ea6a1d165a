//! D005 incomplete-export: an export holds fewer (or more) rows than it says it does.
//!
//! What it detects: a WeChat Pay or Alipay export states its own record count (`共51笔记录` in
//! the preamble or the footer), and the rows read from it (transactions, repeats of another
//! export and unreadable rows together) do not add up to that count.
//!
//! Why it matters: fewer rows than stated means the file was cut short (an interrupted
//! download, a copy that stopped early) or rows were deleted by hand: any of the missing rows
//! could be a debited top-up the audit cannot see. More rows than stated means rows were
//! added to the file after it was exported.
//!
//! Example: `wechat.csv` says `共12笔记录` on line 7 but holds 9 rows: "wechat.csv holds 9
//! of the 12 records it states".
//!
//! Advice: export the period again from the app (or download the file again) and re-run the
//! audit with the complete file; if the file was edited, use the original export.

use super::{Context, Rule};
use crate::finding::{Evidence, Finding, Severity, role};

pub const RULE: Rule = Rule {
    code: "D005",
    slug: "incomplete-export",
    severity: Severity::High,
    summary: "an export holds fewer (or more) rows than it says it does",
    source: include_str!("d005_incomplete_export.rs"),
    check,
};

fn check(ctx: &Context) -> Vec<Finding> {
    let mut out = Vec::new();
    for input in &ctx.ledger.inputs {
        let Some(declared) = input.declared_rows else { continue };
        let (held, stated) = (input.rows, declared.count);
        if held == stated {
            continue;
        }
        let file = crate::model::file_name(&input.path);
        let (title, message) = if held < stated {
            (
                ctx.t(
                    format!("{file} holds {held} of the {stated} records it states"),
                    format!("{file} 只有 {held} 行，少于其声明的 {stated} 笔记录"),
                ),
                ctx.t(
                    format!(
                        "Line {} says the export holds {stated} records, but {held} rows were read: {} rows are missing (the file was cut short or rows were deleted), and what they hold is not audited.",
                        declared.line,
                        stated - held
                    ),
                    format!(
                        "第 {} 行声明共 {stated} 笔记录，但只读到 {held} 行：缺少 {} 行（文件被截断或被删改），缺失的行无法审计。",
                        declared.line,
                        stated - held
                    ),
                ),
            )
        } else {
            (
                ctx.t(
                    format!("{file} holds {held} rows, more than the {stated} records it states"),
                    format!("{file} 有 {held} 行，多于其声明的 {stated} 笔记录"),
                ),
                ctx.t(
                    format!(
                        "Line {} says the export holds {stated} records, but {held} rows were read: {} rows were added to the file after it was exported.",
                        declared.line,
                        held - stated
                    ),
                    format!(
                        "第 {} 行声明共 {stated} 笔记录，但读到 {held} 行：有 {} 行是导出后加入文件的。",
                        declared.line,
                        held - stated
                    ),
                ),
            )
        };
        // The export (account, period start, stated count), not the file nor how many rows it
        // lost: a copy cut shorter still is the same incomplete export, its finding changed.
        let coverage = input.coverage.map(|c| c.from.to_rfc3339()).unwrap_or_default();
        let key = format!("{}|{coverage}|{stated}", input.account);
        let stated_at = Evidence {
            path: input.path.clone(),
            line: declared.line,
            reference: None,
            role: role::STATED_COUNT.into(),
        };
        let mut f = Finding::new(&RULE, &[key], title, message);
        // The same export given twice (under two names) is one finding citing both files.
        if let Some(same) = out.iter_mut().find(|o: &&mut Finding| o.id == f.id) {
            same.evidence.push(stated_at);
            continue;
        }
        f = f
            .advice([
                ctx.t(
                    format!("Export the period again from the app (or download {file} again) and re-run the audit with the complete file."),
                    format!("请在应用中重新导出该时间段（或重新下载 {file}），用完整的文件重新审计。"),
                ),
                ctx.t(
                    "If the file was edited by hand, audit the original export instead.".into(),
                    "如果文件被手工修改过，请改用原始导出文件审计。".into(),
                ),
            ])
            .account(input.account.clone());
        f.start = input.coverage.map(|c| c.from);
        f.end = input.coverage.map(|c| c.to);
        f.evidence.push(stated_at);
        out.push(f);
    }
    out
}
