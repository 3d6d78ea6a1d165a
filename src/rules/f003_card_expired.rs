//! F003 card-expired: card expired or damaged.
//!
//! What it detects: failed top-ups refused because the card has expired or is damaged:
//! ISO 8583 `54` and `33` (expired card); gateway `expired_card`; messages such as `卡已过期`,
//! `超过有效期`, `卡片已失效`, `卡片损坏` / `卡片已损坏`, `Card expired`, `expiry`. A mistyped expiry date
//! (`有效期错误`, `invalid_expiry_month`) is F004, and an expired SMS code (`验证码已过期`) is
//! F006.
//!
//! The cause is also inferred for a card whose top-ups succeeded up to some day and have only
//! failed since, with at least two failures on later days that record no code and no message
//! (and no success or pending attempt after the last success). Such a card may equally be
//! locked (F002): the finding has `cause_inferred: true` and its message says so, with the
//! date of the last success.
//!
//! Why it matters: the wallet still holds the old card, so manual and automatic top-ups keep
//! failing until the card is replaced and updated in the wallet.
//!
//! Example: `2026-03-04 09:30:00, 200.00, failed, 招商银行(1234), 54, 卡片已过期` gives "Card
//! expired or damaged: 1 failed top-up with 招商银行(1234)".
//!
//! Advice: ask the bank for a replacement card if none has arrived, then update the expiry
//! date in the wallet or unbind the old card and bind the new one.

use super::failures::Wording;
use super::{Context, Rule};
use crate::finding::{Cause, Finding, Severity};

pub const RULE: Rule = Rule {
    code: "F003",
    slug: "card-expired",
    severity: Severity::Medium,
    summary: "card expired or damaged",
    source: include_str!("f003_card_expired.rs"),
    check,
};

/// Title and advice templates (placeholders: see `failures::Wording`).
pub const WORDING: Wording = Wording {
    name: ["Card expired or damaged", "银行卡过期或损坏"],
    advice: &[
        [
            "{card} was refused as expired or damaged {times} ({raw}): if you have no replacement card yet, ask {bank} for one.",
            "{card}因卡片过期或损坏被拒（{times}），失败原因：{raw}。如果尚未收到新卡，请向{bank}申请换卡。",
        ],
        [
            "Once you have the new card, update it in {wallet}: enter the new expiry date, or unbind {card} and bind the new card, then top up again.",
            "拿到新卡后，请在{wallet}中更新银行卡信息：填写新的有效期，或解绑{card}后绑定新卡，然后再充值。",
        ],
    ],
};

fn check(ctx: &Context) -> Vec<Finding> {
    super::failures::check(ctx, &RULE, Cause::CardExpired, &WORDING)
}
