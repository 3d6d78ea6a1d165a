//! R003 orphan-bank-debit: a bank debit to a wallet provider with no matching top-up attempt, while the wallet's records cover that time.
//!
//! What it detects: a debit on a bank statement whose counterparty is a wallet provider
//! (支付宝, 财付通, …) that matches no top-up, no card-funded wallet payment and no attempt,
//! although the wallet's own statement covers the days in which it would have to appear. It
//! was not refunded either. Debits outside the wallet's coverage are not claimed.
//!
//! Why it matters: money went to a wallet for something the owner's records do not show: an
//! entry the owner never made (a stolen card bound to someone else's wallet), another
//! household member's wallet, or a payment missing from the export.
//!
//! Example: ICBC shows `2026-10-05 快捷支付 200.00 支付宝（中国）网络技术有限公司`, while the
//! Alipay export for September–October has nothing of 200.00 around that day.
//!
//! Advice: check whether anyone in the household made it from another wallet account; if not,
//! treat it as unauthorized: call the bank to freeze the card and dispute the debit, and ask
//! the wallet's customer service which account received it.

use super::describe::{bank_row, bank_support, wallet, wallet_support};
use super::{Context, Rule};
use crate::finding::{Finding, Severity, role};

pub const RULE: Rule = Rule {
    code: "R003",
    slug: "orphan-bank-debit",
    severity: Severity::High,
    summary: "a bank debit to a wallet provider with no matching top-up attempt, while the wallet's records cover that time",
    source: include_str!("r003_orphan_bank_debit.rs"),
    check,
};

fn check(ctx: &Context) -> Vec<Finding> {
    ctx.recon
        .orphan_debits
        .iter()
        .filter_map(|&d| ctx.tx(d))
        .map(|debit| {
            let w = wallet(ctx, debit.provider.as_deref());
            let row = bank_row(ctx, debit);
            let logged = ctx.ledger.inputs.iter().any(|i| i.side == crate::model::Side::Attempts);
            let (also, also_zh) = if logged { (" or in the attempt log", "和充值记录") } else { ("", "") };
            let title = ctx.t(
                format!("Bank debit of {} to {w} matches no top-up or payment", debit.money),
                format!("银行向{w}扣款 {}，找不到对应的充值或支付", debit.money),
            );
            let message = ctx.t(
                format!("The {row} went to {w}, but there is no matching top-up or card payment in the {w} statement{also}, although the statement covers that time."),
                format!("{row}的收款方是{w}，但覆盖该时段的{w}账单{also_zh}中没有对应的充值或银行卡支付。"),
            );
            let advice = vec![
                ctx.t(
                    format!("Ask your household whether anyone paid {} on {} from another {w} account that has this card bound to it.", debit.money, ctx.when(debit)),
                    format!("请先向家人确认：{} 是否有人在绑定了这张卡的另一个{w}账户中支付了 {}。", ctx.when(debit), debit.money),
                ),
                ctx.t(
                    format!("If nobody did, call {} at once: have the card frozen and dispute the {row}; then ask {} which account received the money.", bank_support(ctx, &debit.account), wallet_support(ctx, debit.provider.as_deref())),
                    format!("如果没有，请立即致电{}，冻结该卡并对 {row}提出异议；然后向{}查询收款账户。", bank_support(ctx, &debit.account), wallet_support(ctx, debit.provider.as_deref())),
                ),
            ];
            Finding::new(&RULE, &[super::identity::row(debit)], title, message)
                .evidence(debit, role::BANK_DEBIT)
                .spanning([debit])
                .account(debit.account.clone())
                .with_money(&debit.money)
                .at_risk(debit.money.clone())
                .advice(advice)
        })
        .collect()
}
