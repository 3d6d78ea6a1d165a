//! P003 repeated-card-failures: one card keeps failing across days.
//!
//! What it detects: the top-ups of one funding method in time order; a run of consecutive
//! failures (no successful top-up with that card inside the run) that falls on at least 3
//! different local days, whatever the causes, unless the success that ends the run comes on
//! the day of its last failure. One failure, or failures that a success follows the same day,
//! are not a pattern: the card works.
//!
//! Why it matters: a card that fails day after day will not start working by retrying: it is
//! expired, frozen, unbound or over its limits, and every retry risks a lockout or a fee.
//!
//! Example: 建设银行(5566) fails on 2026-03-03, 03-05, 03-08 and 03-11 with `卡已过期` and
//! `交易失败`, and never succeeds in between.
//!
//! Advice: stop retrying with this card; call the issuing bank about it (state, limits,
//! e-payment switch); bind another card in the wallet meanwhile.

use super::describe::{bank_contact, wallet};
use super::groups::{cause_name, common_provider, top_ups, with_attempts};
use super::identity;
use super::{Context, Rule};
use crate::analysis::{col, indices, strings, success_runs};
use crate::finding::{Finding, Severity, role};
use polars::prelude::*;
use std::collections::BTreeMap;

pub const RULE: Rule = Rule {
    code: "P003",
    slug: "repeated-card-failures",
    severity: Severity::High,
    summary: "one card keeps failing across days",
    source: include_str!("p003_repeated_card_failures.rs"),
    check,
};

const MIN_DAYS: u32 = 3;

fn check(ctx: &Context) -> Vec<Finding> {
    detect(ctx).unwrap_or_default()
}

fn detect(ctx: &Context) -> PolarsResult<Vec<Finding>> {
    let run = || [col(col::CARD), col("run")];
    let found = success_runs(ctx.analysis.attempts().filter(col(col::CARD).is_not_null()), &[col::CARD])?
        .filter(col(col::STATUS).eq(lit("failed")))
        .with_columns([
            col(col::DAY).n_unique().over(run())?.alias("days"),
            col("healed").any(true).over(run())?.alias("healed_run"),
        ])
        // A run that a success closes on the day of its last failure: the card works.
        .filter(col("days").gt_eq(lit(MIN_DAYS)).and(col("healed_run").not()))
        .select([col(col::CARD), col("run"), col(col::TOP_UP)])
        .collect()?;
    let (cards, runs, ks) = (strings(&found, col::CARD), indices(&found, "run"), indices(&found, col::TOP_UP));
    let mut groups: BTreeMap<(String, usize), Vec<usize>> = BTreeMap::new();
    for ((c, r), k) in cards.into_iter().zip(runs).zip(ks) {
        groups.entry((c.unwrap_or_default(), r)).or_default().push(k);
    }
    Ok(groups.values().filter_map(|ks| finding(ctx, &top_ups(ctx, ks))).collect())
}

fn finding(ctx: &Context, group: &[&crate::reconcile::TopUp]) -> Option<Finding> {
    let first = group.first()?;
    let label = first.method_label();
    let mut days: Vec<String> = group.iter().map(|t| t.time.at.format("%Y-%m-%d").to_string()).collect();
    days.dedup();
    let mut causes: Vec<crate::model::Cause> = group.iter().filter_map(|t| t.cause).collect();
    causes.sort();
    causes.dedup();
    let causes: Vec<String> = causes.into_iter().map(|c| cause_name(ctx, c)).collect();
    let (n, d) = (group.len(), days.len());
    let w = wallet(ctx, common_provider(group));
    let bank = bank_contact(ctx, first.bank);
    let title = ctx.t(
        format!("{label} keeps failing: {n} top-ups on {d} days without a success"),
        format!("{label}持续充值失败：{d} 天内 {n} 笔失败，期间无一成功"),
    );
    let message = ctx.t(
        format!(
            "Every top-up with {label} failed on {} ({}); no top-up with this card succeeded in between.",
            days.join(", "),
            causes.join(", ")
        ),
        format!("{label}在 {} 的充值全部失败（{}），期间没有一笔成功。", days.join("、"), causes.join("、")),
    );
    let advice = vec![
        ctx.t(
            format!("Stop retrying with {label}: a card that fails day after day will not recover by itself, and repeated failures can lock it."),
            format!("请停止用{label}重试：连续多日失败的卡不会自行恢复，反复失败还可能导致锁卡。"),
        ),
        ctx.t(
            format!("Call {bank} about {label}: ask whether it is expired, frozen, over a limit, or closed to online payments."),
            format!("请致电{bank}询问{label}的状态：是否过期、冻结、超限或未开通网上支付。"),
        ),
        ctx.t(
            format!("Meanwhile bind another card in {w}, and remove or re-bind this one once the bank has fixed it."),
            format!("在此期间可在{w}中绑定另一张卡；银行处理好后再解绑或重新绑定这张卡。"),
        ),
    ];
    // Grouped by card: the card, as its statement account where known, is the scope.
    let card = first.card_account().unwrap_or_else(|| label.clone());
    let keys = identity::top_up_group(ctx, &[&card], group)?;
    let f = Finding::new(&RULE, &keys, title, message).account(label).advice(advice);
    Some(with_attempts(ctx, f, group, role::FAILED_ATTEMPT))
}
