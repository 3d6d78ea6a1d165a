//! P002 outage-window: a burst of system/network failures across funding methods in a short window.
//!
//! What it detects: failed top-ups whose cause is on the wallet's or network's side (`network`,
//! `wallet-system`), taken in time order: consecutive failures at most 15 minutes apart form
//! a burst. A burst of at least 3 failures on at least 2 different funding methods is an
//! outage window, from its first to its last failure. Declines the user's own card or bank
//! explains (funds, limits, verification, card state) never count, so one card's
//! insufficient-funds declines are not an outage.
//!
//! Why it matters: when different cards fail together, the fault is not the cards: the wallet
//! or its bank gateway was down. Retrying during an outage risks debits without credit.
//!
//! Example: three top-ups failing with `系统繁忙` and `网络超时` between 09:02 and 09:20 on
//! 工商银行(9876) and 招商银行(1234).
//!
//! Advice: look for the wallet's maintenance or outage notice for that window, wait and do not
//! retry repeatedly; check the card statements that no debit went through during the window,
//! and if one did, ask the wallet to trace it (see the R findings).

use super::describe::{wallet, wallet_support};
use super::groups::{attempt_bursts, common_provider, window, with_attempts};
use super::identity;
use super::{Context, Rule};
use crate::analysis::SYSTEM_CAUSES;
use crate::finding::{Finding, Severity, role};
use polars::prelude::*;

pub const RULE: Rule = Rule {
    code: "P002",
    slug: "outage-window",
    severity: Severity::High,
    summary: "a burst of system/network failures across funding methods in a short window",
    source: include_str!("p002_outage_window.rs"),
    check,
};

/// Failures this close (seconds) belong to one burst.
const GAP: i64 = 15 * 60;
const MIN_FAILURES: u32 = 3;
const MIN_CARDS: u32 = 2;

fn check(ctx: &Context) -> Vec<Finding> {
    detect(ctx).unwrap_or_default()
}

fn detect(ctx: &Context) -> PolarsResult<Vec<Finding>> {
    let keep = col("size").gt_eq(lit(MIN_FAILURES)).and(col("cards").gt_eq(lit(MIN_CARDS)));
    let groups = attempt_bursts(ctx, ctx.analysis.failures(SYSTEM_CAUSES), &[], GAP, keep)?;
    Ok(groups.iter().filter_map(|group| finding(ctx, group)).collect())
}

fn finding(ctx: &Context, group: &[&crate::reconcile::TopUp]) -> Option<Finding> {
    let window = window(ctx, group)?;
    // One entry per card (bank and last four digits), named as the wallet first named it;
    // attempts whose card is unknown name none.
    let mut seen: Vec<String> = Vec::new();
    let mut cards: Vec<String> = Vec::new();
    for t in group.iter().filter(|t| t.method.is_some() || t.card_last4.is_some()) {
        let key = t.card_account().unwrap_or_else(|| t.method_label());
        if !seen.contains(&key) {
            seen.push(key);
            cards.push(t.method_label());
        }
    }
    let provider = common_provider(group);
    let w = wallet(ctx, provider);
    let n = group.len();
    let title = ctx.t(
        format!("Possible outage: {n} top-ups on {} cards failed within {window}", cards.len()),
        format!("疑似系统故障：{window} 期间 {} 张卡共 {n} 笔充值失败", cards.len()),
    );
    let message = ctx.t(
        format!("{n} top-ups to {w} failed with network or system errors during {window}, on {}: different cards failing together points at the wallet or its bank gateway, not at the cards.", cards.join(", ")),
        format!("{window} 期间，{}向{w}的 {n} 笔充值因网络或系统错误失败：多张卡同时失败，问题多半出在钱包或银行通道，而不是银行卡本身。", cards.join("、")),
    );
    let advice = vec![
        ctx.t(
            format!("Look for a maintenance or outage notice from {w} for {window}; wait for the service to recover instead of retrying again and again."),
            format!("请查看{w}在 {window} 前后的维护或故障公告；等服务恢复后再充值，不要反复重试。"),
        ),
        ctx.t(
            format!("Check the statements of {} for any debit during {window}; if money left a card without reaching {w}, ask {} to trace it.", cards.join(", "), wallet_support(ctx, provider)),
            format!("请核对{}在 {window} 期间是否有扣款；如有扣款但{w}未到账，请联系{}追查。", cards.join("、"), wallet_support(ctx, provider)),
        ),
    ];
    let about = provider.unwrap_or("all wallets");
    // Bursts span every wallet: the group's scope is all attempts, not the wallets it holds.
    let keys = identity::top_up_group(ctx, &["all attempts"], group)?;
    let f = Finding::new(&RULE, &keys, title, message).account(about).advice(advice);
    Some(with_attempts(ctx, f, group, role::FAILED_ATTEMPT))
}
