//! S001 unusual-hour: activity at an hour this account never uses.
//!
//! What it detects: an outgoing payment or transfer (not a top-up or a move between the
//! owner's own accounts) at a local hour of the day the account is otherwise silent in: its
//! hour and the hours either side hold at most 2 of the account's outgoing rows (itself
//! included) and at most 1 % of them. Only rows with a time of day count (date-only bank rows
//! do not). Thin histories are not judged: the account needs at least 30 outgoing rows, and
//! the row at least 20 before it spanning a week.
//!
//! Why it matters: accounts have habits; a payment at 03:00 from an account that never pays
//! between midnight and six is typical of a stolen phone or password used while the owner
//! sleeps.
//!
//! Example: "the account has made 412 payments, none between 01:00 and 06:00; this one was at
//! 03:17".
//!
//! Advice: check the record; if you did not make it, change the password, enable two-factor
//! authentication, beware of phishing links, and contact the wallet's support and the bank
//! (freeze the card), giving time, amount and reference.

use super::groups::{counterparty, suspicious};
use super::{Context, Rule};
use crate::analysis::{col, counts, indices, strings};
use crate::finding::{Finding, Severity};
use polars::prelude::*;
use std::collections::HashMap;

pub const RULE: Rule = Rule {
    code: "S001",
    slug: "unusual-hour",
    severity: Severity::Medium,
    summary: "activity at an hour this account never uses",
    source: include_str!("s001_unusual_hour.rs"),
    check,
};

/// A row's three-hour band may hold at most this many rows, itself included …
const MAX_IN_BAND: u64 = 2;
/// … and at most this share of the account's rows.
const MAX_SHARE: f64 = 0.01;

fn check(ctx: &Context) -> Vec<Finding> {
    detect(ctx).unwrap_or_default()
}

fn detect(ctx: &Context) -> PolarsResult<Vec<Finding>> {
    let precise = ctx.analysis.profiles()?.filter(col(col::PRECISE));
    let hist = precise.clone().group_by([col(col::ACCOUNT), col(col::HOUR)]).agg([len().alias("n")]).collect()?;
    let mut per_hour: HashMap<(String, u64), u64> = HashMap::new();
    let mut totals: HashMap<String, u64> = HashMap::new();
    let accounts = strings(&hist, col::ACCOUNT).into_iter().map(Option::unwrap_or_default);
    for ((a, h), n) in accounts.zip(counts(&hist, col::HOUR)).zip(counts(&hist, "n")) {
        *totals.entry(a.clone()).or_default() += n;
        per_hour.insert((a, h), n);
    }
    let judged = precise.filter(col("judged")).select([col(col::ROW), col(col::ACCOUNT), col(col::HOUR)]).collect()?;
    let rows = indices(&judged, col::ROW);
    let hours = counts(&judged, col::HOUR);
    let accounts = strings(&judged, col::ACCOUNT);
    let mut found = Vec::new();
    for ((row, hour), account) in rows.into_iter().zip(hours).zip(accounts) {
        let account = account.unwrap_or_default();
        let in_hour = |h: u64| per_hour.get(&(account.clone(), h % 24)).copied().unwrap_or(0);
        let band = in_hour(hour + 23) + in_hour(hour) + in_hour(hour + 1);
        let total = totals.get(&account).copied().unwrap_or(0);
        if band <= MAX_IN_BAND && (band as f64) <= MAX_SHARE * total as f64 {
            found.push(finding(ctx, row, hour, total, &in_hour));
        }
    }
    Ok(found)
}

fn finding(ctx: &Context, row: usize, hour: u64, total: u64, in_hour: &dyn Fn(u64) -> u64) -> Finding {
    // The quiet span: the hours around this one in which the account has no other row.
    let (mut from, mut to) = (hour, hour + 1);
    while from > hour.saturating_sub(12) && in_hour((from + 23) % 24) == 0 {
        from -= 1;
    }
    while to < hour + 12 && in_hour(to % 24) == 0 {
        to += 1;
    }
    let span = format!("{:02}:00 – {:02}:00", (from + 24) % 24, to % 24);
    let tx = ctx.tx(row);
    let (when, money, who) = (ctx.when(tx), &tx.money, counterparty(ctx, tx));
    let title = ctx.t(
        format!("Payment of {money} at an hour this account never uses ({when})"),
        format!("异常时段的支付：{when} 支付 {money}"),
    );
    let why = ctx.t(
        format!("The account {} has made {total} payments with a time of day, and none between {span} apart from this one: {money} to {who} at {when}.", tx.account),
        format!("账户 {} 共有 {total} 笔带时间的支出，{span} 之间除这一笔外从未有过：{when} 向{who}支付 {money}。", tx.account),
    );
    suspicious(ctx, &RULE, row, title, why)
}
