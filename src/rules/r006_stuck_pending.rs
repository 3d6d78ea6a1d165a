//! R006 stuck-pending: a top-up still pending past the threshold.
//!
//! What it detects: a top-up whose latest known status is pending (the attempt log says
//! `pending` and the wallet's statement has no credit for it) longer than `pending_hours`
//! (default 24 hours) before the report's "now" (the end of the latest input's coverage).
//!
//! Why it matters: a top-up is normally settled in seconds. One stuck for a day has usually
//! failed silently; if the bank debited the card, the money sits nowhere until someone asks.
//!
//! Example: `2026-10-26 10:15:00, 300.00, pending, alipay, 工商银行(4321)`, still without an
//! Alipay credit at the end of October.
//!
//! Advice: open the wallet's bill for that time and check the order's status; if it is still
//! processing, contact the wallet's customer service with the time, amount and order number,
//! and check the card for a debit.

use super::describe::{bank_row, particulars, top_up, top_up_sentence, wallet_support, with_top_up_rows};
use super::identity::top_up_keys;
use super::{Context, Rule};
use crate::finding::{Finding, Severity, role};
use crate::model::Status;
use chrono::Duration;

pub const RULE: Rule = Rule {
    code: "R006",
    slug: "stuck-pending",
    severity: Severity::Medium,
    summary: "a top-up still pending past the threshold",
    source: include_str!("r006_stuck_pending.rs"),
    check,
};

fn check(ctx: &Context) -> Vec<Finding> {
    let threshold = Duration::hours(ctx.settings.pending_hours);
    ctx.recon
        .top_ups
        .iter()
        .filter(|t| t.status == Status::Pending && ctx.now - t.time.latest() > threshold)
        .filter_map(|t| {
            let hours = (ctx.now - t.time.at).num_hours();
            let debit = match t.debit {
                Some(d) => Some(ctx.tx(d)?),
                None => None,
            };
            let debited = debit.map(|d| bank_row(ctx, d));
            let title = ctx.t(
                format!("Top-up of {} still pending after {hours} hours", t.money),
                format!("充值 {} 已过 {hours} 小时仍在处理中", t.money),
            );
            let message = match &debited {
                Some(row) => ctx.t(
                    format!("{} is still pending, and the bank statement already shows a {row}.", top_up_sentence(ctx, t)),
                    format!("{} 仍在处理中，但银行账单中已有 {row}。", top_up(ctx, t)),
                ),
                None => ctx.t(
                    format!("{} is still pending and the wallet shows no credit for it.", top_up_sentence(ctx, t)),
                    format!("{} 仍在处理中，钱包中没有对应的入账。", top_up(ctx, t)),
                ),
            };
            let advice = vec![
                ctx.t(
                    format!("In the wallet's bill, find this order at {} and check its status; also check the card's statement for a debit of {}.", t.time.display(), t.money),
                    format!("请在钱包账单中找到 {} 的这笔订单，查看其状态；同时查看银行卡是否被扣款 {}。", t.time.display(), t.money),
                ),
                ctx.t(
                    format!("If it still shows as processing, call {}, giving: {}.", wallet_support(ctx, t.provider.as_deref()), particulars(ctx, t)),
                    format!("如果订单仍显示处理中，请致电{}，并提供：{}。", wallet_support(ctx, t.provider.as_deref()), particulars(ctx, t)),
                ),
            ];
            let mut f = with_top_up_rows(ctx, Finding::new(&RULE, &top_up_keys(ctx, t)?, title, message), t)
                .with_money(&t.money)
                .advice(advice);
            match debit {
                Some(d) => f = f.evidence(d, role::BANK_DEBIT).account(d.account.clone()).at_risk(d.money.clone()),
                None => f.account = t.card_account(),
            }
            Some(f)
        })
        .collect()
}
