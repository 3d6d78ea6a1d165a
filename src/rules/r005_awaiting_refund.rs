//! R005 awaiting-refund: a failed top-up was debited; the refund window is still open.
//!
//! What it detects: the same situation as R001 (a top-up that did not reach the wallet, with
//! a matching bank debit and no refund yet), while the refund window (default 7 days after
//! the debit) has not yet passed — or the bank statements end before it does, so a refund may
//! have arrived unseen.
//!
//! Why it matters: the money is probably on its way back, but only probably. Knowing the date
//! by which it should arrive tells the user when to stop waiting and complain.
//!
//! Example: a WeChat Pay top-up of 800.00 on 2026-10-29 failed with `系统维护中`; the ICBC
//! statement shows the 800.00 debit on 2026-10-29; the statement ends 2026-10-31, and the
//! refund is due by 2026-11-05.
//!
//! Advice: wait until the refund deadline and check the card's statement for the refund; if
//! it has not arrived by then, contact the wallet's customer service with the time, amount,
//! order number and error message.

use super::describe::{bank_row, particulars, rivals_note, top_up, top_up_sentence, wallet_support};
use super::r001_debited_not_credited::unrefunded;
use super::{Context, Rule};
use crate::finding::{Finding, Severity};

pub const RULE: Rule = Rule {
    code: "R005",
    slug: "awaiting-refund",
    severity: Severity::Medium,
    summary: "a failed top-up was debited; the refund window is still open",
    source: include_str!("r005_awaiting_refund.rs"),
    check,
};

fn check(ctx: &Context) -> Vec<Finding> {
    unrefunded(ctx)
        .filter(|u| !u.window_seen)
        .filter_map(|u| {
            let (t, debit) = (u.top_up, u.debit);
            let due = u.deadline.format("%Y-%m-%d").to_string();
            let title = ctx.t(
                format!("Failed top-up debited {}; refund due by {due}", debit.money),
                format!("充值失败但已扣款 {}，退款应于 {due} 前到账", debit.money),
            );
            let message = ctx.t(
                format!("{} did not reach the wallet; the bank statement shows a {} and no refund yet.{}", top_up_sentence(ctx, t), bank_row(ctx, debit), rivals_note(ctx, t)),
                format!("{} 未到账；银行账单中有 {}，尚未退款。{}", top_up(ctx, t), bank_row(ctx, debit), rivals_note(ctx, t)),
            );
            // Past the deadline, the refund may sit on a statement the audit was not given.
            let first = if u.deadline <= ctx.now {
                let ends = statement_end(ctx, debit).map(|e| e.format("%Y-%m-%d").to_string()).unwrap_or_default();
                ctx.t(
                    format!("The {} statement ends on {ends}, before the refund was due: export it up to {due} and re-run the audit to see whether the {} came back.", debit.account, debit.money),
                    format!("{} 的账单只到 {ends}，早于退款期限：请导出截至 {due} 的账单后重新审计，确认 {} 是否已退回。", debit.account, debit.money),
                )
            } else {
                ctx.t(
                    format!("Watch the card's statement for a refund of {} by {due}; money taken for a failed top-up usually comes back within a few working days.", debit.money),
                    format!("请在 {due} 前留意银行卡是否收到 {} 的退款；充值失败被扣的钱通常会在几个工作日内退回。", debit.money),
                )
            };
            let advice = vec![
                first,
                ctx.t(
                    format!("If there is no refund by {due}, call {}, giving: {}.", wallet_support(ctx, t.provider.as_deref()), particulars(ctx, t)),
                    format!("如果 {due} 前仍未退回，请致电{}，并提供：{}。", wallet_support(ctx, t.provider.as_deref()), particulars(ctx, t)),
                ),
            ];
            u.finding(ctx, &RULE, title, message, advice)
        })
        .collect()
}

/// The end of the statement period that holds the debit.
fn statement_end(ctx: &Context, debit: &crate::model::Transaction) -> Option<chrono::DateTime<chrono::FixedOffset>> {
    ctx.recon.coverage.periods(&debit.account).iter().find(|c| c.contains(debit.time.at)).map(|c| c.to)
}
