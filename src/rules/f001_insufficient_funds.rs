//! F001 insufficient-funds: top-ups failed for lack of balance.
//!
//! What it detects: failed top-ups whose error says the funding card or account lacked the
//! money: ISO 8583 code `51`, gateway `insufficient_funds`, wallet codes such as WeChat Pay's
//! `NOTENOUGH`, and messages like `余额不足`, `可用余额不足`, `额度不足` (a credit line used up),
//! `Insufficient funds`, `NSF`. Failures are grouped by funding method: one finding per card,
//! with every failed attempt as evidence and the total attempted as its amount.
//!
//! The cause is also inferred for a failure that records no code and no message, when its
//! amount exceeds the card's balance at that moment: the latest balance the card's bank
//! statement prints before the attempt (for date-only statements such as ICBC, the balance
//! at the end of the previous day, or before the first row of the same day when the
//! statement starts that day). The statement must cover the attempt; a debited attempt is
//! never inferred to lack funds. Such a finding has `cause_inferred: true`, its message says
//! which attempts were inferred and from what ("500.00 CNY exceeded the card's balance of
//! 320.15 CNY on 2026-09-07"), and the statement row is evidence (`balance before`).
//!
//! Why it matters: the top-up keeps failing until the card is funded, and each retry adds a
//! decline that banks and wallets count toward their risk limits. No money moved, so it is
//! low severity.
//!
//! Example: the attempt log has `2026-03-04 21:13:05, 500.00, failed, 工商银行(9876), 51, 余额不足`
//! and the same again at 21:15. F001 reports one finding, "Insufficient funds: 2 failed top-ups
//! with 工商银行(9876)", amount 1000.00 CNY, with both rows as evidence.
//!
//! Advice: make sure the card has enough money (or, for a credit card, available credit)
//! before retrying, or top up from another card or pay from the wallet balance; the advice
//! quotes the card, the times, the amounts and the error as recorded.

use super::failures::Wording;
use super::{Context, Rule};
use crate::finding::{Cause, Finding, Severity};

pub const RULE: Rule = Rule {
    code: "F001",
    slug: "insufficient-funds",
    severity: Severity::Low,
    summary: "top-ups failed for lack of balance",
    source: include_str!("f001_insufficient_funds.rs"),
    check,
};

/// Title and advice templates (placeholders: see `failures::Wording`).
pub const WORDING: Wording = Wording {
    name: ["Insufficient funds", "余额不足"],
    advice: &[
        [
            "Make sure {card} has enough money before retrying: {attempts} failed {times} with {raw}.",
            "请先确保{card}余额充足再重试。此前 {attempts}失败（{times}），失败原因：{raw}。",
        ],
        [
            "If {card} is a credit card, check its available credit; otherwise top up from another card, or pay with your balance in {wallet}.",
            "如果{card}是信用卡，请查看其可用额度；也可以改用其他银行卡充值，或直接用{wallet}余额支付。",
        ],
    ],
};

fn check(ctx: &Context) -> Vec<Finding> {
    super::failures::check(ctx, &RULE, Cause::InsufficientFunds, &WORDING)
}
