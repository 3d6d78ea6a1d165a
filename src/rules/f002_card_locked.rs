//! F002 card-locked: card frozen, blocked, lost or stolen.
//!
//! What it detects: failed top-ups refused because the card is stopped: ISO 8583 `41`
//! (lost), `43` (stolen), `62` (restricted), `04`/`07` (pick up), `36`; gateway `lost_card`,
//! `stolen_card`, `pickup_card`, `restricted_card`, `stop_payment_order`; messages such as
//! `卡已冻结`, `已锁定`, `挂失`, `止付`, `卡状态异常`, `已注销`, `frozen`, `card blocked`, `lost
//! card`, `stolen`, `suspended`. The card's state wins over its reason: "card frozen due to
//! risk" is F002, not F009, because the card must be unblocked before anything else works.
//!
//! Why it matters: the bank has stopped the card. Every top-up and card payment fails until
//! it is unblocked or replaced, and a block for suspected fraud, or a loss report the user did
//! not make, may mean someone else has the card details.
//!
//! Example: `2026-03-04 21:13:05, 500.00, failed, 工商银行(9876), 62, 卡已冻结` gives "Card
//! locked: 1 failed top-up with 工商银行(9876)", severity high, account `icbc:9876`.
//!
//! Advice: call the card service of the issuing bank with the time and error, ask why the
//! card is blocked and have it unfrozen or re-issued; do not retry until the bank confirms.

use super::failures::Wording;
use super::{Context, Rule};
use crate::finding::{Cause, Finding, Severity};

pub const RULE: Rule = Rule {
    code: "F002",
    slug: "card-locked",
    severity: Severity::High,
    summary: "card frozen, blocked, lost or stolen",
    source: include_str!("f002_card_locked.rs"),
    check,
};

/// Title and advice templates (placeholders: see `failures::Wording`).
pub const WORDING: Wording = Wording {
    name: ["Card locked", "银行卡被冻结或止付"],
    advice: &[
        [
            "Call the card service of {bank} about {card}: the bank reported {raw} {times}; ask why the card is blocked and have it unfrozen or a new card issued.",
            "请致电{bank}咨询{card}的状态：该卡的充值被银行拒绝（{times}），失败原因：{raw}。请询问卡片被冻结或止付的原因，并办理解冻或补发新卡。",
        ],
        [
            "Do not retry with {card} until the bank confirms it works again. If you did not report it lost or stolen yourself, tell the bank at once: someone else may have your card details.",
            "在银行确认该卡恢复正常之前，请勿再用{card}重试。如果您本人并未挂失该卡，请立即告知银行：您的卡信息可能已被他人掌握。",
        ],
    ],
};

fn check(ctx: &Context) -> Vec<Finding> {
    super::failures::check(ctx, &RULE, Cause::CardLocked, &WORDING)
}
