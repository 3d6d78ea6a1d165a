//! S001 unusual-hour: activity at an hour this account never uses.
//!
//! What it detects: an outgoing payment or transfer (not a top-up or a move between the
//! owner's own accounts) at a local hour of the day the account is otherwise silent in: in its
//! hour and the two hours either side, the account was active on at most 2 days, that row's own
//! included (a habit shows on many days; a stolen phone's spree, however many payments, on one
//! night). Payments of one such night are one finding. Only rows with a time of day count
//! (date-only bank rows do not). Thin histories are not judged: the account needs at least 30 outgoing rows, and
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
use crate::finding::{Finding, Severity, role};
use polars::prelude::*;
use std::collections::{BTreeMap, BTreeSet, HashMap};

pub const RULE: Rule = Rule {
    code: "S001",
    slug: "unusual-hour",
    severity: Severity::Medium,
    summary: "activity at an hour this account never uses",
    source: include_str!("s001_unusual_hour.rs"),
    check,
};

/// A row's three-hour band may hold rows of at most this many days, its own included: a
/// habit shows on many days, a stolen phone's spree on one night.
const MAX_DAYS_IN_BAND: usize = 2;
/// The band: the row's hour and two either side (as offsets mod 24). Two hours, not one, so
/// that an afternoon between a light account's lunch and dinner is not "unusual": the quiet
/// stretches people have are nights.
const BAND: [u64; 5] = [22, 23, 0, 1, 2];

fn check(ctx: &Context) -> Vec<Finding> {
    detect(ctx).unwrap_or_default()
}

/// The days on which an account was active in each local hour.
type Habits = HashMap<(String, u64), BTreeSet<u64>>;

fn detect(ctx: &Context) -> PolarsResult<Vec<Finding>> {
    let precise = ctx.analysis.profiles()?.filter(col(col::PRECISE));
    let days = precise
        .clone()
        .group_by([col(col::ACCOUNT), col(col::HOUR), col(col::DAY)])
        .agg([len().alias("n")])
        .collect()?;
    let mut habits: Habits = HashMap::new();
    let accounts = strings(&days, col::ACCOUNT).into_iter().map(Option::unwrap_or_default);
    for ((a, h), d) in accounts.zip(counts(&days, col::HOUR)).zip(counts(&days, col::DAY)) {
        habits.entry((a, h)).or_default().insert(d);
    }
    let judged = precise
        .filter(col("judged"))
        .select([col(col::ROW), col(col::ACCOUNT), col(col::HOUR), col(col::DAY), col("total")])
        .collect()?;
    let (rows, hours, days, totals) =
        (indices(&judged, col::ROW), counts(&judged, col::HOUR), counts(&judged, col::DAY), counts(&judged, "total"));
    // Which hours of each account are quiet, decided once per account and hour: an hour with
    // more active days than the band allows settles it without a union.
    let mut quiet: HashMap<String, [bool; 24]> = HashMap::new();
    for (account, _) in habits.keys() {
        if quiet.contains_key(account) {
            continue;
        }
        let mut hours = [false; 24];
        for (h, is_quiet) in hours.iter_mut().enumerate() {
            let sets: Vec<&BTreeSet<u64>> =
                BAND.iter().filter_map(|off| habits.get(&(account.clone(), (h as u64 + off) % 24))).collect();
            *is_quiet = sets.iter().all(|d| d.len() <= MAX_DAYS_IN_BAND)
                && sets.iter().copied().flatten().collect::<BTreeSet<_>>().len() <= MAX_DAYS_IN_BAND;
        }
        quiet.insert(account.clone(), hours);
    }
    // Flagged rows of one account on one day are one finding.
    let mut nights: BTreeMap<(String, u64), (Vec<usize>, u64, u64)> = BTreeMap::new();
    let judged_rows = strings(&judged, col::ACCOUNT).into_iter().zip(rows).zip(hours).zip(days).zip(totals);
    for ((((account, row), hour), day), total) in judged_rows {
        let account = account.unwrap_or_default();
        if quiet.get(&account).is_some_and(|q| q.get((hour % 24) as usize) == Some(&true)) {
            // A night runs from noon to noon: 23:40 and 00:10 are one night.
            let night = if hour % 24 < 12 { day.saturating_sub(1) } else { day };
            let entry = nights.entry((account, night)).or_insert((Vec::new(), hour, total));
            entry.0.push(row);
        }
    }
    Ok(nights
        .into_iter()
        .filter_map(|((account, day), (rows, hour, total))| {
            finding(ctx, &rows, hour, total, |h| {
                let own = if h % 24 < 12 { day + 1 } else { day };
                habits.get(&(account.clone(), h % 24)).is_none_or(|d| d.iter().all(|&x| x == own))
            })
        })
        .collect())
}

fn finding(ctx: &Context, rows: &[usize], hour: u64, total: u64, quiet: impl Fn(u64) -> bool) -> Option<Finding> {
    // The quiet span: the hours around this one in which the account was active on no other day.
    let (mut from, mut to) = (hour + 24, hour + 25);
    while from > hour + 12 && quiet(from - 1) {
        from -= 1;
    }
    while to < hour + 36 && quiet(to) {
        to += 1;
    }
    let (from, to) = (format!("{:02}:00", from % 24), format!("{:02}:00", to % 24));
    let (&row, others) = rows.split_first()?;
    let tx = ctx.tx(row)?;
    let (when, money, who) = (ctx.when(tx), &tx.money, counterparty(ctx, tx));
    let more = others.len();
    let (also, also_zh) = match more {
        0 => (String::new(), String::new()),
        n => (format!(" and {n} more that night"), format!("，当晚另有 {n} 笔")),
    };
    let title = ctx.t(
        format!("Payment of {money} at an hour this account never uses ({when})"),
        format!("异常时段的支付：{when} 支付 {money}"),
    );
    let why = ctx.t(
        format!("The account {} has made {total} payments with a time of day, and none between {from} and {to} on any other day; this one was {money} to {who} at {when}{also}.", tx.account),
        format!("账户 {} 共有 {total} 笔带时间的支出，其他日子在 {from} 至 {to} 之间从未有过；这一笔是 {when} 向{who}支付 {money}{also_zh}。", tx.account),
    );
    let mut f = suspicious(ctx, &RULE, tx, title, why);
    // One finding per account and night: the night's earliest row names it, whatever joins later.
    f.identify(&super::identity::row_group(ctx, &[&tx.account], rows)?);
    Some(ctx.txs(others.iter().copied()).fold(f, |f, tx| f.evidence(tx, role::SUSPICIOUS_ROW).spanning([tx])))
}
