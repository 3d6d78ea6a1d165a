//! R007 amount-mismatch: the matched debit differs from the top-up by more than the fee tolerance.
//!
//! What it detects: a top-up matched to a bank debit (same card, provider and posting window)
//! whose amount differs from the top-up's by more than the fee tolerance (default 0.1 % or
//! 0.01, whichever is larger) but less than `mismatch_ratio` (10 %), so that it is still the
//! same movement.
//!
//! Why it matters: an unexpected fee, a currency conversion, or an overcharge. Small
//! differences add up, and an overcharge is refundable only if noticed.
//!
//! Example: a WeChat Pay top-up of 600.00 on 2026-09-30, matched to an ICBC debit of 606.00
//! the same day: 6.00 more than credited.
//!
//! Advice: ask the bank what the extra amount is (a fee? a conversion?) and, if it is not a
//! fee you agreed to, ask the wallet's customer service to refund the difference.

use super::describe::{bank_row, bank_support, particulars, top_up, top_up_sentence, wallet_support, with_top_up_rows};
use super::identity::top_up_keys;
use super::{Context, Rule};
use crate::finding::{Finding, Severity, role};
use crate::model::Money;
use rust_decimal::Decimal;

pub const RULE: Rule = Rule {
    code: "R007",
    slug: "amount-mismatch",
    severity: Severity::Medium,
    summary: "the matched debit differs from the top-up by more than the fee tolerance",
    source: include_str!("r007_amount_mismatch.rs"),
    check,
};

fn check(ctx: &Context) -> Vec<Finding> {
    let mut out = Vec::new();
    for t in &ctx.recon.top_ups {
        let Some(debit) = t.debit.and_then(|d| ctx.tx(d)) else { continue };
        // A debit in another currency was matched through an amount a statement prints in the
        // other one: that amount is what to compare, in its currency, never the two currencies.
        let Some((claimed, debited)) = compared(ctx, t, debit) else { continue };
        let diff = debited - claimed.amount;
        if diff.abs() <= ctx.settings.fee_tolerance(claimed.amount) {
            continue;
        }
        let difference = Money::new(diff.abs(), claimed.currency.clone());
        let (more, more_zh) = if diff > rust_decimal::Decimal::ZERO { ("more", "多") } else { ("less", "少") };
        let title = ctx.t(
            format!("Bank debited {} for a {} top-up", debit.money, t.money),
            format!("充值 {}，银行却扣款 {}", t.money, debit.money),
        );
        let message = ctx.t(
            format!(
                "{} was matched to a {}: {difference} {more} than the wallet credited.",
                top_up_sentence(ctx, t),
                bank_row(ctx, debit)
            ),
            format!("{} 对应银行 {}，比钱包入账{more_zh} {difference}。", top_up(ctx, t), bank_row(ctx, debit)),
        );
        let advice = vec![
            ctx.t(
                format!(
                    "Call {} and ask what explains the difference of {difference} between the top-up and the {}.",
                    bank_support(ctx, &debit.account),
                    bank_row(ctx, debit)
                ),
                format!(
                    "请致电{}，询问 {}与充值金额相差 {difference} 的原因。",
                    bank_support(ctx, &debit.account),
                    bank_row(ctx, debit)
                ),
            ),
            // Charged more: the difference is the user's to claim. Charged less: the wallet
            // credited money it did not receive and may take it back.
            {
                let (support, details) = (wallet_support(ctx, t.provider.as_deref()), particulars(ctx, t));
                if diff > rust_decimal::Decimal::ZERO {
                    ctx.t(
                        format!("If it is not a fee you agreed to, ask {support} to refund the difference, giving: {details}."),
                        format!("如果这不是您认可的费用，请向{support}申请退还差额，并提供：{details}。"),
                    )
                } else {
                    ctx.t(
                        format!("The wallet credited {difference} more than the bank sent; ask {support} whether it will take the difference back, giving: {details}."),
                        format!("钱包入账比银行扣款多 {difference}；请向{support}确认是否会扣回差额，并提供：{details}。"),
                    )
                }
            },
        ];
        let at_risk = (diff > rust_decimal::Decimal::ZERO).then(|| difference.clone());
        let Some(keys) = top_up_keys(ctx, t) else { continue };
        let mut f = with_top_up_rows(ctx, Finding::new(&RULE, &keys, title, message), t)
            .evidence(debit, role::BANK_DEBIT)
            .account(debit.account.clone())
            .with_money(&difference)
            .advice(advice);
        f.at_risk = at_risk;
        out.push(f);
    }
    out
}

/// The top-up's amount and the debit's, in one currency: the debit's own or the one it prints
/// in the top-up's currency, else the top-up's wallet's conversion into the debit's currency.
fn compared(ctx: &Context, t: &crate::reconcile::TopUp, debit: &crate::model::Transaction) -> Option<(Money, Decimal)> {
    if let Some(debited) = debit.amount_in(&t.money.currency) {
        return Some((t.money.clone(), debited));
    }
    let converted =
        t.rows().filter_map(|r| ctx.tx(r)?.original.clone()).find(|o| o.currency == debit.money.currency)?;
    Some((converted, debit.money.amount))
}
