//! R002 duplicate-debit: the bank was debited more than once for one top-up.
//!
//! What it detects: a top-up that succeeded and was matched one-to-one to a bank debit, while
//! the same card's statement shows another debit of the same amount to the same wallet
//! provider within the posting window that nothing else explains, and no refund of it.
//!
//! Why it matters: a double charge is real money gone; it happens with retries, network
//! glitches and duplicate submissions, and is refunded only when someone asks.
//!
//! Example: a WeChat Pay top-up of 1000.00 on 2026-09-25 11:20 was credited once, but the
//! ICBC statement shows two 1000.00 debits to 财付通 on 2026-09-25.
//!
//! Advice: ask the wallet's customer service to refund the duplicate debit, quoting the
//! top-up's time, amount and order number and both statement lines; if they refuse, raise a
//! dispute with the bank.

use super::describe::{bank_row, bank_support, particulars, top_up, top_up_sentence, wallet_support, with_top_up_rows};
use super::identity::top_up_keys;
use super::{Context, Rule};
use crate::finding::{Finding, Severity, role};
use crate::model::Money;

pub const RULE: Rule = Rule {
    code: "R002",
    slug: "duplicate-debit",
    severity: Severity::High,
    summary: "the bank was debited more than once for one top-up",
    source: include_str!("r002_duplicate_debit.rs"),
    check,
};

fn check(ctx: &Context) -> Vec<Finding> {
    let mut out = Vec::new();
    for t in ctx.recon.top_ups.iter().filter(|t| !t.extra_debits.is_empty()) {
        let Some(first) = t.debit.and_then(|d| ctx.tx(d)) else { continue };
        let Some(extras) = t.extra_debits.iter().map(|&d| ctx.tx(d)).collect::<Option<Vec<_>>>() else { continue };
        let Some(keys) = top_up_keys(ctx, t) else { continue };
        let extra_total = Money::new(
            extras.iter().fold(rust_decimal::Decimal::ZERO, |sum, d| sum.saturating_add(d.money.amount)),
            first.money.currency.clone(),
        );
        let times = extras.len() + 1;
        let lines: Vec<String> = extras.iter().map(|d| bank_row(ctx, d)).collect();
        let title = ctx.t(
            format!("Bank debited {} {times} times for one top-up", first.money),
            format!("一笔充值被银行扣款 {times} 次，每次 {}", first.money),
        );
        let message = ctx.t(
            format!(
                "{} was debited {times} times: the {}, and the duplicate {}.",
                top_up_sentence(ctx, t),
                bank_row(ctx, first),
                lines.join("; ")
            ),
            format!(
                "{} 被银行扣款 {times} 次：{}；重复扣款为 {}。",
                top_up(ctx, t),
                bank_row(ctx, first),
                lines.join("；")
            ),
        );
        let advice = vec![
            ctx.t(
                format!(
                    "Call {} and ask for the duplicate {extra_total} to be refunded, giving: {}.",
                    wallet_support(ctx, t.provider.as_deref()),
                    particulars(ctx, t)
                ),
                format!(
                    "请致电{}，要求退还重复扣除的 {extra_total}，并提供：{}。",
                    wallet_support(ctx, t.provider.as_deref()),
                    particulars(ctx, t)
                ),
            ),
            ctx.t(
                format!(
                    "If the wallet will not refund it, call {} and dispute the {}.",
                    bank_support(ctx, &first.account),
                    lines.join("; ")
                ),
                format!(
                    "如果钱包方不予退还，请致电{}，对 {}提出异议并申请退款。",
                    bank_support(ctx, &first.account),
                    lines.join("；")
                ),
            ),
        ];
        let mut f =
            with_top_up_rows(ctx, Finding::new(&RULE, &keys, title, message), t).evidence(first, role::BANK_DEBIT);
        for d in &extras {
            f = f.evidence(d, role::DUPLICATE_BANK_DEBIT);
        }
        out.push(f.account(first.account.clone()).with_money(&extra_total).at_risk(extra_total.clone()).advice(advice));
    }
    out
}
