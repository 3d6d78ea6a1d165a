//! F005 bank-limit: single/daily limit exceeded or e-payments restricted by the bank.
//!
//! What it detects: failed top-ups refused by a limit the bank sets on the card: ISO 8583
//! `61` (exceeds amount limit), `65` (exceeds frequency limit), `57` (not permitted to
//! cardholder), `58` (not permitted to terminal); gateway `card_velocity_exceeded`,
//! `withdrawal_count_limit_exceeded`, `transaction_not_allowed`, `card_not_supported`;
//! messages such as `超过单笔限额`, `超过日累计限额`, `超限`, `未开通无卡支付`, `未开通网上支付
//! 功能`, `limit exceeded`, `not enabled`, `online payments disabled`, `not permitted`.
//! `日累计额度不足` is a limit; a bare `额度不足` (credit used up) is F001.
//!
//! Why it matters: amounts above the card's online-payment cap, or any amount while
//! card-not-present payments are off, fail every time until the limit changes; the user sees
//! only a failed top-up.
//!
//! Example: `2026-03-04 21:13:05, 5000.00, failed, 工商银行(9876), 61, 超过单笔限额` gives "Bank
//! limit reached: 1 failed top-up with 工商银行(9876)".
//!
//! Advice: ask the bank to raise the single or daily e-payment limit or to enable 无卡支付 /
//! 快捷支付 for the card; meanwhile split the amount, wait for the daily reset or use another
//! card.

use super::failures::Wording;
use super::{Context, Rule};
use crate::finding::{Cause, Finding, Severity};

pub const RULE: Rule = Rule {
    code: "F005",
    slug: "bank-limit",
    severity: Severity::Low,
    summary: "single/daily limit exceeded or e-payments restricted by the bank",
    source: include_str!("f005_bank_limit.rs"),
    check,
};

/// Title and advice templates (placeholders: see `failures::Wording`).
pub const WORDING: Wording = Wording {
    name: ["Bank limit reached", "超出银行限额或功能未开通"],
    advice: &[
        [
            "{attempts} from {card} failed {times} with {raw}: ask {bank} to raise the per-transaction and daily online-payment limits of {card} (in the bank's app, by phone or at a branch), or to enable card-not-present (无卡支付) or quick (快捷支付) payments.",
            "{card}有 {attempts}失败（{times}），失败原因：{raw}。请通过手机银行、客服电话或网点联系{bank}，提高该卡的单笔和单日网上支付限额，或开通无卡支付/快捷支付。",
        ],
        [
            "Meanwhile split the amount into smaller top-ups within the limit, wait for the daily limit to reset, or use another card.",
            "在此之前，可以把金额拆成限额内的几笔分别充值、等次日限额恢复后再充，或改用其他银行卡。",
        ],
    ],
};

fn check(ctx: &Context) -> Vec<Finding> {
    super::failures::check(ctx, &RULE, Cause::BankLimit, &WORDING)
}
