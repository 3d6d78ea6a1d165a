//! P007 weak-network-type: failures concentrated on one network type (e.g. mobile data vs Wi-Fi, from `network`).
//!
//! What it detects: top-up attempts whose log records the network type (`wifi`, `4g`, `5g`,
//! `wired`). For the type with the highest rate of network failures (cause `network`), against
//! all other types together: it fires when that type has at least 5 network failures, the
//! other types hold at least 10 attempts, and a one-sided Fisher exact test gives p < 0.001.
//! Without a `network` column it says nothing.
//!
//! Why it matters: timeouts that happen on one kind of connection are the connection's fault,
//! and a timed-out top-up may still be debited.
//!
//! Example: "8 of 20 attempts on 4g failed on the network, against 1 of 60 on other networks;
//! p < 0.001".
//!
//! Advice: top up on the network that works (Wi-Fi or wired rather than weak mobile data),
//! move to better signal, and check each timed-out attempt against the card statement.

use super::groups::{common_provider, top_ups, with_attempts};
use super::identity;
use super::{Context, Rule};
use crate::analysis::{col, indices, rates, stats};
use crate::finding::{Cause, Finding, Severity, role};
use polars::prelude::*;

pub const RULE: Rule = Rule {
    code: "P007",
    slug: "weak-network-type",
    severity: Severity::Low,
    summary: "failures concentrated on one network type (e.g. mobile data vs Wi-Fi, from `network`)",
    source: include_str!("p007_weak_network_type.rs"),
    check,
};

const MIN_FAILURES: u64 = 5;
const MIN_OTHERS: u64 = 10;
const ALPHA: f64 = 0.001;

fn check(ctx: &Context) -> Vec<Finding> {
    detect(ctx).unwrap_or_default()
}

fn network_failure() -> Expr {
    col(col::STATUS).eq(lit("failed")).and(col(col::CAUSE).eq(lit("network")))
}

fn detect(ctx: &Context) -> PolarsResult<Vec<Finding>> {
    let per_type = rates(ctx.analysis.attempts(), col::NETWORK, network_failure())?;
    let worst = per_type.iter().filter(|(_, n, _)| *n > 0).max_by(|a, b| {
        let (ra, rb) = (a.2 as f64 / a.1 as f64, b.2 as f64 / b.1 as f64);
        ra.total_cmp(&rb).then_with(|| b.0.cmp(&a.0))
    });
    let Some((kind, n, k)) = worst.cloned() else { return Ok(Vec::new()) };
    let (n_rest, k_rest) =
        per_type.iter().filter(|(t, _, _)| *t != kind).fold((0, 0), |(n, k), (_, tn, tk)| (n + tn, k + tk));
    let p = stats::fisher_greater(k, n, k_rest, n_rest);
    if k < MIN_FAILURES || n_rest < MIN_OTHERS || p >= ALPHA {
        return Ok(Vec::new());
    }
    let on_kind = col(col::NETWORK).eq(lit(kind.clone()));
    let failures =
        ctx.analysis.attempts().filter(on_kind.and(network_failure())).sort([col::AT], Default::default()).collect()?;
    let group = top_ups(ctx, &indices(&failures, col::TOP_UP));
    let p_text = stats::p_text(p);
    let title = ctx.t(
        format!("Top-ups on {kind} keep timing out: {k} of {n} failed on the network"),
        format!("{kind} 网络下充值频繁超时：{n} 笔中 {k} 笔因网络失败"),
    );
    let message = ctx.t(
        format!("{k} of {n} attempts on {kind} failed on the network, against {k_rest} of {n_rest} on other networks; {p_text}."),
        format!("{kind} 网络下的 {n} 笔充值中有 {k} 笔因网络失败，其他网络 {n_rest} 笔中只有 {k_rest} 笔；{p_text}。"),
    );
    let advice = vec![
        ctx.t(
            format!("Top up on a connection that works for you rather than {kind}: Wi-Fi or a wired connection, or move to better signal."),
            format!("充值时请避免使用 {kind}，改用更稳定的网络（Wi-Fi 或有线网络），或换到信号更好的地方。"),
        ),
        ctx.t(
            "Check each timed-out attempt listed against the card statement before retrying: it may have been debited.".into(),
            "重试前请逐笔核对所列超时的充值与银行流水：它们可能已经扣款。".into(),
        ),
    ];
    let about = common_provider(&group).unwrap_or("all wallets");
    let Some(keys) = identity::top_up_group(ctx, &[&kind], &group) else { return Ok(Vec::new()) };
    let f = Finding::new(&RULE, &keys, title, message).cause(Cause::Network).account(about).advice(advice);
    Ok(vec![with_attempts(ctx, f, &group, role::FAILED_ATTEMPT)])
}
