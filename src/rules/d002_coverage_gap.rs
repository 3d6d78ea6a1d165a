//! D002 coverage-gap: statements leave a period uncovered, so reconciliation there is blind.
//!
//! What it detects: an account (a bank card or a wallet) whose statements cover two periods
//! with time between them that no statement covers: a missing month, or two exports that do
//! not meet. A period is the one the export's preamble states, or else its first to last
//! row. The evidence gives the statement rows where coverage stops and resumes, and the
//! top-ups funded from that card (or made in that wallet) inside the gap.
//!
//! Why it matters: in the gap, a debit without a top-up or a top-up without a debit cannot be
//! seen, so "no findings" there means "not checked", not "all fine".
//!
//! Example: ICBC card 4321 exported for 1 September–12 October and 20–31 October: 13–19
//! October is uncovered, and the three top-ups from that card in those days (one of them
//! failed) are listed as unchecked.
//!
//! Advice: export the missing period from the bank or wallet app and re-run the audit with it.

use super::{Context, Rule};
use crate::finding::{Finding, Severity};
use crate::ingest::Coverage;
use crate::model::{Account, Side};
use chrono::{DateTime, Duration, FixedOffset};

pub const RULE: Rule = Rule {
    code: "D002",
    slug: "coverage-gap",
    severity: Severity::Low,
    summary: "statements leave a period uncovered, so reconciliation there is blind",
    source: include_str!("d002_coverage_gap.rs"),
    check,
};

/// Evidence lists at most this many top-ups in a gap; the message gives the count.
const SHOWN: usize = 10;

fn check(ctx: &Context) -> Vec<Finding> {
    let mut accounts: Vec<&str> =
        ctx.ledger.inputs.iter().filter(|i| i.side != Side::Attempts).map(|i| i.account.as_str()).collect();
    accounts.sort();
    accounts.dedup();
    let mut out = Vec::new();
    for account in accounts {
        let periods = ctx.recon.coverage.periods(account);
        for pair in periods.windows(2) {
            let gap = Coverage { from: pair[0].to + Duration::seconds(1), to: pair[1].from - Duration::seconds(1) };
            out.push(finding(ctx, account, gap, (pair[0].to, pair[1].from)));
        }
    }
    out
}

/// `edges`: where the earlier statement ends and the later one starts.
fn finding(
    ctx: &Context,
    account: &str,
    gap: Coverage,
    edges: (DateTime<FixedOffset>, DateTime<FixedOffset>),
) -> Finding {
    let (from, to) = (gap.from.format("%Y-%m-%d").to_string(), gap.to.format("%Y-%m-%d").to_string());
    let in_gap: Vec<_> = ctx
        .recon
        .top_ups
        .iter()
        .filter(|t| gap.contains(t.time.at))
        .filter(|t| {
            let card = t.card_last4.is_some() && t.card_last4.as_deref() == Account::parse(account).card;
            card || t.provider.as_deref() == Some(account)
        })
        .collect();
    let n = in_gap.len();
    let detail = if n == 0 {
        ctx.t(
            "No top-ups were seen in the gap, but any there could not have been checked.".into(),
            "这段时间内未见充值，但即使有也无法核对。".into(),
        )
    } else {
        ctx.t(
            format!("{n} top-up{} in the gap cannot be checked against this account.", if n == 1 { "" } else { "s" }),
            format!("这段时间内有 {n} 笔充值无法与该账户核对。"),
        )
    };
    let mut f = Finding::new(
        &RULE,
        &[format!("{account}|{}|{}", gap.from.to_rfc3339(), gap.to.to_rfc3339())],
        ctx.t(
            format!("No statement of {account} covers {from} – {to}"),
            format!("{account} 缺少 {from} 至 {to} 的账单"),
        ),
        ctx.t(
            format!(
                "The statements of {account} end on {} and resume on {}. {detail}",
                edges.0.format("%Y-%m-%d %H:%M"),
                edges.1.format("%Y-%m-%d %H:%M")
            ),
            format!(
                "{account} 的账单截至 {}，下一份账单从 {} 开始。{detail}",
                edges.0.format("%Y-%m-%d %H:%M"),
                edges.1.format("%Y-%m-%d %H:%M")
            ),
        ),
    )
    .account(account)
    .advice([ctx.t(
        format!("Export the {account} statement for {from} – {to} and re-run the audit with it."),
        format!("请导出 {account} 在 {from} 至 {to} 的账单，加入后重新审计。"),
    )]);
    f.start = Some(gap.from);
    f.end = Some(gap.to);
    // The statement rows on either side of the gap show where coverage stops and resumes.
    let of_account = || ctx.ledger.transactions.iter().filter(|t| t.account == account);
    if let Some(before) = of_account().filter(|t| t.time.at < gap.from).max_by_key(|t| (t.time.at, t.source.line)) {
        f = f.evidence(before, "last row before the gap");
    }
    if let Some(after) = of_account().filter(|t| t.time.at > gap.to).min_by_key(|t| (t.time.at, t.source.line)) {
        f = f.evidence(after, "first row after the gap");
    }
    for t in in_gap.iter().take(SHOWN) {
        for i in t.rows() {
            f = f.evidence(ctx.tx(i), "unchecked top-up");
        }
    }
    f
}
