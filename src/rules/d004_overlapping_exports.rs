//! D004 overlapping-exports: rows seen in several exports were counted once.
//!
//! What it detects: two exports of the same account that share rows (the same order number,
//! time and amount, or for bank rows the same date, amount, counterparty and balance). Each
//! such row is counted once, in the file read first; the header's `duplicates` column shows
//! how many rows of each input were recognised as already read.
//!
//! Why it matters: without it, overlapping exports double-count spending and make every
//! top-up in the overlap look debited twice. Reporting it shows the deduplication happened
//! and which rows it touched.
//!
//! Example: a WeChat export for 1 September–15 October and another for 10–31 October share
//! the rows of 10–15 October.
//!
//! Advice: nothing to fix; next time, export periods that follow on from each other without
//! overlapping.

use super::{Context, Rule};
use crate::finding::{Evidence, Finding, Severity, role};

pub const RULE: Rule = Rule {
    code: "D004",
    slug: "overlapping-exports",
    severity: Severity::Info,
    summary: "rows seen in several exports were counted once",
    source: include_str!("d004_overlapping_exports.rs"),
    check,
};

fn check(ctx: &Context) -> Vec<Finding> {
    ctx.ledger
        .overlaps
        .iter()
        .filter_map(|o| {
            let n = o.rows.len();
            let kept: Vec<_> = o.rows.iter().map(|(k, _)| ctx.tx(*k)).collect::<Option<_>>()?;
            let account = kept.first().map(|t| t.account.clone());
            // The account and the earliest repeated row, not every row: a later export that
            // overlaps further keeps the id, and so does swapping which export came first.
            let indices: Vec<usize> = o.rows.iter().map(|(k, _)| *k).collect();
            let keys = super::identity::row_group(ctx, &[account.as_deref().unwrap_or("")], &indices)?;
            let first = kept.iter().map(|t| t.time.at).min();
            let last = kept.iter().map(|t| t.time.at).max();
            let span = match (first, last) {
                (Some(a), Some(b)) => format!("{} – {}", a.format("%Y-%m-%d"), b.format("%Y-%m-%d")),
                _ => String::new(),
            };
            let mut f = Finding::new(
                &RULE,
                &keys,
                ctx.t(
                    format!("{n} rows appear in two exports and were counted once"),
                    format!("{n} 行同时出现在两个导出文件中，只计一次"),
                ),
                ctx.t(
                    format!(
                        "{} repeats {n} rows of {} ({span}); the repeats are not counted again.",
                        o.later, o.earlier
                    ),
                    format!("{} 中有 {n} 行与 {} 重复（{span}），重复的行只计一次。", o.later, o.earlier),
                ),
            )
            .spanning(kept.iter().copied())
            .advice([ctx.t(
                "Nothing to fix. Next time, export periods that follow on from each other without overlapping.".into(),
                "无需处理。以后导出时，请让各份账单的时间段前后衔接、互不重叠。".into(),
            )]);
            if let Some(account) = account {
                f = f.account(account);
            }
            // Every pair: the table shows the first few and counts the rest, JSON keeps them all.
            for (kept, (_, dup)) in kept.iter().zip(&o.rows) {
                f = f.evidence(kept, role::COUNTED_ROW);
                f.evidence.push(Evidence::of(dup, role::REPEATED_ROW));
            }
            Some(f)
        })
        .collect()
}
