//! R001 debited-not-credited: money left the bank for a top-up that never reached the wallet, and no refund arrived in the refund window.
//!
//! What it detects: a top-up that failed or was cancelled (or that the attempt log calls a
//! success while the wallet's own statement, covering that time, has no such credit), for
//! which the funding card's statement shows a matching debit to the wallet provider, and no
//! refund of that debit within the refund window (default 7 days, `refund_window_days`). The
//! bank statement must cover the whole window; otherwise the case is R005.
//!
//! Why it matters: this is money lost. Failed top-ups are normally reversed by the bank
//! within days; when that does not happen, only a complaint with the right details gets it
//! back, and the longer one waits the harder the trace.
//!
//! Example: the attempt log shows `2026-09-18 21:05:10, 500.00, failed, 网络超时`; the ICBC
//! statement shows a 500.00 debit to 深圳市财付通支付科技有限公司 on 2026-09-18; nothing came
//! back by 2026-10-31.
//!
//! Advice: call the wallet's customer service (Alipay 95188, WeChat Pay 95017) and ask them
//! to trace the top-up, giving its time, amount, order number and error message; if they
//! confirm it never arrived, ask the bank to trace the debit and refund it, quoting the
//! statement line.

use super::describe::{
    bank_row, bank_support, particulars, rivals_note, top_up, top_up_sentence, wallet_support, with_top_up_rows,
};
use super::identity::top_up_keys;
use super::{Context, Rule};
use crate::finding::{Finding, Severity, role};
use crate::model::{Status, Transaction};
use crate::reconcile::TopUp;
use chrono::{DateTime, Duration, FixedOffset};

pub const RULE: Rule = Rule {
    code: "R001",
    slug: "debited-not-credited",
    severity: Severity::Critical,
    summary: "money left the bank for a top-up that never reached the wallet, and no refund arrived in the refund window",
    source: include_str!("r001_debited_not_credited.rs"),
    check,
};

/// A debited top-up whose money did not arrive and was not refunded.
pub(super) struct Unrefunded<'a> {
    pub top_up: &'a TopUp,
    pub debit: &'a Transaction,
    /// When the refund should have arrived by.
    pub deadline: DateTime<FixedOffset>,
    /// Whether the bank statements cover the debit's whole refund window.
    pub window_seen: bool,
}

impl Unrefunded<'_> {
    /// A finding of `rule` about this debit: the top-up's rows and the debit as evidence, the
    /// debit's money at risk, the failure's cause where known.
    pub fn finding(
        &self,
        ctx: &Context,
        rule: &Rule,
        title: String,
        message: String,
        advice: Vec<String>,
    ) -> Option<Finding> {
        let (t, debit) = (self.top_up, self.debit);
        let f = with_top_up_rows(ctx, Finding::new(rule, &top_up_keys(ctx, t)?, title, message), t)
            .evidence(debit, role::BANK_DEBIT)
            .account(debit.account.clone())
            .with_money(&debit.money)
            .at_risk(debit.money.clone())
            .advice(advice);
        Some(match t.cause {
            Some(cause) => Finding { cause_inferred: t.cause_inferred, ..f.cause(cause) },
            None => f,
        })
    }
}

/// Top-ups that were debited but not credited and not refunded (R001 and R005).
pub(super) fn unrefunded<'a>(ctx: &'a Context) -> impl Iterator<Item = Unrefunded<'a>> + 'a {
    ctx.recon.top_ups.iter().filter(|t| not_credited(t) && t.refund.is_none()).filter_map(move |t| {
        let debit = ctx.tx(t.debit?)?;
        let deadline = debit.time.latest() + Duration::days(ctx.settings.refund_window_days);
        let window_seen = deadline <= ctx.now && ctx.recon.coverage.covers(&debit.account, debit.time.at, deadline);
        Some(Unrefunded { top_up: t, debit, deadline, window_seen })
    })
}

fn not_credited(t: &TopUp) -> bool {
    match t.status {
        Status::Failed | Status::Cancelled => true,
        Status::Success => t.wallet.is_none() && t.wallet_covered,
        Status::Pending => false,
    }
}

fn check(ctx: &Context) -> Vec<Finding> {
    unrefunded(ctx)
        .filter(|u| u.window_seen)
        .filter_map(|u| {
            let (t, debit) = (u.top_up, u.debit);
            let what = top_up(ctx, t);
            let what_sentence = top_up_sentence(ctx, t);
            let days = ctx.settings.refund_window_days;
            let title = ctx.t(
                format!("Bank debited {} but the wallet was never credited", debit.money),
                format!("银行已扣款 {}，但钱包未到账", debit.money),
            );
            let message = ctx.t(
                format!("{what_sentence} did not reach the wallet, yet the bank statement shows a {} and no refund within {days} days.{}", bank_row(ctx, debit), rivals_note(ctx, t)),
                format!("{what} 未到账，但银行账单中有 {}，且 {days} 天内未见退款。{}", bank_row(ctx, debit), rivals_note(ctx, t)),
            );
            let advice = vec![
                ctx.t(
                    format!("Call {} and ask them to trace this top-up, giving: {}.", wallet_support(ctx, t.provider.as_deref()), particulars(ctx, t)),
                    format!("请致电{}，要求核查这笔充值，并提供：{}。", wallet_support(ctx, t.provider.as_deref()), particulars(ctx, t)),
                ),
                ctx.t(
                    format!("If the wallet confirms it never received the money, call {} and ask for the {} to be traced and refunded.", bank_support(ctx, &debit.account), bank_row(ctx, debit)),
                    format!("如果钱包方确认未收到这笔钱，请致电{}，要求核查并退回 {}。", bank_support(ctx, &debit.account), bank_row(ctx, debit)),
                ),
            ];
            u.finding(ctx, &RULE, title, message, advice)
        })
        .collect()
}
