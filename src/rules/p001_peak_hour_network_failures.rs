//! P001 peak-hour-network-failures: network failures concentrated in peak hours beyond chance.
//!
//! What it detects: among all top-up attempts with a time of day, the share that failed on the
//! network (cause `network`, as F007 reads it) in peak hours against off-peak hours. Peak hours
//! are local `11:30–13:30` and `19:00–23:00` unless the config says otherwise
//! (`[patterns] peak_hours = ["11:30-13:30", "19:00-23:00"]`). It is a statistical judgement,
//! not a count: it fires when at least 5 peak-hour attempts failed on the network, the
//! peak-hour failure rate is higher than the off-peak one, and a one-sided Fisher exact test
//! gives p < 0.01 (so a handful of failures that happen to fall in the evening do not count).
//! One finding per run; its evidence is every peak-hour network failure, and it is related to
//! the F007 findings of those attempts.
//!
//! Why it matters: failures bunched at busy hours point at a congested network (mobile data
//! in a crowded place, an overloaded home router) or a wallet struggling under load, not at
//! the card. Timed-out top-ups can still be debited (see R001/R005).
//!
//! Example: "14 of 41 peak-hour attempts failed on the network, against 1 of 96 off-peak;
//! p < 0.001".
//!
//! Advice: top up off-peak; switch from mobile data to Wi-Fi or a wired connection (the
//! message says which network type the failures were on, when the log records it); restart
//! the router; check the wallet's status page before retrying.
//!
//! Needs: an attempt log or wallet rows with times; silent without enough attempts.

use super::groups::{common_provider, top_ups, with_attempts};
use super::identity;
use super::{Context, Rule};
use crate::analysis::{col, counts, indices, stats};
use crate::finding::{Cause, Finding, Severity, role};
use polars::prelude::*;

pub const RULE: Rule = Rule {
    code: "P001",
    slug: "peak-hour-network-failures",
    severity: Severity::Medium,
    summary: "network failures concentrated in peak hours beyond chance",
    source: include_str!("p001_peak_hour_network_failures.rs"),
    check,
};

const MIN_PEAK_FAILURES: u64 = 5;
const ALPHA: f64 = 0.01;

fn check(ctx: &Context) -> Vec<Finding> {
    detect(ctx).unwrap_or_default()
}

/// Whether the local minute of the day falls in one of the peak spans.
fn in_peak(spans: &[(u32, u32)]) -> Expr {
    let minute = || col(col::MINUTE);
    spans.iter().fold(lit(false), |acc, &(from, to)| {
        let inside = if from < to {
            minute().gt_eq(lit(from as i32)).and(minute().lt(lit(to as i32)))
        } else {
            minute().gt_eq(lit(from as i32)).or(minute().lt(lit(to as i32)))
        };
        acc.or(inside)
    })
}

fn detect(ctx: &Context) -> PolarsResult<Vec<Finding>> {
    let spans = ctx.analysis.settings.peak_minutes().unwrap_or_default();
    let network = col(col::STATUS).eq(lit("failed")).and(col(col::CAUSE).eq(lit("network")).fill_null(lit(false)));
    let marked = ctx.analysis.attempts().with_columns([in_peak(&spans).alias("peak"), network.alias("net")]);
    let table = marked
        .clone()
        .group_by([col("peak")])
        .agg([len().alias("n"), col("net").cast(DataType::UInt32).sum().alias("k")])
        .sort(["peak"], SortMultipleOptions::default())
        .collect()?;
    let peak: Vec<bool> = table.column("peak")?.bool()?.iter().map(|v| v.unwrap_or(false)).collect();
    let (n, k) = (counts(&table, "n"), counts(&table, "k"));
    let ((mut k_off, mut n_off), (mut k_peak, mut n_peak)) = ((0u64, 0u64), (0u64, 0u64));
    for ((p, n), k) in peak.iter().zip(n).zip(k) {
        if *p {
            (k_peak, n_peak) = (k, n);
        } else {
            (k_off, n_off) = (k, n);
        }
    }
    let p = stats::fisher_greater(k_peak, n_peak, k_off, n_off);
    let higher = (k_peak as f64) * (n_off as f64) > (k_off as f64) * (n_peak as f64);
    if k_peak < MIN_PEAK_FAILURES || !higher || p >= ALPHA {
        return Ok(Vec::new());
    }
    let failures = marked.filter(col("peak").and(col("net"))).sort([col::AT], Default::default()).collect()?;
    let group = top_ups(ctx, &indices(&failures, col::TOP_UP));
    let networks = network_note(ctx, &group);
    let hours = ctx.analysis.settings.peak_hours.join(ctx.lang.pick(", ", "、"));
    let p_text = stats::p_text(p);
    let title = ctx.t(
        format!("Network failures bunch in peak hours: {k_peak} of {n_peak} peak-hour top-ups failed"),
        format!("网络故障集中在高峰时段：高峰时段 {n_peak} 笔充值中有 {k_peak} 笔失败"),
    );
    let message = ctx.t(
        format!("{k_peak} of {n_peak} peak-hour attempts ({hours}) failed on the network, against {k_off} of {n_off} off-peak; {p_text}.{networks}"),
        format!("高峰时段（{hours}）的 {n_peak} 笔充值中有 {k_peak} 笔因网络失败，非高峰时段 {n_off} 笔中只有 {k_off} 笔；{p_text}。{networks}"),
    );
    let mobile = 2 * group.iter().filter(|t| is_mobile(ctx, t)).count() > group.len();
    let mut advice = vec![ctx.t(
        "Top up outside the peak hours when you can, and check the wallet's status page before retrying a failed top-up.".into(),
        "尽量避开高峰时段充值；充值失败后先查看钱包的服务状态公告，再决定是否重试。".into(),
    )];
    advice.push(if mobile {
        ctx.t(
            "Most failures were on mobile data: switch to Wi-Fi or a wired connection for top-ups.".into(),
            "失败多发生在移动数据网络下：充值时请改用 Wi-Fi 或有线网络。".into(),
        )
    } else {
        ctx.t(
            "Use a stable connection: restart the router, or switch between Wi-Fi and mobile data when one is congested.".into(),
            "请使用稳定的网络：重启路由器，或在 Wi-Fi 拥堵时切换到移动数据（反之亦然）。".into(),
        )
    });
    advice.push(ctx.t(
        "Before retrying, check the card's statement for each failed attempt listed: a timed-out top-up can still be debited.".into(),
        "重试前请在银行流水中逐笔核对所列失败的充值：超时的充值仍可能已经扣款。".into(),
    ));
    let about = common_provider(&group).unwrap_or("all wallets");
    // The test is over every wallet's attempts: the group is all of them, whichever wallets
    // its members come from (a member from another wallet must not change the id).
    let Some(keys) = identity::top_up_group(ctx, &["all attempts"], &group) else { return Ok(Vec::new()) };
    let f = Finding::new(&RULE, &keys, title, message).cause(Cause::Network).account(about.to_string()).advice(advice);
    Ok(vec![with_attempts(ctx, f, &group, role::FAILED_ATTEMPT)])
}

fn is_mobile(ctx: &Context, t: &crate::reconcile::TopUp) -> bool {
    let network = ctx.txs(t.rows()).find_map(|tx| tx.network.clone()).unwrap_or_default().to_lowercase();
    ["4g", "5g", "3g", "lte", "mobile", "cellular", "移动"].iter().any(|m| network.contains(m))
}

/// ` 9 of the 14 were on 4g.` when the log records the network type.
fn network_note(ctx: &Context, group: &[&crate::reconcile::TopUp]) -> String {
    let mut by_type: std::collections::BTreeMap<String, usize> = std::collections::BTreeMap::new();
    for t in group {
        if let Some(n) = ctx.txs(t.rows()).find_map(|tx| tx.network.clone()).filter(|n| !n.trim().is_empty()) {
            *by_type.entry(n.trim().to_string()).or_default() += 1;
        }
    }
    let Some((name, count)) = by_type.iter().max_by_key(|(name, count)| (**count, std::cmp::Reverse((*name).clone())))
    else {
        return String::new();
    };
    let total = group.len();
    if *count == total {
        return ctx.t(format!(" All of them were on {name}."), format!("全部发生在 {name} 网络下。"));
    }
    ctx.t(format!(" {count} of the {total} were on {name}."), format!("其中 {count} 笔发生在 {name} 网络下。"))
}
