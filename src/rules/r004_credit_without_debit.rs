//! R004 credit-without-debit: the wallet shows a card-funded top-up, the card's statement covers that time, but no debit matches.
//!
//! What it detects: a successful top-up funded by a bank card whose statement was given and
//! covers the top-up's time plus the posting delay (default 3 days), yet no debit of that
//! amount to the wallet provider appears in it.
//!
//! Why it matters: either the statement is incomplete (rows missing: see D003), the top-up
//! was charged to another card than the wallet says, or the wallet credited money the bank
//! never sent, which the wallet may later claw back.
//!
//! Example: the Alipay export shows `2026-10-08 14:30 充值-普通充值 2000.00 工商银行储蓄卡(4321)`
//! but the ICBC statement of card 4321 for October has no 2000.00 debit to 支付宝.
//!
//! Advice: check the statement is complete (export it again for the whole period, and look
//! for D003 findings); check other cards; if the bank truly has no debit, ask the wallet's
//! customer service which card was charged.

use super::describe::{particulars, top_up, wallet_support, with_top_up_rows};
use super::identity::top_up_keys;
use super::{Context, Rule};
use crate::finding::{Finding, Severity};
use crate::model::Status;

pub const RULE: Rule = Rule {
    code: "R004",
    slug: "credit-without-debit",
    severity: Severity::Medium,
    summary: "the wallet shows a card-funded top-up, the card's statement covers that time, but no debit matches",
    source: include_str!("r004_credit_without_debit.rs"),
    check,
};

fn check(ctx: &Context) -> Vec<Finding> {
    ctx.recon
        .top_ups
        .iter()
        .filter(|t| t.status == Status::Success && t.wallet.is_some() && t.debit.is_none() && t.bank_covered == Some(true))
        // A debit in another currency that prints none in the top-up's may be it: unchecked.
        .filter(|t| t.foreign_debit.is_none())
        .filter_map(|t| {
            let card = t.method_label();
            let title = ctx.t(
                format!("Top-up of {} from {card} has no matching bank debit", t.money),
                format!("从{card}充值的 {} 在银行账单中找不到对应扣款", t.money),
            );
            let message = ctx.t(
                format!("The wallet credited {}, but the card's statement, which covers that time, has no debit of that amount to the wallet.", top_up(ctx, t)),
                format!("{} 已在钱包入账，但覆盖该时段的银行卡账单中没有这笔金额的扣款。", top_up(ctx, t)),
            );
            let advice = vec![
                ctx.t(
                    format!("Export the statement of {card} again for the whole period and check that it is complete; a D003 finding, if there is one, shows where rows are missing."),
                    format!("请重新导出{card}整个期间的账单，确认账单完整；如有 D003 问题，说明账单有缺行。"),
                ),
                ctx.t(
                    format!("If the bank really has no such debit, ask {} which card was charged for this top-up, giving: {}.", wallet_support(ctx, t.provider.as_deref()), particulars(ctx, t)),
                    format!("如果银行确实没有这笔扣款，请向{}询问这笔充值实际从哪张卡扣款，并提供：{}。", wallet_support(ctx, t.provider.as_deref()), particulars(ctx, t)),
                ),
            ];
            let account = t.card_account().unwrap_or_else(|| card.clone());
            let f = with_top_up_rows(ctx, Finding::new(&RULE, &top_up_keys(ctx, t)?, title, message), t);
            Some(f.account(account).with_money(&t.money).advice(advice))
        })
        .collect()
}
