//! D002 coverage-gap: statements leave a period uncovered, so reconciliation there is blind.
//!
//! What it detects: an account (a bank card or a wallet) whose statements cover two periods
//! with time between them that no statement covers: a missing month, or two exports that do
//! not meet. A period is the one the export's preamble states, or else its first to last
//! row. The evidence gives the statement rows where coverage stops and resumes, and the money
//! that moved inside the gap and would be on the statement: successful top-ups funded from
//! that card (or made in that wallet), and wallet payments paid straight from that card.
//! Failed attempts moved no money and are not listed.
//!
//! Why it matters: in the gap, a debit without a top-up or a top-up without a debit cannot be
//! seen, so "no findings" there means "not checked", not "all fine".
//!
//! Example: ICBC card 4321 exported for 1 September–12 October and 20–31 October: 13–19
//! October is uncovered, and the two top-ups from that card in those days and the 52.00
//! WeChat payment it paid on 16 October are listed as unchecked (an attempt that failed on
//! 19 October is not: no money moved).
//!
//! Advice: export the missing period from the bank or wallet app and re-run the audit with it.

use super::{Context, Rule};
use crate::finding::{Finding, Severity, role};
use crate::ingest::Coverage;
use crate::institutions::bank_of;
use crate::model::{Side, Status};
use crate::reconcile::cards::statements_of;
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
        for (before, after) in periods.iter().zip(periods.iter().skip(1)) {
            let gap = Coverage { from: before.to + Duration::seconds(1), to: after.from - Duration::seconds(1) };
            out.push(finding(ctx, account, gap, (before.to, after.from)));
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
    let unchecked = moved_in_gap(ctx, account, gap);
    let top_ups = unchecked.iter().filter(|u| u.role == TOP_UP).count();
    let payments = unchecked.len() - top_ups;
    let detail = match (top_ups, payments) {
        (0, 0) => ctx.t(
            "No top-ups or card payments were seen in the gap, but any there could not have been checked.".into(),
            "这段时间内未见充值或银行卡支付，但即使有也无法核对。".into(),
        ),
        _ => {
            let plural = |n: usize, what: &str| format!("{n} {what}{}", if n == 1 { "" } else { "s" });
            let en = match (top_ups, payments) {
                (t, 0) => plural(t, "top-up"),
                (0, p) => plural(p, "card payment"),
                (t, p) => format!("{} and {}", plural(t, "top-up"), plural(p, "card payment")),
            };
            let zh = match (top_ups, payments) {
                (t, 0) => format!("{t} 笔充值"),
                (0, p) => format!("{p} 笔银行卡支付"),
                (t, p) => format!("{t} 笔充值和 {p} 笔银行卡支付"),
            };
            ctx.t(
                format!("{en} in the gap cannot be checked against this account."),
                format!("这段时间内有{zh}无法与该账户核对。"),
            )
        }
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
        f = f.evidence(before, role::LAST_ROW_BEFORE_GAP);
    }
    if let Some(after) = of_account().filter(|t| t.time.at > gap.to).min_by_key(|t| (t.time.at, t.source.line)) {
        f = f.evidence(after, role::FIRST_ROW_AFTER_GAP);
    }
    for u in unchecked.iter().take(SHOWN) {
        for tx in ctx.txs(u.rows.iter().copied()) {
            f = f.evidence(tx, u.role);
        }
    }
    f
}

const TOP_UP: role::Role = role::UNCHECKED_TOP_UP;
const CARD_PAYMENT: role::Role = role::UNCHECKED_CARD_PAYMENT;

/// Money that moved in the gap and that the account's statements would show: successful
/// top-ups funded from the card (or made in the wallet), and wallet payments funded straight
/// from the card. Failed attempts moved no money.
struct Unchecked {
    at: DateTime<FixedOffset>,
    rows: Vec<usize>,
    role: role::Role,
}

fn moved_in_gap(ctx: &Context, account: &str, gap: Coverage) -> Vec<Unchecked> {
    let mut statements: Vec<String> =
        ctx.ledger.inputs.iter().filter(|i| i.side == Side::Bank).map(|i| i.account.clone()).collect();
    statements.sort();
    statements.dedup();
    let is_statement = statements.iter().any(|s| s == account);
    // A card's rows are on this statement when matching would look for them there.
    let of_card = |bank: Option<&str>, last4: Option<&str>| {
        is_statement && last4.is_some() && statements_of(bank, last4, &statements).iter().any(|s| s == account)
    };
    let mut out: Vec<Unchecked> = ctx
        .recon
        .top_ups
        .iter()
        .filter(|t| t.status == Status::Success && gap.contains(t.time.at))
        .filter(|t| of_card(t.bank, t.card_last4.as_deref()) || t.provider.as_deref() == Some(account))
        .map(|t| Unchecked { at: t.time.at, rows: t.rows().collect(), role: TOP_UP })
        .collect();
    for p in &ctx.recon.card_payments {
        let Some(tx) = ctx.tx(p.wallet) else { continue };
        let bank = tx.method.as_deref().and_then(bank_of);
        if gap.contains(tx.time.at) && of_card(bank, tx.card_last4.as_deref()) {
            out.push(Unchecked { at: tx.time.at, rows: vec![p.wallet], role: CARD_PAYMENT });
        }
    }
    out.sort_by_key(|u| (u.at, u.rows.first().copied()));
    out
}
